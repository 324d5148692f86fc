"""What the same-claim judge reads about a pair of claims: numbers, never the figures' values.

Each candidate pair ``(a, b, similarity)`` becomes one row of :data:`NAMES` features:

- how alike the texts are: the cosine matching found the pair with (the higher of the masked
  clause's and the masked phrase's), and rapidfuzz's token-set, token-sort and partial ratios
  of the two masked clauses;
- the rare words and names near each figure, weighted by rarity in the language (``wordfreq``:
  "Lakeside", "state taxes" weigh, "the", "said" do not): overlap of the windows around the
  two figures, and how much of each window the other sentence holds;
- what the parse read (:mod:`checker.read.grammar`): same counted noun, event, verb, role, agent,
  places, years, modifiers, negation, hedges, a vague or bounded figure against an exact one;
- the kind of figure, whether it is a rate, and which sentence of its article holds each;
- the competition: how many claims of the same family stand in each sentence, and whether
  each side is the other's nearest candidate in its article.

Not the values: a changed figure must keep its partner, so nothing here looks at the digits
(only at whether a figure is written in words, bounded or vague).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from ...core.model import Claim
from ...lang.lexicon import lexicon
from ...lang.rarity import rarity
from ...read.claims import entities, head_subject
from ...read.readings import MASK
from ..structure import (
    different_agents,
    different_modifiers,
    different_places,
    family,
    inexact,
    known_events,
    subject_score,
    years_in,
    years_of,
)

#: Words each side of a figure that make its window.
WINDOW = 8
#: Sentence numbers above this count as this (deep in a long article).
POSITION_CAP = 60
#: A word this common (Zipf frequency, 0-8) or more weighs nothing.
COMMON_ZIPF = 6.5

KIND_GROUPS = ("count", "ordinal", "percent", "money", "duration", "age", "measure")

NAMES: tuple[str, ...] = (
    "cosine",
    "clause_token_set",
    "clause_token_sort",
    "clause_partial",
    "window_overlap",
    "window_shared_weight",
    "sentence_shared_weight",
    "window_cover_min",
    "window_cover_max",
    "sentence_overlap",
    "names_cover_min",
    "names_cover_max",
    "names_both",
    "same_sentence_text",
    "same_head",
    "head_known",
    "head_ratio",
    "same_event",
    "events_differ",
    "same_predicate",
    "same_role",
    "remainder",
    "negation_differs",
    "hedge_differs",
    "agents_differ",
    "agents_share",
    "places_differ",
    "years_differ",
    "years_same",
    "modifiers_differ",
    "inexact_differs",
    "vague_any",
    "rate",
    *(f"kind_{k}" for k in KIND_GROUPS),
    "position_min",
    "position_max",
    "position_gap",
    "lead_both",
    "crowd_min",
    "crowd_max",
    "rank_a",
    "rank_b",
    "mutual_best",
    "next_word_same",
    "prev_word_same",
    "in_words_any",
    "in_words_both",
    "doc_crowd_min",
    "doc_crowd_max",
    "quoted_any",
    "title_case_any",
    "within_document",
)

#: Columns filled per run (similarity and competition), not kept per pair by ``_own``.
_SIM = NAMES.index("cosine")
_CROWD = [NAMES.index(n) for n in ("crowd_min", "crowd_max", "rank_a", "rank_b", "mutual_best")]
_CROWD_DOC = [NAMES.index(n) for n in ("doc_crowd_min", "doc_crowd_max")]

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _stem(word: str) -> str:
    """A crude stem, enough for overlap: "costs" / "cost", "loans" / "loan"."""
    w = word.lower().replace("’", "'").removesuffix("'s")
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _stop() -> frozenset[str]:
    """Words that weigh nothing in an overlap (``overlap_stop_words``; the judge's features
    are English, as its training data)."""
    return lexicon().overlap_stop_words


@lru_cache(maxsize=65536)
def _content(text: str) -> frozenset[str]:
    stop = _stop()
    return frozenset(w for w in (_stem(m) for m in _WORD.findall(text)) if w not in stop)


def _window(c: Claim) -> frozenset[str]:
    return _window_of(c.sentence_text, c.start - c.sentence_start, c.end - c.sentence_start)


@lru_cache(maxsize=65536)
def _window_of(sentence: str, start: int, end: int) -> frozenset[str]:
    left = _WORD.findall(sentence[: max(0, start)])[-WINDOW:]
    right = _WORD.findall(sentence[max(0, end) :])[:WINDOW]
    stop = _stop()
    return frozenset(w for w in (_stem(x) for x in left + right) if w not in stop)


@lru_cache(maxsize=65536)
def _weight(words: frozenset[str]) -> float:
    # fsum: exactly rounded, so the weight is the same whatever order the set iterates in
    # (the set cached first, or an equal one); kept per set, as a desk re-check meets the
    # same pairs (this was a third of judging them).
    return math.fsum(rarity(w, "en", COMMON_ZIPF) for w in words)


def _overlap(x: frozenset[str], y: frozenset[str]) -> float:
    union = _weight(x | y)
    return _weight(x & y) / union if union else 0.0


def _cover(x: frozenset[str], y: frozenset[str]) -> float:
    """The share of ``x``'s rare-word weight that ``y`` holds."""
    total = _weight(x)
    return _weight(x & y) / total if total else 0.0


