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

from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from typing import Any

#: What a setting may hold beyond its type: ``min``/``max`` (inclusive; for a list, of each
#: item), ``items`` (what each list item is: ``text`` not blank, ``regex`` that never matches
#: the empty string, ``integer``, ``texts``), ``values`` (what each mapping value is:
#: ``interval``, ``[low, high]`` with low <= high), ``choices`` (the only words a text, or each
#: text item of a list, may be: a misspelt word would silently match nothing), ``max_items``
#: (most items a list or mapping holds: each multiplies work). Every number must be finite.
LIMIT_KEYS = ("min", "max", "items", "values", "choices", "max_items")


#: The most ``matching.max_candidates`` may be: a run judges at most claims x this many pairs
#: (2,000 copies of one sentence: 128,000, where 10,000 allowed all 1,999,000).
MAX_CANDIDATES = 64
#: The most findings one report lists (``grouping.max_findings`` may only lower it): with a
#: message of at most ``checker.rules.engine.MAX_MESSAGE`` characters and at most
#: ``grouping.shown`` (100) quotes each, a report stays within a few tens of MB.
MAX_FINDINGS = 10_000


def setting(
    default: Any = MISSING,
    help: str = "",
    *,
    factory: Callable[[], Any] | None = None,
    min: float | None = None,
    max: float | None = None,
    items: str | None = None,
    values: str | None = None,
    choices: tuple[str, ...] | None = None,
    max_items: int | None = None,
) -> Any:
    """One setting, declared once: its default (or ``factory``), its help, its limits. The
    field's type annotation is its type. The loaders check values against these limits, and
    the docs' settings table is made from them (:func:`settings_table`)."""
    given = zip(LIMIT_KEYS, (min, max, items, values, choices, max_items), strict=True)
    limits = {k: v for k, v in given if v is not None}
    metadata = {"help": help, "limits": limits}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


class RuleSetting:
    """One setting of a rule kind (``SETTINGS`` in ``checker/rules/kinds/``), declared once:
    its type, default, help and limits (:data:`LIMIT_KEYS`). A name means the same thing in
    every kind (tests/test_rules_loader.py holds their types and limits equal)."""

    __slots__ = ("type", "default", "help", "limits")

    def __init__(
        self,
        type: type,
        default: Any,
        help: str,
        *,
        min: float | None = None,
        max: float | None = None,
        items: str | None = None,
        values: str | None = None,
        choices: tuple[str, ...] | None = None,
        max_items: int | None = None,
    ) -> None:
        self.type, self.default, self.help = type, default, help
        given = zip(LIMIT_KEYS, (min, max, items, values, choices, max_items), strict=True)
        self.limits = {k: v for k, v in given if v is not None}

    def __repr__(self) -> str:
        return f"RuleSetting({self.type.__name__}, {self.default!r}, limits={self.limits})"


def declared(cls: type) -> dict[str, Field]:
    """The settings of a settings class, by name."""
    return {f.name: f for f in fields(cls)}


def limits_of(f: Field) -> dict[str, Any]:
    return dict(f.metadata.get("limits", {}))


