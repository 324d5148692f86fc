"""Where the keys of one TOML table are, in one forward pass: key path -> line, for errors.

:mod:`tomllib` reads the values but keeps no positions, so this walks the text once more,
statement by statement, the way TOML reads it: a ``[table]`` header, or ``key = value``
where a value is a string (four kinds, multi-line ones included), an array, an inline table
or a scalar. Line numbers are taken only where a statement starts, never from a line that
merely looks like one (a ``[``, ``key =`` or ``[tool.checker]`` inside a multi-line string
is string, not structure).

It runs after tomllib accepted the text, so it need not judge it: on anything unexpected it
moves on to the next line. It is linear: every step moves forward, strings are skipped with
``str.find`` or patterns that cannot backtrack (one character class, repeated), and nesting
is bounded by the caller's depth check. (It replaces patterns matched line by line that
backtracked: a line ``[`` followed by 20,000 spaces inside a multi-line string ran for hours,
a 40 KB value for half a minute.)
"""

from __future__ import annotations

import bisect
import json
import re

from .safeyaml import LineMap

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BLANK = re.compile(r"[ \t]*")
_PLAIN_BASIC = re.compile(r'[^"\\\n]*')  # inside "...": up to a quote, escape or line end
_PLAIN_MULTI = re.compile(r'[^"\\]*')  # inside """...""": up to a quote or escape
_SCALAR = re.compile(r"[^,\]}#\n]*")  # a number, boolean or date: up to what ends it


