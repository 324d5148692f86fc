"""The HTML report: one self-contained page.

Inline CSS (the shared ``templates/checker.css``), no script, no external resource (a Content-Security-Policy meta
tag forbids loading any). Same structure as the Markdown report: summary
table, documents table, a section per verdict with each finding's level as a
coloured badge and its evidence sentences quoted with the span in ``<mark>``.

Every string from the report -- article text above all -- goes through
:func:`checker.report._common.clean` and :func:`html.escape`, so an article
containing ``<script>`` comes out as inert text.
"""

from __future__ import annotations

import html
import re

from checker.core.model import Finding, Report
from checker.report._common import (
    DISPLAY_ORDER,
    Excerpt,
    Index,
    checker_version,
    clean,
    count_by_verdict,
    grouped_findings,
    story_lines,
    summary_line,
)
from checker.report.draft import STYLESHEET, draft_view, render_draft

__all__ = ["render_html"]

_TITLES = {
    "conflict": "Conflicts",
    "artefact": "Artefacts",
    "update": "Updates",
    "agree": "Agreements",
    "single-source": "Single-source claims",
}
_KNOWN_LEVELS = ("error", "warning", "info")


def _css() -> str:
    """The shared stylesheet (also the editor's desk's), inlined."""
    return STYLESHEET.read_text(encoding="utf-8").strip()


def _h(text: object) -> str:
    """Any string of the report made inert for HTML text and attribute values."""
    return html.escape(clean(text), quote=True)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", clean(text).lower()).strip("-") or "other"


def _badge(level: str) -> str:
    cls = f"badge-{level}" if level in _KNOWN_LEVELS else "badge-other"
    return f'<span class="badge {cls}">{_h(level)}</span>'


def _quote(ex: Excerpt) -> str:
    where = _h(ex.doc) + (f", line {ex.line}" if ex.line is not None else "")
    return (
        f'<blockquote><span class="where">{where}</span>'
        f"{_h(ex.before)}<mark>{_h(ex.span)}</mark>{_h(ex.after)}</blockquote>"
    )


def _finding(f: Finding, index: Index, width: int) -> str:
    quotes = "".join(_quote(index.excerpt(ev, width)) for ev in f.evidence)
    return (
        f'<li class="finding level-{_slug(f.level)}">{_badge(f.level)} '
        f"<code>{_h(f.rule)}</code> {_h(f.message)}{quotes}</li>"
    )


def render_html(report: Report, *, width: int = 400, draft: str | None = None) -> str:
    """The report as a standalone HTML5 page (UTF-8, inline CSS, no scripts).

    ``draft``: the id of the document that is the draft (``checker check``); the page then
    opens with the draft view, its text with every figure marked by its verdict and linked
    to the findings about it (see :mod:`checker.report.draft`).
    """
    index = Index(report)
    counts = count_by_verdict(report)
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Consistency report</title>",
        f"<style>\n{_css()}\n</style>",
        "</head>",
        "<body>",
        "<h1>Consistency report</h1>",
        f'<p class="meta">{len(report.documents)} documents, {len(report.claims)} claims, '
        f"{len(report.findings)} findings. Embedding model <code>{_h(report.model or 'unknown')}</code>; "
        f"checker {_h(checker_version())}.</p>",
    ]

    if draft is not None:
        out.append('<h2 id="draft">The draft</h2>')
        out.append(render_draft(draft_view(report, draft, width=width)))

    order = [v for v in DISPLAY_ORDER if v in counts] + [
        v for v in counts if v not in DISPLAY_ORDER
    ]
    out.append(
        '<table class="summary"><thead><tr><th>Verdict</th><th>Findings</th></tr></thead><tbody>'
    )
    for v in order:
        link = f'<a href="#verdict-{_slug(v)}">{_h(v)}</a>' if counts[v] else _h(v)
        out.append(f'<tr><td>{link}</td><td class="num">{counts[v]}</td></tr>')
    out.append("</tbody></table>")
    out.append(f'<p class="summary-line">{_h(summary_line(report))}</p>')

    told = story_lines(report)
    if told:
        out.append('<h2>Stories</h2><ul class="stories">')
        out += [f"<li>{_h(x)}</li>" for x in told]
        out.append("</ul>")
    out.append("<h2>Documents</h2>")
    if report.documents:
        out.append(
            '<table class="documents"><thead><tr><th>ID</th><th>Outlet</th><th>Date</th>'
            "<th>Language</th><th>Title</th><th>Flags</th></tr></thead><tbody>"
        )
        flags = report.flags or {}
        for d in report.documents:
            doc_flags = flags.get(d.id) or []
            if isinstance(doc_flags, str):
                doc_flags = [doc_flags]
            flag_html = "".join(
                f'<span class="flag">{_h(x)}</span>' for x in sorted(str(x) for x in doc_flags)
            )
            date = d.date.isoformat() if d.date is not None else "undated"
            out.append(
                f"<tr><td><code>{_h(d.id)}</code></td><td>{_h(d.outlet or '')}</td>"
                f"<td>{_h(date)}</td><td>{_h(d.language)}</td><td>{_h(d.title or '')}</td>"
                f"<td>{flag_html}</td></tr>"
            )
        out.append("</tbody></table>")
    else:
        out.append("<p>No documents.</p>")

    groups = grouped_findings(report)
    if not groups:
        out.append("<h2>Findings</h2>\n<p>No findings.</p>")
    for verdict, findings in groups:
        title = _TITLES.get(verdict) or verdict
        out.append(f'<section id="verdict-{_slug(verdict)}" class="verdict">')
        out.append(f"<h2>{_h(title)} ({len(findings)})</h2>")
        out.append('<ol class="findings">')
        out += [_finding(f, index, width) for f in findings]
        out.append("</ol>")
        out.append("</section>")

    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
