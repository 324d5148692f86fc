"""Every figure of a source text looked for in its translation, sentence pair by sentence pair.

The two documents' sentences are aligned first (:mod:`checker.compare.align`); then, in each
aligned pair (a *bead*), the figures of the source sentences are paired with those of the
target sentences, each read in its own language's conventions by the house's quantity reader
("Rp1,5 triliun" and "IDR1.5 trillion" are both 1.5 × 10^12 rupiah; "7.500" in Indonesian and
"7,500" in English are both 7,500). Pairing runs in passes, most certain first:

1. **same**: the same value and a compatible kind ("4,75 persen" / "4.75 percent"; a date's
   day and month, and its year when both give one; a range's ends each stand for a figure:
   "dari Rp603 miliar menjadi Rp811 miliar" / "from Rp603 billion to Rp811 billion"), or the
   one figure written to other digits: the source's value rounded to the last digit the
   translation writes ("39.100 ton" / "39,000 tons") or cut there ("Rp452.556,9 miliar" /
   "Rp452.556 trillion", at least three digits kept), or a translation with decimals the
   original rounds ("Rp360 miliar" / "Rp360.1 billion"), or a minus sign said in words on
   the other side ("-0,14 persen" / "down 0.14 percent");
2. **kept digits**: a source figure whose digits, separators and all, stand verbatim in the
   target, where the target's language groups digits the other way ("7.500 people" in English
   reads as seven and a half: the source's separator was kept);
3. **scaled**: a figure of one kind whose value is the source's times a power of ten ("miliar"
   rendered "million": the same digits, a thousand times less; the digits as one figure may
   write another's, rounded or cut: "Rp360 miliar" / "Rp360.1 million");
4. **changed**: what is left of one kind, paired by its context: the figures already paired
   beside it or in its clause (a translation may reorder the clauses), then its place among
   them, then how many digits apart the two are (a digit dropped is one) and their size; not
   two years a year or two apart where a side says "last year" or the like;
5. what is left over: a source figure with no counterpart (**omitted**, with whether the
   clause that held it is gone from the translation too) or a target figure with no source
   (**added**).

The result is a list of :class:`FigurePair` facts; the translation rule kinds
(``checker/rules/kinds/translation_*.py``) decide which of them an editor hears about.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
import math
import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz.distance import Levenshtein

from checker import lang
from checker.compare.align import Bead, Side, Similarity, align
from checker.compare.intervals import last_place
from checker.core.model import Document, Quantity, Sentence
from checker.core.settings import DEFAULT_SEMANTICS, Semantics
from checker.read.quantities import extract_quantities, parse_number

#: A power of ten between two figures of one kind counts as a scale slip up to this.
MAX_POWER = 12
#: How far apart (as a share of their sentences) two leftover figures may stand and still be
#: taken as one figure changed.
MAX_SHIFT = 0.5
#: Two figures more than this many powers of ten apart (and not by a whole power: a scale
#: slip) are two figures, not one changed: "27 basis poin" against "since 2002", a word
#: "satu" against "ATR42". A digit dropped or added moves a figure by about one.
MAX_GAP = 1.5
#: A translation may round a figure to its last written digit, by at most this share of it.
ROUNDING = 0.05
#: A year of one side and one of the other this many years apart or fewer may be two years
#: named two ways ("2006" and "last year" rendered "2007"): not one year changed when a
#: side says a relative year.
MAX_RELATIVE_YEARS = 2
#: A figure cut to its last digits (not rounded) keeps at least this many significant digits.
MIN_TRUNCATED_DIGITS = 3
#: A sentence pair with more source × target figures than this gets the first pass only.
MAX_CELLS = 40_000
#: A clause is gone when the translation is shorter than the source without this share of it.
CLAUSE_SHARE = 0.6
#: Below this many source sentences the expected length ratio is 1, not the texts' own.
MIN_SENTENCES_FOR_RATIO = 5

_DIGITS = re.compile(r"\d+(?:[.,]\d+)+")
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]")
#: Where a clause ends, for the clause a figure stands in (not the comma of "Rp1,5").
_CLAUSE_CUT = re.compile(r"[;:()\u2013\u2014]|[,.!?](?=\s)")


@dataclass(frozen=True)
class FigurePair:
    """A source figure and what became of it in the translation (``target`` None: nothing
    found), or a target figure with no source (``source`` None).

    ``same``: the two read as one figure. ``kept``: the source's digits as they stand verbatim
    in the target (a separator kept). ``power``: target = source × 10^power, when the two are
    one kind and differ by a power of ten. ``clause_gone``: the source figure's clause (or its
    whole sentence) has no counterpart in the translation. ``source_span``/``target_span``: the
    aligned sentences, as offsets into each document (None when a side has no sentence).
    """

    source: Quantity | None
    target: Quantity | None
    bead: int
    same: bool = False
    kept: str | None = None
    kept_at: int | None = None
    power: int | None = None
    clause_gone: bool = False
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Comparison:
    """What the translation check found: the aligned sentence pairs and every figure's fate."""

    source: Document
    target: Document
    beads: tuple[Bead, ...]
    pairs: tuple[FigurePair, ...]


# --------------------------------------------------------------------------- figures


def _date_parts(q: Quantity) -> tuple[int | None, str | None, int]:
    """(year or None, month, day) of a date figure."""
    if q.value > 31:
        d = dt.date.fromordinal(int(q.value))
        return d.year, q.unit, d.day
    return None, q.unit, int(q.value)


