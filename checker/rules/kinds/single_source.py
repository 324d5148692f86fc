"""A figure only one article gives: not wrong, but unconfirmed; an editor may want a source."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.model import KINDS
from ...core.settings import RuleSetting
from ..base import Context, Hit, Rule, describe, evidence_of

SCOPE = "corpus"
SETTINGS = {
    "kinds": RuleSetting(
        list,
        ["cardinal", "percent", "money"],
        "kinds of figures worth confirming",
        items="text",
        choices=KINDS,
        max_items=100,
    ),
    "min_documents": RuleSetting(
        int, 2, "only report when at least this many articles are checked", min=0, max=1000000
    ),
    "min_value": RuleSetting(
        float, 3.0, "skip smaller figures: 'two sides', 'one pause' are rarely facts to source"
    ),
}
SITUATIONS = ("default",)
BLANKS = frozenset(["subject", "value", "doc", "source", "documents"])


def check(ctx: Context, rule: Rule) -> Iterator[Hit]:
    if len(ctx.documents) < rule.settings["min_documents"]:
        return
    kinds = set(rule.settings["kinds"])
    for claim in ctx.claims:
        if claim.kind not in kinds or claim.id in ctx.matched:
            continue
        if claim.quantity.high < rule.settings["min_value"]:
            continue
        doc = ctx.documents[claim.doc]
        fields = {
            "subject": claim.subject or "figure",
            "value": claim.quantity.text,
            "doc": doc.id,
            "source": describe(doc),
            "documents": len(ctx.documents),
        }
        yield Hit("single-source", fields, (evidence_of(claim),))
