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

How: what one claim alone says (:class:`_Facts`: its windows and word sets and their weights,
names, head, years, neighbouring words) is worked out once per claim, then the pairs are
compared column by column (numpy where a column is a comparison of two claims' facts, one
loop for the set overlaps and the clause ratios). A pair's own row is kept in memory and on
disk (:func:`_own_kept`), so a desk re-check and a warm run read it. ``tests/features_reference.py``
computes every row pair by pair, as this module once did; the tests hold the two equal to the bit.
"""

from __future__ import annotations

import atexit
import hashlib
import math
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from rapidfuzz import fuzz

from ...core import versions
from ...core.kvcache import KVCache, cache_dir
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

#: Each feature's column.
_COL = {name: i for i, name in enumerate(NAMES)}

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@lru_cache(maxsize=131_072)
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
    """The stems of ``text``'s words, less the stop words."""
    return frozenset(map(_stem, _WORD.findall(text))) - _stop()


@lru_cache(maxsize=65536)
def _window_of(sentence: str, start: int, end: int) -> frozenset[str]:
    """The stems of the :data:`WINDOW` words each side of ``sentence[start:end]``, less the
    stop words."""
    left = _WORD.findall(sentence[: max(0, start)])[-WINDOW:]
    right = _WORD.findall(sentence[max(0, end) :])[:WINDOW]
    return frozenset(map(_stem, left + right)) - _stop()


class _Rarity(dict):
    """Word -> :func:`~checker.lang.rarity.rarity` in English, filled as words are met."""

    def __missing__(self, word: str) -> float:
        if len(self) >= 131_072:
            self.clear()
        value = self[word] = rarity(word, "en", COMMON_ZIPF)
        return value


_RARITY = _Rarity()


def _weight(words: frozenset[str]) -> float:
    """The words' summed rarity. ``fsum`` is exactly rounded: the same whatever order the
    set iterates in."""
    return math.fsum(map(_RARITY.__getitem__, words)) if words else 0.0


@lru_cache(maxsize=65536)
def _lower(text: str) -> str:
    """``text`` in lower case (one copy per sentence, however many figures it holds)."""
    return text.lower()


def _names(text: str) -> tuple[str, ...]:
    """The names ``text`` mentions, lower case."""
    return tuple(n.lower() for n in entities(text))


def _next_word(c: Claim) -> str:
    """The first word after the figure ("trip", "in"), lower case; "" at the end."""
    words = _WORD.findall(c.sentence_text[c.end - c.sentence_start :][:60])
    return words[0].lower() if words else ""


def _prev_word(c: Claim) -> str:
    """The last word before the figure, lower case; "" at the start."""
    words = _WORD.findall(c.sentence_text[: c.start - c.sentence_start][-60:])
    return words[-1].lower() if words else ""


def _in_words(c: Claim) -> bool:
    """A figure without a digit: "one", "first", "dozens", "half"."""
    return not any(ch.isdigit() for ch in c.quantity.text)


_QUOTES = '"“”«»'


def _quoted(c: Claim) -> bool:
    """The figure stands inside quotation marks (an odd number of them before it)."""
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


@dataclass(frozen=True, eq=False, slots=True)
class _Facts:
    """What the judge reads of one claim alone: worked out once per claim, then compared pair
    by pair (a claim meets up to ``k`` candidates in each other article)."""

    #: The clause with the figure masked out (``key_text`` less :data:`MASK`).
    key: str
    #: The content words near the figure (:data:`WINDOW` each side) and their weight.
    window: frozenset[str]
    window_weight: float
    #: The content words of the sentence and their weight.
    sentence: frozenset[str]
    sentence_weight: float
    #: The sentence in lower case, for the other side's names.
    lower: str
    #: The names of the clause, lower case.
    names: tuple[str, ...]
    #: The parse's counted noun, normalised (:func:`~checker.read.claims.head_subject`).
    head: str
    #: The years the clause and the parse's times name.
    years: frozenset[str]
    #: The figure's neighbouring words, lower case.
    next_word: str
    prev_word: str
    #: The figure: written in words; quoted; vague or bounded in words
    #: (:func:`~checker.compare.structure.inexact`).
    in_words: bool
    quoted: bool
    inexact: bool
    #: The sentence reads as a title-case headline.
    title_case: bool


