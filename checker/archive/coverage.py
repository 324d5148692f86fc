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
from ..compare.embed_multi import from_house_scale, house_scale
from ..compare.match import FLOOR, family
from ..core.model import Claim, Document
from .rows import rename_claim
from .vector_index import AcrossIndex, VectorIndex

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
    return _assembled(store, drafts, comp, keep)


def _assembled(
    store,
    drafts: Sequence[Document],
    comp: Sequence[Claim],
    keep: dict[int, list[tuple[int, float]]],
) -> StoreCandidates:
    """The candidates of ``keep`` (draft claim index -> [(stored claim row, similarity)]),
    read from the store."""
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
        #: text -> the multilingual vector the store holds for it (None: it holds none)
        self.across_texts: dict[str, np.ndarray | None] = {}


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
    k = search.k
    floor = FLOOR - search.slack  # re-scored below
    for fam, idx in blocks.items():
        hits_k = _search_above(vindex, fam, key_v[idx], k, floor)
        hits_f = _search_above(vindex, fam, focus_v[idx], k, floor)
        for j, i in enumerate(idx):
            wanted[i] = _stored_claims(hits_k[j] + hits_f[j], floor, excluded, search,
                                       lambda emb, n, f=fam: store.claims_with_embedding(f, emb, n))  # fmt: skip
    need = {e for rows in wanted.values() for _, ke, fe in rows for e in (ke, fe)}
    vecs = store.vectors(need)
    keep: dict[int, list[tuple[int, float]]] = {}
    for i, rows in wanted.items():
        for row, ke, fe in rows:
            sim = max(float(key_v[i] @ vecs[ke]), float(focus_v[i] @ vecs[fe]))
            if sim >= FLOOR:
                keep.setdefault(i, []).append((row, sim))
    return keep


def _stored_claims(
    hits, floor: float, excluded, search: Search, claims_of
) -> list[tuple[int, int, int]]:
    """(stored claim row, key vector, focus vector) of the claims whose texts a draft claim's
    ``hits`` (vector id, cosine) found at ``floor`` or above: nearest text first, at most
    ``search.per_text`` claims a text (``claims_of(vector id, limit)``), the drafts' own rows
    (``excluded``) left out, ``search.max_candidates`` in all."""
    scored: dict[int, float] = {}
    for emb, sim in hits:
        if sim >= floor:
            scored[emb] = max(sim, scored.get(emb, -1.0))
    rows: dict[int, tuple[int, int, int]] = {}
    for emb in sorted(scored, key=scored.__getitem__, reverse=True):
        for row, doc_row, ke, fe in claims_of(emb, search.per_text):
            if doc_row not in excluded:
                rows.setdefault(row, (row, ke, fe))
        if len(rows) >= search.max_candidates:
            break
    return list(rows.values())[: search.max_candidates]


# --------------------------------------------------------------------------- across languages


def other_languages(store, drafts: Sequence[Document]) -> set[str]:
    """The languages of the multilingual vectors a store holds that differ from some draft's:
    what a search across languages would look in (empty: no need to embed the drafts'
    claims with the multilingual model)."""
    if not store.across_languages():
        return set()
    own = {d.language or "" for d in drafts}
    held = {lang for lang, _ in store.across_spaces()}
    return {lang for lang in held if own - {lang}}


def across_candidates(
    store,
    drafts: Sequence[Document],
    comp: Sequence[Claim],
    found: StoreCandidates,
    multi_key: np.ndarray | None,
    multi_focus: np.ndarray | None,
    search: Search = Search(),
) -> StoreCandidates:
    """``found`` (:func:`store_candidates`, on the house embedder's vectors) in a store that
    holds vectors across languages: a pair of a draft's claim and a stored claim of another
    language is dropped (the house embedder is English: two languages meet on the
    multilingual vectors only, as in :func:`checker.api.check`), and each draft claim's
    candidates in the other languages come from their multilingual vectors (``multi_key``,
    ``multi_focus``: the draft claims', row by row; None when no other language is stored).

    The search is :func:`store_candidates`' over the index of each (language, family) but
    the draft's language (:class:`~checker.archive.vector_index.AcrossIndex`); cosines are put
    on the house's scale (:func:`~checker.compare.embed_multi.house_scale`) and kept from the
    judge's floor up; each draft claim keeps its ``search.max_candidates`` nearest in all."""
    draft_language = {d.id: d.language or "" for d in drafts}
    stored = store.document_languages(found.doc_rows.values())
    language = {doc: stored.get(row, "") for doc, row in found.doc_rows.items()}

    def one_language(a: Claim, b: Claim) -> bool:
        draft, other = (a, b) if a.doc in draft_language else (b, a)
        return other.doc in draft_language or language.get(other.doc) == draft_language[draft.doc]

    pairs = [p for p in found.pairs if one_language(p[0], p[1])]
    docs = {c.doc for p in pairs for c in p[:2]}
    kept = StoreCandidates(
        pairs,
        {r: c for r, c in found.claims.items() if c.doc in docs},
        {d: r for d, r in found.doc_rows.items() if d in docs},
        [(sim, d) for sim, d in found.nearest if d in docs],
    )
    if multi_key is None or multi_focus is None or not len(comp):
        return kept
    extra = _assembled(store, drafts, comp, _across_kept(store, drafts, comp, multi_key,
                                                         multi_focus, search))  # fmt: skip
    if not extra.pairs:
        return kept
    return StoreCandidates(
        kept.pairs + extra.pairs,
        {**kept.claims, **extra.claims},
        {**kept.doc_rows, **extra.doc_rows},
        sorted(kept.nearest + extra.nearest, reverse=True),
    )


