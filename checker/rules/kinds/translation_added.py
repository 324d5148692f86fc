"""A figure in the translation that its source does not give."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.model import KINDS
from ...core.settings import RuleSetting
from ..base import TRANSLATION_BLANKS, Hit, Rule, TranslationContext, translation_hit, worth_telling

if TYPE_CHECKING:  # the comparison's module loads with a translation check only
    from ...compare.translation import FigurePair

SCOPE = "translation"
PRECEDENCE = 50
SETTINGS = {
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
        "a figure written in words below this ('the two companies', 'one of them') is not "
        "reported: translations render such words freely",
        min=0,
    ),
}
SITUATIONS = ("default",)
BLANKS = TRANSLATION_BLANKS


def judge(pair: FigurePair, rule: Rule, ctx: TranslationContext) -> Hit | None:
    if pair.target is None or pair.source is not None:
        return None
    if not worth_telling(pair.target, rule):
        return None
    return translation_hit("addition", pair, ctx)
