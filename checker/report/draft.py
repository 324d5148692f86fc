"""The draft view: one document of a report shown as text, every figure marked by its verdict.

Shared by the HTML report (``render_html(report, draft=ID)``, a static page with no script)
and the editor's desk (:mod:`checker.web`, the same template with a script that opens a
side panel). :func:`draft_view` computes what to show -- plain data, article text still
raw -- and :func:`render_draft` renders it with Jinja2's autoescape, so nothing from an
article reaches the page unescaped. The timeline chart is an inline SVG whose geometry is
numbers computed here and whose labels go through the same autoescape.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from checker.core.model import LEVEL_RANK, Claim, Document, Evidence, Finding, Report
from checker.report._common import (
    Index,
    clean,
    count_by_level,
    count_by_verdict,
    story_lines,
    summary_line,
)

if TYPE_CHECKING:
    import jinja2

__all__ = ["STYLESHEET", "TEMPLATES", "DraftView", "draft_view", "environment", "render_draft"]

#: The folder of the Jinja2 templates the report and the web page share.
TEMPLATES = Path(__file__).with_name("templates")
#: The one stylesheet: inlined in the static report, served as a file by the web page.
STYLESHEET = TEMPLATES / "checker.css"

#: Which verdict a figure shows when several findings touch it: what needs an editor first.
PRIORITY = ("conflict", "update", "artefact", "omission", "addition", "agree", "single-source")
#: What a card's headline says of each verdict, in a newsroom's words: ``{who}`` is the other
#: outlet(s) ("NYT", "NYT and 2 others"), ``{n}`` how many outlets, ``{s}`` the plural's "s".
HEADLINES = {
    "conflict": "Differs from {who}",
    "update": "Changed since {who}",
    "artefact": "Translation slip",
    "omission": "Left out of the translation",
    "addition": "Not in the original ({who})",
    "agree": "Agrees with {who}",
    "single-source": "Only in this draft",
}
#: A one-line "why" when the rule file has none.
WHY = {
    "conflict": "Another article gives a figure for the same thing that this one cannot match.",
    "update": "The figure moved over time: check the draft gives the latest one.",
    "artefact": "A machine translation or a copy left a mark that changes how the figure reads.",
    "omission": "A figure of the original is missing from this translation of it.",
    "addition": "This translation gives a figure its original does not.",
    "agree": "Other coverage gives the same figure.",
    "single-source": "No other article of this story gives this figure: it rests on one source.",
}
#: Icon and words for each verdict: never colour alone (colour-blind readers, print).
MARKS = {
    "conflict": ("✖", "conflict"),
    "update": ("↻", "update"),
    "artefact": ("⚠", "artefact"),
    "omission": ("∅", "left out"),
    "addition": ("+", "added"),
    "agree": ("✓", "agrees"),
    "single-source": ("①", "single source"),
    "dismissed": ("–", "dismissed"),
    "none": ("", "no finding"),
}


@dataclass(frozen=True)
class Quote:
    """A sentence a finding points at, with where it comes from."""

    doc: str
    is_draft: bool
    outlet: str
    date: str
    title: str
    url: str  # http(s) only, else ""
    line: int | None
    before: str
    span: str
    after: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    date: str
    doc: str
    is_draft: bool


@dataclass(frozen=True)
class Chart:
    """A timeline drawn as an SVG: positions already scaled to the ``width`` x ``height`` box."""

    width: int
    height: int
    points: tuple[Point, ...]
    line: str  # the polyline's "x,y x,y" list
    y_top: str
    y_bottom: str
    x_first: str
    x_last: str
    subject: str


@dataclass(frozen=True)
class Item:
    """One finding about the draft, as the side panel (or the static list) shows it."""

    id: str
    rule: str
    verdict: str
    level: str
    message: str
    #: Offset in the draft text of the sentence the finding is about (an "ignore here" goes
    #: before it); None when no evidence lies in the draft.
    sentence_start: int | None
    quotes: tuple[Quote, ...]
    chart: Chart | None
    #: "same quantity: 0.94": the same-claim judge's probability, for findings about a pair.
    judged: str = ""
    #: The card's headline in a newsroom's words ("Differs from NYT"), and one line of why.
    headline: str = ""
    why: str = ""
    #: The rule's own title (its file's ``title:``), for the link to the rule's page.
    rule_title: str = ""
    #: A figure the draft could use instead (another outlet's), and whose it is: "89", "NYT".
    fix: str = ""
    fix_from: str = ""
    #: What a screen reader hears of the finding in one line: the headline and what the other
    #: article says.
    say: str = ""
    #: The reason an editor gave for dismissing this finding (stored in the draft); "" if live.
    dismissed: str = ""
    #: Where that dismissal is written: its line of the file, and the figure it names.
    dismissal_line: int | None = None
    dismissal_figure: str = ""


@dataclass(frozen=True)
class Figure:
    """A marked span of the draft text."""

    id: str
    start: int
    end: int
    text: str
    verdict: str  # one of PRIORITY, or "none"
    level: str
    icon: str
    label: str
    findings: tuple[str, ...]  # Item ids, most pressing first


@dataclass(frozen=True)
class DraftView:
    doc: str
    title: str
    #: The text in pieces: (text, None) plain, (text, Figure) marked.
    pieces: tuple[tuple[str, Figure | None], ...]
    figures: tuple[Figure, ...]
    items: tuple[Item, ...]
    by_verdict: dict = field(hash=False, compare=False)
    by_level: dict = field(hash=False, compare=False)
    summary: str = ""
    suppressed: int = 0
    #: Which story the draft was compared within, and the run's notes ("no earlier coverage
    #: of this story's figures ..."): plain lines.
    compared: tuple[str, ...] = ()


def _safe_url(url: str | None) -> str:
    u = clean(url or "").strip()
    return u if u.lower().startswith(("https://", "http://")) else ""


def _quote(ev: Evidence, index: Index, draft: str, width: int) -> Quote:
    ex = index.excerpt(ev, width)
    d = index.docs.get(ev.doc)
    return Quote(
        doc=ev.doc,
        is_draft=ev.doc == draft,
        outlet=clean(d.outlet) if d and d.outlet else "",
        date=d.date.isoformat() if d and d.date else "undated",
        title=clean(d.title) if d and d.title else "",
        url=_safe_url(d.url if d else None),
        line=ex.line,
        before=ex.before,
        span=ex.span,
        after=ex.after,
    )


def _number(label: object) -> str:
    return clean(label)


def _plain(value: float) -> str:
    """A number as a reader writes it: 1,600,000, 2.5 (never 1.6e+06)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _chart(claims: list[Claim], docs: dict[str, Document], draft: str) -> Chart | None:
    """The figure's values by date, when they fall on at least two days (no time axis, no
    chart); the axis is labelled with the figures as the articles write them ("1.6 million",
    not 1.6e+06), and the line joins one point a day (several articles of one day are dots
    on it, never a vertical stroke)."""
    dated = []
    for c in claims:
        d = docs.get(c.doc)
        day = d.date if d is not None else None
        if day is None or not math.isfinite(c.quantity.value):
            continue
        dated.append((day, c.quantity.value, c))
    if len({day for day, _, _ in dated}) < 2:
        return None
    dated.sort(key=lambda t: (t[0], t[1]))
    w, h, pad_l, pad_r, pad_t, pad_b = 360, 150, 56, 16, 14, 30
    d0, d1 = dated[0][0], dated[-1][0]
    span_days = max((d1 - d0).days, 1)
    lo = min(v for _, v, _ in dated)
    hi = max(v for _, v, _ in dated)
    if hi == lo:
        lo, hi = lo - 1, hi + 1

    def x(day: dt.date) -> float:
        if d0 == d1:
            return pad_l + (w - pad_l - pad_r) / 2
        return round(pad_l + (day - d0).days / span_days * (w - pad_l - pad_r), 1)

    def y(v: float) -> float:
        return round(pad_t + (hi - v) / (hi - lo) * (h - pad_t - pad_b), 1)

    points = tuple(
        Point(x(day), y(v), _number(c.quantity.text), day.isoformat(), c.doc, c.doc == draft)
        for day, v, c in dated
    )
    by_day: dict[float, list[float]] = {}
    for p in points:
        by_day.setdefault(p.x, []).append(p.y)
    line = " ".join(f"{px},{round(sum(ys) / len(ys), 1)}" for px, ys in by_day.items())
    top = max(dated, key=lambda t: t[1])[2]
    bottom = min(dated, key=lambda t: t[1])[2]
    return Chart(
        width=w,
        height=h,
        points=points,
        line=line,
        y_top=_number(top.quantity.text) if top is not bottom else _plain(hi),
        y_bottom=_number(bottom.quantity.text) if top is not bottom else _plain(lo),
        x_first=d0.isoformat(),
        x_last=d1.isoformat(),
        subject=clean(claims[0].subject) if claims[0].subject else "",
    )


