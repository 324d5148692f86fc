"""Stage 2a, numbers written with digits: separators ("1,234.5", "1.234,5", "7 500"),
fractions ("3/4", "2 1/4", "2½"), powers ("1.3e6", "1.99×10−30", "1.1^23"), ordinal suffixes
("3rd"), scale words and letters after the digits ("4 million", "£5m", "4.75 k"), letters
glued to them ("5%", "115USD", "15kHz"). Input: a Context and a digit token; output: a
``Num`` or None.
"""

from __future__ import annotations

import math
import re

from .context import Context
from .record import Num
from .tokens import GLUED_SCALES, VULGAR_FRACTIONS
from .units import unit_at
from .words_en import and_fraction_en, read_words_en
from .words_intl import and_fraction_intl, read_words_intl

_EN_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")


_EN_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


_EN_INDIAN = re.compile(r"[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?:\.[0-9]+)?")


_DOT3 = re.compile(r"[0-9]{1,3}\.[0-9]{3}")


_DOTS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")


_COMMA_DEC = re.compile(r"[0-9]+,[0-9]+")


_COMMA_SHORT = re.compile(r"[0-9]{1,3},[0-9]{1,2}")


_GROUP3 = re.compile(r"[0-9]{3}(?:[.,][0-9]+)?")


_MAX_DIGITS = 40  # longer digit runs (also grouped: "1 000 000 ...") are ids, not amounts


_GROUP_GAPS = {"\u00a0", "\u202f", "\u2009"}  # "7 500" with a (narrow) no-break space


#: a letter after a space scales only a number written with a separator ("4.75 k", "2,310.5 M");
#: "G" and "T" are left out: "4.5 G" is a g-force, "1.5 T" a magnet
_SPACED_SCALES = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9}


def _read_digits(s: str, continental: bool) -> tuple[float, float | None, str | None] | None:
    """Value of a digit token, the other reading if its separators are ambiguous, and why."""
    if s.isdigit():
        return float(s), None, None
    if continental:  # 1.234,5 / 2,3 / 7.500; English-style 1,234.5 or 2.3 is read as written
        if _DOTS.fullmatch(s) or _COMMA_DEC.fullmatch(s):
            return float(s.replace(".", "").replace(",", ".")), None, None
        if _EN_PLAIN.fullmatch(s) or _EN_GROUPED.fullmatch(s) or _EN_INDIAN.fullmatch(s):
            return float(s.replace(",", "")), None, None
        return None
    if _EN_PLAIN.fullmatch(s):  # "7.500" is 7.5, or 7,500 written the continental way
        alt = float(s.replace(".", "")) if _DOT3.fullmatch(s) else None
        return float(s), alt, alt and "dot"
    if _EN_GROUPED.fullmatch(s) or _EN_INDIAN.fullmatch(s):
        return float(s.replace(",", "")), None, None
    if _DOTS.fullmatch(s):  # 1.234.567 or 1.234,5: only the continental reading exists
        return float(s.replace(".", "").replace(",", ".")), None, "cont"
    if _COMMA_SHORT.fullmatch(s):  # "2,3": a decimal comma, or 23 with a stray separator
        return float(s.replace(",", ".")), float(s.replace(",", "")), "comma"
    return None


def _english_money(c: Context, i: int) -> bool:
    """A currency sign written just before the digits at ``i``, the English way ("$", "€",
    "US$"), of a currency not written with dot groups in English copy (rupiah is)."""
    got = c.back(i, c.lex.cur_pre)
    return got is not None and str(got[1]).lower() not in c.lex.dot_grouped_currencies


