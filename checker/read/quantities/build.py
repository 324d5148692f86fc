"""Stage 6, kind and interval: decide the kind (percent > money > duration > ordinal > year >
cardinal), the interval (widths from ``Semantics``), what a bare count counts ("22 goals") and
what a rate is per ("$5 a gallon"); cut the span out of the text into a ``Quantity``.
"""

from __future__ import annotations

from checker.core.model import Quantity
from checker.core.settings import Semantics

from .context import Context, regular_plural
from .modifiers import compound_hyphen
from .record import Num, year_like
from .tokens import DASHES, INF
from .units import unit_at, unit_name


def interval(v: float, mod: str | None, sem: Semantics) -> tuple[float, float, str, bool, bool]:
    """(low, high, approx, low_open, high_open) for value ``v`` under modifier ``mod``."""
    w, floor = abs(v), (0.0 if v >= 0 else -INF)
    if mod == "about":
        return v - sem.approximate * w, v + sem.approximate * w, "approximate", False, False
    if mod == "nearly":
        return v - sem.nearly * w, v, "approximate", False, False
    if mod == "just_under":  # "just under 50 percent": below the figure, by at most `nearly`
        return v - sem.nearly * w, v, "approximate", False, True
    if mod == "just_over":  # "just over $300,000": above it, by at most as much
        return v, v + sem.nearly * w, "approximate", True, False
    if mod in ("ge", "gt"):
        return v, INF, "lower_bound", mod == "gt", False
    if mod in ("le", "lt"):
        return floor, v, "upper_bound", False, mod == "lt"
    return v, v, "exact", False, False


def build_quantity(c: Context, q: Num) -> Quantity | None:
    """Decide kind and interval, and cut the span out of the original text."""
    kind, mod, p = q.kind or ("ordinal" if q.ordinal else "cardinal"), q.mod, q.p
    if kind == "cardinal" and (q.year_rng or year_like(q) and q.b == q.cb and mod is None):
        before = c.low(q.a - 1)
        cue = before in c.lex.year_cues or before in c.lex.year_prefixes or before in c.lex.months
        if q.year_rng or cue or not c.count_noun(q.b, 1):  # "2006 United Nations", "2000 troops"
            kind = "year"
    if kind in ("ordinal", "year") and not q.rng:
        mod, p = None, q.a  # "around 2006": the year, not an interval of years
    lex = c.lex
    one_day = kind == "duration" and c.lows[q.a] in lex.adverbial_one and q.unit == "day"
    one_day = one_day and not q.rng and c.low(q.b) not in lex.relative_time_words  # "one day after"
    half = c.back(q.b, lex.half_after) is not None  # "took a year and a half"
    if (
        (q.article or one_day)
        and not half
        and mod is None
        and c.low(p - 1) not in c.lex.duration_cues
    ):
        return None  # "a year later", the adverbial "one day"
    if q.vague or q.rng:
        low, high, approx, lo_open, hi_open = q.lo, q.hi, "range", False, False
        value = q.lo if q.vague else q.value
    else:
        low, high, approx, lo_open, hi_open = interval(q.value, mod, c.sem)
        value = q.value
    if value != value or abs(value) == INF:
        return None
    s, e = c.st[p], c.en[q.b - 1]
    unit = q.unit
    if unit is None and kind == "cardinal":
        # "dozens of people", "tens of thousands of students", "a few people"
        k = q.b + 1 if q.vague and c.low(q.b) in c.lex.of_words else q.b
        cur = c.lex.cur_suf.table.get((c.low(k),)) if k > q.b else None
        if cur:
            kind, unit = "money", cur  # "millions of dollars"
        else:
            unit = _counted_noun(c, k, value == 1 and not q.vague)
    return Quantity(
        text=c.text[s:e], start=s, end=e, value=value, low=low, high=high, kind=kind,
        unit=unit, approx=approx, direction=q.direction, readings=q.readings, notes=q.notes,
        vague=q.vague, low_open=lo_open, high_open=hi_open,
        per=_per(c, q.b) if kind in ("cardinal", "money", "percent", "duration") else None,
    )  # fmt: skip


def _each(c: Context, j: int) -> bool:
    """An amount per member from token ``j``: "$500 each.", "for each of the two companies"."""
    got = c.fwd(j, c.lex.each_words)  # "each", "for each"
    k = got[0] if got else -1
    return got is not None and (k >= c.n or c.typ[k] == "p" or c.low(k) in c.lex.of_words)


