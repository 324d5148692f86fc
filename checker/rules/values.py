"""Settings checked beyond their type: finite numbers in range, list items, regexes.

A setting's type, default, help and limits (bounds, what each list item is) are declared
once, beside each other: a rule kind's ``SETTINGS`` (:class:`~checker.core.settings.RuleSetting`)
and the pack's sections (:func:`~checker.core.settings.setting`). The same checks serve rule
files, the pack's ``_settings.yaml`` and ``checker.yaml`` overrides. A value that breaks a limit
is a ``RuleError`` naming the file, the line and the field, never a traceback later.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from typing import Any

import regex

from ..core.errors import RuleError, nearest
from ..core.safeyaml import LineMap, field_name

#: Short texts a rule regex runs on at load time: a zero-width match on any of them means
#: the pattern can match the empty string, so it says nothing about a document.
_PROBES = ("", " ", "a", "A b.", "1\n")

try:  # Python 3.11 and later
    import re._parser as _sre_parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parser  # type: ignore[no-redef]

_TYPE_NAMES = {float: "a number", int: "an integer", bool: "true or false", str: "text",
               list: "a list", dict: "a mapping"}  # fmt: skip


def shown(value: Any) -> str:
    """A value as an error message quotes it: its repr, cut to one short line."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class Where:
    """Where a value sits, for errors: the file, its line map and the value's key path."""

    src: str
    lines: LineMap
    path: tuple

    def at(self, *sub: str | int) -> Where:
        return Where(self.src, self.lines, (*self.path, *sub))

    @property
    def line(self) -> int | None:
        return self.lines.line(self.path)

    @property
    def field(self) -> str:
        return field_name(self.path)

    def fail(self, message: str) -> RuleError:
        return RuleError(self.src, self.line, self.field, message)


def coerce(value: Any, kind: type, path: str, line: int | None, name: str) -> Any:
    """``value`` as ``kind``; ints are numbers; a number must be finite."""
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise RuleError(path, line, name, f"must be a finite number, got {shown(value)}")
        return number
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind in (bool, str, list, dict) and isinstance(value, kind):
        return value
    raise RuleError(path, line, name, f"must be {_TYPE_NAMES[kind]}, got {shown(value)}")


def checked(value: Any, kind: type, where: Where, limit: dict | None) -> Any:
    """``value`` as ``kind`` and within ``limit`` (a setting's declared limits)."""
    value = coerce(value, kind, where.src, where.line, where.field)
    limit = limit or {}
    most = limit.get("max_items")
    if most is not None and kind in (list, dict) and len(value) > most:
        raise where.fail(f"holds {len(value):,} items; at most {most:,} are allowed")
    if kind is str and limit.get("choices"):
        _choice(value, limit, where)
    if kind is list and limit.get("items"):
        for i, item in enumerate(value):
            _ITEMS[limit["items"]](item, limit, where.at(i))
    elif kind is dict and limit.get("values"):
        for key, item in value.items():
            _VALUES[limit["values"]](item, limit, where.at(key))
    elif kind in (int, float):
        _in_range(value, limit, where)
    return value


def _in_range(value: float, limit: dict, where: Where) -> None:
    low, high = limit.get("min"), limit.get("max")
    if (low is None or value >= low) and (high is None or value <= high):
        return
    if low is not None and high is not None:
        bounds = f"between {low:g} and {high:g}"
    else:
        bounds = f"at least {low:g}" if low is not None else f"at most {high:g}"
    raise where.fail(f"must be {bounds}, got {shown(value)}")


def _text(item: Any, limit: dict, where: Where) -> None:
    if not isinstance(item, str) or not item.strip():
        raise where.fail(f"must be text (not blank), got {shown(item)}")
    if limit.get("choices"):
        _choice(item, limit, where)


def _choice(word: str, limit: dict, where: Where) -> None:
    """One of the declared words: a misspelt ``note:`` or ``kinds:`` matched nothing, and
    switched its rule off without a word."""
    choices = limit["choices"]
    if word not in choices:
        raise where.fail(f"unknown value {shown(word)}{nearest(word, choices)}; "
                         f"valid: {', '.join(choices)}")  # fmt: skip


def _integer(item: Any, limit: dict, where: Where) -> None:
    if isinstance(item, bool) or not isinstance(item, int):
        raise where.fail(f"must be an integer, got {shown(item)}")
    _in_range(item, limit, where)


def _texts(item: Any, limit: dict, where: Where) -> None:
    if not isinstance(item, list):
        raise where.fail(f"must be a list of text, got {shown(item)}")
    for i, text in enumerate(item):
        _text(text, limit, where.at(i))


def _regex(item: Any, limit: dict, where: Where) -> None:
    """Text that compiles and never matches the empty string: such a pattern "matches"
    every document with nothing, or (searched first) hides the real match after it.

    The pattern's shortest match is read from its parse (Python's own parser, which reads
    every pattern an editor is likely to write: a lookahead or ``\\b`` alone is 0 wide
    whatever text follows); a pattern only the ``regex`` module reads (``\\p{L}``, fuzzy
    matching) is run on short probe texts instead."""
    _text(item, limit, where)
    try:
        pattern = regex.compile(item, regex.V0)
    except regex.error as exc:
        raise where.fail(f"bad regex: {exc}") from None
    empty = _shortest(item, pattern.flags) == 0
    for probe in () if empty else _PROBES:
        try:
            empty = any(m.end() == m.start() for m in pattern.finditer(probe, timeout=1.0))
        except TimeoutError:
            empty = False  # the document check's own timeout reports it, with the document
        if empty:
            break
    if empty:
        raise where.fail(
            f"pattern {shown(item)} matches the empty string; it must need at least one "
            "character (use + rather than *, no empty alternative, not a lookaround or \\b "
            "alone)"
        )


def _shortest(pattern: str, flags: int) -> int | None:
    """The fewest characters ``pattern`` can match, from Python's regular-expression parser;
    None where it cannot read the pattern (syntax only the ``regex`` module has)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = _sre_parser.parse(pattern, flags & (re.IGNORECASE | re.MULTILINE |
                                                         re.DOTALL | re.VERBOSE))  # fmt: skip
        return int(parsed.getwidth()[0])
    except (re.error, ValueError, TypeError, OverflowError, RecursionError):
        return None


def _finite(x: Any) -> bool:
    if isinstance(x, bool) or not isinstance(x, int | float):
        return False
    try:
        return math.isfinite(x)
    except OverflowError:  # an int past the float range
        return False


def _interval(item: Any, limit: dict, where: Where) -> None:
    if not (isinstance(item, list) and len(item) == 2 and all(map(_finite, item))):
        raise where.fail(f"must be [low, high], two finite numbers, got {shown(item)}")
    low, high = item
    if low > high:
        raise where.fail(f"low must not exceed high, got {shown(item)}")
    _in_range(low, limit, where)
    _in_range(high, limit, where)


_ITEMS = {"text": _text, "regex": _regex, "integer": _integer, "texts": _texts}
_VALUES = {"interval": _interval}
