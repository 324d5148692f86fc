"""Many findings about one repeated claim become one finding that says how many.

The same figure in 1,000 articles is 1,000 x k agreeing pairs; a report listing each helps
nobody. Pair findings of one rule, verdict, level and situation whose claims hang together
(a connected set: a agrees with b, b with c) are grouped when there are more than
``grouping.group_over`` of them: one finding, the first pair's message with what the group
holds ("one of 31,472 such findings among 1,000 claims in 1,000 articles; figures: 12 x1,000;
10 claims quoted, and 990 more"), its evidence the first ``grouping.shown`` claims. The
counts are also in ``details["group"]`` for machines. Below the threshold nothing changes.

Then a report lists at most ``grouping.max_findings`` findings (never more than
:data:`~checker.core.settings.MAX_FINDINGS`), worst level first; one last finding counts the
rest (:func:`cap_findings`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..core.model import LEVEL_RANK, Claim, Evidence, Finding
from ..core.settings import MAX_FINDINGS, GroupingSettings
from .engine import finding_order

#: The rule id and verdict of the line that counts what the cap left out (no rule file may
#: take this id: :data:`checker.rules.loader.RESERVED_IDS`).
CAP_RULE = "findings-cap"
CAP_VERDICT = "capped"


def group_findings(
    findings: Sequence[Finding], claims: Sequence[Claim], s: GroupingSettings
) -> list[Finding]:
    """``findings`` with each large connected set of pair findings replaced by one finding,
    then at most ``s.max_findings`` of them (:func:`cap_findings`).

    A pair finding is one whose evidence names two claims; others pass through untouched,
    in place. A group takes the place of its first finding."""
    return cap_findings(_grouped(findings, claims, s), s.max_findings)


def _grouped(
    findings: Sequence[Finding], claims: Sequence[Claim], s: GroupingSettings
) -> list[Finding]:
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def key_of(f: Finding) -> tuple | None:
        ids = [e.claim for e in f.evidence]
        if len(ids) != 2 or None in ids:
            return None
        return (f.rule, f.verdict, f.level, f.details.get("situation", "default"))

    keys = [key_of(f) for f in findings]
    for f, key in zip(findings, keys, strict=True):
        if key is not None:
            a, b = (root(f"{key}\0{e.claim}") for e in f.evidence)
            if a != b:
                parent[a] = b
    members: dict[str, list[int]] = {}
    for i, (f, key) in enumerate(zip(findings, keys, strict=True)):
        if key is not None:
            members.setdefault(root(f"{key}\0{f.evidence[0].claim}"), []).append(i)
    big = {idx[0]: idx for idx in members.values() if len(idx) > s.group_over}
    if not big:
        return list(findings)
    grouped = {i for idx in big.values() for i in idx}
    by_id = {c.id: c for c in claims}
    out: list[Finding] = []
    for i, f in enumerate(findings):
        if i in big:
            out.append(_group([findings[j] for j in big[i]], by_id, s))
        elif i not in grouped:
            out.append(f)
    return out


def _group(members: list[Finding], by_id: dict[str, Claim], s: GroupingSettings) -> Finding:
    first = members[0]
    evidence: dict[str, Evidence] = {}
    for f in members:
        for e in f.evidence:
            evidence.setdefault(e.claim or "", e)
    ordered = sorted(evidence.values(), key=lambda e: (e.doc, e.start))
    figures = Counter(by_id[e.claim].quantity.text if e.claim in by_id else e.text for e in ordered)
    docs = len({e.doc for e in ordered})
    shown = ordered[: s.shown]
    more = len(ordered) - len(shown)
    listed = ", ".join(f"{text} x{n:,}" for text, n in figures.most_common(5))
    if len(figures) > 5:
        listed += f" and {len(figures) - 5:,} more"
    message = (
        f"{first.message} [one of {len(members):,} such findings among {len(ordered):,} claims "
        f"in {docs:,} articles; figures: {listed}; {len(shown):,} claims quoted"
        + (f", and {more:,} more]" if more else "]")
    )
    details = dict(first.details)
    details["group"] = {
        "findings": len(members),
        "claims": len(ordered),
        "documents": docs,
        "figures": dict(figures.most_common()),
        "shown": len(shown),
        "more": more,
    }
    return Finding(
        rule=first.rule,
        verdict=first.verdict,
        level=first.level,
        message=message,
        evidence=tuple(shown),
        details=details,
    )


def cap_findings(findings: Sequence[Finding], cap: int = MAX_FINDINGS) -> list[Finding]:
    """At most ``cap`` findings (and never more than :data:`MAX_FINDINGS`), worst level first
    (:func:`~checker.rules.engine.finding_order`), and one last finding that counts the rest:
    "… 1,989,000 more findings not shown: the cap is 1,000". Within the cap, ``findings``
    come back as they are, in their order.

    Its rule is :data:`CAP_RULE`, its verdict :data:`CAP_VERDICT`, its level the worst of
    those left out (never worse than a finding listed), and ``details["capped"]`` counts them
    by level, verdict and rule."""
    cap = max(1, min(int(cap), MAX_FINDINGS))
    if len(findings) <= cap:
        return list(findings)
    ordered = sorted(findings, key=finding_order)
    kept, rest = ordered[:cap], ordered[cap:]
    worst = max((f.level for f in rest), key=LEVEL_RANK.__getitem__)
    by_level = Counter(f.level for f in rest)
    levels = ", ".join(
        f"{by_level[lv]:,} {lv}"
        for lv in sorted(by_level, key=LEVEL_RANK.__getitem__, reverse=True)
    )
    message = (
        f"… {len(rest):,} more finding{'s' * (len(rest) != 1)} not shown: the cap is {cap:,} "
        f"(grouping.max_findings in _settings.yaml, at most {MAX_FINDINGS:,}); left out: {levels}"
    )
    details = {
        "capped": {
            "cap": cap,
            "shown": len(kept),
            "more": len(rest),
            "by_level": dict(by_level.most_common()),
            "by_verdict": dict(Counter(f.verdict for f in rest).most_common()),
            "by_rule": dict(Counter(f.rule for f in rest).most_common()),
        }
    }
    summary = Finding(CAP_RULE, CAP_VERDICT, worst, message, (), details)
    return [*kept, summary]
