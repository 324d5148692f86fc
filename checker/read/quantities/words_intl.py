"""Stage 2b, number words read with the *additive* grammar (French, German, Spanish,
Indonesian, Portuguese, Dutch): pieces that add up or multiply (``_add_pieces``), compounds
written as one word ("zweiundzwanzig"), denominators with a suffix ("vingt-et-unièmes").
Input: a Context and a token; output: a ``Num``.
"""

from __future__ import annotations

from .context import Context
from .decimals import decimal_tail
from .record import Num
from .tables import Lang
from .tokens import INF


def _fold(lex: Lang, seq: list[tuple]) -> float | None:
    """The value of a run of number words, each given as its pieces; None if not one number."""
    st = [0.0, 0.0, 0.0, (), INF]
    for pieces in seq:
        if not _add_pieces(lex, st, pieces, len(pieces) == 1):
            return None
    return st[0] + st[1]


def _frac_den(lex: Lang, w: str) -> float | None:
    """Denominator of a fraction word: "tercios" 3, "veintiunavos" 21, "cinquièmes" 5."""
    if w in lex.frac:
        return lex.frac[w]
    pieces = lex.frac_pieces(w)
    d = _fold(lex, [pieces]) if pieces else None
    return d if d and d >= 4 and d == int(d) else None


def _intl_ordinal_fraction(c: Context, i: int) -> Num | None:
    """Number words ending in an ordinal denominator: "trois vingt-et-unièmes" (3/21),
    "ciento treinta y tres veintiunavos" (133/21), "cent trente cinquièmes" (100/35).

    The count is the number read as usual, except that a tens word just before the ordinal
    goes with it ("un vingt cinquième" is 1/25) and so do words joined to it by a hyphen or
    "et" ("trois vingt-et-unièmes"). With no count left it is an ordinal ("le
    vingt-cinquième anniversaire"); "trois et un cinquième" is 3 + 1/5 (see
    ``and_fraction_intl``).
    """
    lex, lows, n = c.lex, c.lows, c.n
    run, joined, k, glue = [], [], i, False
    while k < n and k - i < 16:
        w = lows[k]
        if run and w in lex.connectors:
            compound = run[-1][-1][1] == "T" and lex.words.get(c.low(k + 1), (0,))[0] == 1
            if w in lex.fraction_joiners and not compound and and_fraction_intl(c, k + 1, True):
                return None  # "trois et un cinquième", but "soixante et un septième" is 61/7
            k, glue = k + 1, True
            continue
        if (pieces := (lex.words[w],) if w in lex.words else lex.split(w)) is None:
            break
        run.append(pieces)
        joined.append(glue)
        k, glue = k + 1, False
    den = lex.frac_pieces(lows[k]) if run and k < n else None
    if not den:
        return None
    cut = len(run)
    if glue:  # the ordinal is the end of a hyphenated or "et" compound
        cut -= 1
        while cut > 0 and joined[cut]:
            cut -= 1
    elif cut >= 2 and not joined[-1] and run[-1][-1][1] == "T" and den[0][1] == "u":
        cut -= 1  # "cent trente cinquièmes": 100/35
    elif cut >= 2 and lows[i] in lex.articles and lows[i + 1] in lex.bare_scales:
        cut = 1  # "un cent huitième": French never says "un cent", so 1/108
    num, d = _fold(lex, run[:cut]), _fold(lex, [*run[cut:], den])
    if cut == 0 and d is not None:
        q = Num(i, k + 1, d)  # "le vingt-cinquième anniversaire": an ordinal, not 20/5
        q.ordinal = True
        return q
    if cut == 0:
        cut, num, d = len(run), _fold(lex, run), _fold(lex, [den])  # "cinq-huitièmes"
    if lex.frac_plural and num and num > 1 and not lows[k].endswith("s"):
        return None  # "dos millonésimo" does not agree: no fraction
    if num and d and num >= 1 and num == int(num) and d >= 4 and d == int(d):
        return Num(i, k + 1, num / d)
    return None


