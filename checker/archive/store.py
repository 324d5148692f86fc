"""The coverage store: documents, claims, embeddings and findings history in one SQLite file.

Why SQLite: one file an editor can copy, no server, safe under concurrent use
(WAL journal, a busy timeout, writes in ``BEGIN IMMEDIATE`` transactions).

Layout (see ``MIGRATIONS``):

- ``document``: one row per article, with its text (zlib) and metadata, its
  content hash, and ``uid`` (source file + id in that file) so a changed
  article replaces its earlier version;
- ``claim``: one row per claim, the :class:`~checker.core.model.Claim` as JSON (zlib), its
  comparison family (``checker.compare.match.family``) and the ids of its two embeddings;
- ``embedding``: one row per distinct embedded text (key and focus texts),
  int8 (x 127), so 384 bytes a vector; shared by every claim with that text;
- ``family_embedding``: which embeddings belong to which family (what the
  vector index of that family holds, append-only);
- ``source``: input files already indexed, by content hash (a file whose bytes
  did not change is skipped without reading it);
- ``run``/``finding``: the history of ``checker check`` runs and their findings.

Every batch of documents is written in one transaction together with its
claims and embeddings, and a source file is marked done only after all its
documents are in: a run killed at any moment leaves a consistent store, and
the next run skips what is there (by content hash) and completes the rest.

Schema changes are named migrations recorded in ``migration``. Opening a store
applies the missing ones; a store that has a migration this version does not
know (written by a newer checker) or that is not a checker store is refused
with a :class:`StoreError` saying so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import sqlite3
import time
import urllib.parse
import warnings
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..compare.embed import DIM, MODEL_NAME, chosen_backend
from ..compare.match import family
from ..core import versions
from ..core.errors import CheckerError, CheckerWarning, one_line
from ..core.model import Claim, Document, Finding, Quantity

#: Named schema migrations, applied in order. Never edit one that has shipped: add another.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001-documents-claims-embeddings",
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE source (
            path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, documents INTEGER NOT NULL,
            indexed_at TEXT NOT NULL
        );
        CREATE TABLE document (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            doc_id TEXT NOT NULL UNIQUE,
            hash TEXT NOT NULL,
            source TEXT,
            path TEXT, date TEXT, outlet TEXT, language TEXT NOT NULL, title TEXT, url TEXT,
            line INTEGER NOT NULL DEFAULT 1,
            text BLOB NOT NULL,
            synthetic INTEGER NOT NULL DEFAULT 0,
            indexed_at TEXT NOT NULL
        );
        CREATE INDEX document_hash ON document(hash);
        CREATE TABLE embedding (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            hash TEXT NOT NULL UNIQUE,
            vector BLOB NOT NULL
        );
        CREATE TABLE claim (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
            claim_id TEXT NOT NULL,
            family TEXT,
            kind TEXT NOT NULL,
            value REAL,
            date TEXT,
            key_emb INTEGER REFERENCES embedding(id),
            focus_emb INTEGER REFERENCES embedding(id),
            data BLOB NOT NULL
        );
        CREATE INDEX claim_document ON claim(document);
        CREATE INDEX claim_key ON claim(family, key_emb, date);
        CREATE INDEX claim_focus ON claim(family, focus_emb, date);
        CREATE TABLE family_embedding (
            family TEXT NOT NULL, emb INTEGER NOT NULL REFERENCES embedding(id),
            PRIMARY KEY (family, emb)
        ) WITHOUT ROWID;
        """,
    ),
    (
        "0002-findings-history",
        """
        CREATE TABLE run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            command TEXT NOT NULL, started TEXT NOT NULL, draft TEXT,
            counts TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE finding (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            rule TEXT NOT NULL, verdict TEXT NOT NULL, level TEXT NOT NULL,
            message TEXT NOT NULL, suppressed INTEGER NOT NULL DEFAULT 0,
            evidence TEXT NOT NULL
        );
        CREATE INDEX finding_run ON finding(run);
        """,
    ),
    (
        "0003-claims-version",
        """
        ALTER TABLE document ADD COLUMN claims_version TEXT;
        CREATE INDEX document_claims_version ON document(claims_version);
        """,
    ),
    (
        "0004-staged-articles",
        """
        CREATE TABLE staged (
            uid TEXT PRIMARY KEY,
            source TEXT NOT NULL, digest TEXT NOT NULL, documents INTEGER NOT NULL,
            doc BLOB NOT NULL, staged_at TEXT NOT NULL
        );
        CREATE INDEX staged_source ON staged(source);
        """,
    ),
)

SCHEMA_NAMES = tuple(name for name, _ in MIGRATIONS)
#: int8 scale of stored vectors: v_int8 = round(v * 127).
INT8_SCALE = 127.0