@lru_cache(maxsize=65536)
def _names(text: str) -> tuple[str, ...]:
    return tuple(n.lower() for n in entities(text))


def _names_cover(a: Claim, b: Claim) -> float:
    """The share of the names in ``a``'s clause that ``b``'s sentence mentions; -1 if none."""
    own = _names(a.key_text.replace(MASK, " "))
    if not own:
        return -1.0
    other = b.sentence_text.lower()
    return sum(1 for n in own if n in other) / len(own)


def _next_word(c: Claim) -> str:
    """The first word after the figure ("trip", "in"), lower case; "" at the end."""
    words = _WORD.findall(c.sentence_text[c.end - c.sentence_start :][:60])
    return words[0].lower() if words else ""


def _prev_word(c: Claim) -> str:
    words = _WORD.findall(c.sentence_text[: c.start - c.sentence_start][-60:])
    return words[-1].lower() if words else ""


def _in_words(c: Claim) -> bool:
    """A figure without a digit: "one", "first", "dozens", "half"."""
    return not any(ch.isdigit() for ch in c.quantity.text)


_QUOTES = '"“”«»'


def _quoted(c: Claim) -> bool:
    before = c.sentence_text[: c.start - c.sentence_start]
    return sum(before.count(q) for q in _QUOTES) % 2 == 1 or before.count("“") > before.count("”")


@lru_cache(maxsize=65536)
def _title_case(sentence: str) -> bool:
    """A headline in title case ("'1 In 4 Odds' Of ..."): most words capitalised."""
    words = _WORD.findall(sentence)
    if len(words) < 4:
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps / len(words) >= 0.6


def _agents_share(a: Claim, b: Claim) -> float:
    if not (a.agent and b.agent):
        return -1.0
    wa, wb = _content(a.agent), _content(b.agent)
    return 1.0 if wa & wb else 0.0