@lru_cache(maxsize=65536)
def _facts(c: Claim) -> _Facts:
    """:class:`_Facts` of a claim (kept per claim value: an edited claim is another key)."""
    window = _window_of(c.sentence_text, c.start - c.sentence_start, c.end - c.sentence_start)
    sentence = _content(c.sentence_text)
    key = c.key_text.replace(MASK, " ")
    return _Facts(
        key=key,
        window=window,
        window_weight=_weight(window),
        sentence=sentence,
        sentence_weight=_weight(sentence),
        lower=_lower(c.sentence_text),
        names=_names(key),
        head=head_subject(c),
        years=frozenset(years_in(c.key_text)) | years_of(c),
        next_word=_next_word(c),
        prev_word=_prev_word(c),
        in_words=_in_words(c),
        quoted=_quoted(c),
        inexact=inexact(c),
        title_case=_title_case(c.sentence_text),
    )


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
    out = np.zeros((len(pairs), len(NAMES)), dtype=np.float32)
    if not pairs:
        return out
    # The competition knows claims by id (the last claim given under an id stands for it);
    # a pair's own features read its two claims themselves.
    by_id = list({c.id: c for a, b, _ in pairs for c in (a, b)}.values())
    ia, ib = _sides(pairs, {c.id: i for i, c in enumerate(by_id)}, lambda c: c.id)
    claims = list({id(c): c for a, b, _ in pairs for c in (a, b)}.values())
    oa, ob = _sides(pairs, {id(c): i for i, c in enumerate(claims)}, id)
    sims = np.fromiter((sim for _, _, sim in pairs), dtype=np.float64, count=len(pairs))
    fams = [family(c) for c in by_id]
    kinds = np.array([(f or "").split(":")[0] for f in fams], dtype=object)[ia]
    out[:] = _own_kept(pairs, claims, oa, ob, kinds)
    out[:, _COL["cosine"]] = sims
    doc = _codes(c.doc for c in claims)
    _fill_competition(out, by_id, fams, ia, ib, doc[oa], doc[ob], sims)
    if languages is not None:
        lang = _codes(languages.get(c.doc) for c in claims)
        across = lang[oa] != lang[ob]
        for col, value in _UNREAD_COLUMNS:
            out[across, col] = value
        out[np.ix_(across, _ALIKE_COLUMNS)] = sims[across, None]
    return out


def _sides(pairs, index: dict, key) -> tuple[np.ndarray, np.ndarray]:
    """The index of each pair's two claims in ``index`` (by ``key`` of the claim)."""
    n = len(pairs)
    ia = np.fromiter((index[key(a)] for a, _, _ in pairs), dtype=np.int64, count=n)
    ib = np.fromiter((index[key(b)] for _, b, _ in pairs), dtype=np.int64, count=n)
    return ia, ib


