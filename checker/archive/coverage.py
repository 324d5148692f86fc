"""Coverage: the store-side stages behind ``checker index``, ``check`` and ``track``.

Indexing articles into a :class:`~checker.archive.store.Store` (incremental, safe to
kill), finding a draft's candidates among everything stored (the vector index,
then exact cosines) and the stored articles the rules see beside it, and
following one figure over time. :mod:`checker.api` runs these stages in order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from ..compare import stories
from ..compare.match import FLOOR, family
from ..core.model import Claim, Document, Sighting
from ..lang.lexicon import normalise_subject
from ..read.article import unsplit
from ..read.claims import extract_claims, head_subject
from ..read.documents import (
    document_from_text,
    expand_paths,
    read_documents,
    read_jsonl_partitions,
)
from . import store as store_module
from .cluster import LocalRunner
from .rows import document_hash, rename_claim
from .store import Pending, StoreError
from .vector_index import VectorIndex


@dataclasses.dataclass
class IndexSummary:
    files: int = 0
    files_unchanged: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    claims: int = 0
    seconds: float = 0.0
    vectors: int = 0
    #: Dask workers that did the per-article work (0: this process did).
    workers: int = 0

    def line(self) -> str:
        where = f" on {self.workers} Dask worker{'s' * (self.workers != 1)}" if self.workers else ""
        return (
            f"indexed {self.files} file{'s' * (self.files != 1)} "
            f"({self.files_unchanged} unchanged): {self.added} articles added, "
            f"{self.replaced} replaced, {self.unchanged} unchanged, "
            f"{self.duplicates} duplicate{'s' * (self.duplicates != 1)}; "
            f"{self.claims} claims written in {self.seconds:.1f} s{where}"
        )


#: A JSONL file larger than this is read in partitions of ``PARTITION_ROWS`` articles
#: (:func:`~checker.read.documents.read_jsonl_partitions`): checked row by row first (a bad row
#: stops the run before anything is written, as for any file), then read, staged and indexed
#: a partition at a time, so a file of any size is never held whole. Smaller files are read
#: whole and staged at once.
WHOLE_FILE_BYTES = 16_000_000
PARTITION_ROWS = 1000


def _file_digest(path: Path) -> tuple[str, int]:
    """The file's bytes and the claims version (an upgrade that reads figures differently
    re-reads files that have not changed), and its number of lines (for the progress bar)."""
    h = hashlib.sha256(store_module.claims_version().encode())
    lines = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
            lines += block.count(b"\n")
    return h.hexdigest(), lines


@dataclasses.dataclass
class _File:
    """A file to index: read whole (``fresh`` holds its new articles), or in partitions."""

    key: str
    digest: str
    path: Path | None
    fresh: list[tuple[str, Document]] | None
    documents: int
    #: articles expected (the file's lines, when read in partitions): the progress bar's total.
    expected: int


def index_paths(
    store,
    paths: Sequence[Path | str],
    pack,
    embedder,
    *,
    batch_size: int = 16,
    default_date: dt.date | None = None,
    on_progress=None,
    runner=None,
    limit: int | None = None,
) -> IndexSummary:
    """Add every article under ``paths`` to ``store``; skips unchanged files and articles.

    ``on_progress(done, total)``, when given, is called with the articles written so far
    (a web page's progress bar), once before the first and after each batch. ``runner``
    does the per-article work (:mod:`checker.archive.cluster`: here by default, or on a Dask
    cluster); this process writes every result, in reading order. ``limit`` stops after
    that many new articles: their files are finished by a later run.
    """

    t0 = time.perf_counter()
    summary = IndexSummary()
    if store.read_only:
        raise StoreError(store.path, "is read-only: it can check drafts but not take articles")
    vindex = VectorIndex.for_store(store)
    if (why := vindex.problem()) is not None:  # said before anything is written
        raise StoreError(
            vindex.directory,
            f"cannot write the store's vector index here ({why}); nothing was indexed: "
            "move it away or make it writable",
        )
    runner = runner or LocalRunner(pack.semantics, embedder)
    summary.workers = runner.workers
    files: list[tuple[str, Path]] = []
    for raw in paths:
        files.extend(expand_paths(raw))
    left = [limit if limit is not None else -1]  # new articles this run may still take

    def classify(docs: Sequence[Document], key: str) -> tuple[list, bool]:
        """The articles of ``docs`` to write (not stored as they are), and whether all of
        them fit under ``limit``."""
        fresh = []
        for d in docs:
            uid = f"{key}::{d.id}"
            state = store.known(uid, document_hash(d))
            if state == "unchanged":
                summary.unchanged += 1
            elif state == "duplicate":
                summary.duplicates += 1
            else:
                fresh.append((uid, d))
        if left[0] < 0:
            return fresh, True
        taken = fresh[: left[0]]
        left[0] -= len(taken)
        return taken, len(taken) == len(fresh)

    # 1. Read every file and stage its new articles (text and metadata, no model, no
    #    sentence split): the run's work is committed within seconds of the start. A large
    #    JSONL file is only checked here, row by row; it is staged a partition at a time.
    todo: list[_File] = []
    complete: dict[str, bool] = {}
    for _shown, path in files:
        summary.files += 1
        digest, lines = _file_digest(path)
        key = os.path.abspath(path)
        if store.source_hash(key) == digest:
            summary.files_unchanged += 1
            continue
        if path.suffix.lower() == ".jsonl" and path.stat().st_size > WHOLE_FILE_BYTES:
            for _ in read_jsonl_partitions(path, default_date=default_date, check_only=True):
                pass
            todo.append(_File(key, digest, path, None, 0, lines))
            continue
        with unsplit():  # sentences are split batch by batch below
            docs = read_documents([path], default_date=default_date)
        fresh, complete[key] = classify(docs, key)
        todo.append(_File(key, digest, None, fresh, len(docs), len(fresh)))
    for f in todo:  # only once every file has been read: bad input (one line, exit 2)
        if f.fresh:  # leaves the store as it was
            store.stage(f.key, f.digest, f.documents, f.fresh)
    # 2. Articles an earlier run staged and did not finish (killed), from files not read now:
    #    finished here, even when their file is gone.
    #    Those of a file read again now are superseded by what it holds now.
    mine = {uid for f in todo for uid, _ in f.fresh or ()}
    read_now = {f.key for f in todo}
    leftover: dict[str, _File] = {}
    gone = []
    for uid, source, digest, n_docs, d in store.staged(skip=mine):
        if source in read_now:
            gone.append(uid)
        else:
            f = leftover.setdefault(source, _File(source, digest, None, [], n_docs, 0))
            f.fresh.append((uid, d))
            f.expected += 1
    store.unstage(gone)
    for f in leftover.values():
        complete[f.key] = bool(f.digest)  # a partition of a large file: the rest is not read
    todo += leftover.values()

    total = sum(f.expected for f in todo)
    if limit is not None:
        total = min(total, limit + sum(len(f.fresh or ()) for f in leftover.values()))
    done = 0

    def tell(n: int) -> None:
        nonlocal done
        done += n
        if on_progress is not None:
            on_progress(done, total)

    size = [1]

    def batches(key: str, fresh: list):
        """Batches of 1, 2, 4 ... up to ``batch_size`` articles: the first articles are
        searchable as soon as the models have loaded."""
        i = 0
        while i < len(fresh):
            chunk = fresh[i : i + size[0]]
            i += len(chunk)
            size[0] = min(batch_size, size[0] * 2)
            yield (key, [uid for uid, _ in chunk]), [d for _, d in chunk]

    def work():
        """(tag, articles) in reading order; (file, None) once a file's articles are all
        given: the writer marks it done when it reaches that point."""
        for f in todo:
            if f.fresh is not None:
                yield from batches(f.key, f.fresh)
                if complete[f.key]:
                    yield (f.key, f.digest, f.documents), None
                continue
            n_docs, whole = 0, True
            for part in read_jsonl_partitions(f.path, rows=PARTITION_ROWS,
                                              default_date=default_date):  # fmt: skip
                n_docs += len(part)
                fresh, whole = classify(part, f.key)
                if limit is None and len(part) > len(fresh):
                    tell(len(part) - len(fresh))  # unchanged articles count as done
                if fresh:  # staged as partial (no digest): only the writer marks the file
                    store.stage(f.key, "", 0, fresh)
                yield from batches(f.key, fresh)
                if not whole or left[0] == 0:  # the limit: the rest waits for another run
                    whole = False
                    break
            if whole:
                yield (f.key, f.digest, n_docs), None

    # 3. Claims and vectors, by the runner; written here in reading order.
    tell(0)
    for tag, docs, reads in runner.run(work()):
        if reads is None:
            key, digest, n_docs = tag
            store.mark_source(key, digest, n_docs)
            continue
        key, uids = tag
        items = [Pending(uid, key, d, r.claims, r.key_vectors, r.focus_vectors)
                 for uid, d, r in zip(uids, docs, reads, strict=True)]  # fmt: skip
        res = store.add(items)
        summary.added += res.added
        summary.replaced += res.replaced
        summary.unchanged += res.unchanged
        summary.duplicates += res.duplicates
        summary.claims += res.claims
        tell(len(items))
    if summary.added or summary.replaced:
        summary.vectors = sum(VectorIndex.for_store(store).refresh().values())
    summary.seconds = time.perf_counter() - t0
    return summary


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

    blocks: dict[str, list[int]] = {}
    for i, c in enumerate(comp):
        blocks.setdefault(family(c), []).append(i)
    excluded = store.rows_of(drafts)
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
    loaded = store.load_documents(set(found.doc_rows.values()))
    by_row = {row: d for d, row in found.doc_rows.items()}
    stored = [dataclasses.replace(doc, id=by_row[row]) for row, doc in sorted(loaded.items())]
    docs = [*drafts, *stored]
    score = stories.score_articles(docs, embedder.embed, settings)
    n = len(drafts)
    best = score[:n, n:].max(axis=0)
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


# --------------------------------------------------------------------------- track


def _query_shape(query: str, pack) -> tuple[str, str | None]:
    """What the query counts and its event, read as if it had a number: ('hostage', 'hold')."""

    for text in (f"7 {query}", f"the 7th {query}"):
        found = extract_claims(document_from_text(text, "query", language="en"), pack.semantics)
        if found and (found[0].subject or found[0].event):
            return head_subject(found[0]), found[0].event
    return "", None


def track_claims(
    store, query: str, pack, embedder, *, min_similarity: float = 0.5, k: int = 256
) -> list[Sighting]:
    """Stored claims about ``query``, oldest first (undated last)."""

    qv = embedder.embed([query])
    vindex = VectorIndex.for_store(store)
    rows: dict[int, tuple[int, int]] = {}
    for fam in store.families():
        (hits,) = vindex.search(fam, qv, k)
        for emb, sim in hits:
            if sim >= min_similarity - Search.slack:
                for row, _doc, ke, fe in store.claims_with_embedding(fam, emb, 10_000):
                    rows[row] = (ke, fe)
    vecs = store.vectors(e for pair in rows.values() for e in pair)
    scored = {}
    for row, (ke, fe) in rows.items():
        sim = max(float(qv[0] @ vecs[ke]), float(qv[0] @ vecs[fe]))
        if sim >= min_similarity:
            scored[row] = sim
    by_row, docs = store.load_claims(scored)
    subject, event = _query_shape(query, pack)
    subject = normalise_subject(subject) if subject else ""
    out = []
    for row, c in by_row.items():
        if c.negated:
            continue
        if event and c.event and c.event != event:
            continue  # "hostages held" is not "hostages released"
        head = head_subject(c)
        if (
            subject
            and head
            and head != subject
            and fuzz.ratio(head, subject) < pack.matching.subject_ratio
        ):
            continue
        out.append(Sighting(c, docs[c.doc], scored[row]))
    out.sort(key=lambda s: (s.doc.date is None, s.doc.date or dt.date.min, s.doc.outlet or "",
                            s.doc.id, s.claim.start))  # fmt: skip
    return out
