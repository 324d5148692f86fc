"""Coverage: a draft's candidates among everything stored, behind ``checker check``.

The draft's claims search the store (the vector index, then exact cosines); the stored
articles they come from are scored against the drafts as two articles of one story are, and
only the story's articles (and their claims) meet the draft. :mod:`checker.api` runs these
stages in order; :mod:`~checker.archive.indexing` fills the store and
:mod:`~checker.archive.track` follows one figure through it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import weakref
from collections.abc import Sequence

import numpy as np

from ..compare import stories
from ..compare.match import FLOOR, family
from ..core.model import Claim, Document
from .rows import rename_claim
from .vector_index import VectorIndex

# --------------------------------------------------------------------------- check


@dataclasses.dataclass(frozen=True)
class Search:
    """How a draft's claims find stored claims in the vector index: declared once, passed on
    by :func:`checker.api.check_draft`."""

    #: Nearest embedded texts per draft claim, for its key text and for its focus text.
    k: int = 32
    #: Stored claims per embedded text (the same sentence in many articles), most recent first.
    per_text: int = 20
    #: Stored claims per draft claim, at most.
    max_candidates: int = 200
    #: The index holds int8 vectors and is approximate: it is searched this far below a
    #: similarity floor, and what it finds is re-scored exactly.
    slack: float = 0.05


@dataclasses.dataclass(frozen=True)
class StoreCandidates:
    """What the store offers a draft's claims: candidate pairs and where they come from."""

    #: (claim, stored claim, cosine), in document-id order as ``check`` orders pairs.
    pairs: list[tuple[Claim, Claim, float]]
    #: stored claim by its row.
    claims: dict[int, Claim]
    #: stored document id (as shown) -> its row.
    doc_rows: dict[str, int]
    #: (cosine, stored document id) of every candidate, nearest first.
    nearest: list[tuple[float, str]]


@dataclasses.dataclass(frozen=True)
class Context:
    """The stored articles the rules see beside the drafts, and the claims they hold."""

    documents: list[Document]
    claims: list[Claim]
    #: stored documents that hold a matched claim.
    used: set[str]


def store_candidates(
    store,
    drafts: Sequence[Document],
    comp: Sequence[Claim],
    key_v: np.ndarray,
    focus_v: np.ndarray,
    s,
    search: Search = Search(),
) -> StoreCandidates:
    """Stored claims that may match the drafts' comparable claims ``comp``.

    Candidates come from the vector index of each claim family (``search.k`` nearest
    embedded texts for the key and for the focus text of each draft claim), are expanded to
    the stored claims with those texts (at most ``search.per_text`` per text, most recent
    first, ``search.max_candidates`` per draft claim) and re-scored exactly (max of key and focus
    cosines, as in ``check``); those at the judge's floor (``match.FLOOR``) or above are kept. The drafts'
    own stored versions (same file, or same content) are not evidence.
    """

    excluded = store.rows_of(drafts)
    memo = _memo(store).candidates
    keep: dict[int, list[tuple[int, float]]] = {}
    blocks: dict[str, list[int]] = {}
    keys: dict[int, tuple] = {}
    order: dict[str, list[int]] = {}  # family -> indices, families in order of first claim
    left_out = frozenset(excluded)
    for i, c in enumerate(comp):
        fam = family(c)
        order.setdefault(fam, []).append(i)
        vectors = hashlib.blake2b(key_v[i].tobytes() + focus_v[i].tobytes(), digest_size=16)
        keys[i] = key = (fam, vectors.digest(), left_out, search)
        if key in memo:
            if memo[key]:
                keep[i] = memo[key]
        else:
            blocks.setdefault(fam, []).append(i)
    if blocks:
        found = _searched(store, blocks, key_v, focus_v, excluded, search)
        if len(memo) + len(comp) > MEMO_CLAIMS:
            memo.clear()
        for idx in blocks.values():
            for i in idx:
                memo[keys[i]] = found.get(i, [])
                if i in found:
                    keep[i] = found[i]
    keep = {i: keep[i] for idx in order.values() for i in idx if i in keep}  # as searched
    by_row, doc_rows = store.load_claims((r for v in keep.values() for r, _ in v), documents=False)
    # a stored article whose id equals a draft's: rename it in this report
    draft_ids = {d.id for d in drafts}
    renamed: dict[str, str] = {}
    for doc_id in list(doc_rows):
        if doc_id in draft_ids:
            new = f"{doc_id} (stored)"
            doc_rows[new] = doc_rows.pop(doc_id)
            renamed[doc_id] = new
    if renamed:
        by_row = {r: (rename_claim(c, renamed[c.doc]) if c.doc in renamed else c)
                  for r, c in by_row.items()}  # fmt: skip
    pairs = [
        (a, b, sim) if a.doc <= b.doc else (b, a, sim)
        for i, v in keep.items()
        for row, sim in v
        for a, b in [(comp[i], by_row[row])]
    ]
    nearest = sorted(((sim, by_row[row].doc) for v in keep.values() for row, sim in v),
                     reverse=True)  # fmt: skip
    return StoreCandidates(pairs, by_row, doc_rows, nearest)


