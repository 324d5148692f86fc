"""How words around a number widen it into an interval.

These are settings, not constants: the rule pack's ``rules/_semantics.yaml``
overrides any field, and the README documents the defaults as a table. The
extraction stage reads them once; the judging stage reads the intervals.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace


def _vague_defaults() -> dict[str, tuple[float, float]]:
    # Plural scale words name "several of that unit": hundreds = 2..9.99 hundreds.
    return {
        "a couple": (2, 3),
        "a few": (2, 5),
        "several": (3, 9),
        "many": (10, 99),
        "dozens": (24, 99),
        "scores": (40, 99),
        "tens": (20, 99),
        "hundreds": (200, 999),
        "thousands": (2_000, 9_999),
        "tens of thousands": (20_000, 99_999),
        "hundreds of thousands": (200_000, 999_999),
        "millions": (2_000_000, 9_999_999),
        "tens of millions": (20_000_000, 99_999_999),
        "hundreds of millions": (200_000_000, 999_999_999),
        "billions": (2_000_000_000, 9_999_999_999),
        "tens of billions": (20_000_000_000, 99_999_999_999),
        "hundreds of billions": (200_000_000_000, 999_999_999_999),
        "trillions": (2_000_000_000_000, 9_999_999_999_999),
    }


@dataclass(frozen=True)
class Semantics:
    """Interval widths for approximators and vague amounts.

    ``approximate``: "about / around / some / roughly / an estimated N" is
    ``[N*(1-a), N*(1+a)]``. ``nearly``: "nearly / almost N" is ``[N*(1-n), N]``;
    the same width bounds the far side of "just under / slightly less than N",
    ``[N*(1-n), N)``, and of "just over / slightly more than / a little over N",
    ``(N, N*(1+n)]``. Bounds ("at least", "more than", "well over", "up to",
    "fewer than") are exact logic and take no setting. ``vague`` maps a vague amount to its
    interval.
    """

    approximate: float = 0.10
    nearly: float = 0.10
    vague: dict[str, tuple[float, float]] = field(default_factory=_vague_defaults)

    @classmethod
    def from_mapping(cls, data: dict | None) -> Semantics:
        """Build from the YAML mapping; unknown keys are rejected by the rule loader."""
        base = cls()
        if not data:
            return base
        known = {f.name for f in fields(cls)}
        changes = {k: v for k, v in data.items() if k in known}
        if "vague" in changes:
            merged = dict(base.vague)
            merged.update({k: (float(v[0]), float(v[1])) for k, v in changes["vague"].items()})
            changes["vague"] = merged
        return replace(base, **changes)


DEFAULT_SEMANTICS = Semantics()
