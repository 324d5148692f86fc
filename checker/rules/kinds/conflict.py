"""Same claim, figures no single number can satisfy: the heart of the checker."""

from __future__ import annotations

from ...compare.intervals import compatible, far_apart
from ...core.model import LEVELS, Match
from ...core.settings import RuleSetting
from ..base import PAIR_BLANKS, Context, Hit, Rule, pair_evidence, pair_fields

SCOPE = "pair"
PRECEDENCE = 30
SETTINGS = {
    "within_document_level": RuleSetting(
        str,
        "warning",
        "level when both figures stand in one article: more often two things than one error",
        choices=LEVELS,
    ),
    "forecast_level": RuleSetting(
        str,
        "info",
        "level when one figure is a possibility or forecast ('could', 'expected') and the "
        "other a report: worth a look, rarely an error",
        choices=LEVELS,
    ),
    "gap_level": RuleSetting(
        str,
        "warning",
        "level for figures comparison.gap_ratio or more times apart: more often two things "
        "than one wrong figure",
        choices=LEVELS,
    ),
    "confident": RuleSetting(
        float,
        0.8,
        "the same-claim judge's probability (0-1) that the two figures are one quantity, at or "
        "above which a conflict keeps the rule's level; below it, doubtful_level",
        min=0,
        max=1,
    ),
    "doubtful_level": RuleSetting(
        str,
        "warning",
        "level when the judge is less sure than 'confident' that the figures are one quantity",
        choices=LEVELS,
    ),
}
SITUATIONS = ("default", "within-document", "forecast", "gap", "doubtful")
BLANKS = PAIR_BLANKS


def judge(match: Match, rule: Rule, ctx: Context) -> Hit | None:
    if match.not_a_conflict:
        return None
    s = rule.settings
    c = ctx.comparison
    if compatible(match.a.quantity, match.b.quantity, c.rounding, c.tolerance):
        return None
    if match.a.hedged != match.b.hedged:
        situation = "forecast"
    elif match.a.doc == match.b.doc:
        situation = "within-document"
    elif far_apart(match.a.quantity, match.b.quantity, c.gap_ratio):
        situation = "gap"
    elif match.probability < s["confident"]:
        situation = "doubtful"
    else:
        return Hit("conflict", pair_fields(match, ctx), pair_evidence(match))
    level = s[situation.replace("-", "_") + "_level"]
    return Hit("conflict", pair_fields(match, ctx), pair_evidence(match), situation, level=level)
