"""Test set-up: offline model, and an embedding cache private to this test run."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
# The ONNX export of the model (made once per machine and library versions) is kept where
# checker keeps it outside the tests; tests of the export itself write to their own folders.
_home_cache = os.environ.get("CHECKER_CACHE_DIR") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "checker"
)
os.environ.setdefault("CHECKER_MODEL_DIR", os.path.join(_home_cache, "models"))
# A fresh cache per run: tests must not pass only because an earlier run warmed it.
os.environ["CHECKER_CACHE_DIR"] = tempfile.mkdtemp(prefix="checker-test-cache-")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_report():
    from checker import check

    return check([SEEDS])


@pytest.fixture(scope="session")
def newsroom(tmp_path_factory) -> Path:
    """A newsroom folder for the editor's desk: the seeds in ``archive/``, indexed into
    ``.checker/store.sqlite`` (one store for the whole session)."""
    import shutil

    from checker import api

    root = tmp_path_factory.mktemp("newsroom")
    shutil.copytree(SEEDS, root / "archive")
    (root / "drafts").mkdir()
    cfg = api.configured()
    with api.open_store(cfg, root / ".checker" / "store.sqlite") as st:
        summary = api.index(st, [root / "archive"], config=cfg)
    assert summary.added == 5, summary.line()
    return root
