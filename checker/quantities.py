"""Find the quantities in news text and read each one as an interval.

This is a hand-written scanner, not a pile of regexes. One linear regex cuts
the text into tokens (digit runs, letter runs, single symbols); everything
after that walks the token list with bounded look-ahead and look-back. That
keeps it fast (~15,000 NewsQuant sentences a second, quantulum3 manages ~400) and
safe: nothing can backtrack, so "1,"*10000 or "more than "*5000 cost the same
per character as prose.

Stages, run by ``_number`` for each candidate token:

1. **tokenise** (``_Ctx``): tokens with offsets into the ORIGINAL text;
   ``glued(i)`` says token *i* touches the one before it (no whitespace).
2. **numbers** (``_core``): digits with the language's separators, number
   words, vague amounts ("hundreds"), ordinals, scale words after them, also after
   digits ("4 thousand 3 hundred and 21", "3 cent un"); fractions ("two thirds",
   "3/4", "2 1/4", "½", "un demi", "media docena", "two thirds of a million"), with
   any ordinal as denominator ("three twenty-firsts", "trois vingt-et-unièmes",
   "tres veintiunavos", "dosmilésimos": ``_ordinal_denominator``,
   ``_intl_ordinal_fraction``); decimals in words ("five point five", "siete coma
   cinco"), powers of ten ("1.3e6", "1.99×10−30"), ".500", and a unit glued to
   the digits ("15kHz", "640bhp"); dozens of the units after a hundred ("four hundred
   and three dozen" = 436), a scale multiplying a smaller one ("five lakh crore"), a
   fraction before a scale ("two billion and a half million", "two thirds million"),
   a letter scale after a number written with a separator ("4.75 k", "2,310.5 M",
   "US$ 3MM"; never "5 k", "4.5 G").
3. **ratios and ranges** (``_ratio``, ``_range``): "one in three", "a one-in-three chance" (1/3),
   "10-20", "between 10 and 20", "between minus 5 and 5", "two or three", "five per
   cent to 20 per cent", "between 20 mg and 40 mg"; "5: 2: 1" gives each term; "$20 or
   $50" (the sign written twice) is two amounts.
4. **modifiers** (``_suffix``, ``_prefix``): percent, currency and time unit
   after; sign ("-5", "minus 5", "minus-5"), currency, "per cent of" with no
   number before it ("per cent of 210" is 210%), approximator or bound ("more
   than half"), a currency sign before the bound ("$less than 3200"), and direction
   before.
5. **filters** (``_reject``): names and codes ("F-16", "Boeing 737", "SARS -2"),
   times of day, phone numbers, references ("No. 5"), the pronoun "one"; a unit after
   the number keeps a name before it from making it a model ("Peter 4 yrs ago").
6. **kind and interval** (``_build``): percent > money > duration > ordinal >
   year > cardinal; widths come from ``Semantics``, never from here. A bare
   count's ``unit`` is what it counts ("22 goals" -> "goals"), if a plural
   noun follows within three words.
7. **joins** (``extract_quantities``): "more than 100 and less than 300" and "from 700
   euros up to 1,500 euros" are one range; "up 0.25 points, or 0.01%" and "up 4.1%,
   Imports by 2.2%" give the second figure the same direction; a bound restated in
   parentheses ("more than 40 million rupees (US$480,000)") stays a bound.

Dates are tried first (``_date``): "Oct. 1", "7 October", "Oct 7, 2023",
"2023-10-07". Their ``value`` is the day of the month, or ``date.toordinal()``
when the year is written; ``unit`` is the month's English name.

``value`` is the figure as written: the number for a bound ("at least 51"),
the midpoint for a range ("10-20" -> 15), the low end for a vague amount
("hundreds" -> 200). An approximator on a range ("about 14-18") joins its span
and adds the note ``"approximate"``; the interval stays the range. On a vague
amount it is ignored.

Word lists live in ``checker/data/numbers_lexicon.yaml``, read once, lazily.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import yaml

from checker.model import Quantity
from checker.semantics import DEFAULT_SEMANTICS, Semantics

__all__ = ["extract_quantities", "parse_number", "unit_length", "unit_size"]

INF = float("inf")
#: Tests set this so that a crash on one candidate raises instead of skipping it.
_STRICT = False
_DATA = Path(__file__).with_name("data") / "numbers_lexicon.yaml"

_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+|\S")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EN_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_EN_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_EN_INDIAN = re.compile(r"[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?:\.[0-9]+)?")
_DOT3 = re.compile(r"[0-9]{1,3}\.[0-9]{3}")
_DOTS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_COMMA_DEC = re.compile(r"[0-9]+,[0-9]+")
_COMMA_SHORT = re.compile(r"[0-9]{1,3},[0-9]{1,2}")
_GROUP3 = re.compile(r"[0-9]{3}(?:[.,][0-9]+)?")
_CLOCK_DOT = re.compile(r"[0-9]{1,2}\.[0-5][0-9]")  # "7.30 pm"

_MONTHS = (None, "January", "February", "March", "April", "May", "June", "July")
_MONTHS += ("August", "September", "October", "November", "December")
_MAX_DIGITS = 40  # longer digit runs (also grouped: "1 000 000 ...") are ids, not amounts
_GROUP_GAPS = {"\u00a0", "\u202f", "\u2009"}  # "7 500" with a (narrow) no-break space
_GLUED_SCALES = {"m": 1e6, "b": 1e9, "t": 1e12, "mm": 1e6}  # "£5m", "$2b", "$2.1T", "$3MM"
#: a letter after a space scales only a number written with a separator ("4.75 k", "2,310.5 M");
#: "G" and "T" are left out: "4.5 G" is a g-force, "1.5 T" a magnet
_SPACED_SCALES = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9}
_DASHES = {"-", "–", "—"}
_SENT_START = set(".!?\"“”‘’'([:;—–-…«»*•|")
_CODE_SEPS = set("/:#@_'’&=\\")
_YEAR_PREFIXES = {"mid", "pre", "post", "early", "late", "end", "fy", "since"}
#: words joined by a hyphen to an amount that stays an amount ("sub-300", "now-18", "mid-2024")
_HYPHEN_PREFIXES = _YEAR_PREFIXES | {"sub", "now", "near", "over", "under", "some", "about"}
_NEEDS_OF = {"a couple", "scores", "tens"}  # "a couple of", not "a married couple"

#: Plain word lists of a language section, loaded as sets under the same attribute names.
_WORD_SETS = (
    "ordinal_suffixes", "articles", "connectors", "date_connectors", "compound_glue",
    "glued_percent", "about_blockers", "reference_words", "year_cues", "direction_skip",
    "bare_directions", "be_words", "measure_suffixes", "fractions", "one_pronoun_before",
    "one_pronoun_after", "function_words", "irregular_plurals", "not_plurals", "noun_stops",
    "many_blockers", "duration_cues", "range_words", "range_between", "range_and", "range_from",
    "street_words", "postcode_words", "decimal_words", "fraction_joiners", "dimension_words",
    "half_words", "half_of", "stacking_scales", "bare_scales", "alternatives", "ratio_cues",
    "double_object_verbs", "verb_markers", "rate_words", "rate_not_before",
    "rate_nouns",
    "multipliers", "ordinal_determiners", "gerund_cues", "hyphen_not_nouns",
    "relative_time_words", "collect_verbs", "dotted_references", "period_cues",
    "period_fractions", "object_stops", "irregular_past", "time_fillers", "adjective_endings",
    "dot_grouped_currencies",
)  # fmt: skip


class _Phrases:
    """Phrase -> value keyed by lower-cased token tuples; first/last-token sets for quick misses."""

    def __init__(self, mapping: dict) -> None:
        self.table = {tuple(_TOKEN.findall(str(k).lower())): v for k, v in mapping.items()}
        self.table.pop((), None)
        self.max = max((len(k) for k in self.table), default=0)
        self.first = {k[0] for k in self.table}
        self.last = {k[-1] for k in self.table}


class _Lex:
    """One language's word tables, compiled from its YAML section into lookups."""

    def __init__(self, lang: str, d: dict) -> None:
        self.lang, self.en = lang, lang == "en"
        for key in _WORD_SETS:
            setattr(self, key, {str(x).lower() for x in d.get(key) or ()})
        self.continental = bool(d.get("continental"))
        self.space_groups = bool(d.get("space_groups"))
        self.compounds = bool(d.get("compounds"))
        self.day_dot = bool(d.get("date_day_dot"))
        self.month_cap = bool(d.get("months_capitalised"))
        self.frac_plural = bool(d.get("fraction_plural"))  # "dos tercios", not "dos tercio"
        self.noun_caps = bool(d.get("nouns_capitalised"))  # German: "mit Leerzeichen 74 Zeichen"
        self.words = {k.lower(): (float(v[0]), v[1]) for k, v in d.get("numbers", {}).items()}
        self.ordinals = {k.lower(): (float(v[0]), v[1]) for k, v in d.get("ordinals", {}).items()}
        self.abbrev = {k.lower(): float(v) for k, v in d.get("abbreviations", {}).items()}
        self.frac = {k.lower(): float(v) for k, v in d.get("fraction_values", {}).items()}
        #: "-ième", "-avo", "-ésimo": a cardinal made into a denominator ("veintiunavos")
        self.frac_suffixes = sorted(d.get("fraction_suffixes") or (), key=len, reverse=True)
        self.frac_stems = {
            str(k).lower(): str(v).lower() for k, v in (d.get("fraction_stems") or {}).items()
        }
        self._frac_cache: dict[str, tuple | None] = {}
        self.negators = {str(x).lower() for x in d.get("negators") or ()}
        self.scales = {w: v for w, (v, cat) in self.words.items() if cat in "hsd"} | self.abbrev
        ff = d.get("false_friends", {})
        self.false_friends = {k: (float(v[0]), v[1] and float(v[1])) for k, v in ff.items()}
        self.after_digits = set(self.scales) | set(_GLUED_SCALES) | set(self.false_friends)
        mods, post = d.get("modifiers", {}), d.get("post_modifiers", {})
        self.mods = _Phrases({p: t for t, ps in mods.items() for p in ps})
        self.post = _Phrases({p: t for t, ps in post.items() for p in ps})
        self.fillers = _Phrases(dict.fromkeys(d.get("fillers", ()), True))
        self.ratio = _Phrases(dict.fromkeys(d.get("ratio_words", ()), True))
        self.percent = _Phrases(dict.fromkeys(d.get("percent", ()), True))
        self.cur_pre = _Phrases(d.get("currency_prefix", {}))
        self.cur_suf = _Phrases(d.get("currency_suffix", {}))
        self.dirs = _Phrases(
            {**dict.fromkeys(d.get("up", ()), "up"), **dict.fromkeys(d.get("down", ()), "down")}
        )
        self.object_change = {
            **dict.fromkeys(d.get("object_change_up", ()), "up"),
            **dict.fromkeys(d.get("object_change_down", ()), "down"),
        }
        idioms = d.get("ordinal_idioms") or {}
        self.ordinal_idioms = {
            str(k).lower(): {str(x).lower() for x in v} for k, v in idioms.items()
        }
        self.time = {k.lower(): v for k, v in d.get("time_units", {}).items()}
        units = d.get("units") or {}
        self.units = _Phrases({form: name for name, forms in units.items() for form in forms})
        self.after_scale_cur = {
            str(k).lower(): v for k, v in (d.get("currency_after_scale") or {}).items()
        }
        self.rate_adverbs = {str(k).lower(): v for k, v in (d.get("rate_adverbs") or {}).items()}
        self.letter_units = {str(k).lower(): v for k, v in (d.get("letter_units") or {}).items()}
        sizes = d.get("unit_sizes") or {}
        self.unit_sizes = {name: (float(size), str(base)) for name, (size, base) in sizes.items()}
        self.hyphen_time = {**self.time, **d.get("hyphen_time_units", {})}
        self.months = {k.lower(): v for k, v in d.get("months", {}).items()}
        self.vague = {" ".join(_TOKEN.findall(k.lower())): v for k, v in d.get("vague", {}).items()}
        self.anchors = set(self.words) | set(self.ordinals) | set(self.months)
        self.anchors |= {k.split()[0] for k in self.vague} | {"a", "an", "half", "quarter"}
        self.anchors |= self.half_words
        if not self.en:  # "media docena", "demi-million", "quart de million"
            self.anchors |= set(self.frac)
        pieces = [w for w in self.words if len(w) >= 3]
        self._heads, self._tails = {w[:3] for w in pieces}, {w[-3:] for w in pieces}
        self._split_cache: dict[str, tuple | None] = {}

    def frac_pieces(self, word: str) -> tuple | None:
        """The number pieces of a suffixed denominator ("veintiunavos" -> 21), or None."""
        if not self.frac_suffixes or len(word) > 60:
            return None
        if word not in self._frac_cache:
            if len(self._frac_cache) > 20000:
                self._frac_cache.clear()
            got = None
            for suf in self.frac_suffixes:
                if not word.endswith(suf) or len(word) <= len(suf) + 1:
                    continue
                stem = word[: -len(suf)]
                for cand in (self.frac_stems.get(stem, stem), stem + "e", stem + "a"):
                    got = ((self.words[cand],) if cand in self.words else None) or self.split(
                        cand, force=True
                    )
                    if got:
                        break
                break
            self._frac_cache[word] = got
        return self._frac_cache[word]

    def split(self, word: str, force: bool = False) -> tuple | None:
        """A German-style compound ("zweiundzwanzig") as (value, category) pieces, or None.

        Dynamic programming from the end: ``tail[i]`` splits ``word[i:]``, longest piece
        first, so a word costs O(len^2) dictionary probes (words are capped at 60 chars).
        ``force`` splits in languages that do not write numbers as one word too (the stems of
        Spanish denominators: "dosmil|ésimos").
        """
        if not (self.compounds or force) or not 6 <= len(word) <= 60:
            return None
        if word[:3] not in self._heads:
            return None
        if word[-3:] not in self._tails:
            return None
        if word not in self._split_cache:
            if len(self._split_cache) > 20000:
                self._split_cache.clear()
            glue, size = self.compound_glue, len(word)
            tail: list[tuple | None] = [None] * size + [()]
            for i in range(size - 1, -1, -1):
                for end in range(size, i, -1):
                    head, rest = word[i:end], tail[end]
                    if rest is not None and (head in self.words or head in glue):
                        tail[i] = (() if head in glue else (self.words[head],)) + rest
                        break
            self._split_cache[word] = tail[0] if tail[0] and len(tail[0]) > 1 else None
        return self._split_cache[word]


