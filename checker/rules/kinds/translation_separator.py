"""A translation that kept the source's digit separators: "7.500 orang" rendered "7.500 people",
which English reads as seven and a half (the artefact rule, now with the original to prove it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..base import TRANSLATION_BLANKS, Hit, Rule, TranslationContext, translation_hit

if TYPE_CHECKING:  # the comparison's module loads with a translation check only
    from ...compare.translation import FigurePair

SCOPE = "translation"
PRECEDENCE = 10
SETTINGS: dict = {}
SITUATIONS = ("default",)
BLANKS = TRANSLATION_BLANKS


def judge(pair: FigurePair, rule: Rule, ctx: TranslationContext) -> Hit | None:
    if pair.kept is None or pair.source is None:
        return None
    return translation_hit("artefact", pair, ctx, details={"kept": pair.kept})
