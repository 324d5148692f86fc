"""Interval comparison: bounds, approximators, rounding slack."""

from __future__ import annotations

import math

import pytest

from checker.compare.intervals import (
    compatible,
    far_apart,
    in_unit_of,
    rounding_slack,
    same_digits_scaled,
)
from checker.core.model import Quantity
from checker.read.quantities import extract_quantities

INF = math.inf


def q(value, low=None, high=None, approx="exact", low_open=False, high_open=False, vague=False):
    low = value if low is None else low
    high = value if high is None else high
    return Quantity(text=str(value), start=0, end=1, value=value, low=low, high=high,
                    approx=approx, low_open=low_open, high_open=high_open, vague=vague)  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        (q(700, 700, INF, "lower_bound", low_open=True), q(706), True),  # more than 700 vs 706
        (q(700, 700, INF, "lower_bound", low_open=True), q(650), False),  # more than 700 vs 650
        (q(51, 51, INF, "lower_bound"), q(51), True),  # at least 51 vs 51
        (q(8, 0, 8, "upper_bound", high_open=True), q(5), True),  # less than 8 vs 5
        (q(6, 0, 6, "upper_bound", high_open=True), q(6), False),  # less than 6 vs 6
        (q(51, 51, INF, "lower_bound"), q(200, 200, 999, "range", vague=True), True),  # hundreds
        (q(242), q(240), True),  # 240 is round: [235, 245]
        (q(242), q(243), False),  # exact integers
        (q(1000), q(1400), False),  # rounding slack is capped at 5 %
        (q(2_300_000), q(2_300_000, 2_070_000, 2_300_000, "approximate"), True),
        (q(51, 51, INF, "lower_bound"), q(80, 80, INF, "lower_bound"), False),  # at least 51 / 80
        (q(1000, 0, 1000, "upper_bound"), q(3000, 0, 3000, "upper_bound"), False),  # up to
        (q(240, 240, INF, "lower_bound"), q(242, 242, INF, "lower_bound"), True),  # round limit
        (q(25, 25, 30, "range"), q(27, 27, 35, "range"), False),  # two estimates that overlap
        (q(25, 25, 30, "range"), q(15, 15, 30, "range"), True),  # one inside the other
        (q(25, 25, 30, "range"), q(25, 25, 30, "range"), True),
        (q(240, 240, 300, "range"), q(242, 242, 300, "range"), True),  # rounding at each end
        (q(200, 200, 999, "range", vague=True), q(300, 300, 900, "range", vague=True), True),
    ],
)
def test_compatible(a, b, ok):
    assert compatible(a, b) is ok
    assert compatible(b, a) is ok


def test_a_bound_at_the_figure_itself_gets_no_rounding_slack():
    more_than_700 = q(700, 700, INF, "lower_bound", low_open=True)
    less_than_40 = q(40, 0, 40, "upper_bound", high_open=True)
    assert not compatible(more_than_700, q(700))
    assert not compatible(q(40), less_than_40)
    assert compatible(more_than_700, q(703))
    assert compatible(q(700), q(703))  # two round-ish figures still get the slack


def _read(text):
    (one,) = extract_quantities(text)
    return one


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        # "just over N" is a little above N, not "more than N" with no end
        ("just over $300,000", "$4.8 million", False),
        ("just over $300,000", "$310,000", True),
        ("just over $300,000", "$300,000", True),  # the round figure stands for what rounds to it
        ("just over $300,000", "more than $300,000", True),
        ("slightly more than 200", "about 200", True),
        ("a little over 3 million", "3.5 million", False),
        ("just under 50 percent", "51 percent", False),
        ("just under 50 percent", "48 percent", True),
        ("slightly less than 1,000", "700", False),
        ("just under 50 percent", "nearly 50 percent", True),
        # "well over" and "more than" stay open above
        ("well over $300,000", "$4.8 million", True),
        ("more than $300,000", "$4.8 million", True),
    ],
)
def test_slightly_over_and_under_are_bounded_on_both_sides(a, b, ok):
    assert compatible(_read(a), _read(b)) is ok
    assert compatible(_read(b), _read(a)) is ok


def test_rounding_slack_follows_the_last_significant_place():
    assert rounding_slack(q(2_300_000), 0.05) == 50_000
    assert rounding_slack(q(242), 0.05) == 0
    assert rounding_slack(q(9000), 0.05) == 450  # capped: 500 would be 5.6 %
    assert rounding_slack(q(2.3), 0.05) == pytest.approx(0.05)
    assert rounding_slack(q(2_300_000), 0) == 0


def test_tolerance_widens_both_sides():
    assert not compatible(q(100), q(108))
    assert compatible(q(100), q(108), tolerance=0.05)


@pytest.mark.parametrize(
    ("a", "b", "power"),
    [(7.5, 7500, 3), (2.3e6, 2.3e9, 3), (51, 51_000_000, 6), (7.5, 7400, None), (5, 5, None)],
)
def test_same_digits_scaled(a, b, power):
    assert same_digits_scaled(a, b) == power


def m(value, unit, low=None, high=None, approx="exact"):
    """A cardinal with a unit of measure."""
    return Quantity(text=str(value), start=0, end=1, value=value,
                    low=value if low is None else low, high=value if high is None else high,
                    approx=approx, unit=unit)  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        (m(47, "foot"), m(14, "metre"), True),  # 14.3 m written as 14
        (m(47, "foot"), m(30, "metre"), False),
        (m(6, "foot"), m(2, "metre"), True),  # 1.83 m against 2 m at 5 %
        (m(87, "mile per hour"), m(140, "kilometre per hour"), True),
        (m(87, "mile per hour"), m(87, "kilometre per hour"), False),
        (m(1.5, "kilometre"), m(1500, "metre"), True),
        (m(1.5, "kilometre"), m(1600, "metre"), False),
        (m(14, "metre", 14, INF, "lower_bound"), m(46, "foot", 46, INF, "lower_bound"), True),
        (m(100, "acre"), m(40.5, "hectare"), True),
    ],
)
def test_units_of_one_kind_are_compared_after_conversion(a, b, ok):
    assert compatible(a, b) is ok
    assert compatible(b, a) is ok


def test_units_of_different_kinds_or_temperatures_are_not_converted():
    assert in_unit_of(m(5, "foot"), m(5, "kilogram"), 0.05) is None
    assert in_unit_of(m(30, "degree celsius"), m(86, "degree fahrenheit"), 0.05) is None
    assert in_unit_of(m(5, "foot"), m(5, "foot"), 0.05) is None
    assert in_unit_of(m(5, "foot"), m(5, "goals"), 0.05) is None


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        (2, 52_000_000, True),  # two providers / 52 million beneficiaries
        (40e9, 1.75e12, True),
        (1_100, 450_000, True),
        (1_200, 12_000, False),  # a digit too many: the typo it looks like
        (7.5, 7_500, False),  # a scale slip
        (1_200, 720, False),
        (19, 400, True),
        (21, 400, False),  # 19 times apart: below the ratio
        (0, 400, False),
    ],
)
def test_far_apart(a, b, apart):
    assert far_apart(q(a), q(b), 20.0) is apart
