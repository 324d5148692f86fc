"""Embeddings: the packaged model, offline, cached by text hash."""

from __future__ import annotations

import numpy as np
import pytest

from checker.compare.embed import DIM, Embedder

pytestmark = pytest.mark.model


def test_cache_serves_second_run_without_the_model(tmp_path):
    first = Embedder(cache_path=tmp_path / "e.sqlite")
    texts = [
        "Hamas is holding [NUM] hostages",
        "Hamas holds [NUM] captives",
        "Bahrain recalled its ambassador",
    ]
    v1 = first.embed(texts)
    assert v1.shape == (3, DIM) and first.computed == 3
    assert np.allclose(np.linalg.norm(v1, axis=1), 1, atol=1e-3)
    assert v1[0] @ v1[1] > 0.7 > v1[0] @ v1[2]

    second = Embedder(cache_path=tmp_path / "e.sqlite")
    v2 = second.embed(texts + texts[:1])
    assert second.computed == 0 and second._model is None  # no model load at all
    assert np.allclose(v1, v2[:3], atol=2e-3) and np.allclose(v2[0], v2[3])


def test_unwritable_cache_runs_uncached(tmp_path, monkeypatch):
    import pytest

    import checker.core.kvcache as kvcache
    from checker.core.errors import CheckerWarning

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(kvcache, "_said", False)
    with pytest.warns(CheckerWarning, match="sub: cannot use the cache here"):
        emb = Embedder(cache_path=blocker / "sub" / "e.sqlite")
    assert emb.embed(["one text"]).shape == (1, DIM)
    assert emb.embed([]).shape == (0, DIM)
