"""Which articles tell one story: claims meet only inside a story.

A pile of coverage holds many stories; two articles about two stories share nouns and units
("$13 million in state taxes" in one, "$43 million" in a budget story a year later), and the
claims stage cannot tell them apart from inside one sentence. So articles are grouped first,
the way an editor sorts a pile: by what the opening says (an embedding of the title and the
first words, and one of the first paragraphs), by the rare names both articles use (people,
places, bills: weighted by how rare each word is in the language, from ``wordfreq``), and by
date (articles weeks apart are rarely one story, though a story can run for weeks).

The score of two articles is the higher of the two cosines, plus ``names_weight`` times the
share of rare-name weight they share, minus a penalty when their dates are far apart (see
:class:`~checker.core.settings.StorySettings`). Articles are grouped by average linkage: a story
joins another only when its articles score ``link`` on average with the other's, so one
article that mentions two stories does not chain them together. A name's weight is the
name's own, so the score matrix is a few matrix products.

Everything here is pure: vectors come in (or the caller's embedding function, in
:func:`score_articles`), stories go out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from ..core.model import Document, Story
from ..core.settings import StorySettings
from ..lang.rarity import rarity
from ..read.claims import entities
from .embed_multi import house_scale
from .ranking import highest

#: Words of the opening embedded as the lead (title first) and as the opening paragraphs.
LEAD_WORDS = 80
OPENING_WORDS = 250
#: A name whose rarest word is this common (Zipf frequency, 0-8) or more says nothing
#: about the story ("The", "Monday", "American").
COMMON_ZIPF = 6.0


def lead_texts(doc: Document) -> tuple[str, str]:
    """The two texts embedded for an article: title and first words, and the opening."""
    return _lead_texts(doc.text, doc.title or "")


@lru_cache(maxsize=20_000)
def _lead_texts(text: str, title: str) -> tuple[str, str]:
    # Kept per text, as the names below: a re-checked draft meets the same stored articles.
    words = text.split(maxsplit=OPENING_WORDS)[:OPENING_WORDS]
    title = title.strip()
    lead = " ".join(words[:LEAD_WORDS])
    return (f"{title}. {lead}" if title else lead), " ".join(words[:OPENING_WORDS])


def rare_names(doc: Document) -> dict[str, float]:
    """The article's capitalised names, each weighted by how rare its rarest word is."""
    return dict(_rare_names(doc.text, doc.language or "en"))


@lru_cache(maxsize=20_000)
def _rare_names(text: str, language: str) -> tuple[tuple[str, float], ...]:
    # Kept per text: a draft checked again meets the same stored articles of its story, and
    # reading their names was most of a warm re-check (1.1 of 1.5 s against 100k claims).
    out: dict[str, float] = {}
    for name in entities(text):
        key = name.lower()
        words = re.findall(r"[^\W\d_]+", key)
        if len(key) < 3 or not words:
            continue
        weight = max(rarity(w, language, COMMON_ZIPF) for w in words)
        if weight > 0:
            out[key] = weight
    return tuple(out.items())


def shared_names(a: dict[str, float], b: dict[str, float]) -> float:
    """0-1: the rare-name weight two articles share, over the smaller article's."""
    return float(_shared_matrix([a, b])[0, 1])


def scores(
    docs: Sequence[Document],
    leads: np.ndarray,
    openings: np.ndarray,
    s: StorySettings,
    names: Sequence[dict[str, float]] | None = None,
) -> np.ndarray:
    """The story score of every pair of ``docs`` (a symmetric matrix)."""
    names = names if names is not None else [rare_names(d) for d in docs]
    sim = np.maximum(leads @ leads.T, openings @ openings.T).astype(np.float64)
    return sim + s.names_weight * _shared_matrix(names) - _date_penalties(docs, s)


def score_articles(
    docs: Sequence[Document],
    embed: Callable[[list[str]], np.ndarray],
    s: StorySettings,
    embed_across: Callable[[list[str]], np.ndarray] | None = None,
) -> np.ndarray:
    """:func:`scores` of ``docs``, their two lead texts embedded by ``embed`` in one call.

    Two articles in two languages are scored on ``embed_across`` (multilingual vectors, their
    cosines put on the house's scale by :func:`~checker.compare.embed_multi.house_scale`) when
    given: ``embed`` (English) cannot tell a translation from another story. Names count as
    they do in one language (a name is written alike in both). Pairs of one language keep
    ``embed``'s score exactly."""
    texts = [t for d in docs for t in lead_texts(d)]
    vectors = embed(texts)
    out = scores(docs, vectors[0::2], vectors[1::2], s)
    languages = np.array([d.language or "" for d in docs])
    across = languages[:, None] != languages[None, :]
    if embed_across is None or not across.any():
        return out
    multi = embed_across(texts)
    leads, openings = multi[0::2], multi[1::2]
    sim = house_scale(np.maximum(leads @ leads.T, openings @ openings.T).astype(np.float64))
    names = [rare_names(d) for d in docs]
    crossed = sim + s.names_weight * _shared_matrix(names) - _date_penalties(docs, s)
    return np.where(across, crossed, out)


