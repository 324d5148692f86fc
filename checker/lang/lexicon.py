"""The word lists of the claims stage (``lang/<code>/claims.yaml``), and the :class:`Language` a
document's claims are read in.

Data, not code: the events that mean the same for comparing figures, the counted nouns that
name the same thing, negations, hedges, places, and the function words the stages look for
(ages, tallies, prepositions of the parse). The parse (:mod:`checker.read.grammar`) says where
a word stands; these lists say what it means.

:func:`language` says how a document's claims are read, from its language code:

- with **grammar** when the language has number data (``numbers.yaml``), claims data
  (``claims.yaml``) and a spaCy pipeline named in it (English, French), read through the
  language's label table (:class:`Labels`: what its pipeline's labels mean);
- **without grammar** when it has number data but no claims data or no pipeline (German,
  Spanish, Indonesian ...): figures are found, but what each counts is guessed from the words
  beside it (:mod:`checker.read.nearby`); the document is flagged ``claims-without-grammar``;
- not at all when it has no number data (``unsupported-language``, see :mod:`checker.lang`).

The comparison stages (:mod:`checker.compare`) read English words (``lexicon()``): the learned
judge was trained on English features. French names its events by the English groups' names
("kill"), so they compare across the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from . import (
    HERE,
    NO_GRAMMAR_FLAG,
    NO_GRAMMAR_NOTE,
    UNSUPPORTED_FLAG,
    base_code,
    load_neutral,
    read_yaml,
    supported,
)


@dataclass(frozen=True)
class Labels:
    """What the labels of a language's spaCy pipeline mean to the grammar (``labels:`` in its
    ``claims.yaml``; each field is documented there under its key): dependency labels, fine
    tags or morphology, and entity labels. The grammar (:mod:`checker.read.counted`,
    :mod:`checker.read.clause`, :mod:`checker.read.grammar`) names no label of its own."""

    #: ``head`` (ClearNLP, English: a preposition heads its object) or ``case`` (Universal
    #: Dependencies: the preposition is a ``case`` child of its object).
    prepositions: str
    preposition: frozenset[str]
    prepositional: frozenset[str]
    nummod: frozenset[str]
    number: frozenset[str]
    label_number: frozenset[str]
    measured: frozenset[str]
    qualifier: frozenset[str]
    modifier: frozenset[str]
    adjective: frozenset[str]
    compound: frozenset[str]
    determiner: frozenset[str]
    possessor: frozenset[str]
    possessive_marker: frozenset[str]
    subject: frozenset[str]
    active_subject: frozenset[str]
    object: frozenset[str]
    verb_object: frozenset[str]
    complement: frozenset[str]
    agent: frozenset[str]
    particle: frozenset[str]
    negation: frozenset[str]
    hedge: frozenset[str]
    hedge_above: frozenset[str]
    focus_verb: frozenset[str]
    relative: frozenset[str]
    clause: frozenset[str]
    complement_clause: frozenset[str]
    reported_clause: frozenset[str]
    shared_subject: frozenset[str]
    conjunct: frozenset[str]
    coordinator: frozenset[str]
    plural: tuple[str, ...]
    singular: tuple[str, ...]
    verb: tuple[str, ...]
    conditional: tuple[str, ...]
    ner_names: frozenset[str]
    ner_places: frozenset[str]
    ner_groups: frozenset[str]
    ner_times: frozenset[str]
    ner_not_modifiers: frozenset[str]

    @property
    def phrase(self) -> frozenset[str]:
        """The label of the token whose subtree is a prepositional phrase: the preposition's
        (``head``) or its object's (``case``)."""
        return self.preposition if self.prepositions == "head" else self.prepositional


#: How ``prepositions:`` may be set.
PREPOSITION_SCHEMES = ("head", "case")


def _labels(code: str, raw) -> Labels:
    raw = raw or {}
    if not isinstance(raw, dict):
        raise KeyError(f"checker/lang/{code}/claims.yaml: labels must be a mapping")
    fields = Labels.__annotations__
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise KeyError(f"checker/lang/{code}/claims.yaml: unknown key 'labels.{unknown[0]}'")
    scheme = raw.get("prepositions", "head")
    if scheme not in PREPOSITION_SCHEMES:
        raise KeyError(
            f"checker/lang/{code}/claims.yaml: labels.prepositions is {scheme!r}, "
            f"not one of {', '.join(PREPOSITION_SCHEMES)}"
        )
    values = {f: _READ[t](raw.get(f)) for f, t in fields.items() if f != "prepositions"}
    return Labels(prepositions=scheme, **values)


