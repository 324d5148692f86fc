"""Errors that reach the user as one line naming the file, line and what is wrong."""

from __future__ import annotations

import difflib
import re

#: What may not reach a terminal as it is: C0 and C1 controls (ESC, the 8-bit CSI U+009B, NUL,
#: BEL, line breaks), DEL, the line and paragraph separators, and the bidi embedding, override
#: and isolate controls (they reorder what the reader sees). The report writers' ``clean`` and
#: :func:`one_line` both take this class.
CONTROL_CHARACTERS = "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
_CONTROL = re.compile(CONTROL_CHARACTERS)

#: Longer names are not compared with the valid ones (nor shown whole): a 40 KB value is no
#: misspelt name, and difflib's time grows with its length.
MAX_NAME = 100


def one_line(text: str) -> str:
    """``text`` with control characters escaped ("\\n", "\\x1b", "\\u202e"): a key or file
    name from hostile input cannot break the one-line error, forge a second one or drive the
    terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def clipped(value: object, limit: int = MAX_NAME) -> str:
    """``repr(value)``, cut to about ``limit`` characters ("'xxxx...' (40,000 characters)")
    so a hostile value cannot fill the one-line error."""
    text = repr(value)
    if len(text) <= limit:
        return text
    size = f" ({len(value):,} characters)" if isinstance(value, str) else ""
    return text[:limit] + "..." + size


class CheckerError(Exception):
    """Base class: anything the CLI turns into a one-line message and exit code 2."""


class _AtLine:
    """A message about one place of one input file: ``FILE:LINE: message``, on one line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(one_line(f"{where}: {message}"))


class InputError(_AtLine, CheckerError):
    """An input file cannot be read as an article (empty, binary, bad encoding, bad metadata)."""


class RuleError(CheckerError):
    """A rule file is malformed: names the file, line and field."""

    def __init__(self, path: str, line: int | None, field: str | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        if field and len(field) > MAX_NAME:  # a 40 KB key stays a readable line
            field = field[:MAX_NAME] + "..."
        what = f" [{field}]" if field else ""
        super().__init__(one_line(f"{where}{what}: {message}"))


class CheckerWarning(UserWarning):
    """Something the user should know that does not stop the run: the CLI prints it as one
    line on stderr ("checker: warning: ...")."""


class InputWarning(_AtLine, CheckerWarning):
    """An input was read, but not exactly as written (the CLI prints it once on stderr)."""


def nearest(word: str, options) -> str:
    """ " (did you mean 'conflict'?)" for an unknown name close to one of ``options``, else ""
    (and "" at once for a word over ``MAX_NAME`` characters)."""
    word = str(word)
    if len(word) > MAX_NAME:
        return ""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.5)
    return f" (did you mean '{close[0]}'?)" if close else ""