def digits_at(c: Context, i: int) -> Num | None:
    """Digits, French/SI space groups, an ordinal suffix or scale words after them."""
    lex, toks, n = c.lex, c.toks, c.n
    s, j = toks[i], i + 1
    if len(s) <= 3 and s.isdigit():  # "7 500", "1 234 567,5" with (no-break) spaces as groups
        # a plain space groups digits where the language does so, or in runs of 2+ groups
        run = j + 1 < n and c.typ[j] == c.typ[j + 1] == "d" and c.text[c.en[j] : c.st[j + 1]] == " "
        run = run and len(toks[j]) == 3 and _GROUP3.fullmatch(toks[j + 1]) is not None
        # one group: "40 000 people", but not "020 555" nor a list "12 345 678 9"
        one = j < n and c.typ[j] == "d" and len(toks[j]) == 3 and toks[j].isdigit()
        one = one and s[0] != "0" and c.text[c.en[i] : c.st[j]] == " "
        one = one and (i == 0 or c.typ[i - 1] != "d")
        one = one and not (j + 1 < n and c.glued(j + 1) and c.typ[j + 1] == "w")  # "3 100m"
        run = run or one and (j + 1 >= n or c.typ[j + 1] != "d")
        while (
            j < n
            and c.typ[j] == "d"
            and "," not in s
            and "." not in s
            and _GROUP3.fullmatch(toks[j])
        ):
            gap = c.text[c.en[j - 1] : c.st[j]]
            if gap not in _GROUP_GAPS and not ((lex.space_groups or run) and gap == " "):
                break
            s, j = s + toks[j], j + 1
    if len(s) > _MAX_DIGITS:
        return None
    a = i
    dec_mark = "," if lex.continental else "."
    if s.isdigit() and i > 0 and c.glued(i) and toks[i - 1] == dec_mark and not c.glued(i - 1):
        a, s = i - 1, "0." + s  # ".25", ",08": a decimal without its leading zero
    read = _read_digits(s, lex.continental) if a == i else (float(s), None, None)
    if read is None:
        return None
    value, alt, amb = read
    if s.isdigit() and (frac := _digit_fraction(c, i)):  # "3/4", "2 1/4"
        value, j = frac
        s = s + "/"
    elif s.isdigit() and j < n and c.glued(j) and toks[j] in VULGAR_FRACTIONS:  # "2½"
        value, j = value + VULGAR_FRACTIONS[toks[j]], j + 1
        s = s + "/"
    if (sci := _exponent(c, j)) is not None:  # "1.3e6", "1.99×10−30", "6.23x10^-4"
        value, j = _times_ten_to(value, sci[0]), sci[1]
        s, alt, amb = s + "e", None, None
    if (pw := _power(c, j)) is not None:  # "1.1^23", "2.5^-1"
        try:
            value, j = float(value ** pw[0]), pw[1]
        except (OverflowError, ZeroDivisionError):
            return None
        s, alt, amb = s + "^", None, None
    q = Num(a, j, value, digits=True)
    q.plain = s if s.isdigit() and j == i + 1 and a == i else None
    if j < n and c.glued(j) and c.lows[j] in lex.ordinal_suffixes and s.isdigit():
        q.ordinal, q.b = True, j + 1
        return q
    scale, notes, ff_ratio = 1.0, [], None
    for _ in range(3):
        w = c.lows[j] if j < n else ""
        if (
            w == "-" and j + 1 < n and c.glued(j) and c.glued(j + 1)
            and lex.scales.get(c.lows[j + 1], 0) >= 1e6
        ):  # fmt: skip
            j, w = j + 1, c.lows[j + 1]  # "its $325-million bond": a compound adjective
        plural = w[:-1] if w.endswith("s") and w not in lex.after_digits else ""
        if lex.scales.get(plural, 0) >= 1e6 and j > i and c.typ[j - 1] == "d":
            w = plural  # "US$ 10 billions" (a translator's plural) after the digits only
        if w not in lex.after_digits:
            break
        sc = lex.scales.get(w)
        # "5 k" is not 5,000, but "4.75 k" and "2,310.5 M" are: a separator says amount
        loose = not c.glued(j) and len(w) == 1
        sep = not s.isdigit() and "/" not in s and "e" not in s and "^" not in s
        if loose and not (sep and toks[j] in _SPACED_SCALES and scale == 1):
            sc = None
        elif loose:
            sc = _SPACED_SCALES[toks[j]]
        money = c.low(i - 1) in lex.cur_pre.last  # "£5m", "5m people" (but "100m sprint")
        money = money or i > 0 and toks[i - 1] in lex.mangled_currency and c.glued(i)
        big = toks[j] in ("M", "B", "MM") or w == "b" and dec_mark in s  # "4.3M sales", "1.2b"
        # "2.7m combined sales": a decimal before "m" is millions, unless a size follows
        big = big or w == "m" and dec_mark in s and c.low(j + 1) not in lex.dimension_words
        noun = w != "mm" and c.count_noun(j + 1)  # "5mm bolts" are millimetres
        if sc is None and w in GLUED_SCALES and c.glued(j) and (money or big or noun):
            sc = GLUED_SCALES[w]  # "US$ 3MM", "$5mm": millions
        if sc is None and w in GLUED_SCALES and money and loose and w != "t":
            sc = GLUED_SCALES[w]  # "$ 4.5 m": after a currency sign a spaced "m" is millions too
        if sc is None and w in lex.false_friends:
            sc, other = lex.false_friends[w]
            notes.append("scale-false-friend")
            ff_ratio = other and other / sc
        if sc is None:
            break
        scale, j = scale * sc, j + 1
        if w in lex.abbrev and len(w) > 1 and j < n and toks[j] == "." and c.glued(j):
            j += 1  # "5 Mrd. Euro"
    if j < n and c.glued(j) and c.typ[j] == "w":  # letters stuck to the number
        if c.lows[j] in lex.glued_percent:
            q.kind, q.unit, j = "percent", "%", j + 1
        elif (c.lows[j],) in lex.cur_suf.table and q.kind is None:  # "115USD"
            q.kind, q.unit, j = "money", lex.cur_suf.table[(c.lows[j],)], j + 1
        elif c.lows[j] in lex.time and len(c.lows[j]) > 1:  # "5hrs", "3yrs"
            q.kind, q.unit, j = "duration", lex.time[c.lows[j]], j + 1
        elif c.lows[j] in lex.measure_suffixes and toks[j] != "G":  # "4G" is a generation
            # "15kHz", "100km/hr", "8,586m": the unit's name; other letters as written
            q.unit, j = unit_at(c, j, glued=True) or (
                lex.letter_units.get(c.lows[j], toks[j]),
                j + 1,
            )
        else:
            return None  # "4G", "3D", "1990s", "5pm"
    if amb == "dot" and scale > 1 and _english_money(c, i):
        amb = None  # "$2.125 billion", "€1.250 million": an amount to three decimals of its scale
    if amb in ("dot", "comma"):  # only where "." is the decimal mark (not continental)
        if scale > 1 or c.count_noun(j):
            notes.append("continental-separator")
            q.readings = (alt * scale,)
        elif amb == "comma":
            return None  # "2,3" with no count after it is a list, not a number
    elif amb == "cont":
        notes.append("continental-separator")
    if ff_ratio:  # "5 billones": 5 * 10^12, or 5 * 10^9 if the translator meant "billion"
        q.readings += (value * scale * ff_ratio,)
    last = lex.words.get(c.lows[j - 1]) if s.isdigit() and scale >= 100 else None
    if last and last[1] in "hs" and (tail := _digit_scale_tail(c, j, last[0]))[0]:
        value, j = value + tail[0] / scale, tail[1]  # "4 thousand 3 hundred and 21"
    if scale >= 1000 and j + 1 < n and c.lows[j] in lex.connectors:
        fr = and_fraction_en(c, j + 1, True) if lex.ordered else and_fraction_intl(c, j + 1, False)
        if fr:  # "3 million and a half", "2 millones y medio", "3 millions et demi"
            value, j = value + fr[0], fr[1]
    if not math.isfinite(value * scale):
        return None  # "9e300 billion", "1e999": past what a float holds, no figure in the news
    q.value, q.scale, q.b = value * scale, scale, j
    q.notes = tuple(dict.fromkeys(notes)) if notes else ()
    return q


