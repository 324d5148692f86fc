"""PyYAML's part of :mod:`checker.core.safeyaml` (composing and building values, under its
guards), imported only when a text is parsed: a warm run reads its YAML from
:mod:`checker.core.keptyaml` and never imports PyYAML (~15 ms).
"""

from __future__ import annotations

import bisect

import yaml

from .safeyaml import (
    MAX_DEPTH,
    MAX_NUMBER_CHARS,
    LineMap,
    Path_,
    YamlProblem,
    character_problem,
    field_name,
)

_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class _Guarded(yaml.SafeLoader):
    """PyYAML's safe loader that refuses aliases and deep nesting while it composes."""

    offset = 0  # file lines before the text (front matter starts on line 2)

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0  # collections open around the node being composed
        self.path: list = []  # and its key path, for errors

    def compose_node(self, parent, index):
        # ``index``: the key node of a mapping value, a list item's number, None for a key
        part = index.value if isinstance(index, yaml.ScalarNode) else index
        part = part if isinstance(part, str | int) else None
        if part is not None:
            self.path.append(part)
        try:
            if self.check_event(yaml.AliasEvent):
                self._refuse("aliases (*name) are not allowed; write the value out")
            if not self.check_event(yaml.MappingStartEvent, yaml.SequenceStartEvent):
                return super().compose_node(parent, index)
            if self.depth >= MAX_DEPTH:
                self._refuse(f"nested more than {MAX_DEPTH} levels deep")
            self.depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1
        finally:
            if part is not None:
                self.path.pop()

    def _refuse(self, message: str):
        line = self.offset + self.peek_event().start_mark.line + 1
        raise YamlProblem(line, message, field_name(self.path) or None)


class _GuardedNoDates(_Guarded):
    """Dates stay strings, so front matter can parse (and report) them itself."""


_GuardedNoDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_text(
    text: str, read: str, bad: list[int], first_line: int, dates: bool, last_key_wins: bool, spaced
) -> tuple[object, LineMap]:
    """:func:`checker.core.safeyaml.parse` once it has checked ``text``'s size and found the
    characters YAML does not allow (``bad``; ``read`` is ``text`` with each a space)."""
    offset = first_line - 1
    loader = None
    try:
        # PyYAML's reader checks the text as the loader is built: inside the guard
        loader = (_Guarded if dates else _GuardedNoDates)(read)
        loader.offset = offset
        node = loader.get_single_node()
        if bad:
            _check_spaced(node, bad, spaced, text, first_line)
        lines = LineMap()
        if node is None:
            return None, lines
        builder = _Builder(loader, lines, offset, last_key_wins)
        return builder.build(node, ()), lines
    except YamlProblem as exc:
        if bad and exc.syntax:  # the spaces read as YAML's syntax: the character is the cause
            raise character_problem(text, bad[0], first_line) from None
        raise
    except yaml.MarkedYAMLError as exc:
        if bad:
            raise character_problem(text, bad[0], first_line) from None
        raise _syntax_problem(exc, offset) from None
    except yaml.YAMLError as exc:  # (NOT_ALLOWED keeps ReaderError out; kept as a guard)
        raise YamlProblem(None, str(exc), syntax=True) from None
    except RecursionError:  # MAX_DEPTH keeps PyYAML far from this; kept as a last guard
        raise YamlProblem(None, "nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()


def _check_spaced(
    node: yaml.Node | None, bad: list[int], spaced, text: str, first_line: int
) -> None:
    """Each position in ``bad`` must lie in the value of a ``spaced`` top-level key (after
    the key, before the next key or the end); the first that does not is refused."""
    regions: list[tuple[int, int]] = []
    if isinstance(node, yaml.MappingNode):
        items = node.value
        for i, (key, _) in enumerate(items):
            if isinstance(key, yaml.ScalarNode) and spaced(key.value):
                end = items[i + 1][0].start_mark.index if i + 1 < len(items) else len(text)
                regions.append((key.end_mark.index, end))
    starts = [start for start, _ in regions]  # in file order, not overlapping
    for at in bad:
        i = bisect.bisect_right(starts, at) - 1
        if i < 0 or at >= regions[i][1]:
            raise character_problem(text, at, first_line)


def _syntax_problem(exc: yaml.MarkedYAMLError, offset: int) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line = offset + mark.line + 1 if mark is not None else None
    context = exc.context
    if context and exc.context_mark is not None and exc.context_mark is not mark:
        context_line = offset + exc.context_mark.line + 1
        if context_line != line:
            context += f" (from line {context_line})"
    what = " ".join(x for x in (context, exc.problem) if x) or "syntax error"
    return YamlProblem(line, what, syntax=True)


class _Builder:
    """Plain values from composed nodes (at most MAX_DEPTH deep, no aliases)."""

    def __init__(self, loader: yaml.SafeLoader, lines: LineMap, offset: int, last_wins: bool):
        self.loader, self.lines, self.offset, self.last_wins = loader, lines, offset, last_wins

    def line(self, node: yaml.Node) -> int:
        return self.offset + node.start_mark.line + 1

    def build(self, node: yaml.Node, path: Path_):
        self.lines[path] = self.line(node)
        if isinstance(node, yaml.MappingNode):
            out = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlProblem(self.line(key_node), "keys must be plain", field_name(path))
                key = key_node.value
                if key in out and not self.last_wins:
                    raise YamlProblem(
                        self.line(key_node), "duplicate key", field_name((*path, key))
                    )
                child = (*path, key)
                out[key] = self.build(value_node, child)
                self.lines[child] = self.line(key_node)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(v, (*path, i)) for i, v in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.ScalarNode, path: Path_):
        """ints, floats, bools, dates as PyYAML's safe loader reads them; long numbers refused."""
        line, field = self.line(node), field_name(path) or None
        if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
            length = f"{len(node.value):,} characters long"
            raise YamlProblem(line, f"a number {length}; at most {MAX_NUMBER_CHARS}", field)
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise YamlProblem(line, str(exc.problem), field) from None
        except (ValueError, OverflowError) as exc:  # "2024-13-45" read as a date
            raise YamlProblem(line, f"cannot read {node.value[:40]!r}: {exc}", field) from None