def _across_kept(
    store, drafts, comp, multi_key, multi_focus, search: Search
) -> dict[int, list[tuple[int, float]]]:
    """(stored claim row, cosine on the house's scale) of each draft claim among the stored
    claims of the other languages, nearest first (memoised as :func:`store_candidates`)."""
    draft_language = {d.id: d.language or "" for d in drafts}
    excluded = store.rows_of(drafts)
    left_out = frozenset(excluded)
    memo = _memo(store).candidates
    languages: dict[str, list[str]] = {}
    for lang, fam in store.across_spaces():
        languages.setdefault(fam, []).append(lang)
    keys: dict[tuple[int, str], tuple] = {}
    blocks: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(comp):
        fam = family(c)
        vectors = hashlib.blake2b(multi_key[i].tobytes() + multi_focus[i].tobytes(), digest_size=16)
        for lang in languages.get(fam, ()):
            if lang == draft_language.get(c.doc, ""):
                continue
            key = keys[(i, lang)] = ("across", lang, fam, vectors.digest(), left_out, search)
            if key not in memo:
                blocks.setdefault((lang, fam), []).append(i)
    if blocks:
        found = _searched_across(store, blocks, multi_key, multi_focus, excluded, search)
        if len(memo) + len(keys) > MEMO_CLAIMS:
            memo.clear()
        for (lang, _), idx in blocks.items():
            for i in idx:
                memo[keys[(i, lang)]] = found.get((i, lang), [])
    keep: dict[int, list[tuple[int, float]]] = {}
    for (i, _lang), key in sorted(keys.items()):
        if memo.get(key):
            keep.setdefault(i, []).extend(memo[key])
    for i, v in keep.items():  # the nearest of all the languages
        keep[i] = sorted(v, key=lambda x: (-x[1], x[0]))[: search.max_candidates]
    return keep


def _searched_across(
    store,
    blocks: dict[tuple[str, str], list[int]],
    multi_key,
    multi_focus,
    excluded: set[int],
    search: Search,
) -> dict[tuple[int, str], list[tuple[int, float]]]:
    """:func:`_searched` over the multilingual vectors of each (language, family) of
    ``blocks``: (draft claim index, language) -> [(stored claim row, cosine on the house's
    scale)] at the judge's floor or above."""  # fmt: skip
    vindex = AcrossIndex.for_store(store)
    wanted: dict[tuple[int, str], list[tuple[int, int, int]]] = {}
    k = search.k
    floor = from_house_scale(FLOOR) - search.slack  # re-scored below
    for space, idx in blocks.items():
        hits_k = _search_above(vindex, space, multi_key[idx], k, floor)
        hits_f = _search_above(vindex, space, multi_focus[idx], k, floor)
        for j, i in enumerate(idx):
            wanted[(i, space[0])] = _stored_claims(
                hits_k[j] + hits_f[j], floor, excluded, search,
                lambda emb, n, sp=space: store.claims_across(sp, emb, n))  # fmt: skip
    need = {e for rows in wanted.values() for _, ke, fe in rows for e in (ke, fe)}
    vecs = store.across_vectors(need)
    keep: dict[tuple[int, str], list[tuple[int, float]]] = {}
    for (i, lang), rows in wanted.items():
        for row, ke, fe in rows:
            raw = max(float(multi_key[i] @ vecs[ke]), float(multi_focus[i] @ vecs[fe]))
            sim = float(house_scale(raw))
            if sim >= FLOOR:
                keep.setdefault((i, lang), []).append((row, sim))
    return keep


def in_story(
    store,
    found: StoreCandidates,
    drafts: Sequence[Document],
    embedder,
    settings,
    multilingual=None,
) -> tuple[StoreCandidates, list[Document]]:
    """``found`` narrowed to the stored articles of the drafts' own story, and those articles.

    Every stored article that offered a candidate is scored against each draft as
    :mod:`checker.compare.stories` scores two articles (lead and opening cosines, shared rare names,
    dates); those at the story link or above, with any draft, and within ``margin`` of the
    nearest, are the story. Candidates from
    other stories are dropped: a store of many stories never compares a draft with another.
    With ``multilingual`` (a store that holds vectors across languages), a draft and a stored
    article in two languages are scored on multilingual vectors, on the house's scale, as
    :func:`~checker.compare.stories.score_articles` scores them.
    """
    if not found.doc_rows:
        return found, []
    loaded = _documents(store, set(found.doc_rows.values()))
    by_row = {row: d for d, row in found.doc_rows.items()}
    stored = [doc if doc.id == by_row[row] else dataclasses.replace(doc, id=by_row[row])
              for row, doc in sorted(loaded.items())]  # fmt: skip
    across = _stored_first(store, multilingual, across=True) if multilingual else None
    embed = _stored_first(store, embedder)
    best = stories.score_against(drafts, stored, embed, settings, across).max(axis=0)
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


def _stored_first(store, embedder, *, across: bool = False):
    """``embedder.embed`` that takes the vectors the store holds for a text (every stored
    article's lead texts, written when it was indexed) and embeds only the rest: a draft of a
    story this process has not met would otherwise embed the leads of hundreds of stored
    articles, most of the time of its check. The same text gets the store's vector whatever
    this process's cache holds, so a check does not depend on what was checked before.
    ``across``: the store's multilingual vectors, for the multilingual ``embedder``."""

    def embed(texts: list[str]) -> np.ndarray:
        held_memo = _memo(store)
        memo = held_memo.across_texts if across else held_memo.texts
        unknown = [t for t in dict.fromkeys(texts) if t not in memo]
        if unknown:
            if len(memo) + len(unknown) > MEMO_TEXTS:
                memo.clear()
            found = store.across_text_vectors(unknown) if across else store.text_vectors(unknown)
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