@dataclass(frozen=True)
class Lexicon:
    """One language's ``claims.yaml``; each field is documented there under its key (see
    :data:`GROUPS` for the two keys whose field has another name)."""

    code: str
    pipeline: str
    function_words: frozenset[str]
    auxiliaries: frozenset[str]
    light_verbs: frozenset[str]
    negations: frozenset[str]
    hedges: frozenset[str]
    event_of: dict[str, str]
    subject_of: dict[str, str]
    cumulative_events: frozenset[str]
    noun_events: dict[str, str]
    phrasal: dict[str, str]
    score_words: frozenset[str]
    person_nouns: frozenset[str]
    holder_nouns: frozenset[str]
    action_nouns: frozenset[str]
    generic_nouns: frozenset[str]
    set_phrases: frozenset[str]
    places: tuple[tuple[str, ...], ...]
    attribution_words: frozenset[str]
    titles: frozenset[str]
    filler_nouns: frozenset[str]
    # which figures are claims (checker/read/figures.py)
    age_before: tuple[str, ...]
    age_after: tuple[str, ...]
    age_of: tuple[str, ...]
    age_bounds: tuple[str, ...]
    age_bound_after: tuple[str, ...]
    age_people: frozenset[str]
    age_years: tuple[str, ...]
    age_old: tuple[str, ...]
    age_not_old: tuple[str, ...]
    tally_words: tuple[str, ...]
    tally_cues: tuple[str, ...]
    ordinal_joiners: tuple[str, ...]
    superlative_endings: tuple[str, ...]
    partitive_words: frozenset[str]
    name_joiners: tuple[str, ...]
    name_prefixes: tuple[str, ...]
    not_names: frozenset[str]
    # the parse
    name_articles: tuple[str, ...]
    name_ordinals: frozenset[str]
    name_ordinal_suffixes: tuple[str, ...]
    unit_heads: frozenset[str]
    change_verbs: frozenset[str]
    change_to_prepositions: frozenset[str]
    change_by_prepositions: frozenset[str]
    remainder_words: tuple[str, ...]
    act_prepositions: frozenset[str]
    purpose_prepositions: frozenset[str]
    # comparing two claims
    points_words: tuple[str, ...]
    place_prepositions: tuple[str, ...]
    place_determiners: frozenset[str]
    agent_stop_words: frozenset[str]
    overlap_stop_words: frozenset[str]
    # the pipeline's labels, and the words of a parse without time entities
    labels: Labels
    time_words: frozenset[str]


#: ``claims.yaml`` keys that list groups of words (the first word names the group), and the
#: field that maps each word to its group's name. Every other key is its field's name.
GROUPS = {"events": "event_of", "subjects": "subject_of"}

#: How a key's value is read, by its field's type.
_READ = {
    "str": lambda raw: raw or "",
    "frozenset[str]": lambda raw: frozenset(raw or ()),
    "tuple[str, ...]": lambda raw: tuple(raw or ()),
    "tuple[tuple[str, ...], ...]": lambda raw: tuple(tuple(group) for group in raw or ()),
    "dict[str, str]": lambda raw: dict(raw or {}),
}


def _groups(raw) -> dict[str, str]:
    return {w: group[0] for group in raw or () for w in group}


def claims_keys() -> dict[str, str]:
    """Every key a ``claims.yaml`` may hold -> its :class:`Lexicon` field. A key left out is
    an empty list."""
    named = {field: key for key, field in GROUPS.items()}
    return {named.get(f, f): f for f in Lexicon.__annotations__ if f != "code"}