def _fill_competition(out, claims, fams, ia, ib, doc_a, doc_b, sims) -> None:
    """The competition columns: how many claims of the family stand in each side's sentence
    and in its article (``claims`` by id, ``fams`` their families), each side's rank among
    the other side's candidates in its article (``doc_a``, ``doc_b``: the articles; 9 for
    ten or more), and whether each is the other's first."""
    in_sentence = _counts([(c.doc, c.sentence, f) for c, f in zip(claims, fams, strict=True)])
    in_article = _counts([(c.doc, f) for c, f in zip(claims, fams, strict=True)])
    ra, rb = _ranks(claims, ia, ib, doc_a, doc_b, sims)
    ca, cb, da, db = in_sentence[ia], in_sentence[ib], in_article[ia], in_article[ib]
    out[:, _COL["crowd_min"]] = np.minimum(ca, cb)
    out[:, _COL["crowd_max"]] = np.maximum(ca, cb)
    out[:, _COL["rank_a"]] = np.minimum(ra, 9)
    out[:, _COL["rank_b"]] = np.minimum(rb, 9)
    out[:, _COL["mutual_best"]] = (ra == 0) & (rb == 0)
    out[:, _COL["doc_crowd_min"]] = np.minimum(da, db)
    out[:, _COL["doc_crowd_max"]] = np.maximum(da, db)


def _counts(keys: list) -> np.ndarray:
    """How many of ``keys`` are equal to each."""
    code = _codes(keys)
    return np.bincount(code)[code].astype(np.float64)


def _ranks(claims, ia, ib, doc_a, doc_b, sims) -> tuple[np.ndarray, np.ndarray]:
    """Where ``b`` stands among the candidates the pairs give ``a`` in ``b``'s article, and
    ``a`` among ``b``'s in ``a``'s (0 for the first): by similarity, highest first, then by
    claim id. A pair given twice (or either way round) stands at its lower place (in the
    article met first, should one id stand in two). A NaN similarity (none in practice)
    stands last."""
    n, m = len(claims), len(ia)
    owner, other = np.concatenate((ia, ib)), np.concatenate((ib, ia))
    doc, sim = np.concatenate((doc_b, doc_a)), np.concatenate((sims, sims))
    id_order = np.empty(n, dtype=np.int64)
    id_order[sorted(range(n), key=lambda i: claims[i].id)] = np.arange(n)
    order = np.lexsort((id_order[other], np.where(np.isnan(sim), np.inf, -sim), doc, owner))
    o, d = owner[order], doc[order]
    starts = np.flatnonzero(np.r_[True, (o[1:] != o[:-1]) | (d[1:] != d[:-1])])
    first = np.repeat(starts, np.diff(np.r_[starts, 2 * m]))
    place = np.empty(2 * m, dtype=np.int64)
    place[order] = np.arange(2 * m) - first
    # each (claim, candidate) takes its place in the last of its lists to be ranked, the lists
    # being ranked in the order they were first given a candidate (pair 0's two sides first)
    _, lists = np.unique(owner * (int(doc.max()) + 1) + doc, return_inverse=True)
    given = np.r_[2 * np.arange(m), 2 * np.arange(m) + 1]
    opened = np.full(lists.max() + 1, 2 * m)
    np.minimum.at(opened, lists, given)
    _, link = np.unique(owner * n + other, return_inverse=True)
    last = np.full(link.max() + 1, -1)
    np.maximum.at(last, link, opened[lists])
    kept = opened[lists] == last[link]
    lower = np.zeros(link.max() + 1, dtype=np.int64)
    np.maximum.at(lower, link[kept], place[kept])
    return lower[link[:m]].astype(np.float64), lower[link[m:]].astype(np.float64)


#: Pairs' own rows kept in memory between calls (a desk re-check judges the same pairs
#: again): at most this many, then it starts again.
KEPT_ROWS = 16_384
_kept: dict[bytes, np.ndarray] = {}

#: What a pair's own row depends on besides its two claims and the claims stage (which
#: :func:`checker.core.versions.claims` names: the parse, ``compare/structure.py``, the word
#: lists): this module and the word rarities.
ROW_SOURCES = ("compare/judge/features.py", "lang/rarity.py")


@cache
def rows_version() -> bytes:
    """The version a row kept on disk is keyed with: the sources above, the claims stage,
    rapidfuzz (the clause ratios) and wordfreq (the rarities' lists)."""
    return versions.digest(
        "claims", versions.claims(),
        "rapidfuzz", versions.library("rapidfuzz"), "wordfreq", versions.library("wordfreq"),
        files=versions.sources(ROW_SOURCES),
    ).encode()  # fmt: skip


