"""A figure of the source that its translation leaves out: at the rule's level when the
sentence is there without it, at ``clause_gone_level`` when the clause that held it (or its
whole sentence) is gone too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.model import KINDS, LEVELS
from ...core.settings import RuleSetting
from ..base import TRANSLATION_BLANKS, Hit, Rule, TranslationContext, translation_hit, worth_telling

if TYPE_CHECKING:  # the comparison's module loads with a translation check only
    from ...compare.translation import FigurePair

SCOPE = "translation"
PRECEDENCE = 40
SETTINGS = {
    "clause_gone_level": RuleSetting(
        str,
        "info",
        "level when the clause that held the figure is gone from the translation too (a "
        "shortened translation, rather than a figure dropped from a sentence kept)",
        choices=LEVELS,
    ),
    "kinds": RuleSetting(
        list,
        ["cardinal", "percent", "money", "duration", "date", "year", "age", "score"],
        "kinds of figures reported",
        items="text",
        choices=KINDS,
        max_items=100,
    ),
    "min_word_value": RuleSetting(
        float,
        10.0,
        "a figure written in words below this ('satu per satu', 'one of them') is not "
        "reported: translations render such words freely",
        min=0,
    ),
}
SITUATIONS = ("default", "clause-gone")
BLANKS = TRANSLATION_BLANKS


def judge(pair: FigurePair, rule: Rule, ctx: TranslationContext) -> Hit | None:
    if pair.source is None or pair.target is not None or pair.kept is not None:
        return None
    if not worth_telling(pair.source, rule):
        return None
    if pair.clause_gone:
        level = rule.settings["clause_gone_level"]
        return translation_hit("omission", pair, ctx, situation="clause-gone", level=level)
    return translation_hit("omission", pair, ctx)
