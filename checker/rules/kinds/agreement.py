"""Same claim, compatible figures: recorded so an editor sees what is corroborated."""

from __future__ import annotations

from ...compare.intervals import compatible, far_apart
from ...core.model import Match
from ..base import PAIR_BLANKS, Context, Hit, Rule, pair_evidence, pair_fields

SCOPE = "pair"
PRECEDENCE = 40
SETTINGS: dict = {}
SITUATIONS = ("default", "repeated")
BLANKS = PAIR_BLANKS


def judge(match: Match, rule: Rule, ctx: Context) -> Hit | None:
    c = ctx.comparison
    if not compatible(match.a.quantity, match.b.quantity, c.rounding, c.tolerance):
        return None
    if far_apart(match.a.quantity, match.b.quantity, c.gap_ratio):
        return None
    same_doc = match.a.doc == match.b.doc
    return Hit(
        "agree",
        pair_fields(match, ctx),
        pair_evidence(match),
        "repeated" if same_doc else "default",
        details={"similarity": round(match.similarity, 3)},
    )