def family(q: Quantity) -> tuple[str, str | None]:
    """What a figure is, for pairing: its kind, with the currency of money and the unit of a
    duration; ages and scores count as counts."""
    kind = q.kind
    if kind in ("age", "score"):
        kind = "cardinal"
    if kind in ("money", "duration"):
        return kind, q.unit
    return kind, None


_LOOSE = {"cardinal", "year", "ordinal"}


def _kinds_meet(a: Quantity, b: Quantity) -> bool:
    """Kinds that may hold one figure: equal (money of one currency, or one side's currency
    unread), or a bare count against any kind but a date (a reader may miss a unit word:
    "4 pct", "lima kali" / "the fifth time")."""
    (ka, ua), (kb, ub) = family(a), family(b)
    if ka == kb:
        return ua is None or ub is None or ua == ub
    if "date" in (ka, kb):
        return False
    return ka in _LOOSE or kb in _LOOSE


def _equal(x: float, y: float) -> bool:
    return math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-9)


def same_figure(a: Quantity, b: Quantity) -> bool:
    """Do ``a`` and ``b`` read as one figure (each read in its own language)?"""
    if a.kind == "date" or b.kind == "date":
        if a.kind != b.kind:
            return False
        (ya, ma, da), (yb, mb, db) = _date_parts(a), _date_parts(b)
        return ma == mb and da == db and (ya is None or yb is None or ya == yb)
    return _kinds_meet(a, b) and _equal(a.value, b.value)


def _range_end(r: Quantity, q: Quantity, codes: tuple[str, str]) -> bool:
    """``q`` is one end of the written range ``r`` ("from Rp603 billion to Rp811 billion"),
    or that end rounded (either way: "Rp1,11 triliun" / "from Rp1.109 trillion"). ``codes``:
    the languages of ``r`` and ``q``."""
    if r.approx != "range" or q.approx == "range" or not _kinds_meet(r, q):
        return False
    return any(
        math.isfinite(x)
        and (
            _equal(x, q.value)
            or _rounded(_point(r, x), q, codes)
            or _rounded(q, _point(r, x), codes[::-1])
        )
        for x in (r.low, r.high)
    )


def _power(a: Quantity, b: Quantity, codes: tuple[str, str]) -> int | None:
    """k when b = a × 10^k (k ≠ 0, |k| ≤ MAX_POWER): the same digits, another scale, the
    digits as one figure may write another's (rounded or cut, :func:`_rounded`: "Rp36,066
    miliar" / "Rp36.06 million"). Figures of one kind, or a bare count of the original against
    money in the translation, which writes the currency the original leaves to its context
    ("pinjaman sebesar 450 miliar" / "loans of Rp450 million"; not the other way: a figure the
    translation writes without its currency is one the English reader misread, "US1 million").
    ``codes``: the languages of ``a`` and ``b``."""
    if a.kind == "date" or b.kind == "date" or not _kinds_meet(a, b):
        return None
    if family(a)[0] != family(b)[0] and (family(a)[0], family(b)[0]) != ("cardinal", "money"):
        return None
    x, y = abs(a.value), abs(b.value)
    if not (x and y and math.isfinite(x) and math.isfinite(y)):
        return None
    k = round(math.log10(y / x))
    if not k or abs(k) > MAX_POWER:
        return None
    if _equal(x * 10.0**k, y):
        return k
    scaled = replace(a, value=a.value * 10.0**k, low=a.low * 10.0**k, high=a.high * 10.0**k)
    return k if _rounded(scaled, b, codes) else None


def keys_of(qs: Sequence[Quantity]) -> tuple[str, ...]:
    """What the aligner compares of a sentence's figures: their significant digits, whatever
    the scale (a scale slip leaves them: "Rp108,76 miliar" / "Rp108.76 million"; a date by its
    day and month), each read in its language's conventions."""
    out = []
    for q in qs:
        if q.kind == "date":
            _, month, day = _date_parts(q)
            out.append(f"d:{month}:{day}")
        elif math.isfinite(q.value) and q.value:
            out.append(f"{q.value:.6e}".split("e")[0])  # the digits, whatever the scale
        elif math.isfinite(q.value):
            out.append("0")
    return tuple(out)


def _is_unread(q: Quantity) -> bool:
    """A number the reader left unread (see :func:`_unread`)."""
    return q.notes[-1:] == ("unread",)


def _checked(qs: list[Quantity]) -> list[Quantity]:
    """The figures worth checking: vague amounts ("ratusan", "several") are not figures."""
    return [q for q in qs if not q.vague]


_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")
_LETTERS_BEFORE = re.compile(r"[^\W\d_]+\Z")
_SCALE_AFTER = re.compile(r"\s?([^\W\d_]+)")
_RAW = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*(?!\w|[.,]\d)")


