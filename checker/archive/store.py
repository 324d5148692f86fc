"""The coverage store: documents, claims, embeddings and findings history in one SQLite file.

Why SQLite: one file an editor can copy, no server, safe under concurrent use
(WAL journal, a busy timeout, writes in ``BEGIN IMMEDIATE`` transactions).

Layout (see :data:`~checker.archive.schema.MIGRATIONS`):

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
- ``run``/``finding``: the history of ``checker check`` runs and their findings;
- ``across_embedding``, ``claim_across``, ``family_across``, ``document_across``: in a store
  indexed ``--across-languages`` (``meta.across_languages``), each article's multilingual
  vectors (USE, 512 int8: every comparable claim's key and focus text, the two lead texts),
  grouped by the article's language and the claim's family, and which articles have them.

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

import json
import os
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..compare.match import family
from ..compare.stories import lead_texts
from ..core import versions
from ..core.model import Claim, Document, Finding
from .rows import (
    RowError,
    across_hash,
    check_document_columns,
    claim_from_json,
    claim_to_json,
    doc_blob,
    doc_from_blob,
    document_hash,
    now,
    parse_day,
    quantize,
    rename_claim,
    text_from_blob,
    text_hash,
)
from .storefile import StoreError, StoreWarning
from .vectors import VectorRows

__all__ = ["Across", "AddResult", "Pending", "Store", "StoreError", "StoreWarning",
           "claims_version"]  # fmt: skip


def claims_version() -> str:
    """The version of the claims a store holds (:func:`checker.core.versions.claims`: the claims
    code and word lists, the parse-based reader and the sentence splitter).

    When an upgrade changes how figures are read ("47 feet" gained a unit, lengths a family of
    their own; a new spaCy), the claims stored by the old reader are stale: the next
    ``checker index`` of the same files re-reads them, and ``checker check`` warns until it has.
    """
    return versions.claims()


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
    #: Its two lead texts' vectors (:func:`~checker.compare.stories.lead_texts`), if read.
    lead_vectors: np.ndarray | None = None


@dataclass(frozen=True)
class Across:
    """One stored article's multilingual vectors, ready to write (:meth:`Store.add_across`)."""

    #: The article's row.
    document: int
    #: (claim row, family, key text, focus text) of each of its comparable claims.
    claims: tuple[tuple[int, str, str, str], ...]
    #: Its two lead texts (:func:`~checker.compare.stories.lead_texts`).
    leads: tuple[str, str]
    #: Unit vectors of the claims' key texts, their focus texts, then the two lead texts.
    vectors: np.ndarray

    def texts(self) -> list[str]:
        return [c[2] for c in self.claims] + [c[3] for c in self.claims] + list(self.leads)


