"""Fuzzing as a test (issue 12): random documents through the claims stage and ``check()``,
random values in shipped rules through the loader. A one-line ``InputError``/``RuleError``
is a refusal; anything else is a crash. ``bench/fuzz.py`` runs the long version."""

from __future__ import annotations

import importlib.util
import random
import warnings

import pytest
from conftest import ROOT

from checker.core.errors import CheckerError

_spec = importlib.util.spec_from_file_location("bench_fuzz", ROOT / "bench" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)


@pytest.mark.parametrize(
    ("level", "n"), [("extract", 300), ("claims", 100), ("check", 12), ("rules", 60)]
)
@pytest.mark.model
def test_no_crash_and_no_slow_input(level, n):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = fuzz.fuzz(level, n, seed=12)
    assert result["crashes"] == 0, result["first_crash"]
    assert result["slowest"][0] < 5.0, result["slowest"]  # bench/fuzz.py holds it to 1 s


def test_random_text_is_random_and_reproducible():
    a = [fuzz.random_text(random.Random(1)) for _ in range(3)]
    b = [fuzz.random_text(random.Random(1)) for _ in range(3)]
    assert a == b and isinstance(CheckerError("x"), Exception)