def _times_ten_to(value: float, power: int) -> float:
    """``value`` × 10^``power``; infinity past the float range ("1e999"), 0 below it."""
    try:
        return value * 10.0**power if power >= 0 else value / 10.0**-power
    except OverflowError:  # 10.0 ** 309 and above
        return math.inf if power > 0 else 0.0


def _digit_scale_tail(c: Context, j: int, last: float) -> tuple[float, int]:
    """What follows "4 thousand" or "3 hundred" in digits: "3 hundred", "and 21": (sum, end).

    French and Spanish join the units without a connector: "3 cent un", "4 mille 3 cents et 21".
    """
    add, n, lex = 0.0, c.n, c.lex
    while j < n:
        conn = c.lows[j] in lex.connectors
        k = j + (conn and (last == 100 or last >= 1000))
        if k < n and c.typ[k] == "w" and (k > j or not lex.ordered and last == 100):
            # "3 hundred and one"
            w = read_words_en(c, k, k, 0.0) if lex.ordered else read_words_intl(c, k)
            e = lex.words.get(c.lows[k])
            if w is None and not lex.ordered and e and e[1] in "utTn":
                w = Num(k, k + 1, e[0])  # "3 cent un": "un" is no article here
            # after a thousand or more, only hundreds join: "9 crore and three hundred", but
            # "$5 million and two years" is two quantities
            top = 100 if last == 100 else last if w and w.value >= 100 else 0
            if w and not w.ordinal and 0 < w.value < top and w.value == int(w.value):
                add, j = add + w.value, w.b
            break
        if k >= n or c.typ[k] != "d" or not c.toks[k].isdigit() or len(c.toks[k]) > 3:
            break
        v, e = int(c.toks[k]), c.lex.words.get(c.low(k + 1))
        if k == j and e and e[1] in "hs" and v > 0 and v * e[0] < last:
            add, last, j = add + v * e[0], e[0], k + 2
            continue
        if e and e[1] in "hs":
            break  # "3 hundred and 2 hundred" is two numbers
        if last == 100 and k > j and 0 < v < 100:  # "3 hundred and 21", but not "and 0"
            add, j = add + v, k + 1
        break
    return add, j


