"""Every setting of the checker in one place, at the bottom of the house.

- :class:`Semantics`: how words around a number widen it into an interval ("about",
  "hundreds"). These are settings, not constants: the rule pack's ``_settings.yaml``
  overrides any field, and docs/numbers.md documents the defaults as a table. The extraction
  stage reads them once; the judging stage reads the intervals.
- :class:`MatchSettings`, :class:`ComparisonSettings` and :class:`VerifySettings`: the
  thresholds ``_settings.yaml`` sets for matching, for comparing two figures and for ``verify``.

The rule loader that reads them and the stages that use them share one definition without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds, set in ``rules/_settings.yaml`` under ``matching``."""

    #: The same-claim judge's probability (0-1) at which two claims of two articles are one
    #: quantity and are compared (see ``checker.compare.judge``).
    same_quantity: float = 0.5
    #: ... and two claims inside one article, where the judge saw no training pair.
    same_quantity_within: float = 0.9
    #: Each claim keeps its likeliest partner in another article when that is mutual. When the
    #: partner's own likeliest is another figure of this claim's article, in another sentence
    #: (the article repeats the figure: "under 18" twice, once in the other article), this
    #: claim shares the partner if the judge rates the pair within this much of the partner's
    #: best, so a changed repeat keeps its partner. 0: mutual partners only.
    shared_partner: float = 0.1
    #: ``checker verify`` and ``checker track`` only (one statement against a source): cosine
    #: above which two claims with the same counted noun and event match.
    similarity: float = 0.55
    #: ``checker verify`` only: cosine needed when one side lacks a counted noun to compare.
    similarity_loose: float = 0.75
    #: ``checker verify`` only: cosine enough when the parse finds the same counted noun, the same event (or none)
    #: and no agent, place or modifier that differs: two outlets word one fact differently.
    similarity_same_noun: float = 0.45
    #: rapidfuzz ratio (0-100) above which two head nouns count as the same.
    subject_ratio: float = 85.0
    #: Compare claims within one article too (different sentences only).
    within_document: bool = True
    #: A vague amount ("many", "several", "millions") may agree with a figure but never
    #: conflicts with one: it is too often about a part of the whole ("several candidates,
    #: including ...").
    vague_conflicts: bool = False
    #: Inside one article, two different figures conflict only when both name the same counted
    #: noun and the same event; otherwise they are two things (an enumeration, two people's
    #: ages, two states' shares), which is what real coverage showed almost every time.
    strict_within_document: bool = True
    #: Candidates per claim: its most similar claims above the threshold, at most this many
    #: (in ``checker report``, within and across articles). It bounds a run on 10,000
    #: articles that all repeat one sentence; 32, 16 and 8 gave identical planted-figure and
    #: real-coverage benches, and matching and rules time grow with it.
    max_candidates: int = 16


@dataclass(frozen=True)
class StorySettings:
    """When two articles tell one story (``stories`` in ``_settings.yaml``; see
    :mod:`checker.compare.stories`). Claims meet only inside a story."""

    #: Score (0-1 or so) at which two articles tell one story: the higher cosine of their
    #: leads (title and first words) and openings, plus ``names_weight`` x the share of rare
    #: names they share, minus the date penalties.
    link: float = 0.55
    #: A draft checked against a store keeps the stored articles scoring within this much of
    #: its nearest one (and at least ``link``): the story's articles, not its neighbours'.
    margin: float = 0.1
    #: Weight of the shared rare names (people, places, bills) in the score.
    names_weight: float = 0.5
    #: Articles further apart than this many days lose ``far_penalty`` ...
    date_window: int = 7
    far_penalty: float = 0.2
    #: ... and further apart than this, ``very_far_penalty``.
    long_window: int = 30
    very_far_penalty: float = 0.4


@dataclass(frozen=True)
class GroupingSettings:
    """How many findings about one repeated claim a report lists (``grouping`` in
    ``_settings.yaml``; see :mod:`checker.rules.grouping`)."""

    #: More pair findings than this, of one rule and level, over one connected set of claims
    #: (the same figure in many articles), are shown as one finding that counts them.
    group_over: int = 25
    #: Claims quoted as evidence in such a finding; the rest are counted ("and 990 more").
    shown: int = 10


@dataclass(frozen=True)
class ComparisonSettings:
    """When two figures of one quantity agree (``comparison`` in ``_settings.yaml``): one
    setting for every rule that compares figures (agreement, conflict, update, scale
    artefact) and for ``checker verify``, so the rules can never disagree on it."""

    #: A round figure stands for what rounds to it: half its last significant place, at most
    #: this share of the figure ("1.8 million" is 1.75-1.85 million; "1,000" is 950-1,050).
    rounding: float = 0.05
    #: Extra relative slack on both sides before two figures disagree.
    tolerance: float = 0.0
    #: Figures this many times apart (not by a power of ten) are more often two things than one
    #: figure: no corroboration even when a bound allows both ("more than $5 million" /
    #: "$3.5 trillion"), and a conflict between them is reported at the conflict rule's
    #: ``gap_level``. 0 turns the check off.
    gap_ratio: float = 20.0


@dataclass(frozen=True)
class VerifySettings:
    """How ``checker verify`` reads a statement beyond its figures (``verify`` in ``_settings.yaml``)."""

    #: A statement naming someone or something the source never mentions is unsupported.
    entity_coverage: bool = True
    #: rapidfuzz partial ratio (0-100) for a name to count as mentioned.
    entity_ratio: float = 90.0
    #: "more than 1,000" repeated as "1,000" is unsupported (imprecise), not contradicted.
    bound_as_figure: bool = True
    #: Share (0-1) of the statement's content words the source must contain; 0 turns it off.
    content_coverage: float = 0.5


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
