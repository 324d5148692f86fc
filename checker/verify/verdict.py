"""What ``checker verify`` says: one label for the statement, and for each of its figures
what the source says about it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.model import Claim, Finding

LABELS = ("supported", "contradicted", "unsupported")


@dataclass(frozen=True)
class ClaimCheck:
    """One figure of the statement and what the source says about it."""

    claim: Claim
    label: str
    source: Claim | None = None
    reason: str = ""


@dataclass(frozen=True)
class Verdict:
    label: str
    checks: tuple[ClaimCheck, ...] = ()
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def reason(self) -> str:
        return "; ".join(f"{c.claim.quantity.text}: {c.reason}" for c in self.checks) or (
            "the statement has no figure to check"
        )
