"""The store's vectors, by claim family: what the vector index of each family is built from
and searched against (int8 rows, dequantised to unit float32).

A store indexed ``--across-languages`` also holds a multilingual vector (USE, 512 int8) per
comparable claim's key and focus text and per article's lead texts (tables
``across_embedding``, ``claim_across``, ``family_across``), grouped by the article's
language and the claim's family: a draft searches those of the other languages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from ..compare.embed import DIM
from ..compare.embed_multi import DIM as ACROSS_DIM
from .rows import INT8_SCALE, RowError, across_hash, check_vector, dequantize, text_hash
from .storefile import StoreFile


class VectorRows(StoreFile):
    """Reads of a store's embeddings, family by family (:class:`~checker.archive.store.Store`
    adds what it holds besides)."""

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
            "SELECT f.emb, e.vector FROM family_embedding f LEFT JOIN embedding e ON e.id = f.emb"
            " WHERE f.family=? AND f.emb>? ORDER BY f.emb",
            (fam, after),
        ).fetchall()
        ids = np.array([r[0] for r in rows], dtype=np.uint64)
        return ids, self._vectors_of(rows)

    def _vectors_of(
        self, rows: Sequence[tuple[int, bytes]], dim: int = DIM, table: str = "embedding"
    ) -> np.ndarray:
        """Vectors from (row, blob) rows of ``table``, each checked to be one quantised unit
        vector of ``dim`` values (:func:`~checker.archive.rows.check_vector`); a missing row
        (None) is damage."""
        for row, blob in rows:
            if blob is None:
                raise self.damaged(f"{table} row {row} is gone although its family refers to it")
            if not isinstance(blob, bytes) or len(blob) != dim:
                self._bad_vector(row, blob, dim, table)
        if rows:  # the rest of check_vector, for all rows at once
            m = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.int8).reshape(len(rows), dim)
            norms = np.sqrt((m.astype(np.float32) ** 2).sum(axis=1))
            bad = (m == -128).any(axis=1) | (np.abs(norms - INT8_SCALE) > 10)
            if bad.any():
                row, blob = rows[int(np.argmax(bad))]
                self._bad_vector(row, blob, dim, table)
        return dequantize([r[1] for r in rows], dim)

    def _bad_vector(self, row: int, blob, dim: int = DIM, table: str = "embedding") -> None:
        try:
            check_vector(blob, dim)
        except RowError as exc:
            raise self.damaged(f"{table} row {row} {exc}") from None
        raise AssertionError(f"{table} row {row} passed check_vector")

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
        """MiniLM vectors by row of ``embedding``."""
        return self._vectors_by_id(ids, "embedding", DIM)

    def _vectors_by_id(self, ids: Iterable[int], table: str, dim: int) -> dict[int, np.ndarray]:
        """Checked unit vectors of ``table``'s rows ``ids``; a row that is gone is damage."""
        ids = list(dict.fromkeys(int(i) for i in ids))
        rows = self.rows_in(f"SELECT id, vector FROM {table} WHERE id IN ({{marks}})", ids)
        mat = self._vectors_of(rows, dim, table)
        out = {r[0]: mat[j] for j, r in enumerate(rows)}
        if len(out) < len(ids):
            gone = next(i for i in ids if i not in out)
            raise self.damaged(f"{table} row {gone} is gone although a claim refers to it")
        return out

    def text_vectors(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those ``texts`` the store holds (claims' key and focus texts,
        articles' lead texts), by text; the others are left out."""
        return self._vectors_by_text(texts, text_hash, "embedding", DIM)

    def _vectors_by_text(
        self, texts: Iterable[str], hashed, table: str, dim: int
    ) -> dict[str, np.ndarray]:
        """Checked unit vectors of ``table`` for those ``texts`` it holds (rows found by the
        text's ``hashed`` digest), by text."""
        by_hash = {hashed(t): t for t in texts}
        rows = self.rows_in(f"SELECT id, vector, hash FROM {table} WHERE hash IN ({{marks}})",
                            by_hash)  # fmt: skip
        mat = self._vectors_of([r[:2] for r in rows], dim, table)
        return {by_hash[r[2]]: mat[j] for j, r in enumerate(rows)}

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
        for row, _doc, key, focus, _date in rows:
            if not (isinstance(key, int) and isinstance(focus, int)):
                raise self.damaged(f"claim row {row} of family {fam!r} has no key or focus vector")
        return [r[:4] for r in rows]

    # ------------------------------------------------------------------ across languages

    def across_languages(self) -> bool:
        """Whether the store was indexed ``--across-languages`` (``meta.across_languages``):
        every article it holds has, or will have once ``checker index`` has run again, its
        multilingual vectors."""
        row = self.db.execute("SELECT value FROM meta WHERE key='across_languages'").fetchone()
        return row is not None and row[0] == "1"

    def across_spaces(self) -> list[tuple[str, str]]:
        """(language, family) of every group of multilingual vectors, by seeks on the primary
        key (not a table scan); empty in a store indexed without ``--across-languages``."""
        out: list[tuple[str, str]] = []
        row = self.db.execute(
            "SELECT language, family FROM family_across ORDER BY language, family LIMIT 1"
        ).fetchone()
        while row is not None:
            if not (isinstance(row[0], str) and isinstance(row[1], str)):
                raise self.damaged(f"family_across holds a group {row!r} that is not two texts")
            out.append(tuple(row))
            row = self.db.execute(
                "SELECT language, family FROM family_across WHERE (language, family) > (?, ?)"
                " ORDER BY language, family LIMIT 1",
                row,
            ).fetchone()
        return out

    def across_embeddings(
        self, space: tuple[str, str], after: int = 0
    ) -> tuple[np.ndarray, np.ndarray]:
        """(ids, unit vectors) of the multilingual vectors of ``space`` (language, family)
        with id > ``after``."""
        rows = self.db.execute(
            "SELECT f.emb, e.vector FROM family_across f"
            " LEFT JOIN across_embedding e ON e.id = f.emb"
            " WHERE f.language=? AND f.family=? AND f.emb>? ORDER BY f.emb",
            (*space, after),
        ).fetchall()
        ids = np.array([r[0] for r in rows], dtype=np.uint64)
        return ids, self._vectors_of(rows, ACROSS_DIM, "across_embedding")

    def count_across(self, space: tuple[str, str], up_to: int) -> int:
        return self.db.execute(
            "SELECT count(*) FROM family_across WHERE language=? AND family=? AND emb<=?",
            (*space, up_to),
        ).fetchone()[0]

    def max_across(self, space: tuple[str, str]) -> int:
        row = self.db.execute(
            "SELECT max(emb) FROM family_across WHERE language=? AND family=?", space
        ).fetchone()
        return int(row[0] or 0)

    def across_vectors(self, ids: Iterable[int]) -> dict[int, np.ndarray]:
        """Multilingual vectors by row of ``across_embedding``."""
        return self._vectors_by_id(ids, "across_embedding", ACROSS_DIM)

    def across_text_vectors(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """The multilingual vectors the store holds for those of ``texts`` it holds (claims'
        key and focus texts, articles' lead texts), by text."""
        return self._vectors_by_text(texts, across_hash, "across_embedding", ACROSS_DIM)

    def claims_across(
        self, space: tuple[str, str], emb: int, limit: int
    ) -> list[tuple[int, int, int, int]]:
        """(claim row, document row, key vector, focus vector) of up to ``limit`` claims of
        ``space`` (language, family) whose key or focus text has multilingual vector ``emb``,
        most recent first."""
        rows = self.db.execute(
            "SELECT claim, document, key_emb, focus_emb, date FROM claim_across"
            " WHERE language=? AND family=? AND key_emb=?"
            " UNION SELECT claim, document, key_emb, focus_emb, date FROM claim_across"
            " WHERE language=? AND family=? AND focus_emb=? ORDER BY 5 DESC, 1 DESC LIMIT ?",
            (*space, emb, *space, emb, limit),
        ).fetchall()
        for row, _doc, key, focus, _date in rows:
            if not (isinstance(key, int) and isinstance(focus, int)):
                raise self.damaged(f"claim_across row {row} has no key or focus vector")
        return [r[:4] for r in rows]

    def document_languages(self, rows: Iterable[int]) -> dict[int, str]:
        """The language of each stored article of ``rows``."""
        rows = list(dict.fromkeys(int(r) for r in rows))
        return dict(self.rows_in("SELECT id, language FROM document WHERE id IN ({marks})", rows))

    def missing_across(self) -> int:
        """Articles without their multilingual vectors yet (written by an index run that was
        killed before it embedded them, or before the store was asked to hold them)."""
        (docs,) = self.db.execute("SELECT count(*) FROM document").fetchone()
        (done,) = self.db.execute("SELECT count(*) FROM document_across").fetchone()
        return max(0, docs - done)