#: Across two languages (an English claim and an Indonesian one), what these features compare
#: is words of one language with words of the other: the parse's heads, verbs, roles, agents
#: and modifiers (lemmas), the words next to the figure, negation and hedge words. They take
#: the value an English pair has when the parse read nothing on one side (a head, verb or role
#: unknown, nothing different), so they neither argue for a match nor against one.
UNREAD_ACROSS: dict[str, float] = {
    "same_head": 0.0,
    "head_known": 0.0,
    "head_ratio": -1.0,
    "same_event": 0.0,
    "events_differ": 0.0,
    "same_predicate": 0.0,
    "same_role": 0.0,
    "remainder": 0.0,
    "negation_differs": 0.0,
    "hedge_differs": 0.0,
    "agents_differ": 0.0,
    "agents_share": -1.0,
    "modifiers_differ": 0.0,
    "next_word_same": 0.0,
    "prev_word_same": 0.0,
}
#: Across two languages, how alike the two clauses and the words around the figures read is
#: the multilingual cosine (on the house's scale, :func:`checker.compare.embed_multi.house_scale`):
#: rapidfuzz's ratios and the rare-word overlaps of an English and an Indonesian sentence
#: measure spelling, not meaning ("BI rate sebesar 8,25 persen" / "the BI rate 8.25 percent":
#: 0.03 of the sentence's weight shared, which the judge reads as two things).
ALIKE_ACROSS = (
    "clause_token_set",
    "clause_token_sort",
    "clause_partial",
    "window_overlap",
    "window_cover_min",
    "window_cover_max",
    "sentence_overlap",
)
#: What stays as computed across languages, because it is language-free: the cosine, the
#: names of one clause the other sentence holds and the weight of the words both sentences
#: share (names, places, acronyms are what two languages share: "Bank Indonesia", "Jakarta",
#: "IHSG"), places named, years, the figures' kinds and shapes (vague, bounded, in words, a
#: rate), positions and the competition.
_UNREAD_COLUMNS = [(NAMES.index(n), v) for n, v in UNREAD_ACROSS.items()]
_ALIKE_COLUMNS = [NAMES.index(n) for n in ALIKE_ACROSS]


def features(
    pairs: Sequence[tuple[Claim, Claim, float]], languages: Mapping[str, str] | None = None
) -> np.ndarray:
    """One row of :data:`NAMES` per candidate pair ``(a, b, similarity)``; the competition
    features are read over the whole list, so pass every candidate of a run at once.

    ``languages`` maps document ids to languages: a pair whose documents differ in language
    gets :data:`UNREAD_ACROSS` and :data:`ALIKE_ACROSS` (without it, every pair is read as
    one language's)."""
    fams, crowd, order = _competition(pairs)
    out = np.zeros((len(pairs), len(NAMES)), dtype=np.float32)
    for row, (a, b, sim) in enumerate(pairs):
        out[row] = _own(a, b, (fams[a.id] or "").split(":")[0])
        (ca, da), (cb, db) = crowd[a.id], crowd[b.id]
        ra, rb = order.get((a.id, b.id), 9), order.get((b.id, a.id), 9)
        out[row, _SIM] = sim
        out[row, _CROWD] = (min(ca, cb), max(ca, cb), min(ra, 9), min(rb, 9),
                            ra == 0 and rb == 0)  # fmt: skip
        out[row, _CROWD_DOC] = (min(da, db), max(da, db))
        if languages is not None and languages.get(a.doc) != languages.get(b.doc):
            for col, value in _UNREAD_COLUMNS:
                out[row, col] = value
            out[row, _ALIKE_COLUMNS] = sim
    return out


def _competition(pairs: Sequence[tuple[Claim, Claim, float]]):
    """(family by claim id, crowd by claim id, rank by (claim id, other claim id))."""
    # Competition: each claim's candidates in each other article, ranked by cosine; and how
    # many claims of its family share its sentence and its article.
    ranked: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    claims: dict[str, Claim] = {}
    for a, b, sim in pairs:
        ranked[(a.id, b.doc)].append((sim, b.id))
        ranked[(b.id, a.doc)].append((sim, a.id))
        claims[a.id], claims[b.id] = a, b
    fams = {i: family(c) for i, c in claims.items()}
    in_sentence = Counter((c.doc, c.sentence, fams[i]) for i, c in claims.items())
    in_article = Counter((c.doc, fams[i]) for i, c in claims.items())
    crowd = {
        i: (in_sentence[(c.doc, c.sentence, fams[i])], in_article[(c.doc, fams[i])])
        for i, c in claims.items()
    }
    order = {}
    for key, rows in ranked.items():
        rows.sort(key=lambda r: (-r[0], r[1]))
        for i, (_, other) in enumerate(rows):
            order[(key[0], other)] = i
    return fams, crowd, order