#: Draft claims whose stored candidates a process keeps per open store (then it starts again).
MEMO_CLAIMS = 20_000
#: Stored articles a process keeps per open store.
MEMO_DOCUMENTS = 20_000
#: Texts whose stored vector (or its absence) a process keeps per open store.
MEMO_TEXTS = 20_000
_MEMOS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _Memo:
    """What a process worked out from one open store as it stands now (see :func:`_memo`)."""

    def __init__(self, state) -> None:
        self.state = state
        #: (family, vectors, rows left out, search) -> [(stored claim row, cosine)]
        self.candidates: dict[tuple, list[tuple[int, float]]] = {}
        #: stored document row -> the article
        self.documents: dict[int, Document] = {}
        #: text -> the vector the store holds for it (None: it holds none)
        self.texts: dict[str, np.ndarray | None] = {}


def _memo(store) -> _Memo:
    """The candidates found for draft claims in ``store`` as it stands now, and the articles
    read from it: a desk re-checks the same claims after every pause in typing, and searching
    the index again for a sentence the editor did not touch finds the same rows. A claim's
    entry is keyed by its family, its two vectors, the rows left out as the drafts' own and
    the search settings; the whole memo is dropped when anything commits to the store
    (:meth:`StoreFile.state`)."""
    state = store.state()
    held = _MEMOS.get(store)
    if held is None or held.state != state:
        held = _MEMOS[store] = _Memo(state)
    return held


def _documents(store, rows: set[int]) -> dict[int, Document]:
    """The stored articles of ``rows``, read once while the store stays as it is."""
    memo = _memo(store)
    missing = rows - memo.documents.keys()
    if missing:
        if len(memo.documents) + len(missing) > MEMO_DOCUMENTS:
            memo.documents.clear()
        memo.documents.update(store.load_documents(missing))
    return {row: memo.documents[row] for row in rows}


def _searched(
    store, blocks: dict[str, list[int]], key_v, focus_v, excluded: set[int], search: Search
) -> dict[int, list[tuple[int, float]]]:
    """(stored claim row, cosine) of each draft claim in ``blocks`` (family -> indices into
    the drafts' comparable claims) at the judge's floor or above, nearest texts first."""
    vindex = VectorIndex.for_store(store)
    wanted: dict[int, list[tuple[int, int, int]]] = {}  # comp index -> (row, key, focus)
    k, per_text, max_candidates = search.k, search.per_text, search.max_candidates
    floor = FLOOR - search.slack  # re-scored below
    for fam, idx in blocks.items():
        hits_k = _search_above(vindex, fam, key_v[idx], k, floor)
        hits_f = _search_above(vindex, fam, focus_v[idx], k, floor)
        for j, i in enumerate(idx):
            scored: dict[int, float] = {}
            for emb, sim in hits_k[j] + hits_f[j]:
                if sim >= floor:
                    scored[emb] = max(sim, scored.get(emb, -1.0))
            rows: dict[int, tuple[int, int, int]] = {}
            for emb in sorted(scored, key=scored.__getitem__, reverse=True):
                for row, doc_row, ke, fe in store.claims_with_embedding(fam, emb, per_text):
                    if doc_row not in excluded:
                        rows.setdefault(row, (row, ke, fe))
                if len(rows) >= max_candidates:
                    break
            wanted[i] = list(rows.values())[:max_candidates]
    need = {e for rows in wanted.values() for _, ke, fe in rows for e in (ke, fe)}
    vecs = store.vectors(need)
    keep: dict[int, list[tuple[int, float]]] = {}
    for i, rows in wanted.items():
        for row, ke, fe in rows:
            sim = max(float(key_v[i] @ vecs[ke]), float(focus_v[i] @ vecs[fe]))
            if sim >= FLOOR:
                keep.setdefault(i, []).append((row, sim))
    return keep


