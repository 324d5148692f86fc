"""JSONL files: one article a row, checked row by row (a bad row is one line naming the file
and line); a whole file at once or, for a file of any size, in partitions."""

from __future__ import annotations

import codecs
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from checker.core import safeyaml
from checker.core.errors import InputError
from checker.core.model import Document
from checker.read.article import document_from_fields, unsplit
from checker.read.decoding import BOMS, decode, looks_binary_bytes
from checker.read.fields import json_type, metadata, replace_surrogates, warn_surrogates


class JsonlRows:
    """The rows of one JSONL file, checked one at a time: what :func:`read_jsonl` reads
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
            raise InputError(shown, lineno, f"row must be a JSON object, not {json_type(row)}")
        if replace_surrogates(row):
            self.replaced.append(lineno)
        if "text" not in row:
            raise InputError(shown, lineno, "row has no 'text' field")
        body = row["text"]
        if not isinstance(body, str):
            raise InputError(shown, lineno, f"field 'text' must be a string, not {json_type(body)}")
        if not body.strip():
            raise InputError(shown, lineno, "field 'text' is empty")
        tail = str(lineno)
        if "id" in row and row["id"] is not None:
            rid = row["id"]
            if isinstance(rid, bool) or not isinstance(rid, str | int):
                raise InputError(
                    shown, lineno, f"field 'id' must be a string, not {json_type(rid)}"
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
        fields = metadata(shown, row, {}, default_line=lineno)
        self.count += 1
        return doc_id, tail, body, fields

    def finish(self) -> None:
        if not self.count:
            raise InputError(self.shown, None, "file is empty")
        if self.replaced and self.warn:
            where = f"{len(self.replaced)} row(s), the first on this line"
            warn_surrogates(self.shown, self.replaced[0], where)


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
    checker_rows = JsonlRows(shown, path.stem, warn=not check_only)
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed below, after the generator's last row)
    except OSError as exc:
        raise InputError(shown, None, f"cannot read file: {exc.strerror or exc}") from None
    with fh:
        head = fh.read(65536)
        if head.startswith(codecs.BOM_UTF8):
            fh.seek(len(codecs.BOM_UTF8))
        elif any(head.startswith(bom) for bom, _, _ in BOMS) or b"\x00" in head:
            decode(shown, head)  # says why (UTF-16, binary) and raises
            raise InputError(shown, None, "a JSONL file read in partitions must be UTF-8")
        else:
            fh.seek(0)
        if head and looks_binary_bytes(head):
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
                part.append(document_from_fields(body, doc_id, shown, fields, default_date, lineno))
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
