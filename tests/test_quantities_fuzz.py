"""The scanner with its safety net off: no candidate may raise on any string.

``extract_quantities`` skips a candidate that raises, so a user never sees a traceback;
but a skipped candidate is a figure silently lost. ``quantities._STRICT`` turns the net
off, and these tests feed it adversarial strings: numbers past the float range, integers
past Python's 4,300-digit ``int()`` limit, superscript "digits", long space-grouped runs.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker.read.quantities as quantities
from checker.read.quantities import extract_quantities, parse_number


@pytest.fixture(autouse=True, scope="module")
def strict():
    """A crash on any candidate fails the test instead of being skipped."""
    before, quantities._STRICT = quantities._STRICT, True
    yield
    quantities._STRICT = before


def _ok(text: str, lang: str = "en") -> list:
    got = extract_quantities(text, lang)
    for q in got:
        assert text[q.start : q.end] == q.text
        assert math.isfinite(q.value), q
        assert q.low <= q.value <= q.high, q
    parse_number(text, lang)
    return got


@pytest.mark.parametrize(
    "text",
    [
        "1e999 people",  # digits_at: 10.0 ** 999 overflows
        "a 1.5×10^400 joule blast",
        "9999999999999999999999999999999999999999e308 in 10",  # read_ratio: int(inf)
        "to 2 out of 9999999999999999999999999999999999999991e308",
        "in 1/" + "1" * 4400,  # _proper_fraction: int() of 4,400 digits
        "10 1800²²²²",  # _cued_year: "²".isdigit() but int("²") fails
        "lot 5 1900²²²² sold",
    ],
)
def test_hostile_numbers_raise_nothing(text):
    _ok(text)


def test_out_of_range_powers_are_not_figures_and_in_range_ones_are():
    """A float holds up to ~1.8e308: "1e999" is no figure, "1.3e6" and "1e-999" (0) are."""
    assert [q.value for q in _ok("the 1e999 figure")] == []
    assert [q.value for q in _ok("1.3e6 people")] == [pytest.approx(1.3e6)]
    assert [q.text for q in _ok("there were 1e-999 of them")] == ["1e-999"]


def test_a_space_grouped_run_longer_than_forty_digits_is_an_id():
    run = " ".join(["100"] + ["000"] * 14)  # 43 digits: an id, like a 43-digit token
    assert all(q.value < 1e40 for q in _ok(f"code {run} here", "fr"))
    assert _ok("40 000 personnes", "fr")[0].value == 40_000


_PIECES = [
    "9" * 39, "9" * 45, "1" * 4400, "1e308", "e999", "e-999", "x10^", "×10", "^999", "^-3",
    "²²²²", "٣", "½", "⅓", "\u202f000", "\u00a0000", " 000", "0", "1", "10", "1800", "2100",
    ",", ".", ":", "/", "-", "%", "$", "€", " ", " in ", " out of ", " to ", " ratio of ",
    " since ", "In ", " million", " billion", " trillion", " milliard", " crore", " dozen",
    " half", " and a half", " point ", " one", " two", "th", "st", " Oct", " people",
]  # fmt: skip
HOSTILE = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=16).map("".join)
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(HOSTILE, st.sampled_from(["en", "de", "fr", "es", "id"]))
def test_never_raises_with_the_net_off_on_hostile_numbers(text, lang):
    _ok(text, lang)


@FUZZ
@given(
    st.lists(st.one_of(HOSTILE, st.text(max_size=20)), max_size=6).map(" ".join),
    st.sampled_from(["en", "de", "fr"]),
)
def test_never_raises_with_the_net_off_on_mixed_text(text, lang):
    _ok(text, lang)
