"""Matching and verify settings: the thresholds ``rules/_settings.yaml`` sets.

They live at the bottom of the house so the rule loader that reads them and the
stages that use them (:mod:`checker.match`, :mod:`checker.verify`) share one
definition without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds, set in ``rules/_settings.yaml`` under ``matching``."""

    #: Cosine above which two claims with the same counted noun and event match.
    similarity: float = 0.55
    #: Cosine needed when one side lacks a counted noun to compare.
    similarity_loose: float = 0.75
    #: Cosine enough when the parse finds the same counted noun, the same event (or none)
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
    #: (in ``checker report``, within and across articles). More than a claim ever has in
    #: real coverage; it bounds a run on 10,000 articles that all repeat one sentence.
    max_candidates: int = 32


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
