"""``checker index``: articles into the store, incremental and safe to kill.

One :class:`Indexing` is one run, in three steps: (1) read every file and stage its new
articles (text and metadata, no model, no sentence split), so the run's work is committed
within seconds of the start; (2) take up what an earlier run staged and did not finish;
(3) have the runner (:mod:`checker.archive.cluster`: here, or on a Dask cluster) read claims
and vectors, and write them here, in reading order, a batch per transaction; (4) in a store
that holds vectors across languages (``checker index --across-languages``), embed every stored
article that lacks them with the multilingual model, here, a batch per transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..compare.embed_multi import MultiEmbedder
from ..compare.stories import lead_texts
from ..core.model import Document
from ..read.article import unsplit
from ..read.documents import expand_paths, read_documents, read_jsonl_partitions
from . import store as store_module
from .backends import CoverageStore
from .cluster import LocalRunner
from .rows import document_hash
from .store import Across, AddResult, Pending, StoreError
from .vector_index import AcrossIndex, VectorIndex


@dataclasses.dataclass
class IndexSummary(AddResult):
    """A whole index run: the store's counts of what it added (:class:`AddResult`), summed
    over the run's batches, and the files, time, vectors and workers."""

    files: int = 0
    files_unchanged: int = 0
    seconds: float = 0.0
    vectors: int = 0
    #: Dask workers that did the per-article work (0: this process did).
    workers: int = 0
    #: Articles given their multilingual vectors (a store indexed ``--across-languages``).
    across: int = 0

    def count(self, batch: AddResult) -> None:
        """Add one batch's counts to the run's."""
        for f in dataclasses.fields(AddResult):
            setattr(self, f.name, getattr(self, f.name) + getattr(batch, f.name))

    def line(self) -> str:
        where = f" on {self.workers} Dask worker{'s' * (self.workers != 1)}" if self.workers else ""
        return (
            f"indexed {self.files} file{'s' * (self.files != 1)} "
            f"({self.files_unchanged} unchanged): {self.added} articles added, "
            f"{self.replaced} replaced, {self.unchanged} unchanged, "
            f"{self.duplicates} duplicate{'s' * (self.duplicates != 1)}; "
            f"{self.claims} claims written"
            + (f", {self.across} articles embedded across languages" if self.across else "")
            + f" in {self.seconds:.1f} s{where}"
        )


#: A JSONL file larger than this is read in partitions of ``PARTITION_ROWS`` articles
#: (:func:`~checker.read.documents.read_jsonl_partitions`): checked row by row first (a bad row
#: stops the run before anything is written, as for any file), then read, staged and indexed
#: a partition at a time, so a file of any size is never held whole. Smaller files are read
#: whole and staged at once.
WHOLE_FILE_BYTES = 16_000_000
PARTITION_ROWS = 1000
#: Stored articles given their multilingual vectors per transaction.
ACROSS_BATCH = 32


def file_digest(path: Path) -> tuple[str, int]:
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
    store: CoverageStore,
    paths: Sequence[Path | str],
    pack,
    embedder,
    *,
    batch_size: int = 16,
    default_date: dt.date | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    runner=None,
    limit: int | None = None,
    multilingual=None,
) -> IndexSummary:
    """Add every article under ``paths`` to ``store``; skips unchanged files and articles.

    ``on_progress(done, total)``, when given, is called with the articles written so far
    (a web page's progress bar), once before the first and after each batch. ``runner``
    does the per-article work (:mod:`checker.archive.cluster`: here by default, or on a Dask
    cluster); this process writes every result, in reading order. ``limit`` stops after
    that many new articles: their files are finished by a later run. A store that holds
    vectors across languages gets them for every article it lacks them for, embedded by
    ``multilingual`` (a :class:`~checker.compare.embed_multi.MultiEmbedder` of its own when
    None), here whatever the runner.
    """
    run = Indexing(store, runner or LocalRunner(pack.semantics, embedder), batch_size=batch_size,
                   default_date=default_date, on_progress=on_progress, limit=limit,
                   multilingual=multilingual)  # fmt: skip
    return run.run(paths)