class _Scan:
    def __init__(self, text: str, prefix: tuple[str, ...]) -> None:
        self.text = text
        self.n = len(text)
        self.prefix = prefix
        self.lines = LineMap()
        #: (start, end) of the ``key = value`` statements at or under ``prefix``
        self.spans: list[tuple[int, int]] = []
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    # ------------------------------------------------------------------ positions

    def line_at(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def ours(self, path: tuple) -> bool:
        k = len(self.prefix)
        return path[:k] == self.prefix or path == self.prefix[: len(path)]

    def record(self, path: tuple, pos: int) -> None:
        """``path`` (from the document's root) and its parents found at ``pos``."""
        k = len(self.prefix)
        if path[:k] != self.prefix:
            return
        line = self.line_at(pos)
        for i in range(k, len(path) + 1):
            self.lines.setdefault(path[k:i], line)

    # ------------------------------------------------------------------ skipping

    def blank(self, p: int) -> int:
        return _BLANK.match(self.text, p).end()

    def end_of_line(self, p: int) -> int:
        nl = self.text.find("\n", p)
        return self.n if nl < 0 else nl + 1

    def gap(self, p: int) -> int:
        """Past blanks, comments and line breaks."""
        while p < self.n:
            p = self.blank(p)
            if p >= self.n:
                break
            c = self.text[p]
            if c == "#":
                p = self.end_of_line(p)
            elif c in "\r\n":
                p += 1
            else:
                break
        return p

    # ------------------------------------------------------------------ pieces

    def basic(self, p: int) -> tuple[str, int]:
        """A one-line "basic" string at ``p`` (its quote): its text and the end."""
        q, parts = p + 1, []
        while q < self.n:
            e = _PLAIN_BASIC.match(self.text, q).end()
            parts.append(self.text[q:e])
            if e >= self.n or self.text[e] == "\n":
                return "".join(parts), e
            if self.text[e] == '"':
                raw = "".join(parts)
                try:
                    return json.loads(f'"{raw}"'), e + 1
                except ValueError:  # a TOML escape JSON lacks (\U0001F600, \e): near enough
                    return raw, e + 1
            parts.append(self.text[e : e + 2])  # an escape
            q = e + 2
        return "".join(parts), self.n

    def literal(self, p: int) -> tuple[str, int]:
        end = self.text.find("'", p + 1, self.end_of_line(p))
        if end < 0:
            return self.text[p + 1 : self.end_of_line(p)], self.end_of_line(p)
        return self.text[p + 1 : end], end + 1

    def key(self, p: int) -> tuple[tuple[str, ...], int]:
        """A dotted key at ``p``: its parts and the position after it (and its blanks)."""
        parts: list[str] = []
        while p < self.n:
            p = self.blank(p)
            c = self.text[p] if p < self.n else ""
            if c == '"':
                part, p = self.basic(p)
            elif c == "'":
                part, p = self.literal(p)
            else:
                m = _BARE.match(self.text, p)
                if not m:
                    break
                part, p = m.group(), m.end()
            parts.append(part)
            p = self.blank(p)
            if p < self.n and self.text[p] == ".":
                p += 1
                continue
            break
        return tuple(parts), p

    def value(self, p: int, path: tuple) -> int:
        """Past the value at ``p``, recording the lines of the items and keys in it."""
        text = self.text
        p = self.blank(p)
        if p >= self.n:
            return p
        if text.startswith('"""', p):
            q = p + 3
            while q < self.n:
                q = _PLAIN_MULTI.match(text, q).end()
                if q >= self.n:
                    break
                if text[q] == "\\":
                    q += 2
                elif text.startswith('"""', q):
                    q += 3
                    for _ in range(2):  # up to two quotes more end the text itself
                        if q < self.n and text[q] == '"':
                            q += 1
                    break
                else:
                    q += 1
            return min(q, self.n)
        if text.startswith("'''", p):
            end = text.find("'''", p + 3)
            if end < 0:
                return self.n
            q = end + 3
            for _ in range(2):
                if q < self.n and text[q] == "'":
                    q += 1
            return q
        c = text[p]
        if c == '"':
            return self.basic(p)[1]
        if c == "'":
            return self.literal(p)[1]
        if c == "[":
            return self.array(p + 1, path)
        if c == "{":
            return self.table(p + 1, path)
        return _SCALAR.match(text, p).end()

    def array(self, p: int, path: tuple) -> int:
        i = 0
        while True:
            p = self.gap(p)
            if p >= self.n:
                return p
            if self.text[p] == "]":
                return p + 1
            if self.text[p] == ",":
                p += 1
                continue
            item = (*path, i)
            self.record(item, p)
            q = self.value(p, item)
            if q <= p:  # not a value: give the rest of the line up
                return self.end_of_line(p)
            p, i = q, i + 1

    def table(self, p: int, path: tuple) -> int:
        """An inline table's ``key = value`` pairs, after its ``{``."""
        while True:
            p = self.gap(p)
            if p >= self.n:
                return p
            if self.text[p] == "}":
                return p + 1
            if self.text[p] == ",":
                p += 1
                continue
            start = p
            key, p = self.key(p)
            if not key or p >= self.n or self.text[p] != "=":
                return self.end_of_line(start)
            self.record((*path, *key), start)
            p = self.value(p + 1, (*path, *key))

    # ------------------------------------------------------------------ statements

    def run(self) -> None:
        text, table, p = self.text, (), 0
        while True:
            p = self.gap(p)
            if p >= self.n:
                return
            start = p
            if text[p] == "[":
                double = text.startswith("[[", p)
                path, q = self.key(p + 1 + double)
                table = path
                self.record(table, start)
                p = self.end_of_line(q)  # past "]" or "]]" and any comment
                continue
            key, q = self.key(p)
            if key and q < self.n and text[q] == "=":
                path = (*table, *key)
                self.record(path, start)
                q = self.value(q + 1, path)
                if self.ours(path):
                    self.spans.append((start, q))
            p = self.end_of_line(max(q, start + 1))


def toml_lines(text: str, prefix: tuple[str, ...] = ()) -> tuple[LineMap, list[tuple[int, int]]]:
    """Key path below ``prefix`` (``("tool", "checker")``) -> 1-based line, and the spans
    ``(start, end)`` of the text of the ``key = value`` statements at or under it."""
    scan = _Scan(text, prefix)
    scan.run()
    return scan.lines, scan.spans
