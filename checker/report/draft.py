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
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2

from checker.core.model import LEVEL_RANK, Claim, Document, Evidence, Finding, Report
from checker.report._common import (
    Index,
    clean,
    count_by_level,
    count_by_verdict,
    story_lines,
    summary_line,
)

__all__ = ["STYLESHEET", "TEMPLATES", "DraftView", "draft_view", "environment", "render_draft"]

#: The folder of the Jinja2 templates the report and the web page share.
TEMPLATES = Path(__file__).with_name("templates")
#: The one stylesheet: inlined in the static report, served as a file by the web page.
STYLESHEET = TEMPLATES / "checker.css"

#: Which verdict a figure shows when several findings touch it: what needs an editor first.
PRIORITY = ("conflict", "update", "artefact", "agree", "single-source")
#: Icon and words for each verdict: never colour alone (colour-blind readers, print).
MARKS = {
    "conflict": ("✖", "conflict"),
    "update": ("↻", "update"),
    "artefact": ("⚠", "artefact"),
    "agree": ("✓", "agrees"),
    "single-source": ("①", "single source"),
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
    v = PRIORITY.index(f.verdict) if f.verdict in PRIORITY else len(PRIORITY)
    return (v, -LEVEL_RANK.get(f.level, -1))


def _judged(f: Finding) -> str:
    p = f.details.get("same_quantity") if f.details else None
    return f"same quantity: {p:.2f}" if isinstance(p, int | float) else ""


def draft_view(report: Report, draft: str, *, width: int = 400, details: bool = True) -> DraftView:
    """What the draft view shows of document ``draft`` of ``report``.

    ``details=False`` leaves the findings' quotes and charts out (the marked text needs only
    the verdicts; the desk shows it first and asks for the details after)."""
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
    items: list[Item] = []
    spans: dict[tuple[int, int], list[tuple[Finding, str]]] = {}
    for n, f in enumerate(findings, 1):
        fid = f"finding-{n}"
        mine = [e for e in f.evidence if e.doc == draft]
        start = None
        if mine:
            sent = index.sentence_at(doc, mine[0].start)
            start = sent.start if sent is not None else mine[0].start
        related: list[Claim] = []
        for e in f.evidence if details else ():
            if e.claim and e.claim in claims:
                related.append(claims[e.claim])
                related += [claims[o] for o in sorted(linked.get(e.claim, ())) if o in claims]
        unique = list({c.id: c for c in related}.values())
        items.append(
            Item(
                id=fid,
                rule=clean(f.rule),
                verdict=clean(f.verdict),
                level=clean(f.level),
                message=clean(f.message),
                sentence_start=start,
                quotes=tuple(_quote(e, index, draft, width) for e in f.evidence if details),
                chart=_chart(unique, index.docs, draft) if unique else None,
                judged=_judged(f),
            )
        )
        for e in mine:
            if 0 <= e.start < e.end <= len(text):
                spans.setdefault((e.start, e.end), []).append((f, fid))
    for c in report.claims:
        if c.doc == draft and 0 <= c.start < c.end <= len(text):
            spans.setdefault((c.start, c.end), [])

    figures: list[Figure] = []
    last = 0
    for (a, b), hits in sorted(spans.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        if a < last:  # overlaps a figure already marked: its findings are in the panel anyway
            continue
        hits.sort(key=lambda t: _rank(t[0]))
        verdict = hits[0][0].verdict if hits else "none"
        verdict = verdict if verdict in MARKS else "none"
        level = max((f.level for f, _ in hits), key=lambda lv: LEVEL_RANK.get(lv, -1), default="")
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
    """The Jinja2 environment of the shared templates: autoescape on for every template."""
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
