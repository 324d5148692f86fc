"""Store faults: each one is a single line naming the file and the way out, never a traceback,
and the store is left as it was. A read-only store still checks drafts."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from model_guard import model_fixture
from test_cli_hostile import run_main

from checker.archive.store import Store, StoreError

DRAFT = SEEDS / "001_c8ffc32e1dfc1935.txt"
NEW = Path(__file__).parent / "fixtures" / "store" / "hostages.jsonl"


@model_fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A store of the seeds, made once; tests work on copies."""
    from checker import api

    path = tmp_path_factory.mktemp("faults") / "seeds.sqlite"
    with Store(path) as st:
        api.index(st, [SEEDS])
    return path


def _copy(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)
    return dst


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("checker: error: "), err
    assert "Traceback" not in err
    return lines[0]


def _immutable(path: Path) -> bool:
    """``chattr +i``: read-only even for root (file modes are not, and tests may run as root)."""
    if os.geteuid() != 0:
        path.chmod(0o555 if path.is_dir() else 0o444)
        return True
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    return done.returncode == 0


def _mutable(path: Path) -> None:
    if os.geteuid() != 0:
        path.chmod(0o755 if path.is_dir() else 0o644)
    else:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


@pytest.fixture
def frozen():
    """Paths made read-only for a test, made writable again after it (tmp_path cleans up)."""
    made: list[Path] = []

    def freeze(path: Path) -> None:
        if not _immutable(path):
            pytest.skip("cannot make a file read-only here (chattr +i refused)")
        made.append(path)

    yield freeze
    for p in made:
        _mutable(p)


# model: opens a store under the default backend (onnx), which makes the ONNX export when it
# is missing (a fresh machine): that imports torch.
@pytest.mark.model
def test_a_0_byte_store_is_an_error_not_an_empty_archive(tmp_path, capsys):
    """A truncated CI cache used to pass every draft with exit 0 (and be rewritten as a new
    store); now it is one line and the file is left as it was."""
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    code, out, err = run_main(capsys, "check", DRAFT, "--store", empty)
    line = _one_error_line(err)
    assert code == 2 and out == ""
    assert "is empty (0 bytes)" in line and "re-index" in line
    assert empty.stat().st_size == 0
    with pytest.raises(StoreError, match="is empty"):
        Store(empty)  # not even to create it afresh: a 0-byte file is someone's lost store


def test_a_truncated_store_says_how_much_is_missing(tmp_path, seeded, capsys):
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(seeded.read_bytes()[:50_000])
    code, _, err = run_main(capsys, "check", DRAFT, "--store", cut)
    line = _one_error_line(err)
    assert code == 2 and "is truncated: 50,000 bytes" in line and "re-index" in line


def test_a_garbled_page_is_found_on_open(tmp_path, seeded, capsys):
    """Garbage over a b-tree page: the check used to run on, reading what it could."""
    bad = _copy(seeded, tmp_path / "garbled.sqlite")
    db = sqlite3.connect(bad)
    (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name='claim'").fetchone()
    (page,) = db.execute("PRAGMA page_size").fetchone()
    db.close()
    with open(bad, "r+b") as fh:
        fh.seek((root - 1) * page + 8)
        fh.write(bytes(range(256)) * 8)
    code, _, err = run_main(capsys, "check", DRAFT, "--store", bad)
    line = _one_error_line(err)
    assert code == 2 and "is damaged" in line and "re-index" in line


def test_a_garbled_blob_is_found_on_read(tmp_path, seeded):
    bad = _copy(seeded, tmp_path / "blob.sqlite")
    db = sqlite3.connect(bad)
    db.execute("UPDATE claim SET data = ? WHERE id = 1", (zlib.compress(b"{}")[:-3] + b"xyz",))
    db.execute("UPDATE embedding SET vector = x'0102' WHERE id = 1")
    db.commit()
    db.close()
    with Store(bad) as st:
        with pytest.raises(StoreError, match="is damaged: claim row 1 cannot be read"):
            st.load_claims([1])
        with pytest.raises(StoreError, match="embedding row 1 holds 2 bytes, not a 384-byte"):
            st.vectors([1])


def test_a_dropped_table_is_damage(tmp_path, seeded, capsys):
    bad = _copy(seeded, tmp_path / "dropped.sqlite")
    db = sqlite3.connect(bad)
    db.execute("DROP TABLE claim")
    db.commit()
    db.close()
    code, _, err = run_main(capsys, "check", DRAFT, "--store", bad)
    line = _one_error_line(err)
    assert code == 2 and "table 'claim' is missing" in line and "re-index" in line


def test_a_full_disk_is_one_line_and_loses_nothing(tmp_path, seeded, monkeypatch):
    """SQLITE_FULL from SQLite itself: ``max_page_count`` caps the file at its size now. The
    batch being written is rolled back, batches committed before it are kept whole (the first
    batches are of 1 and 2 articles, which may fit in the file's pages), and the same index
    run again once there is room ends where an index with room all along ends."""
    from checker import api

    full = _copy(seeded, tmp_path / "full.sqlite")
    roomy = _copy(seeded, tmp_path / "roomy.sqlite")
    with Store(roomy) as st:
        api.index(st, [NEW])
        whole = st.snapshot()
    with Store(full) as st:
        before = st.snapshot()
        st.db.execute("VACUUM")  # no free pages left inside the file either
        (pages,) = st.db.execute("PRAGMA page_count").fetchone()
        st.db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StoreError, match="the disk is full .*rolled back.*run again"):
            api.index(st, [NEW])
        kept = st.snapshot()
        assert not st.db.in_transaction
        assert kept != whole
        for key, rows in before.items():  # nothing lost, and only whole articles kept
            assert set(rows) <= set(kept[key]) <= set(whole[key]), key
        new_docs = {d[0] for d in kept["documents"]} - {d[0] for d in before["documents"]}
        new_claims = {c[0] for c in kept["claims"]} - {c[0] for c in before["claims"]}
        assert new_claims == {c[0] for c in whole["claims"] if c[0] in new_docs}
    with Store(full) as st:
        assert st.snapshot() == kept
        assert st.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        api.index(st, [NEW])  # room again: the same run ends where it would have
        assert st.snapshot() == whole