def _rank(f: Finding) -> tuple[int, int]:
    """Errors first, then by verdict (a conflict before an update before an artefact ...)."""
    v = PRIORITY.index(f.verdict) if f.verdict in PRIORITY else len(PRIORITY)
    return (-LEVEL_RANK.get(f.level, -1), v)


def _dismissal(f: Finding) -> dict:
    where = (f.details or {}).get("dismissal")
    return where if isinstance(where, dict) else {}


def _judged(f: Finding) -> str:
    p = f.details.get("same_quantity") if f.details else None
    return f"same quantity: {p:.2f}" if isinstance(p, int | float) else ""


def _who(names: list[str]) -> str:
    """``NYT``, ``NYT and Reuters``, ``NYT and 3 others``."""
    names = list(dict.fromkeys(n for n in names if n))
    if not names:
        return "another article"
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} and {len(names) - 1} others"


def _anchor(text: str, a: int, b: int, figures: list[tuple[int, int]]) -> tuple[int, int]:
    """Where a finding's evidence is marked in the draft: the evidence itself, unless it holds
    figures of its own (a whole sentence: "2007 of the original is not in this sentence of
    its translation"), which keep their marks; then its first word, as a comment's anchor."""
    if not any(a <= x and y <= b and (x, y) != (a, b) for x, y in figures):
        return a, b
    word = re.compile(r"\w+").search(text, a, b)
    return (word.start(), word.end()) if word else (a, b)


