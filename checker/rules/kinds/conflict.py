"""Same claim, figures no single number can satisfy: the heart of the checker."""

from __future__ import annotations

from ...intervals import compatible
from ...model import Match
from ..base import PAIR_BLANKS, Context, Hit, Rule, pair_evidence, pair_fields

SCOPE = "pair"
PRECEDENCE = 30
SETTINGS = {
    "rounding": (float, 0.05, "widen round figures by half their last place, at most this share"),
    "tolerance": (float, 0.0, "extra relative slack on both sides before calling a conflict"),
}
SITUATIONS = ("default",)
BLANKS = PAIR_BLANKS


def judge(match: Match, rule: Rule, ctx: Context) -> Hit | None:
    s = rule.settings
    if compatible(match.a.quantity, match.b.quantity, s["rounding"], s["tolerance"]):
        return None
    return Hit("conflict", pair_fields(match, ctx), pair_evidence(match))
