"""The coverage store: schema migrations, idempotent indexing, and surviving a kill."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, SEEDS
from model_guard import model_fixture

from checker.archive.schema import MIGRATIONS
from checker.archive.store import Store, StoreError
from checker.compare.embed import MODEL_NAME

FIXTURES = Path(__file__).parent / "fixtures" / "store"


@pytest.fixture(scope="module")
def pack():
    from checker.rules import load_rules

    return load_rules()


@model_fixture(scope="module")
def embedder():
    from checker.api import default_embedder

    return default_embedder()


def _index(store, paths, pack, embedder, **kw):
    from checker.archive.indexing import index_paths

    return index_paths(store, paths, pack, embedder, **kw)


# --------------------------------------------------------------------------- schema


def test_new_store_has_every_migration(tmp_path):
    with Store(tmp_path / "s.sqlite") as st:
        names = [r[0] for r in st.db.execute("SELECT name FROM migration ORDER BY name")]
        assert names == [n for n, _ in MIGRATIONS]
        assert st.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_older_store_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE migration (name TEXT PRIMARY KEY, applied_at TEXT)")
    name, sql = MIGRATIONS[0]
    db.executescript(sql)
    db.execute("INSERT INTO migration VALUES (?, 'then')", (name,))
    db.commit()
    db.close()
    with Store(path) as st:
        assert st.migrated == [n for n, _ in MIGRATIONS[1:]]
        assert "finding" in st._tables()


def test_newer_store_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "new.sqlite"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO migration VALUES ('0099-from-the-future', 'later')")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer checker.*0099-from-the-future.*upgrade"):
        Store(path)


def test_foreign_sqlite_file_and_junk_are_refused(tmp_path):
    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE notes (x)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="not a checker store"):
        Store(other)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a checker store"):
        Store(junk)
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.sqlite", create=False)


def test_other_model_is_refused(tmp_path):
    Store(tmp_path / "s.sqlite").close()
    with pytest.raises(StoreError, match="embedding model"):
        Store(tmp_path / "s.sqlite", model="another/model")


# --------------------------------------------------------------------------- indexing


def test_index_is_incremental_and_idempotent(tmp_path, pack, embedder):
    with Store(tmp_path / "s.sqlite") as st:
        first = _index(st, [SEEDS], pack, embedder)
        assert first.added == 5 and first.claims > 20
        before = st.snapshot()
        again = _index(st, [SEEDS], pack, embedder)
        assert (again.files_unchanged, again.added, again.claims) == (5, 0, 0)
        assert st.snapshot() == before


def test_a_new_reader_re_reads_unchanged_files_and_check_warns_until_then(
    tmp_path, pack, embedder, monkeypatch
):
    """Claims stored by an older extractor are stale: index re-reads them, check says so."""
    import checker.archive.store as store_module

    with Store(tmp_path / "s.sqlite") as st:
        first = _index(st, [SEEDS], pack, embedder)
        assert st.stale_documents() == 0
        monkeypatch.setattr(store_module, "claims_version", lambda: "a-newer-reader")
        assert st.stale_documents() == first.added
        again = _index(st, [SEEDS], pack, embedder)
        assert (again.files_unchanged, again.added, again.replaced) == (0, 0, first.added)
        assert st.stale_documents() == 0
        assert _index(st, [SEEDS], pack, embedder).files_unchanged == 5


@pytest.mark.parametrize("library", ["spacy", "pysbd"])
def test_an_upgraded_parser_or_splitter_makes_stored_claims_stale(
    tmp_path, pack, embedder, monkeypatch, library
):
    """The claims version is composed from the stages' versions: a new spaCy (the reader) or
    a new pysbd (the splitter) changes it, and the store re-reads what it holds."""
    from checker.core import versions

    with Store(tmp_path / "s.sqlite") as st:
        first = _index(st, [SEEDS], pack, embedder)
        before = (versions.claims(), versions.reader(), versions.splitter())
        installed = versions.library
        monkeypatch.setattr(
            versions, "library", lambda name: "99.0" if name == library else installed(name)
        )
        versions.clear()
        try:
            after = (versions.claims(), versions.reader(), versions.splitter())
            assert after[0] != before[0]
            assert (after[1] != before[1]) == (library == "spacy")
            assert (after[2] != before[2]) == (library == "pysbd")
            assert st.stale_documents() == first.added
        finally:
            monkeypatch.undo()
            versions.clear()
        assert st.stale_documents() == 0


def test_changed_article_replaces_its_old_version(tmp_path, pack, embedder):
    src = tmp_path / "a.txt"
    src.write_text("Officials said 55 aid trucks entered Gaza on Sunday.\n", encoding="utf-8")
    with Store(tmp_path / "s.sqlite") as st:
        _index(st, [src], pack, embedder)
        src.write_text("Officials said 80 aid trucks entered Gaza on Sunday.\n", encoding="utf-8")
        res = _index(st, [src], pack, embedder)
        assert (res.added, res.replaced) == (0, 1)
        values = [
            json.loads(zlib.decompress(r[0]))["q"]["value"]
            for r in st.db.execute("SELECT data FROM claim")
        ]
        assert values == [80]
        # the same article under another name is a duplicate, not a second source
        copy = tmp_path / "b.txt"
        copy.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
        res = _index(st, [copy], pack, embedder)
        assert (res.added, res.duplicates) == (0, 1)


def test_embeddings_are_int8_and_shared_by_text(tmp_path, pack, embedder):
    with Store(tmp_path / "s.sqlite") as st:
        _index(st, [FIXTURES / "hostages.jsonl"], pack, embedder)
        (blob,) = st.db.execute("SELECT vector FROM embedding LIMIT 1").fetchone()
        assert len(blob) == 384
        n_claims, n_docs = st.counts()["claims"], st.counts()["documents"]
        # "Hamas is holding [NUM] hostages" recurs: fewer vectors than 2 per claim (and the
        # articles' two lead texts each)
        assert st.counts()["embeddings"] < 2 * n_claims + 2 * n_docs
        claim_vectors = st.db.execute(
            "SELECT count(DISTINCT e) FROM (SELECT key_emb e FROM claim UNION ALL"
            " SELECT focus_emb FROM claim) WHERE e IS NOT NULL"
        ).fetchone()[0]
        assert claim_vectors < 2 * n_claims
        ids, vecs = st.family_embeddings("count")
        assert len(ids) and np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


def test_vector_index_finds_the_nearest_text_per_family(tmp_path, pack, embedder):
    from checker.archive.vector_index import VectorIndex

    with Store(tmp_path / "s.sqlite") as st:
        _index(st, [FIXTURES / "hostages.jsonl"], pack, embedder)
        vi = VectorIndex.for_store(st)
        (q,) = embedder.embed(["Hamas is holding [NUM] hostages"])
        (hits,) = vi.search("count", q[None, :], 3)
        ids, vecs = st.family_embeddings("count")
        exact = vecs @ q
        assert hits[0][0] == int(ids[int(np.argmax(exact))])
        assert abs(hits[0][1] - float(exact.max())) < 0.02
        assert vi.search("ordinal", q[None, :], 3) != [[]] or True
        assert vi.search("money:XYZ", q[None, :], 3) == [[]]
        # an index file per family, named by the last embedding it covers
        names = sorted(p.name for p in vi.directory.iterdir())
        assert any(n.startswith("count.") for n in names)
        assert not any(n.startswith(".tmp") for n in names)


# --------------------------------------------------------------------------- killed and concurrent runs

_TEMPLATES = [
    "The ministry said {a} aid trucks entered Gaza on {day}.",
    "At least {b} people were killed in strikes on {day}, officials said.",
    "Some {c} families have fled the town since the fighting began.",
    "The agency counted {a} schools damaged and {b} closed.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _archive(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(
                t.format(a=20 + i % 37, b=100 + (i * 7) % 91, c=1000 + i, day=_DAYS[(i + j) % 5])
                for j, t in enumerate(_TEMPLATES)
            )
            row = {"id": f"a{i:04d}", "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                   "outlet": f"Outlet {i % 4}", "text": text}  # fmt: skip
            fh.write(json.dumps(row) + "\n")
    return path


def _cli(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "checker", *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def _count(path: Path) -> int:
    """Documents in the store, read without creating it (an empty file is no store)."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT count(*) FROM document").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def archive(tmp_path_factory, pack, embedder):
    """A generated archive, and a clean store of it (the reference)."""
    root = tmp_path_factory.mktemp("archive")
    path = _archive(root / "archive.jsonl", 400)
    with Store(root / "warm.sqlite") as st:  # warm the embedding cache: no torch in subprocesses
        _index(st, [path], pack, embedder)
    with Store(root / "clean.sqlite") as st:
        _index(st, [path], pack, embedder)
        clean = st.snapshot()
    return path, clean


