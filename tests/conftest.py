"""Test set-up: offline model, and an embedding cache private to this test run."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
# A fresh cache per run: tests must not pass only because an earlier run warmed it.
os.environ["CHECKER_CACHE_DIR"] = tempfile.mkdtemp(prefix="checker-test-cache-")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_report():
    from checker import check

    return check([SEEDS])
