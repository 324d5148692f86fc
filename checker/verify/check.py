"""Does a source support the figures in one statement? What an editor asks of a draft sentence.

A statement is *supported* when every figure in it is matched by a figure in the
source that it allows (the source's interval lies inside the statement's:
"6 years old" supports "more than 1 year old", "at least 486 flights" supports
"486 flights" because news copy reports the bound as the figure); *contradicted*
when a matched figure admits no common value, or the same figure is asserted
with the opposite polarity; otherwise *unsupported* (a figure the source does
not give, or one it only makes possible: "more than 1" does not support "6").
"""

from __future__ import annotations

import dataclasses

from ..compare.embed import Embedder
from ..compare.match import embed_claims, family, subject_score
from ..compare.structure import structure_ok
from ..core.model import Claim, Document, Evidence, Finding, Match
from ..pipeline import claims_of, judged
from ..rules import RulePack
from .figures import (
    counts_named,
    events_conflict,
    judge,
    named_people,
    one_named,
    same_point,
    within,
)
from .sums import as_percent, score_checks, sum_check, without
from .verdict import ClaimCheck, Verdict
from .words import covered, unmentioned


def verify_documents(
    statement: Document,
    source: Document,
    rules: RulePack,
    embedder: Embedder,
) -> Verdict:
    """The verdict on every figure of ``statement`` against ``source``."""
    stmt_claims = claims_of([statement], rules)
    src_claims = claims_of([source], rules)
    tallies = score_checks(statement, source, stmt_claims, src_claims)
    stmt_claims = [as_percent(c) for c in stmt_claims if c.kind != "score"]  # scores: tallies
    src_claims = [as_percent(c) for c in src_claims]
    if not stmt_claims and not tallies:
        return Verdict("unsupported")
    rounding, tolerance = rules.comparison.rounding, rules.comparison.tolerance
    comparable, key_v, focus_v = embed_claims(stmt_claims + src_claims, embedder)
    row = {c.id: i for i, c in enumerate(comparable)}
    checks: dict[str, ClaimCheck] = {}
    # Score every admissible (statement figure, source figure) pair, then assign one to one,
    # best first: "76, 65, 82 and 85 marks" must pair 82 with 82, not with its neighbour.
    scored: list[tuple[float, float, Claim, Claim]] = []
    for sc in stmt_claims:
        if family(sc) is None:
            # Years and dates are never compared as counts: the same one in the source supports.
            hit = next((c for c in src_claims if same_point(sc, c) or within(sc, c)), None)
            label = "supported" if hit else "unsupported"
            checks[sc.id] = ClaimCheck(sc, label, hit, "given" if hit else "not in the source")
            continue
        for oc in src_claims:
            if family(oc) != family(sc):
                continue
            i, j = row[sc.id], row[oc.id]
            sim = max(float(key_v[i] @ key_v[j]), float(focus_v[i] @ focus_v[j]))
            aligned = dataclasses.replace(oc, negated=sc.negated)  # polarity is judged below
            ok, _ = structure_ok(sc, aligned, sim, rules.matching)
            same = same_point(sc, oc)
            # The same figure, worded differently ("detained some 2,500" / "2,500 arrested",
            # "70 million participants" / "70 million people") still counts, unless the
            # events are known to differ (killed vs injured).
            if ok or (same and not events_conflict(sc, oc)):
                # The very same figure first, then the same number with other words around it.
                bonus = (1.0 if sc.quantity.approx == oc.quantity.approx else 0.5) if same else 0.0
                scored.append((sim + bonus, sim, sc, oc))
    used: set[str] = set()
    matches: list[Match] = []
    for _score, sim, sc, oc in sorted(scored, key=lambda t: (-t[0], t[2].start, t[3].start)):
        if sc.id in checks or oc.id in used:
            continue
        used.add(oc.id)
        label, reason = judge(sc, oc, rounding, tolerance, rules.verify.bound_as_figure)
        checks[sc.id] = ClaimCheck(sc, label, oc, reason)
        matches.append(Match(a=oc, b=sc, similarity=sim, subject_score=subject_score(sc, oc)))
    named = named_people(source.text)
    for sc in stmt_claims:
        if sc.id not in checks and counts_named(sc, named):
            reason = f"the source names {len(named)} people: {', '.join(named)}"
            checks[sc.id] = ClaimCheck(sc, "supported", None, reason)
        if sc.id not in checks and (single := one_named(sc, source.text)):
            reason = f"the source names a single {single}"
            checks[sc.id] = ClaimCheck(sc, "supported", None, reason)
        checks.setdefault(
            sc.id, ClaimCheck(sc, "unsupported", None, "the source gives no such figure")
        )
    for sc in stmt_claims:
        if checks[sc.id].label != "supported" and family(sc) is not None:
            # A figure paired with one source figure ("AB = 30" / "AB = 10 and EC = 20") may be
            # the total of it and a free neighbour; a new figure ("four injured, including two
            # officers") may add parts the statement repeats.
            own = checks[sc.id].source
            taken = {c.source.id for k, c in checks.items() if k != sc.id and c.source}
            parts = [c for c in src_claims if c.id not in taken] if own else src_claims
            total = sum_check(
                sc, parts, source.text, rounding, tolerance, own, rules.matching.subject_ratio
            )
            if total:
                checks[sc.id] = total
                matches = [m for m in matches if m.b.id != sc.id]
    checks = {c.id: checks[c.id] for c in stmt_claims}  # reading order
    checks.update({c.claim.id: c for c in tallies})
    extra = []  # a figure the source does not give: said as the report says it
    for c in checks.values():
        if c.label == "unsupported" and c.source is None:
            q = c.claim.quantity
            extra.append(
                Finding(
                    rule="verify",
                    verdict="single-source",
                    level="info",
                    message=f"{q.text} ({c.claim.subject or 'figure'}): {c.reason}.",
                    evidence=(Evidence(statement.id, q.start, q.end, q.text, c.claim.id),),
                )
            )
    findings, _suppressed, _flags = judged(
        rules, [source, statement], src_claims + stmt_claims, matches, extra=extra
    )
    labels = {c.label for c in checks.values()}
    if "contradicted" in labels:
        label = "contradicted"
    elif labels == {"supported"}:
        label = "supported"
    else:
        label = "unsupported"
    mentioned: set[str] = set()  # words of the statement's names the source mentions
    missing = (
        unmentioned(statement, source, rules.verify, mentioned) if label == "supported" else []
    )
    first = next(iter(checks.values())).claim
    if missing:
        label = "unsupported"
        checks = {**checks, "entities": ClaimCheck(first, "unsupported", None,
                  f"the source does not mention {', '.join(missing)}")}  # fmt: skip
    elif label == "supported":
        share, new = covered(
            without(statement, stmt_claims), without(source, src_claims), mentioned
        )
        if share < rules.verify.content_coverage:
            label = "unsupported"
            reason = (
                f"the source covers {share:.0%} of what the statement says (not: {', '.join(new)})"
            )
            checks = {**checks, "content": ClaimCheck(first, "unsupported", None, reason)}
    return Verdict(label, tuple(checks.values()), tuple(findings))
