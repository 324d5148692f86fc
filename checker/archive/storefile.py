"""The store's file: an SQLite database that is a checker store, opened safely (a FIFO, socket
or device is refused before anything opens it; a 0-byte, truncated or foreign file is refused
in one line; a file whose journal still holds a checkpoint cut short by a full disk is
finished first; a read-only one is read as it is), migrated (:mod:`~checker.archive.schema`),
checked when it changed since it was last seen whole (pages and references), and written in
one ``BEGIN IMMEDIATE`` transaction at a time. What the store holds, and how it is
read and written, is :class:`~checker.archive.store.Store`'s.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
import urllib.parse
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from ..compare.embed import MODEL_NAME, chosen_backend
from ..core.errors import CheckerError, CheckerWarning, one_line
from .rows import RowError, load_json, now
from .schema import MIGRATIONS, SCHEMA_NAMES, TABLES


class StoreError(CheckerError):
    """The store cannot be opened or used: names the file and what is wrong."""

    def __init__(self, path: str | Path, message: str) -> None:
        self.path = str(path)
        super().__init__(one_line(f"{path}: {message}"))


class OtherBackend(StoreError):
    """The store's vectors come from another embedding backend than the run's."""

    def __init__(self, path: str | Path, message: str, stored: str) -> None:
        super().__init__(path, message)
        self.stored = stored


class StoreWarning(CheckerWarning):
    """The store or its vector index works, but not fully (read-only, a cache not written)."""


#: The way out of a damaged or truncated store, said in every such error.
REINDEX = (
    "re-index the articles into a new store (checker index ARTICLES --store NEW) or restore a copy"
)
_SQLITE_HEADER = b"SQLite format 3\x00"


class _Truncated(StoreError):
    """The file is shorter than its header says (its journal may still hold the rest)."""


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))  # fmt: skip


def check_kind(path: Path) -> bool:
    """Whether ``path`` exists; a FIFO, socket or device is refused before anything opens it
    (reading a FIFO waits for a writer for ever). A symbolic link counts as what it names."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(path, f"cannot read: {exc.strerror or exc}") from None
    for test, what in _KINDS:
        if test(mode):
            raise StoreError(path, f"is {what}, not a store file: give the path of a store file")
    return True


def read_side_file(path: Path, limit: int = 1 << 20) -> bytes | None:
    """A small file kept beside the store (``verified.json``), or None when it is missing,
    not a regular file (never opened for reading: a FIFO would hang), or over ``limit``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit + 1)[:limit]
    except OSError:
        return None
    finally:
        os.close(fd)


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
    raise _Truncated(
        path,
        f"is truncated: {size:,} bytes where its header declares {pages:,} pages of {page:,} "
        f"({pages * page:,} bytes); {REINDEX}",
    )


def journal(path: Path) -> Path:
    """The store's WAL journal."""
    return path.with_name(path.name + "-wal")


def check_store_file(path: Path, read_only: bool) -> None:
    """An existing store file and its journal, before SQLite opens them: regular files, an
    SQLite header, and as long as the header says, once a checkpoint a full disk cut short
    has been finished (:func:`finish_checkpoint`)."""
    check_kind(journal(path))  # SQLite opens the journal too
    try:
        _check_file(path)
    except _Truncated:
        if not finish_checkpoint(path, read_only):
            raise
        _check_file(path)


def finish_checkpoint(path: Path, read_only: bool) -> bool:
    """A file shorter than its header says, beside a journal (WAL) that holds its pages: a
    checkpoint cut short (the disk filled up while SQLite copied the journal into the file).
    Let SQLite finish it, as the file's next writer would have; False when there is no
    journal to finish from. A disk still full is said in one line: nothing is lost."""
    wal = journal(path)
    try:
        if not wal.stat().st_size:
            return False
    except OSError:
        return False
    if read_only:
        raise StoreError(
            path,
            f"is shorter than its header says and its journal {wal.name} holds the rest (a "
            "full disk or a crash during a write?): open it once where it can be written "
            "(checker index or checker check) to finish the write",
        )
    try:
        db = sqlite3.connect(path, timeout=10, isolation_level=None)
        try:
            busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            db.close()
    except sqlite3.Error as exc:
        name = getattr(exc, "sqlite_errorname", "") or ""
        if name.startswith(("SQLITE_FULL", "SQLITE_IOERR")):
            raise StoreError(
                path,
                f"cannot finish the write its journal {wal.name} holds ({exc}: is the disk "
                "full?); nothing is lost: free space and run again",
            ) from None
        raise StoreError(path, f"is damaged ({exc}); {REINDEX}") from None
    if busy:
        raise StoreError(
            path,
            f"its journal {wal.name} holds writes not yet in the file and another process is "
            "using it: run again when that process is done",
        )
    return True


