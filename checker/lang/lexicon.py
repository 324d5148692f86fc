"""The English word lists of the claims stage (``lang/en/claims.yaml``), loaded once.

Data, not code: the events that mean the same for comparing figures, the counted nouns that
name the same thing, negations, hedges, places. The parse (:mod:`checker.read.grammar`) says where
a word stands; these lists say what it means.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Lexicon:
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


@cache
def lexicon() -> Lexicon:
    """Load the English word lists once."""
    # BaseLoader: every entry stays a string (YAML 1.1 would read "on" and "no" as booleans).
    text = (Path(__file__).parent / "en" / "claims.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))  # libyaml: fast

    def groups(name: str) -> dict[str, str]:
        return {w: group[0] for group in data[name] for w in group}

    return Lexicon(
        function_words=frozenset(data["function_words"]),
        auxiliaries=frozenset(data["auxiliaries"]),
        light_verbs=frozenset(data["light_verbs"]),
        negations=frozenset(data["negations"]),
        hedges=frozenset(data["hedges"]),
        event_of=groups("events"),
        subject_of=groups("subjects"),
        cumulative_events=frozenset(data["cumulative_events"]),
        noun_events=dict(data["noun_events"]),
        phrasal=dict(data["phrasal"]),
        score_words=frozenset(data["score_words"]),
        person_nouns=frozenset(data["person_nouns"]),
        holder_nouns=frozenset(data["holder_nouns"]),
        action_nouns=frozenset(data["action_nouns"]),
        generic_nouns=frozenset(data["generic_nouns"]),
        set_phrases=frozenset(data["set_phrases"]),
        places=tuple(tuple(group) for group in data["places"]),
        attribution_words=frozenset(data["attribution_words"]),
        titles=frozenset(data["titles"]),
        filler_nouns=frozenset(data["filler_nouns"]),
    )


def normalise_event(lemma: str | None) -> str | None:
    """The name of a verb's event group ("die" -> "kill"); other verbs stay themselves."""
    if lemma is None:
        return None
    return lexicon().event_of.get(lemma, lemma)


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