def test_a_read_only_store_still_checks_drafts(tmp_path, seeded, capsys, frozen):
    """It used to be refused as 'not a checker store' (in a read-only folder) or to end in
    a traceback; now it checks, says what it could not write, and refuses to index."""
    folder = tmp_path / "ro"
    folder.mkdir()
    store = _copy(seeded, folder / "s.sqlite")
    code, want, _ = run_main(capsys, "check", DRAFT, "--store", store, "--no-history")
    shutil.rmtree(folder / "s.sqlite.vindex")  # nor can the vector index be written
    frozen(store)
    frozen(folder)
    code, out, err = run_main(capsys, "check", DRAFT, "--store", store)
    assert code in (0, 1) and out == want
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith("checker: warning: ") and "cannot write the vector index" in lines[0]
    assert "findings not recorded" in lines[1] and "read-only" in lines[1]
    code, _, err = run_main(capsys, "index", NEW, "--store", store)
    assert code == 2 and "is read-only" in _one_error_line(err)


def test_an_unwritable_vector_index_path(tmp_path, seeded, capsys):
    """The ``.vindex`` path is a file: ``index`` refuses before writing anything, ``check``
    searches from memory and says so once."""
    store = _copy(seeded, tmp_path / "s.sqlite")
    (tmp_path / "s.sqlite.vindex").write_text("not a folder")
    with Store(store) as st:
        before = st.snapshot()
    code, _, err = run_main(capsys, "index", NEW, "--store", store)
    line = _one_error_line(err)
    assert code == 2 and "s.sqlite.vindex" in line and "a file, not a folder" in line
    assert "nothing was indexed" in line
    with Store(store) as st:
        assert st.snapshot() == before
    code, out, err = run_main(capsys, "check", DRAFT, "--store", store, "--no-history")
    assert code in (0, 1) and "agree" in out
    assert err.count("checker: warning:") == 1 and "cannot write the vector index" in err


def test_an_unwritable_cache_folder_runs_uncached_and_says_so_once(tmp_path, monkeypatch, frozen):
    """The embedding, reading and sentence caches used to fall back without a word."""
    import checker.core.kvcache as kvcache
    from checker.core.errors import CheckerWarning

    cache = tmp_path / "cache"
    cache.mkdir()
    frozen(cache)
    monkeypatch.setattr(kvcache, "_said", False)
    with pytest.warns(CheckerWarning) as said:
        caches = [kvcache.KVCache(cache / "embeddings.sqlite", "embedding", "vector"),
                  kvcache.KVCache(cache / "readings.sqlite", "reading", "data", "TEXT")]  # fmt: skip
        for c in caches:  # uncached: nothing kept, nothing found, no error
            c.put_many({"key": "value"})
            assert not c.enabled and c.get_many(["key"]) == {}
    assert len(said) == 1, [str(w.message) for w in said]
    assert str(said[0].message).startswith(f"{cache}: cannot use the cache here")