def in_story(
    store, found: StoreCandidates, drafts: Sequence[Document], embedder, settings
) -> tuple[StoreCandidates, list[Document]]:
    """``found`` narrowed to the stored articles of the drafts' own story, and those articles.

    Every stored article that offered a candidate is scored against each draft as
    :mod:`checker.compare.stories` scores two articles (lead and opening cosines, shared rare names,
    dates); those at the story link or above, with any draft, and within ``margin`` of the
    nearest, are the story. Candidates from
    other stories are dropped: a store of many stories never compares a draft with another.
    """
    if not found.doc_rows:
        return found, []
    loaded = _documents(store, set(found.doc_rows.values()))
    by_row = {row: d for d, row in found.doc_rows.items()}
    stored = [doc if doc.id == by_row[row] else dataclasses.replace(doc, id=by_row[row])
              for row, doc in sorted(loaded.items())]  # fmt: skip
    best = stories.score_against(drafts, stored, _stored_first(store, embedder), settings).max(
        axis=0
    )
    bar = max(settings.link, float(best.max()) - settings.margin)
    story = [d for d, v in zip(stored, best.tolist(), strict=True) if v >= bar]
    ids = {d.id for d in story}
    draft_ids = {d.id for d in drafts}
    pairs = [p for p in found.pairs if {p[0].doc, p[1].doc} - draft_ids <= ids]
    kept = {r: c for r, c in found.claims.items() if c.doc in ids}
    return (
        StoreCandidates(
            pairs,
            kept,
            {d: r for d, r in found.doc_rows.items() if d in ids},
            [(sim, d) for sim, d in found.nearest if d in ids],
        ),
        sorted(story, key=lambda d: (d.date or dt.date.min, d.id)),
    )


def _stored_first(store, embedder):
    """``embedder.embed`` that takes the vectors the store holds for a text (every stored
    article's lead texts, written when it was indexed) and embeds only the rest: a draft of a
    story this process has not met would otherwise embed the leads of hundreds of stored
    articles, most of the time of its check. The same text gets the store's vector whatever
    this process's cache holds, so a check does not depend on what was checked before."""

    def embed(texts: list[str]) -> np.ndarray:
        memo = _memo(store).texts
        unknown = [t for t in dict.fromkeys(texts) if t not in memo]
        if unknown:
            if len(memo) + len(unknown) > MEMO_TEXTS:
                memo.clear()
            found = store.text_vectors(unknown)
            memo.update((t, found.get(t)) for t in unknown)
        held = {t: memo[t] for t in texts if memo.get(t) is not None}
        missing = list(dict.fromkeys(t for t in texts if t not in held))
        if missing:
            held.update(zip(missing, embedder.embed(missing), strict=True))
        if not texts:
            return embedder.embed(texts)
        return np.stack([held[t] for t in texts]).astype(np.float32, copy=False)

    return embed


def context_documents(
    found: StoreCandidates,
    matches: Sequence,
    draft_ids: set[str],
    context: int,
    stored: Sequence[Document],
) -> Context:
    """The stored articles the rules see: those with a matched claim, and up to ``context``
    more of the nearest candidates (coverage of the story that matched nothing still counts
    as seen, e.g. for the single-source and title rules). ``stored`` are the articles of the
    draft's story as :func:`in_story` loaded them (ids as shown)."""
    used = {c.doc for m in matches for c in (m.a, m.b)} - draft_ids
    context_ids = set(used)
    for _, doc_id in found.nearest:
        if len(context_ids) >= len(used) + context:
            break
        context_ids.add(doc_id)
    docs = sorted(
        (d for d in stored if d.id in context_ids), key=lambda d: (d.id not in used, d.id)
    )
    claims = [c for c in found.claims.values() if c.doc in context_ids]
    return Context(docs, claims, used)


def _search_above(vindex, fam: str, queries: np.ndarray, k: int, floor: float, limit: int = 1024):
    """Nearest texts of each query, widening ``k`` while the k-th is still above ``floor``:
    near-duplicates (wire copy) must not crowd out other articles' matches."""
    hits = vindex.search(fam, queries, k)
    while k < limit:
        wider = [i for i, h in enumerate(hits) if len(h) == k and h[-1][1] >= floor]
        if not wider:
            break
        k *= 4
        more = vindex.search(fam, queries[wider], k)
        for i, h in zip(wider, more, strict=True):
            hits[i] = h
    return hits
