"""A figure whose very form is suspect: "7.500 people" in English, "2 milliard" in English.

The extractor notes these (``Quantity.notes``) and records the other reading;
this kind turns one note into a finding, for documents in the listed languages.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.model import NOTES
from ...core.settings import RuleSetting
from ...lang import supported_languages
from ..base import REQUIRED, Context, Hit, Rule, describe, evidence_of

SCOPE = "corpus"
SETTINGS = {
    "note": RuleSetting(
        str,
        REQUIRED,
        "the extractor's note this rule reports (e.g. continental-separator)",
        choices=NOTES,
    ),
    "languages": RuleSetting(
        list,
        ["en"],
        "document languages where the form is suspect",
        items="text",
        choices=tuple(sorted(supported_languages())),
        max_items=100,
    ),
}
SITUATIONS = ("default",)
BLANKS = frozenset(["value", "reading", "readings", "subject", "doc", "source"])


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


def check(ctx: Context, rule: Rule) -> Iterator[Hit]:
    note, languages = rule.settings["note"], set(rule.settings["languages"])
    for claim in ctx.claims:
        doc = ctx.documents[claim.doc]
        q = claim.quantity
        if note not in q.notes or doc.language not in languages:
            continue
        fields = {
            "value": q.text,
            "reading": _fmt(q.value),
            "readings": " or ".join(_fmt(r) for r in q.readings) or "none",
            "subject": claim.subject or "figure",
            "doc": doc.id,
            "source": describe(doc),
        }
        yield Hit("artefact", fields, (evidence_of(claim),), details={"note": note})
