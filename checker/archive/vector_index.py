"""Candidate search over a store: one approximate nearest-neighbour index per claim family.

Why usearch (2.x) rather than faiss-cpu or sqlite-vec:

- it is one small wheel with no BLAS dependency, installs from PyPI beside torch
  without touching numpy, and has an HNSW index that is incremental: new
  claims are *added* to the saved index instead of rebuilding it (faiss's HNSW
  is incremental too, but its int8 scalar quantiser needs training and a
  separate index type per setting);
- it stores vectors as int8 natively (``dtype="i8"``, cosine metric): 384 bytes
  a vector in memory, the same compact form as the store;
- a saved index can be opened memory-mapped (``view=True``) for read-only
  queries, so a warm ``checker check`` maps the file instead of reading it;
- sqlite-vec would keep everything in one file, but its vec0 tables do exact
  (brute-force) search: that scans every stored vector per query, linear in the
  store, which the issue rules out.

Blocking: a claim is only ever compared with claims of the same family
(``checker.compare.match.family``: counts with counts, ordinals with ordinals, money in
one currency), so each family has its own index and a query never sees another
family. An index holds *embeddings* (distinct masked texts, key and focus
texts alike), not claims: wire copy repeated by many outlets is one vector.
The store maps a hit back to its claims.

The index files are a cache derived from the store, which stays the source of
truth: ``<store>.vindex/<family>.<last embedding id>.usearch``. Embedding ids
only grow and embeddings are never deleted, so an index covering ids up to N is
brought up to date by adding the embeddings with id > N. Files are written to
a temporary name and renamed, so a killed run or two concurrent runs leave at
worst a stale index, which the next use extends.

A store indexed ``--across-languages`` has a second set of indexes (:class:`AcrossIndex`),
of its multilingual vectors (512 int8), one per language and family, in a folder of their
own: ``<store>.vindex/across/<language>.<family>.<last vector id>.usearch``. A draft
searches those of the languages other than its own, so the claims of its own language
(most of a store) never crowd out the others'.
"""

from __future__ import annotations

import os
import re
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..compare.embed import DIM
from ..compare.embed_multi import DIM as ACROSS_DIM
from .backends import CoverageStore
from .store import StoreWarning

if TYPE_CHECKING:
    from usearch.index import Index

_SAFE = re.compile(r"[^A-Za-z0-9]+")


def _usearch():
    """usearch's ``Index``, imported when a store's index is first used: with it come
    urllib, http, ssl and tqdm (~0.1 s), which a report of a folder never needs."""
    from usearch.index import Index

    return Index


def family_slug(fam: str) -> str:
    """A claim family's name as it appears in its index file's name (``duration:day`` ->
    ``duration_day``)."""
    return _SAFE.sub("_", fam).strip("_") or "x"


def _new_index(dim: int = DIM) -> Index:
    return _usearch()(ndim=dim, metric="cos", dtype="i8", connectivity=16, expansion_add=128,
                 expansion_search=96)  # fmt: skip


@dataclass
class FamilyIndex:
    family: str | tuple[str, str]
    index: Index
    covered: int
    path: Path | None = None


