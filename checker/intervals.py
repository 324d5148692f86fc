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

from .model import Quantity


def rounding_slack(q: Quantity, cap: float) -> float:
    """Half the last significant place of an exactly written figure, at most ``cap`` × value."""
    if cap <= 0 or q.approx != "exact" or q.vague or not math.isfinite(q.value) or q.value == 0:
        return 0.0
    exponent = Decimal(repr(abs(q.value))).normalize().as_tuple().exponent
    if not isinstance(exponent, int):
        return 0.0
    place = 10.0**exponent
    if exponent == 0:
        return 0.0  # "242": exact
    return min(place / 2, cap * abs(q.value))


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

    A bound written at the other figure itself ("more than 700" against "700") is
    taken at its word: the round figure gets no rounding slack against it. Two
    bounds of one direction agree only when their limits do ("at least 51" and
    "at least 80" report different tolls).
    """
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


def _limits_agree(a: Quantity, b: Quantity, rounding: float, tolerance: float) -> bool:
    pa = replace(a, low=a.value, high=a.value, approx="exact", low_open=False, high_open=False)
    pb = replace(b, low=b.value, high=b.value, approx="exact", low_open=False, high_open=False)
    return compatible(pa, pb, rounding, tolerance)


def same_digits_scaled(a: float, b: float) -> int | None:
    """If ``b`` is ``a`` times 10^3k with the same digits (7.5 vs 7,500), return that power."""
    if a <= 0 or b <= 0 or a == b:
        return None
    ratio = max(a, b) / min(a, b)
    for power in (3, 6, 9, 12):
        if math.isclose(ratio, 10.0**power, rel_tol=1e-9):
            return power
    return None
