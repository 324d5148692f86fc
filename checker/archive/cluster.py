"""The per-article work of ``checker index``, and running it on a Dask cluster.

:func:`read_articles` is the work itself, a pure function of picklable values: articles
(text and metadata) in; their claims and the two vectors (key and focus text) of each
comparable claim out. ``checker index`` runs it in its own process, or, with ``--workers N``
or ``--scheduler ADDRESS``, on the workers of a ``dask.distributed`` cluster
(:class:`DaskRunner`): a :class:`~distributed.LocalCluster` of N processes started for the
run, or a cluster someone already runs. Either way one process, the caller, writes every
result to the store, in the order the articles were read (:mod:`checker.archive.coverage`).

A worker loads the models once per process (:func:`worker_embedder`) and gives its torch
one thread per core it owns. Each result says which embedding backend and which version
of the claims reader made it: a worker whose checker differs from the writer's is refused
rather than mixed into the store.

Dask is imported only here, and only when a cluster is asked for: ``checker index``
without ``--workers`` and ``checker report`` do not pay for importing it (about 1 s).
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from ..compare.embed import Embedder
from ..compare.match import embed_claims, family
from ..compare.stories import lead_texts
from ..core.errors import CheckerError
from ..core.model import Claim, Document
from ..core.settings import Semantics
from ..read.article import with_sentences
from ..read.claims import extract_claims


@dataclasses.dataclass(frozen=True)
class Read:
    """One article's claims and the vectors of its comparable claims (``family`` not None),
    in claim order: what the store writes beside the article."""

    claims: tuple[Claim, ...]
    key_vectors: np.ndarray
    focus_vectors: np.ndarray
    #: The vectors of the article's two lead texts (:func:`~checker.compare.stories.lead_texts`),
    #: stored so that a check scoring it against a draft need not embed them again.
    lead_vectors: np.ndarray | None = None


@dataclasses.dataclass(frozen=True)
class Batch:
    """What a worker sends back for a batch: the articles' readings and who made them."""

    reads: list[Read]
    backend: str
    claims_version: str
    pid: int


def read_articles(docs: Sequence[Document], semantics: Semantics, embedder) -> list[Read]:
    """Split, extract and embed ``docs``: one :class:`Read` per article, in order (its claims'
    two texts and its own two lead texts embedded).

    The claims of the whole batch are embedded in one call (:func:`~checker.compare.match.embed_claims`,
    as every check embeds), then cut back into articles.
    """
    docs = [with_sentences(d) for d in docs]
    all_claims = [extract_claims(d, semantics) for d in docs]
    _, keys, focus = embed_claims([c for claims in all_claims for c in claims], embedder)
    leads = embedder.embed([t for d in docs for t in lead_texts(d)]) if docs else None
    out, pos = [], 0
    for i, claims in enumerate(all_claims):
        n = sum(1 for c in claims if family(c) is not None)
        lead = leads[2 * i : 2 * i + 2] if leads is not None else None
        out.append(Read(tuple(claims), keys[pos : pos + n], focus[pos : pos + n], lead))
        pos += n
    return out


@functools.cache
def worker_embedder(backend: str, threads: int) -> Embedder:
    """The worker process's embedder, made once: the model loads on the first batch, with
    torch (or onnxruntime) limited to ``threads`` threads."""
    if backend == "torch":
        import torch

        torch.set_num_threads(threads)
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    return Embedder(backend=backend)


def read_on_worker(
    docs: Sequence[Document], semantics: Semantics, backend: str, threads: int
) -> Batch:
    """:func:`read_articles` as a Dask task runs it, with this process's embedder."""
    from .store import claims_version

    embedder = worker_embedder(backend, threads)
    reads = read_articles(docs, semantics, embedder)
    return Batch(reads, embedder.backend, claims_version(), os.getpid())


# --------------------------------------------------------------------------- runners


class LocalRunner:
    """Runs the work here, batch after batch."""

    workers = 0

    def __init__(self, semantics: Semantics, embedder) -> None:
        self.semantics, self.embedder = semantics, embedder

    def run(self, items: Iterable[tuple[Any, list[Document] | None]]) -> Iterator:
        """``(tag, docs)`` in, ``(tag, docs, reads)`` out in the same order; an item without
        documents (a marker: a file is done) passes through with ``reads=None``."""
        for tag, docs in items:
            yield tag, docs, (None if docs is None else read_articles(docs, self.semantics,
                                                                      self.embedder))  # fmt: skip