def score_against(
    rows: Sequence[Document],
    cols: Sequence[Document],
    embed: Callable[[list[str]], np.ndarray],
    s: StorySettings,
    embed_across: Callable[[list[str]], np.ndarray] | None = None,
) -> np.ndarray:
    """The story score of each of ``rows`` against each of ``cols`` (``len(rows) x
    len(cols)``): the block of :func:`score_articles` of ``[*rows, *cols]`` that compares
    the two, without the ``cols x cols`` block (a draft against 1,500 stored articles needs
    1,500 scores, not 2.3 million). With ``embed_across``, a row and a column in two
    languages are scored on it as :func:`score_articles` scores them (only the columns in
    another language than some row are embedded by it)."""
    n = len(rows)
    docs = [*rows, *cols]
    vectors = embed([t for d in docs for t in lead_texts(d)])
    leads, openings = vectors[0::2], vectors[1::2]
    sim = np.maximum(leads[:n] @ leads[n:].T, openings[:n] @ openings[n:].T).astype(np.float64)
    shared = _shared_block([rare_names(d) for d in rows], cols)
    penalties = _date_penalties(rows, s, cols)
    out = sim + s.names_weight * shared - penalties  # in this order: the same floats as ever
    if embed_across is None or not n or not len(cols):
        return out
    across = (
        np.array([d.language or "" for d in rows])[:, None]
        != np.array([d.language or "" for d in cols])[None, :]
    )
    if not across.any():
        return out
    wanted = np.flatnonzero(across.any(axis=0))
    multi = embed_across([t for d in [*rows, *(cols[j] for j in wanted)] for t in lead_texts(d)])
    leads, openings = multi[0::2], multi[1::2]
    crossed = house_scale(
        np.maximum(leads[:n] @ leads[n:].T, openings[:n] @ openings[n:].T).astype(np.float64)
    )
    crossed = crossed + s.names_weight * shared[:, wanted] - penalties[:, wanted]
    out[:, wanted] = np.where(across[:, wanted], crossed, out[:, wanted])
    return out


def _shared_matrix(names: Sequence[dict[str, float]]) -> np.ndarray:
    """:func:`shared_names` for every pair at once: a name's weight is the name's own, so the
    weight two articles share is a product of their name-incidence rows."""
    n = len(names)
    weighted, incidence, totals = _name_incidence(names)
    if weighted is None:
        return np.zeros((n, n))
    inter = weighted @ incidence.T
    return _shares(inter if isinstance(inter, np.ndarray) else inter.toarray(), totals, totals)


def _shares(inter: np.ndarray, totals_a: np.ndarray, totals_b: np.ndarray) -> np.ndarray:
    """The weight two articles share (``inter``) over the smaller of their totals; 0 where an
    article names nothing."""
    smaller = np.minimum.outer(totals_a, totals_b)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(smaller > 0, inter / np.where(smaller > 0, smaller, 1), 0.0)


def _shared_block(names: Sequence[dict[str, float]], others: Sequence[Document]) -> np.ndarray:
    """:func:`_shared_matrix`'s block of ``names`` (a few drafts) against the articles
    ``others`` (many stored ones): only the drafts' names can be shared, so an article's
    other names count in its total alone."""
    vocab: dict[str, int] = {}
    for ns in names:
        for k in ns:
            vocab.setdefault(k, len(vocab))
    weighted = np.zeros((len(names), len(vocab)))
    for i, ns in enumerate(names):
        for k, w in ns.items():
            weighted[i, vocab[k]] = w
    incidence = np.zeros((len(others), len(vocab)))
    totals = np.zeros(len(others))
    for j, d in enumerate(others):
        held, totals[j] = _name_set(d.text, d.language or "en")
        for k in held.intersection(vocab):
            incidence[j, vocab[k]] = 1.0
    return _shares(weighted @ incidence.T, weighted.sum(axis=1), totals)


@lru_cache(maxsize=20_000)
def _name_set(text: str, language: str) -> tuple[frozenset[str], float]:
    names = _rare_names(text, language)
    return frozenset(k for k, _ in names), sum(w for _, w in names)


