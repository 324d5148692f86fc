"""A small persistent key-value cache in SQLite, shared by the caches of the checker.

Embeddings (:mod:`checker.compare.embed`), sentence readings (:mod:`checker.read.reading`) and sentence
splits (:mod:`checker.read.documents`) are each cached by a hash of what they depend on, in one
file each under :func:`cache_dir`. This module holds what they share: opening the file
(WAL journal, so concurrent readers and writers are safe), batched look-ups, batched writes,
and the rule that a cache which cannot be opened, read or written never stops a check: it
runs uncached (a read-only home, a locked or corrupt file).

A value is bytes or text; callers encode and decode their own values and treat a value they
cannot decode as a miss.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .errors import CheckerWarning

#: Keys per ``SELECT ... WHERE key IN (...)``: below SQLite's limit on bound variables.
CHUNK = 500
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

Value = bytes | str


def cache_dir() -> Path:
    """``$CHECKER_CACHE_DIR``, else ``$XDG_CACHE_HOME/checker``, else ``~/.cache/checker``."""
    root = os.environ.get("CHECKER_CACHE_DIR")
    if root:
        return Path(root)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "checker"


_said = False


def _say_uncached(path: Path, exc: Exception) -> None:
    """Say once per process that the caches do not work: the run goes on, only slower."""
    global _said
    if _said:
        return
    _said = True
    why = getattr(exc, "strerror", None) or str(exc)
    warnings.warn(CheckerWarning(
        f"{path.parent}: cannot use the cache here ({why}); running without it (slower: "
        "the model's work is not kept for the next run)"
    ), stacklevel=3)  # fmt: skip


class KVCache:
    """``key TEXT PRIMARY KEY`` -> one value column, in table ``table`` of the file ``path``.

    ``path=None`` makes a cache that holds nothing. The table and column names are part of
    the on-disk layout (``embedding(key, vector)`` and ``reading(key, data)`` predate this
    module), so they are parameters.
    """

    def __init__(
        self, path: Path | str | None, table: str, column: str = "value", kind: str = "BLOB"
    ) -> None:
        if not (_NAME.match(table) and _NAME.match(column)) or kind not in ("BLOB", "TEXT"):
            raise ValueError(f"bad cache layout: {table}({column} {kind})")
        self.path = Path(path) if path is not None else None
        self.table, self.column = table, column
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(
                    f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, {column} {kind})"
                )
            except sqlite3.Error:
                db.close()
                raise
            self._db = db
        except (OSError, sqlite3.Error) as exc:
            self._db = None  # run uncached
            _say_uncached(self.path, exc)

    @property
    def enabled(self) -> bool:
        """False when the cache could not be opened (or was closed): every look-up misses."""
        return self._db is not None

    def get_many(self, keys: Iterable[str]) -> dict[str, Value]:
        """The stored values of those ``keys`` that are in the cache (one query per chunk)."""
        unique = list(dict.fromkeys(keys))
        out: dict[str, Value] = {}
        if self._db is None or not unique:
            return out
        with self._lock:
            for i in range(0, len(unique), CHUNK):
                chunk = unique[i : i + CHUNK]
                marks = ",".join("?" * len(chunk))
                try:
                    rows = self._db.execute(
                        f"SELECT key, {self.column} FROM {self.table} WHERE key IN ({marks})",
                        chunk,
                    ).fetchall()
                except sqlite3.Error:
                    return out  # a file damaged under us: what was read so far, the rest misses
                out.update(rows)
        return out

    def put_many(self, items: Mapping[str, Value] | Sequence[tuple[str, Value]]) -> None:
        """Store (or replace) values, in one transaction; a failure leaves the cache as it was."""
        rows = list(items.items()) if isinstance(items, Mapping) else list(items)
        if self._db is None or not rows:
            return
        with self._lock:
            try:
                with self._db:
                    self._db.executemany(
                        f"INSERT OR REPLACE INTO {self.table} (key, {self.column}) VALUES (?, ?)",
                        rows,
                    )
            except sqlite3.Error as exc:
                # a read-only or full disk: the results are still returned, just not kept
                _say_uncached(self.path, exc)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