@functools.cache
def _raw() -> dict:
    """The word lists, parsed once on first use."""
    with open(_DATA, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: fast


def _lex(lang: str) -> _Lex:
    """The tables for ``lang`` ("de-AT" -> "de"); unknown languages read as English."""
    base = (lang or "en").lower().replace("_", "-").split("-")[0]
    return _lex_for(base if base in _raw() else "en")


@functools.cache
def _lex_for(lang: str) -> _Lex:
    return _Lex(lang, _raw()[lang])


class _Ctx:
    """The token view of one text, plus scan state (``floor``: look-back stops there)."""

    def __init__(self, text: str, lex: _Lex, sem: Semantics) -> None:
        self.text, self.lex, self.sem = text, lex, sem
        st, en, toks = [], [], []
        for m in _TOKEN.finditer(text):
            st.append(m.start())
            en.append(m.end())
            toks.append(m.group())
        self.st, self.en, self.toks, self.n = st, en, toks, len(toks)
        self.lows = [t.lower() for t in toks]
        self.typ = ["d" if "0" <= t[0] <= "9" else "w" if t[0].isalpha() else "p" for t in toks]
        self.floor = 0
        self.pending: dict[int, str] = {}  # token -> direction, for "rose from 10 to 20"
        self.ahead: tuple[int, _N | None] = (-1, None)  # _range's look-ahead parse
        self.chain = -1  # "5: 2: 1": tokens before this are terms of a ratio (_colon_ratio)
        self.urls = [x for m in _URL.finditer(text) for x in m.span()] if "/" in text else []
        self.vmap = {" ".join(k.lower().split()): k for k in sem.vague}  # "Tens  of" -> key
        self.vfirst = {k.split(" ", 1)[0] for k in self.vmap}

    def glued(self, i: int) -> bool:
        return 0 < i < self.n and self.st[i] == self.en[i - 1]

    def in_url(self, i: int) -> bool:
        return bool(self.urls) and bisect_right(self.urls, self.st[i]) % 2 == 1

    def low(self, i: int) -> str:
        """Lower-cased token ``i``, or "" outside [floor, n): look-back never crosses a quantity."""
        return self.lows[i] if self.floor <= i < self.n else ""

    def back(self, j: int, phr: _Phrases) -> tuple[int, object] | None:
        """Longest phrase of ``phr`` ending just before token ``j``: (start, value)."""
        if j - 1 < self.floor or self.lows[j - 1] not in phr.last:
            return None
        for size in range(min(phr.max, j - self.floor), 0, -1):
            v = phr.table.get(tuple(self.lows[j - size : j]))
            if v is not None:
                return j - size, v
        return None

    def fwd(self, j: int, phr: _Phrases) -> tuple[int, object] | None:
        """Longest phrase of ``phr`` starting at token ``j``: (end, value)."""
        if j >= self.n or self.lows[j] not in phr.first:
            return None
        for size in range(min(phr.max, self.n - j), 0, -1):
            v = phr.table.get(tuple(self.lows[j : j + size]))
            if v is not None:
                return j + size, v
        return None

    def count_noun(self, k: int, depth: int = 3) -> bool:
        """Is there a plural count noun within ``depth`` lower-case words ("7.500 foreign holders")?"""
        lex = self.lex
        for j in range(k, min(k + depth, self.n)):
            w = self.lows[j]
            if self.typ[j] != "w" or not self.toks[j][0].islower() or w in lex.noun_stops:
                return False
            if w in lex.irregular_plurals or _regular_plural(w) and w not in lex.not_plurals:
                return True
        return False


def _year_like(q: _N) -> bool:
    """A bare four-digit integer in 1800-2100: "2006", not "2,006" or "2006.5"."""
    return bool(q.plain) and len(q.plain) == 4 and 1800 <= q.value <= 2199


def _regular_plural(w: str) -> bool:
    """ "trucks", "holders", "days": ends in -s but not -ss, -is, -us ("across", "crisis", "virus")."""
    return len(w) > 3 and w[-1] == "s" and w[-2] not in "siu'"


class _N:
    """A number being built: core tokens [a, cb), whole span [p, b), and what the stages learnt."""

    __slots__ = ("a", "b", "cb", "p", "value", "lo", "hi", "digits", "ordinal", "vague", "article")
    __slots__ += ("plain", "scale", "readings", "notes", "rng", "kind", "unit", "mod", "direction")
    __slots__ += ("year_rng",)

    def __init__(self, a: int, b: int, value: float, digits: bool = False) -> None:
        self.a, self.b, self.cb, self.p = a, b, b, a
        self.value = self.lo = self.hi = value
        self.digits, self.ordinal, self.vague = digits, False, False
        self.article = self.rng = False
        self.plain: str | None = None  # the digits, if written as a bare integer (year candidates)
        self.scale, self.readings, self.notes, self.year_rng = 1.0, (), (), False
        self.kind = self.unit = self.mod = self.direction = None


# --------------------------------------------------------------------------- numbers


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


def _english_money(c: _Ctx, i: int) -> bool:
    """A currency sign written just before the digits at ``i``, the English way ("$", "€",
    "US$"), of a currency not written with dot groups in English copy (rupiah is)."""
    got = c.back(i, c.lex.cur_pre)
    return got is not None and str(got[1]).lower() not in c.lex.dot_grouped_currencies


def _digits(c: _Ctx, i: int) -> _N | None:
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
    elif s.isdigit() and j < n and c.glued(j) and toks[j] in _VULGAR:  # "2½"
        value, j = value + _VULGAR[toks[j]], j + 1
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
    q = _N(a, j, value, digits=True)
    q.plain = s if s.isdigit() and j == i + 1 and a == i else None
    if j < n and c.glued(j) and c.lows[j] in lex.ordinal_suffixes and s.isdigit():
        q.ordinal, q.b = True, j + 1
        return q
    scale, notes, ff_ratio = 1.0, [], None
    for _ in range(3):
        w = c.lows[j] if j < n else ""
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
        money = money or i > 0 and toks[i - 1] == "PS" and c.glued(i)
        big = toks[j] in ("M", "B", "MM") or w == "b" and dec_mark in s  # "4.3M sales", "1.2b"
        # "2.7m combined sales": a decimal before "m" is millions, unless a size follows
        big = big or w == "m" and dec_mark in s and c.low(j + 1) not in lex.dimension_words
        noun = w != "mm" and c.count_noun(j + 1)  # "5mm bolts" are millimetres
        if sc is None and w in _GLUED_SCALES and c.glued(j) and (money or big or noun):
            sc = _GLUED_SCALES[w]  # "US$ 3MM", "$5mm": millions
        if sc is None and w in _GLUED_SCALES and money and loose and w != "t":
            sc = _GLUED_SCALES[w]  # "$ 4.5 m": after a currency sign a spaced "m" is millions too
        if sc is None and lex.en and w in lex.false_friends:
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
            q.unit, j = _unit_at(c, j, glued=True) or (
                lex.letter_units.get(c.lows[j], toks[j]),
                j + 1,
            )
        else:
            return None  # "4G", "3D", "1990s", "5pm"
    if amb == "dot" and scale > 1 and _english_money(c, i):
        amb = None  # "$2.125 billion", "€1.250 million": an amount to three decimals of its scale
    if amb in ("dot", "comma") and lex.en:
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
    if scale >= 1000 and j + 1 < n and (c.lows[j] == "and" or c.lows[j] in lex.connectors):
        fr = _and_fraction(c, j + 1, True) if lex.en else _intl_and_fraction(c, j + 1, False)
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


def _digit_scale_tail(c: _Ctx, j: int, last: float) -> tuple[float, int]:
    """What follows "4 thousand" or "3 hundred" in digits: "3 hundred", "and 21": (sum, end).

    French and Spanish join the units without a connector: "3 cent un", "4 mille 3 cents et 21".
    """
    add, n, lex = 0.0, c.n, c.lex
    while j < n:
        conn = c.lows[j] == "and" if lex.en else c.lows[j] in lex.connectors
        k = j + (conn and (last == 100 or last >= 1000))
        if k < n and c.typ[k] == "w" and (k > j or not lex.en and last == 100):
            w = _words_en(c, k, k, 0.0) if lex.en else _words_intl(c, k)  # "3 hundred and one"
            e = lex.words.get(c.lows[k])
            if w is None and not lex.en and e and e[1] in "utTn":
                w = _N(k, k + 1, e[0])  # "3 cent un": "un" is no article here
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
_VULGAR = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅖": 0.4}
_VULGAR |= {"⅗": 0.6, "⅘": 0.8, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625}
_VULGAR |= {"⅞": 0.875}
_EXP_SIGNS = {"-": -1, "−": -1, "+": 1}


def _proper_fraction(c: _Ctx, k: int) -> tuple[float, int] | None:
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


def _digit_fraction(c: _Ctx, i: int) -> tuple[float, int] | None:
    """ "3/4" at token ``i``, or a mixed number "2 1/4" starting there."""
    got = _proper_fraction(c, i)
    if got:
        return got
    spaced = i + 1 < c.n and not c.glued(i + 1) and c.typ[i + 1] == "d" and len(c.toks[i]) <= 3
    spaced = spaced and "\n" not in c.text[c.en[i] : c.st[i + 1]]
    if spaced and (got := _proper_fraction(c, i + 1)):
        return int(c.toks[i]) + got[0], got[1]
    return None


def _power(c: _Ctx, j: int) -> tuple[int, int] | None:
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


def _exponent(c: _Ctx, j: int) -> tuple[int, int] | None:
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


def _and_fraction(c: _Ctx, k: int, scale: bool = False) -> tuple[float, int] | None:
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
    if w in ("a", "an", "one") and not f.endswith("s"):
        return 1.0 / lex.frac[f], k + 2
    if e and e[1] in "ut" and e[0] > 1 and f.endswith("s"):  # "six and eleven twelfths"
        return e[0] / lex.frac[f], k + 2
    return None


def _word_fraction(c: _Ctx, q: _N) -> _N:
    """ "two thirds", "one-eighth", "twenty-three fifths": the count divides by the fraction.

    English denominators may be any ordinal: "three twenty-firsts" (3/21), "one one hundred
    fifth" (1/105), "a hundred trillionths"; a plural ordinal after a tens word takes that
    word as its own ("one hundred thirty-fifths" is 100/35, as "thirty-fifths" is a unit).
    """
    lex, j = c.lex, q.b
    if j + 1 < c.n and c.toks[j] == "-" and c.glued(j) == c.glued(j + 1):
        j += c.glued(j) or c.lows[j + 1] in lex.frac  # "one-eighth", "five - eighths"
    f = c.lows[j] if j < c.n else ""
    if q.value != int(q.value) or q.value < 1 or _periods(c, q.a, j):
        return q
    if f not in lex.frac:
        return _ordinal_fraction(c, q, j) if lex.en else q
    if f.endswith("s") if q.value > 1 else not f.endswith("s") or c.lows[q.a] == "one":
        t = q.b - 1  # "one hundred thirty fifths": the tens word belongs to the denominator
        split = t > q.a and f.endswith("s") and c.lows[t - 1] != "and"  # "hundred and thirty"
        e = lex.words.get(c.lows[t]) if split else None
        if e and e[1] == "T" and (d := _ordinal_denominator(c, t)) and d[0] > e[0]:
            q.value, q.b = (q.value - e[0]) / d[0], d[1]
            return q
        q.value, q.b = q.value / lex.frac[f], j + 1
        if c.lows[q.b : q.b + 2] in (["of", "a"], ["of", "an"]) and q.value < 1:
            e = lex.words.get(c.low(q.b + 2))  # "two thirds of a million"
            if e and e[1] == "s":
                q.value, q.b = q.value * e[0], q.b + 3
        elif q.value < 1 and (e := lex.words.get(c.low(q.b))) and e[1] == "s":
            q.value, q.b = q.value * e[0], q.b + 1  # "two thirds million"
    return q


def _periods(c: _Ctx, a: int, f: int) -> bool:
    """ "the past two quarters", "the next three quarters": periods counted, not 2/4 or 3/4
    (but "the last three quarters of a mile" is a fraction)."""
    lex = c.lex
    return (
        c.low(f) in lex.period_fractions
        and c.low(a - 1) in lex.period_cues
        and c.low(f + 1) != "of"
    )


def _ordinal_denominator(c: _Ctx, j: int) -> tuple[float, int, bool] | None:
    """An English ordinal at token ``j`` used as a denominator: (value, end, plural)."""
    d = _words_en(c, j, j, 0.0, plural=True)
    if d is None or not d.ordinal or d.value < 3 or d.value != int(d.value):
        return None
    if d.b < c.n and c.toks[d.b] == "-" and c.glued(d.b):
        return None  # "one twentieth-century writer"
    last = c.lows[d.b - 1]
    return d.value, d.b, last not in c.lex.ordinals


def _ordinal_fraction(c: _Ctx, q: _N, j: int) -> _N:
    """ "three twenty-firsts", "one twenty-fifth", "one one hundred fifth"."""
    d = _ordinal_denominator(c, j) if j < c.n else None
    if d and (d[2] if q.value > 1 else not d[2]):
        q.value, q.b = q.value / d[0], d[1]
    return q


#: English number-word grammar: which category may follow which (None = at the start).
#: z zero, u 1-9, t 10-19, T tens, h hundred, s scale, d dozen, x "and a half".
_EN_NEXT = {None: "zutTh", "u": "hsd", "t": "hsd", "T": "uhs", "h": "utTs", "s": "utT", "x": "s"}


def _words_en(c: _Ctx, start: int, k: int, group: float, plural: bool = False) -> _N | None:
    """English number words: "fifty-one", "one hundred and twenty", "two million one thousand".

    With ``plural`` a plural ordinal ends the number too ("twenty-firsts", for denominators).
    """
    W, ORD, lows, n = c.lex.words, c.lex.ordinals, c.lows, c.n
    total, prev, last_scale, end, ordinal = 0.0, ("u" if group else None), INF, None, False
    tail = 0.0  # the units and tens after the group's hundred: "four hundred and three dozen"
    while k < n and k - start < 40:
        w = lows[k]
        if w == "-" and prev == "T" and k + 1 < n:
            e = W.get(lows[k + 1]) or ORD.get(lows[k + 1])
            if c.glued(k) and c.glued(k + 1) or e and e[1] == "u" and not c.glued(k + 1):
                k += 1  # fifty-one; "fifty - two" with spaces, before a unit word only
                continue
        joins = w == "and" and not plural and prev in ("u", "t", "T", "h", "s")
        if joins and (fr := _and_fraction(c, k + 1, prev in ("h", "s"))):  # not in a denominator
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
        if w == "and" and prev in ("h", "s") and k + 1 < n:
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
    if point and (tail := _decimal_tail(c, end + 1)):  # "five point five", "point zero three"
        value, end, prev = value + tail[0], tail[1], "x"
    q = _N(start, end, value)
    q.ordinal = ordinal
    if prev == "s" and not ordinal and last_scale < INF:
        q.scale = last_scale  # "four to five thousand": the scale reaches back to "four"
    return q


def _fold(lex: _Lex, seq: list[tuple]) -> float | None:
    """The value of a run of number words, each given as its pieces; None if not one number."""
    st = [0.0, 0.0, 0.0, (), INF]
    for pieces in seq:
        if not _add_pieces(lex, st, pieces, len(pieces) == 1):
            return None
    return st[0] + st[1]


def _frac_den(lex: _Lex, w: str) -> float | None:
    """Denominator of a fraction word: "tercios" 3, "veintiunavos" 21, "cinquièmes" 5."""
    if w in lex.frac:
        return lex.frac[w]
    pieces = lex.frac_pieces(w)
    d = _fold(lex, [pieces]) if pieces else None
    return d if d and d >= 4 and d == int(d) else None


def _intl_ordinal_fraction(c: _Ctx, i: int) -> _N | None:
    """Number words ending in an ordinal denominator: "trois vingt-et-unièmes" (3/21),
    "ciento treinta y tres veintiunavos" (133/21), "cent trente cinquièmes" (100/35).

    The count is the number read as usual, except that a tens word just before the ordinal
    goes with it ("un vingt cinquième" is 1/25) and so do words joined to it by a hyphen or
    "et" ("trois vingt-et-unièmes"). With no count left it is an ordinal ("le
    vingt-cinquième anniversaire"); "trois et un cinquième" is 3 + 1/5 (see
    ``_intl_and_fraction``).
    """
    lex, lows, n = c.lex, c.lows, c.n
    run, joined, k, glue = [], [], i, False
    while k < n and k - i < 16:
        w = lows[k]
        if run and w in lex.connectors:
            compound = run[-1][-1][1] == "T" and lex.words.get(c.low(k + 1), (0,))[0] == 1
            if w in lex.fraction_joiners and not compound and _intl_and_fraction(c, k + 1, True):
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
        q = _N(i, k + 1, d)  # "le vingt-cinquième anniversaire": an ordinal, not 20/5
        q.ordinal = True
        return q
    if cut == 0:
        cut, num, d = len(run), _fold(lex, run), _fold(lex, [den])  # "cinq-huitièmes"
    if lex.frac_plural and num and num > 1 and not lows[k].endswith("s"):
        return None  # "dos millonésimo" does not agree: no fraction
    if num and d and num >= 1 and num == int(num) and d >= 4 and d == int(d):
        return _N(i, k + 1, num / d)
    return None


def _words_intl(c: _Ctx, i: int) -> _N | None:
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
            fr = _intl_and_fraction(c, m, w in lex.fraction_joiners)  # "trois et un cinquième"
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
        j = end + (end + 1 < n and lows[end] in ("-", "de") and lows[end + 1] in lex.scales)
        if j < n and lows[j] in lex.scales:  # "un demi-million", "deux tiers de million"
            value, end = value * lex.scales[lows[j]], j + 1
        return _N(i, end, value)
    if f in lex.fraction_joiners and (fr := _intl_and_fraction(c, end + 1, True)):
        scale = state[3][-1][0] if prev_cat == "s" and state[3] else 1.0
        end, value = fr[1], value + fr[0] * scale  # "cinco con un cuarto"
        after = lows[end] if end < n and scale == 1.0 else ""
        if after in lex.words and lex.words[after][1] == "s":  # "fünf und drei Viertel Milliarden"
            end, value = end + 1, value * lex.words[after][0]
        return _N(i, end, value)
    if f in lex.decimal_words and (tail := _decimal_tail(c, end + 1)):  # "siete coma cinco"
        return _N(i, tail[1], value + tail[0])
    article = end == i + 1 and lows[i] in lex.articles and c.low(i - 1) not in lex.negators
    if article and not c.fwd(end, lex.ratio):
        return None  # a bare "un" / "eine" is an article (but "un sur trois", "moins un")
    return _N(i, end, value)


def _intl_and_fraction(c: _Ctx, k: int, joiner: bool) -> tuple[float, int] | None:
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


def _decimal_tail(c: _Ctx, k: int) -> tuple[float, int] | None:
    """The digits after "point" / "coma" / "virgule": "zero three" = .03, "seventy-one" = .71."""
    lex, lows, n, digits, j = c.lex, c.lows, c.n, "", k
    while j < n and (e := lex.words.get(lows[j])) and e[1] in "zu" and len(digits) < 12:
        digits, j = digits + str(int(e[0])), j + 1
    if len(digits) == 1 and j < n and lows[j] in lex.words:
        digits, j = "", k  # "point seventy-one" starts like "point seven"
    if not digits and k < n:
        q = _words_en(c, k, k, 0.0) if lex.en else _words_intl(c, k)
        if q is None or q.ordinal or q.value != int(q.value) or q.value >= 1e12:
            return None
        digits, j = str(int(q.value)), q.b
    return (float("0." + digits), j) if digits else None


def _add_pieces(lex: _Lex, st: list[float], pieces: tuple, check: bool) -> bool:
    """Fold number-word pieces into ``st`` = [total, group, last, scale stack, prev_add].

    Additive pieces must shrink ("treinta y dos", not "dos tres"), a hundred may not follow a
    hundred, and a scale multiplies the groups of smaller scales before it ("mil millones",
    "tres billones cuatrocientos mil millones"); the stack holds (scale, amount) pairs.
    False means the pieces do not continue the number.
    """
    total, group, last, stack, prev_add = st
    for v, cat in pieces:
        if cat in "uztTn":
            if lex.lang == "fr" and v == 20 and last == 4 and group:
                group, last, prev_add = group + 76, 80.0, 80.0  # quatre-vingt(s)
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


def _vague(c: _Ctx, i: int) -> _N | None:
    """Vague amounts from ``Semantics.vague`` ("hundreds", "tens of thousands", "a few hundred")."""
    vague, lex, lows, n = c.sem.vague, c.lex, c.lows, c.n
    for size in (3, 2, 1):
        phrase = " ".join(lows[i : i + size])
        key = c.vmap.get(phrase if lex.en else lex.vague.get(phrase, ""))
        if i + size > n or key is None:
            continue
        if lex.en and phrase in _NEEDS_OF and (lows[i + size] if i + size < n else "") != "of":
            return None
        many_ok = c.low(i - 1) not in lex.many_blockers and c.typ[min(i + 1, n - 1)] == "w"
        if lex.en and phrase == "many" and not many_ok:
            return None  # "how many", "as many as"
        lo, hi = float(vague[key][0]), float(vague[key][1])
        k = i + size
        while hi < 100 and k < min(n, i + size + 2) and lows[k] in lex.scales:
            lo, hi, k = (
                lo * lex.scales[lows[k]],
                hi * lex.scales[lows[k]],
                k + 1,
            )  # "several thousand"
        q = _N(i, k, lo)
        q.vague, q.lo, q.hi = True, lo, hi
        return q
    return None


def _core(c: _Ctx, i: int) -> _N | None:
    """The number starting at token ``i``, with its scale words, or None."""
    if c.typ[i] == "d":
        return _digits(c, i)
    if c.toks[i] in _VULGAR:  # "½", "⅔"
        return _N(i, i + 1, _VULGAR[c.toks[i]], digits=True)
    if c.typ[i] != "w":
        return None
    w, lex = c.lows[i], c.lex
    if w in c.vfirst or w in lex.vague:
        q = _vague(c, i)
        if q is not None:
            return q
    if not lex.en:
        if w in lex.half_words:  # "la moitié des", "la mitad de": half, as "half of"
            return _N(i, i + 1, 0.5) if c.low(i + 1) in lex.half_of else None
        if w in lex.frac:  # "media docena", "medio millón", "demi-million", "quart de million"
            hyphen = c.low(i + 1) == "-" and c.glued(i + 1) and c.glued(i + 2)
            k = i + 1 + (hyphen or c.low(i + 1) == "de" and lex.frac[w] > 2)
            e = lex.words.get(c.low(k))
            return _N(i, k + 1, e[0] / lex.frac[w]) if e and e[1] in "sd" else None
        return _words_intl(c, i) if w in lex.words or lex.split(w) else None
    sc = lex.scales.get(c.lows[i + 1]) if i + 1 < c.n else None
    if w == "quarter" and sc and sc >= 1000:  # "quarter million"
        return _N(i, i + 2, sc / 4)
    if w not in ("a", "an", "half"):
        q = _words_en(c, i, i, 0.0)
        return _word_fraction(c, q) if q and not q.ordinal else q
    nx = c.lows[i + 1] if i + 1 < c.n else ""
    if w != "half" and lex.time.get(nx) == nx:
        q = _N(i, i + 1, 1.0)
        q.article = True  # "a year": a duration only after "for", "almost", ... (see _build)
        return q
    if w == "half":  # "half a million", "half million", "half the condos"
        e = lex.words.get(c.lows[i + 2]) if nx in ("a", "an") and i + 2 < c.n else None
        if e and e[1] in "hsd":
            return _N(i, i + 3, 0.5 * e[0])
        if nx in ("a", "an") and c.low(i + 2) in lex.time:
            return _N(i, i + 2, 0.5)  # "half a century", "half an hour": the unit is read after
        e = lex.words.get(nx)
        if e and e[1] in "sd":
            return _N(i, i + 2, 0.5 * e[0])
        if nx in ("of", "the"):
            return _N(i, i + 1, 0.5)
        hyphen = i + 1 < c.n and c.toks[i + 1] == "-" and c.glued(i + 1)
        got = None if hyphen else c.back(i, lex.mods)  # "more than half", "nearly half."
        return _N(i, i + 1, 0.5) if got and got[1] != "exact" else None
    if nx in lex.ordinals and lex.ordinals[nx][1] == "s":  # "a millionth": a fraction
        return _N(i, i + 2, 1.0 / lex.ordinals[nx][0])
    sc = lex.scales.get(c.lows[i + 2]) if i + 2 < c.n else None
    if nx == "half" and i + 3 < c.n and c.toks[i + 2] == "-" and c.glued(i + 3):
        e = lex.words.get(c.lows[i + 3])
        if e and e[1] in "hsd":  # "a half-dozen", "a half-million"
            return _N(i, i + 4, 0.5 * e[0])
    if nx in lex.frac and not nx.endswith("s") and sc and sc >= 1000:  # "a quarter million"
        return _N(i, i + 3, sc / lex.frac[nx])
    if nx in lex.frac and not nx.endswith("s"):  # "a third of", "a quarter."
        after = c.lows[i + 2] if i + 2 < c.n else "."
        if after in lex.noun_stops or c.typ[min(i + 2, c.n - 1)] == "p" or i + 2 >= c.n:
            return _N(i, i + 2, 1.0 / lex.frac[nx])
    elif nx in lex.words and lex.words[nx][1] == "T" and (d := _ordinal_denominator(c, i + 1)):
        end = d[1]  # "a thirty-first of the vote": a fraction when no noun follows
        alone = end >= c.n or c.lows[end] in lex.noun_stops or c.typ[end] == "p"
        if alone and not d[2] and (end >= c.n or c.toks[end] != "-"):
            return _N(i, end, 1.0 / d[0])
    e = lex.words.get(nx)
    if not (e and e[1] in "hsd"):
        return None
    q = _words_en(c, i, i + 1, 1.0)  # "a dozen", "a million"
    return _word_fraction(c, q) if q and not q.ordinal else q  # "a hundred trillionths"


# --------------------------------------------------------------------------- ranges, modifiers


def _range(c: _Ctx, q: _N) -> _N | None:
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
        if before not in lex.range_from and _direction(c, a0):
            return q  # "rose 5% to 7%"
    elif sep not in _DASHES:
        return q
    k = j + 1
    neg2 = sep in lex.range_and and k + 1 < n
    neg2 = neg2 and (lows[k] in lex.negators or toks[k] in ("-", "−") and c.glued(k + 1))
    k += neg2  # "between -20 and -10"
    cur2 = lows[k] in lex.cur_pre.last
    k += cur2
    if k >= n or cur2 and (a0 == q.a or sep in lex.alternatives):
        return q  # "$20 or $50 notes": two amounts, not a range
    q2 = _core(c, k)
    c.ahead = (k, q2)  # "5, 10 - 20": the next candidate reuses this parse
    if q2 is None or q2.vague or q2.ordinal or q2.article or q2.kind:
        return q
    if pct and not c.fwd(q2.b, lex.percent) or unit and c.low(q2.b) != unit:
        return q
    if before in lex.range_from and sep in lex.range_words and _direction(c, a0 - 1):
        c.pending[j + 1] = _direction(c, a0 - 1)  # "rose from 10 to 20": 20 is the new level
        return q
    lo, hi = -q.value if neg1 else q.value, -q2.value if neg2 else q2.value
    if q2.scale > 1 and q.scale == 1 and lo * q2.scale <= hi:
        lo *= q2.scale  # "5-10 million"
    glued_dash = sep in _DASHES and c.glued(j) and c.glued(k)
    year_rng = bool(q.plain and q2.plain and len(q.plain) == 4 and 1800 <= lo <= 2100)
    if year_rng and glued_dash and len(q2.plain) == 2:
        hi = lo // 100 * 100 + hi  # "2023-24"
    if not lo < hi:
        return None if glued_dash else q
    third = q2.b + 1 < n and toks[q2.b] in _DASHES and c.glued(q2.b) and c.typ[q2.b + 1] == "d"
    if glued_dash and third:
        return None  # 555-123-4567
    r = _N(q.a - neg1, q2.b, (lo + hi) / 2, digits=q.digits)
    r.rng, r.lo, r.hi = True, lo, hi
    r.unit = q2.unit or q.unit
    r.year_rng = year_rng and hi <= 2100 and len(q2.plain) in (2, 4)
    r.readings, r.notes = q.readings + q2.readings, tuple(dict.fromkeys(q.notes + q2.notes))
    return r


def _ordinal_range(c: _Ctx, q: _N) -> _N | None:
    """ "between the tenth and the fifteenth", "between 3rd and 8th", "higher than 3rd but
    lower than 8th": a range of ranks."""
    lex = c.lex
    a = q.a - (c.low(q.a - 1) in lex.articles or c.low(q.a - 1) == "the")
    if q.b >= c.n:
        return None
    k = q.b + 1
    if c.low(a - 1) in lex.range_between and c.lows[q.b] in lex.range_and:
        pass
    elif (lo := c.back(a, lex.mods)) and lo[1] in ("gt", "ge") and c.lows[q.b] in _BOUND_JOINERS:
        hi = c.fwd(k, lex.mods)  # "higher than the tenth but lower than the fifteenth"
        if not hi or hi[1] not in ("lt", "le"):
            return None
        a, k = lo[0], hi[0]
    else:
        return None
    k += c.low(k) in lex.articles or c.low(k) == "the"
    q2 = _core(c, k) if k < c.n else None
    if q2 is None or not q2.ordinal or not q.value < q2.value or c.count_noun(q2.b, 2):
        return None  # but "between the first and second world wars": two wars, not ranks
    r = _N(a, q2.b, (q.value + q2.value) / 2, digits=q.digits)
    r.rng, r.ordinal, r.lo, r.hi = True, True, q.value, q2.value
    return r


def _ratio(c: _Ctx, q: _N) -> _N | None:
    """ "one in three", "six in 10", "2 out of 5": a proportion, read as n/m."""
    if q.vague or q.ordinal or q.article or q.kind or q.value != int(q.value) or q.value < 1:
        return None
    colon = _colon_ratio(c, q)
    if colon is not None:
        return colon
    got = c.fwd(q.b, c.lex.ratio) or _hyphen_ratio(c, q.b)
    if got is None and q.b + 1 < c.n and c.lows[q.b] == "to" and _ratio_cue(c, q.a):
        got = (q.b + 1, "cue")  # "the ratio of girls to boys is 3 to 4": 3/4, not a range
    if got is None or got[0] >= c.n:
        return None
    lows, k = c.lows, got[0]
    q2 = _core(c, k)
    if q2 is None or q2.vague or q2.ordinal or q2.article or q2.kind or q2.scale > 1:
        return None
    m, after = q2.value, lows[q2.b] if q2.b < c.n else ""
    proper = q.value < m or got[1] == "cue" and m > 0  # "a ratio of 3 to 1"
    if m != int(m) or not proper or m > 1000 or after in c.lex.time or c.fwd(q2.b, c.lex.percent):
        return None  # "5 in 10 days", "931 in 2015"; "led 52 over 45" is no ratio
    r = _N(q.a, q2.b, q.value / m, digits=q.digits)
    r.unit = None
    return r


def _hyphen_ratio(c: _Ctx, j: int) -> tuple[int, object] | None:
    """ "a two-in-three chance", "a 1-in-5 risk", also spaced as tokenised text prints it
    ("one - in - five"): the ratio word between two hyphens, as (end, value) like ``fwd``."""
    if j >= c.n or c.toks[j] not in _DASHES or c.glued(j) != c.glued(j + 1):
        return None
    got = c.fwd(j + 1, c.lex.ratio)
    k = got[0] if got else c.n
    if k + 1 >= c.n or c.toks[k] not in _DASHES or c.glued(k) != c.glued(j):
        return None
    return (k + 1, got[1]) if c.glued(k + 1) == c.glued(j) else None


def _ratio_cue(c: _Ctx, a: int) -> bool:
    """Does "ratio" come earlier in the sentence (at most 20 tokens back)?"""
    for k in range(a - 1, max(c.floor, a - 20) - 1, -1):
        if c.lows[k] in c.lex.ratio_cues:
            return True
        if c.toks[k] in (".", ";", "?", "!") or c.typ[k] == "d":
            return False
    return False


def _colon_ratio(c: _Ctx, q: _N) -> _N | None:
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
    r = _N(q.a, k + 1, q.value / int(m_text), digits=True)
    r.unit = None
    return r


def _ratio_chain(c: _Ctx, i: int) -> int | None:
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


def _suffix(c: _Ctx, q: _N) -> None:
    """Percent, currency word, time unit and post-modifier ("or more") after the number."""
    if q.vague or q.ordinal:
        return
    lex, toks, lows, n, j = c.lex, c.toks, c.lows, c.n, q.b
    if j < n and q.kind is None:
        if got := c.fwd(j, lex.percent):
            q.kind, q.unit, j = "percent", "%", got[0]
        elif (got := c.fwd(j, lex.cur_suf)) and not q.article and not _sign_of_next(c, got[0]):
            q.kind, q.unit, j = "money", got[1], got[0]  # "10 euros", "10 €"
        elif q.scale > 1 and lows[j] in lex.after_scale_cur and c.low(j + 1) != "of":
            q.kind, q.unit, j = "money", lex.after_scale_cur[lows[j]], j + 1
        elif _compound_hyphen(c, j) and (cur := lex.cur_suf.table.get((lows[j + 1],))):
            q.kind, q.unit, j = "money", cur, j + 2  # "a 12-cent dividend", "a one-yen bid"
        elif _compound_hyphen(c, j) and lows[j + 1] in lex.hyphen_time:
            q.kind, q.unit, j = "duration", lex.hyphen_time[lows[j + 1]], j + 2  # "21-day"
        elif lows[j] in lex.time_fillers and c.low(j + 1) in lex.time and j + 1 < n:
            q.kind, q.unit, j = "duration", lex.time[lows[j + 1]], j + 2  # "five more days"
        elif lows[j] in lex.time and c.typ[j] == "w":
            q.kind, q.unit, j = "duration", lex.time[lows[j]], j + 1
            if lows[j : j + 3] == ["and", "a", "half"] and q.value == int(q.value):
                q.value, j = q.value + 0.5, j + 3  # "a year and a half", "two hours and a half"
    got = None if q.rng else c.fwd(j, lex.post)
    if got and (toks[j] != "+" or c.glued(j)):
        k = got[0] + (got[0] < n and lows[got[0]] == "than")
        if not (k < n and (c.typ[k] == "d" or lows[k] in lex.words)):
            q.mod, j = got[1], got[0]  # but "no more than 12 and more than 194"
    q.b = j


def _sign_of_next(c: _Ctx, end: int) -> bool:
    """A currency sign ending at token ``end`` that a digit follows: "10 $30" is two amounts,
    the sign belongs to the 30."""
    return c.typ[end - 1] != "w" and end < c.n and c.typ[end] == "d"


def _compound_hyphen(c: _Ctx, j: int) -> bool:
    """Token ``j`` is the hyphen of a compound ("21-day"), also as tokenised text writes it,
    with a space on both sides ("a two - day tour", "an 18 - year - old", a time unit
    capitalised in a title: "15 - Week"); a space on one side only is a range or a minus
    sign."""
    if j + 1 >= c.n or c.toks[j] != "-" or c.typ[j + 1] != "w":
        return False
    word = c.toks[j + 1]  # a spaced compound in a title: "Defends 15 - Week Abortion Limit"
    titled = word.istitle() and c.lows[j + 1] in c.lex.hyphen_time
    return c.glued(j) == c.glued(j + 1) and (c.glued(j) or word.islower() or titled)


def _direction(c: _Ctx, p: int) -> str | None:
    """The change verb before token ``p``: "rose 5%", "fell by 74 points", "rose to over 9,000",
    "cut the deficit by $2 trillion" (``_object_change``)."""
    if p in c.pending:
        return c.pending[p]
    got = c.back(p - (c.low(p - 1) in c.lex.direction_skip), c.lex.dirs)
    if got is None:
        return _object_change(c, p) if c.low(p - 1) == "by" else None
    bare = got[0] and c.lows[got[0]] in c.lex.bare_directions
    name = c.toks[got[0] - 1][:1].isupper() and got[0] - 1 > 0  # "Blackmores up 9.4 per cent"
    particle = c.low(got[0] + 1) == "by"  # "bring prices down by 10 cents"
    if bare and c.lows[got[0] - 1] not in c.lex.be_words and not (name or particle):
        return None  # "called up 360,000"; but "shares were up 5%", "up 5%" after a comma
    return got[1]


def _object_change(c: _Ctx, by: int) -> str | None:
    """ "reduce emissions by 0.7%", "lower the deficit by $2 trillion": a verb that changes its
    object, the object (a few lower-case words, no clause or preposition), then "by" at token
    ``by - 1``. Only the verbs of ``object_change_up/down`` count: "won the race by 5 points"
    is a margin, and a noun ("an increase in sales by 5%") is not the verb."""
    lex = c.lex
    for k in range(by - 2, max(by - 7, c.floor - 1), -1):
        w = c.lows[k]
        if w in lex.object_change:
            return lex.object_change[w] if k < by - 2 else None
        if c.typ[k] != "w" or not c.toks[k].islower() or w in lex.object_stops:
            return None
    return None


_MOVE_UP = {"back", "inching", "inched", "edging", "edged", "creeping", "crept", "moving", "moved"}
_MOVE_UP |= {"went", "go", "goes", "going", "gone", "shot", "ramped", "ticked", "trending"}


def _moves_up(c: _Ctx, k: int) -> bool:
    """Is token ``k`` a verb of movement before "up to" ("went up to", "inching back up to")?"""
    w = c.low(k)
    table = c.lex.dirs.table
    return w in _MOVE_UP or table.get((w,)) == "up" or (w, "up") in table  # not "cut up to"


def _prefix(c: _Ctx, q: _N) -> bool:
    """Sign, currency, "between", approximator or bound, and direction before the number."""
    lex, toks, p = c.lex, c.toks, q.a
    sign = p - 1 >= c.floor and toks[p - 1] in ("-", "−") and c.glued(p)
    sign = sign and (not c.glued(p - 1) or toks[p - 2] in ("<", ">", "=", "(", "["))  # "<-30"
    loose = p < 2 or c.typ[p - 2] != "d" or q.kind == "percent"  # "CAC 40 -1.7%", not "3 -1"
    acronym = p >= 2 and c.typ[p - 2] == "w" and len(toks[p - 2]) > 1 and toks[p - 2].isupper()
    if sign and acronym and q.kind is None and q.plain and not c.glued(p - 1):
        return False  # "SARS -2", "MH -17": a code with a stray space, not minus 19
    if sign and q.digits and not q.rng and not q.ordinal and loose:
        q.value, q.readings, p = -q.value, tuple(-x for x in q.readings), p - 1
        if q.kind == "percent":
            q.direction = "down"  # "CAC -1.7%", as "+5%" is up
    elif not (q.rng or q.ordinal or q.vague) and q.value > 0:
        k = p - 1 - (toks[p - 1] == "-" and c.glued(p) and c.glued(p - 1))  # "minus-5"
        neg = k >= c.floor and c.lows[k] in lex.negators and (k == p - 1 or c.glued(k + 1))
        if neg and c.back(p, lex.mods) is None:  # "minus 5", but French "au moins 7 500"
            q.value, q.readings, p = -q.value, tuple(-x for x in q.readings), k
    if p - 1 >= c.floor and toks[p - 1] == "+" and c.glued(p):
        if q.kind != "percent":
            return False  # "+44 20 ...": a phone number
        q.direction, p = "up", p - 1
    if q.kind is None and not (q.ordinal or q.vague) and (pre := _percent_of(c, p)) is not None:
        q.kind, q.unit, p = "percent", "%", pre  # "percent of 10": the rate named first
    if q.digits and q.kind in (None, "money") and not q.ordinal and (got := _currency_before(c, p)):
        q.kind, q.unit, p = "money", got[1], got[0]
    elif (
        q.digits
        and lex.en
        and toks[p - 1] == "PS"
        and c.glued(p)
        and q.kind is None
        and (q.scale > 1 or q.plain is None or len(q.plain) >= 3)
    ):  # "PS6m", "PS21,700": a "£" lost in encoding (but "PS5" is a games console)
        q.kind, q.unit, p = "money", "GBP", p - 1
    if q.rng and (c.low(p - 1) in lex.range_between or c.low(p - 1) in lex.range_from):
        p -= 1
    if q.rng and (got := c.back(p, lex.mods)) and got[1] in ("about", "nearly"):
        if not (c.lows[got[0]] == "about" and c.low(got[0] - 1) in lex.about_blockers):
            p, q.notes = got[0], (*q.notes, "approximate")  # "about 2000 - 2500": still a range
    elif not (q.rng or q.vague or q.ordinal):
        got = c.back(p, lex.mods)
        attributive = _compound_hyphen(c, q.cb)  # "over a 75-year period": when, not a bound
        if got is None and not attributive and (fill := c.back(p, lex.fillers)):
            got = c.back(fill[0], lex.mods)  # "nearly a total of 2.3 million"
        if got and c.lows[got[0]] == "about" and c.low(got[0] - 1) in lex.about_blockers:
            got = None  # "talking about one pause"
        odd = got and toks[got[0]] in ("<", ">") and got[0] > 0 and c.glued(got[0])
        if odd and toks[got[0] - 1] in ("<", "=", ">"):
            return False  # "<>30", "=>30": not a comparison we read
        if got and c.lows[got[0] : p] == ["up", "to"] and _moves_up(c, got[0] - 1):
            q.direction, got = "up", None  # "inching back up to 4.8 percent": a move, not a cap
        if got:
            q.mod, p = q.mod or got[1], got[0]
            money = q.digits and q.kind in (None, "money") and (cur := _currency_before(c, p))
            if money:  # "$less than 3200", "Rs more than 2 million": the sign before the bound
                q.kind, q.unit, p = "money", q.unit or cur[1], cur[0]
    collected = q.kind == "money" and c.low(p - 1) in lex.collect_verbs  # "raised $80 million"
    q.direction, q.p = q.direction or (None if collected else _direction(c, p)), p
    return True


def _currency_before(c: _Ctx, p: int) -> tuple[int, object] | None:
    """The currency written just before token ``p``.

    Letters before a sign name a currency only as written: "A$5", "US$5", "Rs 5", never the
    article in "a $42 million renovation" (read as "$" alone), and a lone capital must be
    glued to its sign ("A $42 million" opening a sentence is "$").
    """
    got = c.back(p, c.lex.cur_pre)
    if got is None:
        return None
    for k in range(got[0], p - 1):
        article = c.toks[k].islower() or (len(c.toks[k]) == 1 and not c.glued(k + 1))
        if c.typ[k] == "w" and c.typ[k + 1] == "p" and article:
            sign = c.lex.cur_pre.table.get((c.lows[p - 1],))
            return (p - 1, sign) if sign is not None else None
    return got


def _percent_of(c: _Ctx, p: int) -> int | None:
    """Start of "percent of" / "per cent of" just before token ``p``, when no number leads it.

    "per cent of 210" is 210%; "20 per cent of 210" is left to the 20, and "a percent of" or
    "the percentage of" (a share, not a rate) are not read this way.
    """
    if c.low(p - 1) != "of" or not (got := c.back(p - 1, c.lex.percent)):
        return None
    k = got[0] - 1
    if k >= c.floor and (c.typ[k] != "p" or c.toks[k] == "%"):
        return None  # "20 percent of 210", "the percentage of 40", "a percent of"
    return got[0]


# --------------------------------------------------------------------------- filters


def _title_case(c: _Ctx, i: int) -> bool:
    words = [t for t in c.toks[max(0, i - 6) : i + 6] if len(t) > 3 and t[0].isalpha()]
    return len(words) >= 3 and sum(t[0].isupper() for t in words) >= 0.75 * len(words)


def _proper_before(c: _Ctx, a: int) -> bool:
    """A capitalised word, not sentence-initial, right before: "Boeing 737", "Air Force One"."""
    k, lex = a - 1, c.lex
    if k < 0 or c.typ[k] != "w" or not c.toks[k][0].isupper() or c.lows[k] in lex.function_words:
        return False
    w = c.lows[k]
    if w in lex.months or w in lex.reference_words or (w,) in lex.mods.table:
        return False
    if k == 0 or c.toks[k - 1] in _SENT_START or "\n" in c.text[c.en[k - 1] : c.st[k]]:
        return False  # "In 2006", "About 200" at the start of a sentence or line
    return not _title_case(c, a)


def _cued_year(c: _Ctx, k: int) -> bool:
    """Token ``k`` is a four-digit year after a cue word ("in 2023", "since 1998")."""
    t = c.toks[k] if 0 <= k < c.n else ""
    cue = c.lows[k - 1] if k > 0 else ""  # not c.low: the year may lie behind the floor
    ascii_digits = len(t) == 4 and t.isascii() and t.isdigit()  # "²⁰²⁴".isdigit() too
    return ascii_digits and 1800 <= int(t) <= 2100 and cue in c.lex.year_cues


def _address(c: _Ctx, a: int, e: int) -> bool:
    """Capitalised words then a street word after a number, or a postcode word. A house number
    takes no determiner, so a year after one is a year before a name: "a 2007 Supreme Court
    ruling", "the 2010 Court of Appeals decision"."""
    lex = c.lex
    if e < c.n and c.lows[e] in lex.postcode_words:
        return True
    t = c.toks[a]
    year = e == a + 1 and len(t) == 4 and t.isdigit() and t[:2] in ("18", "19", "20")
    if year and c.low(a - 1) in lex.ordinal_determiners:
        return False
    for j in range(e, min(e + 3, c.n)):
        if c.typ[j] != "w" or not c.toks[j][0].isupper():
            return False
        if c.lows[j] in lex.street_words:
            return True
    return False


def _unit_after(c: _Ctx, q: _N, nouns: bool) -> bool:
    """Is the number followed by a unit ("4 yrs", "3 kg"), or with ``nouns`` a plural noun
    ("80 lines")? Then the word before it does not make it a model name or a reference."""
    e, lex = q.cb, c.lex
    if q.kind or q.unit is not None or e >= c.n or c.typ[e] != "w" or not c.toks[e][0].islower():
        return bool(q.kind or q.unit)
    w = c.lows[e]
    unit = w in lex.time or w in lex.measure_suffixes and len(w) > 1 or w in lex.multipliers
    return unit or nouns and c.count_noun(e)


def _double_object(c: _Ctx, a: int) -> bool:
    """ "gave Maria 3 tickets", "told Reuters 14 people": a verb that takes two objects, then a
    name, then the number; a plural noun after it then makes the number a count."""
    return c.low(a - 2) in c.lex.double_object_verbs


def _adverb_first(c: _Ctx, a: int) -> bool:
    """ "was first proposed", "CNN first reported", "since first taking office": "first" as an
    adverb, before a participle and after no determiner ("the first elected mayor" is a rank)."""
    lex = c.lex
    if c.lows[a] != "first" or c.low(a - 1) in lex.ordinal_determiners or a + 1 >= c.n:
        return False
    w = c.toks[a + 1]
    if w in lex.irregular_past:  # "Kelly first began lobbying", "they first met in 2010"
        return True
    if len(w) < 5 or not w.islower() or w in lex.words:  # "the first hundred days"
        return False
    if w.endswith("ed") and not w.endswith("eed"):  # not "first speed"
        return True
    return w.endswith("ing") and c.low(a - 1) in lex.gerund_cues  # not "first meeting"


def _capitalised_after(c: _Ctx, e: int) -> bool:
    """A capitalised word (not a month) right after an ordinal word, outside a title-case
    headline: "Second Amendment", "First Lady", "Fifth Circuit" are names, not ranks. A
    nationality or party before a common noun is an adjective: "Third Israeli soldier killed",
    "Second American hostage freed" count."""
    if e >= c.n or c.typ[e] != "w" or not c.toks[e][0].isupper() or c.lows[e] in c.lex.months:
        return False
    adjective = c.lows[e].endswith(tuple(c.lex.adjective_endings))
    if adjective and e + 1 < c.n and c.typ[e + 1] == "w" and c.toks[e + 1].islower():
        return False
    return not _title_case(c, e)


def _dotted_reference(c: _Ctx, a: int) -> bool:
    """A dotted abbreviation that names a reference right before token ``a``: "No. 5", "H.R.
    3684", "S. 2155" (but not the "S." of "U.S. 30", which is part of a longer one)."""
    if a < 2 or c.toks[a - 1] != "." or not c.glued(a - 1):
        return False
    k = a - 2
    while k > 0 and c.glued(k) and (c.typ[k - 1] == "w" or c.toks[k - 1] == "."):
        k -= 1
    return "".join(c.lows[k:a]) in c.lex.dotted_references


def _reject(c: _Ctx, q: _N) -> bool:
    """Numbers that are names, codes, times, references, fractions or pronouns, not amounts."""
    toks, lows, typ, n, a, e, lex = c.toks, c.lows, c.typ, c.n, q.a, q.cb, c.lex
    if c.in_url(a) or q.article and q.kind != "duration":
        return True
    if c.low(q.p - 1) == "per" and lex.en:
        return True  # "20.1 per 100,000 births": the base of a rate, not an amount
    f = e + (e < n and toks[e] == "-" and c.glued(e) and c.glued(e + 1))
    if f < n and lows[f] in lex.fractions and not q.ordinal and not _periods(c, a, f):
        return True  # "two thirds", "Two-thirds"
    if q.digits:
        chain = a < c.chain  # a term of "3:2:1"
        if a > 0 and c.glued(a) and q.p == a and not chain:
            if typ[a - 1] == "w" or toks[a - 1] in _CODE_SEPS:
                return True  # G7, MH17, 9/11, 10:30, #5, '90s
            joined = toks[a - 1] in ("-", ".", "–") and a > 1 and c.glued(a - 1)
            code = typ[a - 2] == "d" or typ[a - 2] == "w" and lows[a - 2] not in _HYPHEN_PREFIXES
            if joined and code:
                return True  # F-16, COVID-19, No.5, the 1 of a failed range "3-1" (not mid-2024)
        spaced = a > 1 and toks[a - 1] == "-" and not (c.glued(a) or c.glued(a - 1))
        acronym = spaced and typ[a - 2] == "w" and len(toks[a - 2]) > 1 and toks[a - 2].isupper()
        if acronym and q.p == a and q.plain and not q.kind:
            return True  # "COVID - 19", "MH - 17": a code in tokenised text
        named = spaced and typ[a - 2] == "w" and toks[a - 2][0].isupper()
        named = named and lows[a - 2] not in lex.months and lows[a - 2] not in lex.function_words
        if named and q.p == a and q.plain and not q.kind and not _unit_after(c, q, True):
            return True  # "Covid - 19": a name and its number (but "Level - 1 graduates")
        per = q.unit is not None and toks[e : e + 1] == ["/"]  # "100km/hr"
        # "a ceiling of 12' in": a feet mark (or a closing quote), not "1990's" or "10'30"
        feet = e < n and toks[e] in ("'", "’") and (e + 1 >= n or c.typ[e + 1] == "p")
        feet = feet or e < n and toks[e] in ("'", "’") and not c.glued(e + 1)
        code = e < n and c.glued(e) and toks[e] in _CODE_SEPS and not feet
        if code and not (q.kind or per or chain):
            return True
        clock = q.plain or _CLOCK_DOT.fullmatch(toks[a]) is not None and a + 1 == q.cb
        if clock and q.value <= 24 and lows[e : e + 1] in (["am"], ["pm"], ["o"]):
            return True  # 3 pm, 10 o'clock, 7.30 pm
        if q.plain and q.value <= 24 and lows[e : e + 3] in (["a", ".", "m"], ["p", ".", "m"]):
            return True  # 3 p.m.
        no_dot = _dotted_reference(c, a)
        # "to type 80 lines": the reference word is a verb with its object
        verb = c.low(a - 2) in lex.verb_markers and c.lows[a - 1].islower()
        verb = verb and _unit_after(c, q, True)
        verb = verb or _unit_after(c, q, False)  # "won the title 3 times": a count, not a name
        if no_dot or q.p == a and c.low(a - 1) in lex.reference_words and not verb:
            return True  # No. 5, resolution 1701, page 5
        long = len(q.plain or "") >= 9 and q.value > 0 and q.kind is None  # "-123456789012"
        long = long and not q.plain.endswith("0000")  # "an amount of 300000000" is round
        if q.plain and (long or len(q.plain) > 1 and q.plain[0] == "0"):
            return True  # ids, phone numbers, "007"
        # "5000 2 hundred" is two amounts: a scale word makes a number no code
        side = a and typ[a - 1] == "d" or e < n and typ[e] == "d" and c.low(e + 1) not in lex.scales
        # "In 2023 100 people died": a year after its cue is no part of a code
        side = side and not (_cued_year(c, a) or a and _cued_year(c, a - 1) or _cued_year(c, e))
        if q.plain and q.p == a and side and q.unit is None and q.scale == 1:
            return True  # "+44 20 7946 0958": bare numbers side by side are codes
        if q.p == a and not q.kind and q.unit is None and _address(c, a, e):
            return True  # "575 Wilbraham Road", "16-18 Industrial Avenue", "90049 ZIP code"
        bare = q.p == a and not q.kind and q.scale == 1 and not _year_like(q) and q.unit is None
        noun = lex.noun_caps and e < n and typ[e] == "w" and toks[e][0].isupper()
        return (
            bare
            and not noun
            and not _unit_after(c, q, _double_object(c, a))
            and _proper_before(c, a)
        )  # Boeing 737, but "Leerzeichen 74 Zeichen", "Peter 4 yrs ago" ("Fortune 500 firms")
    if not lex.en:
        return False
    w, before, after = lows[a], c.low(a - 1), lows[e] if e < n else "."
    frac = (
        q.ordinal
        and e == a + 1
        and w in lex.fractions
        and (before in lex.words or before in ("a", "an"))
    )
    no_noun = after in lex.noun_stops or after in lex.one_pronoun_after or e == n or typ[e] == "p"
    if frac and no_noun:
        return True  # "a third of", "about a third are" are fractions; "a third term" is not
    if q.ordinal and before == "-" and c.glued(a) and a > 1 and lows[a - 2] in lex.words:
        return True  # one-third
    if q.ordinal and w == "first" and (before == "at" or lows[e : e + 2] == ["of", "all"]):
        return True
    if q.ordinal and lows[e : e + 2] in (["to", "last"], ["from", "last"]):
        return True  # "the second to last" is a position from the end, not a rank
    if q.ordinal and e == a + 1 and _adverb_first(c, a):
        return True  # "was first proposed in 2008": when it happened, not a rank
    g = e + (e < n and toks[e] == "-" and c.glued(e) and c.glued(e + 1))
    if q.ordinal and e == a + 1 and g < n and lows[g] in lex.ordinal_idioms.get(w, ()):
        return True  # "second-guess", "second nature", "first-hand": no rank
    if q.ordinal and typ[a] == "w" and toks[a][0].isupper() and _capitalised_after(c, e):
        return True  # "the Second Amendment", "First Lady": a name
    if toks[a][0].isupper() and q.p == a and _proper_before(c, a):
        return True  # Air Force One
    inside = a > 1 and toks[a - 1] == "-" and c.glued(a) and c.glued(a - 1) and typ[a - 2] == "w"
    if inside and lows[a - 2] not in lex.words and lows[a - 2] not in _HYPHEN_PREFIXES:
        return True  # "production-four-door"
    if w == "one" and e == a + 1 and q.p == a and not q.kind:
        hyphen = after == "-" and c.glued(e)
        verb = after in lex.one_pronoun_after or _negated(c, e)  # "if one won't pass"
        if before in lex.one_pronoun_before or verb or hyphen:
            return True  # no one, the one who, one for ..., one-off
        return typ[e] == "p" if e < n else False  # "... had one."
    return False


# --------------------------------------------------------------------------- kind and interval


def _interval(v: float, mod: str | None, sem: Semantics) -> tuple[float, float, str, bool, bool]:
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


def _build(c: _Ctx, q: _N) -> Quantity | None:
    """Decide kind and interval, and cut the span out of the original text."""
    kind, mod, p = q.kind or ("ordinal" if q.ordinal else "cardinal"), q.mod, q.p
    if kind == "cardinal" and (q.year_rng or _year_like(q) and q.b == q.cb and mod is None):
        before = c.low(q.a - 1)
        cue = before in c.lex.year_cues or before in _YEAR_PREFIXES or before in c.lex.months
        if q.year_rng or cue or not c.count_noun(q.b, 1):  # "2006 United Nations", "2000 troops"
            kind = "year"
    if kind in ("ordinal", "year") and not q.rng:
        mod, p = None, q.a  # "around 2006": the year, not an interval of years
    one_day = kind == "duration" and c.lows[q.a] == "one" and q.unit == "day" and not q.rng
    one_day = one_day and c.low(q.b) not in c.lex.relative_time_words  # "one day after the vote"
    half = c.lows[q.b - 3 : q.b] == ["and", "a", "half"]  # "took a year and a half"
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
        low, high, approx, lo_open, hi_open = _interval(q.value, mod, c.sem)
        value = q.value
    if value != value or abs(value) == INF:
        return None
    s, e = c.st[p], c.en[q.b - 1]
    unit = q.unit
    if unit is None and kind == "cardinal":
        # "dozens of people", "tens of thousands of students", "a few people"
        k = q.b + 1 if q.vague and c.low(q.b) == "of" else q.b
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


def _each(c: _Ctx, j: int) -> bool:
    """An amount per member from token ``j``: "$500 each.", "for each of the two companies"."""
    j += c.low(j) == "for"
    k = j + 1
    return c.low(j) == "each" and (k >= c.n or c.typ[k] == "p" or c.low(k) == "of")


def _per(c: _Ctx, k: int) -> str | None:
    """What the figure ending before token ``k`` is counted per, within five words:
    "8,000 victims a day" -> day, "$6 per share" -> share, "$80 per sq m" -> square metre."""
    lex = c.lex
    unit = _unit_at(c, k)
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
            unit = _unit_at(c, x)
            if unit:
                return unit[0]  # "$80 per sq m", "$5 a gallon"
            if c.low(x) in lex.rate_nouns:
                return c.lows[x]  # "72 cents a share"
            word = x < c.n and c.typ[x] == "w" and c.toks[x].islower()
            if w in ("per", "/") and word and c.lows[x] not in lex.words:
                return c.lows[x]  # "per century"
            if w == "per" and x < c.n and (c.typ[x] == "d" or c.lows[x] in lex.words):
                noun = _counted_noun(c, x + 1, False)  # "20.1 per 100,000 live births"
                return f"{c.lows[x]} {noun}" if noun else c.lows[x]
            return None
        if c.toks[j] in _DASHES and c.glued(j) and j + 1 < c.n and c.glued(j + 1):
            continue  # "a 12-cent-a-share dividend"
        of = w == "of" and c.typ[j - 1] == "w" and c.low(j + 2) in lex.rate_words
        if of and c.toks[j + 1].isalpha() and c.toks[j + 1].islower():
            continue  # "1 million barrels of oil per day", "two cups of coffee a day"
        if c.typ[j] != "w" or w in lex.noun_stops or w in lex.function_words:
            return None
    return None


def _negated(c: _Ctx, j: int) -> bool:
    """Token ``j`` is the verb of a contraction with "n't" ("won't", "doesn't"), no noun."""
    toks = c.toks
    if j + 2 >= c.n or toks[j + 1] not in ("'", "’") or c.lows[j + 2] != "t":
        return False
    return c.glued(j + 1) and c.glued(j + 2)


def _counted_noun(c: _Ctx, k: int, one: bool) -> str | None:
    """What a bare count counts: the first plural within three words ("22 goals", "seven
    European countries", "460 Kia and Hyundai vehicles"), a unit ("87 mph"), the noun after
    "one", or what "one of the" is one among ("one of the best wireless speakers")."""
    lex = c.lex
    if not lex.en:
        return None
    unit = _unit_name(c, k)
    if unit:
        return unit
    if _compound_hyphen(c, k) and c.typ[k + 2 : k + 3] == ["w"]:
        w = c.lows[k + 1]  # "a 12-page report", "a five - term senator": the noun after the hyphen
        if not (w in lex.function_words or w in lex.words or w in lex.hyphen_not_nouns):
            return c.toks[k + 1]
    end = k + 3
    if one and c.low(k) == "of" and c.low(k + 1) in lex.function_words:
        k, end, one = k + 2, k + 6, False
    j = k
    while j < min(end, c.n):
        w = c.lows[j]
        if w == "and" and j > k and c.typ[j - 1] == "w":  # "digital and physical sales"
            j, end = j + 1, end + 1
            continue
        if c.typ[j] != "w" or w in lex.noun_stops or w in lex.function_words:
            return None
        if _negated(c, j):
            return None  # "two won't pass"
        if j == k and (w in lex.measure_suffixes or one and c.toks[j].islower()):
            return lex.letter_units.get(w, c.toks[j])
        if w in lex.irregular_plurals or _regular_plural(w) and w not in lex.not_plurals:
            return c.toks[j]
        j += 1
    return None


def _unit_name(c: _Ctx, k: int) -> str | None:
    """The unit of measure written at token ``k`` ("feet", "sq ft", "km/h", the "-inch" of
    "6.1-inch", also spaced: "a 30 - foot wall"), by its one name in the lexicon, so that
    "metres" and "meters" agree."""
    glued = k + 1 < c.n and c.toks[k] in _DASHES and c.glued(k) and c.glued(k + 1)
    if glued or _compound_hyphen(c, k):
        k += 1
    got = _unit_at(c, k)
    return got[0] if got else None


def _unit_at(c: _Ctx, k: int, glued: bool = False) -> tuple[str, int] | None:
    """The longest unit phrase at token ``k`` as (name, end token); ``glued``: no spaces in it."""
    units = c.lex.units
    if k >= c.n or c.lows[k] not in units.first:
        return None
    for size in range(min(units.max, c.n - k), 0, -1):
        if glued and not all(c.glued(x) for x in range(k + 1, k + size)):
            continue
        name = units.table.get(tuple(c.lows[k : k + size]))
        if name:
            return name, k + size
    return None


def _number(c: _Ctx, i: int) -> tuple[Quantity, int] | None:
    q = c.ahead[1] if c.ahead[0] == i else _core(c, i)
    c.ahead = (-1, None)
    q = q and (_ratio(c, q) or _range(c, q))
    if q is None:
        return None
    q.cb = q.b
    _suffix(c, q)
    if not _prefix(c, q) or _reject(c, q):
        return None
    built = _build(c, q)
    return (built, q.b) if built else None


# --------------------------------------------------------------------------- dates


def _mk_date(c: _Ctx, a: int, b: int, month: int, day: int, year: int | None):
    try:  # year 2000 is a leap year, so "Feb. 29" without a year is fine
        value = float(
            dt.date(year, month, day).toordinal() if year else dt.date(2000, month, day).day
        )
    except (ValueError, OverflowError):
        return None
    s, e = c.st[a], c.en[b - 1]
    return Quantity(c.text[s:e], s, e, value, value, value, kind="date", unit=_MONTHS[month]), b


def _month(c: _Ctx, j: int) -> int | None:
    if j >= c.n or c.typ[j] != "w" or c.lex.month_cap and not c.toks[j][0].isupper():
        return None  # English "may" and "march" are words; "May" needs a day after it anyway
    return c.lex.months.get(c.lows[j])


def _int_at(c: _Ctx, j: int, lo: int, hi: int, width: tuple[int, ...]) -> int | None:
    t = c.toks[j] if j < c.n and c.typ[j] == "d" else ""  # ASCII digits only: "²".isdigit()
    return int(t) if t.isdigit() and len(t) in width and lo <= int(t) <= hi else None


def _date(c: _Ctx, i: int):
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


# --------------------------------------------------------------------------- API


def extract_quantities(
    text: str, lang: str = "en", semantics: Semantics | None = None
) -> list[Quantity]:
    """All quantities in ``text``, sorted by ``start`` and non-overlapping.

    ``low``/``high`` are what the words allow, with widths from ``semantics``
    (default ``DEFAULT_SEMANTICS``); offsets point into ``text`` itself. See
    the module docstring for ``value`` of ranges, vague amounts and dates.
    Never raises on a ``str``: a candidate that trips a bug is skipped.
    """
    if not text:
        return []
    c = _Ctx(text, _lex(lang), semantics or DEFAULT_SEMANTICS)
    anchors, vfirst, typ, lows, split = c.lex.anchors, c.vfirst, c.typ, c.lows, c.lex.split
    out: list[Quantity] = []
    i = 0
    while i < c.n:
        w = lows[i]
        cand = typ[i] == "d" or typ[i] == "w" and (w in anchors or w in vfirst or split(w))
        if cand or w in _VULGAR:
            try:
                got = None if c.in_url(i) else _date(c, i) or _number(c, i)
            except Exception:
                if _STRICT:
                    raise
                got = None
            if got:
                merged = out and (
                    _join_bounds(text, out[-1], got[0]) or _from_up_to(text, out[-1], got[0], c.lex)
                )
                if merged:
                    out[-1] = merged
                else:
                    out.append(_same_change(text, out[-1], got[0]) if out else got[0])
                c.floor = i = got[1]
                continue
        i += 1
    return out


_BOUND_JOINERS = {"and", "but", ",", ", and", ", but"}
#: "up 0.25 points, or 0.01%", "grew by 125,600 positions or 2.2 per cent": one change, twice
_SAME_CHANGE = re.compile(r"\s*(?:[a-z]+\s*)?,?\s*(?:or|\()\s*")


#: "more than 40 million rupees (US$480,000)", "below 30 knots (56 km/h)"
_RESTATED_OPEN = re.compile(r"\s*(?:[^\W\d][\w.'’-]*\s+){0,3}\(\s*")
_RESTATED_CLOSE = re.compile(r"\s*(?:[^\W\d][\w.'’/-]*\s*){0,2}\)")
#: "Exports were up 4.1%, Imports by 2.2%": the verb is left out of the second clause
_GAPPED = re.compile(r"\s*(?:,|,?\s*and)\s+(?:[A-Z][\w&'’.-]*\s+){1,4}by\s+")


def _same_change(text: str, a: Quantity, b: Quantity) -> Quantity:
    """``b`` restates ``a``'s change in other terms: it takes ``a``'s direction; a bound
    restated in parentheses (a conversion) stays a bound; a clause that leaves out its verb
    ("up 4.1%, Imports by 2.2%") takes the direction of the one before."""
    if b.start - a.end > 40:
        return b
    if a.approx in ("lower_bound", "upper_bound") and b.approx == "exact" and not b.vague:
        opened = _RESTATED_OPEN.fullmatch(text, a.end, b.start)
        if opened and _RESTATED_CLOSE.match(text, b.end) and "(" not in text[a.start : a.end]:
            lo, hi, _, lo_open, hi_open = _interval(
                b.value, _BOUND_MOD[a.approx], DEFAULT_SEMANTICS
            )
            lo_open, hi_open = lo_open and a.low_open, hi_open and a.high_open
            b = replace(b, low=lo, high=hi, approx=a.approx, low_open=lo_open, high_open=hi_open)
    if a.direction is None or b.direction is not None:
        return b
    same = _SAME_CHANGE.fullmatch(text, a.end, b.start) and b.start - a.end <= 30
    if same or a.kind == b.kind and _GAPPED.fullmatch(text, a.end, b.start):
        return replace(b, direction=a.direction)
    return b


_BOUND_MOD = {"lower_bound": "gt", "upper_bound": "lt"}
_FROM_BEFORE = re.compile(r"(?:(\w+)\s+)?\bfrom\s+$", re.IGNORECASE)
_UNIT_GAP = re.compile(r"\s*(?:[^\W\d][\w.]*\s+){0,2}")


def _from_up_to(text: str, a: Quantity, b: Quantity, lex: _Lex) -> Quantity | None:
    """ "from 700 euros up to 1,500 euros": a range, not a figure and a cap (but "rose from 700
    up to 900" is a change of level)."""
    if a.approx != "exact" or b.approx != "upper_bound" or a.direction or b.direction:
        return None
    if b.text[:5].lower() != "up to" or a.kind != b.kind or not a.value < b.value:
        return None
    before = _FROM_BEFORE.search(text, max(0, a.start - 30), a.start)
    if before is None or not _UNIT_GAP.fullmatch(text, a.end, b.start):
        return None
    if before.group(1) and (before.group(1).lower(),) in lex.dirs.table:
        return None
    start = text.lower().rindex("from", before.start(), a.start)
    return Quantity(
        text=text[start : b.end], start=start, end=b.end, value=(a.value + b.value) / 2,
        low=a.value, high=b.value, kind=a.kind, unit=a.unit or b.unit, approx="range",
        readings=a.readings + b.readings, notes=tuple(dict.fromkeys(a.notes + b.notes)),
    )  # fmt: skip


def _join_bounds(text: str, a: Quantity, b: Quantity) -> Quantity | None:
    """ "more than 100 and less than 300", "at most 100 and at least 20": one range."""
    if {a.approx, b.approx} != {"lower_bound", "upper_bound"} or a.kind != b.kind:
        return None
    if " ".join(text[a.end : b.start].split()).lower() not in _BOUND_JOINERS:
        return None
    lo, hi = (a, b) if a.approx == "lower_bound" else (b, a)
    if not lo.value < hi.value:
        return None
    return Quantity(
        text=text[a.start : b.end], start=a.start, end=b.end, value=(lo.value + hi.value) / 2,
        low=lo.value, high=hi.value, kind=a.kind, unit=a.unit or b.unit, approx="range",
        direction=a.direction, readings=a.readings + b.readings,
        notes=tuple(dict.fromkeys(a.notes + b.notes)), low_open=lo.low_open,
        high_open=hi.high_open,
    )  # fmt: skip


def unit_size(unit: str | None) -> tuple[float, str] | None:
    """How many of its base unit a unit of measure is ("foot" -> (0.3048, "metre")), or None
    for a counted noun, a currency or an unknown unit: what can be converted to compare."""
    return _lex_for("en").unit_sizes.get(unit) if unit else None


def unit_length(words: Sequence[str]) -> int:
    """How many of ``words`` (lower-cased tokens) the longest written unit at their start
    takes ("inches of rain" -> 1, "square feet of" -> 2, "rain" -> 0): where what a measure
    is of begins ("12 inches of rain", "24.5 cubic feet of storage")."""
    units = _lex_for("en").units
    for size in range(min(units.max, len(words)), 0, -1):
        if tuple(words[:size]) in units.table:
            return size
    return 0


def parse_number(text: str, lang: str = "en") -> float | None:
    """The number ``text`` spells, or None: "3,500", "fifty-four", "4.2 million", "a dozen"."""
    try:
        c = _Ctx(text, _lex(lang), DEFAULT_SEMANTICS)
        neg = c.n > 1 and c.toks[0] in ("-", "−") and c.glued(1)
        q = _core(c, int(neg)) if c.n else None
        if q is None or q.vague or q.article or q.b != c.n:
            return None
        return -q.value if neg else q.value
    except Exception:
        if _STRICT:
            raise
        return None
