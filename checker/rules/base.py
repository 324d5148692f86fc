"""What a rule is, what a rule kind must provide, and what a kind hands back.

Rule *kinds* are Python modules written by programmers (one per kind, under
``checker/rules/kinds``); rules are YAML files editors read and change: they
pick a kind and set its parameters, level and message. The engine, not the
kind, stamps the rule id and level on each finding (as yamllint does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..compare.intervals import two_units
from ..core.model import Claim, Document, Evidence, Match
from ..core.settings import ComparisonSettings

#: Marks a kind setting that every rule of that kind must give.
REQUIRED = object()


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    level: str
    title: str
    why: str
    #: Situation name -> message template with named blanks ("{subject}").
    message: dict[str, str]
    settings: dict[str, Any]
    examples: dict[str, list[dict]] = field(default_factory=dict)
    enabled: bool = True
    path: str = ""
    line: int = 1
    #: Key path -> line in the rule file, so kinds can point at a bad setting.
    lines: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def line_of(self, *path: str | int) -> int:
        p = tuple(path)
        while p and p not in self.lines:
            p = p[:-1]
        return self.lines.get(p, self.line)


@dataclass(frozen=True)
class Hit:
    """What a kind found; the engine turns it into a Finding."""

    verdict: str
    fields: dict[str, Any]
    evidence: tuple[Evidence, ...]
    situation: str = "default"
    level: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """Everything a rule may look at. Built once per check; rules must not mutate it."""

    documents: dict[str, Document]
    claims: list[Claim]
    matches: list[Match]
    #: Claim ids that took part in any match, whatever its verdict.
    matched: set[str] = field(default_factory=set)
    #: When two figures agree: the pack's ``comparison`` settings.
    comparison: ComparisonSettings = field(default_factory=ComparisonSettings)


def evidence_of(claim: Claim) -> Evidence:
    q = claim.quantity
    return Evidence(doc=claim.doc, start=q.start, end=q.end, text=q.text, claim=claim.id)


def describe(doc: Document) -> str:
    """How a message names a source: outlet if known, else the document id."""
    return doc.outlet or doc.id


def date_text(doc: Document) -> str:
    return doc.date.isoformat() if doc.date else "undated"


def pair_fields(match: Match, ctx: Context) -> dict[str, Any]:
    """Blanks every pair rule's message may use."""
    da, db = ctx.documents[match.a.doc], ctx.documents[match.b.doc]
    qa, qb = match.a.quantity, match.b.quantity
    units = qa.kind == qb.kind == "cardinal" and two_units(qa, qb)
    return {
        "subject": match.a.subject or match.b.subject or "figure",
        "event": match.a.event or match.b.event or "",
        # "47 (foot) / 14 (metre)": figures in two units say which
        "value_a": f"{qa.text} ({qa.unit})" if units else qa.text,
        "value_b": f"{qb.text} ({qb.unit})" if units else qb.text,
        "doc_a": da.id,
        "doc_b": db.id,
        "source_a": describe(da),
        "source_b": describe(db),
        "date_a": date_text(da),
        "date_b": date_text(db),
    }


PAIR_BLANKS = frozenset(
    ["subject", "event", "value_a", "value_b", "doc_a", "doc_b", "source_a", "source_b",
     "date_a", "date_b"]
)  # fmt: skip


def pair_evidence(match: Match) -> tuple[Evidence, ...]:
    return (evidence_of(match.a), evidence_of(match.b))