def _per(c: Context, k: int) -> str | None:
    """What the figure ending before token ``k`` is counted per, within five words:
    "8,000 victims a day" -> day, "$6 per share" -> share, "$80 per sq m" -> square metre."""
    lex = c.lex
    unit = unit_at(c, k)
    start = unit[1] if unit else k  # "140 km/h" is a speed, not a rate per hour
    for j in range(start, min(start + 5, c.n)):
        w = c.lows[j]
        if w in lex.rate_adverbs:
            return lex.rate_adverbs[w]
        if j == start and _each(c, j):
            return "each"  # "$800,000 for each of the two companies", "$500 each"
        if w in lex.rate_words or w == "/" and c.glued(j) and j + 1 < c.n and c.glued(j + 1):
            x = j + 1 + (c.low(j + 1) == "-" and c.glued(j + 2))  # "£24 a-year"
            time = lex.time.get(c.low(x))
            if time and c.low(x + 1) not in lex.rate_not_before:
                return time
            unit = unit_at(c, x)
            if unit:
                return unit[0]  # "$80 per sq m", "$5 a gallon"
            if c.low(x) in lex.rate_nouns:
                return c.lows[x]  # "72 cents a share"
            word = x < c.n and c.typ[x] == "w" and c.toks[x].islower()
            per = w in lex.rate_base_words  # "per": any noun or number after it
            if (per or w == "/") and word and c.lows[x] not in lex.words:
                return c.lows[x]  # "per century"
            if per and x < c.n and (c.typ[x] == "d" or c.lows[x] in lex.words):
                noun = _counted_noun(c, x + 1, False)  # "20.1 per 100,000 live births"
                return f"{c.lows[x]} {noun}" if noun else c.lows[x]
            return None
        if c.toks[j] in DASHES and c.glued(j) and j + 1 < c.n and c.glued(j + 1):
            continue  # "a 12-cent-a-share dividend"
        of = w in lex.of_words and c.typ[j - 1] == "w" and c.low(j + 2) in lex.rate_words
        if of and c.toks[j + 1].isalpha() and c.toks[j + 1].islower():
            continue  # "1 million barrels of oil per day", "two cups of coffee a day"
        if c.typ[j] != "w" or w in lex.noun_stops or w in lex.function_words:
            return None
    return None


def negated(c: Context, j: int) -> bool:
    """Token ``j`` is the verb of a contraction with "n't" ("won't", "doesn't"), no noun."""
    toks = c.toks
    if j + 2 >= c.n or toks[j + 1] not in ("'", "’") or c.lows[j + 2] != "t":
        return False
    return c.glued(j + 1) and c.glued(j + 2)


def _counted_noun(c: Context, k: int, one: bool) -> str | None:
    """What a bare count counts: the first plural within three words ("22 goals", "seven
    European countries", "460 Kia and Hyundai vehicles"), a unit ("87 mph"), the noun after
    "one", or what "one of the" is one among ("one of the best wireless speakers")."""
    lex = c.lex
    if not lex.counted_nouns:
        return None
    unit = unit_name(c, k)
    if unit:
        return unit
    if compound_hyphen(c, k) and c.typ[k + 2 : k + 3] == ["w"]:
        w = c.lows[k + 1]  # "a 12-page report", "a five - term senator": the noun after the hyphen
        if not (w in lex.function_words or w in lex.words or w in lex.hyphen_not_nouns):
            return c.toks[k + 1]
    end = k + 3
    if one and c.low(k) in lex.of_words and c.low(k + 1) in lex.function_words:
        k, end, one = k + 2, k + 6, False
    j = k
    while j < min(end, c.n):
        w = c.lows[j]
        if w in lex.and_words and j > k and c.typ[j - 1] == "w":  # "digital and physical sales"
            j, end = j + 1, end + 1
            continue
        if c.typ[j] != "w" or w in lex.noun_stops or w in lex.function_words:
            return None
        if negated(c, j):
            return None  # "two won't pass"
        if j == k and (w in lex.measure_suffixes or one and c.toks[j].islower()):
            return lex.letter_units.get(w, c.toks[j])
        if w in lex.irregular_plurals or regular_plural(w) and w not in lex.not_plurals:
            return c.toks[j]
        j += 1
    return None