def _date_penalties(
    docs: Sequence[Document], s: StorySettings, other: Sequence[Document] | None = None
) -> np.ndarray:
    cols = docs if other is None else other
    known = np.array([d.date is not None for d in docs], dtype=bool)
    known_b = np.array([d.date is not None for d in cols], dtype=bool)
    days = np.array([d.date.toordinal() if d.date else 0 for d in docs], dtype=np.int64)
    days_b = np.array([d.date.toordinal() if d.date else 0 for d in cols], dtype=np.int64)
    gap = np.abs(days[:, None] - days_b[None, :])
    out = np.where(gap > s.date_window, s.far_penalty, 0.0)
    out = np.where(gap > s.long_window, s.very_far_penalty, out)
    both = np.outer(known, known_b)
    return np.where(both, out, 0.0) if len(docs) and len(cols) else np.zeros((len(docs), len(cols)))


#: Up to this many articles are grouped here in numpy (no scipy import, ~0.3 s); more by
#: scipy. Measured 2026-12-07 on random vectors in clusters, the same groups either way:
#: 304 articles 8 ms (scipy 3 ms after its import), 600 39 ms, 1,000 128 ms (scipy 13 ms).
SMALL = 1000
#: A name-incidence matrix of up to this many cells is dense (numpy), a larger one sparse
#: (scipy): the 304 PAC articles name 4,518 rare names, 1.4M cells, 11 MB.
DENSE_CELLS = 1 << 22
#: Up to this many articles are grouped by average linkage over the whole score matrix
#: (scipy, O(n^2) memory); more go through each article's nearest neighbours.
WHOLE_LINKAGE = 3000
#: Beyond WHOLE_LINKAGE: each article's nearest articles that may join its story.
NEIGHBOURS = 8


def group(docs: Sequence[Document], score: np.ndarray, s: StorySettings) -> list[Story]:
    """Groups of ``docs`` whose articles score at least ``s.link`` on average (average
    linkage, deterministic), numbered in the order of their first article."""
    n = len(docs)
    if n == 0:
        return []
    if n == 1:
        labels = np.zeros(1, dtype=int)
    elif n <= SMALL:
        labels = _average_linkage(score, s.link)
    elif n <= WHOLE_LINKAGE:
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        dist = np.maximum(0.0, (1.0 + s.names_weight + 2.0) - score)  # any monotone flip
        np.fill_diagonal(dist, 0.0)
        tree = linkage(squareform(dist, checks=False), method="average")
        labels = fcluster(tree, t=(1.0 + s.names_weight + 2.0) - s.link, criterion="distance")
    else:
        labels = _neighbour_components(score, s.link)
    return _stories(docs, labels)


def _stories(docs: Sequence[Document], labels: np.ndarray) -> list[Story]:
    """One story per label, numbered in the order of their first article."""
    order: dict[int, list[int]] = {}
    for i, lab in enumerate(labels.tolist()):
        order.setdefault(lab, []).append(i)
    groups = sorted(order.values(), key=lambda g: g[0])
    return [story_of([docs[i] for i in g], k) for k, g in enumerate(groups, 1)]


def group_articles(
    docs: Sequence[Document],
    embed: Callable[[list[str]], np.ndarray],
    s: StorySettings,
    embed_across: Callable[[list[str]], np.ndarray] | None = None,
) -> list[Story]:
    """:func:`group` of :func:`score_articles`; above :data:`WHOLE_LINKAGE` articles of one
    language, each article's nearest articles are found a block of rows at a time
    (:func:`_nearest_by_blocks`), so the articles-by-articles matrix is never held: 10,000
    articles peaked at ~4 GB and took 23 s with it."""
    one_language = len({d.language or "" for d in docs}) < 2
    if len(docs) <= WHOLE_LINKAGE or not (one_language or embed_across is None):
        return group(docs, score_articles(docs, embed, s, embed_across), s)
    vectors = embed([t for d in docs for t in lead_texts(d)])
    near, near_score = _nearest_by_blocks(docs, vectors[0::2], vectors[1::2], s)
    return _stories(docs, _mutual_components(near, near_score, s.link))


#: Cells of one block of rows of the story scores (rows x articles): 4M, 32 MB of float64.
BLOCK_CELLS = 1 << 22