_FRACTION_DENOMINATORS = {2, 3, 4, 5, 6, 8, 10, 12, 16, 32, 64, 100}


_EXP_SIGNS = {"-": -1, "−": -1, "+": 1}


def _proper_fraction(c: Context, k: int) -> tuple[float, int] | None:
    """``n/d`` at token ``k`` with a usual denominator and n < d, not part of a date."""
    toks, n = c.toks, c.n
    if k + 2 >= n or toks[k + 1] != "/" or not (c.glued(k + 1) and c.glued(k + 2)):
        return None
    if (
        not (c.typ[k] == c.typ[k + 2] == "d" and toks[k].isdigit() and toks[k + 2].isdigit())
        or len(toks[k]) > 3
        or len(toks[k + 2]) > 3  # every usual denominator has at most 3 digits
    ):
        return None
    if k + 3 < n and c.glued(k + 3) and toks[k + 3] in ("/", "-", "."):
        return None  # 1/2/2020
    if k > 0 and c.glued(k) and toks[k - 1] == "/":
        return None
    num, den = int(toks[k]), int(toks[k + 2])
    if den not in _FRACTION_DENOMINATORS or not 0 < num < den:
        return None  # 9/11, 24/7
    return num / den, k + 3


def _digit_fraction(c: Context, i: int) -> tuple[float, int] | None:
    """ "3/4" at token ``i``, or a mixed number "2 1/4" starting there."""
    got = _proper_fraction(c, i)
    if got:
        return got
    spaced = i + 1 < c.n and not c.glued(i + 1) and c.typ[i + 1] == "d" and len(c.toks[i]) <= 3
    spaced = spaced and "\n" not in c.text[c.en[i] : c.st[i + 1]]
    if spaced and (got := _proper_fraction(c, i + 1)):
        return int(c.toks[i]) + got[0], got[1]
    return None


def _power(c: Context, j: int) -> tuple[int, int] | None:
    """ "^23", "^-1", "^--23" glued after the digits: (exponent, end)."""
    toks, n = c.toks, c.n
    if j + 1 >= n or toks[j] != "^" or not c.glued(j) or not c.glued(j + 1):
        return None
    k, sign = j + 1, 1
    while k < n and toks[k] in _EXP_SIGNS and c.glued(k) and k - j < 4:
        sign, k = sign * _EXP_SIGNS[toks[k]], k + 1
    if k >= n or not c.glued(k) or c.typ[k] != "d" or not toks[k].isdigit() or len(toks[k]) > 3:
        return None
    return sign * int(toks[k]), k + 1


def _exponent(c: Context, j: int) -> tuple[int, int] | None:
    """A power of ten glued after the digits: "e10", "e-1", "×10−30", "x10^6": (power, end)."""
    toks, lows, n = c.toks, c.lows, c.n
    if j + 1 >= n or not c.glued(j) or not c.glued(j + 1):
        return None
    k = j + 1
    if lows[j] == "e":
        pass
    elif lows[j] in ("x", "×") and toks[k] == "10":
        k += 1
        if k < n and toks[k] == "^" and c.glued(k):
            k += 1
    else:
        return None
    sign = 1
    if k < n and toks[k] in _EXP_SIGNS and c.glued(k):
        sign, k = _EXP_SIGNS[toks[k]], k + 1
    if k >= n or not c.glued(k) or c.typ[k] != "d" or not toks[k].isdigit() or len(toks[k]) > 3:
        return None
    return sign * int(toks[k]), k + 1
