"""Stage 3, ranges: "10-20", "between 10 and 20", "two or three", ranges of ranks. Input: the
``Num`` of the first number; output: a new ``Num`` for the range, the input unchanged, or None
(a score "3-1"). May set ``Context.ahead`` and ``Context.pending``.
"""

from __future__ import annotations

from .context import Context
from .core import number_at
from .modifiers import direction_before
from .record import Num
from .tokens import DASHES


def read_range(c: Context, q: Num) -> Num | None:
    """Join "10-20", "between 10 and 20", "two or three"; None drops a score like "3-1"."""
    if q.ordinal:
        return _ordinal_range(c, q) or q
    if q.vague or q.article or q.kind:
        return q
    toks, lows, n, lex = c.toks, c.lows, c.n, c.lex
    got_pct = c.fwd(q.b, lex.percent)  # "10%-20%", "five per cent to 20 per cent"
    pct = got_pct is not None
    j = got_pct[0] if got_pct else q.b
    if j + 1 >= n:
        return q
    unit = lows[j] if not pct and c.typ[j] == "w" and not c.glued(j) else ""
    measure = unit in lex.measure_suffixes or unit in lex.time or (unit,) in lex.cur_suf.table
    if unit and (measure or c.count_noun(j, 1)):
        j += 1  # "between 20 mg and 40 mg", "from 3 days to 5 days": the unit said twice
        if j + 1 >= n:
            return q
    else:
        unit = ""
    sep, a0 = lows[j], q.a - (c.low(q.a - 1) in lex.cur_pre.last)
    before, neg1 = c.low(a0 - 1), False
    if (before in lex.negators or before in ("-", "−") and c.glued(a0)) and sep in lex.range_and:
        a0, neg1 = a0 - 1, True  # "between negative ten and fifteen", "between -5 and 5"
        before = c.low(a0 - 1)
    if sep in lex.range_and:
        if before not in lex.range_between:
            return q
    elif sep in lex.range_words:
        if before not in lex.range_from and direction_before(c, a0):
            return q  # "rose 5% to 7%"
    elif sep not in DASHES:
        return q
    k = j + 1
    neg2 = sep in lex.range_and and k + 1 < n
    neg2 = neg2 and (lows[k] in lex.negators or toks[k] in ("-", "−") and c.glued(k + 1))
    k += neg2  # "between -20 and -10"
    cur2 = lows[k] in lex.cur_pre.last
    k += cur2
    if k >= n or cur2 and (a0 == q.a or sep in lex.alternatives):
        return q  # "$20 or $50 notes": two amounts, not a range
    q2 = number_at(c, k)
    c.ahead = (k, q2)  # "5, 10 - 20": the next candidate reuses this parse
    if q2 is None or q2.vague or q2.ordinal or q2.article or q2.kind:
        return q
    if pct and not c.fwd(q2.b, lex.percent) or unit and c.low(q2.b) != unit:
        return q
    if before in lex.range_from and sep in lex.range_words and direction_before(c, a0 - 1):
        c.pending[j + 1] = direction_before(c, a0 - 1)  # "rose from 10 to 20": 20 is the new level
        return q
    lo, hi = -q.value if neg1 else q.value, -q2.value if neg2 else q2.value
    if q2.scale > 1 and q.scale == 1 and lo * q2.scale <= hi:
        lo *= q2.scale  # "5-10 million"
    glued_dash = sep in DASHES and c.glued(j) and c.glued(k)
    year_rng = bool(q.plain and q2.plain and len(q.plain) == 4 and 1800 <= lo <= 2100)
    if year_rng and glued_dash and len(q2.plain) == 2:
        hi = lo // 100 * 100 + hi  # "2023-24"
    if not lo < hi:
        return None if glued_dash else q
    third = q2.b + 1 < n and toks[q2.b] in DASHES and c.glued(q2.b) and c.typ[q2.b + 1] == "d"
    if glued_dash and third:
        return None  # 555-123-4567
    r = Num(q.a - neg1, q2.b, (lo + hi) / 2, digits=q.digits)
    r.rng, r.lo, r.hi = True, lo, hi
    r.unit = q2.unit or q.unit
    r.year_rng = year_rng and hi <= 2100 and len(q2.plain) in (2, 4)
    r.readings, r.notes = q.readings + q2.readings, tuple(dict.fromkeys(q.notes + q2.notes))
    return r


def _ordinal_range(c: Context, q: Num) -> Num | None:
    """ "between the tenth and the fifteenth", "between 3rd and 8th", "higher than 3rd but
    lower than 8th": a range of ranks."""
    lex = c.lex
    a = q.a - (c.low(q.a - 1) in lex.articles or c.low(q.a - 1) in lex.definite_articles)
    if q.b >= c.n:
        return None
    k = q.b + 1
    if c.low(a - 1) in lex.range_between and c.lows[q.b] in lex.range_and:
        pass
    elif (lo := c.back(a, lex.mods)) and lo[1] in ("gt", "ge") and c.lows[q.b] in lex.bound_joins:
        hi = c.fwd(k, lex.mods)  # "higher than the tenth but lower than the fifteenth"
        if not hi or hi[1] not in ("lt", "le"):
            return None
        a, k = lo[0], hi[0]
    else:
        return None
    k += c.low(k) in lex.articles or c.low(k) in lex.definite_articles
    q2 = number_at(c, k) if k < c.n else None
    if q2 is None or not q2.ordinal or not q.value < q2.value or c.count_noun(q2.b, 2):
        return None  # but "between the first and second world wars": two wars, not ranks
    r = Num(a, q2.b, (q.value + q2.value) / 2, digits=q.digits)
    r.rng, r.ordinal, r.lo, r.hi = True, True, q.value, q2.value
    return r
