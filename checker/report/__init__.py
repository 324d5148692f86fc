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

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from checker.core.model import Report
from checker.report._common import clean

if TYPE_CHECKING:
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
    from checker.report.json import dumps, render_json, to_dict
    from checker.report.markdown import render_markdown
    from checker.report.text import render_text
    from checker.report.track import track_plot, track_table
    from checker.report.verdict import render_verdict_json, render_verdict_text, verdict_data

#: Where each writer lives: loaded when first used (a JSON report on the seeds loaded every
#: writer, the draft page's included, ~20 ms of a warm run).
_HOME = {
    **dict.fromkeys(
        ("STYLESHEET", "TEMPLATES", "DraftView", "draft_view", "environment", "render_draft"),
        "checker.report.draft",
    ),
    "render_github": "checker.report.github",
    "render_html": "checker.report.html",
    **dict.fromkeys(("dumps", "render_json", "to_dict"), "checker.report.json"),
    "render_markdown": "checker.report.markdown",
    "render_text": "checker.report.text",
    **dict.fromkeys(("track_plot", "track_table"), "checker.report.track"),
    **dict.fromkeys(
        ("render_verdict_json", "render_verdict_text", "verdict_data"), "checker.report.verdict"
    ),
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "ANNOTATION_FORMATS",
    "FORMATS",
    "STYLESHEET",
    "TEMPLATES",
    "DraftView",
    "clean",
    "draft_view",
    "dumps",
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


def _json(report: Report, *, color: bool = False, **options: Any) -> str:
    if options:
        raise TypeError(f"json format takes no options, got {', '.join(sorted(options))}")
    return __getattr__("render_json")(report)


def _text(report: Report, *, color: bool = False, **options: Any) -> str:
    return __getattr__("render_text")(report, color=color, **options)


def _colourless(name: str) -> Callable[..., str]:
    """The writer ``name`` (loaded when first called), which has no colours, taking (and
    ignoring) ``color`` as the registry's do."""

    def write(report: Report, *, color: bool = False, **options: Any) -> str:
        return __getattr__(name)(report, **options)

    return write


#: Format name -> its writer: ``writer(report, *, color, **options) -> str``. A new format is a writer
#: registered here (and, for people, in :data:`FORMATS`; for pipelines, in
#: :data:`ANNOTATION_FORMATS`) and named in the CLI's ``Format`` (a test holds the two equal;
#: the CLI does not import the writers to start).
WRITERS: dict[str, Callable[..., str]] = {
    "text": _text,
    "markdown": _colourless("render_markdown"),
    "json": _json,
    "html": _colourless("render_html"),
    "github": _colourless("render_github"),
}
FORMATS: tuple[str, ...] = ("text", "markdown", "json", "html")
#: Formats for machines in a pipeline rather than for reading (``render`` takes them too).
ANNOTATION_FORMATS: tuple[str, ...] = ("github",)


def render(report: Report, fmt: str, *, color: bool = False, **options: Any) -> str:
    """``report`` written in format ``fmt`` (one of :data:`WRITERS`).

    ``color`` only affects the text writer (ANSI highlighting). Other keyword
    options go to the writer: ``single_source_limit`` and ``width`` for text,
    ``width`` for markdown and html, ``draft`` (a document id) for html.

    Raises ValueError naming the valid formats when ``fmt`` is not one of them.
    """
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown report format {fmt!r}; valid formats: {', '.join(WRITERS)}")
    return writer(report, color=color, **options)