def _unread(text: str, code: str, read: list[Quantity]) -> list[Quantity]:
    """Digits the reader left unread ("115,500-79,000", "Rp9,50", "Rp5,75.9 trillion"): what a
    figure of the source may have become in the translation. Read as the language writes
    numbers when it can, with the other convention's reading and the bare digits as other
    readings (pairing takes the one nearest the source's figure), times a scale word right
    after them, money when a currency sign stands right before; noted ``unread`` (never
    reported as added)."""
    out = []
    taken = sorted((q.start, q.end) for q in read)
    starts = [a for a, _ in taken]
    try:
        data = lang.load(code)
    except KeyError:
        data = {}
    clocks = {str(w).lower() for w in (*data.get("clock_words", ()), *data.get("clock_dotted", ()))}
    numbers = {str(k).lower(): v for k, v in (data.get("numbers") or {}).items()}
    prefixes = dict(sorted((data.get("currency_prefix") or {}).items(), key=lambda kv: -len(kv[0])))
    stems = {"".join(ch for ch in p if ch.isalpha()) for p in prefixes} - {""}
    for m in _RAW.finditer(text):
        token = m.group()
        k = bisect.bisect_left(starts, m.end()) - 1  # the last figure starting before its end
        if k >= 0 and taken[k][1] > m.start():
            continue
        if text[m.end() : m.end() + 1] == "/" and not re.search(r"[.,]", token):
            continue  # "29/7": a date, not a figure
        after = text[m.end() : m.end() + 6].lower().split()
        if after and after[0].rstrip(".,") in clocks:
            continue  # "5 p.m.": a time of day
        before = text[m.start() - 1] if m.start() else ""
        if text[m.end() : m.end() + 1] == ":" or before in ("/", ":"):
            continue  # "10:30", "2/2007": a time, a period
        sign = next(
            (p for p in prefixes if text[max(m.start() - len(p), 0) : m.start()] == p), None
        )
        letters = _LETTERS_BEFORE.search(text[max(m.start() - 12, 0) : m.start()])
        if sign is None and letters is not None and letters.group() not in stems:
            continue  # "FR0036", "SPN20090731": a code, not a figure ("US10", "R24.257" are)
        flipped = token.translate(str.maketrans(".,", ",."))
        found = [parse_number(token, code), parse_number(flipped, code),
                 float(token.replace(",", "").replace(".", ""))]  # fmt: skip
        start, end, scale, unit = m.start(), m.end(), 1.0, None
        word = _SCALE_AFTER.match(text, m.end())
        entry = numbers.get(word.group(1).lower()) if word else None
        if entry and len(entry) > 1 and entry[1] == "s":  # "Rp5,75.9 trillion"
            scale, end = float(entry[0]), word.end()
        if sign is not None:  # "Rp9,66"
            unit, start = prefixes[sign], m.start() - len(sign)
        values = list(dict.fromkeys(v * scale for v in found if v is not None))
        value, others = values[0], tuple(values[1:])
        out.append(Quantity(text[start:end], start, end, value, value, value,
                            kind="money" if unit else "cardinal", unit=unit, readings=others,
                            notes=("unread",)))  # fmt: skip
    return sorted([*read, *out], key=lambda q: q.start)


# --------------------------------------------------------------------------- pairing


def _by_sentence(doc: Document, qs: list[Quantity]) -> list[list[Quantity]]:
    out: list[list[Quantity]] = [[] for _ in doc.sentences]
    i = 0
    for q in qs:
        while i < len(doc.sentences) and doc.sentences[i].end <= q.start:
            i += 1
        if i < len(doc.sentences) and doc.sentences[i].start <= q.start:
            out[i].append(q)
    return out


def _span(sentences: Sequence[Sentence], idx: tuple[int, ...]) -> tuple[int, int] | None:
    if not idx:
        return None
    return sentences[idx[0]].start, sentences[idx[-1]].end


def _position(q: Quantity, span: tuple[int, int]) -> float:
    a, b = span
    return (q.start - a) / max(b - a, 1)


def _clause_length(text: str, offset: int, start: int, end: int) -> int:
    """Length of the clause around ``text[start:end]`` (``offset``: where ``text`` begins)."""
    a, b = start - offset, end - offset
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, max(a, 0))), default=0)
    right = next((m.start() for m in _CLAUSE_BREAK.finditer(text, max(b, 0))), len(text))
    return max(right - left, b - a)


def _kept(q: Quantity, target: str, t_offset: int, src_lang: str, tgt_lang: str):
    """The source figure's digits ("7.500", "1,4572") where they stand verbatim in the target
    text, when the two languages write digits differently: (digits, offset) or None."""
    if _continental(src_lang) == _continental(tgt_lang):
        return None
    m = _DIGITS.search(q.text)
    if m is None:
        return None
    digits = m.group()
    for hit in re.finditer(r"(?<![\d.,])" + re.escape(digits) + r"(?![\d]|[.,]\d)", target):
        return digits, t_offset + hit.start()
    return None


def _continental(code: str) -> bool:
    try:
        return bool(lang.load(code).get("continental"))
    except KeyError:
        return False


