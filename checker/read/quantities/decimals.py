"""Decimals said in words: the digits after "point" / "coma" / "virgule"."""

from __future__ import annotations

from .context import Context


def decimal_tail(c: Context, k: int, read) -> tuple[float, int] | None:
    """The digits after "point" / "coma" / "virgule": "zero three" = .03, "seventy-one" = .71."""
    lex, lows, n, digits, j = c.lex, c.lows, c.n, "", k
    while j < n and (e := lex.words.get(lows[j])) and e[1] in "zu" and len(digits) < 12:
        digits, j = digits + str(int(e[0])), j + 1
    if len(digits) == 1 and j < n and lows[j] in lex.words:
        digits, j = "", k  # "point seventy-one" starts like "point seven"
    if not digits and k < n:
        q = read(c, k)
        if q is None or q.ordinal or q.value != int(q.value) or q.value >= 1e12:
            return None
        digits, j = str(int(q.value)), q.b
    return (float("0." + digits), j) if digits else None
