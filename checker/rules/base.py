"""What a rule is, what a rule kind must provide, and what a kind hands back.

Rule *kinds* are Python modules written by programmers (one per kind, under
``checker/rules/kinds``); rules are YAML files editors read and change: they
pick a kind and set its parameters, level and message. The engine, not the
kind, stamps the rule id and level on each finding (as yamllint does).
"""

from __future__ import annotations

import datetime as dt
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


# --------------------------------------------------------------------------- translations


@dataclass
class TranslationContext:
    """What a translation rule may look at: the source, its translation, and every figure's
    fate (:class:`checker.compare.translation.Comparison`). Rules must not mutate it."""

    source: Document
    target: Document


#: Blanks every translation rule's message may use.
TRANSLATION_BLANKS = frozenset(
    ["source_figure", "target_figure", "source_value", "target_value", "source", "target",
     "source_language", "target_language", "factor", "kept"]
)  # fmt: skip


def _value(x: float) -> str:
    if x != x or x in (float("inf"), float("-inf")):
        return str(x)
    if abs(x - round(x)) <= 1e-9 * max(1.0, abs(x)):
        return f"{round(x):,}"
    return f"{x:,.6f}".rstrip("0").rstrip(".")


def figure_value(q) -> str:
    """A figure as read, for a message: "1,500,000,000,000 IDR", "4.75 %", "7 October"."""
    if q is None:
        return "nothing"
    if q.kind == "date":
        if q.value > 31:
            d = dt.date.fromordinal(int(q.value))
            return f"{d.day} {q.unit} {d.year}"
        return f"{int(q.value)} {q.unit}"
    if q.kind == "year" and float(q.value).is_integer():
        return str(int(q.value))
    unit = f" {q.unit}" if q.kind in ("money", "percent", "duration") and q.unit else ""
    return _value(q.value) + unit


def _sentence_evidence(doc: Document, span) -> Evidence | None:
    if span is None:
        return None
    a, b = span
    return Evidence(doc=doc.id, start=a, end=b, text=doc.text[a:b])


def translation_hit(verdict: str, pair, ctx: TranslationContext, *, situation: str = "default",
                    level: str | None = None, details: dict | None = None) -> Hit:  # fmt: skip
    """A translation finding: blanks from both figures, evidence in both documents (the
    figure, or its aligned sentence when the other side has no figure)."""
    s, t = pair.source, pair.target
    src, tgt = ctx.source, ctx.target
    evidence: list[Evidence] = []
    if s is not None:
        evidence.append(Evidence(doc=src.id, start=s.start, end=s.end, text=s.text))
    elif (ev := _sentence_evidence(src, pair.source_span)) is not None:
        evidence.append(ev)
    if t is not None:
        evidence.append(Evidence(doc=tgt.id, start=t.start, end=t.end, text=t.text))
    elif pair.kept is not None and pair.kept_at is not None:
        a = pair.kept_at
        evidence.append(Evidence(doc=tgt.id, start=a, end=a + len(pair.kept), text=pair.kept))
    elif (ev := _sentence_evidence(tgt, pair.target_span)) is not None:
        evidence.append(ev)
    power = pair.power
    factor = "" if power is None else (f"×10^{power}" if power > 0 else f"÷10^{-power}")
    fields = {
        "source_figure": s.text if s is not None else "",
        "target_figure": t.text if t is not None else (pair.kept or ""),
        "source_value": figure_value(s) if s is not None else "",
        "target_value": figure_value(t) if t is not None else "nothing",
        "source": describe(src),
        "target": describe(tgt),
        "source_language": src.language,
        "target_language": tgt.language,
        "factor": factor,
        "kept": pair.kept or "",
    }
    facts = {"translation": True, "source_doc": src.id, "target_doc": tgt.id}
    return Hit(verdict, fields, tuple(evidence), situation, level, {**facts, **(details or {})})


def worth_telling(q, rule: Rule) -> bool:
    """A figure of a kind the rule reports, not a small number written in words."""
    if q.kind not in rule.settings["kinds"]:
        return False
    in_words = not any(ch.isdigit() for ch in q.text)
    return not (in_words and abs(q.value) < rule.settings["min_word_value"])
