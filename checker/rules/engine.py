"""Run a rule pack over claims and matches; stamp rule id, level and message on each hit."""

from __future__ import annotations

from collections.abc import Iterable

from ..core.model import LEVEL_RANK, Claim, Document, Finding, Match
from .base import Context, Hit, Rule, TranslationContext
from .kinds import KINDS
from .loader import RulePack

#: What one blank may put into a message, in characters: a document-pattern ``{match}`` can
#: be a whole article, a title-consistency ``{titles}`` every office ever written.
MAX_BLANK = 200
#: The longest message a rule makes (before a group adds its counts): the loader allows
#: templates of ``MAX_TEMPLATE`` (1,000) characters with ``MAX_BLANKS`` (20) blanks, each cut
#: to ``MAX_BLANK``; what is longer is cut here, with "…".
MAX_MESSAGE = 1000


def cut(text: str, most: int) -> str:
    """``text``, or its first ``most - 1`` characters and "…"."""
    return text if len(text) <= most else text[: most - 1] + "…"


class _Blanks(dict):
    def __missing__(self, key: str) -> str:  # a kind that forgot a blank must not crash a run
        return "{" + key + "}"


def _finding(rule: Rule, hit: Hit) -> Finding:
    template = rule.message.get(hit.situation) or rule.message["default"]
    details = dict(hit.details)
    if hit.situation != "default":
        details["situation"] = hit.situation
    blanks = _Blanks({k: cut(str(v), MAX_BLANK) for k, v in hit.fields.items()})
    return Finding(
        rule=rule.id,
        verdict=hit.verdict,
        level=hit.level or rule.level,
        message=cut(template.format_map(blanks), MAX_MESSAGE),
        evidence=hit.evidence,
        details=details,
    )


def run_rules(
    pack: RulePack,
    documents: Iterable[Document],
    claims: list[Claim],
    matches: list[Match],
    *,
    only_docs: set[str] | None = None,
) -> tuple[list[Finding], dict[str, list[str]]]:
    """All findings, and document flags (``{doc id: ["machine-translated"]}``).

    Each match is judged by the first pair rule (in kind precedence, then rule
    id) that has something to say: a scale slip is not also a conflict, an
    update is not also a conflict.

    ``only_docs`` (checking a draft against stored coverage): report only findings
    whose evidence touches one of these documents; the rest is context.
    """
    ctx = Context(
        documents={d.id: d for d in documents},
        claims=claims,
        matches=matches,
        comparison=pack.comparison,
    )
    ctx.matched = {c.id for m in matches if m.a.doc != m.b.doc for c in (m.a, m.b)}
    rules = pack.enabled
    pair_rules = sorted(
        (r for r in rules if KINDS[r.kind].SCOPE == "pair"),
        key=lambda r: (KINDS[r.kind].PRECEDENCE, r.id),
    )

    def wanted(f: Finding) -> bool:
        return only_docs is None or any(e.doc in only_docs for e in f.evidence)

    findings: list[Finding] = []
    for match in matches:
        for rule in pair_rules:
            hit = KINDS[rule.kind].judge(match, rule, ctx)
            if hit is not None:
                f = _finding(rule, hit)
                f.details.setdefault("similarity", round(match.similarity, 3))
                f.details.setdefault("same_quantity", round(match.probability, 3))
                if wanted(f):
                    findings.append(f)
                break
    flags: dict[str, list[str]] = {}
    for rule in rules:
        if KINDS[rule.kind].SCOPE != "corpus":
            continue
        for hit in KINDS[rule.kind].check(ctx, rule):
            f = _finding(rule, hit)
            if not wanted(f):
                continue
            findings.append(f)
            flag = hit.details.get("flag")
            if flag:
                for ev in hit.evidence:
                    flags.setdefault(ev.doc, [])
                    if flag not in flags[ev.doc]:
                        flags[ev.doc].append(flag)
    return findings, flags


def run_translation_rules(pack: RulePack, comparison) -> list[Finding]:
    """The translation rules' findings on a :class:`checker.compare.translation.Comparison`:
    each figure pair is judged by the first translation rule (in kind precedence, then rule
    id) that has something to say, as a match is by the pair rules."""
    ctx = TranslationContext(source=comparison.source, target=comparison.target)
    rules = sorted(
        (r for r in pack.enabled if KINDS[r.kind].SCOPE == "translation"),
        key=lambda r: (KINDS[r.kind].PRECEDENCE, r.id),
    )
    findings: list[Finding] = []
    for pair in comparison.pairs:
        for rule in rules:
            hit = KINDS[rule.kind].judge(pair, rule, ctx)
            if hit is not None:
                findings.append(_finding(rule, hit))
                break
    return findings


def finding_order(f: Finding) -> tuple:
    """Worst level first, then verdict, rule, and where the first evidence stands; the line
    that counts the findings a report's cap left out comes last, whatever its level."""
    first = f.evidence[0] if f.evidence else None
    return (
        "capped" in f.details,
        -LEVEL_RANK[f.level],
        f.verdict,
        f.rule,
        first.doc if first else "",
        first.start if first else 0,
    )


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=finding_order)