class Store(VectorRows):
    """An open coverage store: what it holds, read and written. Use as a context manager or
    call :meth:`close`."""

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
                [(uid, source, digest, documents, doc_blob(d), now()) for uid, d in items],
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
                out.append((uid, source, digest, n, doc_from_blob(blob)))
            except RowError as exc:
                raise self.damaged(f"staged row {uid!r} cannot be read ({exc})") from None
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
        return self._vector_ids(texts, vectors, text_hash, "embedding")

    def _vector_ids(
        self, texts: Sequence[str], vectors: np.ndarray, hashed, table: str
    ) -> list[int]:
        """The rows of ``table`` holding ``vectors`` (quantised) of ``texts``, one a text as
        its ``hashed`` digest: written when new, shared when the text is stored already."""
        hashes = [hashed(t) for t in texts]
        q = quantize(vectors)
        self.db.executemany(
            f"INSERT OR IGNORE INTO {table} (hash, vector) VALUES (?, ?)",
            [(h, q[i].tobytes()) for i, h in enumerate(hashes)],
        )
        sql = f"SELECT hash, id FROM {table} WHERE hash IN ({{marks}})"
        ids = dict(self.rows_in(sql, dict.fromkeys(hashes)))
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
        if item.lead_vectors is not None:  # found by their texts' hashes (text_vectors)
            self._embedding_ids(list(lead_texts(doc)), item.lead_vectors)
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

    # ------------------------------------------------------------------ across languages

    def hold_across_languages(self) -> None:
        """Ask the store to hold multilingual vectors for every article from now on
        (``meta.across_languages``): ``checker index`` embeds those it lacks."""
        with self.write():
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('across_languages', '1')")

    def lacking_across(
        self, limit: int
    ) -> list[tuple[int, Document, list[tuple[int, str, Claim]]]]:
        """Up to ``limit`` stored articles without their multilingual vectors, by row: (row,
        article, [(claim row, family, claim) of its comparable claims])."""
        rows = [r[0] for r in self.db.execute(
            "SELECT id FROM document d WHERE NOT EXISTS (SELECT 1 FROM document_across a"
            " WHERE a.document = d.id) ORDER BY id LIMIT ?", (limit,))]  # fmt: skip
        if not rows:
            return []
        docs = self.load_documents(rows)
        claim_rows: dict[int, list[tuple[int, str]]] = {r: [] for r in rows}
        for i in range(0, len(rows), 500):
            chunk = rows[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for claim, doc, fam in self.db.execute(
                f"SELECT id, document, family FROM claim WHERE document IN ({marks})"
                " AND family IS NOT NULL ORDER BY id",
                chunk,
            ):
                if not isinstance(fam, str):
                    raise self.damaged(f"claim row {claim}'s family is {type(fam).__name__}")
                claim_rows[doc].append((claim, fam))
        wanted = (c for v in claim_rows.values() for c, _ in v)
        claims, _ = self.load_claims(wanted, documents=False)
        return [(r, docs[r], [(c, f, claims[c]) for c, f in claim_rows[r]]) for r in rows]

    def add_across(self, items: Iterable[Across]) -> int:
        """Write articles' multilingual vectors in one transaction; returns how many articles
        got theirs (one replaced or deleted meanwhile, or done by another run, is passed over)."""
        done = 0
        with self.write():
            for item in items:
                live = self.db.execute(
                    "SELECT language, date FROM document WHERE id=? AND NOT EXISTS"
                    " (SELECT 1 FROM document_across WHERE document=?)",
                    (item.document, item.document),
                ).fetchone()
                if live is None:
                    continue
                language, date = live
                ids = self._across_ids(item.texts(), item.vectors)
                n = len(item.claims)
                self.db.executemany(
                    "INSERT INTO claim_across VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(row, item.document, language, fam, date, ids[j], ids[n + j])
                     for j, (row, fam, _, _) in enumerate(item.claims)],
                )  # fmt: skip
                self.db.executemany(
                    "INSERT OR IGNORE INTO family_across VALUES (?, ?, ?)",
                    {(language, fam, ids[k]) for j, (_, fam, _, _) in enumerate(item.claims)
                     for k in (j, n + j)},
                )  # fmt: skip
                self.db.execute("INSERT INTO document_across VALUES (?)", (item.document,))
                done += 1
        return done

    def _across_ids(self, texts: Sequence[str], vectors: np.ndarray) -> list[int]:
        return self._vector_ids(texts, vectors, across_hash, "across_embedding")

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

    def load_claims(
        self, rows: Iterable[int], *, documents: bool = True
    ) -> tuple[dict[int, Claim], dict[str, Document | int]]:
        """Claims by row id, and the documents they come from (doc id -> Document), rebuilt
        as pipeline values; ``documents=False`` gives doc id -> document row instead, without
        reading any article text."""
        rows = list(dict.fromkeys(int(r) for r in rows))
        fetched = self.rows_in(
            "SELECT c.id, c.document, c.data, d.doc_id FROM claim c"
            " LEFT JOIN document d ON d.id = c.document WHERE c.id IN ({marks})",
            rows,
        )
        claims = {}
        for row, doc, data, doc_id in fetched:
            if not isinstance(doc_id, str):
                what = "is gone" if doc_id is None else f"has a {type(doc_id).__name__} id"
                raise self.damaged(
                    f"claim row {row} cannot be read (its document row {doc} {what})"
                )
            try:
                claims[row] = _decoded(data, doc_id)
            except RowError as exc:
                raise self.damaged(f"claim row {row} cannot be read ({exc})") from None
        if len(claims) < len(rows):
            gone = next(r for r in rows if r not in claims)
            raise self.damaged(f"claim row {gone} is gone although the index refers to it")
        if not documents:
            return claims, {doc_id: doc for _, doc, _, doc_id in fetched}
        docs = self.load_documents({r[1] for r in fetched})
        return claims, {d.id: d for d in docs.values()}

    def document_rows(self, ids: Iterable[str]) -> dict[str, int]:
        """Stored document id -> its row, for those of ``ids`` the store holds."""
        ids = list(dict.fromkeys(ids))
        return dict(self.rows_in("SELECT doc_id, id FROM document WHERE doc_id IN ({marks})", ids))

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
                    text = _text(r[9])
                    day = parse_day(r[3])
                    check_document_columns(r)
                except RowError as exc:
                    raise self.damaged(f"document row {r[0]} cannot be read ({exc})") from None
                out[r[0]] = Document(
                    id=r[1], path=r[2], date=day, outlet=r[4], language=r[5], title=r[6],
                    url=r[7], line=r[8], text=text,
                )  # fmt: skip
        if len(out) < len(set(rows)):
            gone = next(r for r in rows if r not in out)
            raise self.damaged(f"document row {gone} is gone although its claims refer to it")
        return out

    # ------------------------------------------------------------------ history

    def record_run(
        self, command: str, draft: str | None, findings: Sequence[Finding],
        suppressed: Sequence[Finding] = (),
    ) -> int:  # fmt: skip
        counts: dict[str, int] = {}
        for f in findings:
            counts[f.verdict] = counts.get(f.verdict, 0) + 1
        with self.write(content=False):
            cur = self.db.execute(
                "INSERT INTO run (command, started, draft, counts) VALUES (?, ?, ?, ?)",
                (command, now(), draft, json.dumps({**counts, "suppressed": len(suppressed)})),
            )
            run = cur.lastrowid
            self.db.executemany(
                "INSERT INTO finding (run, rule, verdict, level, message, suppressed, evidence)"
                " VALUES (?,?,?,?,?,?,?)",
                [(run, f.rule, f.verdict, f.level, f.message, int(s), json.dumps(
                    [vars(e) for e in f.evidence], ensure_ascii=False))  # flat: asdict's dict
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
        across = sorted(
            self.db.execute(
                "SELECT d.uid, c.claim_id, a.language, a.family, ek.hash, ef.hash"
                " FROM claim_across a JOIN claim c ON c.id = a.claim"
                " JOIN document d ON d.id = a.document"
                " LEFT JOIN across_embedding ek ON ek.id = a.key_emb"
                " LEFT JOIN across_embedding ef ON ef.id = a.focus_emb"
            ).fetchall(),
            key=lambda r: tuple(str(x) for x in r),
        )
        across_vectors = sorted(
            self.db.execute("SELECT hash, vector FROM across_embedding").fetchall()
        )
        across_docs = sorted(
            r[0] for r in self.db.execute(
                "SELECT d.uid FROM document_across a JOIN document d ON d.id = a.document")
        )  # fmt: skip
        return {"documents": docs, "claims": claims, "embeddings": embeddings,
                "sources": sources, "families": fams, "across": across,
                "across_vectors": across_vectors, "across_documents": across_docs}  # fmt: skip


@lru_cache(maxsize=50_000)
def _decoded(data: bytes, doc_id: str) -> Claim:
    """A stored claim, decoded once per process for the same bytes: a desk checking drafts of
    one story meets the same stored claims check after check, and decoding them (inflate,
    bounded JSON, typed fields) was a third of a warm re-check against 100k claims. Claims are
    frozen values, so sharing one is safe; other bytes are another key."""
    return claim_from_json(data, doc_id)


@lru_cache(maxsize=8_192)
def _text(blob) -> str:
    """A stored article's text, inflated once per process for the same bytes: the articles of
    a draft's story are read again at every re-check (a tenth of one against 100k claims)."""
    return text_from_blob(blob)