def read_words_intl(c: Context, i: int) -> Num | None:
    """Lax number words for de/fr/es/id: additive pieces, hundreds, scales and compounds."""
    lex, lows, n = c.lex, c.lows, c.n
    if lex.frac_suffixes and (fr := _intl_ordinal_fraction(c, i)):
        return fr
    state, end, k, prev_cat = [0.0, 0.0, 0.0, (), INF], None, i, ""
    while k < n and k - i < 40:
        w = lows[k]
        if end is not None and w in lex.connectors:  # "vingt-et-un", "treinta y dos"
            m = k + 1
            while m < min(n, k + 3) and lows[m] in lex.connectors:
                m += 1
            fr = and_fraction_intl(c, m, w in lex.fraction_joiners)  # "trois et un cinquième"
            if fr:
                scale = state[3][-1][0] if prev_cat == "s" and state[3] else 1.0
                end = fr[1]
                sub = lex.words.get(lows[end]) if end < n and scale > 1 else None
                if sub and sub[1] == "s" and sub[0] < scale:  # "deux milliards et demi million"
                    scale, end = sub[0], end + 1
                state[0] += fr[0] * scale
                break
            if m < n and (lows[m] in lex.words or lex.split(lows[m])):
                k = m
                continue
            break
        pieces = (lex.words[w],) if w in lex.words else lex.split(w)
        apart = prev_cat in ("s", "d") or pieces and pieces[0][1] in ("s", "d")
        if not pieces or lex.compounds and end is not None and not apart:
            break  # German writes a number as one word; only scale words stand apart
        trial = state.copy()
        if not _add_pieces(lex, trial, pieces, len(pieces) == 1):
            break
        state, prev_cat, k = trial, pieces[-1][1], k + 1
        end = k
    if end is None:
        return None
    value = state[0] + state[1]
    f = lows[end] if end < n else ""
    if f in lex.frac and value == int(value) and value >= 1:  # "dos tercios", "un demi"
        value, end = value / lex.frac[f], end + 1
        of = end + 1 < n and (lows[end] == "-" or lows[end] in lex.scale_of)
        j = end + (of and lows[end + 1] in lex.scales)
        if j < n and lows[j] in lex.scales:  # "un demi-million", "deux tiers de million"
            value, end = value * lex.scales[lows[j]], j + 1
        return Num(i, end, value)
    if f in lex.fraction_joiners and (fr := and_fraction_intl(c, end + 1, True)):
        scale = state[3][-1][0] if prev_cat == "s" and state[3] else 1.0
        end, value = fr[1], value + fr[0] * scale  # "cinco con un cuarto"
        after = lows[end] if end < n and scale == 1.0 else ""
        if after in lex.words and lex.words[after][1] == "s":  # "fünf und drei Viertel Milliarden"
            end, value = end + 1, value * lex.words[after][0]
        return Num(i, end, value)
    if f in lex.decimal_words and (
        tail := decimal_tail(c, end + 1, read_words_intl)
    ):  # "siete coma cinco"
        return Num(i, tail[1], value + tail[0])
    article = end == i + 1 and lows[i] in lex.articles and c.low(i - 1) not in lex.negators
    if article and not c.fwd(end, lex.ratio):
        return None  # a bare "un" / "eine" is an article (but "un sur trois", "moins un")
    return Num(i, end, value)


def and_fraction_intl(c: Context, k: int, joiner: bool) -> tuple[float, int] | None:
    """After "et" / "y" / "con": "demi" (1/2); after a fraction joiner also a count and a
    fraction word ("cent et trois quarts"; but Spanish "ciento treinta y dos quintos" is 132/5)."""
    lex, lows, n = c.lex, c.lows, c.n
    if k >= n:
        return None
    if lows[k] in lex.frac and lex.frac[lows[k]] == 2:
        return 0.5, k + 1  # "un et demi", "dos millones y medio"
    e = lex.words.get(lows[k])
    if joiner and e and e[1] in "u" and k + 1 < n and (d := _frac_den(lex, lows[k + 1])):
        return e[0] / d, k + 2  # "un et un quatrième", "treinta con tres veintiunavos"
    return None


def _add_pieces(lex: Lang, st: list[float], pieces: tuple, check: bool) -> bool:
    """Fold number-word pieces into ``st`` = [total, group, last, scale stack, prev_add].

    Additive pieces must shrink ("treinta y dos", not "dos tres"), a hundred may not follow a
    hundred, and a scale multiplies the groups of smaller scales before it ("mil millones",
    "tres billones cuatrocientos mil millones"); the stack holds (scale, amount) pairs.
    False means the pieces do not continue the number.
    """
    total, group, last, stack, prev_add = st
    for v, cat in pieces:
        if cat in "uztTn":
            if group and last in lex.tens_multipliers.get(v, ()):  # "quatre-vingt(s)" = 4 * 20
                group, last = group - last + last * v, last * v
                prev_add = last
                continue
            if check and group and v >= prev_add:
                return False
            group, last, prev_add = group + v, v, v
        elif cat == "d" and group >= 100 and group % 100 > 0 and group == int(group):
            tail = group % 100  # "quatre cent trois douzaines": the units after the hundred
            group, last, prev_add = group + tail * (v - 1), group + tail * (v - 1), INF
        elif cat in "bp" and not 0 < last < 10 or cat in "hd" and group >= 100:
            return False
        elif cat == "b":
            group += v  # Indonesian "dua belas" = 2 + 10
        elif cat == "p":
            group, last = group + last * (v - 1), last * v  # "dua puluh" = 2 * 10
            prev_add = last
        elif cat in "hd":
            group, prev_add = (group or 1.0) * v, INF
            last = group
        else:  # a scale closes the group; a larger one takes the smaller groups before it
            stack, amount = list(stack), group
            while stack and stack[-1][0] < v:  # "mil millones", "cinco mil doscientos millones"
                amount += stack.pop()[1]
            if stack and stack[-1][0] == v:
                return False  # "mil mil" is two numbers
            stack.append((v, (amount or 1.0) * v))
            stack = tuple(stack)
            total, group, prev_add = sum(x[1] for x in stack), 0.0, INF
    st[:] = total, group, last, stack, prev_add
    return True