def _rows(path: Path, table: str) -> int:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


@pytest.mark.model
def test_an_index_run_commits_its_articles_before_the_models_load(tmp_path):
    """A cold ``index`` used to spend ~14 s loading spaCy and torch before its first commit,
    so kills in that window made no progress. Now it stages every article it reads (text and
    metadata) at once; killed before any claims are taken, a rerun finishes them, even when
    their file is gone."""
    import time

    from test_store import _archive

    from checker import api

    archive = _archive(tmp_path / "archive.jsonl", 30)
    other = tmp_path / "other.txt"
    other.write_text("Officials said 55 aid trucks entered Gaza on Sunday.\n", encoding="utf-8")
    with Store(tmp_path / "clean.sqlite") as st:
        api.index(st, [archive, other])
        clean = st.snapshot()

    store = tmp_path / "killed.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CHECKER_CACHE_DIR": str(tmp_path / "cold")}
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker", "index", str(archive), "--store", str(store),
         "--no-progress"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    while time.monotonic() - start < 60 and _rows(store, "staged") < 30:
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    staged_after = time.monotonic() - start
    proc.kill()
    _, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, err.decode()
    assert _rows(store, "staged") == 30 and _rows(store, "document") == 0
    assert staged_after < 10, f"first commit after {staged_after:.1f} s"

    archive.unlink()  # the input is gone: what was staged is not
    with Store(store) as st:
        assert st.staged_count() == 30
        res = api.index(st, [other])
        assert (res.files, res.added) == (1, 31)
        assert st.staged_count() == 0
        assert st.snapshot() == clean