def test_index_killed_midway_then_resumed_equals_a_clean_run(tmp_path, archive):
    path, clean = archive
    store = tmp_path / "killed.sqlite"
    proc = _cli("index", str(path), "--store", str(store), "--batch-size", "2", "--no-progress")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _count(store) < 40:
        if proc.poll() is not None:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = _count(store)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    assert 0 < killed_at < 400, f"the run was not killed mid-way ({killed_at} documents)"

    db = sqlite3.connect(store)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM source").fetchone()[0] == 0  # file not marked done
    db.close()
    with Store(store) as st:  # what is there is whole: every stored article has all its claims
        partial = st.snapshot()
    uids = {d[0] for d in partial["documents"]}
    assert set(partial["documents"]) <= set(clean["documents"])
    assert partial["claims"] == [c for c in clean["claims"] if c[0] in uids]

    done = _cli("index", str(path), "--store", str(store), "--no-progress")
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err.decode()
    assert f"{400 - killed_at} articles added" in err.decode()
    with Store(store) as st:
        assert st.snapshot() == clean


def test_two_index_runs_at_once_do_not_corrupt_the_store(tmp_path, archive):
    path, clean = archive
    store = tmp_path / "both.sqlite"
    Store(store).close()
    runs = [_cli("index", str(path), "--store", str(store), "--batch-size", "8", "--no-progress")
            for _ in range(2)]  # fmt: skip
    for r in runs:
        _, err = r.communicate(timeout=120)
        assert r.returncode == 0, err.decode()
    with Store(store) as st:
        assert st.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert st.snapshot() == clean