@cache
def _row_cache() -> KVCache:
    """Pairs' own rows (``float32`` bytes) on disk, beside the embeddings: a warm run reads
    them rather than computing them (~5 us a pair against ~70)."""
    return KVCache(cache_dir() / "features.sqlite", "feature_row", "row", "BLOB")


#: Rows computed and not yet on disk: written in one transaction when this many wait, and
#: when the process ends (a run judges story by story: a write per story cost a warm PAC
#: report's first run 0.7 s of waiting on the disk).
PENDING_ROWS = 50_000
_pending: list[tuple[str, bytes]] = []
_pending_lock = threading.Lock()


def _write_later(rows: list[tuple[str, bytes]]) -> None:
    with _pending_lock:
        _pending.extend(rows)
        full = len(_pending) >= PENDING_ROWS
    if full:
        write_rows()


@atexit.register
def write_rows() -> None:
    """Write the rows computed and not yet on disk (one transaction)."""
    with _pending_lock:
        rows = list(_pending)
        _pending.clear()
    if rows:
        _row_cache().put_many(rows)


@lru_cache(maxsize=65536)
def _digest(c: Claim) -> bytes:
    """A claim's value, digested (every field: an edited claim is another key)."""
    return hashlib.blake2b(repr(c).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _own_kept(pairs, claims, ia, ib, kinds) -> np.ndarray:
    """:func:`_own` of each pair, read from the rows kept for pairs met before: in memory,
    then on disk; the rest are computed, and kept.

    A row is kept under the two claims' digests (:func:`_digest`) and the pair's kind, on
    disk with :func:`rows_version`. A call of more pairs than :data:`KEPT_ROWS`
    keeps none in memory: it could only churn the rows of the calls before."""
    digests = [_digest(c) for c in claims]
    keys = [digests[i] + digests[j] + k.encode()
            for i, j, k in zip(ia.tolist(), ib.tolist(), kinds, strict=True)]  # fmt: skip
    x = np.empty((len(pairs), len(NAMES)), dtype=np.float32)
    new = []
    for row, key in enumerate(keys):
        kept = _kept.get(key)
        if kept is None:
            new.append(row)
        else:
            x[row] = kept
    if not new:
        return x
    missing = _read_rows(x, [keys[r] for r in new], new)
    if missing:
        rows = np.array(missing)
        facts = [_facts(c) for c in claims]
        x[rows] = _own([pairs[r] for r in missing], claims, facts, ia[rows], ib[rows], kinds[rows])
        _write_later([(_disk_key(keys[r]), x[r].tobytes()) for r in missing])
    if len(pairs) <= KEPT_ROWS:
        if len(_kept) + len(new) > KEPT_ROWS:
            _kept.clear()
        block = x[np.array(new)]  # a copy, in float32 as the row is
        _kept.update((keys[r], block[k]) for k, r in enumerate(new))
    return x


def _disk_key(key: bytes) -> str:
    return hashlib.blake2b(rows_version() + key, digest_size=16).hexdigest()


def _read_rows(x: np.ndarray, keys: list[bytes], rows: list[int]) -> list[int]:
    """Fill ``x[rows]`` from the rows on disk under ``keys``; the rows not found (a row of
    another length is not found)."""
    disk = [_disk_key(k) for k in keys]
    stored = _row_cache().get_many(disk)
    blobs = [stored.get(k) for k in disk]
    found = [isinstance(b, bytes) and len(b) == 4 * len(NAMES) for b in blobs]
    hits = [r for r, ok in zip(rows, found, strict=True) if ok]
    if hits:
        good = b"".join(b for b, ok in zip(blobs, found, strict=True) if ok)
        x[hits] = np.frombuffer(good, dtype=np.float32).reshape(len(hits), len(NAMES))
    return [r for r, ok in zip(rows, found, strict=True) if not ok]


def _own(pairs, claims, facts, ia, ib, kinds) -> np.ndarray:
    """The features of each pair itself, without its similarity and its competition (filled
    in by :func:`features`): float64 columns of :data:`NAMES`."""
    pf = [(facts[i], facts[j]) for i, j in zip(ia.tolist(), ib.tolist(), strict=True)]
    x = np.zeros((len(pairs), len(NAMES)))
    x[:, _RATIO_COLUMNS] = _ratios(pf)
    x[:, _OVERLAP_COLUMNS] = _overlaps(pf)
    x[:, _NAMES_COLUMNS] = _names_covers(facts, pf, ia, ib)
    _parse_columns(x, pairs, claims, facts, ia, ib)
    _shape_columns(x, claims, facts, ia, ib, kinds)
    return x


_RATIO_COLUMNS = [_COL[n] for n in ("clause_token_set", "clause_token_sort", "clause_partial")]


def _ratios(pf: list[tuple[_Facts, _Facts]]) -> np.ndarray:
    """rapidfuzz's token-set, token-sort and partial ratios (0-1) of the two masked clauses:
    one computation per two clauses met (clauses repeat: "[NUM] people were killed")."""
    seen: dict[tuple[str, str], tuple[float, float, float]] = {}
    out = np.empty((len(pf), 3))
    for row, (fa, fb) in enumerate(pf):
        two = (fa.key, fb.key)
        ratios = seen.get(two)
        if ratios is None:
            ka, kb = two
            ratios = seen[two] = (fuzz.token_set_ratio(ka, kb) / 100,
                                  fuzz.token_sort_ratio(ka, kb) / 100,
                                  fuzz.partial_ratio(ka, kb) / 100)  # fmt: skip
        out[row] = ratios
    return out


_OVERLAP_COLUMNS = [
    _COL[n]
    for n in (
        "window_overlap",
        "window_shared_weight",
        "sentence_shared_weight",
        "window_cover_min",
        "window_cover_max",
        "sentence_overlap",
    )
]


def _overlaps(pf: list[tuple[_Facts, _Facts]]) -> np.ndarray:
    """The rare words the two sides share, by weight: the overlap of the two windows (shared
    weight over the union's), the windows' shared weight, the sentences' shared weight, how
    much of each window the other sentence holds (least and most) and the overlap of the two
    sentences."""
    out = np.empty((len(pf), 6))
    for row, (fa, fb) in enumerate(pf):
        wa, wb, sa, sb = fa.window, fb.window, fa.sentence, fb.sentence
        windows = _weight(wa & wb)
        sentences = fa.sentence_weight if sa is sb else _weight(sa & sb)
        cov_ab = _weight(wa & sb) / fa.window_weight if fa.window_weight else 0.0
        cov_ba = _weight(wb & sa) / fb.window_weight if fb.window_weight else 0.0
        out[row] = (
            _share(windows, wa, wb),
            windows,
            sentences,
            min(cov_ab, cov_ba),
            max(cov_ab, cov_ba),
            _share(sentences, sa, sb),
        )
    return out


def _share(shared: float, x: frozenset[str], y: frozenset[str]) -> float:
    """``shared`` (the weight of ``x & y``) over the weight of ``x | y``; 0 when none."""
    if not shared:
        return 0.0
    union = _weight(x if x is y else x | y)
    return shared / union if union else 0.0


_NAMES_COLUMNS = [_COL[n] for n in ("names_cover_min", "names_cover_max", "names_both")]


def _names_covers(facts, pf, ia, ib) -> np.ndarray:
    """The share of the names in each side's clause that the other's sentence mentions (-1
    when a clause names none): the least and the most of the two, and whether both name."""
    named = np.fromiter((bool(f.names) for f in facts), dtype=bool, count=len(facts))
    cover = np.full((len(pf), 2), -1.0)
    for row in np.flatnonzero(named[ia] | named[ib]).tolist():
        fa, fb = pf[row]
        cover[row] = (_cover_names(fa, fb), _cover_names(fb, fa))
    na, nb = cover[:, 0], cover[:, 1]
    both = (na >= 0) & (nb >= 0)
    high = np.maximum(na, nb)  # -1 when neither names, the one share when one does
    return np.column_stack((np.where(both, np.minimum(na, nb), high), high, both))


def _cover_names(fa: _Facts, fb: _Facts) -> float:
    """The share of ``fa``'s clause's names that ``fb``'s sentence mentions; -1 if none."""
    if not fa.names:
        return -1.0
    return sum(1 for n in fa.names if n in fb.lower) / len(fa.names)


def _parse_columns(x, pairs, claims, facts, ia, ib) -> None:
    """What the parse read of each side: the same counted noun (known on both sides; how
    alike, :func:`~checker.compare.structure.subject_score`), event, verb, role; a remainder
    against an amount; negation, hedges; agents, places, years and modifiers."""
    head = _codes(f.head for f in facts)
    has_head = _flags(f.head for f in facts)
    both_heads = has_head[ia] & has_head[ib]
    x[:, _COL["same_head"]] = has_head[ia] & (head[ia] == head[ib])
    x[:, _COL["head_known"]] = both_heads
    scores = np.fromiter((subject_score(a, b) for a, b, _ in pairs), np.float64, len(pairs))
    x[:, _COL["head_ratio"]] = np.where(scores >= 0, scores / 100, -1.0)
    event = _codes(c.event for c in claims)
    has_event = _flags(c.event for c in claims)
    known = known_events()
    is_known = _flags(c.event in known for c in claims)
    same_event = has_event[ia] & (event[ia] == event[ib])
    x[:, _COL["same_event"]] = same_event
    x[:, _COL["events_differ"]] = (has_event[ia] & has_event[ib] & (event[ia] != event[ib])
                                   & is_known[ia] & is_known[ib])  # fmt: skip
    x[:, _COL["same_predicate"]] = _same(claims, ia, ib, "predicate")
    x[:, _COL["same_role"]] = _same(claims, ia, ib, "role")
    role = _codes(c.role for c in claims)
    remainder = _flags(c.role == "remainder" for c in claims)
    x[:, _COL["remainder"]] = (remainder[ia] | remainder[ib]) & (role[ia] != role[ib])
    for name, field in (("negation_differs", "negated"), ("hedge_differs", "hedged")):
        value = _codes(getattr(c, field) for c in claims)
        x[:, _COL[name]] = value[ia] != value[ib]
    _agents(x, pairs, claims, ia, ib)
    has_places = _flags(c.places for c in claims)
    x[:, _COL["places_differ"]] = _each(pairs, has_places[ia] | has_places[ib],
                                        lambda a, b: bool(different_places(a, b)))  # fmt: skip
    has_modifiers = _flags(c.modifiers for c in claims)
    x[:, _COL["modifiers_differ"]] = _each(pairs, has_modifiers[ia] & has_modifiers[ib],
                                           different_modifiers)  # fmt: skip
    _years(x, facts, ia, ib)


def _agents(x, pairs, claims, ia, ib) -> None:
    """Two named agents that share no word (:func:`~checker.compare.structure.different_agents`),
    and whether the two agents share a content word (-1 unless both sides name one)."""
    has_agent = _flags(c.agent for c in claims)
    both = has_agent[ia] & has_agent[ib]
    x[:, _COL["agents_differ"]] = _each(pairs, both, lambda a, b: bool(different_agents(a, b)))
    share = _each(pairs, both, lambda a, b: bool(_content(a.agent) & _content(b.agent)))
    x[:, _COL["agents_share"]] = np.where(both, share, -1.0)


def _years(x, facts, ia, ib) -> None:
    """Both sides name years and none in common; or they name one in common."""
    has_years = _flags(f.years for f in facts)
    both = has_years[ia] & has_years[ib]
    common = np.zeros(len(ia), dtype=bool)
    for row in np.flatnonzero(both).tolist():
        common[row] = bool(facts[ia[row]].years & facts[ib[row]].years)
    x[:, _COL["years_differ"]] = both & ~common
    x[:, _COL["years_same"]] = common


def _shape_columns(x, claims, facts, ia, ib, kinds) -> None:
    """What each figure and its place are: vague or bounded in words against exact, vague,
    a rate, its kind (``kinds``: each pair's first claim's family), the sentences' positions, the words
    next to the figures, in words, quoted, a title-case headline, one article."""
    inexact_ = _flags(f.inexact for f in facts)
    x[:, _COL["inexact_differs"]] = inexact_[ia] != inexact_[ib]
    vague = _flags(c.quantity.vague for c in claims)
    x[:, _COL["vague_any"]] = vague[ia] | vague[ib]
    rate = _flags(c.quantity.per is not None for c in claims)
    x[:, _COL["rate"]] = rate[ia] | rate[ib]
    for k in KIND_GROUPS:
        x[:, _COL[f"kind_{k}"]] = kinds == k
    sentence = np.fromiter((c.sentence for c in claims), dtype=np.float64, count=len(claims))
    pa, pb = np.minimum(sentence[ia], POSITION_CAP), np.minimum(sentence[ib], POSITION_CAP)
    x[:, _COL["position_min"]] = np.minimum(pa, pb)
    x[:, _COL["position_max"]] = np.maximum(pa, pb)
    x[:, _COL["position_gap"]] = np.abs(pa - pb)
    x[:, _COL["lead_both"]] = (sentence[ia] < 3) & (sentence[ib] < 3)
    x[:, _COL["same_sentence_text"]] = _same_value(
        [c.sentence_text.strip() for c in claims], ia, ib
    )
    for name, field in (("next_word_same", "next_word"), ("prev_word_same", "prev_word")):
        words = [getattr(f, field) for f in facts]
        x[:, _COL[name]] = _same_value(words, ia, ib) & _flags(words)[ia]
    in_words = _flags(f.in_words for f in facts)
    x[:, _COL["in_words_any"]] = in_words[ia] | in_words[ib]
    x[:, _COL["in_words_both"]] = in_words[ia] & in_words[ib]
    quoted = _flags(f.quoted for f in facts)
    x[:, _COL["quoted_any"]] = quoted[ia] | quoted[ib]
    title = _flags(f.title_case for f in facts)
    x[:, _COL["title_case_any"]] = title[ia] | title[ib]
    x[:, _COL["within_document"]] = _same_value([c.doc for c in claims], ia, ib)


def _codes(values: Iterable) -> np.ndarray:
    """One integer per value, the same for equal values."""
    seen: dict = {}
    return np.array([seen.setdefault(v, len(seen)) for v in values], dtype=np.int64)


def _flags(values: Iterable) -> np.ndarray:
    """Each value's truth."""
    return np.array([bool(v) for v in values], dtype=bool)


def _same_value(values: Sequence, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """Whether the two sides' values are equal."""
    code = _codes(values)
    return code[ia] == code[ib]


def _same(claims, ia, ib, field: str) -> np.ndarray:
    """Both sides have ``field`` and it is the same (the parse's verb, role)."""
    values = [getattr(c, field) for c in claims]
    return _flags(values)[ia] & _same_value(values, ia, ib)


def _each(pairs, rows: np.ndarray, test) -> np.ndarray:
    """``test(a, b)`` on the pairs ``rows`` selects (the others are False)."""
    out = np.zeros(len(pairs), dtype=bool)
    for row in np.flatnonzero(rows).tolist():
        a, b, _ = pairs[row]
        out[row] = test(a, b)
    return out
