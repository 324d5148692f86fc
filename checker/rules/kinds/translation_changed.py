"""A figure of the source that stands in its translation with another value: "4,75 persen"
rendered "4.57 percent", "24 Mei" rendered "May 25"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..base import TRANSLATION_BLANKS, Hit, Rule, TranslationContext, translation_hit

if TYPE_CHECKING:  # the comparison's module loads with a translation check only
    from ...compare.translation import FigurePair

SCOPE = "translation"
PRECEDENCE = 30
SETTINGS: dict = {}
SITUATIONS = ("default",)
BLANKS = TRANSLATION_BLANKS


def judge(pair: FigurePair, rule: Rule, ctx: TranslationContext) -> Hit | None:
    if pair.same or pair.source is None or pair.target is None:
        return None
    return translation_hit("conflict", pair, ctx)
