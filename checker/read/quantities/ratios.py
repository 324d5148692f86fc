"""Stage 3, ratios: "one in three", "2 out of 5", "3:2", "5: 2: 1". Input: a ``Num``; output:
a new ``Num`` (n/m) or None when there is no ratio. May set ``Context.chain``.
"""

from __future__ import annotations

from .context import Context
from .core import number_at
from .record import Num
from .tokens import DASHES


def read_ratio(c: Context, q: Num) -> Num | None:
    """ "one in three", "six in 10", "2 out of 5": a proportion, read as n/m."""
    if q.vague or q.ordinal or q.article or q.kind or q.value != int(q.value) or q.value < 1:
        return None
    colon = _colon_ratio(c, q)
    if colon is not None:
        return colon
    got = c.fwd(q.b, c.lex.ratio) or _hyphen_ratio(c, q.b)
    to = q.b + 1 < c.n and c.lows[q.b] in c.lex.cued_ratio_words
    if got is None and to and _ratio_cue(c, q.a):
        got = (q.b + 1, "cue")  # "the ratio of girls to boys is 3 to 4": 3/4, not a range
    if got is None or got[0] >= c.n:
        return None
    lows, k = c.lows, got[0]
    q2 = number_at(c, k)
    if q2 is None or q2.vague or q2.ordinal or q2.article or q2.kind or q2.scale > 1:
        return None
    m, after = q2.value, lows[q2.b] if q2.b < c.n else ""
    proper = q.value < m or got[1] == "cue" and m > 0  # "a ratio of 3 to 1"
    if m != int(m) or not proper or m > 1000 or after in c.lex.time or c.fwd(q2.b, c.lex.percent):
        return None  # "5 in 10 days", "931 in 2015"; "led 52 over 45" is no ratio
    r = Num(q.a, q2.b, q.value / m, digits=q.digits)
    r.unit = None
    return r


def _hyphen_ratio(c: Context, j: int) -> tuple[int, object] | None:
    """ "a two-in-three chance", "a 1-in-5 risk", also spaced as tokenised text prints it
    ("one - in - five"): the ratio word between two hyphens, as (end, value) like ``fwd``."""
    if j >= c.n or c.toks[j] not in DASHES or c.glued(j) != c.glued(j + 1):
        return None
    got = c.fwd(j + 1, c.lex.ratio)
    k = got[0] if got else c.n
    if k + 1 >= c.n or c.toks[k] not in DASHES or c.glued(k) != c.glued(j):
        return None
    return (k + 1, got[1]) if c.glued(k + 1) == c.glued(j) else None


def _ratio_cue(c: Context, a: int) -> bool:
    """Does "ratio" come earlier in the sentence (at most 20 tokens back)?"""
    for k in range(a - 1, max(c.floor, a - 20) - 1, -1):
        if c.lows[k] in c.lex.ratio_cues:
            return True
        if c.toks[k] in (".", ";", "?", "!") or c.typ[k] == "d":
            return False
    return False


def _colon_ratio(c: Context, q: Num) -> Num | None:
    """ "a ratio of 4:3", "2: 3": n:m read as n/m. "10:30" and "9:05" are times, not ratios.

    A ratio of three or more terms, "5: 2: 1", is no single number: each term is read as a
    count of its own (``c.chain`` marks the tokens of the terms still to come).
    """
    if q.a < c.chain:
        return q
    k = q.b + 1
    if not q.digits or k >= c.n or c.toks[q.b] != ":" or c.typ[k] != "d":
        return None
    if (end := _ratio_chain(c, q.a)) is not None:
        c.chain = end
        return q
    m_text = c.toks[k]
    if not m_text.isdigit() or m_text.startswith("0") or len(m_text) > 4:
        return None
    if c.glued(k) and len(m_text) == 2 and q.value <= 24:
        return None  # a time of day
    if k + 1 < c.n and c.toks[k + 1] == ":" and c.glued(k + 1):
        return None  # "1:30:00"
    r = Num(q.a, k + 1, q.value / int(m_text), digits=True)
    r.unit = None
    return r


def _ratio_chain(c: Context, i: int) -> int | None:
    """End of "5: 2: 1" (three or more terms n:m:k, each 1-3 digits with no leading zero)
    starting at token ``i``, or None. Written without spaces, a two-digit term makes it a
    time ("12:15:45"), not a ratio."""
    toks, n, k, terms, spaced = c.toks, c.n, i, 1, False
    while k + 2 < n and toks[k + 1] == ":" and c.typ[k + 2] == "d":
        t = toks[k + 2]
        if not t.isdigit() or len(t) > 3 or t[0] == "0":
            return None
        spaced = spaced or not (c.glued(k + 1) and c.glued(k + 2))
        if not spaced and len(t) == 2:
            return None
        k, terms = k + 2, terms + 1
    ok = terms >= 3 and toks[i].isdigit() and len(toks[i]) <= 3 and toks[i][0] != "0"
    return k + 1 if ok else None
