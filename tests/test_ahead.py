"""Texts embedded on a thread while the parser reads (issue 24: a cold report)."""

from __future__ import annotations

import threading

import pytest

from checker import api
from checker.compare.ahead import EmbedAhead
from checker.compare.embed import Embedder
from checker.read import kept
from checker.read.documents import document_from_text


def test_batches_are_embedded_in_order_on_another_thread():
    seen: list[tuple[list[str], str]] = []
    ahead = EmbedAhead(lambda texts: seen.append((texts, threading.current_thread().name)))
    assert not ahead.started
    ahead.submit([])  # nothing to do: no thread
    assert not ahead.started
    ahead.submit(["a", "b"])
    ahead.submit(["c"])
    ahead.finish()
    assert [t for t, _ in seen] == [["a", "b"], ["c"]]
    assert {name for _, name in seen} == {"checker-embed"}
    assert ahead.submitted == 3


def test_a_failure_on_the_thread_is_kept_and_the_rest_skipped():
    done = []

    def embed(texts):
        if texts == ["bad"]:
            raise RuntimeError("no model")
        done.append(texts)

    ahead = EmbedAhead(embed)
    for batch in (["a"], ["bad"], ["b"]):
        ahead.submit(batch)
    ahead.finish()
    assert done == [["a"]]
    assert isinstance(ahead.failed, RuntimeError)


def test_leaving_on_an_exception_stops_after_the_batch_in_hand():
    started, release, done = threading.Event(), threading.Event(), []

    def embed(texts):
        started.set()
        release.wait(5)
        done.append(texts)

    with pytest.raises(KeyboardInterrupt), EmbedAhead(embed) as ahead:
        ahead.submit(["first"])
        ahead.submit(["second"])
        started.wait(5)
        threading.Timer(0.05, release.set).start()
        raise KeyboardInterrupt
    assert done == [["first"]]


@pytest.mark.model
def test_a_cold_check_gives_the_report_it_gives_without_embedding_ahead(tmp_path, monkeypatch):
    """The same report, to the byte of every vector: each text is embedded alone, and the
    stage reads the cache's rounded vectors either way."""
    texts = [
        "Floods forced 1,200 people from their homes in Riverton on Monday, officials said. "
        "About 300 homes were damaged.",
        "Officials in Riverton said 1,500 people had left their homes after the floods. "
        "Some 300 houses were hit.",
        "The council approved a $4 million budget for the new library on Tuesday.",
    ]
    docs = [document_from_text(t, f"d{i}") for i, t in enumerate(texts)]
    monkeypatch.setattr(kept, "default_cache", lambda: kept.ClaimsCache(None))  # read anew

    def cold(name: str):
        return api.check(docs, embedder=Embedder(cache_path=tmp_path / f"{name}.sqlite"))

    with_ahead = cold("ahead")
    calls = []
    monkeypatch.setattr(EmbedAhead, "submit", lambda self, texts: calls.append(texts))
    without = cold("without")
    assert calls  # the check did hand texts over (here, to nobody)
    assert [(f.rule, f.message) for f in with_ahead.findings] == [
        (f.rule, f.message) for f in without.findings
    ]
    assert [(m.a.id, m.b.id, m.similarity) for m in with_ahead.matches] == [
        (m.a.id, m.b.id, m.similarity) for m in without.matches
    ]
    assert with_ahead.stories == without.stories
    assert with_ahead.timings["embedded_by_model"] == without.timings["embedded_by_model"]
