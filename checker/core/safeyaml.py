"""The one YAML reader for everything checker reads as YAML: rule files, the pack's
``_settings.yaml``, ``checker.yaml`` and article front matter (``[tool.checker]`` in
``pyproject.toml`` shares :func:`read_text`).

Broken or hostile YAML ends in one line naming the file and line, never in a hang or a
traceback, so the reader refuses before anything is built or expanded:

- anything but a regular file (a FIFO would block the run forever), and files over
  ``MAX_BYTES`` (PyYAML reads about 3 s per MB);
- aliases (``*name``): a "billion laughs" bomb is nine aliases deep and expands to 10^9
  values, so they are refused as they are met, not counted after;
- nesting deeper than ``MAX_DEPTH`` (PyYAML's composer recurses: a few hundred levels
  raise ``RecursionError``);
- numbers longer than ``MAX_NUMBER_CHARS`` (``int()`` of 4,300 digits or more raises);
- characters YAML does not allow (:data:`NOT_ALLOWED`: control characters but tab and line
  breaks, U+FFFE, U+FFFF; text pasted from a CMS carries vertical tabs and form feeds), each
  refused as "control character U+000B at column 9" on its line; front matter may instead
  have them replaced with a space in named fields (``spaced`` in :func:`parse`).

Values come back as plain Python (dict, list, str, int, float, bool, None, dates) beside a
:class:`LineMap` from key path to file line. Callers turn a :class:`YamlProblem` into their
own one-line error (``RuleError``, ``ConfigError``, ``InputError``).
"""

from __future__ import annotations

import bisect
import os
import re
import stat
import unicodedata
from collections.abc import Callable

import yaml
import yaml.reader

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_NUMBER_CHARS = 100

#: What PyYAML's reader refuses in a text (it raises before parsing a single token): C0
#: controls but tab, LF and CR; DEL; C1 controls but NEL (U+0085); U+FFFE, U+FFFF; lone
#: surrogates. PyYAML's own pattern, so the two cannot disagree.
NOT_ALLOWED: re.Pattern[str] = yaml.reader.Reader.NON_PRINTABLE

_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")

Path_ = tuple  # a key path: strings for mapping keys, ints for list items


class YamlProblem(Exception):
    """What is wrong, and where: a 1-based file line (None: the whole file) and a key.

    ``syntax``: PyYAML could not parse the text at all (callers say "invalid YAML").
    """

    def __init__(
        self, line: int | None, message: str, field: str | None = None, *, syntax: bool = False
    ) -> None:
        self.line = line
        self.message = message
        self.field = field
        self.syntax = syntax
        super().__init__(message)


def character_problem(text: str, at: int, first_line: int = 1, what: str = "YAML") -> YamlProblem:
    """A YamlProblem naming the character at ``text[at]``, its 1-based line (counted from
    ``first_line``) and column (in characters): "control character U+000B at column 9,
    which YAML does not allow: delete it"."""
    line_start = text.rfind("\n", 0, at) + 1
    line = first_line + text.count("\n", 0, at)
    column = at - line_start + 1
    name = character_name(text[at])
    return YamlProblem(line, f"{name} at column {column}, which {what} does not allow: delete it")


def character_name(char: str) -> str:
    """ "control character U+000B", "noncharacter U+FFFE", "lone surrogate U+D800"."""
    code = f"U+{ord(char):04X}"
    kind = unicodedata.category(char)
    if kind == "Cc":
        return f"control character {code}"
    if kind == "Cs":
        return f"lone surrogate {code}"
    return f"noncharacter {code}" if kind == "Cn" else f"character {code}"


class LineMap(dict):
    """Key path -> 1-based line; ``line(path)`` falls back to the nearest parent."""

    def line(self, path: Path_) -> int | None:
        while True:
            if path in self:
                return self[path]
            if not path:
                return None
            path = path[:-1]


def size_text(n: float) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}".removesuffix(".0") + " MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f}".removesuffix(".0") + " KB"
    return f"{int(n)} bytes"


# --------------------------------------------------------------------------- files


def read_text(path: os.PathLike | str, max_bytes: int = MAX_BYTES) -> str:
    """The text of a regular UTF-8 file of at most ``max_bytes``; else a YamlProblem.

    The file is opened without blocking and checked on the open descriptor, so a FIFO or
    a device is refused, never waited on.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise YamlProblem(None, f"cannot read: {exc.strerror or exc}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(mode) else "a FIFO, socket or device"
        raise YamlProblem(None, f"not a regular file ({what})")
    with os.fdopen(fd, "rb") as fh:
        try:
            raw = fh.read(max_bytes + 1)
        except OSError as exc:
            raise YamlProblem(None, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise YamlProblem(None, f"is over the {size_text(max_bytes)} limit")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlProblem(raw[: exc.start].count(b"\n") + 1, "not UTF-8 text") from None


# --------------------------------------------------------------------------- parsing


def field_name(path: Path_) -> str:
    """A key path as errors name it: ``settings.patterns[0]``, ``semantics.vague.hundreds``."""
    out = ""
    for part in path[:6]:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out + "..." * (len(path) > 6)


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


def parse(
    text: str,
    *,
    first_line: int = 1,
    dates: bool = True,
    last_key_wins: bool = False,
    spaced: Callable[[str], bool] | None = None,
) -> tuple[object, LineMap]:
    """Plain values and their lines from one YAML document; lines count from ``first_line``.

    ``dates=False`` leaves ISO dates as strings; ``last_key_wins`` keeps YAML's rule for a
    repeated key (the last value) instead of refusing it.

    A character YAML does not allow (:data:`NOT_ALLOWED`) is refused with its line and
    column, except where ``spaced(key)`` is true for the top-level key it follows: in that
    key's value (after the key, before the next top-level key) it is read as a space, one
    character for one, so lines and columns hold.
    """
    if len(text) > MAX_BYTES:
        raise YamlProblem(None, f"is over the {size_text(MAX_BYTES)} limit")
    bad = [m.start() for m in NOT_ALLOWED.finditer(text)]
    if bad and not spaced:
        raise character_problem(text, bad[0], first_line)
    read = NOT_ALLOWED.sub(" ", text) if bad else text
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
