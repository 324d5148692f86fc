"""Which claims, across articles of one story, are about the same quantity.

Embeddings of the masked key texts find candidates (each claim's nearest claims of its
family above :data:`FLOOR`); the learned same-claim judge (:mod:`checker.compare.judge`) gives each
candidate the probability that the two are one quantity, and each claim keeps its likeliest
partner per other article when that is mutual. Cosine alone cannot decide (see docs/matching.md:
"[NUM] people were killed in Lebanon" and "more than [NUM] injured in Lebanon" embed at 0.87,
as high as true matches); the judge reads the clauses, the rare words near each figure and
what the parse says, and never the figures' values, so a changed figure keeps its partner.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np

from ..core.model import Claim, Match
from ..core.settings import MatchSettings
from .embed import DIM
from .embed_multi import house_scale
from .judge import Judge, default_judge
from .ranking import highest
from .structure import (  # noqa: F401  (re-exported: the matching stage's public names)
    family,
    may_conflict,
    subject_score,
)

#: The lowest cosine a candidate pair may have: the judge was trained on labelled pairs
#: above it (``bench/labels/sample.py``), and pairs below it were almost never one quantity.
FLOOR = 0.20


def judge_candidates(
    candidates: Iterable[tuple[Claim, Claim, float]],
    settings: MatchSettings | None = None,
    judge: Judge | None = None,
    languages: Mapping[str, str] | None = None,
) -> list[Match]:
    """The learned judge on candidate pairs, then one best partner per claim per article.

    The candidates may come from anywhere (a similarity matrix, a vector index over a
    store); each is ``(claim_a, claim_b, similarity)``. A pair matches when the judge's
    probability that the two are one quantity reaches ``same_quantity`` (``within_document``
    inside one article, where the judge saw no training pair); each claim keeps the partner
    it is likeliest to be one quantity with in each other article, when that is mutual, and
    a repeat of a figure in one article shares its partner (``shared_partner``).
    ``languages`` (document id -> language) tells the judge which pairs are across two
    languages (see :func:`checker.compare.judge.features.features`).
    """
    s = settings or MatchSettings()
    families: dict[str, str | None] = {}  # claim id -> family, computed once per claim

    def fam(c: Claim) -> str | None:
        if c.id not in families:
            families[c.id] = family(c)
        return families[c.id]

    kept = []
    for a, b, sim in candidates:
        if sim < FLOOR or a.id == b.id or fam(a) != fam(b):
            continue
        if a.doc == b.doc and (not s.within_document or a.sentence == b.sentence):
            continue
        kept.append((a, b, sim))
    if not kept:
        return []
    judge = judge or default_judge()
    # one language: the judge is asked as it always was (a stand-in judge need not know languages)
    probs = judge.probabilities(kept) if languages is None else judge.probabilities(kept, languages)
    best: dict[tuple[str, str], tuple[float, float, str]] = {}
    accepted: dict[tuple[str, str], Match] = {}
    for (a, b, sim), p in zip(kept, probs.tolist(), strict=True):
        if p < (s.same_quantity if a.doc != b.doc else s.same_quantity_within):
            continue
        accepted[(a.id, b.id)] = Match(
            a=a,
            b=b,
            similarity=sim,
            subject_score=subject_score(a, b),
            reasons=(f"same quantity: {p:.2f}",),
            not_a_conflict=may_conflict(a, b, s),
            probability=p,
        )
        for me, other, partner in ((a.id, b.doc, b.id), (b.id, a.doc, a.id)):
            if best.get((me, other), (-1.0, -1.0, ""))[:2] < (p, sim):
                best[(me, other)] = (p, sim, partner)
    # Keep a pair when each side is the other's likeliest partner in that article, or when one
    # side is and the other's likeliest is a figure of this side's article in another sentence,
    # rated at most ``shared_partner`` above this pair: an article that repeats a figure
    # ("under 18" twice) has each mention matched, so a changed repeat keeps its partner too.
    # Two figures of one sentence are two things ("2,300 of the country's 150,000 stations").
    claims = {c.id: c for a, b, _ in kept for c in (a, b)}

    def shares(me: str, partner: str, p: float) -> bool:
        p_best, _, rival = best[(partner, claims[me].doc)]
        return claims[rival].sentence != claims[me].sentence and p >= p_best - s.shared_partner

    def kept_pair(i: str, j: str, m: Match) -> bool:
        best_i, best_j = best[(i, m.b.doc)][2], best[(j, m.a.doc)][2]
        if best_i == j and best_j == i:
            return True
        p = m.probability
        return (best_i == j and shares(i, j, p)) or (best_j == i and shares(j, i, p))

    out = [m for (i, j), m in accepted.items() if kept_pair(i, j, m)]
    out.sort(key=lambda m: (m.a.doc, m.a.start, m.b.doc, m.b.start))
    return out


def embed_claims(claims: Sequence[Claim], embedder) -> tuple[list[Claim], np.ndarray, np.ndarray]:
    """The comparable claims (not dates or years) and their key and focus vectors, row by row.

    Both texts go to the embedder in one batch; the similarity of two claims is
    the higher of their two cosines (see :mod:`checker.read.claims` for why two views).
    """
    comparable = [c for c in claims if family(c) is not None]
    n = len(comparable)
    if not n:
        empty = np.zeros((0, DIM), dtype=np.float32)
        return comparable, empty, empty
    both = embedder.embed(texts_to_embed(comparable))
    return comparable, both[:n], both[n:]


def texts_to_embed(claims: Sequence[Claim]) -> list[str]:
    """What :func:`embed_claims` embeds of ``claims`` (comparable ones): key texts, then focus
    texts."""
    return [c.key_text for c in claims] + [c.focus_text for c in claims]


#: A family this size or smaller gets its whole similarity matrix at once (the arithmetic
#: every report was measured with); a larger one is read in blocks of rows, so memory stays
#: O(rows x claims) + O(claims x k) however many claims there are.
WHOLE_MATRIX = 2048
#: Cells (rows x claims) of one block of the similarity matrix: 4M float32 = 16 MB.
BLOCK_CELLS = 1 << 22
#: A family larger than this (with ``k`` set) finds each claim's nearest claims through an
#: inverted-file index instead of the whole matrix: the matrix grows with the square of the
#: family (77,000 claims in one 5 MB article: 6 billion cells), the index with n sqrt(n).
#: No report measured on real coverage comes near it (PAC's largest family: ~2,000).
#: (A 10,000-article JSONL of short reports has one family of 15,000 claims.)
INDEXED_ABOVE = 8_192
#: Of the index's sqrt(n) lists, each point searches this many nearest ones.
PROBES = 8
#: A point's search in the index reads at most this many points, however they are spread
#: over its lists: near-equal vectors land in one list, and 40,000 near-equal claims read
#: 40,000 each (issue 23; equal ones are one point, :func:`_indexed_pairs`). Lists of even
#: size reach it above ~1 million points (8 lists of sqrt(n)); a point whose lists hold more
#: takes its neighbours among the first.
MAX_SCANNED = 8_192
#: In such a family a claim brings at most this many candidates (``max_candidates`` when
#: lower): judging a pair costs ~50 us in Python, and 77,000 claims x 32 candidates were
#: 2 million pairs and 100 s of judging; x 8 is a quarter of it.
INDEXED_CANDIDATES = 8


def similar_pairs(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    focus_vectors: np.ndarray,
    threshold: float,
    k: int | None = None,
) -> Iterator[tuple[Claim, Claim, float]]:
    """Pairs of claims of one family whose key or focus texts are at least ``threshold`` alike.

    One similarity matrix per family, thresholded in numpy: only these pairs reach
    the structural checks in Python. With ``k`` (``matching.max_candidates``), each claim
    brings at most its ``k`` most similar claims above the threshold (ties: the earlier
    claim), and a pair is a candidate when either side brings it: at most ``k`` per claim,
    so the same figure in 10,000 articles costs 10,000 x k judgements, not 50 million. A
    claim with ``k`` or fewer claims above the threshold keeps them all, so the pairs are
    exactly those without ``k``. Pairs come in row-major order of the upper triangle.
    """
    blocks: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        fam = family(c)
        if fam is not None:
            blocks.setdefault(fam, []).append(i)
    for idx in blocks.values():
        if len(idx) < 2:
            continue
        if len(idx) <= WHOLE_MATRIX:
            sims = np.maximum(
                vectors[idx] @ vectors[idx].T, focus_vectors[idx] @ focus_vectors[idx].T
            )
            keep = np.triu(sims >= threshold, 1)
            if k is not None and len(idx) - 1 > k:  # some claim may have more than k
                near = sims >= threshold
                np.fill_diagonal(near, False)
                near = _top_k(sims, near, k)
                keep &= near | near.T
            xs, ys = np.nonzero(keep)  # row-major, as np.argwhere
            pairs = zip(xs.tolist(), ys.tolist(), sims[xs, ys].tolist(), strict=True)
        elif k is not None and len(idx) > INDEXED_ABOVE:
            pairs = _indexed_pairs(
                vectors[idx], focus_vectors[idx], threshold, min(k, INDEXED_CANDIDATES)
            )
        else:
            pairs = _blockwise_pairs(vectors[idx], focus_vectors[idx], threshold, k)
        for x, y, sim in pairs:
            yield claims[idx[x]], claims[idx[y]], sim


def _top_k(sims: np.ndarray, keep: np.ndarray, k: int) -> np.ndarray:
    """``keep`` narrowed, row by row, to the ``k`` highest ``sims`` it holds (ties: the lower
    column). Rows holding ``k`` or fewer are left as they are."""
    over = np.flatnonzero(keep.sum(axis=1) > k)
    if not len(over):
        return keep
    sub = np.where(keep[over], sims[over], -np.inf)
    kth = -np.partition(-sub, k - 1, axis=1)[:, k - 1 : k]  # the k-th highest per row
    above = sub > kth
    ties = (sub == kth) & keep[over]
    room = k - above.sum(axis=1, keepdims=True)  # ties taken, leftmost first, to fill k
    chosen = above | (ties & (np.cumsum(ties, axis=1) <= room))
    keep = keep.copy()
    keep[over] = chosen
    return keep


def _blockwise_pairs(
    keys: np.ndarray, focus: np.ndarray, threshold: float, k: int | None
) -> list[tuple[int, int, float]]:
    """:func:`similar_pairs` for one large family, a block of rows at a time."""
    n = len(keys)
    rows = max(1, BLOCK_CELLS // n)
    found: dict[tuple[int, int], float] = {}
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        sims = np.maximum(keys[start:stop] @ keys.T, focus[start:stop] @ focus.T)
        keep = sims >= threshold
        keep[np.arange(stop - start), np.arange(start, stop)] = False
        if k is not None:
            keep = _top_k(sims, keep, k)
        xs, ys = np.nonzero(keep)
        cells = zip((xs + start).tolist(), ys.tolist(), sims[xs, ys].tolist(), strict=True)
        for x, y, sim in cells:
            pair = (x, y) if x < y else (y, x)
            if pair not in found or x < y:  # the upper triangle's cell, as the whole matrix
                found[pair] = sim
    return [(x, y, sim) for (x, y), sim in sorted(found.items())]


def _indexed_pairs(
    keys: np.ndarray, focus: np.ndarray, threshold: float, k: int
) -> list[tuple[int, int, float]]:
    """:func:`similar_pairs` for a family too large for the matrix: each claim's ``k`` most
    similar claims above the threshold (ties: the lower index), through its distinct vectors.

    Claims whose two vectors are equal (one text said of many figures: "town and [NUM]
    people" in a 5 MB line of 80,000 figures has ~2,700 distinct texts) are one point to
    search: the search runs over the distinct points (:func:`_nearest_points`) and each claim
    takes its ``k`` from the claims of its point's ``k + 1`` nearest points
    (:func:`_expanded`): exactly the matrix's answer where the points' neighbours are found
    exactly, which they are up to :data:`INDEXED_ABOVE` distinct points.
    """
    n = len(keys)
    if n < 2:
        return []
    point = _points(keys, focus)
    first = np.full(int(point.max()) + 1, n)
    np.minimum.at(first, point, np.arange(n))
    near, sims = _nearest_points(keys[first], focus[first], min(len(first), k + 1))
    return _expanded(near, sims, point, threshold, k)


def _points(keys: np.ndarray, focus: np.ndarray) -> np.ndarray:
    """Each row's point: rows whose key and focus vectors are equal, byte for byte, share
    one; points are numbered in the order of their first row."""
    codes = []
    for view in (keys, focus):
        view = np.ascontiguousarray(view)
        rows = view.view(np.dtype((np.void, view.dtype.itemsize * view.shape[1]))).ravel()
        codes.append(np.unique(rows, return_inverse=True)[1].ravel().astype(np.int64))
    _, first, code = np.unique(
        codes[0] * (int(codes[1].max()) + 1) + codes[1], return_index=True, return_inverse=True
    )
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return rank[code.ravel()]


def _nearest_points(keys: np.ndarray, focus: np.ndarray, t: int) -> tuple[np.ndarray, np.ndarray]:
    """Each point's ``t`` nearest points, itself among them: ``(points, t)`` indices and
    their similarities (the higher of the two cosines), highest first, ties to the lower
    index; -1 and -inf where fewer were found.

    Up to :data:`INDEXED_ABOVE` points, exactly (the matrix, a block of rows at a time);
    above, each view gets a faiss ``IndexIVFFlat`` of sqrt(n) lists (k-means, seeded: the
    same input gives the same answer), each point takes its ``t`` nearest in each view from
    its :data:`PROBES` nearest lists (reading at most :data:`MAX_SCANNED` points of them, so
    a query's work is bounded whatever the clustering), and the union is scored exactly. It
    is the matrix's answer wherever a point's neighbours share its lists, which the k-means
    makes the rule; a neighbour across lists may be missed.
    """
    m = len(keys)
    if m <= INDEXED_ABOVE:
        rows = max(1, BLOCK_CELLS // m)
        near = np.empty((m, t), dtype=np.int64)
        sims = np.empty((m, t), dtype=np.float32)
        for start in range(0, m, rows):
            block = np.maximum(keys[start : start + rows] @ keys.T,
                               focus[start : start + rows] @ focus.T)  # fmt: skip
            near[start : start + rows], sims[start : start + rows] = _best(
                block, np.broadcast_to(np.arange(m), block.shape), t
            )
        return near, sims
    import faiss  # a large family is rare: nobody else pays the import

    lists = max(1, int(np.sqrt(m)))
    found = []
    for view in (keys, focus):
        view = np.ascontiguousarray(view, dtype=np.float32)
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(view.shape[1]), view.shape[1], lists,
                                   faiss.METRIC_INNER_PRODUCT)  # fmt: skip
        index.cp.niter = 10
        index.cp.seed = 1234
        index.cp.max_points_per_centroid = 64  # trains on at most 64 x lists points
        index.cp.min_points_per_centroid = 1  # no "please provide more points" on stderr
        faiss.omp_set_num_threads(1)  # k-means sums in one order: the same lists every run
        index.train(view)
        index.add(view)
        index.nprobe = min(PROBES, lists)
        index.max_codes = MAX_SCANNED
        faiss.omp_set_num_threads(os.cpu_count() or 1)  # each query on its own: same answer
        found.append(index.search(view, t)[1])
    cand = np.concatenate(found, axis=1)  # (m, 2t); -1 where a list ran short
    near = np.empty((m, t), dtype=np.int64)
    sims = np.empty((m, t), dtype=np.float32)
    rows = max(1, BLOCK_CELLS // (cand.shape[1] * keys.shape[1]))
    for start in range(0, m, rows):
        cols = np.sort(cand[start : start + rows], axis=1)
        safe = np.maximum(cols, 0)
        block = np.maximum(
            np.einsum("id,ijd->ij", keys[start : start + len(cols)], keys[safe]),
            np.einsum("id,ijd->ij", focus[start : start + len(cols)], focus[safe]),
        )
        repeat = np.zeros_like(cols, dtype=bool)
        repeat[:, 1:] = cols[:, 1:] == cols[:, :-1]  # found in both views
        block[(cols < 0) | repeat] = -np.inf
        near[start : start + rows], sims[start : start + rows] = _best(block, cols, t)
    return near, sims


def _best(sims: np.ndarray, cols: np.ndarray, t: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the ``t`` columns of highest ``sims`` (ties: the lower column; ``cols``
    ascending in each row), as (columns, similarities); -1 and -inf for -inf cells."""
    found, best = highest(sims, t, cols)
    return np.where(best > -np.inf, found, -1), best


def _expanded(
    near: np.ndarray, sims: np.ndarray, point: np.ndarray, threshold: float, k: int
) -> list[tuple[int, int, float]]:
    """The pairs of claims from their points' nearest points: each claim brings the first
    ``k`` other claims, at least ``threshold`` alike, of its point's list of claims ordered
    by similarity then index; a pair either side brings, once, in row-major order.

    A point's list needs only the first ``k + 1`` claims of each of its ``k + 1`` nearest
    points: any other claim has ``k + 1`` claims before it (one of which may be the claim
    itself)."""
    n, t = len(point), near.shape[1]
    order = np.argsort(point, kind="stable")  # claims by point, then index
    count = np.bincount(point)
    start = np.r_[0, np.cumsum(count)[:-1]]
    take = np.arange(k + 1)
    firsts = np.where(
        take < count[:, None], order[np.minimum(start[:, None] + take, n - 1)], -1
    )  # (points, k + 1): each point's first claims
    members = np.where(near[:, :, None] >= 0, firsts[np.maximum(near, 0)], -1)
    score = np.broadcast_to(sims[:, :, None], members.shape).copy()
    score[(members < 0) | (score < threshold)] = -np.inf
    members = members.reshape(len(near), t * (k + 1))
    score = score.reshape(len(near), t * (k + 1))
    # each point's list: by similarity, then claim index; the first k + 1
    by = np.lexsort((members, -score), axis=1)[:, : k + 1]
    listed = np.take_along_axis(members, by, axis=1)
    listed_sims = np.take_along_axis(score, by, axis=1)
    xs, ys, ss = [], [], []
    rows = max(1, BLOCK_CELLS // (k + 1))
    for lo in range(0, n, rows):
        mine = np.arange(lo, min(n, lo + rows))
        cand, sim = listed[point[mine]], listed_sims[point[mine]]
        ok = (cand != mine[:, None]) & (sim > -np.inf)
        ok &= np.cumsum(ok, axis=1) <= k
        r, c = np.nonzero(ok)
        x, y = mine[r], cand[r, c]
        xs.append(np.minimum(x, y))
        ys.append(np.maximum(x, y))
        ss.append(sim[r, c])
    x, y, s = np.concatenate(xs), np.concatenate(ys), np.concatenate(ss)
    _, once = np.unique(x * n + y, return_index=True)  # sorted: row-major order
    return list(zip(x[once].tolist(), y[once].tolist(), s[once].tolist(), strict=True))


def repeat_key(c: Claim) -> tuple:
    """What the matcher and the judge read of a claim, less where it stands in its article:
    two claims of one article with one key are one claim said twice (the same sentence text,
    the figure at the same place in it, the same value and reading, so the same embedded
    texts)."""
    q = dataclasses.replace(c.quantity, start=0, end=0)
    where = c.start - c.sentence_start
    return (c.doc, where, dataclasses.replace(c, id="", sentence=0, sentence_start=0, quantity=q))


def repeats_kept(max_candidates: int | None) -> int:
    """How many copies of one claim said over and over in one article take part in matching:
    one more than a claim's candidates, so each kept copy still brings the same ``k`` nearest
    claims (the other kept copies: ties go to the earlier claim) as when every copy stood."""
    return (max_candidates or MatchSettings().max_candidates) + 1


def distinct_claims(claims: Sequence[Claim], keep: int) -> list[int]:
    """The rows of ``claims`` that take part in candidate search: all, but of a claim repeated
    in one article (same :func:`repeat_key`) only its first ``keep`` copies.

    "12 people died." on 400,000 lines is one claim said 400,000 times (issue 23): its copies
    beyond the first ``keep`` could only ever be paired with those first copies (every
    claim's nearest are the earliest copies), as identical claims that agree; without them
    candidate search and judging cost the same for 400,000 copies as for ``keep``. An
    article repeating a claim ``keep`` times or fewer, as real ones do, keeps every copy:
    nothing changes below that.
    """
    seen: dict[tuple, int] = {}
    out = []
    for i, c in enumerate(claims):
        try:
            key = repeat_key(c)
            n = seen.get(key, 0)
        except TypeError:  # an unhashable field: never collapsed
            out.append(i)
            continue
        if n < keep:
            out.append(i)
        seen[key] = n + 1
    return out


def cross_language_pairs(
    claims: Sequence[Claim],
    languages: Mapping[str, str],
    vectors: np.ndarray,
    focus_vectors: np.ndarray,
    k: int | None = None,
) -> list[tuple[Claim, Claim, float]]:
    """Candidate pairs of claims of one family whose documents are in two languages.

    ``vectors`` and ``focus_vectors`` are multilingual (:mod:`checker.compare.embed_multi`);
    the similarity is the higher of the two cosines on the house's scale
    (:func:`~checker.compare.embed_multi.house_scale`), kept from :data:`FLOOR` up. With
    ``k``, each claim brings at most its ``k`` most similar claims of the other languages (a
    pair is kept when either side brings it), as :func:`similar_pairs` does inside one.
    """
    blocks: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        fam = family(c)
        if fam is not None:
            blocks.setdefault(fam, []).append(i)
    out: list[tuple[Claim, Claim, float]] = []
    for idx in blocks.values():
        lang = np.array([languages.get(claims[i].doc, "") for i in idx])
        if len(set(lang.tolist())) < 2:
            continue
        keys, focus = vectors[idx], focus_vectors[idx]
        found: dict[tuple[int, int], float] = {}
        rows = max(1, BLOCK_CELLS // len(idx))  # a block of rows at a time: memory stays bounded
        for start in range(0, len(idx), rows):
            stop = min(len(idx), start + rows)
            sims = house_scale(np.maximum(keys[start:stop] @ keys.T, focus[start:stop] @ focus.T))
            near = (sims >= FLOOR) & (lang[start:stop, None] != lang[None, :])
            if k is not None:
                near = _top_k(sims, near, k)
            xs, ys = np.nonzero(near)
            for x, y in zip((xs + start).tolist(), ys.tolist(), strict=True):
                found[(x, y) if x < y else (y, x)] = float(sims[x - start, y])
        for (x, y), sim in sorted(found.items()):
            out.append((claims[idx[x]], claims[idx[y]], sim))
    return out


def match_claims(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    settings: MatchSettings | None = None,
    focus_vectors: np.ndarray | None = None,
    across: tuple[Mapping[str, str], np.ndarray, np.ndarray] | None = None,
) -> list[Match]:
    """Pairs of claims about the same thing, at most one per claim per other article.

    ``vectors`` holds one unit vector per claim's key text (row i for claims[i]),
    ``focus_vectors`` one per focus text; the similarity is the higher of the two. A claim
    repeated many times in one article is matched through its first copies only
    (:func:`distinct_claims`). Claims of two languages never meet on ``vectors`` (the house
    embedder is English); with ``across`` (document id -> language, then each claim's
    multilingual key and focus vectors) they meet on those (:func:`cross_language_pairs`).
    """
    s = settings or MatchSettings()
    focus = vectors if focus_vectors is None else focus_vectors
    rows = distinct_claims(claims, repeats_kept(s.max_candidates))
    if len(rows) < len(claims):
        claims = [claims[i] for i in rows]
        vectors, focus = vectors[rows], focus[rows]
        if across is not None:
            across = (across[0], across[1][rows], across[2][rows])
    pairs = similar_pairs(claims, vectors, focus, FLOOR, s.max_candidates)
    if across is None:
        return judge_candidates(pairs, s)
    languages, multi_keys, multi_focus = across
    same = [p for p in pairs if languages.get(p[0].doc) == languages.get(p[1].doc)]
    both = cross_language_pairs(claims, languages, multi_keys, multi_focus, s.max_candidates)
    return judge_candidates(same + both, s, languages=languages)
