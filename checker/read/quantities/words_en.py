"""Stage 2b, number words read with the *ordered* grammar (English): which category may
follow which (``_EN_NEXT``), "and" inside numbers, fractions with any ordinal as denominator
("three twenty-firsts"), "and a half". Input: a Context and a token; output: a ``Num``.
"""

from __future__ import annotations

from .context import Context
from .decimals import decimal_tail
from .record import Num
from .tokens import INF


def and_fraction_en(c: Context, k: int, scale: bool = False) -> tuple[float, int] | None:
    """After "and": "a half", "a third", "three quarters", "eleven sixteenths", "fifty-four
    hundredths" at token ``k``: (value, end). "and a thirtieth" is left alone: a lone ordinal
    after "and a" reads as an ordinal more often than as a fraction. After a ``scale`` word
    the last two forms are not read ("one hundred and thirty-two fifths" is 132/5)."""
    lex, lows = c.lex, c.lows
    if k + 1 >= c.n:
        return None
    e, m = lex.words.get(lows[k]), k + 1
    if e and e[1] == "T" and m + 1 < c.n and c.toks[m] == "-" and c.glued(m) and c.glued(m + 1):
        u = lex.words.get(lows[m + 1])
        if u and u[1] == "u" and m + 2 < c.n and lows[m + 2] in lex.frac:
            f = lows[m + 2]  # "two and fifty-four hundredths"
            # after "hundred and", only a decimal denominator: "three hundred and twenty-five
            # hundredths" is 300.25 (as on a cheque), "hundred and thirty-two fifths" is 132/5
            d = lex.frac[f]
            decimal = d in (10, 100, 1000) and e[0] + u[0] < d
            ok = f.endswith("s") and (not scale or decimal)
            return ((e[0] + u[0]) / d, m + 3) if ok else None
    w, f = lows[k], lows[k + 1]
    o = lex.ordinals.get(f[:-1]) if f.endswith("s") and f not in lex.frac else None
    if o and o[0] >= 3 and e and e[1] in "ut" and e[0] > 1 and not scale:
        return e[0] / o[0], k + 2  # "four and eleven sixteenths"
    if f not in lex.frac:
        return None
    if k + 2 < c.n and c.toks[k + 2] == "-" and c.glued(k + 2):
        return None  # "and a half-dozen eggs"
    if (w in lex.article_numbers or w in lex.ones) and not f.endswith("s"):
        return 1.0 / lex.frac[f], k + 2
    if e and e[1] in "ut" and e[0] > 1 and f.endswith("s"):  # "six and eleven twelfths"
        return e[0] / lex.frac[f], k + 2
    return None


def word_fraction(c: Context, q: Num) -> Num:
    """ "two thirds", "one-eighth", "twenty-three fifths": the count divides by the fraction.

    English denominators may be any ordinal: "three twenty-firsts" (3/21), "one one hundred
    fifth" (1/105), "a hundred trillionths"; a plural ordinal after a tens word takes that
    word as its own ("one hundred thirty-fifths" is 100/35, as "thirty-fifths" is a unit).
    """
    lex, j = c.lex, q.b
    if j + 1 < c.n and c.toks[j] == "-" and c.glued(j) == c.glued(j + 1):
        j += c.glued(j) or c.lows[j + 1] in lex.frac  # "one-eighth", "five - eighths"
    f = c.lows[j] if j < c.n else ""
    if q.value != int(q.value) or q.value < 1 or periods_counted(c, q.a, j):
        return q
    if f not in lex.frac:
        return _ordinal_fraction(c, q, j)
    if f.endswith("s") if q.value > 1 else not f.endswith("s") or c.lows[q.a] in lex.ones:
        t = q.b - 1  # "one hundred thirty fifths": the tens word belongs to the denominator
        # "hundred and thirty": the tens word is no part of the denominator
        split = t > q.a and f.endswith("s") and c.lows[t - 1] not in lex.connectors
        e = lex.words.get(c.lows[t]) if split else None
        if e and e[1] == "T" and (d := ordinal_denominator(c, t)) and d[0] > e[0]:
            q.value, q.b = (q.value - e[0]) / d[0], d[1]
            return q
        q.value, q.b = q.value / lex.frac[f], j + 1
        of_a = c.low(q.b) in lex.scale_of and c.low(q.b + 1) in lex.article_numbers
        if of_a and q.value < 1:
            e = lex.words.get(c.low(q.b + 2))  # "two thirds of a million"
            if e and e[1] == "s":
                q.value, q.b = q.value * e[0], q.b + 3
        elif q.value < 1 and (e := lex.words.get(c.low(q.b))) and e[1] == "s":
            q.value, q.b = q.value * e[0], q.b + 1  # "two thirds million"
    return q


def periods_counted(c: Context, a: int, f: int) -> bool:
    """ "the past two quarters", "the next three quarters": periods counted, not 2/4 or 3/4
    (but "the last three quarters of a mile" is a fraction)."""
    lex = c.lex
    return (
        c.low(f) in lex.period_fractions
        and c.low(a - 1) in lex.period_cues
        and c.low(f + 1) not in lex.of_words
    )