def help_of(f: Field) -> str:
    return f.metadata.get("help", "")


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds, set in ``rules/_settings.yaml`` under ``matching``."""

    same_quantity: float = setting(
        0.5,
        "The same-claim judge's probability (0-1) at which two claims of two articles are one "
        "quantity and are compared (see ``checker.compare.judge``).",
        min=0,
        max=1,
    )
    same_quantity_within: float = setting(
        0.9,
        "... and two claims inside one article, where the judge saw no training pair.",
        min=0,
        max=1,
    )
    shared_partner: float = setting(
        0.1,
        "Each claim keeps its likeliest partner in another article when that is mutual. When "
        "the partner's own likeliest is another figure of this claim's article, in another "
        'sentence (the article repeats the figure: "under 18" twice, once in the other '
        "article), this claim shares the partner if the judge rates the pair within this much "
        "of the partner's best, so a changed repeat keeps its partner. 0: mutual partners only.",
        min=0,
        max=1,
    )
    similarity: float = setting(
        0.55,
        "``checker verify`` and ``checker track`` only (one statement against a source): cosine"
        " above which two claims with the same counted noun and event match.",
        min=0,
        max=1,
    )
    similarity_loose: float = setting(
        0.75,
        "``checker verify`` only: cosine needed when one side lacks a counted noun to compare.",
        min=0,
        max=1,
    )
    similarity_same_noun: float = setting(
        0.45,
        "``checker verify`` only: cosine enough when the parse finds the same counted noun, the"
        " same event (or none) and no agent, place or modifier that differs: two outlets word "
        "one fact differently.",
        min=0,
        max=1,
    )
    subject_ratio: float = setting(
        85.0,
        "rapidfuzz ratio (0-100) above which two head nouns count as the same.",
        min=0,
        max=100,
    )
    within_document: bool = setting(
        True,
        "Compare claims within one article too (different sentences only).",
    )
    vague_conflicts: bool = setting(
        False,
        'A vague amount ("many", "several", "millions") may agree with a figure but never'
        ' conflicts with one: it is too often about a part of the whole ("several candidates, '
        'including ...").',
    )
    strict_within_document: bool = setting(
        True,
        "Inside one article, two different figures conflict only when both name the same "
        "counted noun and the same event; otherwise they are two things (an enumeration, two "
        "people's ages, two states' shares), which is what real coverage showed almost every "
        "time.",
    )
    max_candidates: int = setting(
        16,
        "Candidates per claim: its most similar claims above the threshold, at most this many "
        "(in ``checker report``, within and across articles). It bounds a run on 10,000 "
        "articles that all repeat one sentence; 32, 16 and 8 gave identical planted-figure and "
        "real-coverage benches, and matching and rules time grow with it: a run judges at most "
        "claims x this many pairs, so its findings before grouping are at most that many too.",
        min=1,
        max=MAX_CANDIDATES,
    )


@dataclass(frozen=True)
class StorySettings:
    """When two articles tell one story (``stories`` in ``_settings.yaml``; see
    :mod:`checker.compare.stories`). Claims meet only inside a story."""

    link: float = setting(
        0.55,
        "Score (0-1 or so) at which two articles tell one story: the higher cosine of their "
        "leads (title and first words) and openings, plus ``names_weight`` x the share of rare "
        "names they share, minus the date penalties.",
        min=0,
        max=2,
    )
    margin: float = setting(
        0.1,
        "A draft checked against a store keeps the stored articles scoring within this much of "
        "its nearest one (and at least ``link``): the story's articles, not its neighbours'.",
        min=0,
        max=2,
    )
    names_weight: float = setting(
        0.5,
        "Weight of the shared rare names (people, places, bills) in the score.",
        min=0,
        max=2,
    )
    date_window: int = setting(
        7,
        "Articles further apart than this many days lose ``far_penalty`` ...",
        min=0,
        max=36500,
    )
    far_penalty: float = setting(
        0.2, "What two articles more than ``date_window`` days apart lose.", min=0, max=2
    )
    long_window: int = setting(
        30,
        "... and further apart than this, ``very_far_penalty``.",
        min=0,
        max=36500,
    )
    very_far_penalty: float = setting(
        0.4, "What two articles more than ``long_window`` days apart lose.", min=0, max=2
    )


@dataclass(frozen=True)
class GroupingSettings:
    """How many findings about one repeated claim a report lists (``grouping`` in
    ``_settings.yaml``; see :mod:`checker.rules.grouping`)."""

    group_over: int = setting(
        25,
        "More pair findings than this, of one rule and level, over one connected set of claims "
        "(the same figure in many articles), are shown as one finding that counts them.",
        min=1,
        max=1000,
    )
    shown: int = setting(
        10,
        'Claims quoted as evidence in such a finding; the rest are counted ("and 990 more").',
        min=1,
        max=100,
    )
    max_findings: int = setting(
        MAX_FINDINGS,
        "Findings a report lists, after grouping, worst level first; the rest are counted in "
        'one last line ("... 1,234 more findings not shown: the cap is 10,000"). At most '
        f"{MAX_FINDINGS:,}, whatever the pack says.",
        min=1,
        max=MAX_FINDINGS,
    )


@dataclass(frozen=True)
class ComparisonSettings:
    """When two figures of one quantity agree (``comparison`` in ``_settings.yaml``): one
    setting for every rule that compares figures (agreement, conflict, update, scale
    artefact) and for ``checker verify``, so the rules can never disagree on it."""

    rounding: float = setting(
        0.05,
        "A round figure stands for what rounds to it: half its last significant place, at most "
        'this share of the figure ("1.8 million" is 1.75-1.85 million; "1,000" is '
        "950-1,050).",
        min=0,
        max=1,
    )
    tolerance: float = setting(
        0.0,
        "Extra relative slack on both sides before two figures disagree.",
        min=0,
    )
    gap_ratio: float = setting(
        20.0,
        "Figures this many times apart (not by a power of ten) are more often two things than "
        'one figure: no corroboration even when a bound allows both ("more than $5 million" /'
        ' "$3.5 trillion"), and a conflict between them is reported at the conflict rule\'s '
        "``gap_level``. 0 turns the check off.",
        min=0,
    )


@dataclass(frozen=True)
class VerifySettings:
    """How ``checker verify`` reads a statement beyond its figures (``verify`` in ``_settings.yaml``)."""

    entity_coverage: bool = setting(
        True,
        "A statement naming someone or something the source never mentions is unsupported.",
    )
    entity_ratio: float = setting(
        90.0,
        "rapidfuzz partial ratio (0-100) for a name to count as mentioned.",
        min=0,
        max=100,
    )
    bound_as_figure: bool = setting(
        True,
        '"more than 1,000" repeated as "1,000" is unsupported (imprecise), not contradicted.',
    )
    content_coverage: float = setting(
        0.5,
        "Share (0-1) of the statement's content words the source must contain; 0 turns it off.",
        min=0,
        max=1,
    )


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

    approximate: float = setting(
        0.10, '"about / around / some N" is [N*(1-a), N*(1+a)]', min=0, max=1
    )
    nearly: float = setting(
        0.10,
        '"nearly / almost N" is [N*(1-n), N]; also the far side of "just under N" and "just '
        'over N"',
        min=0,
        max=1,
    )
    vague: dict[str, tuple[float, float]] = setting(
        help="a vague amount and its interval, e.g. hundreds: [200, 999]",
        factory=_vague_defaults,
        min=0,
        values="interval",
    )

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