def test_claims_version_hashes_every_declared_reader_file():
    """Each pattern of ``CLAIMS_SOURCES`` names files that exist, and every module of the number
    reader and every word list is among them: a file moved or split out of the list would
    otherwise leave stores unaware that the reader changed."""
    from checker.core import versions

    here = versions.HERE
    hashed = set()
    for pattern in (*versions.CLAIMS_SOURCES, *versions.READER_SOURCES, *versions.SPLITTER_SOURCES):
        found = set(here.glob(pattern))
        assert found, f"CLAIMS_SOURCES pattern {pattern!r} matches no file"
        hashed |= found
    # every module of the reading folder, but those whose output is no stored claim: the
    # documents (hashed by their own bytes), inline suppressions, dismissals written into a
    # draft (api.dismiss), the cache of claims already read (keyed by this version) and the
    # folder's docstring
    not_claims = {"read/documents.py", "read/decoding.py", "read/fields.py", "read/jsonl.py",
                  "read/suppress.py", "read/dismiss.py", "read/kept.py",
                  "read/__init__.py"}  # fmt: skip
    readers = [p for p in here.glob("read/**/*.py") if str(p.relative_to(here)) not in not_claims]
    readers += [here / "lang/lexicon.py"]
    words = [*here.glob("lang/**/*.yaml")]  # word lists; data/ holds no reader data
    assert readers and words
    missing = sorted(str(p.relative_to(here)) for p in [*readers, *words] if p not in hashed)
    assert not missing, f"not in checker.core.versions' sources: {missing}"


# --------------------------------------------------------------------------- store backends


def test_the_sqlite_store_is_a_coverage_store_and_opens_by_path_or_url(tmp_path, monkeypatch):
    from checker.archive.backends import CoverageStore, open_store

    monkeypatch.chdir(tmp_path)
    with open_store(tmp_path / "a.sqlite", model=MODEL_NAME, backend="torch") as st:
        assert isinstance(st, CoverageStore) and isinstance(st, Store)
    with open_store("sqlite:///b.sqlite", model=MODEL_NAME, backend="torch") as st:
        assert st.path == Path("b.sqlite") and (tmp_path / "b.sqlite").exists()
    with open_store(f"sqlite:///{tmp_path}/c.sqlite", model=MODEL_NAME, backend="torch") as st:
        assert st.path == tmp_path / "c.sqlite"


def test_an_unknown_store_scheme_is_one_line_naming_the_schemes_there_are():
    from checker.archive.backends import open_store
    from checker.core.errors import CheckerError

    with pytest.raises(CheckerError) as err:
        open_store("postgresql://db/coverage", model=MODEL_NAME, backend="torch")
    assert str(err.value) == (
        "postgresql://db/coverage: no coverage store for postgresql:// "
        "(stores there are: sqlite:// or a file path)"
    )


# model: opens a store under the default backend (onnx), which makes the ONNX export when it
# is missing (a fresh machine): that imports torch.
@pytest.mark.model
def test_the_api_opens_a_registered_store_unchanged(tmp_path, monkeypatch):
    """A backend registered under its scheme is what the api opens: nothing else changes."""
    from checker import api
    from checker.archive import backends

    opened = []

    def memory_store(path, **options):
        opened.append((path, options))
        return Store(tmp_path / "behind.sqlite", **options)

    monkeypatch.setitem(backends.STORES, "memory", memory_store)
    config = api.configured(None)
    with api.open_store(config, "memory://coverage") as st:
        assert isinstance(st, backends.CoverageStore)
    assert opened and opened[0][0] == Path("coverage")
