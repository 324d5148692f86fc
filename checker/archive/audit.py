"""``checker store verify STORE``: everything a store holds, checked, as a summary.

The file (a regular file, an SQLite header, as long as its header says, a checkpoint a full
disk cut short finished), its pages (SQLite's ``integrity_check``), its schema, every row read
through the row codec (:mod:`~checker.archive.rows`: types, depth), the references between
rows, every vector (a quantised unit vector: its checksum), and the vector index files against
the table they are built from. Opening a store for a check does the cheap part of this when the
file changed (pages and references); this reads everything.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..compare.embed_multi import DIM as ACROSS_DIM
from .rows import (
    RowError,
    check_document_columns,
    check_vector,
    claim_from_json,
    doc_from_blob,
    load_json,
    parse_day,
    text_from_blob,
)
from .schema import SCHEMA_NAMES, TABLES
from .store import Store
from .storefile import REINDEX, StoreError, check_kind, check_store_file, journal
from .vector_index import family_slug

#: Problems listed per part (the count says how many there are).
SHOWN = 5
#: The vector index's file names (checker.archive.vector_index names them so).
_INDEX_FILE = re.compile(r"^(.+)\.(\d+)\.usearch$")
#: ... and those of its multilingual vectors, in ``across/``: ``<language>.<family>.<id>``.
_ACROSS_FILE = re.compile(r"^([^.]+\.[^.]+)\.(\d+)\.usearch$")


@dataclass
class Part:
    """One part of the check: what was looked at, and what is wrong with it."""

    name: str
    seen: str = ""
    problems: list[str] = field(default_factory=list)
    count: int = 0  # problems found (more than listed)

    def add(self, problem: str) -> None:
        self.count += 1
        if len(self.problems) < SHOWN:
            self.problems.append(problem)


@dataclass
class Audit:
    path: Path
    parts: list[Part] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return sum(p.count for p in self.parts)

    def lines(self) -> list[str]:
        """The summary: a line per part, its problems under it (each naming the store, the
        table and the row), and the way out."""
        out = [f"checker store verify {self.path}"]
        for part in self.parts:
            state = "ok" if not part.count else f"{part.count} problem{'s' * (part.count > 1)}"
            out.append(f"  {part.name:<11} {state}" + (f" ({part.seen})" if part.seen else ""))
            out += [f"    {self.path}: {p}" for p in part.problems]
            if part.count > len(part.problems):
                out.append(f"    ... and {part.count - len(part.problems)} more")
        n = self.problems
        if not n:
            out.append(f"{self.path}: whole, no problems")
        elif all(p.name == "index" for p in self.parts if p.count):
            out.append(
                f"{self.path}: {n} problem{'s' * (n > 1)}, in the vector index only: delete "
                f"{self.path.name}.vindex/ (a cache of the store, rebuilt on the next check)"
            )
        else:
            out.append(f"{self.path}: damaged, {n} problem{'s' * (n > 1)}; {REINDEX}")
        return out


def _n(x: int, word: str) -> str:
    if x == 1:
        return f"1 {word}"
    return f"{x:,} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def audit_store(path: str | Path) -> Audit:
    """Check the store at ``path`` throughout. A path that is no store file (missing, a
    directory, a FIFO, a socket) is a :class:`StoreError`; everything else is in the
    :class:`Audit`."""
    path = Path(path)
    if not check_kind(path):
        raise StoreError(path, "no such store")
    if path.is_dir():
        raise StoreError(path, "is a directory, not a store file")
    check_kind(journal(path))
    audit = Audit(path)
    file = Part("file")
    audit.parts.append(file)
    try:
        read_only = not _writable(path)
        check_store_file(path, read_only)
        st = Store(path, create=False, as_is=True)
    except StoreError as exc:
        file.add(str(exc).removeprefix(f"{path}: "))
        return audit
    file.seen = f"{path.stat().st_size:,} bytes, as its header says"
    with st:
        for check in (_pages, _schema, _rows, _references, _vectors, _index):
            part = Part(check.__name__.strip("_"))
            audit.parts.append(part)
            try:
                check(st, part)
            except sqlite3.DatabaseError as exc:
                part.add(f"cannot be read ({exc})")
            if part.name == "pages" and part.count:
                break  # the rest would read damaged pages
            if part.name == "schema" and part.count:
                break
    return audit


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _pages(st: Store, part: Part) -> None:
    (pages,) = st.db.execute("PRAGMA page_count").fetchone()
    part.seen = f"{_n(pages, 'page')}, by SQLite's integrity_check"
    for (line,) in st.db.execute("PRAGMA integrity_check(100)"):
        if line != "ok":
            part.add(str(line).splitlines()[0])


def _schema(st: Store, part: Part) -> None:
    tables = st._tables()
    for name in sorted(TABLES - tables):
        part.add(f"table {name!r} is missing")
    if part.count:
        return
    applied = [r[0] for r in st.db.execute("SELECT name FROM migration ORDER BY name")]
    for name in applied:
        if name not in SCHEMA_NAMES:
            part.add(f"migration row {name!r} is unknown to this checker (upgrade checker)")
    meta = dict(st.db.execute("SELECT key, value FROM meta"))
    part.seen = (f"{_n(len(applied), 'migration')}, model {meta.get('model')}, "
                 f"backend {meta.get('backend')}")  # fmt: skip


def _rows(st: Store, part: Part) -> None:
    counts = {}
    n = 0
    for row, data, doc_id in st.db.execute(
        "SELECT c.id, c.data, d.doc_id FROM claim c LEFT JOIN document d ON d.id = c.document"
    ):
        n += 1
        try:
            claim_from_json(data, doc_id if isinstance(doc_id, str) else "?")
        except RowError as exc:
            part.add(f"claim row {row} cannot be read ({exc})")
    counts["claim"] = n
    n = 0
    for r in st.db.execute(
        "SELECT id, doc_id, path, date, outlet, language, title, url, line, text FROM document"
    ):
        n += 1
        try:
            text_from_blob(r[9])
            parse_day(r[3])
            check_document_columns(r)
        except RowError as exc:
            part.add(f"document row {r[0]} cannot be read ({exc})")
    counts["document"] = n
    n = 0
    for uid, blob in st.db.execute("SELECT uid, doc FROM staged"):
        n += 1
        try:
            doc_from_blob(blob)
        except RowError as exc:
            part.add(f"staged row {uid!r} cannot be read ({exc})")
    counts["staged"] = n
    n = 0
    for row in st.db.execute(
        "SELECT claim, document, language, family, date, key_emb, focus_emb FROM claim_across"
    ):
        n += 1
        kinds = (int, int, str, str, (str, type(None)), int, int)
        if not all(
            isinstance(v, k) and not isinstance(v, bool) for v, k in zip(row, kinds, strict=True)
        ):
            part.add(f"claim_across row {row[0]} cannot be read (a column of the wrong type)")
    counts["across"] = n
    for table, column in (("run", "counts"), ("finding", "evidence")):
        n = 0
        for row, text in st.db.execute(f"SELECT id, {column} FROM {table}"):
            n += 1
            try:
                load_json(text, compressed=False)
            except RowError as exc:
                part.add(f"{table} row {row} cannot be read ({exc})")
        counts[table] = n
    part.seen = (f"{_n(counts['document'], 'article')}, {_n(counts['claim'], 'claim')}, "
                 f"{counts['staged']:,} staged, {_n(counts['run'], 'run')}, "
                 f"{_n(counts['finding'], 'finding')}")  # fmt: skip
    if counts["across"]:
        part.seen += f", {counts['across']:,} claims' vectors across languages"


def _references(st: Store, part: Part) -> None:
    part.seen = "claims to articles and vectors, claims to their family's vectors, runs"
    if st.across_languages():
        part.seen += ", vectors across languages"
    for problem in st.reference_problems(limit=1000):
        part.add(problem)


def _vectors(st: Store, part: Part) -> None:
    n = 0
    for row, blob in st.db.execute("SELECT id, vector FROM embedding"):
        n += 1
        try:
            check_vector(blob)
        except RowError as exc:
            part.add(f"embedding row {row} {exc}")
    part.seen = f"{_n(n, 'int8 unit vector')}: length, range and norm"
    n = 0
    for row, blob in st.db.execute("SELECT id, vector FROM across_embedding"):
        n += 1
        try:
            check_vector(blob, ACROSS_DIM)
        except RowError as exc:
            part.add(f"across_embedding row {row} {exc}")
    if n or st.across_languages():
        missing = st.missing_across()
        part.seen += f"; {n:,} multilingual ({ACROSS_DIM} values)"
        if missing:
            part.seen += (f", {_n(missing, 'article')} without them yet (the next checker "
                          "index embeds them)")  # fmt: skip


def _index(st: Store, part: Part) -> None:
    """Each family's newest index file holds exactly the family's vectors up to the id its
    name says. A missing file is no problem (the next check builds it). In a store indexed
    ``--across-languages``, the same of each (language, family) index of its multilingual
    vectors (``<store>.vindex/across/``)."""
    folder = st.path.with_name(st.path.name + ".vindex")
    seen, unbuilt = _index_files(
        st, part, folder, _INDEX_FILE, {family_slug(f): f for f in st.families()},
        "SELECT emb FROM family_embedding WHERE family=? AND emb<=?", "family_embedding",
    )  # fmt: skip
    part.seen = f"{_n(len(seen), 'family')} as the table" + (f": {', '.join(seen)}" if seen else "")
    spaces = st.across_spaces()
    if spaces:
        across, unbuilt_across = _index_files(
            st, part, folder / "across", _ACROSS_FILE,
            {f"{family_slug(lang)}.{family_slug(fam)}": (lang, fam) for lang, fam in spaces},
            "SELECT emb FROM family_across WHERE language=? AND family=? AND emb<=?",
            "family_across",
        )  # fmt: skip
        indexes = "1 index" if len(across) == 1 else f"{len(across):,} indexes"
        part.seen += f"; across languages {indexes} as the table" + (
            f": {', '.join(across)}" if across else ""
        )
        unbuilt += unbuilt_across
    if unbuilt:
        part.seen += f"; {unbuilt} not built yet (the next check builds them)"


def _index_files(
    st: Store, part: Part, folder: Path, pattern: re.Pattern, wanted: dict, query: str, table: str
) -> tuple[list[str], int]:
    """Check the newest index file of each of ``wanted`` (file-name slug -> family, or
    (language, family)) in ``folder`` against ``table`` (``query`` selects its vectors up to
    the id the file's name says); returns what matched and how many are not built."""
    from usearch.index import Index

    files: dict[str, tuple[int, Path]] = {}
    if folder.is_dir():
        for p in folder.glob("*.usearch"):
            m = pattern.match(p.name)
            if m and p.is_file() and int(m.group(2)) >= files.get(m.group(1), (-1,))[0]:
                files[m.group(1)] = (int(m.group(2)), p)
    seen, unbuilt = [], 0
    for slug, key in wanted.items():
        if slug not in files:
            unbuilt += 1
            continue
        covered, p = files[slug]
        params = (*key, covered) if isinstance(key, tuple) else (key, covered)
        want = {r[0] for r in st.db.execute(query, params)}
        name = " ".join(key) if isinstance(key, tuple) else key
        kind = "language and family" if isinstance(key, tuple) else "family"
        try:
            index = Index.restore(str(p), view=True)
            keys = {int(k) for k in index.keys} if index is not None else None
        except Exception as exc:  # usearch: any failure to read the file
            part.add(f"vector index file {p.name} cannot be read ({exc})")
            continue
        if keys is None:
            part.add(f"vector index file {p.name} is not an index")
        elif keys != want:
            part.add(
                f"vector index file {p.name} holds {len(keys):,} vectors where table "
                f"{table} has {len(want):,} of {kind} {name!r} up to row {covered}"
                f" ({len(want - keys):,} missing, {len(keys - want):,} not in the table)"
            )
        else:
            seen.append(f"{name} {len(keys):,}")
    return seen, unbuilt
