"""YAML parsed once: a parse kept on disk, read back as plain data only.

Parsing YAML costs a warm run more than anything it reads (PyYAML's pure-Python reader took
~75 ms for the default rule pack; libyaml ~16 ms for the language files, and ~15 ms to import
PyYAML at all). A text parsed once is kept in ``yaml.sqlite`` beside the other caches, keyed by
the text and by what else decides the result (the caller's ``version``: PyYAML's version, the
loader, the reader's code). Only what parsed is kept (a refusal is read again, so it is always
worded as now), and a kept value is read back by an unpickler that refuses every class but
YAML's dates and times (:class:`PlainData`): a damaged or foreign row is a miss, never code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import pickle
from collections.abc import Callable
from functools import cache
from typing import TypeVar

from .kvcache import KVCache, cache_dir

T = TypeVar("T")

#: What :func:`loads` returns for a row that is absent, damaged or not plain data.
MISS = object()

#: The classes a kept value may hold besides Python's plain types (YAML's dates and times).
_ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timezone"),
            ("datetime", "timedelta")}  # fmt: skip


class PlainData(pickle.Unpickler):
    """An unpickler of plain data: text, numbers, booleans, None, lists, tuples, mappings,
    and YAML's dates and times; any other class is refused."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED:
            return getattr(dt, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def key(version: bytes, text: str) -> str:
    """The row of ``text`` read under ``version``."""
    data = version + b"\0" + text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@cache
def store() -> KVCache:
    return KVCache(cache_dir() / "yaml.sqlite", "parsed", "data", "BLOB")


def loads(blob: object) -> object:
    """A kept value, or :data:`MISS` (absent, damaged, or not plain data)."""
    if not isinstance(blob, bytes):
        return MISS
    try:
        return PlainData(io.BytesIO(blob)).load()
    except Exception:  # noqa: BLE001 (any damage to a cache row is a miss, never an error)
        return MISS


def get(row: str) -> object:
    """The value kept under ``row``, or :data:`MISS`."""
    return loads(store().get_many([row]).get(row))


def put(row: str, value: object) -> None:
    store().put_many([(row, pickle.dumps(value, protocol=5))])


def kept(text: str, version: bytes, parse: Callable[[str], T]) -> T:
    """``parse(text)``, from the kept row when there is one; a value that parsed is kept."""
    row = key(version, text)
    value = get(row)
    if value is MISS:
        value = parse(text)
        put(row, value)
    return value  # type: ignore[return-value]