def ordinal_denominator(c: Context, j: int) -> tuple[float, int, bool] | None:
    """An English ordinal at token ``j`` used as a denominator: (value, end, plural)."""
    d = read_words_en(c, j, j, 0.0, plural=True)
    if d is None or not d.ordinal or d.value < 3 or d.value != int(d.value):
        return None
    if d.b < c.n and c.toks[d.b] == "-" and c.glued(d.b):
        return None  # "one twentieth-century writer"
    last = c.lows[d.b - 1]
    return d.value, d.b, last not in c.lex.ordinals


def _ordinal_fraction(c: Context, q: Num, j: int) -> Num:
    """ "three twenty-firsts", "one twenty-fifth", "one one hundred fifth"."""
    d = ordinal_denominator(c, j) if j < c.n else None
    if d and (d[2] if q.value > 1 else not d[2]):
        q.value, q.b = q.value / d[0], d[1]
    return q


#: English number-word grammar: which category may follow which (None = at the start).
#: z zero, u 1-9, t 10-19, T tens, h hundred, s scale, d dozen, x "and a half".
_EN_NEXT = {None: "zutTh", "u": "hsd", "t": "hsd", "T": "uhs", "h": "utTs", "s": "utT", "x": "s"}


def read_words_en(c: Context, start: int, k: int, group: float, plural: bool = False) -> Num | None:
    """English number words: "fifty-one", "one hundred and twenty", "two million one thousand".

    With ``plural`` a plural ordinal ends the number too ("twenty-firsts", for denominators).
    """
    W, ORD, AND, lows, n = c.lex.words, c.lex.ordinals, c.lex.connectors, c.lows, c.n
    total, prev, last_scale, end, ordinal = 0.0, ("u" if group else None), INF, None, False
    tail = 0.0  # the units and tens after the group's hundred: "four hundred and three dozen"
    while k < n and k - start < 40:
        w = lows[k]
        if w == "-" and prev == "T" and k + 1 < n:
            e = W.get(lows[k + 1]) or ORD.get(lows[k + 1])
            if c.glued(k) and c.glued(k + 1) or e and e[1] == "u" and not c.glued(k + 1):
                k += 1  # fifty-one; "fifty - two" with spaces, before a unit word only
                continue
        joins = w in AND and not plural and prev in ("u", "t", "T", "h", "s")
        if joins and (fr := and_fraction_en(c, k + 1, prev in ("h", "s"))):  # not in a denominator
            if prev == "s":  # "one million and a half"
                sub = W.get(lows[fr[1]]) if fr[1] < n else None
                if (
                    sub and sub[1] == "s" and sub[0] < last_scale
                ):  # "two billion and a half million"
                    total, fr = total + fr[0] * sub[0], (fr[0], fr[1] + 1)
                else:
                    total += fr[0] * last_scale
            else:  # "two and a half", "forty two and a third"
                group += fr[0]
            prev, k = "x", fr[1]
            end = k
            continue
        if w in AND and prev in ("h", "s") and k + 1 < n:
            e = W.get(lows[k + 1]) or ORD.get(lows[k + 1])
            if not e or e[1] not in "utT":
                break
            k += 1  # one hundred and twenty
            continue
        e, is_ord = W.get(w), False
        if e is None:
            e, is_ord = ORD.get(w), True
            if e is None and plural and w.endswith("s"):
                e = ORD.get(w[:-1])  # "twenty-firsts", "trillionths"
        nexts = _EN_NEXT.get(prev, "") + ("s" if prev is None and is_ord else "")  # "millionth"
        stack = e and e[1] == "s" and w in c.lex.stacking_scales and prev == "s" and not group
        if stack and not is_ord and total and e[0] > last_scale:  # "five lakh crore"
            total, last_scale, k, end = total * e[0], last_scale * e[0], k + 1, k + 1
            continue
        if e is None or e[1] not in nexts or e[1] == "s" and e[0] >= last_scale:
            break
        if e[1] == "d" and group >= 100 and 0 < tail < 100:  # "four hundred and three dozen"
            group, tail, prev, k, end = group + tail * (e[0] - 1), 0.0, "d", k + 1, k + 1
            continue
        if e[1] in "hd" and group >= 100:
            break  # "one hundred and one hundred" is two numbers
        v, cat = e
        if cat in "utTz":
            group += v
            tail = tail + v if prev in ("h", "u", "t", "T") and group >= 100 else 0.0
        elif cat in "hd":
            group, tail = (group or 1.0) * v, 0.0
        else:
            total, group, last_scale = total + (group or 1.0) * v, 0.0, v
        prev, k, end, ordinal = cat, k + 1, k + 1, is_ord
        if is_ord:
            break
    if end is None:
        return None
    value = total + group
    point = not ordinal and end < n and lows[end] in c.lex.decimal_words and prev != "x"
    if point and (
        tail := decimal_tail(c, end + 1, _read_en)
    ):  # "five point five", "point zero three"
        value, end, prev = value + tail[0], tail[1], "x"
    q = Num(start, end, value)
    q.ordinal = ordinal
    if prev == "s" and not ordinal and last_scale < INF:
        q.scale = last_scale  # "four to five thousand": the scale reaches back to "four"
    return q


def _read_en(c: Context, k: int) -> Num | None:
    """English number words at token ``k`` (a reader for ``decimal_tail``)."""
    return read_words_en(c, k, k, 0.0)