@lru_cache(maxsize=16_384)
def _own(a: Claim, b: Claim, group: str) -> np.ndarray:
    """The features of the pair itself, without its similarity and its competition (filled
    in by :func:`features`): kept per pair, as a desk re-check judges the same pairs again
    (claims are frozen values; an edited claim is another key)."""
    return np.asarray(_row(a, b, 0.0, {}, {a.id: (0, 0), b.id: (0, 0)}, group), np.float32)


def _row(a, b, sim, order, crowd, group: str) -> list[float]:
    ka, kb = a.key_text.replace(MASK, " "), b.key_text.replace(MASK, " ")
    wa, wb = _window(a), _window(b)
    sa, sb = _content(a.sentence_text), _content(b.sentence_text)
    cov_ab, cov_ba = _cover(wa, sb), _cover(wb, sa)
    na, nb = _names_cover(a, b), _names_cover(b, a)
    named = [x for x in (na, nb) if x >= 0]
    ha, hb = head_subject(a), head_subject(b)
    subj = subject_score(a, b)
    known = known_events()
    ya, yb = set(years_in(a.key_text)) | years_of(a), set(years_in(b.key_text)) | years_of(b)
    pa, pb = min(a.sentence, POSITION_CAP), min(b.sentence, POSITION_CAP)
    (ca, da), (cb, db) = crowd[a.id], crowd[b.id]
    ra, rb = order.get((a.id, b.id), 9), order.get((b.id, a.id), 9)
    wa_, wb_ = _in_words(a), _in_words(b)
    return [
        sim,
        fuzz.token_set_ratio(ka, kb) / 100,
        fuzz.token_sort_ratio(ka, kb) / 100,
        fuzz.partial_ratio(ka, kb) / 100,
        _overlap(wa, wb),
        _weight(wa & wb),
        _weight(sa & sb),
        min(cov_ab, cov_ba),
        max(cov_ab, cov_ba),
        _overlap(sa, sb),
        min(named) if named else -1.0,
        max(named) if named else -1.0,
        float(len(named) == 2),
        float(a.sentence_text.strip() == b.sentence_text.strip()),
        float(bool(ha) and ha == hb),
        float(bool(ha) and bool(hb)),
        subj / 100 if subj >= 0 else -1.0,
        float(bool(a.event) and a.event == b.event),
        float(bool(a.event and b.event) and a.event != b.event and {a.event, b.event} <= known),
        float(bool(a.predicate) and a.predicate == b.predicate),
        float(bool(a.role) and a.role == b.role),
        float("remainder" in (a.role, b.role) and a.role != b.role),
        float(a.negated != b.negated),
        float(a.hedged != b.hedged),
        float(bool(different_agents(a, b))),
        _agents_share(a, b),
        float(bool(different_places(a, b))),
        float(bool(ya and yb) and not (ya & yb)),
        float(bool(ya & yb)),
        float(different_modifiers(a, b)),
        float(inexact(a) != inexact(b)),
        float(a.quantity.vague or b.quantity.vague),
        float(a.quantity.per is not None or b.quantity.per is not None),
        *(float(group == k) for k in KIND_GROUPS),
        min(pa, pb),
        max(pa, pb),
        abs(pa - pb),
        float(a.sentence < 3 and b.sentence < 3),
        float(min(ca, cb)),
        float(max(ca, cb)),
        float(min(ra, 9)),
        float(min(rb, 9)),
        float(ra == 0 and rb == 0),
        float(_next_word(a) == _next_word(b) != ""),
        float(_prev_word(a) == _prev_word(b) != ""),
        float(wa_ or wb_),
        float(wa_ and wb_),
        float(min(da, db)),
        float(max(da, db)),
        float(_quoted(a) or _quoted(b)),
        float(_title_case(a.sentence_text) or _title_case(b.sentence_text)),
        float(a.doc == b.doc),
    ]
