"""The terminal report, for an editor reading it in a shell.

Layout: a header (counts, findings by verdict, embedding model), the
documents, then findings grouped by verdict -- conflict, artefact, update,
agree, single-source; errors before warnings before info inside a group --
and a one-line summary. Each evidence item is quoted as the sentence that
holds it with the span highlighted: ANSI bold yellow with ``color=True``,
``[[span]]`` without. Single-source findings are listed one line each, capped.

Everything that comes from an article (or any other string of the report) is
passed through :func:`checker.report._common.clean`, so escape sequences in
hostile input never reach the terminal; the only escapes in the output are
the writer's own, and only when ``color=True``.
"""

from __future__ import annotations

from checker.core.model import Finding, Report
from checker.read.suppress import dismissed_line, suppressed_line
from checker.report._common import (
    DISPLAY_ORDER,
    Excerpt,
    Index,
    clean,
    count_by_verdict,
    dismissed_findings,
    grouped_findings,
    story_lines,
    summary_line,
    truncate,
)

__all__ = ["render_text"]

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_SPAN = "\x1b[1;33m"  # bold yellow
_LEVEL_STYLE = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_DIM = "\x1b[2m"

_INDENT = "  "
_EVIDENCE_INDENT = "      "


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def _wrap(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and text else text

    def bold(self, text: str) -> str:
        return self._wrap(_BOLD, text)

    def dim(self, text: str) -> str:
        return self._wrap(_DIM, text)

    def span(self, text: str) -> str:
        if self.color:
            return f"{_SPAN}{text}{_RESET}"
        return f"[[{text}]]"

    def level(self, level: str) -> str:
        tag = f"[{clean(level)}]"
        return self._wrap(_LEVEL_STYLE.get(level, _BOLD), tag)


def _where(ex: Excerpt) -> str:
    doc = clean(ex.doc)
    return f"{doc}:{ex.line}" if ex.line is not None else doc


def _header(report: Report, style: _Style) -> list[str]:
    counts = count_by_verdict(report)
    n_docs, n_claims, n_findings = len(report.documents), len(report.claims), len(report.findings)
    lines = [
        style.bold(
            f"Consistency report: {n_docs} document{'s' * (n_docs != 1)}, "
            f"{n_claims} claim{'s' * (n_claims != 1)}, "
            f"{n_findings} finding{'s' * (n_findings != 1)}"
        )
    ]
    order = [v for v, _ in _verdict_order(counts)]
    lines.append(_INDENT + "findings: " + ", ".join(f"{clean(v)} {counts[v]}" for v in order))
    lines.append(_INDENT + f"model: {clean(report.model) or 'unknown'}")
    if report.rules:
        lines.append(_INDENT + f"rules: {len(report.rules)}")
    return lines


def _verdict_order(counts: dict[str, int]) -> list[tuple[str, int]]:
    order = [v for v in DISPLAY_ORDER if v in counts]
    order += [v for v in counts if v not in DISPLAY_ORDER]
    return [(v, counts[v]) for v in order]


def _documents(report: Report, style: _Style) -> list[str]:
    lines = [style.bold(f"Documents ({len(report.documents)})")]
    if not report.documents:
        lines.append(_INDENT + "(none)")
        return lines
    rows = []
    flags = report.flags or {}
    for d in report.documents:
        doc_flags = flags.get(d.id) or []
        if isinstance(doc_flags, str):
            doc_flags = [doc_flags]
        rows.append(
            [
                truncate(clean(d.id), 40),
                truncate(clean(d.outlet) or "-", 30),
                d.date.isoformat() if d.date is not None else "undated",
                clean(d.language) or "-",
                ", ".join(sorted(clean(f) for f in doc_flags)),
                truncate(clean(d.title), 60) if d.title else "",
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        cells = [r[i].ljust(widths[i]) for i in range(4)]
        extra = []
        if r[4]:
            extra.append(f"[{r[4]}]")
        if r[5]:
            extra.append(f'"{r[5]}"')
        lines.append((_INDENT + "  ".join(cells + extra)).rstrip())
    return lines


def _quote(ex: Excerpt, style: _Style) -> str:
    return f"{_EVIDENCE_INDENT}{_where(ex)}: {ex.before}{style.span(ex.span)}{ex.after}"


def _finding(f: Finding, index: Index, style: _Style, width: int) -> list[str]:
    message = clean(f.message)
    lines = [f"{_INDENT}{style.level(f.level)} {clean(f.rule)}: {message}".rstrip()]
    if not f.evidence:
        lines.append(_EVIDENCE_INDENT + style.dim("(no evidence)"))
    for ev in f.evidence:
        lines.append(_quote(index.excerpt(ev, width), style))
    return lines


def _single_source(f: Finding, index: Index, style: _Style) -> str:
    tag = "" if f.level == "info" else style.level(f.level) + " "
    subject = truncate(clean(index.subject_of(f)) or clean(f.message), 100)
    if not f.evidence:
        return f"{_INDENT}{tag}{clean(f.rule)}: {subject}"
    ev = f.evidence[0]
    ex = index.excerpt(ev, 80)
    more = f" (+{len(f.evidence) - 1} more)" if len(f.evidence) > 1 else ""
    span = truncate(ex.span, 80)
    return f'{_INDENT}{tag}{_where(ex)}: "{style.span(span) if style.color else span}" — {subject}{more}'


def render_text(
    report: Report,
    *,
    color: bool = False,
    single_source_limit: int | None = 30,
    width: int = 240,
) -> str:
    """The report for a terminal.

    ``color`` highlights with ANSI escapes instead of ``[[ ]]``;
    ``single_source_limit`` caps the single-source list (None: no cap);
    ``width`` is roughly how long a quoted sentence may get before its middle
    is elided (the highlighted span is always kept).
    """
    style = _Style(color)
    index = Index(report)
    lines = _header(report, style)
    lines.append("")
    lines += _documents(report, style)
    told = story_lines(report)
    if told:
        lines += ["", style.bold(f"Stories ({len(report.stories)})")]
        lines += [_INDENT + clean(x) for x in told]

    groups = grouped_findings(report)
    if not groups:
        lines += ["", "No findings."]
    for verdict, findings in groups:
        lines.append("")
        lines.append(style.bold(f"{clean(verdict).upper()} ({len(findings)})"))
        if verdict == "single-source":
            shown = findings if single_source_limit is None else findings[:single_source_limit]
            lines += [_single_source(f, index, style) for f in shown]
            if len(shown) < len(findings):
                lines.append(f"{_INDENT}… and {len(findings) - len(shown)} more")
            continue
        for i, f in enumerate(findings):
            if i:
                lines.append("")
            lines += _finding(f, index, style, width)

    lines.append("")
    lines.append(clean(summary_line(report)))
    if line := suppressed_line(report):
        lines.append(clean(line))
    if line := dismissed_line(report):
        lines.append(clean(line) + ":")
        for d in dismissed_findings(report):
            where = f"{d.doc}:{d.line}" if d.line is not None else d.doc
            lines.append(f'{_INDENT}{clean(where)}: {clean(d.rule)} "{clean(d.figure)}": '
                         f"{clean(d.reason)}")  # fmt: skip
    return "\n".join(lines) + "\n"