class StoreError(CheckerError):
    """The store cannot be opened or used: names the file and what is wrong."""

    def __init__(self, path: str | Path, message: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {message}")


class StoreWarning(CheckerWarning):
    """The store or its vector index works, but not fully (read-only, a cache not written)."""


#: Every table the migrations make.
TABLES = frozenset({"meta", "source", "document", "embedding", "claim", "family_embedding",
                    "run", "finding", "migration", "staged"})  # fmt: skip
#: The way out of a damaged or truncated store, said in every such error.
REINDEX = (
    "re-index the articles into a new store (checker index ARTICLES --store NEW) or restore a copy"
)
_SQLITE_HEADER = b"SQLite format 3\x00"


def _check_file(path: Path) -> None:
    """A 0-byte or cut-short file is refused before SQLite reads it: SQLite takes an empty
    file for a new, empty database (a truncated CI cache would then pass every draft)."""
    for _ in range(5):
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(100)
        if size and (len(head) < 100 or not head.startswith(_SQLITE_HEADER)):
            raise StoreError(path, "not a checker store (not an SQLite database file)")
        if not size:  # another process may be creating it this instant: look again
            time.sleep(0.1)
            continue
        page = int.from_bytes(head[16:18], "big")
        page = 65536 if page == 1 else page
        pages = int.from_bytes(head[28:32], "big")
        if size >= pages * page and size % page == 0:
            return
        time.sleep(0.1)  # a checkpoint by another process may be growing the file: look again
    if not size:
        raise StoreError(path, f"is empty (0 bytes), not a store: a truncated copy? {REINDEX}")
    raise StoreError(
        path,
        f"is truncated: {size:,} bytes where its header declares {pages:,} pages of {page:,} "
        f"({pages * page:,} bytes); {REINDEX}",
    )


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def text_hash(text: str) -> str:
    """Embedding identity: model and text (the same key as the embedding cache)."""
    return sha256(f"{MODEL_NAME}\0{text}")


def document_hash(doc: Document) -> str:
    """What makes an article the same article: its text and metadata, not its file name."""
    payload = [doc.text, doc.date.isoformat() if doc.date else None, doc.outlet, doc.language,
               doc.title, doc.url]  # fmt: skip
    return sha256(json.dumps(payload, ensure_ascii=False))


def claims_version() -> str:
    """The version of the claims a store holds (:func:`checker.core.versions.claims`: the claims
    code and word lists, the parse-based reader and the sentence splitter).

    When an upgrade changes how figures are read ("47 feet" gained a unit, lengths a family of
    their own; a new spaCy), the claims stored by the old reader are stale: the next
    ``checker index`` of the same files re-reads them, and ``checker check`` warns until it has.
    """
    return versions.claims()


def quantize(vectors: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(vectors * INT8_SCALE), -127, 127).astype(np.int8)


def dequantize(blobs: Sequence[bytes]) -> np.ndarray:
    """Unit float32 vectors from int8 blobs."""
    if not blobs:
        return np.zeros((0, DIM), dtype=np.float32)
    m = np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(len(blobs), DIM)
    m = m.astype(np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


# --------------------------------------------------------------------------- claims as JSON


def _num(x: float) -> float | str:
    return x if np.isfinite(x) else ("inf" if x > 0 else "-inf")


def _unnum(x) -> float:
    return float(x)


def claim_to_json(c: Claim) -> bytes:
    """The claim as zlib-compressed JSON (the claim row's ``data``)."""
    q = dataclasses.asdict(c.quantity)
    for k in ("value", "low", "high"):
        q[k] = _num(q[k])
    q["readings"] = [_num(r) for r in q["readings"]]
    data = {
        "id": c.id, "sentence": c.sentence, "q": q, "subject": c.subject, "event": c.event,
        "key": c.key_text, "focus": c.focus_text, "entities": list(c.entities),
        "negated": c.negated, "hedged": c.hedged, "stext": c.sentence_text,
        "sstart": c.sentence_start, "role": c.role, "head": c.head, "pred": c.predicate,
        "agent": c.agent, "mods": list(c.modifiers), "places": list(c.places),
        "times": list(c.times), "purpose": c.purpose,
    }  # fmt: skip
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def claim_from_json(blob: bytes, doc_id: str) -> Claim:
    d = json.loads(zlib.decompress(blob))
    q = d["q"]
    quantity = Quantity(
        **{**q, "value": _unnum(q["value"]), "low": _unnum(q["low"]), "high": _unnum(q["high"]),
           "readings": tuple(_unnum(r) for r in q["readings"]), "notes": tuple(q["notes"])}
    )  # fmt: skip
    # the id always follows the document it is stored under ("<doc>#<n>")
    return Claim(
        id=f"{doc_id}#{d['id'].rsplit('#', 1)[-1]}", doc=doc_id, sentence=d["sentence"], quantity=quantity, subject=d["subject"],
        event=d["event"], key_text=d["key"], focus_text=d["focus"],
        entities=tuple(d["entities"]), negated=d["negated"], sentence_text=d["stext"],
        sentence_start=d["sstart"], hedged=d.get("hedged", False),  # absent in older stores
        role=d.get("role", ""), head=d.get("head", ""), predicate=d.get("pred", ""),
        agent=d.get("agent", ""), modifiers=tuple(d.get("mods", ())),
        places=tuple(d.get("places", ())), times=tuple(d.get("times", ())),
        purpose=d.get("purpose", ""),
    )  # fmt: skip


_DOC_FIELDS = ("id", "text", "path", "outlet", "language", "title", "url", "line")


def _doc_blob(d: Document) -> bytes:
    data = {k: getattr(d, k) for k in _DOC_FIELDS}
    data["date"] = d.date.isoformat() if d.date else None
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 6)


def _doc_from_blob(blob: bytes) -> Document:
    data = json.loads(zlib.decompress(blob))
    day = dt.date.fromisoformat(data["date"]) if data["date"] else None
    return Document(date=day, **{k: data[k] for k in _DOC_FIELDS})


def rename_claim(c: Claim, doc_id: str) -> Claim:
    n = c.id.rsplit("#", 1)[-1]
    return dataclasses.replace(c, doc=doc_id, id=f"{doc_id}#{n}")


# --------------------------------------------------------------------------- the store


@dataclass
class AddResult:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    claims: int = 0


@dataclass(frozen=True)
class Pending:
    """One article ready to write: the document, its claims and their two vectors each."""

    uid: str
    source: str | None
    doc: Document
    claims: tuple[Claim, ...]
    key_vectors: np.ndarray
    focus_vectors: np.ndarray
    synthetic: bool = False


class Store:
    """An open coverage store. Use as a context manager or call :meth:`close`."""

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        model: str = MODEL_NAME,
        backend: str | None = None,
    ) -> None:
        self.path = Path(path)
        #: True when the file or its folder cannot be written: the store still checks drafts.
        self.read_only = False
        #: The file as last seen whole (``PRAGMA quick_check``), to record again on close.
        self._verified: list | None = None
        existed = self.path.exists()
        if not existed:
            if not create:
                raise StoreError(self.path, "no such store (run 'checker index' first)")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(self.path, f"cannot create: {exc.strerror or exc}") from None
        elif self.path.is_dir():
            raise StoreError(self.path, "is a directory, not a store file")
        else:
            _check_file(self.path)
            folder = self.path.parent
            self.read_only = not (os.access(self.path, os.W_OK) and os.access(folder, os.W_OK))
        try:
            self.db = self._connect()
        except sqlite3.DatabaseError as exc:
            raise StoreError(self.path, f"not a checker store ({exc})") from None
        try:
            self._migrate(model)
            self._check_schema()
            if existed:
                self._verify_if_changed()
            self._check_backend(chosen_backend(backend))
        except BaseException:
            self.db.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        if not self.read_only:
            db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            db.execute("PRAGMA busy_timeout = 60000")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            return db
        # A read-only file or folder: read it as it is. ``mode=ro`` still shares the WAL
        # index with writers; where not even that file can be made (a read-only folder),
        # ``immutable=1`` reads the file alone, which is all there is to read there.
        uri = "file:" + urllib.parse.quote(str(self.path.absolute()))
        try:
            db = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=60, isolation_level=None)
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            db = sqlite3.connect(uri + "?immutable=1", uri=True, isolation_level=None)
            wal = self.path.with_name(self.path.name + "-wal")
            if wal.exists() and wal.stat().st_size:
                warnings.warn(StoreWarning(
                    f"{self.path}: read-only, and its journal {wal.name} holds writes not yet "
                    "in the file: the last articles indexed may be missing from this check"
                ), stacklevel=3)  # fmt: skip
        db.execute("PRAGMA query_only = ON")
        return db

    # ------------------------------------------------------------------ schema

    def _tables(self) -> set[str]:
        rows = self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        return {r[0] for r in rows}

    def _migrate(self, model: str) -> None:
        try:
            tables = self._tables()
        except sqlite3.DatabaseError as exc:
            if exc.sqlite_errorname.startswith("SQLITE_CORRUPT"):
                raise self.failure(exc) from None
            raise StoreError(self.path, f"not a checker store ({exc})") from None
        if tables and "migration" not in tables:
            raise StoreError(
                self.path,
                "not a checker store (no migration table; tables: "
                f"{', '.join(sorted(tables))}); move it away or choose another --store",
            )
        if tables and self._up_to_date(model):  # nothing to write: a read-only store opens
            self.migrated = []
            self.model = model
            return
        if self.read_only:
            raise StoreError(
                self.path,
                "is read-only and needs its schema brought up to date by this version of "
                "checker; open it once where it can be written",
            )
        with self.write():
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS migration (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
            applied = [r[0] for r in self.db.execute("SELECT name FROM migration ORDER BY name")]
            unknown = [n for n in applied if n not in SCHEMA_NAMES]
            if unknown:
                raise StoreError(
                    self.path,
                    f"written by a newer checker (schema migration {unknown[-1]!r} is unknown "
                    f"to this version, which knows up to {SCHEMA_NAMES[-1]!r}); upgrade checker",
                )
            self.migrated: list[str] = []
            for name, sql in MIGRATIONS:
                if name in applied:
                    continue
                for statement in filter(str.strip, sql.split(";")):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO migration VALUES (?, ?)", (name, now()))
                self.migrated.append(name)
            stored = self.db.execute("SELECT value FROM meta WHERE key='model'").fetchone()
            if stored is None:
                self.db.execute("INSERT INTO meta VALUES ('model', ?)", (model,))
            elif stored[0] != model:
                raise StoreError(
                    self.path,
                    f"built with embedding model {stored[0]!r}, not {model!r}; "
                    "index into a new store to change models",
                )
        self.model = model

    def _up_to_date(self, model: str) -> bool:
        """Every migration applied and the model recorded (raises for a newer or other store)."""
        try:
            applied = {r[0] for r in self.db.execute("SELECT name FROM migration")}
            stored = self.db.execute("SELECT value FROM meta WHERE key='model'").fetchone()
        except sqlite3.DatabaseError:
            return False  # a half-made store: the write path below completes or reports it
        if unknown := sorted(applied - set(SCHEMA_NAMES)):
            raise StoreError(
                self.path,
                f"written by a newer checker (schema migration {unknown[-1]!r} is unknown "
                f"to this version, which knows up to {SCHEMA_NAMES[-1]!r}); upgrade checker",
            )
        if stored is not None and stored[0] != model:
            raise StoreError(
                self.path,
                f"built with embedding model {stored[0]!r}, not {model!r}; "
                "index into a new store to change models",
            )
        return applied == set(SCHEMA_NAMES) and stored is not None

    def _check_schema(self) -> None:
        """Every table the migrations made is there (a dropped table is damage, not an empty
        archive)."""
        missing = sorted(TABLES - self._tables())
        if missing:
            raise StoreError(
                self.path,
                f"is damaged: table {missing[0]!r} is missing although its migration is "
                f"recorded; {REINDEX}",
            )

    def verify(self) -> None:
        """``PRAGMA quick_check``: every page and index of the file is well formed. It reads
        the whole file: 0.4-0.5 s for 103k claims (188 MB) with the file in the OS cache,
        6 s from disk; see :meth:`_verify_if_changed` for when it runs."""
        try:
            problems = [r[0] for r in self.db.execute("PRAGMA quick_check(5)")]
        except sqlite3.DatabaseError as exc:
            raise self.failure(exc) from None
        if problems != ["ok"]:
            lines = [x for p in problems for x in str(p).splitlines() if not x.startswith("***")]
            first = lines[0] if lines else str(problems[0])
            more = f", and {len(lines) - 1} more problem(s)" if len(lines) > 1 else ""
            raise StoreError(self.path, f"is damaged ({one_line(first)}{more}); {REINDEX}")

    @property
    def _verified_file(self) -> Path:
        return self.path.with_name(self.path.name + ".vindex") / "verified.json"

    def _file_state(self) -> list:
        """What identifies these bytes: device, inode, size, mtime and ctime of the file and
        of its WAL journal. A restored or copied file has a new ctime, which no one can set."""
        state = []
        for p in (self.path, self.path.with_name(self.path.name + "-wal")):
            try:
                st = os.stat(p)
            except OSError:
                st = None
            if st is None or not st.st_size:  # an empty journal is no journal
                state.append(None)
            else:
                state.append([st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns])
        return state

    def _verify_if_changed(self) -> None:
        """``quick_check`` the file unless it is exactly as a checker left it, whole, last
        time (recorded beside the vector index): a damaged page is found on the first open
        after the file changed hands (a copy, a restored cache, a crash), and ``checker
        check`` on an unchanged store does not pay for reading all of it."""
        state = self._file_state()
        try:
            if json.loads(self._verified_file.read_text(encoding="utf-8")) == state:
                self._verified = state
                return
        except (OSError, ValueError):
            pass
        self.verify()
        self._verified = state
        self._record_verified()

    def _record_verified(self) -> None:
        state = self._file_state()
        try:
            self._verified_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._verified_file.with_name(f".verified-{os.getpid()}.tmp")
            tmp.write_text(json.dumps(state), encoding="utf-8")
            os.replace(tmp, self._verified_file)
        except OSError:
            pass  # read-only: the next open checks the file again

    def failure(self, exc: sqlite3.Error) -> StoreError:
        """An SQLite error met while using the store, as one line that says the way out."""
        name = getattr(exc, "sqlite_errorname", "") or ""
        what = str(exc)
        if name.startswith("SQLITE_FULL"):
            return StoreError(
                self.path,
                f"cannot write: the disk is full ({what}); the batch being written was rolled "
                "back and everything committed before it is kept: free space and run again",
            )
        if name.startswith("SQLITE_READONLY") or self.read_only:
            return StoreError(
                self.path, f"is read-only ({what}): it can check drafts but not take articles"
            )
        if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            return StoreError(self.path, f"is damaged ({what}); {REINDEX}")
        if name.startswith("SQLITE_IOERR"):
            return StoreError(self.path, f"cannot read or write the file ({what})")
        return StoreError(self.path, what)

    def _check_backend(self, backend: str) -> None:
        """Vectors of one embedding backend per store (``meta.backend``), as of one model.

        A store with vectors and no recorded backend predates backends: torch wrote them.
        """
        query = "SELECT value FROM meta WHERE key='backend'"
        row = self.db.execute(query).fetchone()
        if row is None and self.read_only:
            vectors = self.db.execute("SELECT 1 FROM embedding LIMIT 1").fetchone()
            row = ("torch" if vectors else backend,)
        elif row is None:
            with self.write():
                vectors = self.db.execute("SELECT 1 FROM embedding LIMIT 1").fetchone()
                self.db.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('backend', ?)",
                    ("torch" if vectors else backend,),
                )
                row = self.db.execute(query).fetchone()
        stored = row[0]
        if stored != backend:
            raise StoreError(
                self.path,
                f"built with embedding backend {stored!r}, not {backend!r}; set "
                f"embedding_backend: {stored} in checker.yaml (or CHECKER_EMBEDDING_BACKEND="
                f"{stored}), or index into a new store to change backends",
            )
        self.backend = backend

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``): all or nothing. A
        failure (a full disk) rolls it back, leaving the store as it was before it."""
        if self.read_only:
            raise StoreError(self.path, "is read-only: it can check drafts but not take articles")
        for attempt in range(20):
            try:
                self.db.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:  # busy beyond the timeout: try again
                if "locked" not in str(exc) or attempt == 19:
                    raise StoreError(self.path, f"cannot write: {exc}") from None
                time.sleep(0.2)
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException as exc:
            if self.db.in_transaction:  # SQLITE_FULL may already have rolled it back
                self.db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self.failure(exc) from None
            raise

    def close(self) -> None:
        self.db.close()
        if self._verified is not None and not self.read_only:
            self._record_verified()  # our own writes leave it whole
            self._verified = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        self.close()
        if isinstance(exc, sqlite3.DatabaseError):  # damage met while reading: one line
            raise self.failure(exc) from None

    # ------------------------------------------------------------------ sources

    def source_hash(self, path: str) -> str | None:
        row = self.db.execute("SELECT sha256 FROM source WHERE path=?", (path,)).fetchone()
        return row[0] if row else None

    def mark_source(self, path: str, digest: str, documents: int) -> None:
        with self.write():
            self.db.execute(
                "INSERT OR REPLACE INTO source VALUES (?, ?, ?, ?)",
                (path, digest, documents, now()),
            )

    # ------------------------------------------------------------------ staging

    def stage(
        self, source: str, digest: str, documents: int, items: Sequence[tuple[str, Document]]
    ) -> None:
        """Keep articles read from ``source`` (its ``digest``, ``documents`` articles in all)
        before their claims are taken: one quick transaction, so an index run has committed
        its work within a second of reading a file, long before the models load. A rerun
        finishes staged articles even when their file is gone (:meth:`staged`)."""
        with self.write():
            self.db.executemany(
                "INSERT OR REPLACE INTO staged VALUES (?, ?, ?, ?, ?, ?)",
                [(uid, source, digest, documents, _doc_blob(d), now()) for uid, d in items],
            )

    def staged(self, skip: Iterable[str] = ()) -> list[tuple[str, str, str, int, Document]]:
        """(uid, source, digest, documents, article) of every staged article not in ``skip``,
        by source and in the order staged."""
        skip = set(skip)
        out = []
        for uid, source, digest, n, blob in self.db.execute(
            "SELECT uid, source, digest, documents, doc FROM staged ORDER BY source, rowid"
        ):
            if uid in skip:
                continue
            try:
                out.append((uid, source, digest, n, _doc_from_blob(blob)))
            except (zlib.error, ValueError, KeyError, TypeError) as exc:
                raise self.damaged(f"staged article {uid!r} cannot be read ({exc})") from None
        return out

    def unstage(self, uids: Sequence[str]) -> None:
        if uids:
            with self.write():
                self.db.executemany("DELETE FROM staged WHERE uid=?", [(u,) for u in uids])

    def staged_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM staged").fetchone()[0]

    def rows_of(self, docs: Iterable[Document]) -> set[int]:
        """Rows of the stored versions of ``docs``: the same file, or the same content."""
        rows: set[int] = set()
        for d in docs:
            uids = [f"{d.path}::{d.id}", f"{os.path.abspath(d.path)}::{d.id}"] if d.path else []
            rows |= {
                r[0]
                for r in self.db.execute(
                    "SELECT id FROM document WHERE hash=? OR uid IN (?, ?)",
                    (document_hash(d), *(uids or ["", ""])),
                )
            }
        return rows

    def known(self, uid: str, digest: str) -> str | None:
        """'unchanged' when this article is stored as is, 'duplicate' when its content is
        stored under another name, None when it must be written."""
        row = self.db.execute(
            "SELECT hash, claims_version FROM document WHERE uid=?", (uid,)
        ).fetchone()
        if row and row[0] == digest and row[1] == claims_version():
            return "unchanged"
        if self.db.execute(
            "SELECT 1 FROM document WHERE hash=? AND uid<>? LIMIT 1", (digest, uid)
        ).fetchone():
            return "duplicate"
        return None

    def stale_documents(self) -> int:
        """Articles whose claims were read by another version of checker (``claims_version``)."""
        return self.db.execute(
            "SELECT count(*) FROM document WHERE claims_version IS NOT ?", (claims_version(),)
        ).fetchone()[0]

    # ------------------------------------------------------------------ writing

    def add(self, items: Iterable[Pending]) -> AddResult:
        """Write a batch of articles in one transaction; skips what is already stored."""
        result = AddResult()
        with self.write():
            for item in items:
                self._add_one(item, result)
        return result

    def _unique_doc_id(self, wanted: str, uid: str) -> str:
        doc_id, n = wanted, 1
        while True:
            row = self.db.execute("SELECT uid FROM document WHERE doc_id=?", (doc_id,)).fetchone()
            if row is None or row[0] == uid:
                return doc_id
            n += 1
            doc_id = f"{wanted}~{n}"

    def _embedding_ids(self, texts: Sequence[str], vectors: np.ndarray) -> list[int]:
        hashes = [text_hash(t) for t in texts]
        q = quantize(vectors)
        self.db.executemany(
            "INSERT OR IGNORE INTO embedding (hash, vector) VALUES (?, ?)",
            [(h, q[i].tobytes()) for i, h in enumerate(hashes)],
        )
        ids: dict[str, int] = {}
        unique = list(dict.fromkeys(hashes))
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            marks = ",".join("?" * len(chunk))
            ids.update(
                self.db.execute(f"SELECT hash, id FROM embedding WHERE hash IN ({marks})", chunk)
            )
        return [ids[h] for h in hashes]

    def _add_one(self, item: Pending, result: AddResult) -> None:
        self.db.execute("DELETE FROM staged WHERE uid=?", (item.uid,))  # done, whatever follows
        doc = item.doc
        digest = document_hash(doc)
        state = self.known(item.uid, digest)  # again, inside the transaction
        if state == "unchanged":
            result.unchanged += 1
            return
        if state == "duplicate":
            result.duplicates += 1
            return
        old = self.db.execute("SELECT id FROM document WHERE uid=?", (item.uid,)).fetchone()
        if old:
            self.db.execute("DELETE FROM document WHERE id=?", (old[0],))  # claims cascade
            result.replaced += 1
        else:
            result.added += 1
        doc_id = self._unique_doc_id(doc.id, item.uid)
        cur = self.db.execute(
            "INSERT INTO document (uid, doc_id, hash, source, path, date, outlet, language, title,"
            " url, line, text, synthetic, indexed_at, claims_version)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (item.uid, doc_id, digest, item.source, doc.path,
             doc.date.isoformat() if doc.date else None, doc.outlet, doc.language, doc.title,
             doc.url, doc.line, zlib.compress(doc.text.encode("utf-8"), 6), int(item.synthetic),
             now(), claims_version()),
        )  # fmt: skip
        rowid = cur.lastrowid
        claims = [c if c.doc == doc_id else rename_claim(c, doc_id) for c in item.claims]
        fams = [family(c) for c in claims]
        comparable = [i for i, f in enumerate(fams) if f is not None]
        key_ids: dict[int, int] = {}
        focus_ids: dict[int, int] = {}
        if comparable:
            texts = [claims[i].key_text for i in comparable] + [
                claims[i].focus_text for i in comparable
            ]
            vecs = np.concatenate([item.key_vectors, item.focus_vectors])
            ids = self._embedding_ids(texts, vecs)
            n = len(comparable)
            for j, i in enumerate(comparable):
                key_ids[i], focus_ids[i] = ids[j], ids[n + j]
            self.db.executemany(
                "INSERT OR IGNORE INTO family_embedding VALUES (?, ?)",
                {(fams[i], e) for i in comparable for e in (key_ids[i], focus_ids[i])},
            )
        date = doc.date.isoformat() if doc.date else None
        self.db.executemany(
            "INSERT INTO claim (document, claim_id, family, kind, value, date, key_emb, focus_emb,"
            " data) VALUES (?,?,?,?,?,?,?,?,?)",
            [(rowid, c.id, fams[i], c.kind, c.quantity.value if np.isfinite(c.quantity.value)
              else None, date, key_ids.get(i), focus_ids.get(i), claim_to_json(c))
             for i, c in enumerate(claims)],
        )  # fmt: skip
        result.claims += len(claims)

    # ------------------------------------------------------------------ reading

    def counts(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT count(*) FROM document"),
            "synthetic": one("SELECT count(*) FROM document WHERE synthetic=1"),
            "claims": one("SELECT count(*) FROM claim"),
            "embeddings": one("SELECT count(*) FROM embedding"),
            "sources": one("SELECT count(*) FROM source"),
        }

    def families(self) -> list[str]:
        """The claim families present, by a skip-scan of the primary key (not a table scan)."""
        rows = self.db.execute(
            "WITH RECURSIVE f(x) AS (SELECT min(family) FROM family_embedding UNION ALL"
            " SELECT (SELECT min(family) FROM family_embedding WHERE family > x) FROM f"
            " WHERE x IS NOT NULL) SELECT x FROM f WHERE x IS NOT NULL"
        )
        return [r[0] for r in rows]

    def family_embeddings(self, fam: str, after: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """(ids, unit vectors) of the embeddings of family ``fam`` with id > ``after``."""
        rows = self.db.execute(
            "SELECT e.id, e.vector FROM family_embedding f JOIN embedding e ON e.id = f.emb"
            " WHERE f.family=? AND f.emb>? ORDER BY f.emb",
            (fam, after),
        ).fetchall()
        ids = np.array([r[0] for r in rows], dtype=np.uint64)
        return ids, self._vectors_of(rows)

    def _vectors_of(self, rows: Sequence[tuple[int, bytes]]) -> np.ndarray:
        """Vectors from (embedding row, blob) rows, each checked to be one int8 vector."""
        for row, blob in rows:
            if not isinstance(blob, bytes) or len(blob) != DIM:
                size = f"{len(blob)} bytes" if isinstance(blob, bytes) else type(blob).__name__
                raise self.damaged(f"embedding row {row} holds {size}, not a {DIM}-byte vector")
        return dequantize([r[1] for r in rows])

    def damaged(self, what: str) -> StoreError:
        return StoreError(self.path, f"is damaged: {what}; {REINDEX}")

    def count_embeddings(self, fam: str, up_to: int) -> int:
        """How many embeddings of ``fam`` have ids up to ``up_to`` (what an index covering
        ``up_to`` must hold)."""
        return self.db.execute(
            "SELECT count(*) FROM family_embedding WHERE family=? AND emb<=?", (fam, up_to)
        ).fetchone()[0]

    def max_embedding(self, fam: str) -> int:
        row = self.db.execute(
            "SELECT max(emb) FROM family_embedding WHERE family=?", (fam,)
        ).fetchone()
        return int(row[0] or 0)

    def vectors(self, ids: Iterable[int]) -> dict[int, np.ndarray]:
        ids = list(dict.fromkeys(int(i) for i in ids))
        out: dict[int, np.ndarray] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT id, vector FROM embedding WHERE id IN ({marks})", chunk
            ).fetchall()
            mat = self._vectors_of(rows)
            out.update({r[0]: mat[j] for j, r in enumerate(rows)})
        return out

    def claims_with_embedding(
        self, fam: str, emb: int, limit: int
    ) -> list[tuple[int, int, int, int]]:
        """(claim row, document row, key emb, focus emb) of up to ``limit`` claims of ``fam``
        whose key or focus text has embedding ``emb``, most recent first."""
        rows = self.db.execute(
            "SELECT id, document, key_emb, focus_emb, date FROM claim WHERE family=? AND key_emb=?"
            " UNION SELECT id, document, key_emb, focus_emb, date FROM claim"
            " WHERE family=? AND focus_emb=? ORDER BY 5 DESC, 1 DESC LIMIT ?",
            (fam, emb, fam, emb, limit),
        ).fetchall()
        return [r[:4] for r in rows]

    def load_claims(
        self, rows: Iterable[int], *, documents: bool = True
    ) -> tuple[dict[int, Claim], dict[str, Document | int]]:
        """Claims by row id, and the documents they come from (doc id -> Document), rebuilt
        as pipeline values; ``documents=False`` gives doc id -> document row instead, without
        reading any article text."""
        rows = list(dict.fromkeys(int(r) for r in rows))
        fetched = []
        for i in range(0, len(rows), 500):
            chunk = rows[i : i + 500]
            marks = ",".join("?" * len(chunk))
            fetched += self.db.execute(
                f"SELECT c.id, c.document, c.data, d.doc_id FROM claim c"
                f" JOIN document d ON d.id = c.document WHERE c.id IN ({marks})",
                chunk,
            ).fetchall()
        claims = {}
        for row, _, data, doc_id in fetched:
            try:
                claims[row] = claim_from_json(data, doc_id)
            except (zlib.error, ValueError, KeyError, TypeError, AttributeError) as exc:
                raise self.damaged(f"claim row {row} cannot be read ({exc})") from None
        if not documents:
            return claims, {doc_id: doc for _, doc, _, doc_id in fetched}
        docs = self.load_documents({r[1] for r in fetched})
        return claims, {d.id: d for d in docs.values()}

    def load_documents(self, rows: Iterable[int]) -> dict[int, Document]:
        rows = list(rows)
        out: dict[int, Document] = {}
        for i in range(0, len(rows), 500):
            chunk = rows[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                "SELECT id, doc_id, path, date, outlet, language, title, url, line, text"
                f" FROM document WHERE id IN ({marks})",
                chunk,
            ):
                try:
                    text = zlib.decompress(r[9]).decode("utf-8")
                    day = dt.date.fromisoformat(r[3]) if r[3] else None
                except (zlib.error, ValueError, TypeError) as exc:
                    raise self.damaged(f"document row {r[0]} cannot be read ({exc})") from None
                out[r[0]] = Document(
                    id=r[1], path=r[2], date=day, outlet=r[4], language=r[5], title=r[6],
                    url=r[7], line=r[8], text=text,
                )  # fmt: skip
        return out

    # ------------------------------------------------------------------ history

    def record_run(
        self, command: str, draft: str | None, findings: Sequence[Finding],
        suppressed: Sequence[Finding] = (),
    ) -> int:  # fmt: skip
        counts: dict[str, int] = {}
        for f in findings:
            counts[f.verdict] = counts.get(f.verdict, 0) + 1
        with self.write():
            cur = self.db.execute(
                "INSERT INTO run (command, started, draft, counts) VALUES (?, ?, ?, ?)",
                (command, now(), draft, json.dumps({**counts, "suppressed": len(suppressed)})),
            )
            run = cur.lastrowid
            self.db.executemany(
                "INSERT INTO finding (run, rule, verdict, level, message, suppressed, evidence)"
                " VALUES (?,?,?,?,?,?,?)",
                [(run, f.rule, f.verdict, f.level, f.message, int(s), json.dumps(
                    [dataclasses.asdict(e) for e in f.evidence], ensure_ascii=False))
                 for fs, s in ((findings, False), (suppressed, True)) for f in fs],
            )  # fmt: skip
        return run

    def snapshot(self) -> dict:
        """The store's content without ids or timestamps: equal stores give equal snapshots."""
        docs = sorted(
            self.db.execute("SELECT uid, doc_id, hash, synthetic FROM document").fetchall()
        )
        claims = sorted(
            self.db.execute(
                "SELECT d.uid, c.claim_id, c.family, c.data, ek.hash, ef.hash FROM claim c"
                " JOIN document d ON d.id = c.document"
                " LEFT JOIN embedding ek ON ek.id = c.key_emb"
                " LEFT JOIN embedding ef ON ef.id = c.focus_emb"
            ).fetchall(),
            key=lambda r: tuple(str(x) for x in r),
        )
        embeddings = sorted(self.db.execute("SELECT hash, vector FROM embedding").fetchall())
        sources = sorted(self.db.execute("SELECT path, sha256, documents FROM source").fetchall())
        fams = sorted(
            self.db.execute(
                "SELECT f.family, e.hash FROM family_embedding f JOIN embedding e ON e.id = f.emb"
            ).fetchall()
        )
        return {"documents": docs, "claims": claims, "embeddings": embeddings,
                "sources": sources, "families": fams}  # fmt: skip
