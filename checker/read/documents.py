"""Read articles from disk into ``Document`` values and split them into sentences.

Inputs are ``.txt`` / ``.md`` / ``.markdown`` files (one article each, with an
optional YAML front matter block) and ``.jsonl`` files (one article per line).
Directories are walked recursively. Every problem with an input is an
``InputError`` naming the file and, where it makes sense, the line.

Nothing in an article's text is normalised: ``Document.text`` is exactly what
is on disk after decoding and after removing the front matter, so sentence
offsets (and every offset derived from them) point at what the user sees in
their editor. ``Document.line`` is the file line where ``text`` starts, so
``doc.line_of(offset)`` gives file lines.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import dataclasses
import datetime as dt
import errno
import json
import os
import re
import stat
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from checker import lang
from checker.core import safeyaml
from checker.core.errors import InputError, InputWarning
from checker.core.model import Document
from checker.read.sentences import split_sentences

__all__ = [
    "SUPPORTED_SUFFIXES",
    "detect_language",
    "document_from_text",
    "read_bytes",
    "read_documents",
    "read_jsonl_partitions",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".jsonl")
_KINDS = ", ".join(SUPPORTED_SUFFIXES[:-1]) + " or " + SUPPORTED_SUFFIXES[-1]

#: Metadata keys read from front matter and JSONL rows; other keys are ignored.
META_KEYS = ("date", "outlet", "language", "title", "url")


# --------------------------------------------------------------------------- reading files


def read_documents(
    paths: Sequence[str | Path],
    *,
    default_date: dt.date | None = None,
    max_bytes: int = 20_000_000,
) -> list[Document]:
    """Read every article under ``paths`` (files or directories).

    Documents come back in argument order; a directory contributes its files in
    sorted relative-path order, a JSONL file its rows in file order. A file named
    twice (directly and via a directory) is read once. Ids are file stems
    (JSONL: the row's ``id`` or ``<stem>:<line>``); ids that collide across files
    are qualified by the files' paths relative to their common directory.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    files: list[tuple[str, Path]] = []  # (path as shown to the user, path)
    seen: set[str] = set()
    for raw in paths:
        for shown, path in expand_paths(raw):
            key = os.path.normcase(os.path.abspath(path))
            if key in seen:
                continue
            seen.add(key)
            files.append((shown, path))

    entries: list[_Entry] = []
    for shown, path in files:
        entries.extend(_read_file(shown, path, default_date=default_date, max_bytes=max_bytes))
    return _assign_ids(entries)


def expand_paths(raw: str | Path) -> list[tuple[str, Path]]:
    shown = str(raw)
    path = Path(raw)
    if not os.path.lexists(path):
        raise InputError(shown, None, "no such file or directory")
    if path.is_dir():
        found = []

        def unreadable(exc: OSError) -> None:
            where = exc.filename or shown
            raise InputError(str(where), None, f"cannot read directory: {exc.strerror or exc}")

        for dirpath, dirnames, filenames in os.walk(path, onerror=unreadable):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for d in dirnames:  # os.walk does not follow links to folders: say so
                if os.path.islink(os.path.join(dirpath, d)):
                    _skipped(Path(dirpath) / d, "a link to a folder: not followed")
            for name in sorted(filenames):
                if name.startswith(".") or not _supported(name):
                    continue
                full = Path(dirpath) / name
                why = _not_regular(full)
                if why is None:
                    found.append(full)
                else:
                    _skipped(full, f"{why}: skipped")
        if not found:
            raise InputError(shown, None, f"directory has no {_KINDS} files")
        found.sort(key=lambda p: p.relative_to(path).parts)
        return [(str(p), p) for p in found]
    if not path.exists():  # a dangling symlink
        raise InputError(shown, None, "no such file (broken link)")
    if not path.is_file():
        raise InputError(shown, None, "not a regular file or directory")
    if not _supported(path.name):
        suffix = path.suffix or "(none)"
        raise InputError(shown, None, f"unsupported file type {suffix}: expected {_KINDS}")
    return [(shown, path)]


def _not_regular(path: Path) -> str | None:
    """Why a folder entry is no article file (a FIFO, a link loop), or None. Only ``stat``
    is called: a FIFO is never opened, so it cannot block the run."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop, not a file"
        if os.path.islink(path):
            return "a broken link"
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    kind = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFSOCK: "a socket",
            stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device"}  # fmt: skip
    return f"{kind.get(stat.S_IFMT(mode), 'a special file')}, not a regular file"


def _skipped(path: Path, message: str) -> None:
    """A folder entry left out of the run: one warning naming it (the CLI prints it)."""
    warnings.warn(InputWarning(str(path), None, message), stacklevel=4)


def _supported(name: str) -> bool:
    return Path(name).suffix.lower() in SUPPORTED_SUFFIXES


class _Entry:
    """A document before ids are made unique: where it came from and its own id."""

    __slots__ = ("doc", "file", "tail", "jsonl")

    def __init__(self, doc: Document, file: Path, tail: str | None) -> None:
        self.doc = doc
        self.file = file
        #: JSONL rows: the row id or line number that follows the file part of the id.
        self.tail = tail
        self.jsonl = tail is not None


def read_bytes(
    raw: bytes, name: str, *, default_date: dt.date | None = None, max_bytes: int = 20_000_000
) -> list[Document]:
    """The articles in ``raw``, read as a file called ``name`` would be (a draft pasted or
    dropped on a page): the same checks and errors, naming ``name``; nothing touches disk."""
    path = Path(name)
    if not _supported(path.name):
        raise InputError(name, None, f"not a {_KINDS} file")
    if len(raw) > max_bytes:
        raise InputError(name, None, f"is over the {safeyaml.size_text(max_bytes)} limit")
    text = _text_of(name, raw)
    return _assign_ids(_read_entries(name, path, text, default_date))


def _read_file(
    shown: str, path: Path, *, default_date: dt.date | None, max_bytes: int
) -> list[_Entry]:
    return _read_entries(shown, path, _read_text(shown, path, max_bytes), default_date)


def _read_entries(shown: str, path: Path, text: str, default_date: dt.date | None) -> list[_Entry]:
    stem = path.stem
    if path.suffix.lower() == ".jsonl":
        return _read_jsonl(shown, path, text, stem, default_date)
    strict = path.suffix.lower() in (".md", ".markdown")
    meta, lines, body, body_line = _split_front_matter(shown, text, strict=strict)
    if not body.strip():
        raise InputError(shown, body_line, "no article text after the front matter")
    if changed := _replace_surrogates(meta):
        line = min(lines.get(key, 1) for key in changed)
        _warn_surrogates(shown, line, "the front matter, the first on this line")
    fields = _metadata(shown, meta, lines, default_line=1)
    doc = _document(body, stem, shown, fields, default_date, body_line)
    return [_Entry(doc, path, None)]


def _document(
    body: str, doc_id: str, shown: str, fields: dict, default_date: dt.date | None, line: int
) -> Document:
    """One document from a body and its checked metadata (front matter or a JSONL row)."""
    return document_from_text(
        body,
        doc_id,
        path=shown,
        date=fields.get("date") or default_date,
        outlet=fields.get("outlet"),
        language=fields.get("language"),
        title=fields.get("title"),
        url=fields.get("url"),
        line=line,
    )


def _read_jsonl(
    shown: str, path: Path, text: str, stem: str, default_date: dt.date | None
) -> list[_Entry]:
    rows = _JsonlRows(shown, stem)
    entries: list[_Entry] = []
    # Split on "\n" only: JSON strings may hold a raw U+2028, which splitlines() would cut.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if (row := rows.read(lineno, line)) is not None:
            doc_id, tail, body, fields = row
            doc = _document(body, doc_id, shown, fields, default_date, lineno)
            entries.append(_Entry(doc, path, tail))
    rows.finish()
    return entries


class _JsonlRows:
    """The rows of one JSONL file, checked one at a time: what :func:`_read_jsonl` reads
    from a whole file and :func:`read_jsonl_partitions` from a stream, with the same checks,
    errors and ids."""

    def __init__(self, shown: str, stem: str, *, warn: bool = True) -> None:
        self.shown, self.stem, self.warn = shown, stem, warn
        self.ids: dict[str, int] = {}  # row id -> its line
        self.replaced: list[int] = []  # lines whose fields held lone surrogates
        self.count = 0

    def read(self, lineno: int, line: str) -> tuple[str, str, str, dict[str, Any]] | None:
        """(id, id tail, text, metadata) of the row on ``lineno``; None for a blank line."""
        shown = self.shown
        if not line.strip():
            return None
        row = _json_row(shown, lineno, line)
        if not isinstance(row, dict):
            raise InputError(shown, lineno, f"row must be a JSON object, not {_json_type(row)}")
        if _replace_surrogates(row):
            self.replaced.append(lineno)
        if "text" not in row:
            raise InputError(shown, lineno, "row has no 'text' field")
        body = row["text"]
        if not isinstance(body, str):
            raise InputError(
                shown, lineno, f"field 'text' must be a string, not {_json_type(body)}"
            )
        if not body.strip():
            raise InputError(shown, lineno, "field 'text' is empty")
        tail = str(lineno)
        if "id" in row and row["id"] is not None:
            rid = row["id"]
            if isinstance(rid, bool) or not isinstance(rid, str | int):
                raise InputError(
                    shown, lineno, f"field 'id' must be a string, not {_json_type(rid)}"
                )
            rid = str(rid).strip()
            if not rid:
                raise InputError(shown, lineno, "field 'id' is empty")
            if rid in self.ids:
                raise InputError(
                    shown, lineno, f"duplicate id {rid!r} (also on line {self.ids[rid]})"
                )
            self.ids[rid] = lineno
            doc_id, tail = rid, rid
        else:
            doc_id = f"{self.stem}:{lineno}"
        fields = _metadata(shown, row, {}, default_line=lineno)
        self.count += 1
        return doc_id, tail, body, fields

    def finish(self) -> None:
        if not self.count:
            raise InputError(self.shown, None, "file is empty")
        if self.replaced and self.warn:
            where = f"{len(self.replaced)} row(s), the first on this line"
            _warn_surrogates(self.shown, self.replaced[0], where)


def read_jsonl_partitions(
    path: str | Path,
    *,
    rows: int = 1000,
    default_date: dt.date | None = None,
    check_only: bool = False,
    max_row_bytes: int = 20_000_000,
) -> Iterator[list[Document]]:
    """The articles of a JSONL file ``rows`` at a time, read line by line: a file of any size
    in bounded memory (the ids seen are kept, to refuse a duplicate). The documents, ids and
    errors are those :func:`read_documents` gives for the file alone; documents come without
    their sentences (see :func:`unsplit`). ``check_only`` reads and checks every row and
    yields nothing: a bad row is found before anything is written.

    The file must be UTF-8 (a byte-order mark is allowed); rows over ``max_row_bytes`` are
    refused.
    """
    path = Path(path)
    shown = str(path)
    checker_rows = _JsonlRows(shown, path.stem, warn=not check_only)
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed below, after the generator's last row)
    except OSError as exc:
        raise InputError(shown, None, f"cannot read file: {exc.strerror or exc}") from None
    with fh:
        head = fh.read(65536)
        if head.startswith(codecs.BOM_UTF8):
            fh.seek(len(codecs.BOM_UTF8))
        elif any(head.startswith(bom) for bom, _, _ in _BOMS) or b"\x00" in head:
            _decode(shown, head)  # says why (UTF-16, binary) and raises
            raise InputError(shown, None, "a JSONL file read in partitions must be UTF-8")
        else:
            fh.seek(0)
        if head and _looks_binary_bytes(head):
            raise InputError(shown, None, "looks binary, not text")
        part: list[Document] = []
        used: set[str] = set()
        lineno = 0
        with unsplit():
            while raw := fh.readline(max_row_bytes + 1):
                lineno += 1
                if len(raw) > max_row_bytes:
                    limit = safeyaml.size_text(max_row_bytes)
                    raise InputError(shown, lineno, f"row is over the {limit} limit")
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    column = len(raw[: exc.start].decode("utf-8", errors="replace")) + 1
                    bad = " ".join(f"0x{b:02x}" for b in raw[exc.start : exc.end][:4])
                    raise InputError(
                        shown,
                        lineno,
                        f"not valid UTF-8: byte {bad} at column {column} cannot be decoded; "
                        "re-save the file as UTF-8",
                    ) from None
                row = checker_rows.read(lineno, line.removesuffix("\n"))
                if row is None or check_only:
                    continue
                doc_id, tail, body, fields = row
                if doc_id in used:  # as _assign_ids: a row id equal to another's "stem:line"
                    n = 2
                    while f"{doc_id}#{n}" in used:
                        n += 1
                    doc_id = f"{doc_id}#{n}"
                used.add(doc_id)
                part.append(_document(body, doc_id, shown, fields, default_date, lineno))
                if len(part) >= rows:
                    yield part
                    part = []
        checker_rows.finish()
        if part:
            yield part


def _json_row(shown: str, lineno: int, line: str) -> Any:
    """One JSONL row; JSON that Python cannot hold is a one-line error, like bad JSON."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            shown, lineno, f"row is not valid JSON: {exc.msg} (column {exc.colno})"
        ) from None
    except RecursionError:
        raise InputError(shown, lineno, "row is nested too deeply to read") from None
    except ValueError:  # int() refuses 4,300 digits or more
        raise InputError(shown, lineno, "row holds a number with over 4,300 digits") from None