# model: opens a store under the default backend (onnx), which makes the ONNX export when it
# is missing (a fresh machine): that imports torch.
@pytest.mark.model
def test_bad_input_in_an_index_run_writes_nothing(tmp_path, capsys):
    """Staging waits until every file has been read: a bad file anywhere stops the run first."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Officials said 55 aid trucks entered Gaza on Sunday.\n")
    (folder / "b.jsonl").write_text('{"id": "x"}\n')
    store = tmp_path / "s.sqlite"
    code, _, err = run_main(capsys, "index", folder, "--store", store)
    assert code == 2 and "b.jsonl:1: row has no 'text' field" in _one_error_line(err)
    with Store(store) as st:
        assert st.counts()["documents"] == 0 and st.staged_count() == 0


# --------------------------------------------------------------------------- damage in rows
# (issue 23, item 6) SQLite's own check passes on each of these stores: the damage is in what
# the rows hold. Each used to be a traceback or, for a family's vector, fewer findings and exit 0.


def _tamper(src: Path, dst: Path, *sql: tuple) -> Path:
    """A copy of ``src`` changed by SQL (``(statement, params)``), foreign keys off."""
    _copy(src, dst)
    db = sqlite3.connect(dst)
    db.execute("PRAGMA foreign_keys = OFF")
    for statement, *params in sql:
        db.execute(statement, *params)
    db.commit()
    db.close()
    return dst


def _claim_data(path: Path, row: int) -> dict:
    import json

    db = sqlite3.connect(path)
    (blob,) = db.execute("SELECT data FROM claim WHERE id = ?", (row,)).fetchone()
    db.close()
    return json.loads(zlib.decompress(blob))


def _packed(data) -> bytes:
    import json

    return zlib.compress(json.dumps(data).encode())


BOMB = zlib.compress(b"[" * 200_000 + b"]" * 200_000)


@pytest.mark.parametrize(
    ("case", "sql", "said"),
    [
        ("nested claim", [("UPDATE claim SET data = ?", (BOMB,))],
         "claim row 1 cannot be read (JSON nested deeper than 16 levels)"),
        ("claim of wrong types", [("UPDATE claim SET data = ?", (_packed({"id": 3}),))],
         "claim row 1 cannot be read (the claim has no field 'sentence')"),
        ("document gone", [("DELETE FROM document WHERE id = 1",)],
         "claim row 1: its document row 1 is gone"),
        ("vector gone", [("DELETE FROM embedding WHERE id = (SELECT key_emb FROM claim WHERE"
                          " key_emb IS NOT NULL ORDER BY id LIMIT 1)",)],
         "its vector (embedding row"),
        ("family vector gone", [("DELETE FROM family_embedding WHERE (family, emb) IN (SELECT"
                                 " family, key_emb FROM claim WHERE family = 'count')",)],
         "are not all in family 'count' (table family_embedding): searches would miss it"),
        ("garbled vector", [("UPDATE embedding SET vector = ? WHERE id = 1", (bytes(384),))],
         "embedding row 1 is not a unit vector (length 0.00)"),
    ],
    ids=lambda x: x if isinstance(x, str) and " " in x and len(x) < 25 else "",
)  # fmt: skip
def test_damage_in_rows_is_one_line_naming_table_and_row(tmp_path, seeded, capsys, case, sql, said):
    bad = _tamper(seeded, tmp_path / "bad.sqlite", *sql)
    code, out, err = run_main(capsys, "check", DRAFT, "--store", bad, "--no-history")
    line = _one_error_line(err)
    assert code == 2 and out == "", err
    assert line.startswith(f"checker: error: {bad}: is damaged: ") and said in line, line
    assert line.endswith("re-index the articles into a new store (checker index ARTICLES "
                         "--store NEW) or restore a copy")  # fmt: skip
    code, out, err = run_main(capsys, "store", "verify", bad)
    assert code == 1 and err == "" and said in out, out
    assert out.splitlines()[-1] == f"{bad}: damaged, " + out.splitlines()[-1].split(", ", 1)[1]


def test_a_family_vector_deleted_after_the_store_was_seen_whole_is_found(tmp_path, seeded, capsys):
    """It gave 3 findings instead of 6, with exit 0: the vector index is built from
    ``family_embedding``, so the claim was never a candidate. The file changed since it was
    last seen whole, so the open checks references as well as pages."""
    store = _copy(seeded, tmp_path / "s.sqlite")
    code, whole, _ = run_main(capsys, "check", DRAFT, "--store", store, "--no-history")
    assert code in (0, 1)
    db = sqlite3.connect(store)
    db.execute("DELETE FROM family_embedding WHERE (family, emb) IN (SELECT family, focus_emb"
               " FROM claim WHERE family = 'count' ORDER BY id DESC LIMIT 1)")  # fmt: skip
    db.commit()
    db.close()
    code, out, err = run_main(capsys, "check", DRAFT, "--store", store, "--no-history")
    assert code == 2 and out == "" and "searches would miss it" in _one_error_line(err)


def test_a_nested_staged_article_is_one_line(tmp_path, seeded):
    bad = _tamper(seeded, tmp_path / "staged.sqlite",
                  ("INSERT INTO staged VALUES ('a.txt::x', 'a.txt', 'd', 1, ?, 'now')", (BOMB,)))  # fmt: skip
    with Store(bad) as st, pytest.raises(StoreError) as info:
        st.staged()
    assert str(info.value) == (
        f"{bad}: is damaged: staged row 'a.txt::x' cannot be read (JSON nested deeper than 16 "
        "levels); re-index the articles into a new store (checker index ARTICLES --store NEW) "
        "or restore a copy"
    )


def test_store_verify_on_a_whole_store(tmp_path, seeded, capsys):
    store = _copy(seeded, tmp_path / "s.sqlite")
    run_main(capsys, "check", DRAFT, "--store", store)  # a run, its findings, the index
    code, out, err = run_main(capsys, "store", "verify", store)
    assert code == 0 and err == "", err
    lines = out.splitlines()
    assert lines[0] == f"checker store verify {store}"
    parts = [line.split()[0] for line in lines[1:-1]]
    assert parts == ["file", "pages", "schema", "rows", "references", "vectors", "index"]
    assert all(line.split()[1] == "ok" for line in lines[1:-1]), out
    assert "5 articles, 34 claims, 0 staged, 1 run" in out and "as the table" in out
    assert lines[-1] == f"{store}: whole, no problems"


def test_store_verify_finds_an_index_file_that_is_not_the_table(tmp_path, seeded, capsys):
    """The vector index is a cache: an index file that holds other vectors than its name says
    would be searched as is (only its count is compared on open); the way out is to delete it."""
    store = _copy(seeded, tmp_path / "s.sqlite")
    run_main(capsys, "check", DRAFT, "--store", store, "--no-history")
    files = sorted((tmp_path / "s.sqlite.vindex").glob("*.usearch"))
    files[0].write_bytes(b"garbage")
    code, out, _ = run_main(capsys, "store", "verify", store)
    assert code == 1 and f"vector index file {files[0].name}" in out, out
    assert out.splitlines()[-1] == (
        f"{store}: 1 problem, in the vector index only: delete s.sqlite.vindex/ (a cache of the "
        "store, rebuilt on the next check)"
    )
