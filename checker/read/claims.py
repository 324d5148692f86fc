"""From quantities to claims: what a number counts and what happened to it, read by grammar.

Each sentence that holds a figure is parsed (spaCy's ``en_core_web_sm``, see
:mod:`checker.read.parser`; cached by :mod:`checker.read.reading`) and each figure's place in the tree
is read by :mod:`checker.read.grammar`: the counted noun phrase and its modifiers, the predicate
with negation and hedges, the agent, place and time. "At least 51 people were killed and more
than 220 injured" gives 51 counting people, killed, and 220 counting people, injured:
embeddings cannot tell those two apart (cosine 0.87), so these fields are what keeps
look-alikes apart downstream. Figures inside names ("Title 42", "Boeing 737") are not claims.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from ..core.model import Claim, Document, Quantity, Sentence
from ..core.settings import Semantics
from ..lang.lexicon import Lexicon, lexicon, normalise_subject
from .quantities import extract_quantities
from .reading import read_sentences
from .readings import Reading

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\S", re.UNICODE)


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


def _tokens(text: str, offset: int = 0) -> list[_Token]:
    return [_Token(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


_ENTITY = re.compile(
    r"(?:[A-Z][\w’'.-]*[A-Za-z]|[A-Z])(?:\s+(?:of\s+|bin\s+|al-)?[A-Z][\w’'.-]*[A-Za-z])*"
)
_NOT_ENTITY = {
    "The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I",
    "But", "And", "In", "On", "At", "As", "After", "Earlier", "Despite", "However", "Although",
    "During", "Each", "According", "Critics", "Top", "Also", "Read", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}  # fmt: skip


def entities(text: str) -> tuple[str, ...]:
    """Capitalised names in a sentence, without sentence-initial function words."""
    out: list[str] = []
    for m in _ENTITY.finditer(text):
        name = m.group().rstrip(".’'")
        name = re.sub(r"[’']s$", "", name)
        parts = name.split()
        while parts and parts[0] in _NOT_ENTITY:
            parts.pop(0)
        if parts and len(" ".join(parts)) > 1:
            out.append(" ".join(parts))
    return tuple(dict.fromkeys(out))


_AGE_BEFORE = re.compile(r"(?:[A-Z][\w’'-]+,\s*|\baged\s+|\bage\s+(?:of\s+)?)$")
_AGE_AFTER = re.compile(r"^(?:\s*[,);.]|\s*$|-year-old|\s+years?\s+old)")
# "people under 18", "children under 5", "anyone younger than 16": a bound on an age
_AGE_BOUND = re.compile(r"^(?:under|over|younger than|older than|aged)\s", re.IGNORECASE)
_AGE_BOUND_AFTER = re.compile(
    r"^(?:\s*[,;.:)]|\s*$|\s+(?:years?\b|and\s+(?:over|older|up)\b"
    r"|(?:are|were|is|was|have|had|who|can|could|will|would|may|must|should)\b))"
)
_AGE_CUE = re.compile(r"\s(?:under|over|younger than|older than|aged)\s+$", re.IGNORECASE)
_LAST_WORD = re.compile(r"(\w+)\s*$")
# "(under / at) the age of 18": an age, whoever is counted
_AGE_OF = re.compile(r"\bthe\s+age\s+of\s+$", re.IGNORECASE)
# After the number, "-year-old(s)", and as tokenised text prints it, " - year - old": an age.
# A span that ends in its year ("10-year", "10 - year") is an age when "-old" or " - old"
# comes next. ("34 years old" stays a duration: "more than 34 years old" is one, and the two
# must stay comparable.)
_YEAR_OLD = re.compile(r"(?:\s?-\s?|\s+)years?(?:\s?-\s?|\s+)old(?!er)", re.IGNORECASE)
_YEAR_END = re.compile(r"\s?-\s?years?$", re.IGNORECASE)
_OLD_NEXT = re.compile(r"\s?-\s?old(?!er)", re.IGNORECASE)
_SCORE = re.compile(r"^\d{1,3}\s?[-–]\s?\d{1,3}$")


def _reclassify(q: Quantity, sentence: Sentence, tokens: list[_Token], lex: Lexicon) -> Quantity:
    """Ages and scores look like counts and ranges; they must never be compared as such.

    "Mesac Damas, 33," and "a 47-year-old" are ages; "beat Bordeaux 1-0" is a score.
    """
    left = _left_of(sentence.text, q.start - sentence.start)
    right = _right_of(sentence.text, q.end - sentence.start)
    whole = float(q.value).is_integer() and 0 < q.value < 125
    if q.kind in ("cardinal", "duration") and whole and q.approx == "exact":
        if _AGE_BEFORE.search(left) and _AGE_AFTER.search(right):
            return replace(q, kind="age", unit="year")
        year_old = _YEAR_OLD.match(right) is not None
        if year_old or (_YEAR_END.search(q.text) and _OLD_NEXT.match(right)):
            return replace(q, kind="age", unit="year")
    if q.kind == "cardinal" and whole and _AGE_OF.search(left):
        return replace(q, kind="age", unit="year")
    if q.kind == "cardinal" and whole and _AGE_BOUND_AFTER.match(right):
        if _AGE_BOUND.match(q.text):
            before = left  # "people under 18": the bound is part of the figure
        else:
            cue = _AGE_CUE.search(left)  # "people younger than 18": the bound before it
            before = left[: cue.start()] if cue else ""
        word = _LAST_WORD.search(before)
        if word and word.group(1).lower() in lex.person_nouns | {"anyone", "those"}:
            return replace(q, kind="age", unit="year")
    if q.approx == "range" and _SCORE.match(q.text):
        near = {t.low for t in _near(tokens, q.start, 60)}
        if near & lex.score_words:
            return replace(q, kind="score", unit=None)
    return q


#: How far around a figure the age and score cues are looked for: far more than any cue
#: needs, and what keeps a sentence with thousands of figures linear, not quadratic.
_WINDOW = 300


def _left_of(text: str, at: int) -> str:
    """The ``_WINDOW`` characters before ``at`` (the cues are anchored at its end)."""
    return text[max(0, at - _WINDOW) : at]


def _right_of(text: str, at: int) -> str:
    """The ``_WINDOW`` characters after ``at``; cut short, it ends in a NUL, so a cue
    anchored at the end of the sentence (``\\s*$``) cannot match inside the window."""
    right = text[at : at + _WINDOW]
    return right + "\0" if at + _WINDOW < len(text) else right


def _start(token: _Token) -> int:
    return token.start


def _near(tokens: list[_Token], at: int, distance: int) -> list[_Token]:
    """Tokens starting less than ``distance`` characters from ``at`` (tokens in order)."""
    lo = bisect.bisect_right(tokens, at - distance, key=_start)
    hi = bisect.bisect_left(tokens, at + distance, key=_start)
    return tokens[lo:hi]


# "won 2-1", "a 1-1 draw", "6-3 6-4", "ruled 5-4": a tally, not a range; never part of a longer run
# of numbers ("309-346-4141", "9/11").
_TALLY = re.compile(
    r"(?<![\w/:–-])(?<!\d[.,])(\d{1,3}) ?[-–] ?(\d{1,3})(?![\w/:]|[.,]\d| ?[-–] ?\d)"
)


def scores(text: str, taken: Iterable[tuple[int, int]] = ()) -> list[Quantity]:
    """Scores and tallies in ``text`` that the number reader leaves out.

    A pair is a score when a score word ("beat", "draw", "lead") is near it, or
    when it cannot be a range: two figures of at most two digits, the first not
    below the second ("held 1-1", "thrashed them 4-0"). ``taken`` spans (the
    quantities already read) are skipped. The value is the first figure; both
    are in ``readings``.
    """
    lex = lexicon()
    out = []
    for m in _TALLY.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        a, b = int(m.group(1)), int(m.group(2))
        near = {t.low for t in _tokens(text[max(0, m.start() - 60) : m.end() + 60])}
        if not (near & lex.score_words or (a >= b and a < 100)):
            continue
        out.append(
            Quantity(m.group(), m.start(), m.end(), float(a), float(min(a, b)), float(max(a, b)),
                     kind="score", readings=(float(a), float(b)))
        )  # fmt: skip
    return out


_VOTE_TALLY = re.compile(
    r"(?<![\d,.])(?P<a>\d{1,3})(?:\s?[-–]\s?|\s?to\s?|-to-)(?P<b>\d{1,3})(?![\d,.]\d)"
)
#: Words near a descending "N to M" that make it a tally or a ratio, not two amounts.
_TALLY_CUE = re.compile(
    r"\b(?:vot(?:e|es|ed|ing)|margin|ratio|rate|odds|outnumber\w*)\b", re.IGNORECASE
)
_ORDINAL_ADJECTIVE = re.compile(r"\s?-\s?(?:and\b|or\b|(?![a-z]*est\b)[a-z])", re.IGNORECASE)


def _vote_tallies(text: str) -> list[tuple[int, int]]:
    """Spans of the sentence's descending tallies with a tally cue near them ("the vote was
    251 to 174", "a 264-161 vote", "a rate of 2 to 1"): found once per sentence."""
    out = []
    for m in _VOTE_TALLY.finditer(text):
        near = text[max(0, m.start() - 40) : m.end() + 40]
        if int(m["a"]) >= int(m["b"]) and _TALLY_CUE.search(near):
            out.append((m.start(), m.end()))
    return out


