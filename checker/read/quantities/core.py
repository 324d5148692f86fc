"""Stage 2, numbers: the number starting at a token (``number_at``), whatever its form: digits,
words (by the language's grammar), vague amounts ("hundreds", ``_vague``), fractions.
"""

from __future__ import annotations

from .context import Context
from .digits import digits_at
from .record import Num
from .tokens import VULGAR_FRACTIONS
from .words_en import ordinal_denominator, read_words_en, word_fraction
from .words_intl import read_words_intl


def _vague(c: Context, i: int) -> Num | None:
    """Vague amounts from ``Semantics.vague`` ("hundreds", "tens of thousands", "a few hundred")."""
    vague, lex, lows, n = c.sem.vague, c.lex, c.lows, c.n
    for size in (3, 2, 1):
        phrase = " ".join(lows[i : i + size])
        key = c.vmap.get(phrase if lex.vague_from_semantics else lex.vague.get(phrase, ""))
        if i + size > n or key is None:
            continue
        after = lows[i + size] if i + size < n else ""
        if phrase in lex.vague_needs_of and after not in lex.of_words:
            return None
        many_ok = c.low(i - 1) not in lex.many_blockers and c.typ[min(i + 1, n - 1)] == "w"
        if phrase in lex.many_words and not many_ok:
            return None  # "how many", "as many as"
        lo, hi = float(vague[key][0]), float(vague[key][1])
        k = i + size
        while hi < 100 and k < min(n, i + size + 2) and lows[k] in lex.scales:
            lo, hi, k = (
                lo * lex.scales[lows[k]],
                hi * lex.scales[lows[k]],
                k + 1,
            )  # "several thousand"
        q = Num(i, k, lo)
        q.vague, q.lo, q.hi = True, lo, hi
        return q
    return None


def number_at(c: Context, i: int) -> Num | None:
    """The number starting at token ``i``, with its scale words, or None."""
    if c.typ[i] == "d":
        return digits_at(c, i)
    if c.toks[i] in VULGAR_FRACTIONS:  # "½", "⅔"
        return Num(i, i + 1, VULGAR_FRACTIONS[c.toks[i]], digits=True)
    if c.typ[i] != "w":
        return None
    w, lex = c.lows[i], c.lex
    if w in c.vfirst or w in lex.vague:
        q = _vague(c, i)
        if q is not None:
            return q
    if not lex.ordered:
        if w in lex.half_words:  # "la moitié des", "la mitad de": half, as "half of"
            return Num(i, i + 1, 0.5) if c.low(i + 1) in lex.half_of else None
        if w in lex.frac:  # "media docena", "medio millón", "demi-million", "quart de million"
            hyphen = c.low(i + 1) == "-" and c.glued(i + 1) and c.glued(i + 2)
            k = i + 1 + (hyphen or c.low(i + 1) in lex.scale_of and lex.frac[w] > 2)
            e = lex.words.get(c.low(k))
            return Num(i, k + 1, e[0] / lex.frac[w]) if e and e[1] in "sd" else None
        return read_words_intl(c, i) if w in lex.words or lex.split(w) else None
    sc = lex.scales.get(c.lows[i + 1]) if i + 1 < c.n else None
    if w in lex.fraction_before_scale and sc and sc >= 1000:  # "quarter million"
        return Num(i, i + 2, sc / lex.frac[w])
    article, half = w in lex.article_numbers, w in lex.half_words
    if not (article or half):
        q = read_words_en(c, i, i, 0.0)
        return word_fraction(c, q) if q and not q.ordinal else q
    nx = c.lows[i + 1] if i + 1 < c.n else ""
    if not half and lex.time.get(nx) == nx:
        q = Num(i, i + 1, 1.0)
        q.article = True  # "a year": a duration only after "for", "almost", ... (see build)
        return q
    if half:  # "half a million", "half million", "half the condos"
        e = lex.words.get(c.lows[i + 2]) if nx in lex.article_numbers and i + 2 < c.n else None
        if e and e[1] in "hsd":
            return Num(i, i + 3, 0.5 * e[0])
        if nx in lex.article_numbers and c.low(i + 2) in lex.time:
            return Num(i, i + 2, 0.5)  # "half a century", "half an hour": the unit is read after
        e = lex.words.get(nx)
        if e and e[1] in "sd":
            return Num(i, i + 2, 0.5 * e[0])
        if nx in lex.half_of:
            return Num(i, i + 1, 0.5)
        hyphen = i + 1 < c.n and c.toks[i + 1] == "-" and c.glued(i + 1)
        got = None if hyphen else c.back(i, lex.mods)  # "more than half", "nearly half."
        return Num(i, i + 1, 0.5) if got and got[1] != "exact" else None
    if nx in lex.ordinals and lex.ordinals[nx][1] == "s":  # "a millionth": a fraction
        return Num(i, i + 2, 1.0 / lex.ordinals[nx][0])
    sc = lex.scales.get(c.lows[i + 2]) if i + 2 < c.n else None
    if nx in lex.half_words and i + 3 < c.n and c.toks[i + 2] == "-" and c.glued(i + 3):
        e = lex.words.get(c.lows[i + 3])
        if e and e[1] in "hsd":  # "a half-dozen", "a half-million"
            return Num(i, i + 4, 0.5 * e[0])
    if nx in lex.frac and not nx.endswith("s") and sc and sc >= 1000:  # "a quarter million"
        return Num(i, i + 3, sc / lex.frac[nx])
    if nx in lex.frac and not nx.endswith("s"):  # "a third of", "a quarter."
        after = c.lows[i + 2] if i + 2 < c.n else "."
        if after in lex.noun_stops or c.typ[min(i + 2, c.n - 1)] == "p" or i + 2 >= c.n:
            return Num(i, i + 2, 1.0 / lex.frac[nx])
    elif nx in lex.words and lex.words[nx][1] == "T" and (d := ordinal_denominator(c, i + 1)):
        end = d[1]  # "a thirty-first of the vote": a fraction when no noun follows
        alone = end >= c.n or c.lows[end] in lex.noun_stops or c.typ[end] == "p"
        if alone and not d[2] and (end >= c.n or c.toks[end] != "-"):
            return Num(i, end, 1.0 / d[0])
    e = lex.words.get(nx)
    if not (e and e[1] in "hsd"):
        return None
    q = read_words_en(c, i, i + 1, 1.0)  # "a dozen", "a million"
    return word_fraction(c, q) if q and not q.ordinal else q  # "a hundred trillionths"