def _nearest_by_blocks(
    docs: Sequence[Document], leads: np.ndarray, openings: np.ndarray, s: StorySettings
) -> tuple[np.ndarray, np.ndarray]:
    """Each article's :data:`NEIGHBOURS` highest-scoring other articles (ties: the lower
    index) and their scores, as :func:`scores` scores them, a block of rows at a time."""
    n = len(docs)
    names = [rare_names(d) for d in docs]
    weighted, incidence, totals = _name_incidence(names, dense=False)
    t = min(NEIGHBOURS, n - 1)
    near = np.empty((n, t), dtype=np.int64)
    near_score = np.empty((n, t))
    rows = max(1, BLOCK_CELLS // n)
    for a in range(0, n, rows):
        b = min(n, a + rows)
        sim = np.maximum(leads[a:b] @ leads.T, openings[a:b] @ openings.T).astype(np.float64)
        if weighted is None:
            shared = np.zeros((b - a, n))
        else:
            shared = _shares((weighted[a:b] @ incidence.T).toarray(), totals[a:b], totals)
        block = sim + s.names_weight * shared - _date_penalties(docs[a:b], s, docs)
        block[np.arange(b - a), np.arange(a, b)] = -np.inf  # not its own neighbour
        near[a:b], near_score[a:b] = highest(block, t)
    return near, near_score


def _name_incidence(names: Sequence[dict[str, float]], dense: bool | None = None):
    """Each article's names as rows: weighted, held (1), and each row's total; dense arrays
    up to :data:`DENSE_CELLS` cells unless ``dense`` says (no scipy import, ~0.2 s), else
    scipy's sparse rows. (None, None, None) when no article names anything."""
    vocab: dict[str, int] = {}
    rows, cols, weights = [], [], []
    for i, ns in enumerate(names):
        for k, w in ns.items():
            rows.append(i)
            cols.append(vocab.setdefault(k, len(vocab)))
            weights.append(w)
    if not vocab:
        return None, None, None
    shape = (len(names), len(vocab))
    if dense is None:
        dense = shape[0] * shape[1] <= DENSE_CELLS
    if dense:
        incidence = np.zeros(shape)
        incidence[rows, cols] = 1.0
        weighted = np.zeros(shape)
        weighted[rows, cols] = weights
        return weighted, incidence, weighted.sum(axis=1)
    from scipy.sparse import csr_matrix

    incidence = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    weighted = csr_matrix((weights, (rows, cols)), shape=shape)
    return weighted, incidence, np.asarray(weighted.sum(axis=1)).ravel()


def _mutual_components(near: np.ndarray, near_score: np.ndarray, link: float) -> np.ndarray:
    """:func:`_neighbour_components` from each article's nearest articles and their scores."""
    n = len(near)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    sets = [set(row.tolist()) for row in near]
    score_of = [
        dict(zip(row.tolist(), sc.tolist(), strict=True))
        for row, sc in zip(near, near_score, strict=True)
    ]
    for i in range(n):
        for j in sets[i]:
            if i in sets[j] and score_of[i][j] >= link:
                parent[find(i)] = find(j)
    return np.array([find(i) for i in range(n)])


def _average_linkage(score: np.ndarray, link: float) -> np.ndarray:
    """Average-linkage groups at ``link`` for a few articles: merge the two groups with the
    highest mean score while it is at least ``link`` (ties: the lower indices), updating the
    group scores by size-weighted means (Lance-Williams), as scipy's ``average`` method."""
    n = len(score)
    sim = score.astype(np.float64).copy()
    np.fill_diagonal(sim, -np.inf)
    size = np.ones(n)
    labels = np.arange(n)
    while True:
        flat = int(np.argmax(sim))  # a merged-away group's row and column are -inf
        x, y = divmod(flat, n)
        if sim[x, y] < link:
            break
        x, y = min(x, y), max(x, y)
        merged = (size[x] * sim[x] + size[y] * sim[y]) / (size[x] + size[y])
        sim[x, :] = merged
        sim[:, x] = merged
        sim[x, x] = -np.inf
        sim[y, :] = -np.inf
        sim[:, y] = -np.inf
        size[x] += size[y]
        labels[labels == y] = x
    return labels


def _neighbour_components(score: np.ndarray, link: float) -> np.ndarray:
    """Connected components of mutual nearest neighbours scoring ``link`` or more."""
    masked = score.copy()
    np.fill_diagonal(masked, -np.inf)
    return _mutual_components(*highest(masked, min(NEIGHBOURS, len(score))), link)


def story_of(docs: Sequence[Document], number: int = 1) -> Story:
    """One story holding ``docs``, titled by its earliest article (or its first)."""
    first = min(docs, key=lambda d: d.date or dt.date.max)
    title = first.title or " ".join(first.text.split()[:12])
    return Story(id=f"story-{number}", documents=tuple(d.id for d in docs), title=title)


def one_story(docs: Sequence[Document]) -> list[Story]:
    return [story_of(docs)] if docs else []


def stories_by_doc(stories: Sequence[Story]) -> dict[str, str]:
    return {doc: st.id for st in stories for doc in st.documents}
