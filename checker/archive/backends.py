"""What a coverage store is to the rest of the checker, and which stores there are.

:class:`CoverageStore` is the protocol the store-side stages (:mod:`~checker.archive.coverage`,
:mod:`~checker.archive.vector_index`) and the api use: nothing above this folder touches SQL.
:data:`STORES` maps a location's scheme to the store that opens it: a plain path or
``sqlite:///path`` is the SQLite :class:`~checker.archive.store.Store`. Another backend (the
PostgreSQL + pgvector one that docs/scaling.md calls for) is a class with the protocol's
methods, registered here under its scheme, and the api opens it unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol, Self, runtime_checkable

import numpy as np

from ..core.errors import CheckerError
from ..core.model import Claim, Document, Finding
from .store import AddResult, Pending, Store


@runtime_checkable
class CoverageStore(Protocol):
    """Published coverage: articles, their claims and the claims' vectors, by family."""

    path: Path
    #: True when the store can check drafts but not take articles.
    read_only: bool
    #: The embedding backend its vectors come from (``onnx`` or ``torch``).
    backend: str

    # sources and staging (checker index)
    def source_hash(self, path: str) -> str | None: ...
    def mark_source(self, path: str, digest: str, documents: int) -> None: ...
    def stage(
        self, source: str, digest: str, documents: int, items: Sequence[tuple[str, Document]]
    ) -> None: ...
    def staged(self, skip: Iterable[str] = ()) -> list[tuple[str, str, str, int, Document]]: ...
    def unstage(self, uids: Sequence[str]) -> None: ...
    def staged_count(self) -> int: ...

    # articles and claims
    def rows_of(self, docs: Iterable[Document]) -> set[int]: ...
    def known(self, uid: str, digest: str) -> str | None: ...
    def stale_documents(self) -> int: ...
    def add(self, items: Iterable[Pending]) -> AddResult: ...
    def counts(self) -> dict[str, int]: ...
    def load_claims(
        self, rows: Iterable[int], *, documents: bool = True
    ) -> tuple[dict[int, Claim], dict[str, Document | int]]: ...
    def document_rows(self, ids: Iterable[str]) -> dict[str, int]: ...
    def load_documents(self, rows: Iterable[int]) -> dict[int, Document]: ...

    # vectors, by family (what the vector index is built from)
    def families(self) -> list[str]: ...
    def family_embeddings(self, fam: str, after: int = 0) -> tuple[np.ndarray, np.ndarray]: ...
    def count_embeddings(self, fam: str, up_to: int) -> int: ...
    def max_embedding(self, fam: str) -> int: ...
    def vectors(self, ids: Iterable[int]) -> dict[int, np.ndarray]: ...
    def claims_with_embedding(
        self, fam: str, emb: int, limit: int
    ) -> list[tuple[int, int, int, int]]: ...

    # history of checks
    def record_run(
        self, command: str, draft: str | None, findings: Sequence[Finding],
        suppressed: Sequence[Finding] = (),
    ) -> int: ...  # fmt: skip

    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None: ...


#: Location scheme -> the store that opens it: ``opener(path, create=, model=, backend=)``.
STORES: dict[str, Callable[..., CoverageStore]] = {"sqlite": Store}


def open_store(
    location: str | Path, *, create: bool = True, model: str, backend: str | None
) -> CoverageStore:
    """The store at ``location``: a path (SQLite), or ``SCHEME://...`` of a registered store
    (``sqlite:///relative/store.sqlite``, ``sqlite:////absolute/store.sqlite``). An unknown scheme is a one-line error naming the
    schemes there are."""
    text = str(location)
    scheme, sep, rest = text.partition("://")
    if not sep or "/" in scheme or not scheme.isidentifier():  # a plain path
        scheme, rest = "sqlite", text
    elif scheme == "sqlite":  # as SQLAlchemy: sqlite:///relative, sqlite:////absolute
        rest = rest.removeprefix("/")
    opener = STORES.get(scheme)
    if opener is None:
        raise CheckerError(
            f"{text}: no coverage store for {scheme}:// (stores there are: "
            f"{', '.join(f'{s}://' for s in sorted(STORES))} or a file path)"
        )
    return opener(Path(rest), create=create, model=model, backend=backend)
