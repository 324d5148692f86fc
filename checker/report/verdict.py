"""``checker verify``'s verdict on one statement, for people (text) and machines (JSON).

The statement and the source's sentences are untrusted text: the text form prints each as one
inert line (:func:`~checker.report._common.clean`), and JSON escapes them (:func:`~checker.report.json.dumps`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checker.report._common import clean
from checker.report.json import dumps

if TYPE_CHECKING:
    from checker.verify import Verdict


def verdict_data(verdict: Verdict) -> dict[str, Any]:
    """The verdict as plain data: its label, each figure's check, the rules' findings."""
    return {
        "label": verdict.label,
        "figures": [
            {
                "text": c.claim.quantity.text,
                "label": c.label,
                "reason": c.reason,
                "source": c.source.quantity.text if c.source else None,
                "source_sentence": c.source.sentence_text if c.source else None,
            }
            for c in verdict.checks
        ],
        "findings": [
            {"rule": f.rule, "verdict": f.verdict, "level": f.level, "message": f.message}
            for f in verdict.findings
        ],
    }


def render_verdict_json(verdict: Verdict) -> str:
    return dumps(verdict_data(verdict), indent=2) + "\n"


def render_verdict_text(verdict: Verdict) -> str:
    """SUPPORTED / CONTRADICTED / UNSUPPORTED, then each figure with its reason and source."""
    lines = [verdict.label.upper()]
    for c in verdict.checks:
        lines.append(f"  {clean(c.claim.quantity.text)}: {c.label} — {clean(c.reason)}")
        if c.source is not None:
            lines.append(f"      source: {clean(c.source.sentence_text).strip()}")
    if not verdict.checks:
        lines.append("  the statement has no figure to check")
    return "\n".join(lines) + "\n"