@functools.cache
def _words(code: str, key: str) -> re.Pattern | None:
    """The phrases of ``checker/lang/<code>/translation.yaml`` under ``key`` (with the verbs
    of ``numbers.yaml``'s ``down`` for ``fall_words``) as one whole-word pattern; None when
    the language has none."""
    phrases: list[str] = []
    with contextlib.suppress(KeyError):
        phrases += [str(w) for w in lang.load(code, "translation").get(key) or ()]
    if key == "fall_words":
        with contextlib.suppress(KeyError):
            phrases += [str(w) for w in lang.load(code).get("down") or ()]
    if not phrases:
        return None
    alternatives = "|".join(
        re.escape(p.lower()) for p in sorted(set(phrases), key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _says(text: str, code: str, key: str) -> bool:
    """Does ``text`` (in language ``code``) say one of the phrases under ``key``?"""
    pattern = _words(code, key)
    return pattern is not None and pattern.search(text.lower()) is not None


def _gap(a: Quantity, b: Quantity) -> float:
    """How many powers of ten apart two figures are (0: equal in size)."""
    if a.kind == "date" or b.kind == "date":
        return 0.0
    gaps = [99.0]
    for x in (a.value, *a.readings):
        for y in (b.value, *b.readings):
            x, y = abs(x), abs(y)
            if x and y and math.isfinite(x / y):
                gaps.append(abs(math.log10(y / x)))
    return min(gaps)


def _precision(q: Quantity, code: str) -> tuple[float | None, bool]:
    """The place of ``q``'s last written digit (a zero written after the decimal mark counts:
    "6,30" is written to the hundredth) and whether it is written with a decimal part."""
    # to 12 significant digits: a value read through a scale word carries float noise
    exponent = last_place(float(f"{q.value:.12g}")) if math.isfinite(q.value) and q.value else None
    if exponent is None:
        return None, False
    mark = "," if _continental(code) else "."
    token = _NUMBER_TOKEN.findall(q.text)[-1:] or [""]
    fraction = token[0].rpartition(mark)[2] if mark in token[0] else ""
    zeros = len(fraction) - len(fraction.rstrip("0"))
    return 10.0 ** (exponent - zeros), bool(fraction)


def _rounds(value: float, q: Quantity, place: float | None) -> bool:
    """``q`` writes ``value`` rounded to its own last digit (``place``): within half a unit of
    that digit, at most ``ROUNDING`` of the value. A figure written to the unit ("242") is
    exact, as :func:`checker.compare.intervals.rounding_slack` has it; an approximate one
    ("sekitar Rp16,4 triliun") rounds as its digits do."""
    if place is None or q.approx not in ("exact", "approximate") or place == 1.0:
        return False
    slack = min(place / 2, ROUNDING * abs(q.value))
    return abs(value - q.value) <= slack + 1e-9 * abs(value)


def _truncated(value: float, q: Quantity, place: float | None) -> bool:
    """``q`` writes ``value`` with its last digits cut rather than rounded ("Rp452.556,9
    miliar" / "Rp452.556 trillion"): less than one unit of ``q``'s last digit (``place``)
    dropped, toward zero, with at least ``MIN_TRUNCATED_DIGITS`` significant digits kept (so
    "11,5 persen" / "11 percent" is a figure changed)."""
    x, y = abs(value), abs(q.value)
    if place is None or q.approx != "exact" or not (x and y) or (value < 0) != (q.value < 0):
        return False
    enough = place * 10 ** (MIN_TRUNCATED_DIGITS - 1) <= y * (1 + 1e-9)
    return y < x and x - y < place * (1 - 1e-9) and enough


def _rounded(source: Quantity, target: Quantity, codes: tuple[str, str]) -> bool:
    """``source`` and ``target`` are one figure written to different precision: the target
    rounds the source ("39.100 ton" / "39,000 tons") or cuts its last digits ("Rp452.556,9
    miliar" / "Rp452.556 trillion"), or the target is the more precise, with a decimal part
    the source rounds ("Rp360 miliar" / "Rp360.1 billion"; not "Rp9.080" / "Rp9,085": a
    figure without decimals is as precise as it is written). Two ranges: end by end ("6-6,11
    persen" / "6-6.1 percent"). ``codes``: the source's and the target's languages."""
    if source.kind == "date" or target.kind == "date" or _is_unread(target):
        return False
    if not _kinds_meet(source, target) or not math.isfinite(source.value):
        return False
    if source.approx == "range" or target.approx == "range":
        if source.approx != target.approx:
            return False
        ends = ((source.low, target.low), (source.high, target.high))
        return all(
            math.isfinite(x) and math.isfinite(y)
            and (_equal(x, y) or _rounded(_point(source, x), _point(target, y), codes))
            for x, y in ends
        )  # fmt: skip
    s_place, _ = _precision(source, codes[0])
    t_place, t_decimals = _precision(target, codes[1])
    if _rounds(source.value, target, t_place) or _truncated(source.value, target, t_place):
        return True
    finer = t_decimals and t_place is not None and s_place is not None and t_place < s_place
    return bool(finer) and _rounds(target.value, source, s_place)


def _point(q: Quantity, x: float) -> Quantity:
    """One end of a range as a figure of its own (its digits decide its precision)."""
    return replace(q, value=x, low=x, high=x, approx="exact")


def _yearish(q: Quantity) -> bool:
    """A year, or a bare count written as one ("The 2006 profit")."""
    if q.kind == "year":
        return True
    return q.kind == "cardinal" and q.text.isdigit() and len(q.text) == 4 and q.value.is_integer()


def _edits(a: Quantity, b: Quantity) -> int:
    """How many digits one figure's digits are from the other's (a digit dropped, added or
    changed is one); 99 when one is written in words."""
    da = "".join(_NUMBER_TOKEN.findall(a.text)).replace(".", "").replace(",", "")
    db = "".join(_NUMBER_TOKEN.findall(b.text)).replace(".", "").replace(",", "")
    if not da or not db:
        return 99
    return Levenshtein.distance(da, db)


def _small_word(q: Quantity) -> bool:
    """A bare count below ten written in words ("dua", "four"): translations render these
    freely ("the two companies", "tiga seri" / "three tranches"), so they are never taken as
    one figure changed (the omission and addition rules skip them too, ``min_word_value``).
    "lima persen", "enam bulan" are figures like any other."""
    return q.kind == "cardinal" and abs(q.value) < 10 and not any(ch.isdigit() for ch in q.text)


def _pairable(a: Quantity, b: Quantity, loose: bool) -> bool:
    """Two figures that may be one figure changed: dates with dates; otherwise one kind (money
    of one currency, or one side's unread), or a count written as bare digits against a year,
    when it has four digits or is the year with one digit dropped or changed ("2008" rendered
    "3012" or "208", not "1,140" nor "171"); ``loose``, also a bare count against a percent or money (a reader may miss the
    unit: "0.05 growth" for "0,05 persen pertumbuhan")."""
    if a.kind == "date" or b.kind == "date":
        return a.kind == b.kind
    (ka, ua), (kb, ub) = family(a), family(b)
    if ka == kb:
        return ua is None or ub is None or ua == ub
    kinds = {"cardinal", "year", "percent", "money"} if loose else {"cardinal", "year"}
    if {ka, kb} == {"cardinal", "year"}:
        count = a if ka == "cardinal" else b
        year = b if count is a else a
        tokens = _NUMBER_TOKEN.findall(count.text)
        if not all(token.isdigit() for token in tokens):
            return False
        return all(len(token) == 4 for token in tokens) or _edits(year, count) <= 1
    return "cardinal" in (ka, kb) and {ka, kb} <= kinds


def _key(q: Quantity) -> tuple:
    """What two figures that read the same share (see :func:`same_figure`)."""
    if q.kind == "date":
        _, month, day = _date_parts(q)
        return ("date", month, day)
    return ("value", float(f"{q.value:.6g}") if math.isfinite(q.value) else q.value)


class _Pairing:
    """The passes of the module docstring over every figure of both documents, each figure
    knowing the bead (aligned sentence pair) it stands in. A sentence pair with more than
    ``MAX_CELLS`` source × target figures (a hostile text: one line of 20,000 figures) gets
    the first pass only, figures of one value paired in order, so the work stays linear."""

    def __init__(self, src: Document, tgt: Document, beads, s_figs, t_figs, ratio: float):
        self.src, self.tgt, self.beads, self.ratio = src, tgt, beads, ratio
        self.codes = (src.language, tgt.language)
        self.S: list[tuple[int, Quantity]] = []
        self.T: list[tuple[int, Quantity]] = []
        self.sb: list[list[int]] = []
        self.tb: list[list[int]] = []
        for b, bead in enumerate(beads):
            self.sb.append(
                list(range(len(self.S), len(self.S) + sum(len(s_figs[i]) for i in bead.source)))
            )
            self.tb.append(
                list(range(len(self.T), len(self.T) + sum(len(t_figs[j]) for j in bead.target)))
            )
            self.S += [(b, q) for i in bead.source for q in s_figs[i]]
            self.T += [(b, q) for j in bead.target for q in t_figs[j]]
        self.s_span = [_span(src.sentences, bead.source) for bead in beads]
        self.t_span = [_span(tgt.sentences, bead.target) for bead in beads]
        self.small = [len(x) * len(y) <= MAX_CELLS for x, y in zip(self.sb, self.tb, strict=True)]
        self.s_done: set[int] = set()
        self.t_done: set[int] = set()
        self.out: list[FigurePair] = []
        self._says: dict[tuple[int, str, str], bool] = {}
        self._cuts: dict[tuple[int, str], list[int]] = {}

    def pair(self, i: int | None, j: int | None, **facts) -> None:
        if i is not None:
            self.s_done.add(i)
        if j is not None:
            self.t_done.add(j)
        b = self.S[i][0] if i is not None else self.T[j][0]  # type: ignore[index]
        self.out.append(
            FigurePair(
                self.S[i][1] if i is not None else None, self.T[j][1] if j is not None else None,
                b, source_span=self.s_span[b], target_span=self.t_span[b], **facts,
            )
        )  # fmt: skip

    def pos_s(self, i: int) -> float:
        b, q = self.S[i]
        return _position(q, self.s_span[b]) if self.s_span[b] else 0.0

    def pos_t(self, j: int) -> float:
        b, q = self.T[j]
        return _position(q, self.t_span[b]) if self.t_span[b] else 0.0

    def says(self, b: int, side: str, key: str) -> bool:
        """Does bead ``b``'s source (``side`` "s") or target ("t") text say a phrase of the
        language's ``key`` (``checker/lang/<code>/translation.yaml``)?"""
        memo = (b, side, key)
        if memo not in self._says:
            span = self.s_span[b] if side == "s" else self.t_span[b]
            doc = self.src if side == "s" else self.tgt
            self._says[memo] = span is not None and _says(doc.text[span[0] : span[1]],
                                                         doc.language, key)  # fmt: skip
        return self._says[memo]

    def relative_year(self, b: int, s: Quantity, t: Quantity) -> bool:
        """``s`` and ``t`` are two years a few apart where a side of bead ``b`` names a year
        relative to the text's date ("tahun lalu", "last year"): two years named two ways
        ("dibanding 2005" / "from the year before", "In 2006" / "Pada tahun lalu"), not one
        year changed."""
        if not (_yearish(s) and _yearish(t)) or s.value == t.value:
            return False
        if abs(s.value - t.value) > MAX_RELATIVE_YEARS:
            return False
        return self.says(b, "s", "relative_years") or self.says(b, "t", "relative_years")

    def sign_in_words(self, s: tuple[int, Quantity], t: tuple[int, Quantity]) -> bool:
        """The two figures differ by their sign alone, and the side without the minus says a
        fall in words (``fall_words`` and the ``down`` verbs of its language)."""
        (b, x), (_, y) = s, t
        if x.kind == "date" or _is_unread(y) or not _kinds_meet(x, y):
            return False
        if not (x.value and math.isfinite(x.value) and _equal(x.value, -y.value)):
            return False
        return self.says(b, "s" if x.value > 0 else "t", "fall_words")

    def open_s(self) -> list[int]:
        """Unpaired source figures of the sentence pairs every pass looks at."""
        return [
            i for b, xs in enumerate(self.sb) if self.small[b] for i in xs if i not in self.s_done
        ]

    def open_t(self, i: int) -> list[int]:
        """Unpaired target figures in the source figure's sentence pair, nearest in place first."""
        b = self.S[i][0]
        p = self.pos_s(i)
        js = [j for j in self.tb[b] if j not in self.t_done]
        return sorted(js, key=lambda j: abs(self.pos_t(j) - p))

    def in_order(self, b: int) -> list[tuple[int, int]]:
        """The most figures of bead ``b`` that read the same on both sides in the same order
        (a longest common subsequence): "12 Juni 2008 ... 12 Juni 2008 - 12 Juni 2009" against
        "June 1 2008 ... June 12 2008 to June 12 2009" pairs the last two, leaving the first
        to be found changed."""
        xs = self.sb[b]
        ys = [j for j in self.tb[b] if not _is_unread(self.T[j][1])]
        if not xs or not ys or not self.small[b]:
            return []
        n, m = len(xs), len(ys)
        eq = [[same_figure(self.S[x][1], self.T[y][1]) for y in ys] for x in xs]
        table = [[0] * (m + 1) for _ in range(n + 1)]
        for a in range(n - 1, -1, -1):
            for c in range(m - 1, -1, -1):
                table[a][c] = (
                    table[a + 1][c + 1] + 1 if eq[a][c] else max(table[a + 1][c], table[a][c + 1])
                )
        out, a, c = [], 0, 0
        while a < n and c < m:
            if eq[a][c] and table[a][c] == table[a + 1][c + 1] + 1:
                out.append((xs[a], ys[c]))
                a, c = a + 1, c + 1
            elif table[a + 1][c] >= table[a][c + 1]:
                a += 1
            else:
                c += 1
        return out

    def keyed(self, bs: int, bt: int) -> None:
        """Open figures of bead ``bs`` paired with the open ones of bead ``bt`` that read the
        same, value by value in order (linear, whatever the number of figures)."""
        if not (0 <= bt < len(self.beads)):
            return
        wanted: dict[tuple, deque[int]] = {}
        for j in self.tb[bt]:
            if j not in self.t_done and not _is_unread(self.T[j][1]):
                wanted.setdefault(_key(self.T[j][1]), deque()).append(j)
        for i in self.sb[bs]:
            if i in self.s_done:
                continue
            js = wanted.get(_key(self.S[i][1]))
            while js:
                j = js.popleft()
                if j not in self.t_done and same_figure(self.S[i][1], self.T[j][1]):
                    self.pair(i, j, same=True)
                    break

    def slots(self) -> dict[int, tuple[list[int], list[int], list[int]]]:
        """Per sentence pair, its same figures by source offset: (source starts, the largest
        target start up to each, the smallest target start from each)."""
        by: dict[int, list[tuple[int, int]]] = {}
        for p in self.out:
            if p.same and p.source is not None and p.target is not None:
                by.setdefault(p.bead, []).append((p.source.start, p.target.start))
        out = {}
        for b, pairs in by.items():
            pairs.sort()
            starts = [s for s, _ in pairs]
            ts = [t for _, t in pairs]
            up, down = list(ts), list(ts)
            for k in range(1, len(ts)):
                up[k] = max(up[k - 1], ts[k])
            for k in range(len(ts) - 2, -1, -1):
                down[k] = min(down[k + 1], ts[k])
            out[b] = (starts, up, down)
        return out

    def neighbours(self) -> dict[int, tuple[list[int], list[int], list[int], list[int]]]:
        """Per sentence pair, the pairs made so far (both figures found) in each text's order:
        (source starts, their pair numbers, target starts, their pair numbers)."""
        by: dict[int, list[tuple[int, int, int]]] = {}
        for n, p in enumerate(self.out):
            if p.source is not None and p.target is not None:
                by.setdefault(p.bead, []).append((p.source.start, p.target.start, n))
        out = {}
        for b, trios in by.items():
            s_order = sorted((x, n) for x, _, n in trios)
            t_order = sorted((y, n) for _, y, n in trios)
            out[b] = ([x for x, _ in s_order], [n for _, n in s_order],
                      [y for y, _ in t_order], [n for _, n in t_order])  # fmt: skip
        return out

    @staticmethod
    def _beside(starts: list[int], ids: list[int], at: int) -> tuple[int | None, int | None]:
        """The pairs just before and just after offset ``at`` in one text (None: none)."""
        k = bisect.bisect_left(starts, at)
        return (ids[k - 1] if k else None), (ids[k] if k < len(ids) else None)

    def clause(self, b: int, side: str, at: int) -> int:
        """The number of the clause of bead ``b``'s source (``side`` "s") or target text that
        holds offset ``at``."""
        memo = (b, side)
        if memo not in self._cuts:
            span = self.s_span[b] if side == "s" else self.t_span[b]
            doc = self.src if side == "s" else self.tgt
            self._cuts[memo] = [] if span is None else [
                m.start() for m in _CLAUSE_CUT.finditer(doc.text, span[0], span[1])
            ]  # fmt: skip
        return bisect.bisect_left(self._cuts[memo], at)

    def clause_map(self) -> dict[tuple[int, str, int], set[int]]:
        """For the pairs made so far, which clauses of the other text hold the partners of a
        clause's figures: (bead, side, clause) -> the other side's clauses."""
        out: dict[tuple[int, str, int], set[int]] = {}
        for p in self.out:
            if p.source is None or p.target is None:
                continue
            cs = self.clause(p.bead, "s", p.source.start)
            ct = self.clause(p.bead, "t", p.target.start)
            out.setdefault((p.bead, "s", cs), set()).add(ct)
            out.setdefault((p.bead, "t", ct), set()).add(cs)
        return out

    def changed(self) -> None:
        """4. What is left of a kind on both sides of a sentence pair: one figure changed.
        Candidates are taken best first: a target figure in the source figure's own context
        (*local*: beside the partner of the pair just before or after it, or, for figures of
        one kind, in a clause that holds partners of its clause-mates: a translation may
        reorder the clauses), then one standing where the neighbours put it (its *slot*: after
        the partner of the same figure before it, before the partner of the one after it),
        then of the same kind, a digit or less apart ("24,9" / "2.9"), closest in value,
        nearest in place. A figure is taken when local, or in its slot without pairs on both
        sides that disagree, or (with no pairs in its sentence) within ``MAX_SHIFT`` of its
        place, or anywhere when it is the one candidate of each."""
        S, T = self.S, self.T
        slots = self.slots()
        beside = self.neighbours()
        clauses = self.clause_map()
        cands = []
        for i in self.open_s():
            b, s = S[i]
            lo, hi = -1, 1 << 62
            if b in slots:
                starts, up, down = slots[b]
                k = bisect.bisect_left(starts, s.start)
                lo = up[k - 1] if k else -1
                hi = down[k] if k < len(starts) else 1 << 62
            anchored = lo >= 0 or hi < 1 << 62
            s_starts, s_ids, t_starts, t_ids = beside.get(b, ([], [], [], []))
            s_left, s_right = self._beside(s_starts, s_ids, s.start)
            cs = self.clause(b, "s", s.start)
            p = self.pos_s(i)
            for j in self.open_t(i):
                t = T[j][1]
                if not _pairable(s, t, loose=True) or _gap(s, t) > MAX_GAP:
                    continue
                if _small_word(s) or _small_word(t):
                    continue  # "dua perusahaan" against "the 11 companies": rendered freely
                if self.relative_year(b, s, t):
                    continue  # "2005" against "In 2006" where the other says "last year"
                t_left, t_right = self._beside(t_starts, t_ids, t.start)
                ct = self.clause(b, "t", t.start)
                of_s, of_t = clauses.get((b, "s", cs), set()), clauses.get((b, "t", ct), set())
                # beside the partner of a neighbour on one side, or in a clause that holds
                # partners of the figure's clause-mates (strict kinds only): the figure's
                # clause, wherever the translation moved it
                local = (s_left is not None and s_left == t_left) or (
                    s_right is not None and s_right == t_right
                )
                crossed = not local and (
                    None not in (s_left, t_left) or None not in (s_right, t_right)
                )
                strict = _pairable(s, t, loose=False)
                local = local or strict and (ct in of_s or cs in of_t)
                fits = lo < t.start < hi
                near = abs(self.pos_t(j) - p)
                close = local or (fits and not crossed) or (not anchored and near <= MAX_SHIFT)
                key = (not local, not fits, not strict, _edits(s, t) > 1, round(_gap(s, t), 1),
                       near)  # fmt: skip
                cands.append((key, i, j, close))
        per_s: dict[int, int] = {}
        per_t: dict[int, int] = {}
        for _, i, j, _ in cands:
            per_s[i] = per_s.get(i, 0) + 1
            per_t[j] = per_t.get(j, 0) + 1
        for _, i, j, close in sorted(cands):
            if i in self.s_done or j in self.t_done:
                continue
            alone = per_s[i] == 1 and per_t[j] == 1 and not _is_unread(T[j][1])
            if close or alone:
                self.pair(i, j)

    def run(self) -> list[FigurePair]:
        S, T = self.S, self.T
        # 1. the same figure, in the same sentence pair (in order, then by value), then in a
        # neighbouring one (a sentence split where the other text does not split it)
        for b in range(len(self.beads)):
            for i, j in self.in_order(b):
                self.pair(i, j, same=True)
            self.keyed(b, b)
        for b in range(len(self.beads)):
            self.keyed(b, b - 1)
            self.keyed(b, b + 1)
        # a range's ends stand for figures of the other side ("dari Rp603 miliar menjadi
        # Rp811 miliar" / "from Rp603 billion to Rp811 billion")
        for a, other, done_a, done_b, by_a, by_b, codes in (
            (S, T, self.s_done, self.t_done, self.sb, self.tb, self.codes),
            (T, S, self.t_done, self.s_done, self.tb, self.sb, self.codes[::-1]),
        ):
            for bead in range(len(self.beads)):
                if not self.small[bead]:
                    continue
                near = [y for nb in (bead - 1, bead, bead + 1) if 0 <= nb < len(self.beads)
                        for y in by_b[nb]]  # fmt: skip
                for x in by_a[bead]:
                    r = a[x][1]
                    if r.approx != "range" or x in done_a or len(near) > MAX_CELLS:
                        continue
                    ends = [y for y in near if _range_end(r, other[y][1], codes)]
                    done_b.update(ends)
                    if len({round(other[y][1].value, 9) for y in ends}) >= 2:
                        done_a.add(x)
        # one figure written to other digits ("Rp3.157,5 miliar" / "Rp3.157 trillion",
        # "39.100 ton" / "39,000 tons", "Rp360 miliar" / "Rp360.1 billion"): the same figure
        for i in self.open_s():
            for j in self.open_t(i):
                if _rounded(S[i][1], T[j][1], self.codes):
                    self.pair(i, j, same=True)
                    break
        # a sign said in words on one side ("turun -0,14 persen" / "down 0.14 percent",
        # "-0,11 persen" / "a decline of 0.11 percent"): the same figure
        for i in self.open_s():
            for j in self.open_t(i):
                if self.sign_in_words(S[i], T[j]):
                    self.pair(i, j, same=True)
                    break
        # 2. the source's digits kept verbatim where the target reads them otherwise
        for i in self.open_s():
            b, q = S[i]
            span = self.t_span[b]
            if span is None:
                continue
            kept = _kept(q, self.tgt.text[span[0] : span[1]], span[0], self.src.language,
                         self.tgt.language)  # fmt: skip
            if kept is None:
                continue
            at = next((j for j in self.tb[b] if j not in self.t_done
                       and T[j][1].start <= kept[1] < T[j][1].end), None)  # fmt: skip
            self.pair(i, at, kept=kept[0], kept_at=kept[1])
        # digits the reader left unread that give the source's value: the same figure
        for i in self.open_s():
            for j in self.open_t(i):
                if _is_unread(T[j][1]) and _equal(S[i][1].value, T[j][1].value):
                    self.pair(i, j, same=True)
                    break
        # 3. one kind, a power of ten apart; 4. one kind, changed
        for i in self.open_s():
            if _small_word(S[i][1]):
                continue  # "empat saham": rendered freely, no scale to slip
            for j in self.open_t(i):
                if _small_word(T[j][1]):
                    continue
                if (power := _power(S[i][1], T[j][1], self.codes)) is not None:
                    self.pair(i, j, power=power)
                    break
        self.changed()
        # 5. left over
        for i in range(len(S)):
            if i in self.s_done:
                continue
            b, q = S[i]
            sp, tp = self.s_span[b], self.t_span[b]
            gone = tp is None
            if not gone and sp is not None and self.small[b]:
                clause = _clause_length(self.src.text[sp[0] : sp[1]], sp[0], q.start, q.end)
                gone = (tp[1] - tp[0]) < self.ratio * ((sp[1] - sp[0]) - CLAUSE_SHARE * clause)
            self.pair(i, None, clause_gone=gone)
        for j in range(len(T)):
            if j not in self.t_done and not _is_unread(T[j][1]):
                self.pair(None, j)
        return sorted(self.out, key=_pair_order)


def _pair_order(p: FigurePair) -> tuple:
    q = p.source or p.target
    return (p.bead, p.source is None, q.start if q is not None else 0)


def _merge_lone(beads: list[Bead], s_sides: Sequence[Side], t_sides: Sequence[Side]) -> list[Bead]:
    """Beads as aligned, with a sentence left without counterpart joined to the neighbouring
    bead whose other side gives one of its figures (its digits, whatever the scale): the
    translation merged it into that sentence, and what else of it changed is to be looked for
    there ("... Rp41,9 miliar. Sisanya Rp108,76 miliar ..." rendered as one sentence whose
    second figure slipped)."""
    out = list(beads)
    k = 0
    while k < len(out):
        bead = out[k]
        lone_s = bool(bead.source) and not bead.target
        lone_t = bool(bead.target) and not bead.source
        if not (lone_s or lone_t):
            k += 1
            continue
        keys = {x for i in bead.source for x in s_sides[i].figures} if lone_s else {
            x for j in bead.target for x in t_sides[j].figures}  # fmt: skip
        merged = False
        for n in (k - 1, k + 1):
            if not (0 <= n < len(out)) or not (out[n].source and out[n].target):
                continue
            other = out[n]
            theirs = {x for j in other.target for x in t_sides[j].figures} if lone_s else {
                x for i in other.source for x in s_sides[i].figures}  # fmt: skip
            if keys & theirs:
                first, second = (out[n], bead) if n < k else (bead, out[n])
                out[min(n, k)] = Bead(first.source + second.source, first.target + second.target,
                                      other.score)  # fmt: skip
                del out[max(n, k)]
                merged = True
                break
        k += 0 if merged else 1
    return out


def compare_documents(
    source: Document,
    target: Document,
    semantics: Semantics | None = None,
    *,
    similarity: Similarity | None = None,
) -> Comparison:
    """Align ``source`` and its translation ``target`` and pair every figure (see the module
    docstring). Pure: documents in (with their sentences and languages), facts out."""
    sem = semantics or DEFAULT_SEMANTICS
    s_figs = _by_sentence(source, _checked(extract_quantities(source.text, source.language, sem)))
    t_read = _checked(extract_quantities(target.text, target.language, sem))
    t_figs = _by_sentence(target, _unread(target.text, target.language, t_read))
    s_sides = [Side(s.text, keys_of(f)) for s, f in zip(source.sentences, s_figs, strict=True)]
    t_sides = [Side(t.text, keys_of(f)) for t, f in zip(target.sentences, t_figs, strict=True)]
    ratio = 1.0
    if len(source.sentences) >= MIN_SENTENCES_FOR_RATIO:
        total_s = sum(len(s.text) for s in source.sentences)
        total_t = sum(len(t.text) for t in target.sentences)
        if total_s and total_t:
            ratio = min(max(total_t / total_s, 0.5), 2.0)
    beads = _merge_lone(align(s_sides, t_sides, ratio=ratio, similarity=similarity), s_sides,
                        t_sides)  # fmt: skip
    pairs = _Pairing(source, target, beads, s_figs, t_figs, ratio).run()
    return Comparison(source, target, tuple(beads), tuple(pairs))