class DaskRunner:
    """Runs the work on a Dask cluster's workers, results back in submission order.

    At most ``window`` batches are in flight: the reader stays a bounded way ahead of the
    writer, so a file of any size is held a few batches at a time. A batch lost with a
    worker (killed, out of memory) is run again on another by Dask's scheduler.
    """

    def __init__(self, client, semantics: Semantics, backend: str, *, threads: int = 1,
                 window: int | None = None, expect_version: str | None = None) -> None:  # fmt: skip
        self.client = client
        self.semantics, self.backend, self.threads = semantics, backend, threads
        self.workers = max(1, len(client.scheduler_info().get("workers", {})))
        self.window = window or 4 * self.workers
        self.expect_version = expect_version

    def run(self, items: Iterable[tuple[Any, list[Document] | None]]) -> Iterator:
        semantics = self.semantics  # a few hundred bytes: sent with each batch, never lost
        queue: collections.deque = collections.deque()
        pending = iter(items)
        done = False
        try:
            while True:
                while not done and sum(1 for q in queue if q[2] is not None) < self.window:
                    try:
                        tag, docs = next(pending)
                    except StopIteration:
                        done = True
                        break
                    future = None
                    if docs is not None:
                        future = self.client.submit(
                            read_on_worker, docs, semantics, self.backend, self.threads,
                            pure=False,
                        )  # fmt: skip
                    queue.append((tag, docs, future))
                if not queue:
                    return
                tag, docs, future = queue.popleft()
                if future is None:
                    yield tag, docs, None
                    continue
                try:
                    batch: Batch = future.result()
                except Exception as exc:
                    if type(exc).__name__ == "KilledWorker":  # it killed worker after worker
                        raise CheckerError(
                            f"a batch of {len(docs)} articles ({docs[0].path}, from "
                            f"{docs[0].id}) killed every Dask worker that ran it ({exc})"
                        ) from None
                    raise
                future.release()
                self._check(batch)
                yield tag, docs, batch.reads
        finally:
            for _, _, future in queue:
                if future is not None:
                    future.cancel()

    def _check(self, batch: Batch) -> None:
        if batch.backend != self.backend:
            raise CheckerError(
                f"a Dask worker (pid {batch.pid}) embedded with {batch.backend!r}, not "
                f"{self.backend!r} as this store holds: its onnx export failed? Set "
                "CHECKER_EMBEDDING_BACKEND alike on every worker"
            )
        if self.expect_version is not None and batch.claims_version != self.expect_version:
            raise CheckerError(
                f"a Dask worker (pid {batch.pid}) reads figures with another version of "
                f"checker (claims reader {batch.claims_version}, here {self.expect_version}); "
                "install the same checker on every worker"
            )


@dataclasses.dataclass
class Cluster:
    """An open connection to a Dask cluster (and the cluster, when started for the run)."""

    client: Any
    local: Any = None
    address: str = ""
    workers: int = 0

    def close(self) -> None:
        self.client.close()
        if self.local is not None:
            self.local.close()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect(workers: int | None = None, scheduler: str | None = None) -> Cluster:
    """A Dask client: on a new ``LocalCluster`` of ``workers`` processes with one thread each,
    or on the running scheduler at ``scheduler`` (``tcp://HOST:PORT``)."""
    if workers is not None and scheduler is not None:
        raise CheckerError("give --workers or --scheduler, not both")
    if workers is not None and workers < 1:
        raise CheckerError(f"--workers must be 1 or more, not {workers}")
    try:
        import logging

        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise CheckerError(
            f"--workers and --scheduler need dask[distributed] ({exc}); "
            "pip install 'dask[distributed]'"
        ) from None
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise CheckerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        n = len(client.scheduler_info().get("workers", {}))
        if not n:
            client.close()
            raise CheckerError(f"the Dask scheduler at {scheduler} has no workers")
        return Cluster(client, None, scheduler, n)
    local = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=logging.ERROR,
    )  # fmt: skip
    client = Client(local)
    return Cluster(client, local, local.scheduler_address, workers or 0)


def threads_per_worker(cluster: Cluster) -> int:
    """Threads for torch in each worker: the cores of this machine shared among a local
    cluster's workers; one on a cluster run by someone else (its workers' cores are theirs
    to share)."""
    if cluster.local is None:
        return 1
    return max(1, (os.cpu_count() or 1) // max(1, cluster.workers))