class Indexing:
    """One ``checker index`` run over a store (see the module's docstring for its steps)."""

    def __init__(
        self,
        store: CoverageStore,
        runner,
        *,
        batch_size: int = 16,
        default_date: dt.date | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        limit: int | None = None,
        multilingual=None,
    ) -> None:
        self.store, self.runner = store, runner
        self.multilingual = multilingual
        self.batch_size, self.default_date = batch_size, default_date
        self.on_progress, self.limit = on_progress, limit
        self.summary = IndexSummary(workers=runner.workers)
        #: New articles this run may still take (-1: no limit).
        self.left = limit if limit is not None else -1
        #: Files to write, in reading order; whether each file's articles are all in the run.
        self.todo: list[_File] = []
        self.complete: dict[str, bool] = {}
        self.done = self.total = 0
        self.size = 1  # the next batch's size: 1, 2, 4 ... up to batch_size

    def run(self, paths: Sequence[Path | str]) -> IndexSummary:
        t0 = time.perf_counter()
        store = self.store
        if store.read_only:
            raise StoreError(store.path, "is read-only: it can check drafts but not take articles")
        vindex = VectorIndex.for_store(store)
        if (why := vindex.problem()) is not None:  # said before anything is written
            raise StoreError(
                vindex.directory,
                f"cannot write the store's vector index here ({why}); nothing was indexed: "
                "move it away or make it writable",
            )
        files: list[tuple[str, Path]] = []
        for raw in paths:
            files.extend(expand_paths(raw))
        self.read_files(files)
        leftover = self.resume_staged()
        self.total = sum(f.expected for f in self.todo)
        if self.limit is not None:
            self.total = min(self.total, self.limit + sum(len(f.fresh or ()) for f in leftover))
        self.write()
        summary = self.summary
        if summary.added or summary.replaced:
            summary.vectors = sum(VectorIndex.for_store(store).refresh().values())
        if store.across_languages():
            self.across()
        summary.seconds = time.perf_counter() - t0
        return summary

    def across(self) -> None:
        """4. Multilingual vectors (USE) of every stored article that lacks them: those just
        written, those of a run killed before this step, all of them when the store was first
        asked to hold them. Each claim's key and focus text and the article's two lead texts,
        a batch of :data:`ACROSS_BATCH` articles per transaction."""
        store = self.store
        if not store.missing_across():
            return
        multi = self.multilingual = self.multilingual or MultiEmbedder()
        while todo := store.lacking_across(ACROSS_BATCH):
            items = []
            for row, doc, claims in todo:
                texts = ([c.key_text for _, _, c in claims] + [c.focus_text for _, _, c in claims]
                         + list(lead_texts(doc)))  # fmt: skip
                items.append((row, [(r, f, c.key_text, c.focus_text) for r, f, c in claims],
                              lead_texts(doc), texts))  # fmt: skip
            vectors = multi.embed([t for *_, texts in items for t in texts])
            out, pos = [], 0
            for row, claims, leads, texts in items:
                out.append(Across(row, tuple(claims), leads, vectors[pos : pos + len(texts)]))
                pos += len(texts)
            # an article replaced or done by another run meanwhile is passed over
            self.summary.across += store.add_across(out)
        if self.summary.across:
            AcrossIndex.for_store(store).refresh()

    def classify(self, docs: Sequence[Document], key: str) -> tuple[list, bool]:
        """The articles of ``docs`` to write (not stored as they are), and whether all of
        them fit under ``limit``."""
        fresh = []
        for d in docs:
            uid = f"{key}::{d.id}"
            state = self.store.known(uid, document_hash(d))
            if state == "unchanged":
                self.summary.unchanged += 1
            elif state == "duplicate":
                self.summary.duplicates += 1
            else:
                fresh.append((uid, d))
        if self.left < 0:
            return fresh, True
        taken = fresh[: self.left]
        self.left -= len(taken)
        return taken, len(taken) == len(fresh)

    def read_files(self, files: list[tuple[str, Path]]) -> None:
        """1. Read every file and stage its new articles. A large JSONL file is only checked
        here, row by row; it is staged a partition at a time."""
        store, summary = self.store, self.summary
        for _shown, path in files:
            summary.files += 1
            digest, lines = file_digest(path)
            key = os.path.abspath(path)
            if store.source_hash(key) == digest:
                summary.files_unchanged += 1
                continue
            if path.suffix.lower() == ".jsonl" and path.stat().st_size > WHOLE_FILE_BYTES:
                for _ in read_jsonl_partitions(path, default_date=self.default_date,
                                               check_only=True):  # fmt: skip
                    pass
                self.todo.append(_File(key, digest, path, None, 0, lines))
                continue
            with unsplit():  # sentences are split batch by batch, by the runner
                docs = read_documents([path], default_date=self.default_date)
            fresh, self.complete[key] = self.classify(docs, key)
            self.todo.append(_File(key, digest, None, fresh, len(docs), len(fresh)))
        for f in self.todo:  # only once every file has been read: bad input (one line,
            if f.fresh:  # exit 2) leaves the store as it was
                store.stage(f.key, f.digest, f.documents, f.fresh)

    def resume_staged(self) -> list[_File]:
        """2. Articles an earlier run staged and did not finish (killed), from files not read
        now: finished here, even when their file is gone. Those of a file read again now are
        superseded by what it holds now."""
        mine = {uid for f in self.todo for uid, _ in f.fresh or ()}
        read_now = {f.key for f in self.todo}
        leftover: dict[str, _File] = {}
        gone = []
        for uid, source, digest, n_docs, d in self.store.staged(skip=mine):
            if source in read_now:
                gone.append(uid)
            else:
                f = leftover.setdefault(source, _File(source, digest, None, [], n_docs, 0))
                f.fresh.append((uid, d))
                f.expected += 1
        self.store.unstage(gone)
        for f in leftover.values():  # a partition of a large file: the rest is not read
            self.complete[f.key] = bool(f.digest)
        self.todo += leftover.values()
        return list(leftover.values())

    def tell(self, n: int) -> None:
        self.done += n
        if self.on_progress is not None:
            self.on_progress(self.done, self.total)

    def batches(self, key: str, fresh: list) -> Iterator[tuple[tuple, list[Document]]]:
        """Batches of 1, 2, 4 ... up to ``batch_size`` articles: the first articles are
        searchable as soon as the models have loaded."""
        i = 0
        while i < len(fresh):
            chunk = fresh[i : i + self.size]
            i += len(chunk)
            self.size = min(self.batch_size, self.size * 2)
            yield (key, [uid for uid, _ in chunk]), [d for _, d in chunk]

    def work(self) -> Iterator[tuple[tuple, list[Document] | None]]:
        """(tag, articles) in reading order; (file, None) once a file's articles are all
        given: the writer marks it done when it reaches that point."""
        for f in self.todo:
            if f.fresh is not None:
                yield from self.batches(f.key, f.fresh)
                if self.complete[f.key]:
                    yield (f.key, f.digest, f.documents), None
                continue
            n_docs, whole = 0, True
            for part in read_jsonl_partitions(f.path, rows=PARTITION_ROWS,
                                              default_date=self.default_date):  # fmt: skip
                n_docs += len(part)
                fresh, whole = self.classify(part, f.key)
                if self.limit is None and len(part) > len(fresh):
                    self.tell(len(part) - len(fresh))  # unchanged articles count as done
                if fresh:  # staged as partial (no digest): only the writer marks the file
                    self.store.stage(f.key, "", 0, fresh)
                yield from self.batches(f.key, fresh)
                if not whole or self.left == 0:  # the limit: the rest waits for another run
                    whole = False
                    break
            if whole:
                yield (f.key, f.digest, n_docs), None

    def write(self) -> None:
        """3. Claims and vectors, by the runner; written here in reading order."""
        summary = self.summary
        self.tell(0)
        for tag, docs, reads in self.runner.run(self.work()):
            if reads is None:
                key, digest, n_docs = tag
                self.store.mark_source(key, digest, n_docs)
                continue
            key, uids = tag
            items = [Pending(uid, key, d, r.claims, r.key_vectors, r.focus_vectors,
                             lead_vectors=r.lead_vectors)
                     for uid, d, r in zip(uids, docs, reads, strict=True)]  # fmt: skip
            summary.count(self.store.add(items))
            self.tell(len(items))