@dataclass
class VectorIndex:
    """The per-family indexes of one store, loaded on demand and kept up to date."""

    store: CoverageStore
    directory: Path
    _loaded: dict[str, FamilyIndex] = field(default_factory=dict)
    _families: set[str] | None = None
    #: False once a file could not be written: the rest of the run searches from memory.
    writable: bool = True

    @classmethod
    def for_store(cls, store: CoverageStore) -> VectorIndex:
        return cls(store, store.path.with_name(store.path.name + ".vindex"))

    # What the index is built from: the store's vectors of one family (overridden by
    # :class:`AcrossIndex`: its multilingual vectors of one language and family).
    dim = DIM

    def _slug(self, fam) -> str:
        return family_slug(fam)

    def _latest(self, fam) -> int:
        return self.store.max_embedding(fam)

    def _count(self, fam, up_to: int) -> int:
        return self.store.count_embeddings(fam, up_to)

    def _rows(self, fam, after: int) -> tuple[np.ndarray, np.ndarray]:
        return self.store.family_embeddings(fam, after)

    def _all(self) -> list:
        return self.store.families()

    def _files(self, fam) -> list[tuple[int, Path]]:
        prefix = self._slug(fam) + "."
        found: list[tuple[int, Path]] = []
        if self.directory.is_dir():
            for p in self.directory.glob(prefix + "*.usearch"):
                middle = p.name[len(prefix) : -len(".usearch")]
                if middle.isdigit():
                    found.append((int(middle), p))
        return sorted(found)

    def get(self, fam: str, *, save: bool = True) -> FamilyIndex:
        """The index of ``fam`` covering every embedding in the store now."""
        have = self._loaded.get(fam)
        latest = self._latest(fam)
        if have is None:
            files = self._files(fam)
            index, covered, path = None, 0, None
            while files:
                covered, path = files.pop()
                try:
                    index = _usearch().restore(str(path), view=latest <= covered)
                except Exception:  # a damaged cache file: fall back to an older one or rebuild
                    index = None
                if index is not None and len(index) == self._count(fam, covered):
                    break
                index, covered, path = None, 0, None  # damaged, or not what its name says
            fresh_index = index if index is not None else _new_index(self.dim)
            have = FamilyIndex(fam, fresh_index, covered, path)
            self._loaded[fam] = have
        if latest > have.covered:
            ids, vecs = self._rows(fam, have.covered)
            if have.path is not None and have.covered and len(ids):
                # a memory-mapped view is read-only: load a writable copy to extend it
                have.index = _usearch().restore(str(have.path), view=False)
            if len(ids):
                fresh = ~have.index.contains(ids) if len(have.index) else np.ones(len(ids), bool)
                if fresh.any():
                    # one thread: two insert in another order each run, so the graph, and
                    # what an approximate search finds, differed between runs of one input
                    have.index.add(ids[fresh], vecs[fresh], threads=1)
            have.covered = latest
            if save:
                self._save(have)
        return have

    def problem(self) -> str | None:
        """Why the index files cannot be written (the path is a file, the folder read-only,
        the disk full), or None."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".probe", dir=self.directory)
            os.close(fd)
            os.unlink(tmp)
        except OSError as exc:
            return self._why(exc)
        return None

    def _why(self, exc: Exception) -> str:
        if self.directory.exists() and not self.directory.is_dir():
            return "the path is a file, not a folder"
        return getattr(exc, "strerror", None) or str(exc)

    def _save(self, fi: FamilyIndex) -> None:
        """Write the index file; where it cannot be written, search from memory and say so
        once (the index is a cache: the store holds every vector)."""
        if not self.writable:
            return
        tmp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            final = self.directory / f"{self._slug(fi.family)}.{fi.covered}.usearch"
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".usearch", dir=self.directory)
            os.close(fd)
            fi.index.save(tmp)
            os.replace(tmp, final)
        except (OSError, RuntimeError) as exc:  # usearch reports a failed write as RuntimeError
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            self.writable = False
            why = self._why(exc)
            warnings.warn(StoreWarning(
                f"{self.directory}: cannot write the vector index ({why}); searching without "
                "it, rebuilt in memory on each run (slower)"
            ), stacklevel=2)  # fmt: skip
            return
        except BaseException:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise
        fi.path = final
        for covered, old in self._files(fi.family):
            if covered < fi.covered:
                old.unlink(missing_ok=True)

    def refresh(self) -> dict:
        """Bring every family's index up to date; returns vectors per family."""
        return {fam: len(self.get(fam).index) for fam in sorted(self._all())}

    def search(self, fam: str, queries: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """For each query vector: up to ``k`` (embedding id, cosine) of family ``fam``."""
        if self._families is None:
            self._families = set(self._all())
        if not len(queries) or fam not in self._families:
            return [[] for _ in range(len(queries))]
        fi = self.get(fam)
        n = len(fi.index)
        if n == 0:
            return [[] for _ in range(len(queries))]
        found = fi.index.search(np.asarray(queries, dtype=np.float32), min(k, n), threads=1)
        keys = np.atleast_2d(found.keys)
        dists = np.atleast_2d(found.distances)
        # one query gives ``Matches`` (no counts), several ``BatchMatches``
        counts = np.atleast_1d(getattr(found, "counts", keys.shape[1]))
        out = []
        for row in range(len(queries)):
            c = int(counts[row])  # past the count, keys and distances are not set
            sims = (1.0 - dists[row, :c].astype(np.float64)).tolist()
            out.append(list(zip(keys[row, :c].tolist(), sims, strict=True)))
        return out

    def size(self) -> int:
        return sum(len(fi.index) for fi in self._loaded.values())


@dataclass
class AcrossIndex(VectorIndex):
    """The indexes of a store's multilingual vectors, one per (language, family): what a
    draft's claims search for the stored claims of the other languages."""

    dim = ACROSS_DIM

    @classmethod
    def for_store(cls, store: CoverageStore) -> AcrossIndex:
        return cls(store, store.path.with_name(store.path.name + ".vindex") / "across")

    def _slug(self, space) -> str:
        language, fam = space
        return f"{family_slug(language)}.{family_slug(fam)}"

    def _latest(self, space) -> int:
        return self.store.max_across(space)

    def _count(self, space, up_to: int) -> int:
        return self.store.count_across(space, up_to)

    def _rows(self, space, after: int) -> tuple[np.ndarray, np.ndarray]:
        return self.store.across_embeddings(space, after)

    def _all(self) -> list:
        return self.store.across_spaces()
