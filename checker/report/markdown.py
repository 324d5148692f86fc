"""The Markdown report, for a newsroom wiki.

``# Consistency report``, a summary table (verdict -> count), a documents
table, then a ``##`` section per verdict that has findings (conflict,
artefact, update, agree, single-source), each finding a list item --
**level** `rule` message -- with its evidence sentences as nested quotes and
the span in **bold**.

Article text is escaped so it cannot inject formatting or HTML: control
characters and escape sequences are cleaned, Markdown punctuation
(``\\ * _ ` [ ] | ~``) is backslash-escaped, ``& < >`` become entities, and
block markers (``#``, ``>``, ``-``, ``+``, ``=``, ``1.``) are escaped at the
start of a line.
"""

from __future__ import annotations

import re

from checker.core.model import Finding, Report
from checker.read.suppress import dismissed_line, suppressed_line
from checker.report._common import (
    DISPLAY_ORDER,
    Excerpt,
    Index,
    checker_version,
    clean,
    count_by_verdict,
    dismissed_findings,
    grouped_findings,
    story_lines,
    summary_line,
)

__all__ = ["md_escape", "render_markdown"]

_INLINE = re.compile(r"([\\`*_\[\]|~])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ENTITY_CHARS = re.compile(r"[&<>]")
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")

_TITLES = {
    "conflict": "Conflicts",
    "artefact": "Artefacts",
    "update": "Updates",
    "agree": "Agreements",
    "single-source": "Single-source claims",
}


def md_escape(text: object, *, line_start: bool = True) -> str:
    """``text`` cleaned to one line and escaped so Markdown renders it literally.

    With ``line_start`` a leading block marker (``#``, ``-``, ``1.`` …) is
    escaped too, for text that may begin a line or a table cell.
    """
    s = clean(text)
    s = _INLINE.sub(r"\\\1", s)
    s = _ENTITY_CHARS.sub(lambda m: _ENTITIES[m.group()], s)
    if line_start:
        m = _BLOCK_START.match(s)
        if m:
            lead, marker = m.group(1), m.group(2)
            rest = s[m.end() :]
            # "1." -> "1\." so it is not an ordered list; "#" -> "\#" so it is no heading
            s = f"{lead}{marker}\\{rest}" if marker.isdigit() else f"{lead}\\{marker}{rest}"
    return s


def _code(text: object) -> str:
    """``text`` as an inline code span (rule ids), safe whatever backticks it holds."""
    s = clean(text)
    if not s:
        return ""
    longest = max((len(m) for m in re.findall(r"`+", s)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def _bold(text: str) -> str:
    """``**text**`` with surrounding spaces moved outside so the emphasis renders."""
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}**{md_escape(stripped, line_start=False)}**{trail}"


def _quote(ex: Excerpt) -> str:
    where = md_escape(ex.doc, line_start=False)
    line = f", line {ex.line}" if ex.line is not None else ""
    before = md_escape(ex.before, line_start=False)
    after = md_escape(ex.after, line_start=False)
    return f"**{where}**{line}: {before}{_bold(ex.span)}{after}"


def _finding(f: Finding, index: Index, width: int) -> list[str]:
    head = f"- **{md_escape(f.level, line_start=False)}** {_code(f.rule)} {md_escape(f.message, line_start=False)}"
    lines = [head.rstrip()]
    quotes = [_quote(index.excerpt(ev, width)) for ev in f.evidence]
    for i, q in enumerate(quotes):
        if i:
            lines.append("  >")
        lines.append(f"  > {q}")
    return lines


def _table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> list[str]:
    align = align or ["---"] * len(header)
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    out += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return out


def render_markdown(report: Report, *, width: int = 400) -> str:
    """The report as GitHub-flavoured Markdown (tables, nested quotes)."""
    index = Index(report)
    counts = count_by_verdict(report)
    n_docs, n_claims, n_findings = len(report.documents), len(report.claims), len(report.findings)
    lines = [
        "# Consistency report",
        "",
        f"{n_docs} documents, {n_claims} claims, {n_findings} findings. "
        f"Embedding model {_code(report.model) or 'unknown'}; checker {md_escape(checker_version(), line_start=False)}.",
        "",
    ]

    order = [v for v in DISPLAY_ORDER if v in counts] + [
        v for v in counts if v not in DISPLAY_ORDER
    ]
    lines += _table(
        ["Verdict", "Findings"],
        [[md_escape(v), str(counts[v])] for v in order],
        [":---", "---:"],
    )
    lines += ["", md_escape(summary_line(report))]
    if line := suppressed_line(report):
        lines += ["", md_escape(line)]
    if line := dismissed_line(report):
        lines += ["", md_escape(line) + ":", ""]
        for d in dismissed_findings(report):
            where = f"{d.doc}:{d.line}" if d.line is not None else d.doc
            lines.append(f"- {md_escape(where, line_start=False)}: {_code(d.rule)} "
                         f"**{md_escape(d.figure, line_start=False)}**: "
                         f"{md_escape(d.reason, line_start=False)}")  # fmt: skip
    told = story_lines(report)
    if told:
        lines += ["", "## Stories", ""] + [f"- {md_escape(x, line_start=False)}" for x in told]
    lines += ["", "## Documents", ""]

    if report.documents:
        flags = report.flags or {}
        rows = []
        for d in report.documents:
            doc_flags = flags.get(d.id) or []
            if isinstance(doc_flags, str):
                doc_flags = [doc_flags]
            rows.append(
                [
                    md_escape(d.id),
                    md_escape(d.outlet or ""),
                    d.date.isoformat() if d.date is not None else "undated",
                    md_escape(d.language),
                    md_escape(d.title or ""),
                    md_escape(", ".join(sorted(str(f) for f in doc_flags))),
                ]
            )
        lines += _table(["ID", "Outlet", "Date", "Language", "Title", "Flags"], rows)
    else:
        lines.append("No documents.")

    groups = grouped_findings(report)
    if not groups:
        lines += ["", "## Findings", "", "No findings."]
    for verdict, findings in groups:
        title = _TITLES.get(verdict) or md_escape(verdict, line_start=False)
        lines += ["", f"## {title} ({len(findings)})", ""]
        for f in findings:
            lines += _finding(f, index, width)
    return "\n".join(lines) + "\n"