def _not_a_claim(
    q: Quantity, sentence: Sentence, after: str, tallies: list[tuple[int, int]] | None = None
) -> bool:
    """Figures that name no amount: the two sides of a vote tally ("251 to 174") or a ratio
    ("by a margin of more than 2 to 1"), set phrases
    ("first lady", "zero tolerance";
    ``set_phrases``), "one of the fundraisers" picks one out of a group, and
    "second-degree murder" or "first-class" use an ordinal as an adjective (a rank such as
    "third-largest" is still a claim). ``tallies``: :func:`_vote_tallies` of the sentence."""
    at = q.start - sentence.start
    if tallies is None:
        tallies = _vote_tallies(sentence.text)
    if any(at < end and start < q.end - sentence.start for start, end in tallies):
        return True
    next_word = re.match(r"\s*([\w’'-]+)", after)
    if next_word and f"{q.text} {next_word.group(1)}".lower() in lexicon().set_phrases:
        return True  # "first lady", "zero tolerance": a name for a thing, no amount
    if q.kind == "cardinal" and q.value == 1 and q.approx == "exact":
        return re.match(r"\s*of\b", after, re.IGNORECASE) is not None
    if q.kind == "ordinal":
        return bool(_ORDINAL_ADJECTIVE.match(sentence.text, q.end - sentence.start))
    return False


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


