"""One language's word tables (``Lang``), compiled from ``checker/lang/<code>/numbers.yaml``
into lookups, and the language-neutral tables. Loaded once per language, lazily.
"""

from __future__ import annotations

import functools

from checker import lang as langdata

from .tokens import GLUED_SCALES, TOKEN

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
    "dot_grouped_currencies", "year_prefixes", "hyphen_prefixes", "vague_needs_of",
    "rate_base_words", "pronoun_numbers", "many_words", "scale_of", "article_numbers",
    "fraction_before_scale", "of_words", "and_words", "than_words", "change_by", "about_words",
    "movement_verbs", "definite_articles", "adverbial_one", "cued_ratio_words", "adverb_ordinals",
    "clock_words", "restate_words",
)  # fmt: skip


class Phrases:
    """Phrase -> value keyed by lower-cased token tuples; first/last-token sets for quick misses."""

    def __init__(self, mapping: dict) -> None:
        self.table = {tuple(TOKEN.findall(str(k).lower())): v for k, v in mapping.items()}
        self.texts = tuple(str(k).lower() for k in mapping)  # as written
        self.table.pop((), None)
        self.max = max((len(k) for k in self.table), default=0)
        self.first = {k[0] for k in self.table}
        self.last = {k[-1] for k in self.table}


class Lang:
    """One language's word tables, compiled from its YAML section into lookups."""

    def __init__(self, lang: str, d: dict) -> None:
        self.lang = lang
        #: which number-word grammar reads the words: "ordered" (English: each category may
        #: follow only some others, "and" inside, any ordinal a denominator) or "additive"
        #: (pieces that add up or multiply, compounds, suffixed denominators)
        self.ordered = d.get("grammar", "additive") == "ordered"
        if d.get("grammar", "additive") not in ("ordered", "additive"):
            raise ValueError(f"{lang}/numbers.yaml: grammar must be ordered or additive")
        #: vague amounts are the keys of Semantics.vague as written ("hundreds"), rather than
        #: the language's words mapped to those keys (``vague``)
        self.vague_from_semantics = bool(d.get("vague_from_semantics"))
        self.counted_nouns = bool(d.get("counted_nouns"))  # "22 goals": unit "goals"
        #: "quatre-vingts": a tens word multiplied by the unit before it ({20: [4]})
        self.tens_multipliers = {
            float(k): {float(x) for x in v} for k, v in (d.get("tens_multipliers") or {}).items()
        }
        #: a currency sign lost in encoding, case as written ("PS6m": "£6m")
        self.mangled_currency = dict(d.get("mangled_currency") or {})
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
        self.after_digits = set(self.scales) | set(GLUED_SCALES) | set(self.false_friends)
        mods, post = d.get("modifiers", {}), d.get("post_modifiers", {})
        self.mods = Phrases({p: t for t, ps in mods.items() for p in ps})
        self.post = Phrases({p: t for t, ps in post.items() for p in ps})
        apart = d.get("modifiers_apart", {})
        self.mods_apart = Phrases({p: t for t, ps in apart.items() for p in ps})
        self.fillers = Phrases(dict.fromkeys(d.get("fillers", ()), True))
        self.up_to = Phrases(dict.fromkeys(d.get("up_to") or (), True))
        self.half_after = Phrases(dict.fromkeys(d.get("half_after") or (), True))
        self.each_words = Phrases(dict.fromkeys(d.get("each_words") or (), True))
        self.clock_dotted = Phrases(dict.fromkeys(d.get("clock_dotted") or (), True))
        #: what may stand between two bounds that make one range ("more than 100 and less than
        #: 300"): a comma in every language, the language's words, or a comma and a word
        joiners = {str(x).lower() for x in d.get("bound_joiners") or ()}
        self.bound_joins = {","} | joiners | {f", {w}" for w in joiners}
        self.ratio = Phrases(dict.fromkeys(d.get("ratio_words", ()), True))
        self.percent = Phrases(dict.fromkeys(d.get("percent", ()), True))
        self.cur_pre = Phrases(d.get("currency_prefix", {}))
        self.cur_suf = Phrases(d.get("currency_suffix", {}))
        self.dirs = Phrases(
            {**dict.fromkeys(d.get("up", ()), "up"), **dict.fromkeys(d.get("down", ()), "down")}
        )
        self.object_change = {
            **dict.fromkeys(d.get("object_change_up", ()), "up"),
            **dict.fromkeys(d.get("object_change_down", ()), "down"),
        }
        self.ordinal_idioms = _set_map(d.get("ordinal_idioms"))
        self.ordinal_phrases_before = _set_map(d.get("ordinal_phrases_before"))
        self.ordinal_phrases_after = _set_map(d.get("ordinal_phrases_after"))
        self.word_filters = bool(d.get("word_filters"))  # filters.REJECTS_WORDS apply
        self.time = {k.lower(): v for k, v in d.get("time_units", {}).items()}
        units = d.get("units") or {}
        self.units = Phrases({form: name for name, forms in units.items() for form in forms})
        self.after_scale_cur = {
            str(k).lower(): v for k, v in (d.get("currency_after_scale") or {}).items()
        }
        self.rate_adverbs = {str(k).lower(): v for k, v in (d.get("rate_adverbs") or {}).items()}
        self.letter_units = {str(k).lower(): v for k, v in (d.get("letter_units") or {}).items()}
        self.hyphen_time = {**self.time, **d.get("hyphen_time_units", {})}
        self.months = {k.lower(): v for k, v in d.get("months", {}).items()}
        self.vague = {" ".join(TOKEN.findall(k.lower())): v for k, v in d.get("vague", {}).items()}
        self.anchors = set(self.words) | set(self.ordinals) | set(self.months)
        self.anchors |= {k.split()[0] for k in self.vague} | self.article_numbers
        self.anchors |= self.half_words | self.fraction_before_scale
        if not self.ordered:  # "media docena", "demi-million", "quart de million"
            self.anchors |= set(self.frac)
        if self.fraction_before_scale - set(self.frac):
            raise ValueError(f"{lang}/numbers.yaml: fraction_before_scale not in fraction_values")
        #: the number words for one ("one"): "and one third", "one-eighth" (ordered grammar)
        self.ones = {w for w, (v, cat) in self.words.items() if v == 1 and cat == "u"}
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


def _set_map(data: dict | None) -> dict[str, set[str]]:
    """``{word: [phrase, ...]}`` as lower-cased sets."""
    return {str(k).lower(): {str(x).lower() for x in v} for k, v in (data or {}).items()}


def lang_tables(lang: str) -> Lang | None:
    """The tables for ``lang`` ("de-AT" -> "de"), or None for a language without number data
    (never English in its place: see :mod:`checker.lang`)."""
    base = langdata.base_code(lang)
    return load_tables(base) if base in langdata.supported_languages() else None


@functools.cache
def load_tables(lang: str) -> Lang:
    return Lang(lang, langdata.load(lang))


@functools.cache
def unit_sizes() -> dict[str, tuple[float, str]]:
    """Unit name -> (size, base unit), the same in every language (``lang/units.yaml``)."""
    sizes = langdata.load_neutral("units").get("unit_sizes") or {}
    return {name: (float(size), str(base)) for name, (size, base) in sizes.items()}
