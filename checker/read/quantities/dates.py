"""Dates, tried before numbers: "Oct. 1", "7 October", "Oct 7, 2023", "7. Oktober", ISO."""

from __future__ import annotations

import datetime as dt

from checker.core.model import Quantity

from .context import Context
from .tokens import MONTH_NAMES


def _mk_date(c: Context, a: int, b: int, month: int, day: int, year: int | None):
    try:  # year 2000 is a leap year, so "Feb. 29" without a year is fine
        value = float(
            dt.date(year, month, day).toordinal() if year else dt.date(2000, month, day).day
        )
    except (ValueError, OverflowError):
        return None
    s, e = c.st[a], c.en[b - 1]
    return Quantity(c.text[s:e], s, e, value, value, value, kind="date", unit=MONTH_NAMES[month]), b


def _month(c: Context, j: int) -> int | None:
    if j >= c.n or c.typ[j] != "w" or c.lex.month_cap and not c.toks[j][0].isupper():
        return None  # English "may" and "march" are words; "May" needs a day after it anyway
    return c.lex.months.get(c.lows[j])


def _int_at(c: Context, j: int, lo: int, hi: int, width: tuple[int, ...]) -> int | None:
    t = c.toks[j] if j < c.n and c.typ[j] == "d" else ""  # ASCII digits only: "²".isdigit()
    return int(t) if t.isdigit() and len(t) in width and lo <= int(t) <= hi else None


def date_at(c: Context, i: int):
    """ "Oct. 1", "October 7th, 2023", "7 October", "the 7th of October", "7. Oktober", ISO."""
    toks, lows, n, lex = c.toks, c.lows, c.n, c.lex
    if c.typ[i] == "w":
        month = _month(c, i)
        j = i + 1 + (i + 1 < n and toks[i + 1] == "." and c.glued(i + 1))
        day = _int_at(c, j, 1, 31, (1, 2)) if month else None
        if day is None:
            return None
        k = j + 1 + (j + 1 < n and c.glued(j + 1) and lows[j + 1] in lex.ordinal_suffixes)
        if k < n and (toks[k] in ("%", ":", "/") and c.glued(k) or lows[k] in lex.scales):
            return None
        year = _int_at(c, k + 1, 1000, 2999, (4,)) if k < n and toks[k] == "," else None
        return _mk_date(c, i, k + 2 if year else k, month, day, year)
    iso = i + 4 < n and len(toks[i]) == 4 and toks[i + 1] == toks[i + 3] == "-"
    if iso and all(c.glued(x) for x in range(i + 1, i + 5)):  # 2023-10-07
        m, d = _int_at(c, i + 2, 1, 12, (1, 2)), _int_at(c, i + 4, 1, 31, (1, 2))
        return _mk_date(c, i, i + 5, m, d, int(toks[i])) if m and d and toks[i].isdigit() else None
    day = _int_at(c, i, 1, 31, (1, 2))
    if day is None:
        return None
    j = i + 1
    if j < n and c.glued(j) and (lows[j] in lex.ordinal_suffixes or lex.day_dot and toks[j] == "."):
        j += 1
    j += (
        j < n and lows[j] in lex.date_connectors and _month(c, j + 1) is not None
    )  # "7th of October"
    month = _month(c, j)
    if month is None:
        return None
    k = j + 1 + (j + 1 < n and toks[j + 1] == "." and c.glued(j + 1) and len(lows[j]) <= 4)
    kk = k + (k < n and lows[k] in lex.date_connectors)  # "7 de octubre de 2023"
    year = _int_at(c, kk, 1000, 2999, (4,))
    return _mk_date(c, i, kk + 1 if year else k, month, day, year)
