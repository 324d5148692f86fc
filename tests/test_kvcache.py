"""The shared SQLite key-value cache and the three caches built on it."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest

from checker.compare.embed import DIM, Embedder, EmbeddingCache
from checker.core.kvcache import CHUNK, KVCache, cache_dir
from checker.lang.lexicon import language
from checker.read import sentences
from checker.read.reading import ReadingCache, read_sentences

ITEM = ("Hamas is holding 242 hostages.", ((17, 20),))

#: Tests here break caches on purpose; the one warning that says so is checked where it matters.
pytestmark = pytest.mark.filterwarnings("ignore:.*cannot use the cache here")


def test_hits_misses_and_a_second_open(tmp_path):
    cache = KVCache(tmp_path / "kv.sqlite", "t", "v", "TEXT")
    assert cache.enabled and cache.get_many(["a"]) == {}
    cache.put_many({"a": "1", "b": "2"})
    assert cache.get_many(["a", "c", "a"]) == {"a": "1"}
    cache.put_many([("a", "3")])  # replaced, not duplicated
    cache.close()
    assert not cache.enabled and cache.get_many(["a"]) == {}
    again = KVCache(tmp_path / "kv.sqlite", "t", "v", "TEXT")
    assert again.get_many(["a", "b"]) == {"a": "3", "b": "2"}


def test_more_keys_than_one_query_holds(tmp_path):
    cache = KVCache(tmp_path / "kv.sqlite", "t")
    items = {f"k{i}": bytes([i % 256]) for i in range(2 * CHUNK + 7)}
    cache.put_many(items)
    assert cache.get_many([*items, "missing"]) == items


def test_no_path_holds_nothing():
    cache = KVCache(None, "t")
    cache.put_many({"a": b"1"})
    assert not cache.enabled and cache.get_many(["a"]) == {}


def test_a_bad_layout_name_is_refused(tmp_path):
    with pytest.raises(ValueError):
        KVCache(tmp_path / "kv.sqlite", "t; DROP TABLE x")


def test_corrupt_file_runs_uncached(tmp_path, monkeypatch):
    import checker.core.kvcache as kvcache
    from checker.core.errors import CheckerWarning

    path = tmp_path / "kv.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    monkeypatch.setattr(kvcache, "_said", False)
    with pytest.warns(CheckerWarning, match="cannot use the cache here"):
        cache = KVCache(path, "t")
    assert not cache.enabled
    cache.put_many({"a": b"1"})  # no error, nothing kept
    assert cache.get_many(["a"]) == {}
    assert path.read_bytes().startswith(b"this is not a database")  # left alone


def test_unwritable_folder_runs_uncached(tmp_path, monkeypatch):
    import checker.core.kvcache as kvcache
    from checker.core.errors import CheckerWarning

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(kvcache, "_said", False)
    with pytest.warns(CheckerWarning, match="sub: cannot use the cache here"):
        cache = KVCache(blocker / "sub" / "kv.sqlite", "t")
    assert not cache.enabled and cache.get_many(["a"]) == {}


def test_cache_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    monkeypatch.delenv("CHECKER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x" / "checker"


def test_files_written_before_the_shared_module_are_read(tmp_path):
    """The layouts of embeddings.sqlite and readings.sqlite did not change."""
    vec = np.zeros(DIM, dtype=np.float16)
    vec[0] = 1
    db = sqlite3.connect(tmp_path / "embeddings.sqlite")
    db.execute("CREATE TABLE embedding (key TEXT PRIMARY KEY, vector BLOB)")
    db.execute("INSERT INTO embedding VALUES (?, ?)", ("k", vec.tobytes()))
    db.commit()
    db.close()
    got = EmbeddingCache(tmp_path / "embeddings.sqlite").get_many(["k"])
    assert np.array_equal(got["k"], vec.astype(np.float32))

    db = sqlite3.connect(tmp_path / "readings.sqlite")
    db.execute("CREATE TABLE reading (key TEXT PRIMARY KEY, data TEXT)")
    db.execute("INSERT INTO reading VALUES (?, ?)", ("k", json.dumps([["Hamas"], []])))
    db.commit()
    db.close()
    assert ReadingCache(tmp_path / "readings.sqlite").get_many(["k"]) == {"k": (("Hamas",), ())}


def test_undecodable_rows_are_misses(tmp_path):
    emb = EmbeddingCache(tmp_path / "e.sqlite")
    emb.store.put_many({"short": b"\x00\x01", "text": "not bytes"})
    assert emb.get_many(["short", "text"]) == {}

    readings = ReadingCache(tmp_path / "r.sqlite")
    readings.store.put_many({"bad": "{not json", "shape": json.dumps({"a": 1})})
    assert readings.get_many(["bad", "shape"]) == {}


@pytest.mark.model
def test_corrupt_files_do_not_stop_embedding_or_reading(tmp_path):
    for name in ("e.sqlite", "r.sqlite"):
        (tmp_path / name).write_bytes(b"garbage" * 50)
    emb = Embedder(cache_path=tmp_path / "e.sqlite")
    assert not emb.cache.store.enabled
    assert emb.embed(["one text"]).shape == (1, DIM)
    cache = ReadingCache(tmp_path / "r.sqlite")
    (result,) = read_sentences([ITEM], language("en"), cache)
    assert result[1][0].head == "hostage"


TEXT = (
    "U.S. Secretary of State Antony Blinken arrived on Oct. 1. He met 3 ministers.\n"
    "A second paragraph follows. It has two sentences."
)


@pytest.fixture
def split_cache(tmp_path, monkeypatch):
    cache = KVCache(tmp_path / "sentences.sqlite", "segments", "data", "TEXT")
    monkeypatch.setattr(sentences, "_split_cache", lambda: cache)
    return cache


def test_sentence_splits_are_cached_and_the_same(split_cache, monkeypatch):
    first = sentences.split_sentences(TEXT)
    assert [s.text for s in first][:2] == [
        "U.S. Secretary of State Antony Blinken arrived on Oct. 1.",
        "He met 3 ministers.",
    ]
    paragraphs = TEXT.split("\n")
    stored = split_cache.get_many(sentences._split_key(p) for p in paragraphs)
    assert len(stored) == 2

    def no_pysbd(paragraph):
        raise AssertionError("pysbd called on a cached paragraph")

    monkeypatch.setattr(sentences, "_pysbd_segments", no_pysbd)
    assert sentences.split_sentences(TEXT) == first


def test_a_damaged_split_row_is_split_again(split_cache):
    first = sentences.split_sentences(TEXT)
    key = sentences._split_key(TEXT.split("\n")[0])
    split_cache.put_many({key: "{damaged"})
    assert sentences.split_sentences(TEXT) == first
    assert json.loads(split_cache.get_many([key])[key])  # rewritten


def test_a_pysbd_failure_is_remembered_as_the_regex_split(split_cache, monkeypatch):
    def broken(paragraph):
        raise RuntimeError("pysbd corner case")

    monkeypatch.setattr(sentences, "_pysbd_segments", broken)
    fallback = sentences.split_sentences("One claim here. Another one there.")
    assert [s.text for s in fallback] == ["One claim here.", "Another one there."]
    (value,) = split_cache.get_many(
        [sentences._split_key("One claim here. Another one there.")]
    ).values()
    assert json.loads(value) is None


@pytest.mark.model
def test_fresh_vectors_equal_cached_ones(tmp_path):
    """A cold run uses the float16-rounded vectors a warm run reads back: one report."""
    texts = ["Hamas is holding [NUM] hostages", "Bahrain recalled its ambassador"]
    cold = Embedder(cache_path=tmp_path / "e.sqlite").embed(texts)
    warm_embedder = Embedder(cache_path=tmp_path / "e.sqlite")
    warm = warm_embedder.embed(texts)
    assert warm_embedder.computed == 0 and np.array_equal(cold, warm)
    uncached = Embedder(cache_path=None).embed(texts)
    assert np.array_equal(cold, uncached)
