"""A figure whose scale slipped in translation: "3,2 miliar" rendered "3.2 million" (the same
digits, a thousand times less), or a foreign scale word carried over ("milliard")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.settings import RuleSetting
from ..base import TRANSLATION_BLANKS, Hit, Rule, TranslationContext, translation_hit

if TYPE_CHECKING:  # the comparison's module loads with a translation check only
    from ...compare.translation import FigurePair

SCOPE = "translation"
PRECEDENCE = 20
SETTINGS = {
    "powers": RuleSetting(
        list,
        [3, 6, 9, 12],
        "powers of ten between the two figures (either way) that count as a scale slip; "
        "other differences are changed figures",
        items="integer",
        min=1,
        max=30,
        max_items=100,
    ),
}
SITUATIONS = ("default", "false-friend")
BLANKS = TRANSLATION_BLANKS


def judge(pair: FigurePair, rule: Rule, ctx: TranslationContext) -> Hit | None:
    if pair.source is None or pair.target is None:
        return None
    if pair.same and "scale-false-friend" in pair.target.notes:
        return translation_hit("artefact", pair, ctx, situation="false-friend")
    if pair.power is None or abs(pair.power) not in rule.settings["powers"]:
        return None
    return translation_hit("artefact", pair, ctx, details={"power": pair.power})
