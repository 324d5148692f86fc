"""Figures that move over time are a timeline, not a conflict, unless they move backwards.

A cumulative count (a death toll, an ordinal series such as "fourth visit") may
only grow: a later, lower figure is a conflict. Without dates on both sides we
cannot tell an update from a conflict, and say so instead of guessing.
"""

from __future__ import annotations

from ...compare.intervals import compatible, widened
from ...core.model import LEVELS, Match
from ...core.settings import RuleSetting
from ...read.claims import is_cumulative
from ..base import PAIR_BLANKS, Context, Hit, Rule, pair_evidence, pair_fields

SCOPE = "pair"
PRECEDENCE = 20
SETTINGS = {
    "undated_level": RuleSetting(
        str,
        "warning",
        "level when a cumulative figure differs and a date is missing",
        choices=LEVELS,
    ),
    "decrease_level": RuleSetting(
        str,
        "error",
        "level when a cumulative figure goes down over time",
        choices=LEVELS,
    ),
}
SITUATIONS = ("default", "decrease", "undated")
BLANKS = PAIR_BLANKS | {"earlier", "later"}


def judge(match: Match, rule: Rule, ctx: Context) -> Hit | None:
    if match.not_a_conflict or match.a.hedged != match.b.hedged:
        return None  # a forecast against a report: the conflict rule's "forecast" situation
    s, c = rule.settings, ctx.comparison
    a, b = match.a, match.b
    if compatible(a.quantity, b.quantity, c.rounding, c.tolerance):
        return None
    fields = pair_fields(match, ctx)
    da, db = ctx.documents[a.doc].date, ctx.documents[b.doc].date
    cumulative = is_cumulative(a) or is_cumulative(b)
    if da is None or db is None:
        if not cumulative:
            return None  # a plain conflict: the conflict rule reports it
        fields.update(earlier="", later="")
        return Hit("conflict", fields, pair_evidence(match), "undated", level=s["undated_level"])
    if da == db:
        return None
    earlier, later = (a, b) if da < db else (b, a)
    fields.update(earlier=earlier.quantity.text, later=later.quantity.text)
    details = {"earlier": earlier.id, "later": later.id}
    eq, lq = earlier.quantity, later.quantity
    if eq.approx == lq.approx:  # same kind of figure: compare the figures as written
        went_down = lq.value < eq.value
    else:
        e_low, _, _, _ = widened(eq, c.rounding, c.tolerance)
        _, l_high, _, _ = widened(lq, c.rounding, c.tolerance)
        went_down = l_high < e_low
    if cumulative and went_down:
        return Hit(
            "conflict", fields, pair_evidence(match), "decrease", level=s["decrease_level"],
            details=details,
        )  # fmt: skip
    return Hit("update", fields, pair_evidence(match), details=details)