class StoreFile:
    """An open store file. Use as a context manager or call :meth:`close`."""

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        model: str = MODEL_NAME,
        backend: str | None = None,
        as_is: bool = False,
    ) -> None:
        """``as_is``: open an existing store to look at it as it is (``checker store verify``):
        no migration, no check on open, any model and backend."""
        self.path = Path(path)
        #: True when the file or its folder cannot be written: the store still checks drafts.
        self.read_only = False
        #: The file as last seen whole (``PRAGMA quick_check``), to record again on close.
        self._verified: list | None = None
        #: Write transactions committed through this connection (see :meth:`state`).
        self._commits = 0
        existed = check_kind(self.path)
        if not existed:
            if not create or as_is:
                raise StoreError(self.path, "no such store (run 'checker index' first)")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(self.path, f"cannot create: {exc.strerror or exc}") from None
        elif self.path.is_dir():
            raise StoreError(self.path, "is a directory, not a store file")
        else:
            folder = self.path.parent
            self.read_only = not (os.access(self.path, os.W_OK) and os.access(folder, os.W_OK))
            check_store_file(self.path, self.read_only)
        try:
            self.db = self._connect()
        except sqlite3.DatabaseError as exc:
            raise StoreError(self.path, f"not a checker store ({exc})") from None
        if as_is:
            self.migrated, self.model, self.backend = [], model, backend or ""
            return
        try:
            self._migrate(model)
            self._check_schema()
            if existed:
                self._verify_if_changed()
            self._check_backend(chosen_backend(backend))
        except BaseException:
            self.db.close()
            raise

    @property
    def _wal(self) -> Path:
        return journal(self.path)

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
            wal = self._wal
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

    def reference_problems(self, limit: int = 5) -> list[str]:
        """Rows that refer to rows that are gone, up to ``limit`` of them, each naming its
        table and row: a claim's document or vectors, a claim's vectors missing from its
        family's (what the vector index is built from: a search would silently miss them),
        a family's vector, a finding's run. One pass over the claims, by primary keys."""
        q = self.db.execute(
            "SELECT id, document, family, key_emb, focus_emb, has_doc, has_key, has_focus,"
            " in_family FROM (SELECT c.id, c.document, c.family, c.key_emb, c.focus_emb,"
            " EXISTS (SELECT 1 FROM document d WHERE d.id = c.document) AS has_doc,"
            " c.key_emb IS NULL OR EXISTS (SELECT 1 FROM embedding e WHERE e.id = c.key_emb)"
            "  AS has_key,"
            " c.focus_emb IS NULL OR EXISTS (SELECT 1 FROM embedding e WHERE e.id = c.focus_emb)"
            "  AS has_focus,"
            " c.family IS NULL OR (c.key_emb IS NOT NULL AND c.focus_emb IS NOT NULL"
            "  AND EXISTS (SELECT 1 FROM family_embedding f WHERE f.family = c.family"
            "   AND f.emb = c.key_emb)"
            "  AND EXISTS (SELECT 1 FROM family_embedding f WHERE f.family = c.family"
            "   AND f.emb = c.focus_emb)) AS in_family FROM claim c)"
            " WHERE NOT (has_doc AND has_key AND has_focus AND in_family) LIMIT ?",
            (limit,),
        )
        out = []
        for row, doc, fam, key, focus, has_doc, has_key, has_focus, _ in q:
            if not has_doc:
                out.append(f"claim row {row}: its document row {doc} is gone")
            elif not has_key or not has_focus:
                gone = key if not has_key else focus
                out.append(f"claim row {row}: its vector (embedding row {gone}) is gone")
            elif key is None or focus is None:
                out.append(f"claim row {row} of family {fam!r} has no key or focus vector")
            else:
                out.append(
                    f"claim row {row}: its vectors (embedding rows {key}, {focus}) are not all "
                    f"in family {fam!r} (table family_embedding): searches would miss it"
                )
        for fam, emb in self.db.execute(
            "SELECT family, emb FROM family_embedding f WHERE NOT EXISTS"
            " (SELECT 1 FROM embedding e WHERE e.id = f.emb) LIMIT ?",
            (limit,),
        ):
            out.append(f"family_embedding row ({fam!r}, {emb}): embedding row {emb} is gone")
        out += self._across_problems(limit)
        for row, run in self.db.execute(
            "SELECT id, run FROM finding f WHERE NOT EXISTS (SELECT 1 FROM run r WHERE"
            " r.id = f.run) LIMIT ?",
            (limit,),
        ):
            out.append(f"finding row {row}: its run row {run} is gone")
        return out[:limit]

    def _across_problems(self, limit: int) -> list[str]:
        """:meth:`reference_problems` of the multilingual vectors (tables ``claim_across``,
        ``family_across``): none in a store indexed without ``--across-languages``."""
        out = []
        q = self.db.execute(
            "SELECT claim, document, language, family, key_emb, focus_emb, has_claim, has_key,"
            " has_focus, in_family FROM (SELECT a.*,"
            " EXISTS (SELECT 1 FROM claim c WHERE c.id = a.claim AND c.document = a.document)"
            "  AS has_claim,"
            " EXISTS (SELECT 1 FROM across_embedding e WHERE e.id = a.key_emb) AS has_key,"
            " EXISTS (SELECT 1 FROM across_embedding e WHERE e.id = a.focus_emb) AS has_focus,"
            " EXISTS (SELECT 1 FROM family_across f WHERE f.language = a.language"
            "  AND f.family = a.family AND f.emb = a.key_emb)"
            " AND EXISTS (SELECT 1 FROM family_across f WHERE f.language = a.language"
            "  AND f.family = a.family AND f.emb = a.focus_emb) AS in_family"
            " FROM claim_across a) WHERE NOT (has_claim AND has_key AND has_focus AND in_family)"
            " LIMIT ?",
            (limit,),
        )
        for row, doc, lang, fam, key, focus, has_claim, has_key, has_focus, _ in q:
            if not has_claim:
                out.append(f"claim_across row {row}: its claim row (of document row {doc}) is gone")
            elif not has_key or not has_focus:
                gone = key if not has_key else focus
                out.append(f"claim_across row {row}: its vector (across_embedding row {gone}) "
                           "is gone")  # fmt: skip
            else:
                out.append(
                    f"claim_across row {row}: its vectors (across_embedding rows {key}, {focus}) "
                    f"are not all in group ({lang!r}, {fam!r}) (table family_across): searches "
                    "would miss it"
                )
        for lang, fam, emb in self.db.execute(
            "SELECT language, family, emb FROM family_across f WHERE NOT EXISTS"
            " (SELECT 1 FROM across_embedding e WHERE e.id = f.emb) LIMIT ?",
            (limit,),
        ):
            out.append(
                f"family_across row ({lang!r}, {fam!r}, {emb}): across_embedding row {emb} is gone"
            )
        return out

    def check_references(self) -> None:
        """:meth:`reference_problems` as a :class:`StoreError` naming the first."""
        try:
            problems = self.reference_problems()
        except sqlite3.DatabaseError as exc:
            raise self.failure(exc) from None
        if problems:
            more = f", and {len(problems) - 1} more" if len(problems) > 1 else ""
            raise self.damaged(f"{problems[0]}{more}")

    @property
    def _verified_file(self) -> Path:
        return self.path.with_name(self.path.name + ".vindex") / "verified.json"

    def _file_state(self) -> list:
        """What identifies these bytes: device, inode, size, mtime and ctime of the file and
        of its WAL journal. A restored or copied file has a new ctime, which no one can set."""
        state = []
        for p in (self.path, self._wal):
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
        seen = read_side_file(self._verified_file)
        try:
            if seen is not None and load_json(seen, compressed=False) == state:
                self._verified = state
                return
        except RowError:
            pass  # damaged or not ours: check the file, and write it anew
        self.verify()
        self.check_references()
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

    def damaged(self, what: str) -> StoreError:
        return StoreError(self.path, f"is damaged: {what}; {REINDEX}")

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
            stored = one_line(str(stored))  # the store's own text: shown, never obeyed
            raise OtherBackend(
                self.path,
                f"built with embedding backend {stored!r}, not {backend!r}; set "
                f"embedding_backend: {stored} in checker.yaml (or CHECKER_EMBEDDING_BACKEND="
                f"{stored}), or index into a new store to change backends",
                stored,
            )
        self.backend = backend

    @contextmanager
    def write(self, *, content: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``): all or nothing. A
        failure (a full disk) rolls it back, leaving the store as it was before it.
        ``content=False``: it writes only the history of runs, which leaves :meth:`state` as
        it is (what a check reads from the store does not change)."""
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
            self._commits += content
        except BaseException as exc:
            if self.db.in_transaction:  # SQLITE_FULL may already have rolled it back
                self.db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self.failure(exc) from None
            raise

    def rows_in(self, sql: str, keys: Sequence) -> list[tuple]:
        """The rows of ``sql`` for every key of ``keys``, where ``sql`` holds ``IN ({marks})``:
        run in chunks of 500 keys, under SQLite's limit on bound variables."""
        keys = list(keys)
        out: list[tuple] = []
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            out += self.db.execute(sql.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
        return out

    def state(self) -> tuple[int, int]:
        """A token that changes whenever the stored content may have: a commit by another
        connection (SQLite's ``data_version``) or one of this one's that wrote articles. What is worked out from the
        store can be kept while it stays the same."""
        return (self.db.execute("PRAGMA data_version").fetchone()[0], self._commits)

    def close(self) -> None:
        self.db.close()
        if self._verified is not None and not self.read_only:
            self._record_verified()  # our own writes leave it whole
            self._verified = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        self.close()
        if isinstance(exc, sqlite3.DatabaseError):  # damage met while reading: one line
            raise self.failure(exc) from None
