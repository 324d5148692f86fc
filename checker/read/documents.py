"""Read articles from disk (or bytes) into ``Document`` values.

Inputs are ``.txt`` / ``.md`` / ``.markdown`` files (one article each, with an
optional YAML front matter block: :mod:`~checker.read.fields`) and ``.jsonl`` files
(one article per line: :mod:`~checker.read.jsonl`). Directories are walked recursively;
ids that collide across files are made unique here. Every problem with an input is an
``InputError`` naming the file and, where it makes sense, the line.

Nothing in an article's text is normalised: ``Document.text`` is exactly what
is on disk after decoding (:mod:`~checker.read.decoding`) and after removing the front
matter, so sentence offsets (and every offset derived from them) point at what the user
sees in their editor. ``Document.line`` is the file line where ``text`` starts, so
``doc.line_of(offset)`` gives file lines. One article and its sentences:
:mod:`~checker.read.article`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import os
import stat
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from checker.core import safeyaml
from checker.core.errors import InputError, InputWarning
from checker.core.model import Document
from checker.read.article import detect_language, document_from_fields, document_from_text
from checker.read.decoding import read_text, text_of
from checker.read.fields import (
    DISMISSED,
    dismissals,
    metadata,
    replace_surrogates,
    split_front_matter,
    warn_surrogates,
)
from checker.read.jsonl import JsonlRows, read_jsonl_partitions

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


# --------------------------------------------------------------------------- reading files


def read_documents(
    paths: Sequence[str | Path],
    *,
    default_date: dt.date | None = None,
    max_bytes: int = 20_000_000,
    each: Callable[[Document], None] | None = None,
) -> list[Document]:
    """Read every article under ``paths`` (files or directories); ``each(document)`` as each
    is read (its id may change at the end, when ids are made unique).

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
        entries.extend(
            _read_file(shown, path, default_date=default_date, max_bytes=max_bytes, each=each)
        )
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
    text = text_of(name, raw)
    return _assign_ids(_read_entries(name, path, text, default_date))


def _read_file(
    shown: str, path: Path, *, default_date: dt.date | None, max_bytes: int, each=None
) -> list[_Entry]:
    return _read_entries(shown, path, read_text(shown, path, max_bytes), default_date, each)


def _read_entries(
    shown: str,
    path: Path,
    text: str,
    default_date: dt.date | None,
    each: Callable[[Document], None] | None = None,
) -> list[_Entry]:
    stem = path.stem
    if path.suffix.lower() == ".jsonl":
        return read_jsonl(shown, path, text, stem, default_date, each)
    strict = path.suffix.lower() in (".md", ".markdown")
    meta, lines, body, body_line = split_front_matter(shown, text, strict=strict)
    if not body.strip():
        raise InputError(shown, body_line, "no article text after the front matter")
    if changed := replace_surrogates(meta):
        line = min(lines.get((key,), 1) for key in changed)
        warn_surrogates(shown, line, "the front matter, the first on this line")
    fields = metadata(shown, meta, lines, default_line=1)
    fields["dismissals"] = dismissals(shown, meta.get(DISMISSED), lines)
    doc = document_from_fields(body, stem, shown, fields, default_date, body_line)
    if each is not None:
        each(doc)
    return [_Entry(doc, path, None)]


def read_jsonl(
    shown: str,
    path: Path,
    text: str,
    stem: str,
    default_date: dt.date | None,
    each: Callable[[Document], None] | None = None,
) -> list[_Entry]:
    rows = JsonlRows(shown, stem)
    entries: list[_Entry] = []
    # Split on "\n" only: JSON strings may hold a raw U+2028, which splitlines() would cut.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if (row := rows.read(lineno, line)) is not None:
            doc_id, tail, body, fields = row
            doc = document_from_fields(body, doc_id, shown, fields, default_date, lineno)
            if each is not None:
                each(doc)
            entries.append(_Entry(doc, path, tail))
    rows.finish()
    return entries


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