def _languages_differ(index: Index, a: str, b: str) -> bool:
    da, db = index.docs.get(a), index.docs.get(b)
    return da is not None and db is not None and da.language != db.language


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    cut = text.find(". ")
    return text if cut < 0 else text[: cut + 1]


def _words(
    f: Finding, quotes: tuple[Quote, ...], evidence_docs: list[str], index: Index, draft: str, rule
) -> dict:
    """The card's newsroom words: headline, why, the fix another outlet offers, what a
    screen reader hears."""
    others = [q for q in quotes if not q.is_draft]
    names = [q.outlet or q.doc for q in others] or [
        clean(index.docs[d].outlet) if d in index.docs and index.docs[d].outlet else d
        for d in evidence_docs
        if d != draft
    ]
    who = _who(names)
    template = HEADLINES.get(f.verdict)
    if template is None:
        headline = clean(rule.title) if rule is not None and rule.title else clean(f.verdict)
    else:
        headline = template.format(who=who)
    if f.verdict == "single-source" and any(d != draft for d in evidence_docs):
        headline = f"Only one source: {who}"
    why = _first_sentence(clean(rule.why)) if rule is not None and rule.why else ""
    why = why or WHY.get(f.verdict, "")
    fix = fix_from = ""
    mine = next((e for e in f.evidence if e.doc == draft), None)
    theirs = others[0] if f.verdict == "conflict" and others else None
    if f.verdict == "update" and others:
        # the draft's figure is out of date only when another article is newer than the draft
        own = index.docs.get(draft)
        day = own.date.isoformat() if own is not None and own.date else ""
        newer = [q for q in others if q.date != "undated" and day and q.date > day]
        if newer:
            theirs = max(newer, key=lambda q: q.date)
            headline = f"Newer figure in {_who([q.outlet or q.doc for q in newer])}"
    if theirs is not None and _languages_differ(index, draft, theirs.doc):
        theirs = None  # "4,75 persen" is no fix for an English draft: the figure is said
    if theirs is not None and mine is not None and theirs.span and theirs.span != clean(mine.text):
        fix, fix_from = theirs.span, theirs.outlet or theirs.doc
    say = headline + "."
    if others:
        q = others[0]
        say += f" {q.outlet or q.doc}, {q.date}: “{q.before}{q.span}{q.after}”"
    return {"headline": headline, "why": why, "fix": fix, "fix_from": fix_from, "say": say,
            "rule_title": clean(rule.title) if rule is not None and rule.title else ""}  # fmt: skip


