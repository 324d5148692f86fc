"""Indexing on a Dask cluster (issue 14 part 2) and large JSONL files read in partitions
(part 3): the same store, row by row, whatever does the per-article work and however the
input is read; a worker killed mid-run costs nothing.

One ``LocalCluster`` of two worker processes (one thread each) serves the module: starting
one and loading the models in its workers takes ~10 s on 2 cores.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from model_guard import model_fixture
from test_store import _archive, _cli

from checker import api
from checker.archive import indexing
from checker.archive.store import Store
from checker.core.errors import InputError
from checker.read.article import unsplit
from checker.read.documents import read_documents, read_jsonl_partitions

FIXTURES = Path(__file__).parent / "fixtures" / "store"


def _documents(path: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT count(*) FROM document").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


@model_fixture(scope="module")
def cluster(tmp_path_factory):
    """Two worker processes with a cache of their own: they parse and embed every text
    themselves rather than read what this process computed."""
    distributed = pytest.importorskip("distributed")
    import logging

    cache = tmp_path_factory.mktemp("worker-cache")
    local = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=logging.ERROR,
        env={"CHECKER_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    yield local
    local.close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("inputs")
    return [SEEDS, FIXTURES / "hostages.jsonl", _archive(root / "archive.jsonl", 60)]


def test_two_workers_give_the_store_one_process_gives(tmp_path, cluster, inputs):
    """Same documents, claims and vectors (int8 bytes, exactly), compared row by row."""
    with Store(tmp_path / "one.sqlite") as st:
        one = api.index(st, inputs)
        reference = st.snapshot()
    with Store(tmp_path / "two.sqlite") as st:
        two = api.index(st, inputs, scheduler=cluster.scheduler_address, batch_size=4)
        got = st.snapshot()
    assert (two.added, two.claims, two.workers) == (one.added, one.claims, 2)
    assert one.added == 5 + 8 + 60
    # the workers computed their vectors: in a cache of their own, not this process's
    from distributed import Client

    with Client(cluster.scheduler_address) as client:
        (cache,) = set(client.run(lambda: os.environ["CHECKER_CACHE_DIR"]).values())
    assert cache != os.environ["CHECKER_CACHE_DIR"]
    db = sqlite3.connect(Path(cache) / "embeddings.sqlite")
    assert db.execute("SELECT count(*) FROM embedding").fetchone()[0] >= len(
        reference["embeddings"]
    )
    db.close()
    for table in reference:
        assert len(got[table]) == len(reference[table]), table
        for mine, theirs in zip(got[table], reference[table], strict=True):
            assert mine == theirs, table


def test_a_worker_killed_mid_run_loses_nothing(tmp_path, cluster):
    """SIGKILL to one worker process while batches are in flight: Dask runs its batches
    again on the other (and the nanny starts a new worker); the store is the clean one."""
    from distributed import Client

    path = _archive(tmp_path / "kill.jsonl", 160)
    with Store(tmp_path / "clean.sqlite") as st:
        api.index(st, [path])
        clean = st.snapshot()
    with Client(cluster.scheduler_address) as client:
        pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    store = tmp_path / "killed.sqlite"
    killed_at: list[int] = []

    def kill_when_started() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and _documents(store) < 8:
            time.sleep(0.01)
        killed_at.append(_documents(store))
        os.kill(victim, signal.SIGKILL)

    killer = threading.Thread(target=kill_when_started)
    killer.start()
    with Store(store) as st:
        res = api.index(st, [path], scheduler=cluster.scheduler_address, batch_size=4)
        got = st.snapshot()
    killer.join()
    assert 0 < killed_at[0] < 160, f"not killed mid-run ({killed_at})"
    assert res.added == 160
    assert got == clean
    with Client(cluster.scheduler_address) as client:
        client.wait_for_workers(2, timeout=60)
        assert victim not in client.run(os.getpid).values()  # it died; a new one took over


@pytest.mark.model
def test_the_writer_killed_mid_run_then_resumed_equals_a_clean_run(tmp_path):
    """``checker index --workers 2`` killed -9 (the writer; its cluster's workers follow it):
    what was written is whole, and a plain rerun completes it."""
    path = _archive(tmp_path / "w.jsonl", 200)
    with Store(tmp_path / "clean.sqlite") as st:
        api.index(st, [path])
        clean = st.snapshot()
    store = tmp_path / "killed.sqlite"
    proc = _cli("index", str(path), "--store", str(store), "--workers", "2", "--batch-size", "2",
                "--no-progress")  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _documents(store) < 20 and proc.poll() is None:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = _documents(store)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    assert 0 < killed_at < 200, killed_at
    with Store(store) as st:
        partial = st.snapshot()
    uids = {d[0] for d in partial["documents"]}
    assert partial["claims"] == [c for c in clean["claims"] if c[0] in uids]
    with Store(store) as st:
        res = api.index(st, [path])
        assert res.added == 200 - killed_at
        assert st.snapshot() == clean


# --------------------------------------------------------------------------- partitions


def test_partitions_read_what_the_whole_file_reads(tmp_path):
    for path in (FIXTURES / "hostages.jsonl", _archive(tmp_path / "a.jsonl", 25)):
        with unsplit():
            whole = read_documents([path])
        parts = list(read_jsonl_partitions(path, rows=7))
        assert [len(p) for p in parts][:1] == [min(7, len(whole))]
        assert [d for p in parts for d in p] == whole
        assert list(read_jsonl_partitions(path, check_only=True)) == []


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (['{"id": "a", "text": "One."}', '{"id": "a", "text": "Two."}'], "duplicate id 'a'"),
        (['{"id": "a", "text": "One."}', '{"id": "b"}'], "row has no 'text' field"),
        (['{"id": "a", "text": "One."}', "{nope"], "row is not valid JSON"),
        (["", "  "], "file is empty"),
    ],
)
def test_partitions_refuse_what_the_whole_file_refuses(tmp_path, rows, message):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as whole:
        read_documents([path])
    with pytest.raises(InputError, match=message) as parted:
        list(read_jsonl_partitions(path, check_only=True))
    assert str(parted.value) == str(whole.value)


def test_a_row_that_is_not_utf8_is_named_by_its_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"text": "One."}\n{"text": "Tw\xff."}\n')
    with pytest.raises(InputError, match=r"bad.jsonl:2: not valid UTF-8: byte 0xff"):
        list(read_jsonl_partitions(path, check_only=True))


@pytest.mark.model
def test_a_large_file_indexed_in_partitions_gives_the_same_store(tmp_path, monkeypatch):
    """Every JSONL file read in partitions of 7 rows: the same store; a bad row anywhere in
    the file still stops the run before anything is written."""
    path = _archive(tmp_path / "p.jsonl", 30)
    with Store(tmp_path / "whole.sqlite") as st:
        api.index(st, [SEEDS, path])
        reference = st.snapshot()
    monkeypatch.setattr(indexing, "WHOLE_FILE_BYTES", 0)
    monkeypatch.setattr(indexing, "PARTITION_ROWS", 7)
    with Store(tmp_path / "parts.sqlite") as st:
        api.index(st, [SEEDS, path])
        assert st.snapshot() == reference
        assert st.staged_count() == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text(path.read_text() + '{"id": "zz"}\n', encoding="utf-8")
    with Store(tmp_path / "bad.sqlite") as st:
        with pytest.raises(InputError, match=r"bad.jsonl:31: row has no 'text' field"):
            api.index(st, [SEEDS, bad])
        assert st.counts()["documents"] == 0 and st.staged_count() == 0


@pytest.mark.parametrize("whole_file", [True, False])
@pytest.mark.model
def test_limit_stops_and_a_later_run_finishes(tmp_path, monkeypatch, whole_file):
    path = _archive(tmp_path / "l.jsonl", 30)
    with Store(tmp_path / "clean.sqlite") as st:
        api.index(st, [SEEDS, path])
        clean = st.snapshot()
    if not whole_file:
        monkeypatch.setattr(indexing, "WHOLE_FILE_BYTES", 0)
        monkeypatch.setattr(indexing, "PARTITION_ROWS", 4)
    with Store(tmp_path / "s.sqlite") as st:
        first = api.index(st, [SEEDS, path], limit=12)
        assert first.added == 12 and st.counts()["sources"] == 5  # the seeds only
        assert st.staged_count() == 0  # nothing beyond the limit is left half-done
        second = api.index(st, [SEEDS, path], limit=10)
        assert (second.files_unchanged, second.added) == (5, 10)
        third = api.index(st, [SEEDS, path])
        assert third.added == 13
        assert st.snapshot() == clean


def test_workers_and_scheduler_are_exclusive(capsys):
    from test_cli_hostile import run_main

    code, _, err = run_main(capsys, "index", SEEDS, "--workers", "2", "--scheduler", "tcp://x:1")
    assert code == 2 and "give --workers or --scheduler, not both" in err


@pytest.mark.model
def test_plain_index_does_not_import_dask(tmp_path):
    """Dask costs about a second to import: only --workers and --scheduler pay it."""
    code = (
        "import sys; from checker.cli import main\n"
        "sys.argv = ['checker', 'index', sys.argv[1], '--store', sys.argv[2], '--no-progress']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('dask', 'distributed'))))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", "import json\n" + code, str(FIXTURES / "hostages.jsonl"),
         str(tmp_path / "s.sqlite")],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


@pytest.mark.model
def test_the_progress_bar_shows_articles_rate_and_time_left_on_a_terminal(tmp_path):
    """On a terminal (rich told so by TTY_COMPATIBLE / TTY_INTERACTIVE); off otherwise."""
    path = _archive(tmp_path / "p.jsonl", 12)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "checker", "index", str(path), "--store"]
    terminal = {**env, "TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1", "COLUMNS": "120"}
    shown = subprocess.run([*cmd, str(tmp_path / "a.sqlite"), "--progress"], env=terminal,
                           capture_output=True, text=True, check=True).stderr  # fmt: skip
    assert "indexing" in shown and "/12" in shown and "articles/s" in shown
    assert "0:00:" in shown  # time left
    plain = subprocess.run([*cmd, str(tmp_path / "b.sqlite")], env=env, capture_output=True,
                           text=True, check=True).stderr  # fmt: skip
    assert "articles/s" not in plain and plain.startswith("indexed 1 file")
