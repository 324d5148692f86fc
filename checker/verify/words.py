"""The statement's other words: is what it says beside its figures in the source (names,
surnames, acronyms, content words)?"""

from __future__ import annotations

import re
from collections.abc import Set
from functools import cache

from rapidfuzz import fuzz

from ..core.model import Document
from ..core.settings import VerifySettings
from ..lang.lexicon import lexicon, word_lemmas
from ..read.claims import entities, place_forms, places_in
from ..read.quantities import parse_number


def _content_words(text: str) -> list[str]:
    """The words that carry what a sentence says: no function words, figures or attribution."""
    skip = _not_content()
    out = []
    for w in _WORD.findall(text):
        low = w.lower()
        if len(low) > 2 and low not in skip and _lemma(low) not in skip and not _number_word(low):
            out.append(w)
    return out


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@cache
def _not_content() -> frozenset[str]:
    lex = lexicon()
    return lex.function_words | lex.auxiliaries | lex.light_verbs | lex.attribution_words


@cache
def _number_word(low: str) -> bool:
    """ "five", "dozen": a word that is a figure (cached: the number reader is not cheap)."""
    return parse_number(low) is not None


def _lemma(low: str) -> str:
    lemmas = word_lemmas(low)
    for pos in ("VERB", "NOUN", "ADJ", "ADV", "PROPN"):
        if pos in lemmas:
            return lemmas[pos][0]
    return low


def _keys(word: str) -> set[str]:
    """What a word may be found by: its lemma, event or counted-noun group, stem, place forms."""
    lex = lexicon()
    low = word.lower().removesuffix("'s").removesuffix("’s")
    lemma = _lemma(low)
    keys = {lemma, low[:5], lex.event_of.get(lemma, lemma), lex.subject_of.get(lemma, lemma)}
    keys.update(place_forms().get(low, ()))
    return keys


def covered(
    statement: str, source: str, mentioned: Set[str] = frozenset()
) -> tuple[float, list[str]]:
    """The share of the statement's content words the source has, and those it lacks.

    Words of a name the source mentions count as had ("Interior Minister Ana Ruiz"
    for "Ruiz said"): whether a name is mentioned is the entity check's business.
    """
    words = _content_words(statement)
    if not words:
        return 1.0, []
    have: set[str] = set()
    for w in _content_words(source):
        have |= _keys(w)
    have |= _initials(source)
    new = [w for w in words if w not in mentioned and not _keys(w) & have]
    return 1 - len(new) / len(words), new


def unmentioned(
    statement: Document,
    source: Document,
    settings: VerifySettings,
    mentioned: set[str] | None = None,
) -> list[str]:
    """Names the statement brings that the source never mentions.

    Its figures may be right, but the statement then says more than the source
    does ("a trip to Malta" for "a trip to Maastricht"). Only proper names count:
    a capitalised common word ("Report: jury pool…") is not a name. A name is
    mentioned when its stem is in the source ("Syrian" / "Syria"), when it is
    the initials of capitalised words there ("WHO" / "World Health
    Organization") or its words' initials are ("European Union" / "EU"), when
    its last word is a name the source uses ("Maria Lopez" / "Lopez said"), or
    when it is a place's other form in the place list ("Dutch" / "Netherlands").
    """
    if not settings.entity_coverage:
        return []
    text = source.text.lower()
    initials = _initials(source.text)
    places = places_in(source.text)
    missing = []
    for name in entities(statement.text):
        all_words = re.findall(r"[^\W\d_]+", name)
        # Short capitals ("PM", "EU") may show a name is mentioned but are not checked on
        # their own: "side AB", "24 KM" and "TV" are labels and units as often as names.
        words = [
            w
            for w in all_words
            if len(w) > 2
            and not _common(w)
            and parse_number(w) is None
            and w.lower() not in lexicon().titles
        ]
        if not words:
            continue
        shown = words + [w for w in all_words if len(w) == 2 and w.isupper()]
        if (
            any(_mentioned(w, text, initials, settings.entity_ratio) for w in shown)
            or _surname_used(all_words, source.text)
            or _acronym_used(all_words, source.text)
            or name.lower() in places
            or any(w.lower() in places for w in all_words)
        ):
            if mentioned is not None:
                mentioned.update(all_words)
            continue
        missing.append(name)
    return missing


def _common(word: str) -> bool:
    return bool(word_lemmas(word.lower())) and not word.isupper()


def _mentioned(word: str, text: str, initials: set[str], ratio: float) -> bool:
    low = word.lower()
    stem = low[: max(4, len(low) - 2)]
    if (len(low) > 2 and stem in text) or (word.isupper() and low in initials):
        return True
    return len(low) > 2 and fuzz.partial_ratio(low, text) >= ratio


def _surname_used(words: list[str], source: str) -> bool:
    """ "Maria Lopez" is mentioned as "Lopez" within a sentence, even if lopez were a common word.

    At the start of a sentence a capital says nothing ("City won 2-0" is not "Mexico City").
    """
    last = words[-1] if len(words) > 1 else ""
    if len(last) < 3 or not last[0].isupper():
        return False
    for m in re.finditer(rf"\b{re.escape(last)}\b", source):
        before = source[: m.start()].rstrip()
        if before and before[-1] not in '.!?"“(':
            return True
    return False


def _acronym_used(words: list[str], source: str) -> bool:
    """ "European Union Naval Force" is mentioned as "EU": initials of two or more of its words."""
    caps = [w for w in words if w[0].isupper()]
    tokens = set(re.findall(r"\w+", source))  # what "\bEU\b" would find, without a regex per try
    for i in range(len(caps)):
        for j in range(i + 2, len(caps) + 1):
            if "".join(w[0] for w in caps[i:j]) in tokens:
                return True
    return False


def _initials(text: str) -> set[str]:
    """Initials of runs of capitalised words and of their parts.

    "The Transportation Security Administration" gives "tsa" (and "ttsa", "sa", …),
    "Queen's Park Rangers" gives "qpr".
    """
    out = set()
    run = r"(?:\b[A-Z][\w.]*(?:['’]s)?(?:\s+(?:of|for|and|the)\s+|\s+)?){2,}"
    for m in re.finditer(run, text):
        letters = "".join(w[0] for w in re.findall(r"[A-Z][a-z]*(?:['’]s)?", m.group()))
        for i in range(len(letters)):
            for j in range(i + 2, len(letters) + 1):
                out.add(letters[i:j].lower())
    return out
