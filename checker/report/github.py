"""GitHub Actions workflow commands: one annotation per finding, on the line it is about.

``::error file=drafts/a.md,line=12,col=5,title=conflict::Hostages: ...`` keeps the
level (error -> ``error``, warning -> ``warning``, info -> ``notice``) so a
workflow shows conflicts as errors on the pull request's diff. The annotation
sits on the first evidence span that has a file (in ``checker check``, the
draft's); the other evidence is named in the message. A plain summary line
ends the output (GitHub prints it in the log).

Every field -- the file, the title, the message, the other evidence's document ids and
sentences -- passes :func:`checker.report._common.clean` first (nothing reaches the Actions
log or a terminal that could drive it), then GitHub's own escaping: ``%``, CR and LF in the
message; those and ``:`` and ``,`` in a property.
"""

from __future__ import annotations

from checker.core.model import Document, Evidence, Finding, Report
from checker.read.suppress import is_dismissed
from checker.report._common import Index, clean, summary_line

__all__ = ["render_github"]

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: object) -> str:
    """A property's value: cleaned to one inert line, then escaped as GitHub reads it."""
    return _data(clean(text)).replace(":", "%3A").replace(",", "%2C")


def _column(doc: Document, offset: int) -> int:
    return offset - (doc.text.rfind("\n", 0, offset) + 1) + 1


def _anchor(f: Finding, docs: dict[str, Document], prefer: set[str]) -> Evidence | None:
    with_path = [e for e in f.evidence if e.doc in docs and docs[e.doc].path]
    preferred = [e for e in with_path if e.doc in prefer]
    return (preferred or with_path or [None])[0]


def render_github(report: Report, *, prefer: set[str] | None = None) -> str:
    """The report as workflow commands; ``prefer``: document ids to anchor annotations on."""
    docs = {d.id: d for d in report.documents}
    index = Index(report)
    prefer = prefer or set()
    lines = []
    for f in report.findings:
        command = COMMAND.get(f.level, "notice")
        props = []
        anchor = _anchor(f, docs, prefer)
        if anchor is not None:
            doc = docs[anchor.doc]
            props += [
                f"file={_prop(doc.path)}",
                f"line={doc.line_of(anchor.start)}",
                f"col={_column(doc, anchor.start)}",
                f"endColumn={_column(doc, anchor.end)}",
            ]
        props.append(f"title={_prop(f'{f.rule} ({f.verdict})')}")
        message = clean(f.message)
        others = []
        for ev in f.evidence:
            if ev is anchor and not f.details.get("translation"):
                continue  # a translation finding quotes both sentences, the original's first
            ex = index.excerpt(ev, 160)
            where = f"{clean(ex.doc)}:{ex.line}" if ex.line else clean(ex.doc)
            others.append(f"{where}: {ex.before}[{ex.span}]{ex.after}")
        if others:
            message += "\n" + "\n".join(others)
        lines.append(f"::{command} {','.join(props)}::{_data(message)}")
    summary = clean(summary_line(report))
    if report.suppressed:
        summary += f"; {len(report.suppressed)} suppressed"
        if n := sum(is_dismissed(f) for f in report.suppressed):
            summary += f" ({n} dismissed with a reason)"
    lines.append(summary)
    return "\n".join(lines) + "\n"
