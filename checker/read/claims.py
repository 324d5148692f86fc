"""From quantities to claims: what a number counts and what happened to it, read by grammar.

A document's language (:func:`checker.lang.lexicon.language`) says how. With grammar (English,
French): each sentence that holds a figure is parsed (the language's spaCy pipeline, see
:mod:`checker.read.parser`; cached by :mod:`checker.read.reading`) and each figure's place in the
tree is read by :mod:`checker.read.grammar`: the counted noun phrase and its modifiers, the
predicate with negation and hedges, the agent, place and time. "At least 51 people were killed
and more than 220 injured" gives 51 counting people, killed, and 220 counting people, injured:
embeddings cannot tell those two apart (cosine 0.87), so these fields are what keeps
look-alikes apart downstream. Figures inside names ("Title 42", "Boeing 737") are not claims.
A language with number data but no claims data is never parsed as English: its claims are
read without grammar (:mod:`checker.read.nearby`), and the document is flagged.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache

from ..core.model import Claim, Document, Quantity, Sentence
from ..core.settings import Semantics
from ..lang.lexicon import Language, alternation, language, lexicon, normalise_subject
from .figures import claim_candidates
from .nearby import read_nearby
from .prose import is_prose, read_not_prose
from .quantities import extract_quantities
from .reading import read_sentences
from .readings import Reading


@cache
def _entity() -> re.Pattern:
    """A run of capitalised words, joined by ``name_joiners`` or ``name_prefixes``."""
    lex = lexicon()
    joined = alternation([*(f"{w} " for w in lex.name_joiners), *lex.name_prefixes])
    word = r"[A-Z][\w’'.-]*[A-Za-z]"
    return re.compile(rf"(?:{word}|[A-Z])(?:\s+{joined}?{word})*")


def entities(text: str) -> tuple[str, ...]:
    """Capitalised names in a sentence (English: ``not_names`` are left out where they start
    one)."""
    not_names = lexicon().not_names
    out: list[str] = []
    for m in _entity().finditer(text):
        name = m.group().rstrip(".’'")
        name = re.sub(r"[’']s$", "", name)
        parts = name.split()
        while parts and parts[0] in not_names:
            parts.pop(0)
        if parts and len(" ".join(parts)) > 1:
            out.append(" ".join(parts))
    return tuple(dict.fromkeys(out))


#: Fields a claim takes from its reading unchanged (``Claim`` documents each).
_PARSED = ("role", "head", "predicate", "agent", "modifiers", "places", "times", "purpose")


def _claim(doc_id: str, n: int, sentence: Sentence, q: Quantity, r: Reading, names) -> Claim:
    subject = r.counted
    if q.kind == "duration" and q.unit:
        subject = q.unit
    return Claim(
        id=f"{doc_id}#{n}",
        doc=doc_id,
        sentence=sentence.index,
        quantity=q,
        subject=subject,
        event=r.event,
        key_text=r.key,
        focus_text=r.focus,
        entities=tuple(names),
        negated=r.negated,
        hedged=r.hedged,
        sentence_text=sentence.text,
        sentence_start=sentence.start,
        **{name: getattr(r, name) for name in _PARSED},
    )


def claims_in_sentences(
    doc_id: str,
    pairs: list[tuple[Sentence, list[Quantity]]],
    language: Language,
    *,
    first_index: int = 0,
) -> list[Claim]:
    """Claims of several sentences (quantities at document offsets) in ``language``: parsed in
    one batch when it has grammar, else read from the words beside each figure; a sentence
    that is not prose (:mod:`checker.read.prose`) is read from the words beside each figure
    in any language."""
    todo = _Todo.of(pairs, language)
    return todo.claims(doc_id, _readings([todo])[0], first_index)


class _Todo:
    """One article's sentences with figures: those that may hold claims (``kept``), and of
    them those to read by grammar (``prose``, and their ``items``: text and figure spans)."""

    def __init__(self, kept, prose, items, language: Language) -> None:
        self.kept, self.prose, self.items, self.language = kept, prose, items, language

    @classmethod
    def of(cls, pairs: list[tuple[Sentence, list[Quantity]]], language: Language) -> _Todo:
        code = language.words.code if language.words is not None else None
        kept = [(s, claim_candidates(s, qs, code)) for s, qs in pairs if qs]
        kept = [(s, qs) for s, qs in kept if qs]
        prose = [(n, s, qs) for n, (s, qs) in enumerate(kept) if is_prose(s.text, len(qs))]
        items = [
            (s.text, tuple((q.start - s.start, q.end - s.start) for q in qs)) for _, s, qs in prose
        ]
        return cls(kept, prose, items, language)

    def claims(self, doc_id: str, results: list, first_index: int = 0) -> list[Claim]:
        """The claims, given the readings of :attr:`items` (``results``, one per item)."""
        language = self.language
        read: dict[int, list[tuple[Sentence, Quantity, Reading, tuple[str, ...]]]] = {
            n: [(s, q, r, names) for q, r in zip(qs, readings, strict=True)]
            for (n, s, qs), (names, readings) in zip(self.prose, results, strict=True)
        }
        claims: list[Claim] = []
        for n, (s, qs) in enumerate(self.kept):
            if n not in read:
                near = read_not_prose(s, qs, language.stop_words)
                read[n] = [(part, q, r, ()) for q, (part, r) in zip(qs, near, strict=True)]
            for sentence, q, r, names in read[n]:
                if r.in_name or r.role == "label":
                    continue  # "Title 42", "Boeing 737", "lease 257": part of a name
                claims.append(_claim(doc_id, first_index + len(claims) + 1, sentence, q, r, names))
        return claims


def _readings(todos: list[_Todo]) -> list[list]:
    """The readings of each todo's items: the sentences of every todo whose language has
    grammar parsed together, one batch per language (the parser runs faster on full batches
    than on one article's few sentences); the others read from the words beside each figure."""
    out: list[list] = [[] for _ in todos]
    by_language: dict[str, list[int]] = {}
    for i, todo in enumerate(todos):
        language = todo.language
        if language.grammar:
            by_language.setdefault(language.code, []).append(i)
        else:
            out[i] = [
                ((), tuple(read_nearby(text, spans, [q.kind for q in qs], language.stop_words)))
                for (text, spans), (_, _, qs) in zip(todo.items, todo.prose, strict=True)
            ]
    for members in by_language.values():
        items = [item for i in members for item in todos[i].items]
        results = read_sentences(items, todos[members[0]].language)
        at = 0
        for i in members:
            out[i] = results[at : at + len(todos[i].items)]
            at += len(todos[i].items)
    return out


def _figures(document: Document, semantics: Semantics | None) -> list[tuple[Sentence, list]]:
    """Each sentence of ``document`` with its quantities, at document offsets."""
    pairs = []
    scanned: dict[str, list[Quantity]] = {}  # a repeated sentence is scanned once
    for sentence in document.sentences:
        found = scanned.get(sentence.text)
        if found is None:
            found = extract_quantities(sentence.text, document.language, semantics)
            scanned[sentence.text] = found
        shifted = [
            replace(q, start=q.start + sentence.start, end=q.end + sentence.start) for q in found
        ]
        pairs.append((sentence, shifted))
    return pairs


def extract_claims(document: Document, semantics: Semantics | None = None) -> list[Claim]:
    """Every quantity claim in a document, in reading order, with document offsets, read as
    its language says (:func:`checker.lang.lexicon.language`)."""
    return extract_claims_of([document], semantics)[0]


def extract_claims_of(
    documents: list[Document], semantics: Semantics | None = None
) -> list[list[Claim]]:
    """:func:`extract_claims` of each document, the sentences of all of them parsed together
    (what each document's claims are does not depend on the others)."""
    todos = [_Todo.of(_figures(d, semantics), language(d.language)) for d in documents]
    results = _readings(todos)
    return [
        todo.claims(d.id, found) for d, todo, found in zip(documents, todos, results, strict=True)
    ]


def head_subject(claim: Claim) -> str:
    """The normalised head of what a claim counts ("humanitarian aid trucks" -> "truck")."""
    if claim.head or claim.role:  # read from the parse: an empty head is not known
        return lexicon().subject_of.get(claim.head, claim.head)
    words = claim.subject.split()
    return normalise_subject(words[-1]) if words else ""


def is_cumulative(claim: Claim) -> bool:
    """A count that only grows over time: a death toll, the arrested, an ordinal series."""
    return claim.kind == "ordinal" or (claim.event in lexicon().cumulative_events)


def places_in(text: str) -> set[str]:
    """Every form of the places ``text`` names ("Norway" -> norway, norwegian, norwegians)."""
    return {f for forms in place_groups_in(text) for f in forms}


@lru_cache(maxsize=8192)
def place_groups_in(text: str) -> frozenset[frozenset[str]]:
    """The places ``text`` names, each as the set of its lower-cased forms.

    One pass of one pattern (longest form first, so "West Virginia" is not also "Virginia"),
    cached: matching asks this of the same sentences for every candidate pair.
    """
    pattern, groups = _place_pattern()
    return frozenset(groups[m.group()] for m in pattern.finditer(text))


@cache
def _place_pattern() -> tuple[re.Pattern, dict[str, frozenset[str]]]:
    groups = {
        form: frozenset(f.lower() for f in forms) for forms in lexicon().places for form in forms
    }
    alternation = "|".join(map(re.escape, sorted(groups, key=len, reverse=True)))
    return re.compile(rf"(?<![\w.])(?:{alternation})(?!\w)"), groups


@cache
def place_forms() -> dict[str, frozenset[str]]:
    """Each lower-case form of a place -> all forms of that place."""
    return {form.lower(): forms for form, forms in _place_pattern()[1].items()}