def _lexicon(code: str, data: dict) -> Lexicon:
    keys = claims_keys()
    unknown = sorted(set(data) - set(keys))
    if unknown:  # a misspelled key would otherwise be an empty list, silently
        raise KeyError(f"checker/lang/{code}/claims.yaml: unknown key {unknown[0]!r}")
    types = Lexicon.__annotations__
    values = {
        field: _groups(data.get(key)) if key in GROUPS else _READ[types[field]](data.get(key))
        for key, field in keys.items()
        if field != "labels"
    }
    values["labels"] = _labels(code, data.get("labels"))
    return Lexicon(code=code, **values)


def has_claims_data(code: str | None) -> bool:
    return (HERE / base_code(code) / "claims.yaml").is_file()


def lexicon(code: str = "en") -> Lexicon:
    """``lang/<code>/claims.yaml`` ("en-GB" is "en"), loaded once; KeyError for a language
    without it."""
    return _load(base_code(code))


@cache
def _load(code: str) -> Lexicon:
    if not has_claims_data(code):
        raise KeyError(f"no claims data for language {code!r}")
    # BaseLoader: every entry stays a string (YAML 1.1 would read "on" and "no" as booleans).
    text = (HERE / code / "claims.yaml").read_text("utf-8")
    data = read_yaml(text, "CBaseLoader")  # libyaml: fast
    return _lexicon(code, data)


@dataclass(frozen=True)
class Language:
    """How the claims stage reads one language (see the module's docstring)."""

    code: str
    #: Number data: its figures are read.
    numbers: bool
    #: Its ``claims.yaml``; None without one.
    words: Lexicon | None
    #: Its stop words (``identify.yaml``): what the reading without grammar skips.
    stop_words: frozenset[str]

    @property
    def pipeline(self) -> str:
        """The spaCy pipeline that parses it; "" without one."""
        return self.words.pipeline if self.words is not None else ""

    @property
    def grammar(self) -> bool:
        """Are its claims read from a parse?"""
        return self.numbers and bool(self.pipeline)

    @property
    def flag(self) -> str | None:
        """The document flag of a text in it: ``unsupported-language`` without number data,
        ``claims-without-grammar`` without a parse, else None."""
        if not self.numbers:
            return UNSUPPORTED_FLAG
        return None if self.grammar else NO_GRAMMAR_FLAG


def language(code: str | None) -> Language:
    """The :class:`Language` of a document's language code ("pt-BR" is "pt"; None is "en")."""
    return _language(base_code(code))


@cache
def _language(lang: str) -> Language:
    stops = load_neutral("identify")["stop_words"].get(lang, "")
    return Language(
        code=lang,
        numbers=supported(lang),
        words=lexicon(lang) if has_claims_data(lang) else None,
        stop_words=frozenset(str(stops).split()),
    )


def grammar_notes(docs: Iterable) -> tuple[str, ...]:
    """A report's note on the documents (anything with ``id`` and ``language``) whose claims
    were read without grammar: which, and what that means (:data:`NO_GRAMMAR_NOTE`)."""
    ids = [d.id for d in docs if language(d.language).flag == NO_GRAMMAR_FLAG]
    if not ids:
        return ()
    more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
    return (f"{', '.join(ids[:5])}{more}: {NO_GRAMMAR_NOTE}",)


def alternation(words: Iterable[str], space: str = r"\s+") -> str:
    """A regular-expression group matching any of ``words`` as written: a space in a phrase
    matches ``space`` (any run of spaces by default), a final ``*`` any ending ("outnumber*");
    no words match nothing."""
    parts = []
    for word in words:
        stem = word.removesuffix("*")
        part = re.escape(stem).replace(r"\ ", space)
        parts.append(part + (r"\w*" if stem != word else ""))
    return f"(?:{'|'.join(parts)})" if parts else "(?!)"


def normalise_subject(word: str) -> str:
    """The name of a counted noun's group, from any form of it ("captives" -> "hostage")."""
    lemma = noun_lemma(word) if word else ""
    return lexicon().subject_of.get(lemma, lemma)


@cache
def word_lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's lemmas of one word by part of speech (imported lazily: it imports spaCy,
    which the claims stage only needs on a cache miss)."""
    from lemminflect import getAllLemmas

    return getAllLemmas(word)


def noun_lemma(word: str) -> str:
    lemmas = word_lemmas(word.lower())
    for pos in ("NOUN", "PROPN", "ADJ"):
        if pos in lemmas:
            return lemmas[pos][0]
    return word.lower()
