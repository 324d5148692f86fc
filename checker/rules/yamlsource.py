"""YAML that remembers where each value came from, so errors can name the line.

Reading and parsing are :mod:`checker.core.safeyaml`'s (regular files only, size, nesting and
number caps, no aliases); this module turns its problems into ``RuleError``. Values come
back beside a map from a key path such as ``("settings", "tolerance")`` to its 1-based line.

A file parsed once is kept on disk (``yaml.sqlite`` beside the other caches), keyed by its
text, PyYAML's version and the reader's code: PyYAML's pure-Python reader took ~75 ms of a
warm report to parse the default pack's 15 files, and a pack rarely changes between runs. Only
what parsed is kept (a refusal is always read again, so it is always worded as now), and a
kept value is plain data (text, numbers, booleans, dates, lists, mappings) that an unpickler
refusing every other class reads back; anything else is a miss.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import pickle
from functools import cache
from pathlib import Path

from ..core import versions
from ..core.errors import RuleError
from ..core.kvcache import KVCache, cache_dir
from ..core.safeyaml import LineMap, Path_, YamlProblem, parse, read_text

__all__ = ["LineMap", "Path_", "load_yaml"]


def load_yaml(path: Path | str, text: str | None = None) -> tuple[object, LineMap]:
    """Parse one YAML file; any problem is a RuleError naming the file and line."""
    source = str(path)
    try:
        if text is None:
            text = read_text(path)
        key = _key(text)
        kept = _decode(_kept().get_many([key]).get(key))
        if kept is not None:
            return kept
        value, lines = parse(text)
    except YamlProblem as exc:
        message = f"invalid YAML: {exc.message}" if exc.syntax else exc.message
        raise RuleError(source, exc.line, exc.field, message) from None
    _kept().put_many([(key, pickle.dumps((value, dict(lines)), protocol=5))])
    return value, lines


@cache
def _kept() -> KVCache:
    return KVCache(cache_dir() / "yaml.sqlite", "parsed", "data", "BLOB")


@cache
def _version() -> bytes:
    """What a parsed file depends on besides its text: PyYAML and the reader's code."""
    parts = ("pyyaml", versions.library("pyyaml"))
    return versions.digest(*parts, files=versions.sources(["core/safeyaml.py"])).encode()


def _key(text: str) -> str:
    data = _version() + b"\0" + text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


#: The classes a kept value may hold besides Python's plain types (YAML's dates and times).
_ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timezone"),
            ("datetime", "timedelta")}  # fmt: skip


class _PlainData(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED:
            return getattr(dt, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def _decode(blob) -> tuple[object, LineMap] | None:
    """A kept ``(value, lines)``, or None (absent, damaged, or not plain data: a miss)."""
    if not isinstance(blob, bytes):
        return None
    try:
        value, lines = _PlainData(io.BytesIO(blob)).load()
    except Exception:  # noqa: BLE001 (any damage to a cache row is a miss, never an error)
        return None
    if not isinstance(lines, dict):
        return None
    return value, LineMap(lines)
