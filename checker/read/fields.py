"""What an article says of itself: the YAML front matter of a ``.txt``/``.md`` file and the
fields of a JSONL row, checked (types, dates, lone surrogates) into metadata; and the
findings a draft's front matter dismisses (``dismissed:``, see :func:`dismissals`).

Control characters (vertical tabs, form feeds, C1 controls: text pasted from a CMS carries
them) are decided per field:

- in the text fields, ``title`` and ``outlet``, and in keys checker ignores, they become a
  space: a raw one in the front matter (YAML allows none) is read as a space
  (:func:`spaced`), and any left in a title or outlet (written escaped, ``"\\v"``, or in a
  JSONL row) is replaced with a space by :func:`metadata`; the article is read;
- in the fields read as codes, ``date``, ``language``, ``url`` and ``dismissed``, a raw one
  is refused: an ``InputError`` naming the file, line and column.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from typing import Any

from checker.core import safeyaml
from checker.core.errors import InputError, InputWarning, nearest
from checker.core.model import Dismissal

#: Metadata keys read from front matter and JSONL rows; other keys are ignored.
META_KEYS = ("date", "outlet", "language", "title", "url", "translation_of")
#: The front matter key that lists dismissed findings (front matter only, not JSONL rows).
DISMISSED = "dismissed"
#: The keys of one ``dismissed:`` entry; ``context`` may be left out.
DISMISSAL_KEYS = ("rule", "figure", "reason", "context")
#: Front matter keys whose values must not hold a raw control character (it is refused with
#: its line and column); in any other key's value it is read as a space.
CODED = ("date", "language", "url", DISMISSED)
#: Metadata text fields: control characters in their values become spaces.
TEXT_KEYS = ("title", "outlet")


def spaced(key: str) -> bool:
    """Whether a raw control character in front matter key ``key``'s value is read as a
    space (title, outlet, keys checker ignores) rather than refused (:data:`CODED`)."""
    return key not in CODED


#: Control characters (Unicode category Cc: C0, DEL, C1), as TEXT_KEYS values lose them.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def _is_delimiter(line: str, *closing: str) -> bool:
    return line.rstrip() in ("---", *closing)


def split_front_matter(
    shown: str, text: str, *, strict: bool
) -> tuple[dict[str, Any], safeyaml.LineMap, str, int]:
    """Return (metadata, key path -> file line, body, body's first file line).

    The lines are keyed by paths as :func:`safeyaml.parse` gives them: ``("date",)``,
    ``("dismissed", 0, "reason")``. The body is the end of ``text``: it starts at offset
    ``len(text) - len(body)``.

    ``strict`` (Markdown): a first line ``---`` must be closed. Otherwise (text
    files) an unclosed block is not front matter but part of the article.
    """
    first_nl = text.find("\n")
    first = text if first_nl < 0 else text[:first_nl]
    if first_nl < 0 or not _is_delimiter(first):
        return {}, safeyaml.LineMap(), text, 1
    # Find the closing '---' (or YAML's '...') line.
    pos, lineno, close_at = first_nl + 1, 2, None
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        if _is_delimiter(text[pos:end], "..."):
            close_at = (pos, end, lineno)
            break
        if nl < 0:
            break
        pos, lineno = nl + 1, lineno + 1
    if close_at is None:
        if strict:
            raise InputError(shown, 1, "front matter opened by '---' on line 1 is never closed")
        return {}, safeyaml.LineMap(), text, 1
    start, end, close_line = close_at
    snippet = text[first_nl + 1 : start]
    body = text[end + 1 :] if end < len(text) else ""
    meta, lines = _parse_yaml(shown, snippet, first_line=2)
    return meta, lines, body, close_line + 1


def _parse_yaml(
    shown: str, snippet: str, first_line: int
) -> tuple[dict[str, Any], safeyaml.LineMap]:
    """Front matter through the shared defensive reader; dates stay strings (we parse and
    report them), and a repeated key keeps YAML's last value (its line is the last key's)."""
    try:
        data, lines = safeyaml.parse(
            snippet, first_line=first_line, dates=False, last_key_wins=True, spaced=spaced
        )
    except safeyaml.YamlProblem as exc:
        line = exc.line if exc.line is not None else first_line - 1
        what = "front matter is not valid YAML" if exc.syntax else "front matter"
        raise InputError(shown, line, f"{what}: {exc.message}") from None
    if data is None:
        return {}, safeyaml.LineMap()
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise InputError(
            shown, first_line, f"front matter must be 'key: value' lines (a mapping), not {kind}"
        )
    return data, lines


def metadata(
    shown: str, meta: dict[Any, Any], lines: dict[tuple, int], default_line: int
) -> dict[str, Any]:
    """Validate the known metadata keys; unknown keys are ignored. ``lines``: key path
    (``("date",)``) -> file line."""
    out: dict[str, Any] = {}
    for key in META_KEYS:
        if key not in meta or meta[key] is None:
            continue
        value = meta[key]
        line = lines.get((key,), default_line)
        if key == "date":
            if not (isinstance(value, str) and not value.strip()):  # "" = no date, as for "title"
                out["date"] = parse_date(shown, line, value)
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise InputError(shown, line, f"field '{key}' must be a string, not {json_type(value)}")
        value = str(value)
        if key in TEXT_KEYS:
            value = _CONTROLS.sub(" ", value)
        value = value.strip()
        if not value:
            continue
        if key == "language":
            value = re.split(r"[-_]", value.lower(), maxsplit=1)[0]
        out[key] = value
    return out


def dismissals(shown: str, value: Any, lines: safeyaml.LineMap) -> tuple[Dismissal, ...]:
    """The front matter's ``dismissed:`` list, checked strictly: a list of mappings with the
    strings ``rule``, ``figure`` and ``reason`` (none empty) and an optional ``context``;
    anything else is an ``InputError`` naming the file, the line and the field
    (``dismissed[0].reason``). ``dismissed:`` left empty (null) dismisses nothing.

    Whether the rule exists and the figure is in the text is checked where the rules and
    sentences are known (:func:`checker.read.suppress.prepare`).
    """
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InputError(
            shown,
            lines.line((DISMISSED,)),
            f"field '{DISMISSED}' must be a list of {{rule, figure, reason}} mappings, "
            f"not {json_type(value)}",
        )
    out = []
    for i, item in enumerate(value):
        path = (DISMISSED, i)
        where = safeyaml.field_name(path)
        line = lines.line(path) or 1
        if not isinstance(item, dict):
            raise InputError(
                shown,
                line,
                f"field '{where}' must be a mapping {{rule: ..., figure: ..., reason: ...}}, "
                f"not {json_type(item)}",
            )
        for key in item:
            if key not in DISMISSAL_KEYS:
                raise InputError(
                    shown,
                    lines.line((*path, key)),
                    f"field '{where}' has an unknown key {str(key)!r}{nearest(key, DISMISSAL_KEYS)}"
                    f"; it takes {', '.join(DISMISSAL_KEYS)}",
                )
        got = {key: _dismissal_field(shown, item, (*path, key), lines) for key in DISMISSAL_KEYS}
        out.append(
            Dismissal(
                rule=got["rule"],
                figure=got["figure"],
                reason=got["reason"],
                line=line,
                context=got["context"],
            )
        )
    return tuple(out)


def _dismissal_field(shown: str, item: dict, path: tuple, lines: safeyaml.LineMap) -> str | None:
    """One field of a ``dismissed:`` entry: a non-empty one-line string (``context`` may be
    absent or null)."""
    key = path[-1]
    where = safeyaml.field_name(path)
    line = lines.line(path)
    value = item.get(key)
    if value is None:
        if key == "context":
            return None
        missing = "is missing" if key not in item else "is empty (null)"
        raise InputError(shown, line, f"field '{where}' {missing}: a dismissal needs a {key}")
    if not isinstance(value, str):
        hint = f' (quote it: "{value}")' if isinstance(value, int | float) else ""
        raise InputError(
            shown, line, f"field '{where}' must be a string{hint}, not {json_type(value)}"
        )
    if key == "reason":
        value = " ".join(value.split())  # a reason is read as one line, as in a comment
    elif "\n" in value or "\r" in value:
        raise InputError(shown, line, f"field '{where}' must be on one line")
    if not value.strip():
        raise InputError(shown, line, f"field '{where}' is empty: a dismissal needs a {key}")
    return value


def parse_date(shown: str, line: int | None, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        s = value.strip()
        try:
            return dt.date.fromisoformat(s)
        except ValueError:
            pass
        try:
            return dt.datetime.fromisoformat(s).date()
        except ValueError:
            pass
    raise InputError(
        shown,
        line,
        f"field 'date': cannot read {value!r} as a date; "
        "use YYYY-MM-DD or an ISO datetime such as 2024-10-22T10:00:00Z",
    )


#: A lone UTF-16 surrogate: "\ud800" is valid JSON and YAML, but not text UTF-8 can hold.
_SURROGATE = re.compile("[\ud800-\udfff]")


def warn_surrogates(shown: str, line: int, where: str) -> None:
    message = f"lone surrogates (\\ud800-\\udfff, not Unicode text) replaced with U+FFFD in {where}"
    warnings.warn(InputWarning(shown, line, message), stacklevel=3)


def replace_surrogates(row: dict[str, Any]) -> list[str]:
    """Replace lone surrogates in the fields we read with U+FFFD, one character for one, so
    offsets hold and the text can be hashed, embedded and printed; the keys changed."""
    changed = []
    for key in ("text", "id", *META_KEYS):
        value = row.get(key)
        if isinstance(value, str) and _SURROGATE.search(value):
            row[key] = _SURROGATE.sub("\ufffd", value)
            changed.append(key)
    return changed


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