#: A lone UTF-16 surrogate: "\ud800" is valid JSON and YAML, but not text UTF-8 can hold.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _warn_surrogates(shown: str, line: int, where: str) -> None:
    message = f"lone surrogates (\\ud800-\\udfff, not Unicode text) replaced with U+FFFD in {where}"
    warnings.warn(InputWarning(shown, line, message), stacklevel=3)


def _replace_surrogates(row: dict[str, Any]) -> list[str]:
    """Replace lone surrogates in the fields we read with U+FFFD, one character for one, so
    offsets hold and the text can be hashed, embedded and printed; the keys changed."""
    changed = []
    for key in ("text", "id", *META_KEYS):
        value = row.get(key)
        if isinstance(value, str) and _SURROGATE.search(value):
            row[key] = _SURROGATE.sub("\ufffd", value)
            changed.append(key)
    return changed


def _json_type(value: Any) -> str:
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


def _assign_ids(entries: list[_Entry]) -> list[Document]:
    """Make ids unique: ids shared by several files get the files' relative paths."""
    groups: dict[str, list[_Entry]] = {}
    for e in entries:
        groups.setdefault(e.doc.id, []).append(e)
    new_ids: dict[int, str] = {}
    for group in groups.values():
        files = list(dict.fromkeys(e.file for e in group))
        if len(files) < 2:
            continue
        quals = _qualifiers(files)
        for e in group:
            q = quals[e.file]
            new_ids[id(e)] = f"{q}:{e.tail}" if e.jsonl else q
    out: list[Document] = []
    used: set[str] = set()
    for e in entries:
        doc_id = new_ids.get(id(e), e.doc.id)
        if doc_id in used:  # pathological: a qualified id equals another document's id
            n = 2
            while f"{doc_id}#{n}" in used:
                n += 1
            doc_id = f"{doc_id}#{n}"
        used.add(doc_id)
        doc = e.doc
        if doc_id != doc.id:
            doc = dataclasses.replace(doc, id=doc_id)
        out.append(doc)
    return out


