"""Report writers: one :class:`~checker.core.model.Report`, four formats.

``text`` for an editor at a terminal, ``markdown`` for a newsroom wiki,
``json`` for machines (the contract is documented in :mod:`checker.report.json`),
``html`` for a self-contained page. All of them treat article text as hostile:
nothing from an article can drive a terminal, inject Markdown formatting or
run in a browser.

>>> render(report, "text", color=True)      # doctest: +SKIP
>>> to_dict(report)["summary"]["worst_level"]  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from checker.core.model import Report
from checker.report.draft import (
    STYLESHEET,
    TEMPLATES,
    DraftView,
    draft_view,
    environment,
    render_draft,
)
from checker.report.github import render_github
from checker.report.html import render_html
from checker.report.json import render_json, to_dict
from checker.report.markdown import render_markdown
from checker.report.text import render_text
from checker.report.track import track_plot, track_table
from checker.report.verdict import render_verdict_json, render_verdict_text, verdict_data

__all__ = [
    "ANNOTATION_FORMATS",
    "FORMATS",
    "STYLESHEET",
    "TEMPLATES",
    "DraftView",
    "draft_view",
    "environment",
    "render_draft",
    "render",
    "render_github",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "render_verdict_json",
    "render_verdict_text",
    "to_dict",
    "track_plot",
    "track_table",
    "verdict_data",
]

FORMATS: tuple[str, ...] = ("text", "markdown", "json", "html")
#: Formats for machines in a pipeline rather than for reading (``render`` takes them too).
ANNOTATION_FORMATS: tuple[str, ...] = ("github",)


def render(report: Report, fmt: str, *, color: bool = False, **options: Any) -> str:
    """``report`` written in format ``fmt`` (one of :data:`FORMATS`).

    ``color`` only affects the text writer (ANSI highlighting). Other keyword
    options go to the writer: ``single_source_limit`` and ``width`` for text,
    ``width`` for markdown and html, ``draft`` (a document id) for html.

    Raises ValueError naming the valid formats when ``fmt`` is not one of them.
    """
    if fmt == "text":
        return render_text(report, color=color, **options)
    if fmt == "markdown":
        return render_markdown(report, **options)
    if fmt == "json":
        if options:
            raise TypeError(f"json format takes no options, got {', '.join(sorted(options))}")
        return render_json(report)
    if fmt == "html":
        return render_html(report, **options)
    if fmt == "github":
        return render_github(report, **options)
    raise ValueError(
        f"unknown report format {fmt!r}; valid formats: {', '.join(FORMATS + ANNOTATION_FORMATS)}"
    )