def draft_view(
    report: Report, draft: str, *, width: int = 400, details: bool = True, rules=None
) -> DraftView:
    """What the draft view shows of document ``draft`` of ``report``.

    ``details=False`` leaves the findings' quotes and charts out (the marked text needs only
    the verdicts; the desk shows it first and asks for the details after). ``rules`` (a rule
    pack) gives each card its rule's own one-line why."""
    by_id = {r.id: r for r in rules.rules} if rules is not None else {}
    index = Index(report)
    doc = index.docs.get(draft)
    if doc is None:
        raise ValueError(f"no document {draft!r} in the report")
    text = doc.text
    claims = {c.id: c for c in report.claims}
    # Claims linked by matches: a figure's track across the coverage.
    linked: dict[str, set[str]] = {}
    for m in report.matches:
        linked.setdefault(m.a.id, set()).add(m.b.id)
        linked.setdefault(m.b.id, set()).add(m.a.id)
        claims.setdefault(m.a.id, m.a)
        claims.setdefault(m.b.id, m.b)

    findings = sorted(
        (f for f in report.findings if any(e.doc == draft for e in f.evidence)), key=_rank
    )
    # Findings an editor dismissed in the draft stay visible as such (and can be restored).
    findings += [
        f
        for f in report.suppressed
        if any(e.doc == draft for e in f.evidence) and (f.details or {}).get("dismissed")
    ]
    items: list[Item] = []
    spans: dict[tuple[int, int], list[tuple[Finding, str]]] = {}
    figure_spans = sorted({(c.start, c.end) for c in report.claims
                           if c.doc == draft and 0 <= c.start < c.end <= len(text)})  # fmt: skip
    for n, f in enumerate(findings, 1):
        fid = f"finding-{n}"
        mine = [e for e in f.evidence if e.doc == draft]
        start = None
        if mine:
            sent = index.sentence_at(doc, mine[0].start)
            start = sent.start if sent is not None else mine[0].start
        # The chart follows the draft's own figure: the finding's claims, and what the draft's
        # claim was matched with in the same unit (never the other claims' further matches,
        # which mix in other quantities).
        related: list[Claim] = []
        for e in f.evidence if details else ():
            if e.claim and e.claim in claims:
                related.append(claims[e.claim])
        own = next((claims[e.claim] for e in mine if e.claim in claims), None) if details else None
        if own is not None:
            related += [
                claims[o]
                for o in sorted(linked.get(own.id, ()))
                if o in claims
                and (claims[o].quantity.unit, claims[o].quantity.kind)
                == (own.quantity.unit, own.quantity.kind)
            ]
        unique = list({c.id: c for c in related}.values())
        quotes = tuple(_quote(e, index, draft, width) for e in f.evidence if details)
        words = _words(f, quotes, [e.doc for e in f.evidence], index, draft, by_id.get(f.rule))
        items.append(
            Item(
                id=fid,
                rule=clean(f.rule),
                verdict=clean(f.verdict),
                level=clean(f.level),
                message=clean(f.message),
                sentence_start=start,
                quotes=quotes,
                chart=_chart(unique, index.docs, draft) if unique else None,
                judged=_judged(f),
                dismissed=clean(str((f.details or {}).get("dismissed") or "")),
                dismissal_line=_dismissal(f).get("line"),
                dismissal_figure=str(_dismissal(f).get("figure") or ""),
                **words,
            )
        )
        for e in mine:
            if 0 <= e.start < e.end <= len(text):
                spans.setdefault(_anchor(text, e.start, e.end, figure_spans), []).append((f, fid))
    for a, b in figure_spans:
        spans.setdefault((a, b), [])

    figures: list[Figure] = []
    last = 0
    for (a, b), hits in sorted(spans.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        if a < last:  # overlaps a figure already marked: its findings are in the panel anyway
            continue
        hits.sort(key=lambda t: (bool((t[0].details or {}).get("dismissed")), _rank(t[0])))
        live = [f for f, _ in hits if not (f.details or {}).get("dismissed")]
        verdict = live[0].verdict if live else ("dismissed" if hits else "none")
        verdict = verdict if verdict in MARKS else "none"
        level = max((f.level for f in live), key=lambda lv: LEVEL_RANK.get(lv, -1), default="")
        icon, words = MARKS[verdict]
        figures.append(
            Figure(
                id=f"fig-{len(figures) + 1}",
                start=a,
                end=b,
                text=text[a:b],
                verdict=verdict,
                level=level,
                icon=icon,
                label=f"{clean(text[a:b])}: {words}" + (f" ({level})" if level else ""),
                findings=tuple(dict.fromkeys(fid for _, fid in hits)),
            )
        )
        last = b
    pieces: list[tuple[str, Figure | None]] = []
    pos = 0
    for fig in figures:
        if fig.start > pos:
            pieces.append((text[pos : fig.start], None))
        pieces.append((fig.text, fig))
        pos = fig.end
    if pos < len(text):
        pieces.append((text[pos:], None))
    return DraftView(
        doc=draft,
        title=clean(doc.title or doc.id),
        pieces=tuple(pieces),
        figures=tuple(figures),
        items=tuple(items),
        by_verdict=count_by_verdict(report),
        by_level=count_by_level(report),
        summary=summary_line(report),
        suppressed=len(report.suppressed),
        compared=tuple(clean(x) for x in story_lines(report)),
    )


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the shared templates: autoescape on for every template
    (Jinja2 imported here: a text, JSON or Markdown report never renders a template)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_draft(view: DraftView, *, interactive: bool = False, parts=("text", "cards")) -> str:
    """The draft view as an HTML fragment: the summary bar, the marked text, the findings.

    ``interactive`` (the web page): figures are buttons and the findings a panel the page's
    script opens; otherwise figures are links to the findings listed beside the text.
    ``parts``: ``"text"`` (summary, marked text, an empty panel) and ``"cards"`` (one card per
    finding, inside the panel when both are asked for): the desk shows the text first and
    fills the panel after.
    """
    template = environment().get_template("draft.html")
    return template.render(view=view, interactive=interactive, parts=set(parts))
