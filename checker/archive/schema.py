"""The coverage store's tables: named schema migrations, applied in order (see
:class:`~checker.archive.storefile.StoreFile`). Never edit one that has shipped: add another.
"""

from __future__ import annotations

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
    (
        # Vectors across languages (``checker index --across-languages``): a second, multilingual
        # vector (USE, 512 int8) per comparable claim's key and focus text and per article's
        # lead texts, beside MiniLM's; empty in a store indexed without the option.
        "0005-vectors-across-languages",
        """
        CREATE TABLE across_embedding (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            hash TEXT NOT NULL UNIQUE,
            vector BLOB NOT NULL
        );
        CREATE TABLE claim_across (
            claim INTEGER PRIMARY KEY REFERENCES claim(id) ON DELETE CASCADE,
            document INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
            language TEXT NOT NULL, family TEXT NOT NULL, date TEXT,
            key_emb INTEGER NOT NULL REFERENCES across_embedding(id),
            focus_emb INTEGER NOT NULL REFERENCES across_embedding(id)
        );
        CREATE INDEX claim_across_key ON claim_across(language, family, key_emb, date);
        CREATE INDEX claim_across_focus ON claim_across(language, family, focus_emb, date);
        CREATE INDEX claim_across_document ON claim_across(document);
        CREATE TABLE family_across (
            language TEXT NOT NULL, family TEXT NOT NULL,
            emb INTEGER NOT NULL REFERENCES across_embedding(id),
            PRIMARY KEY (language, family, emb)
        ) WITHOUT ROWID;
        CREATE TABLE document_across (
            document INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE
        );
        """,
    ),
)

SCHEMA_NAMES = tuple(name for name, _ in MIGRATIONS)

#: Every table the migrations make.
TABLES = frozenset({"meta", "source", "document", "embedding", "claim", "family_embedding",
                    "run", "finding", "migration", "staged", "across_embedding", "claim_across",
                    "family_across", "document_across"})  # fmt: skip