def _figures(sentence: Sentence, quantities: Iterable[Quantity], lex: Lexicon) -> list[Quantity]:
    """The sentence's quantities that may be claims, ages and scores told apart."""
    tokens = _tokens(sentence.text, sentence.start)
    quantities = list(quantities)
    tallies = _vote_tallies(sentence.text)
    starts = {o.start for o in quantities}
    out = []
    for q in quantities:
        q = _reclassify(q, sentence, tokens, lex)
        after = _right_of(sentence.text, q.end - sentence.start)
        if not _not_a_claim(q, sentence, after, tallies) and not _picks_a_stretch(q, starts):
            out.append(q)
    return out


def _picks_a_stretch(q: Quantity, starts: set[int]) -> bool:
    """ "after the first six weeks", "in his first 100 days": the ordinal picks which stretch
    the count that follows it measures (a figure starting one character after it); the count
    is the claim, the ordinal names none."""
    return q.kind == "ordinal" and q.end + 1 in starts


#: A sentence with more figures than this is read (parsed, and each figure's place in the
#: tree found) in parts of at most this many: reading one figure walks its whole sentence,
#: so "and 12 people" x 4,000 would cost 4,000 walks of a 4,000-figure parse. Real sentences
#: hold at most 10 (3,127 claims in the benchmark corpus).
MAX_FIGURES = 16


def _parts(sentence: Sentence, figures: list[Quantity]) -> list[tuple[Sentence, list[Quantity]]]:
    """``sentence`` and its figures, or (over ``MAX_FIGURES``) consecutive parts of it, each
    ending just before the first figure of the next, so a figure keeps the words after it."""
    if len(figures) <= MAX_FIGURES:
        return [(sentence, figures)]
    out = []
    start = sentence.start
    for i in range(0, len(figures), MAX_FIGURES):
        group = figures[i : i + MAX_FIGURES]
        nxt = i + MAX_FIGURES
        end = figures[nxt].start if nxt < len(figures) else sentence.end
        end = max(end, group[-1].end)
        text = sentence.text[start - sentence.start : end - sentence.start]
        out.append((Sentence(sentence.index, start, end, text), group))
        start = end
    return out


def claims_in_sentences(
    doc_id: str, pairs: list[tuple[Sentence, list[Quantity]]], *, first_index: int = 0
) -> list[Claim]:
    """Claims of several sentences (quantities at document offsets), parsed in one batch."""
    lex = lexicon()
    kept = [(s, _figures(s, qs, lex)) for s, qs in pairs if qs]
    kept = [part for s, qs in kept if qs for part in _parts(s, qs)]
    items = [(s.text, tuple((q.start - s.start, q.end - s.start) for q in qs)) for s, qs in kept]
    claims: list[Claim] = []
    for (sentence, qs), (names, readings) in zip(kept, read_sentences(items), strict=True):
        for q, r in zip(qs, readings, strict=True):
            if r.in_name or r.role == "label":
                continue  # "Title 42", "Boeing 737", "lease 257": part of a name
            claims.append(_claim(doc_id, first_index + len(claims) + 1, sentence, q, r, names))
    return claims


def claims_in_sentence(
    doc_id: str, sentence: Sentence, quantities: Iterable[Quantity], *, first_index: int = 0
) -> list[Claim]:
    """Turn the quantities of one sentence (document offsets) into claims."""
    return claims_in_sentences(doc_id, [(sentence, list(quantities))], first_index=first_index)


def extract_claims(document: Document, semantics: Semantics | None = None) -> list[Claim]:
    """Every quantity claim in a document, in reading order, with document offsets."""
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
    return claims_in_sentences(document.id, pairs)


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
