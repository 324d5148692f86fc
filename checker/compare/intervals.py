"""Comparing two figures as intervals, with the slack news copy needs.

"1.8 million" is a rounded figure: it stands for anything that rounds to it.
``rounding`` widens a round number by half its last significant place, capped at
a share of its value ("240" → [235, 245]; "1,000" → [950, 1,050] with the 5 %
cap, so 1,000 against 1,400 still conflicts). Integers with a non-zero last
digit are taken as exact: 242 against 243 is a real difference.
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from ..core.model import Quantity
from ..read.quantities import unit_size


def rounding_slack(q: Quantity, cap: float) -> float:
    """Half the last significant place of an exactly written figure, at most ``cap`` × value."""
    if cap <= 0 or q.approx != "exact" or q.vague or not math.isfinite(q.value) or q.value == 0:
        return 0.0
    exponent = _last_place(abs(q.value))
    if exponent is None:
        return 0.0
    place = 10.0**exponent
    if exponent == 0:
        return 0.0  # "242": exact
    return min(place / 2, cap * abs(q.value))


def last_place(value: float) -> int | None:
    """The exponent of a figure's last significant digit ("240" -> 1, "4.75" -> -2)."""
    return _last_place(abs(value))


@lru_cache(maxsize=65536)
def _last_place(value: float) -> int | None:
    """The exponent of a figure's last significant digit ("240" -> 1); cached, as matching
    compares one figure with each of its candidates."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return exponent if isinstance(exponent, int) else None


def widened(q: Quantity, rounding: float, tolerance: float) -> tuple[float, float, bool, bool]:
    """The interval a figure allows, with rounding slack and a relative tolerance."""
    slack = rounding_slack(q, rounding)
    low = q.low - slack - tolerance * abs(q.low) if math.isfinite(q.low) else q.low
    high = q.high + slack + tolerance * abs(q.high) if math.isfinite(q.high) else q.high
    any_slack = slack > 0 or tolerance > 0
    return low, high, q.low_open and not any_slack, q.high_open and not any_slack


def _tighter(x: float, x_open: bool, y: float, y_open: bool, pick) -> tuple[float, bool]:
    if x == y:
        return x, x_open or y_open
    return (x, x_open) if pick(x, y) == x else (y, y_open)


def _bound_at(q: Quantity, value: float) -> bool:
    return q.approx in ("lower_bound", "upper_bound") and value in (q.low, q.high)


def compatible(a: Quantity, b: Quantity, rounding: float = 0.05, tolerance: float = 0.0) -> bool:
    """True when some single figure satisfies both claims (their intervals intersect).

    Two written ranges must nest: "25 to 30 percent" and "27 to 35 percent" overlap, but they
    are two estimates.

    A bound written at the other figure itself ("more than 700" against "700") is
    taken at its word: the round figure gets no rounding slack against it. Two
    bounds of one direction agree only when their limits do ("at least 51" and
    "at least 80" report different tolls).
    """
    common = in_common_unit(a, b, rounding)
    if common is not None:  # its own slack replaces the rounding slack
        a, b = common
        rounding = 0.0
    if _written_range(a) and _written_range(b):
        # "25 to 30 percent" against "27 to 35 percent": the ends are the figures reported, and
        # two ranges that merely overlap are two estimates. One inside the other is consistent
        # ("80 to 125" / "40 to 125"): the narrower may be the same estimate made finer.
        return _inside(a, b, rounding, tolerance) or _inside(b, a, rounding, tolerance)
    if a.approx == b.approx and a.approx in ("lower_bound", "upper_bound"):
        # "at least 51" against "at least 80": both intervals meet, but the limits are the
        # figures reported, and they differ. Compare the limits as figures.
        return _limits_agree(a, b, rounding, tolerance)
    alo, ahi, alo_open, ahi_open = widened(a, 0 if _bound_at(b, a.value) else rounding, tolerance)
    blo, bhi, blo_open, bhi_open = widened(b, 0 if _bound_at(a, b.value) else rounding, tolerance)
    low, low_open = _tighter(alo, alo_open, blo, blo_open, max)
    high, high_open = _tighter(ahi, ahi_open, bhi, bhi_open, min)
    if low < high:
        return True
    return low == high and not low_open and not high_open


def two_units(a: Quantity, b: Quantity) -> bool:
    """Two different units of one dimension ("feet" and "metres"): convertible, and never
    the same digits by a slip of the separator."""
    if a.unit == b.unit:
        return False
    size_a, size_b = unit_size(a.unit), unit_size(b.unit)
    return size_a is not None and size_b is not None and size_a[1] == size_b[1]


def in_unit_of(
    a: Quantity, b: Quantity, cap: float
) -> tuple[tuple[Quantity, float], tuple[Quantity, float]] | None:
    """``a`` and ``b`` in ``a``'s unit of measure, each with the slack of its last written
    place; None when the units are the same or cannot be converted into each other.

    A converted figure is rounded by whoever wrote it ("47 feet (14 metres)"), so each
    figure stands for what rounds to it: half its last written place, at most ``cap`` of
    its value ("14" is 13.5-14.5 against feet, "1,500" is 1,450-1,550).
    """
    if not two_units(a, b):
        return None
    (size_a, _), (size_b, _) = unit_size(a.unit), unit_size(b.unit)
    f = size_b / size_a
    moved = replace(b, value=b.value * f, low=b.low * f, high=b.high * f, unit=a.unit)
    return (a, _written_place(a, cap)), (moved, _written_place(b, cap) * f)


def in_common_unit(a: Quantity, b: Quantity, cap: float) -> tuple[Quantity, Quantity] | None:
    """``a`` and ``b`` in ``a``'s unit, each widened to what rounds to it (see ``in_unit_of``),
    ready to compare without further rounding slack; None when no conversion applies.
    Two bounds of one direction become their limits, since the limits are the figures."""
    converted = in_unit_of(a, b, cap)
    if converted is None:
        return None
    (a, slack_a), (b, slack_b) = converted
    limits = a.approx == b.approx and a.approx in ("lower_bound", "upper_bound")
    return _loosened(a, slack_a, limits), _loosened(b, slack_b, limits)


def _written_place(q: Quantity, cap: float) -> float:
    """Half the last written place of ``q``'s figure, at most ``cap`` × the figure."""
    if q.vague or not math.isfinite(q.value) or q.value == 0:
        return 0.0
    exponent = Decimal(repr(abs(q.value))).normalize().as_tuple().exponent
    if not isinstance(exponent, int):
        return 0.0
    return min(10.0**exponent / 2, cap * abs(q.value))


