"""YAML that remembers where each value came from, so errors can name the line.

PyYAML's composer keeps a start mark on every node; we build plain Python values
and, beside them, a map from a key path such as ``("settings", "tolerance")`` to
its 1-based line.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import RuleError

Path_ = tuple  # a key path: strings for mapping keys, ints for list items


class LineMap(dict):
    """Key path -> 1-based line; ``line(path)`` falls back to the nearest parent."""

    def line(self, path: Path_) -> int | None:
        while True:
            if path in self:
                return self[path]
            if not path:
                return None
            path = path[:-1]


def _build(node: yaml.Node, path: Path_, lines: LineMap, source: str):
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise RuleError(source, key_node.start_mark.line + 1, None, "keys must be plain")
            key = key_node.value
            if key in out:
                raise RuleError(source, key_node.start_mark.line + 1, key, "duplicate key")
            child = (*path, key)
            out[key] = _build(value_node, child, lines, source)
            lines[child] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, (*path, i), lines, source) for i, v in enumerate(node.value)]
    # Scalars: let PyYAML's safe constructor resolve ints, floats, bools, dates.
    return yaml.SafeLoader("").construct_object(node, deep=True)


def load_yaml(path: Path | str, text: str | None = None) -> tuple[object, LineMap]:
    """Parse one YAML file; any problem is a RuleError naming the file and line."""
    source = str(path)
    if text is None:
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise RuleError(source, None, None, f"cannot read: {exc.strerror or exc}") from exc
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise RuleError(source, line, None, "not UTF-8 text") from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RuleError(source, line, None, f"invalid YAML: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise RuleError(source, None, None, f"invalid YAML: {exc}") from exc
    lines = LineMap()
    if node is None:
        return None, lines
    try:
        return _build(node, (), lines, source), lines
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise RuleError(source, mark.line + 1 if mark else None, None, str(exc.problem)) from exc
