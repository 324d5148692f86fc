"""YAML that remembers where each value came from, so errors can name the line.

Reading and parsing are :mod:`checker.core.safeyaml`'s (regular files only, size, nesting and
number caps, no aliases); this module turns its problems into ``RuleError``. Values come
back beside a map from a key path such as ``("settings", "tolerance")`` to its 1-based line.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import RuleError
from ..core.safeyaml import LineMap, Path_, YamlProblem, parse, read_text

__all__ = ["LineMap", "Path_", "load_yaml"]


def load_yaml(path: Path | str, text: str | None = None) -> tuple[object, LineMap]:
    """Parse one YAML file; any problem is a RuleError naming the file and line."""
    source = str(path)
    try:
        if text is None:
            text = read_text(path)
        return parse(text)
    except YamlProblem as exc:
        message = f"invalid YAML: {exc.message}" if exc.syntax else exc.message
        raise RuleError(source, exc.line, exc.field, message) from None