def _loosened(q: Quantity, slack: float, limits: bool) -> Quantity:
    """``q`` widened by ``slack``; with ``limits``, a bound becomes its limit, widened.

    The widened ends are open: "1.5 km" (1,450-1,550 m) and "1,600 m" (1,550-1,650 m)
    only touch, and a reader sees two different distances.
    """
    widen = slack > 0
    if limits:
        low, high = q.value - slack, q.value + slack
        return replace(q, low=low, high=high, approx="range", low_open=widen, high_open=widen)
    low = q.low - slack if math.isfinite(q.low) else q.low
    high = q.high + slack if math.isfinite(q.high) else q.high
    approx = "range" if q.approx == "exact" else q.approx
    lo_open, hi_open = q.low_open or widen, q.high_open or widen
    return replace(q, low=low, high=high, approx=approx, low_open=lo_open, high_open=hi_open)


def _limits_agree(a: Quantity, b: Quantity, rounding: float, tolerance: float) -> bool:
    pa = replace(a, low=a.value, high=a.value, approx="exact", low_open=False, high_open=False)
    pb = replace(b, low=b.value, high=b.value, approx="exact", low_open=False, high_open=False)
    return compatible(pa, pb, rounding, tolerance)


def _written_range(q: Quantity) -> bool:
    """A range someone wrote ("25 to 30 percent"): not "hundreds" (no one's estimate) and not
    a figure widened by its rounding (open ends)."""
    return q.approx == "range" and not (q.vague or q.low_open or q.high_open)


def _inside(a: Quantity, b: Quantity, rounding: float, tolerance: float) -> bool:
    """Range ``a`` lies within range ``b``, widened by its rounding slack."""
    low, high, _, _ = widened(b, rounding, tolerance)
    return low <= a.low and a.high <= high


def same_digits_scaled(a: float, b: float) -> int | None:
    """If ``b`` is ``a`` times 10^3k with the same digits (7.5 vs 7,500), return that power."""
    if a <= 0 or b <= 0 or a == b:
        return None
    ratio = max(a, b) / min(a, b)
    for power in (3, 6, 9, 12):
        if math.isclose(ratio, 10.0**power, rel_tol=1e-9):
            return power
    return None


def far_apart(a: Quantity, b: Quantity, ratio: float) -> bool:
    """The two figures are at least ``ratio`` times apart, and not by a power of ten.

    "two providers" against "52 million beneficiaries", "$40 billion" against "$1.75
    trillion": figures that far apart are two different things far more often than one
    wrong figure. A power of ten (1,200 against 12,000, a digit too many; 7.5 against
    7,500, a scale slip) is the typo it looks like, and stays a plain conflict.
    """
    if ratio <= 1:
        return False
    converted = in_unit_of(a, b, 0.0)
    if converted is not None:
        (a, _), (b, _) = converted
    x, y = abs(a.value), abs(b.value)
    if not (math.isfinite(x) and math.isfinite(y)) or x == 0 or y == 0:
        return False
    r = max(x, y) / min(x, y)
    if r < ratio:
        return False
    return not math.isclose(math.log10(r), round(math.log10(r)), abs_tol=0.005)
