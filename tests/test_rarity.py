"""Word rarity's table kept in the cache folder (issue 24: ~20 ms of a warm report)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from must_not_run import Touch

from checker.lang import rarity


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """The table read afresh, kept under ``tmp_path``."""
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path))
    rarity._table.cache_clear()
    yield tmp_path
    rarity._table.cache_clear()


def _list() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    return Path(spec.origin).parent / "data" / "small_en.msgpack.gz"


def test_the_kept_table_is_the_list_as_read(kept, monkeypatch):
    first = rarity._table("en")
    assert first["the"] > 7 and len(first) > 20_000
    assert (kept / "rarity-small_en.pickle").is_file()
    rarity._table.cache_clear()
    monkeypatch.setattr(rarity, "_read_table", lambda path: pytest.fail("read the list again"))
    assert rarity._table("en") == first


@pytest.mark.parametrize("kind", ["garbage", "another list", "code"])
def test_a_damaged_stale_or_foreign_kept_table_is_read_again(kept, kind):
    want = rarity._table("en")
    path = kept / "rarity-small_en.pickle"
    marker = kept / "ran"
    stamp = rarity._stamp(_list())
    path.write_bytes({
        "garbage": b"not a pickle",
        "another list": pickle.dumps(((stamp[0], stamp[1] + 1, *stamp[2:]), {"the": 1.0})),
        "code": pickle.dumps((stamp, {"the": Touch(marker)})),
    }[kind])  # fmt: skip
    rarity._table.cache_clear()
    assert rarity._table("en") == want
    assert not marker.exists()
