"""Which of a sentence's figures are claims: ages and scores told apart from counts and
ranges, and the figures that name no amount left out (the sides of a vote tally, set phrases
such as "first lady", "one of the", an ordinal used as an adjective, an ordinal that picks a
stretch).

The cues are words of the document's language (``lang/<code>/claims.yaml``: ``age_*``,
``tally_*``, ``score_words``, ``set_phrases`` ...), compiled once per language by
:func:`cues`. A language without claims data has no cues: only the figures' own shapes are
read ("the first six weeks").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from ..core.model import Quantity, Sentence
from ..lang.lexicon import Lexicon, alternation, lexicon

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


@dataclass(frozen=True)
class Cues:
    """A language's word cues, compiled from its word lists (the keys named below)."""

    words: Lexicon
    #: "Mesac Damas, 33,", "aged 33" (``age_before``) ...
    age_before: re.Pattern
    #: ... followed by "," or the end, "-year-old", " years old" (``age_after``).
    age_after: re.Pattern
    #: "(under) the age of 18" (``age_of``).
    age_of: re.Pattern
    #: A figure that starts with its bound ("under 18"; ``age_bounds``) ...
    age_bound: re.Pattern
    #: ... or follows it ("younger than 18") ...
    age_cue: re.Pattern
    #: ... and ends a clause or meets "years", "and older", "are" (``age_bound_after``).
    age_bound_after: re.Pattern
    #: After the number, "-year-old(s)", and as tokenised text prints it, " - year - old".
    #: A span that ends in its year ("10-year", "10 - year") is an age when "-old" or " - old"
    #: comes next. ("34 years old" stays a duration: "more than 34 years old" is one, and the
    #: two must stay comparable.) ``age_years``, ``age_old``, ``age_not_old``.
    year_old: re.Pattern
    year_end: re.Pattern
    old_next: re.Pattern
    #: "251 to 174", "264-161", "3-to-1" (``tally_words``) ...
    vote_tally: re.Pattern
    #: ... near "vote", "margin", "ratio" (``tally_cues``).
    tally_cue: re.Pattern
    #: "second-degree", "first-class" but not "third-largest" or "first- and second-degree"
    #: (``ordinal_joiners``, ``superlative_endings``).
    ordinal_adjective: re.Pattern
    #: "one of" (``partitive_words``).
    one_of: re.Pattern


@cache
def cues(code: str) -> Cues:
    """The cues of a language with claims data (KeyError for one without)."""
    w = lexicon(code)
    years, old = alternation(w.age_years), alternation(w.age_old)
    not_old = alternation(w.age_not_old)
    bounds = alternation(w.age_bounds, " ")
    after = alternation(a if a.startswith("-") else f" {a}" for a in w.age_after)
    joiners = alternation(w.ordinal_joiners)
    hyphen = r"(?:\s?-\s?|\s+)"
    return Cues(
        words=w,
        age_before=re.compile(rf"(?:[A-Z][\w’'-]+,\s*|\b{alternation(w.age_before)}\s+)$"),
        age_after=re.compile(rf"^(?:\s*[,);.]|\s*$|{after})"),
        age_of=re.compile(rf"\b{alternation(w.age_of)}\s+$", re.IGNORECASE),
        age_bound=re.compile(rf"^{bounds}\s", re.IGNORECASE),
        age_cue=re.compile(rf"\s{bounds}\s+$", re.IGNORECASE),
        age_bound_after=re.compile(rf"^(?:\s*[,;.:)]|\s*$|\s+{alternation(w.age_bound_after)}\b)"),
        year_old=re.compile(rf"{hyphen}{years}{hyphen}(?!{not_old}){old}", re.IGNORECASE),
        year_end=re.compile(rf"\s?-\s?{years}$", re.IGNORECASE),
        old_next=re.compile(rf"\s?-\s?(?!{not_old}){old}", re.IGNORECASE),
        vote_tally=re.compile(
            rf"(?<![\d,.])(?P<a>\d{{1,3}})(?:\s?[-–]\s?|\s?{alternation(w.tally_words)}\s?"
            rf"|-{alternation(w.tally_words)}-)(?P<b>\d{{1,3}})(?![\d,.]\d)"
        ),
        tally_cue=re.compile(rf"\b{alternation(w.tally_cues)}\b", re.IGNORECASE),
        ordinal_adjective=re.compile(
            rf"\s?-\s?(?:{joiners}\b|(?![a-z]*{alternation(w.superlative_endings)}\b)[a-z])",
            re.IGNORECASE,
        ),
        one_of=re.compile(rf"\s*{alternation(w.partitive_words)}\b", re.IGNORECASE),
    )


