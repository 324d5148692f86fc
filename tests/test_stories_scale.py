"""Many articles grouped into stories without the articles-by-articles matrix (10,000 articles
peaked at ~4 GB with it): the same stories as the whole matrix gives."""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import pytest

from checker.compare import stories
from checker.compare.ranking import highest
from checker.core.settings import StorySettings
from checker.read.documents import document_from_text

PLACES = ["Jakarta", "Bandung", "Surabaya", "Gaza", "Rafah", "Tehran", "Kyiv", "Lviv", "Oslo"]


def _dyadic(texts):
    """A stand-in model whose vectors have entries in quarters: every dot product is exact,
    whatever order a BLAS sums in, so two ways of computing a score agree to the bit (and
    ties are real, broken by index)."""
    rows = [np.random.default_rng(_seed(t)).integers(-1, 2, size=16) for t in texts]
    return (np.stack(rows) / 4).astype(np.float32)


def _seed(text: str) -> int:
    """The same in every process (``hash`` of a string is not: one of ~55 runs here, on
    2026-12-07, drew vectors that joined every article of a case into one story)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big")


def _articles(n: int, seed: int):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        names = rng.choice(PLACES, size=2, replace=False)
        topic = int(rng.integers(0, 6))
        day = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 60)))
        text = f"Story {topic}: officials in {names[0]} met {names[1]} envoys. 12 people died."
        out.append(document_from_text(text, f"d{i}", date=None if i % 5 == 0 else day))
    return out


@pytest.mark.parametrize(("n", "cells"), [(150, 1000), (150, 150 * 150), (61, 61)])
def test_many_articles_by_blocks_give_the_whole_matrix_stories(monkeypatch, n, cells):
    monkeypatch.setattr(stories, "SMALL", 10)
    monkeypatch.setattr(stories, "WHOLE_LINKAGE", 20)  # both ways: nearest neighbours
    monkeypatch.setattr(stories, "BLOCK_CELLS", cells)  # blocks of a few rows, or one
    docs = _articles(n, seed=n + cells)
    s = StorySettings(link=0.5)  # some neighbours above it are not mutual
    whole = stories.group(docs, stories.score_articles(docs, _dyadic, s), s)
    by_blocks = stories.group_articles(docs, _dyadic, s)
    assert [st.documents for st in by_blocks] == [st.documents for st in whole]
    assert 1 < len(whole) < n  # some articles joined, not all


def test_the_highest_of_a_row_are_those_a_whole_sort_gives():
    rng = np.random.default_rng(9)
    for _ in range(300):
        rows, width = int(rng.integers(1, 6)), int(rng.integers(2, 60))
        t = min(int(rng.integers(1, 10)), width)
        block = rng.integers(-3, 4, size=(rows, width)).astype(np.float64) / 2
        block[rng.random((rows, width)) < 0.2] = -np.inf
        order = np.argsort(-block, axis=1, kind="stable")[:, :t]
        cols, values = highest(block, t)
        assert np.array_equal(cols, order)
        assert np.array_equal(values, np.take_along_axis(block, order, axis=1))


def test_a_few_articles_or_two_languages_still_use_the_whole_matrix(monkeypatch):
    calls = []
    real = stories.score_articles
    monkeypatch.setattr(stories, "score_articles", lambda *a, **k: calls.append(1) or real(*a, **k))
    docs = _articles(30, seed=1)
    stories.group_articles(docs, _dyadic, StorySettings())
    assert calls == [1]  # 30 articles: under WHOLE_LINKAGE


def test_dense_and_sparse_name_rows_share_the_same_weights(monkeypatch):
    """Up to DENSE_CELLS cells the name rows are numpy arrays, beyond them scipy's sparse
    rows: the weight each pair of articles shares is the same."""
    docs = _articles(300, seed=3)
    names = [stories.rare_names(d) for d in docs]
    dense = stories._shared_matrix(names)
    monkeypatch.setattr(stories, "DENSE_CELLS", 0)
    sparse = stories._shared_matrix(names)
    assert isinstance(stories._name_incidence(names)[0], np.ndarray) is False
    np.testing.assert_allclose(dense, sparse, rtol=1e-12, atol=0)
    assert (dense > 0).sum() > 300