def _qualifiers(files: list[Path]) -> dict[Path, str]:
    """Each file's path relative to the files' common directory, without suffix if unambiguous."""
    absolute = [os.path.abspath(f) for f in files]
    try:
        root = os.path.commonpath([os.path.dirname(a) for a in absolute])
        rels = [Path(os.path.relpath(a, root)).as_posix() for a in absolute]
    except ValueError:  # different drives
        rels = [Path(a).as_posix() for a in absolute]
    bare = [r[: -len(Path(r).suffix)] if Path(r).suffix else r for r in rels]
    out = {}
    for f, r, b in zip(files, rels, bare, strict=True):
        out[f] = b if bare.count(b) == 1 else r
    return out


# --------------------------------------------------------------------------- decoding


def _read_text(shown: str, path: Path, max_bytes: int) -> str:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                shown,
                None,
                f"is {safeyaml.size_text(size)}, over the {safeyaml.size_text(max_bytes)} limit",
            )
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(shown, None, "no such file") from None
    except IsADirectoryError:
        raise InputError(shown, None, "is a directory, not a file") from None
    except OSError as exc:
        raise InputError(shown, None, f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise InputError(shown, None, f"is over the {safeyaml.size_text(max_bytes)} limit")
    return _text_of(shown, raw)


def _text_of(shown: str, raw: bytes) -> str:
    """The bytes of one input decoded, or an ``InputError``: empty, binary, not UTF-8."""
    text = _decode(shown, raw)
    if not text.strip():
        raise InputError(shown, None, "file is empty")
    if _looks_binary_text(text):
        raise InputError(shown, None, "looks binary, not text")
    return text


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def _decode(shown: str, raw: bytes) -> str:
    encoding, label, data = "utf-8", "UTF-8", raw
    for bom, enc, name in _BOMS:
        if raw.startswith(bom):
            encoding, label, data = enc, name, raw[len(bom) :]
            break
    if encoding == "utf-8" and b"\x00" in data:
        if _looks_utf16(data):
            raise InputError(
                shown, None, "looks like UTF-16 without a byte-order mark; re-save it as UTF-8"
            )
        raise InputError(shown, None, "looks binary, not text")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8" and _looks_binary_bytes(data):
            raise InputError(shown, None, "looks binary, not text") from None
        before = data[: exc.start]
        if encoding == "utf-8":
            line = before.count(b"\n") + 1
            line_start = before.rfind(b"\n") + 1
            column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        else:
            # Lines of a UTF-16/32 file: decode the valid prefix and count there.
            width = 4 if label == "UTF-32" else 2
            prefix = data[: exc.start - exc.start % width].decode(encoding, errors="replace")
            line = prefix.count("\n") + 1
            column = len(prefix) - (prefix.rfind("\n") + 1) + 1
        bad = data[exc.start : exc.end]
        shown_bytes = " ".join(f"0x{b:02x}" for b in bad[:4])
        raise InputError(
            shown,
            line,
            f"not valid {label}: byte {shown_bytes} at column {column} cannot be decoded; "
            "re-save the file as UTF-8",
        ) from None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _looks_utf16(data: bytes) -> bool:
    """BOM-less UTF-16 of mostly ASCII text: every other byte is NUL."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 4:
        return False
    return max(sample[0::2].count(0), sample[1::2].count(0)) > 0.9 * half


def _looks_binary_bytes(data: bytes) -> bool:
    """Undecodable bytes: binary if a good share of a sample is not text at all."""
    sample = data[:8192]
    decoded = sample.decode("utf-8", errors="replace")
    if not decoded:
        return False
    bad = decoded.count("\ufffd") + len(_CONTROL.findall(decoded))
    return bad / len(decoded) > 0.3


def _looks_binary_text(text: str) -> bool:
    sample = text[:8192]
    if "\x00" in sample:
        return True
    return len(_CONTROL.findall(sample)) / len(sample) > 0.1


# --------------------------------------------------------------------------- front matter


def _is_delimiter(line: str, *closing: str) -> bool:
    return line.rstrip() in ("---", *closing)


def _split_front_matter(
    shown: str, text: str, *, strict: bool
) -> tuple[dict[str, Any], dict[str, int], str, int]:
    """Return (metadata, key -> file line, body, body's first file line).

    ``strict`` (Markdown): a first line ``---`` must be closed. Otherwise (text
    files) an unclosed block is not front matter but part of the article.
    """
    first_nl = text.find("\n")
    first = text if first_nl < 0 else text[:first_nl]
    if first_nl < 0 or not _is_delimiter(first):
        return {}, {}, text, 1
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
        return {}, {}, text, 1
    start, end, close_line = close_at
    snippet = text[first_nl + 1 : start]
    body = text[end + 1 :] if end < len(text) else ""
    meta, lines = _parse_yaml(shown, snippet, first_line=2)
    return meta, lines, body, close_line + 1


def _parse_yaml(shown: str, snippet: str, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    """Front matter through the shared defensive reader; dates stay strings (we parse and
    report them), and a repeated key keeps YAML's last value (its line is the last key's)."""
    try:
        data, lines = safeyaml.parse(
            snippet, first_line=first_line, dates=False, last_key_wins=True
        )
    except safeyaml.YamlProblem as exc:
        line = exc.line if exc.line is not None else first_line - 1
        what = "front matter is not valid YAML" if exc.syntax else "front matter"
        raise InputError(shown, line, f"{what}: {exc.message}") from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise InputError(
            shown, first_line, f"front matter must be 'key: value' lines (a mapping), not {kind}"
        )
    return data, {key: lines[(key,)] for key in data}


def _metadata(
    shown: str, meta: dict[Any, Any], lines: dict[str, int], default_line: int
) -> dict[str, Any]:
    """Validate the known metadata keys; unknown keys are ignored."""
    out: dict[str, Any] = {}
    for key in META_KEYS:
        if key not in meta or meta[key] is None:
            continue
        value = meta[key]
        line = lines.get(key, default_line)
        if key == "date":
            if not (isinstance(value, str) and not value.strip()):  # "" = no date, as for "title"
                out["date"] = _parse_date(shown, line, value)
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise InputError(
                shown, line, f"field '{key}' must be a string, not {_json_type(value)}"
            )
        value = str(value).strip()
        if not value:
            continue
        if key == "language":
            value = re.split(r"[-_]", value.lower(), maxsplit=1)[0]
        out[key] = value
    return out


def _parse_date(shown: str, line: int | None, value: Any) -> dt.date:
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


# --------------------------------------------------------------------------- documents


#: False inside :func:`unsplit`: documents are read without their sentences.
_SPLIT: contextvars.ContextVar[bool] = contextvars.ContextVar("split", default=True)


@contextlib.contextmanager
def unsplit() -> Iterator[None]:
    """Read documents without splitting them into sentences (``sentences=()``), to be split
    later by :func:`with_sentences`: ``checker index`` stores what it read before the slow
    work (pysbd on a cold cache: about 0.1 s an article) begins."""
    token = _SPLIT.set(False)
    try:
        yield
    finally:
        _SPLIT.reset(token)


def with_sentences(doc: Document) -> Document:
    """``doc`` with its sentences, as :func:`document_from_text` gives them."""
    return doc if doc.sentences else dataclasses.replace(doc, sentences=split_sentences(doc.text))


def document_from_text(
    text: str,
    id: str,
    *,
    path: str | None = None,
    date: dt.date | dt.datetime | str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    title: str | None = None,
    url: str | None = None,
    line: int = 1,
) -> Document:
    """A ``Document`` with its sentences; ``language=None`` means detect it from the text."""
    if date is not None:
        date = _parse_date(path or id, line, date)
    language = language or detect_language(text)
    if not lang.supported(language):  # flagged in every report (model.Report), never read as en
        warnings.warn(
            f"{path or id}: no number data for language {language!r}, its figures are not read",
            lang.UnsupportedLanguageWarning,
            stacklevel=2,
        )
    return Document(
        id=id,
        text=text,
        path=path,
        date=date,
        outlet=outlet,
        language=language,
        title=title,
        url=url,
        line=line,
        sentences=split_sentences(text) if _SPLIT.get() else (),
    )


# --------------------------------------------------------------------------- language


def _stop_words() -> dict[str, frozenset[str]]:
    """Language -> its stop words, from ``checker/lang/identify.yaml`` (read once)."""
    global _STOP_WORDS
    if _STOP_WORDS is None:
        data = lang.load_neutral("identify")["stop_words"]
        _STOP_WORDS = {code: frozenset(str(words).split()) for code, words in data.items()}
    return _STOP_WORDS


_STOP_WORDS: dict[str, frozenset[str]] | None = None

_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """Guess the article language by counting stop words in its first ~2000 words.

    Returns a code of ``checker/lang/identify.yaml``, also of a language without number data
    (which the caller flags, see :func:`document_from_text`). A text with three stop words or
    more is the language with most; a shorter one is English unless it has no English stop
    word and two or more of one language, more than any other ("Pelo menos 1.500 pessoas" is
    Portuguese, "Ten people died" English);
    a text with none, or a tie, is ``"en"``.
    """
    words = _WORD.findall(text[:30_000].lower())[:2000]
    stops = _stop_words()
    scores = {code: 0 for code in stops}
    for w in words:
        for code, words_of in stops.items():
            if w in words_of:
                scores[code] += 1
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top > second and (top >= 3 or top >= 2 and scores.get("en", 0) == 0):
        return best
    return "en"