_LAST_WORD = re.compile(r"(\w+)\s*$")
_SCORE = re.compile(r"^\d{1,3}\s?[-–]\s?\d{1,3}$")


def _reclassify(q: Quantity, sentence: Sentence, tokens: list[_Token], c: Cues) -> Quantity:
    """Ages and scores look like counts and ranges; they must never be compared as such.

    "Mesac Damas, 33," and "a 47-year-old" are ages; "beat Bordeaux 1-0" is a score.
    """
    left = _left_of(sentence.text, q.start - sentence.start)
    right = _right_of(sentence.text, q.end - sentence.start)
    whole = float(q.value).is_integer() and 0 < q.value < 125
    if q.kind in ("cardinal", "duration") and whole and q.approx == "exact":
        if c.age_before.search(left) and c.age_after.search(right):
            return replace(q, kind="age", unit="year")
        year_old = c.year_old.match(right) is not None
        if year_old or (c.year_end.search(q.text) and c.old_next.match(right)):
            return replace(q, kind="age", unit="year")
    if q.kind == "cardinal" and whole and c.age_of.search(left):
        return replace(q, kind="age", unit="year")
    if q.kind == "cardinal" and whole and c.age_bound_after.match(right):
        if c.age_bound.match(q.text):
            before = left  # "people under 18": the bound is part of the figure
        else:
            cue = c.age_cue.search(left)  # "people younger than 18": the bound before it
            before = left[: cue.start()] if cue else ""
        word = _LAST_WORD.search(before)
        if word and word.group(1).lower() in c.words.person_nouns | c.words.age_people:
            return replace(q, kind="age", unit="year")
    if q.approx == "range" and _SCORE.match(q.text):
        near = {t.low for t in _near(tokens, q.start, 60)}
        if near & c.words.score_words:
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

    A pair is a score when a score word ("beat", "draw", "lead"; English) is near it, or
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


def _vote_tallies(text: str, c: Cues) -> list[tuple[int, int]]:
    """Spans of the sentence's descending tallies with a tally cue near them ("the vote was
    251 to 174", "a 264-161 vote", "a rate of 2 to 1"): found once per sentence."""
    out = []
    for m in c.vote_tally.finditer(text):
        near = text[max(0, m.start() - 40) : m.end() + 40]
        if int(m["a"]) >= int(m["b"]) and c.tally_cue.search(near):
            out.append((m.start(), m.end()))
    return out


def _not_a_claim(
    q: Quantity, sentence: Sentence, after: str, tallies: list[tuple[int, int]], c: Cues
) -> bool:
    """Figures that name no amount: the two sides of a vote tally ("251 to 174") or a ratio
    ("by a margin of more than 2 to 1"), set phrases ("first lady", "zero tolerance";
    ``set_phrases``), "one of the fundraisers" picks one out of a group, and
    "second-degree murder" or "first-class" use an ordinal as an adjective (a rank such as
    "third-largest" is still a claim). ``tallies``: :func:`_vote_tallies` of the sentence."""
    at = q.start - sentence.start
    if any(at < end and start < q.end - sentence.start for start, end in tallies):
        return True
    next_word = re.match(r"\s*([\w’'-]+)", after)
    if next_word and f"{q.text} {next_word.group(1)}".lower() in c.words.set_phrases:
        return True  # "first lady", "zero tolerance": a name for a thing, no amount
    if q.kind == "cardinal" and q.value == 1 and q.approx == "exact":
        return c.one_of.match(after) is not None
    if q.kind == "ordinal":
        return bool(c.ordinal_adjective.match(sentence.text, q.end - sentence.start))
    return False


def claim_candidates(
    sentence: Sentence, quantities: Iterable[Quantity], code: str | None
) -> list[Quantity]:
    """The sentence's quantities that may be claims, ages and scores told apart, by the cues
    of language ``code`` (None: a language without claims data, no cues)."""
    quantities = list(quantities)
    starts = {o.start for o in quantities}
    if code is None:
        return [q for q in quantities if not _picks_a_stretch(q, starts)]
    c = cues(code)
    tokens = _tokens(sentence.text, sentence.start)
    tallies = _vote_tallies(sentence.text, c)
    out = []
    for q in quantities:
        q = _reclassify(q, sentence, tokens, c)
        after = _right_of(sentence.text, q.end - sentence.start)
        if not _not_a_claim(q, sentence, after, tallies, c) and not _picks_a_stretch(q, starts):
            out.append(q)
    return out


def _picks_a_stretch(q: Quantity, starts: set[int]) -> bool:
    """ "after the first six weeks", "in his first 100 days": the ordinal picks which stretch
    the count that follows it measures (a figure starting one character after it); the count
    is the claim, the ordinal names none."""
    return q.kind == "ordinal" and q.end + 1 in starts
