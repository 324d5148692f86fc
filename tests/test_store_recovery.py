"""A store after a full disk, and store paths that are not files (issue 23, items 5 and 6).

No model is loaded here: the stores are made with SQL and :meth:`Store.stage`.

A full disk is simulated as the bytes it leaves: a checkpoint copies the journal (WAL) into the
file, page 1 (whose header declares the new size) first; the disk fills up before the file has
grown, so the file is shorter than its header says while the journal, which SQLite keeps until
a checkpoint completes, still holds every page. The next open used to refuse it as truncated for
good and advise re-indexing; now it lets SQLite finish the checkpoint first.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from test_cli_hostile import run_main

from checker.archive.rows import doc_blob
from checker.archive.store import Store, StoreError
from checker.core.model import Document


def _cut_short_checkpoint(folder: Path, name: str = "full.sqlite") -> tuple[Path, int]:
    """A store whose last checkpoint was cut short by a full disk: (its path, staged rows)."""
    src = folder / "src.sqlite"
    Store(src).close()
    before = src.stat().st_size
    db = sqlite3.connect(src, isolation_level=None)
    db.execute("PRAGMA wal_autocheckpoint = 0")  # the pages stay in the journal
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO staged VALUES (?, 'in.jsonl', 'digest', 1, ?, 'now')",
        [(f"u{i}", doc_blob(Document(f"a{i}", os.urandom(1500).hex()))) for i in range(300)],
    )
    db.execute("COMMIT")
    wal = src.with_name(src.name + "-wal").read_bytes()  # committed, not yet in the file
    db.execute("PRAGMA wal_checkpoint(FULL)")
    whole = src.read_bytes()
    db.close()
    dst = folder / name
    # the checkpoint wrote page 1 and a little more, then the disk was full (a short write)
    dst.write_bytes(whole[: before + 3 * 4096 + 100])
    dst.with_name(name + "-wal").write_bytes(wal)
    assert len(whole) > dst.stat().st_size
    return dst, 300


def test_a_freed_disk_resumes_the_store(tmp_path, capsys):
    """It used to be 'is truncated: ... re-index' for good, though nothing was lost."""
    store, staged = _cut_short_checkpoint(tmp_path)
    with Store(store) as st:
        assert st.staged_count() == staged
        assert st.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    wal = store.with_name(store.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # all of it in the file
    code, out, err = run_main(capsys, "store", "verify", store)
    assert code == 0 and "Traceback" not in err, err


def test_a_disk_still_full_is_one_line_and_loses_nothing(tmp_path):
    """The checkpoint cannot finish (the file may not grow: RLIMIT_FSIZE in a subprocess, as
    a full disk): one line saying to free space, and the journal is kept for the next try."""
    store, staged = _cut_short_checkpoint(tmp_path)
    size = store.stat().st_size
    code = (
        "import resource\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({size}, resource.RLIM_INFINITY))\n"
        "from checker.archive.store import Store, StoreError\n"
        f"try:\n    Store({str(store)!r})\nexcept StoreError as exc:\n    print(exc)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=120)  # fmt: skip
    lines = run.stdout.strip().splitlines()
    assert run.returncode == 0 and len(lines) == 1 and not run.stderr, run.stdout + run.stderr
    assert lines[0].startswith(f"{store}: cannot finish the write its journal full.sqlite-wal")
    assert (
        "is the disk full?" in lines[0] and "nothing is lost: free space and run again" in lines[0]
    )
    assert "re-index" not in lines[0]
    assert store.with_name(store.name + "-wal").stat().st_size > 0
    with Store(store) as st:  # space freed
        assert st.staged_count() == staged


def test_a_cut_short_checkpoint_in_a_read_only_folder_says_how_to_finish_it(tmp_path, monkeypatch):
    store, _ = _cut_short_checkpoint(tmp_path)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real(p, mode))
    with pytest.raises(StoreError, match="journal full.sqlite-wal holds the rest.*where it can"):
        Store(store)


def test_a_truncated_file_without_its_journal_is_still_refused(tmp_path):
    store, _ = _cut_short_checkpoint(tmp_path)
    store.with_name(store.name + "-wal").unlink()
    with pytest.raises(StoreError, match="is truncated: .*re-index"):
        Store(store)


# --------------------------------------------------------------------------- not files


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo.sqlite"
    os.mkfifo(path)
    return path


def _socket(tmp_path: Path) -> tuple[Path, socket.socket]:
    path = tmp_path / "sock.sqlite"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    return path, sock


def test_a_fifo_as_store_is_refused_at_once(tmp_path):
    """Reading it used to wait for a writer for ever. In a subprocess, so a regression
    fails on the timeout instead of hanging the run."""
    fifo = _fifo(tmp_path)
    code = f"from checker.archive.store import Store\nStore({str(fifo)!r})\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, timeout=60)  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("opening a FIFO as the store hangs")
    assert "is a FIFO (named pipe), not a store file" in run.stderr


@pytest.mark.parametrize("kind", ["fifo", "socket", "fifo journal"])
def test_a_path_that_is_not_a_file_is_one_line(tmp_path, capsys, kind):
    """A socket used to be an OSError traceback; a FIFO journal would hang SQLite."""
    sock = None
    if kind == "fifo":
        path, what = _fifo(tmp_path), "a FIFO"
    elif kind == "socket":
        (path, sock), what = _socket(tmp_path), "a socket"
    else:
        path, what = tmp_path / "s.sqlite", "a FIFO"
        Store(path).close()
        os.mkfifo(tmp_path / "s.sqlite-wal")
    try:
        with pytest.raises(StoreError, match=f"is {what}.*not a store file"):
            Store(path)
        code, out, err = run_main(capsys, "store", "verify", path)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
        assert err.startswith("checker: error: ") and f"is {what}" in err
    finally:
        if sock is not None:
            sock.close()


def test_a_fifo_beside_the_store_is_not_read(tmp_path):
    """``verified.json`` is read without opening anything but a regular file."""
    path = tmp_path / "s.sqlite"
    Store(path).close()
    Store(path).close()  # seen whole: recorded beside it
    side = tmp_path / "s.sqlite.vindex" / "verified.json"
    side.unlink()
    os.mkfifo(side)
    with Store(path) as st:  # would hang in open()
        assert st.counts()["documents"] == 0


def test_a_depth_bomb_as_verified_json_is_checked_again(tmp_path):
    """``[`` x 100,000 beside the store used to be a RecursionError traceback on every open."""
    path = tmp_path / "s.sqlite"
    Store(path).close()
    Store(path).close()  # seen whole: recorded beside it
    side = tmp_path / "s.sqlite.vindex" / "verified.json"
    side.write_text("[" * 100_000)
    with Store(path) as st:
        assert st._verified is not None  # checked the file, and will record it
    assert side.read_text().startswith("[[")  # written anew
    assert len(side.read_text()) < 200


# --------------------------------------------------------------------------- the row codec


def _claim():
    from checker.core.model import Claim, Quantity

    q = Quantity("at least 51", 0, 11, 51.0, 51.0, float("inf"), readings=(51.0,))
    return Claim(id="d#3", doc="d", sentence=0, quantity=q, subject="people [x]",
                 event=None, key_text="{[ at least ]} people", entities=("Gaza",))  # fmt: skip


def test_the_codec_reads_back_what_it_writes_brackets_in_strings_and_all():
    from checker.archive.rows import claim_from_json, claim_to_json

    c = _claim()
    assert claim_from_json(claim_to_json(c), "d") == c


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d.update(sentence="0"), "the claim's field 'sentence' is str, not an integer"),
        (lambda d: d["q"].update(readings=["x"]), "its quantity's field 'readings' is list, not a list of numbers"),
        (lambda d: d.update(entities=[[[]]]), "the claim's field 'entities' is list, not a list of text"),
        (lambda d: d.pop("q"), "the claim has no field 'q'"),
        (lambda d: d.update(q=[]), "the claim's field 'q' is list, not an object"),
        (lambda d: d.update(extra=1), "the claim has an unknown field 'extra'"),
    ],
)  # fmt: skip
def test_the_codec_checks_types(change, said):
    import json
    import zlib

    from checker.archive.rows import RowError, claim_from_json, claim_to_json

    data = json.loads(zlib.decompress(claim_to_json(_claim())))
    change(data)
    with pytest.raises(RowError) as info:
        claim_from_json(zlib.compress(json.dumps(data).encode()), "d")
    assert str(info.value) == said


@pytest.mark.parametrize(
    ("blob", "said"),
    [
        (b"[" * 200_000, "JSON nested deeper than 16 levels"),
        (b'{"a": "' + b"[" * 100 + b'"}', None),  # brackets in a string are text
        (b'"\xff"', "not UTF-8 (invalid start byte at byte 1)"),
        (b"{", "not JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"),
    ],
)  # fmt: skip
def test_the_codec_bounds_depth_without_recursing(blob, said):
    import zlib

    from checker.archive.rows import RowError, load_json

    if said is None:
        assert load_json(zlib.compress(blob)) == {"a": "[" * 100}
        return
    with pytest.raises(RowError) as info:
        load_json(zlib.compress(blob))
    assert str(info.value) == said
    with pytest.raises(RowError, match="cut short"):
        load_json(zlib.compress(blob)[:-4])


def test_the_fast_path_of_field_checks_accepts_what_the_full_test_accepts():
    from checker.archive.rows import _TESTS, RowError, check_fields

    values = [True, False, 0, 1, -3, 1.5, float("inf"), "x", "", "inf", None, [], ["a"], [1, 2.5],
              ["a", 1], [True], {}, {"a": 1}]  # fmt: skip
    for kind, test in _TESTS.items():
        for value in values:
            try:
                check_fields({"f": value}, {"f": kind}, {}, "it")
                accepted = True
            except RowError:
                accepted = False
            assert accepted == test(value), (kind, value)
