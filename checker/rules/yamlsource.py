"""YAML that remembers where each value came from, so errors can name the line.

Reading and parsing are :mod:`checker.core.safeyaml`'s (regular files only, size, nesting and
number caps, no aliases); this module turns its problems into ``RuleError``. Values come
back beside a map from a key path such as ``("settings", "tolerance")`` to its 1-based line.

A file parsed once is kept on disk (:mod:`checker.core.keptyaml`), keyed by its text, PyYAML's
version and the reader's code: PyYAML's pure-Python reader took ~75 ms of a warm report to
parse the default pack's 15 files, and a pack rarely changes between runs. Only what parsed is
kept (a refusal is always read again, so it is always worded as now), with its lines; a kept
row of any other shape is a miss.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..core import keptyaml, versions
from ..core.errors import RuleError
from ..core.safeyaml import LineMap, Path_, YamlProblem, parse, read_text

__all__ = ["LineMap", "Path_", "load_yaml"]

#: The reader's code, part of every kept file's key.
SOURCES = ("core/safeyaml.py", "core/yamlparse.py")


def load_yaml(path: Path | str, text: str | None = None) -> tuple[object, LineMap]:
    """Parse one YAML file; any problem is a RuleError naming the file and line."""
    source = str(path)
    try:
        if text is None:
            text = read_text(path)
        key = _key(text)
        kept = _decode(keptyaml.get(key))
        if kept is not None:
            return kept
        value, lines = parse(text)
    except YamlProblem as exc:
        message = f"invalid YAML: {exc.message}" if exc.syntax else exc.message
        raise RuleError(source, exc.line, exc.field, message) from None
    keptyaml.put(key, (value, dict(lines)))
    return value, lines


@cache
def _version() -> bytes:
    """What a parsed file depends on besides its text: PyYAML and the reader's code."""
    parts = ("pyyaml", versions.library("pyyaml"))
    return versions.digest(*parts, files=versions.sources(SOURCES)).encode()


def _key(text: str) -> str:
    return keptyaml.key(_version(), text)


def _decode(kept: object) -> tuple[object, LineMap] | None:
    """A kept ``(value, lines)``, or None (a miss: nothing kept, or not that shape)."""
    if not (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[1], dict)):
        return None
    value, lines = kept
    return value, LineMap(lines)
