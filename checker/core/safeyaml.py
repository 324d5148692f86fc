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
:class:`LineMap` from key path to file line. PyYAML itself is imported only when a text is
parsed (:mod:`checker.core.yamlparse`): reading, checking and the kept parses of
:mod:`checker.core.keptyaml` do without it. Callers turn a :class:`YamlProblem` into their
own one-line error (``RuleError``, ``ConfigError``, ``InputError``).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Callable

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_NUMBER_CHARS = 100

#: What PyYAML's reader refuses in a text (it raises before parsing a single token): C0
#: controls but tab, LF and CR; DEL; C1 controls but NEL (U+0085); U+FFFE, U+FFFF; lone
#: surrogates. PyYAML's own pattern (``yaml.reader.Reader.NON_PRINTABLE``) is the complement
#: of what it allows, up to U+10FFFF, which ``re`` takes ~9 ms to compile; this is the same
#: set written out (a test holds the two to the same answer on every code point), so that
#: reading a file imports no PyYAML and compiles in well under a millisecond.
NOT_ALLOWED: re.Pattern[str] = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)

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
    from .yamlparse import parse_text  # PyYAML is imported only when a text is parsed

    return parse_text(text, read, bad, first_line, dates, last_key_wins, spaced)
