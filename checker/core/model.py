"""The data that flows through the pipeline, one type per stage.

documents -> sentences -> quantities -> claims -> matches -> findings -> report.

Every type is a frozen dataclass so that stages stay pure: a stage reads the
previous stage's values and returns new ones, never mutates them. Character
offsets always point into the ORIGINAL document text (``Document.text``), so a
report can quote ``text[start:end]`` and an editor can find it in the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

#: How a figure is bounded. ``exact`` "51", ``approximate`` "about 51",
#: ``lower_bound`` "at least 51", ``upper_bound`` "up to 51", ``range`` "51-60".
Approx = Literal["exact", "approximate", "lower_bound", "upper_bound", "range"]
APPROX_VALUES: tuple[str, ...] = ("exact", "approximate", "lower_bound", "upper_bound", "range")

#: What sort of number it is. Only quantities of one *family* are ever compared
#: (see ``KIND_FAMILY``): a year is never checked against a count.
Kind = Literal[
    "cardinal", "ordinal", "percent", "money", "duration", "date", "year", "age", "score"
]
KINDS: tuple[str, ...] = (
    "cardinal",
    "ordinal",
    "percent",
    "money",
    "duration",
    "date",
    "year",
    "age",
    "score",
)

#: What the extractor notes about a figure's form (``Quantity.notes``): the words a
#: ``quantity-note`` rule may name (tests/test_rules_limits.py holds the extractor to them).
NOTES: tuple[str, ...] = ("continental-separator", "scale-false-friend")

Verdict = Literal["agree", "conflict", "update", "artefact", "single-source"]
VERDICTS: tuple[str, ...] = ("agree", "conflict", "update", "artefact", "single-source")

Level = Literal["info", "warning", "error"]
LEVELS: tuple[str, ...] = ("info", "warning", "error")
LEVEL_RANK = {"info": 0, "warning": 1, "error": 2}

INF = float("inf")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document; ``start``/``end`` are offsets into the document text."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Dismissal:
    """One finding an editor has dismissed, and why, as written in the draft (see
    :mod:`checker.read.dismiss`): it covers the findings of ``rule`` whose evidence in the
    document is a span that reads exactly ``figure``.

    Where: a ``<!-- checker: dismiss ... -->`` comment covers the one sentence that follows
    it (``after`` is the offset in ``Document.text`` where the comment ends); an entry of the
    front matter's ``dismissed:`` list (``after`` None) covers every sentence that holds
    ``figure`` and, when given, ``context``.
    """

    rule: str
    figure: str
    reason: str
    #: 1-based line of the file where the dismissal is written, for messages and reports.
    line: int
    #: Words the figure's sentence must hold (front matter only; None: any sentence).
    context: str | None = None
    #: Comment form: the offset in the document text where the comment ends.
    after: int | None = None


@dataclass(frozen=True)
class Document:
    """One article with the metadata the rules need (date for updates, language for numbers)."""

    id: str
    text: str
    path: str | None = None
    date: dt.date | None = None
    outlet: str | None = None
    language: str = "en"
    title: str | None = None
    url: str | None = None
    #: 1-based line in ``path`` where ``text`` starts (front matter, JSONL row), for messages.
    line: int = 1
    sentences: tuple[Sentence, ...] = ()
    #: The findings the draft dismisses with a reason (front matter ``dismissed:``; the
    #: pipeline adds those of ``checker: dismiss`` comments when it blanks them).
    dismissals: tuple[Dismissal, ...] = ()
    #: The id of the article this one translates (front matter ``translation_of:``): a report
    #: holding both checks every figure of that original in this text (``check_translation``).
    translation_of: str | None = None

    def line_of(self, offset: int) -> int:
        """The 1-based line of the source file that holds character ``offset`` of the text."""
        return self.line + self.text.count("\n", 0, offset)


@dataclass(frozen=True)
class Quantity:
    """A number as written, with its value read as an interval.

    ``low``/``high`` are the interval the words allow ("at least 51" is
    ``[51, inf)``); ``value`` is the point figure as written. ``readings`` holds
    other values the same characters may mean (English "7.500" is 7.5 or 7,500),
    and ``notes`` names the reasons (``"continental-separator"``,
    ``"scale-false-friend"``) so rules can flag them.
    """

    text: str
    start: int
    end: int
    value: float
    low: float
    high: float
    kind: str = "cardinal"
    unit: str | None = None
    approx: str = "exact"
    direction: str | None = None
    readings: tuple[float, ...] = ()
    notes: tuple[str, ...] = ()
    #: True for vague amounts written without digits ("hundreds", "dozens").
    vague: bool = False
    #: Strict bounds: "more than 700" is ``(700, inf)`` so 700 itself is outside.
    low_open: bool = False
    high_open: bool = False
    #: What a rate is counted per ("8,000 a day" -> "day", "$6 per share" -> "share"): a
    #: rate is never compared with a total.
    per: str | None = None


@dataclass(frozen=True)
class Claim:
    """A quantity plus what it counts: the unit of comparison across articles.

    ``key_text`` is the claim's clause with the number masked; it is what gets
    embedded, so "Hamas is holding 242 hostages" and "the 240 hostages held by
    Hamas" land close whatever their values.
    """

    id: str
    doc: str
    sentence: int
    quantity: Quantity
    subject: str
    event: str | None
    key_text: str
    entities: tuple[str, ...] = ()
    negated: bool = False
    #: Given as a possibility, forecast or allegation ("could reach", "may have died").
    hedged: bool = False
    #: A shorter window around the number, also masked and embedded (see ``claims``).
    focus_text: str = ""
    #: The sentence text and its start offset, so writers can quote without the document.
    sentence_text: str = ""
    sentence_start: int = 0
    # What the parse says (see ``checker.read.readings.Reading``); empty when not known.
    #: How the figure enters its clause: modifier, partitive, subject, object, complement,
    #: change-to ("rose to"), change-by ("rose by"), remainder ("all but"), other.
    role: str = ""
    #: The lemma of the counted noun ("state"); ``subject`` is its phrase.
    head: str = ""
    #: The governing verb's lemma, with its particle ("go into"); ``event`` is its group.
    predicate: str = ""
    #: Who holds, says, requests or pays ("the mayor", "couple").
    agent: str = ""
    #: Content lemmas that qualify what is counted ("medical", "hold", "republican").
    modifiers: tuple[str, ...] = ()
    #: Places (NER GPE/LOC) and times (NER DATE) of the figure's clause.
    places: tuple[str, ...] = ()
    times: tuple[str, ...] = ()
    #: What money or a measure is for ("$2.4 million for the new bridge" -> "new bridge").
    purpose: str = ""

    @property
    def start(self) -> int:
        return self.quantity.start

    @property
    def end(self) -> int:
        return self.quantity.end

    @property
    def kind(self) -> str:
        return self.quantity.kind


@dataclass(frozen=True)
class Match:
    """Two claims judged to be about the same thing, and why."""

    a: Claim
    b: Claim
    similarity: float
    subject_score: float
    reasons: tuple[str, ...] = ()
    #: Why different figures here would not be a conflict (see ``match.may_conflict``);
    #: None when they would. Agreement is judged either way.
    not_a_conflict: str | None = None
    #: The same-claim judge's probability that the two are one quantity (``checker.compare.judge``).
    probability: float = 1.0


@dataclass(frozen=True)
class Evidence:
    """A span of a document that a finding points at; ``text == document.text[start:end]``."""

    doc: str
    start: int
    end: int
    text: str
    claim: str | None = None


@dataclass(frozen=True)
class Finding:
    """One thing an editor should know, produced by a rule."""

    rule: str
    verdict: str
    level: str
    message: str
    evidence: tuple[Evidence, ...] = ()
    #: Free-form facts for machines (values compared, dates, similarity).
    details: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Story:
    """Articles that tell one story (see :mod:`checker.compare.stories`): claims meet only inside one."""

    id: str
    documents: tuple[str, ...]
    title: str = ""


@dataclass(frozen=True)
class Report:
    """Everything a writer needs; JSON is its contract (see ``checker.report.json``)."""

    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    matches: tuple[Match, ...]
    findings: tuple[Finding, ...]
    model: str
    rules: tuple[str, ...] = ()
    #: Document id -> flags such as ``machine-translated``.
    flags: dict = field(default_factory=dict, hash=False, compare=False)
    timings: dict = field(default_factory=dict, hash=False, compare=False)
    #: Findings silenced by inline ``checker: ignore`` comments: counted, not shown.
    suppressed: tuple[Finding, ...] = ()
    #: The stories the articles were grouped into; claims met only inside one.
    stories: tuple[Story, ...] = ()
    #: What the run says beyond its findings ("no earlier coverage of this story ...").
    notes: tuple[str, ...] = ()

    @property
    def worst_level(self) -> str | None:
        if not self.findings:
            return None
        return max((f.level for f in self.findings), key=LEVEL_RANK.__getitem__)

    def counts(self) -> dict[str, int]:
        """Findings counted by verdict, in the fixed verdict order."""
        out = {v: 0 for v in VERDICTS}
        for f in self.findings:
            out[f.verdict] = out.get(f.verdict, 0) + 1
        return out


@dataclass(frozen=True)
class Sighting:
    """A stored claim found by ``checker track``: the claim, its article, and how close."""

    claim: Claim
    doc: Document
    similarity: float
