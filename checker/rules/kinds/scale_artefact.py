"""Figures that differ by exactly ×1000 with the same digits: a separator or scale slip.

"3.500" read as 3.5 against "3,500", or "4.2 billion" against "4.2 million"
after a milliard/billion mix-up, is more often a translation artefact than a
different fact. The extractor records other readings of ambiguous figures; a
pair whose readings meet is judged here, before any conflict.
"""

from __future__ import annotations

import math

from ...compare.intervals import compatible, same_digits_scaled, two_units
from ...core.model import Match
from ...core.settings import RuleSetting
from ..base import PAIR_BLANKS, Context, Hit, Rule, pair_evidence, pair_fields

SCOPE = "pair"
PRECEDENCE = 10
SETTINGS = {
    "powers": RuleSetting(
        list,
        [3, 6, 9],
        "powers of ten that count as a scale slip",
        items="integer",
        min=1,
        max=30,
        max_items=100,
    ),
}
SITUATIONS = ("default",)
BLANKS = PAIR_BLANKS | {"factor"}


def judge(match: Match, rule: Rule, ctx: Context) -> Hit | None:
    qa, qb, c = match.a.quantity, match.b.quantity, ctx.comparison
    if compatible(qa, qb, c.rounding, c.tolerance):
        return None
    if two_units(qa, qb):
        return None  # "1.5 km" and "1,500 feet": two units, not a slip of the separator
    factor = None
    values_a = {qa.value, *qa.readings}
    values_b = {qb.value, *qb.readings}
    if any(math.isclose(x, y, rel_tol=1e-9) for x in values_a for y in values_b):
        factor = "another reading"
    else:
        power = same_digits_scaled(qa.value, qb.value)
        if power is not None and power in rule.settings["powers"]:
            factor = f"×10^{power}"
    if factor is None:
        return None
    fields = pair_fields(match, ctx) | {"factor": factor}
    return Hit("artefact", fields, pair_evidence(match), details={"factor": factor})
