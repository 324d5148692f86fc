"""What every report writer shares: finding order, quoting evidence, cleaning article text.

Article text is hostile input. :func:`clean` removes terminal escape sequences
and makes the remaining control characters visible (``\\x07``), so nothing a
writer prints can drive a terminal; the Markdown and HTML writers escape on top
of it. :class:`Index` turns an :class:`~checker.core.model.Evidence` into an
:class:`Excerpt` -- the sentence around the span, already cleaned and elided
to a width -- so the writers only decide how to highlight it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from checker.core.errors import CONTROL_CHARACTERS
from checker.core.model import (
    LEVEL_RANK,
    LEVELS,
    VERDICTS,
    Claim,
    Document,
    Evidence,
    Finding,
    Report,
    Sentence,
)
from checker.core.version import __version__

#: The order verdict groups are shown in: what needs an editor first.
DISPLAY_ORDER: tuple[str, ...] = (
    "conflict", "artefact", "omission", "addition", "update", "agree", "single-source"
)  # fmt: skip

#: Singular and plural labels for summary lines.
VERDICT_LABELS: dict[str, tuple[str, str]] = {
    "conflict": ("conflict", "conflicts"),
    "artefact": ("artefact", "artefacts"),
    "update": ("update", "updates"),
    "agree": ("agreement", "agreements"),
    "single-source": ("single-source claim", "single-source claims"),
    # a translation check's own (checker translation): a figure left out, a figure added
    "omission": ("omission", "omissions"),
    "addition": ("addition", "additions"),
}

#: Characters of context either side of a span when no sentence can be found.
CONTEXT_CHARS = 60


def checker_version() -> str:
    """The version of checker that wrote the report."""
    return __version__


# --------------------------------------------------------------------------- cleaning

# Terminal escape sequences: CSI (ESC [ ... final), string sequences (OSC, DCS,
# SOS, PM, APC) with their payload when terminated, two-character escapes, and
# the 8-bit C1 forms. What is left of an unterminated sequence is handled by
# the control-character pass below.
_ESCAPE_SEQ = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x00-\x1f\x7f-\x9f]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x90\x98\x9d\x9e\x9f][^\x00-\x1f\x7f-\x9f]*(?:\x07|\x1b\\|\x9c)"
)
# C0/C1 controls, DEL, line/paragraph separators and the bidi embedding,
# override and isolate controls (they reorder what the reader sees).
_CONTROL = re.compile(CONTROL_CHARACTERS)
_WHITESPACE_CONTROLS = frozenset("\t\n\v\f\r\x85\u2028\u2029")
_SPACES = re.compile(r" {2,}")


def _control(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _WHITESPACE_CONTROLS:
        return " "
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: object, *, keep_spaces: bool = False) -> str:
    """``text`` as one inert line: escape sequences removed, controls shown as ``\\xNN``.

    Line breaks and tabs become single spaces, runs of spaces collapse (unless
    ``keep_spaces``: a line of a table whose columns are padded). The result
    contains no character below U+0020, no DEL, no C1 control and no bidi
    override, so it is safe to print on a terminal.
    """
    if text is None:
        return ""
    s = _ESCAPE_SEQ.sub("", str(text))
    s = _CONTROL.sub(_control, s)
    return s if keep_spaces else _SPACES.sub(" ", s)


def truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with a trailing ellipsis when it is longer."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)].rstrip() + "…"


# --------------------------------------------------------------------------- counting


def count_by_verdict(report: Report) -> dict[str, int]:
    """Findings per verdict: every verdict of ``VERDICTS`` (in order), then any other seen."""
    out = {v: 0 for v in VERDICTS}
    for f in report.findings:
        out[f.verdict] = out.get(f.verdict, 0) + 1
    return out


def count_by_level(report: Report) -> dict[str, int]:
    """Findings per level: every level of ``LEVELS`` (in order), then any other seen."""
    out = {lv: 0 for lv in LEVELS}
    for f in report.findings:
        out[f.level] = out.get(f.level, 0) + 1
    return out


def worst_level(report: Report) -> str | None:
    """The most severe level among the findings (unknown levels rank lowest), or None."""
    if not report.findings:
        return None
    return max((f.level for f in report.findings), key=lambda lv: LEVEL_RANK.get(lv, -1))


def grouped_findings(report: Report) -> list[tuple[str, list[Finding]]]:
    """Non-empty verdict groups in ``DISPLAY_ORDER`` (unknown verdicts after, as first seen).

    Within a group errors come before warnings before info; otherwise the
    order of ``report.findings`` is kept.
    """
    groups: dict[str, list[Finding]] = {}
    for f in report.findings:
        groups.setdefault(f.verdict, []).append(f)
    order = [v for v in DISPLAY_ORDER if v in groups]
    order += [v for v in groups if v not in DISPLAY_ORDER]
    return [(v, sorted(groups[v], key=lambda f: -LEVEL_RANK.get(f.level, -1))) for v in order]


def verdict_label(verdict: str, n: int) -> str:
    one, many = VERDICT_LABELS.get(verdict, (verdict, verdict))
    return f"{n} {one if n == 1 else many}"


def summary_line(report: Report) -> str:
    """``1 conflict, 0 artefacts, … — worst level: error`` (plain text, not cleaned)."""
    counts = count_by_verdict(report)
    order = [v for v in DISPLAY_ORDER if v in counts] + [
        v for v in counts if v not in DISPLAY_ORDER
    ]
    parts = ", ".join(verdict_label(v, counts[v]) for v in order)
    return f"{parts} — worst level: {worst_level(report) or 'none'}"


# --------------------------------------------------------------------------- quoting


@dataclass(frozen=True)
class Excerpt:
    """The span of an evidence item and the text around it, cleaned and elided.

    ``before + span + after`` is what to show; ``line`` is the 1-based line of
    the source file when the document is known.
    """

    doc: str
    line: int | None
    before: str
    span: str
    after: str


_SNAP = 12  # how far a cut may move to land on a word boundary


def _elide(text: str, n: int, head: int) -> str:
    """``text`` in at most ``n`` characters: about ``head`` from its start, the rest from its end.

    The middle is replaced by `` … ``; cuts move to a word boundary when one is near.
    """
    if len(text) <= n:
        return text
    if n <= 0:
        return ""
    if n < 24:  # too short for two pieces: keep the side that was asked for most
        if n == 1:
            return "…"
        return text[: n - 1] + "…" if head >= n - head else "…" + text[len(text) - (n - 1) :]
    room = n - 3
    head = max(min(head, room), 0)
    tail = room - head
    first = text[:head]
    cut = first.rfind(" ")
    if cut >= max(head - _SNAP, 1):
        first = first[:cut]
    last = text[len(text) - tail :] if tail else ""
    cut = last.find(" ")
    if 0 <= cut < _SNAP:
        last = last[cut + 1 :]
    # strip only around the ellipsis: the outer ends touch the span and keep their spaces
    first, last = first.rstrip(), last.lstrip()
    return (first + " " if first else "") + "…" + (" " + last if last else "")


def _elide_left(text: str, n: int) -> str:
    """``text`` in at most ``n`` characters, keeping its end (next to the span) and some start."""
    return _elide(text, n, min(n // 4, 30))


def _elide_right(text: str, n: int) -> str:
    """``text`` in at most ``n`` characters, keeping its start (next to the span) and some end."""
    return _elide(text, n, n - min(n // 4, 30))


def fit(before: str, span: str, after: str, width: int) -> tuple[str, str, str]:
    """Elide ``before``/``after`` (and a very long ``span``'s middle) to about ``width``.

    The span always stays visible: the context gives way first, split evenly
    between the two sides, any side's unused share going to the other.
    """
    if len(span) > width:
        keep = max(width // 2 - 1, 1)
        span = span[:keep] + "…" + span[len(span) - keep :]
    room = max(width - len(span), 0)
    if len(before) + len(after) > room:
        half = room // 2
        nb = min(len(before), max(half, room - len(after)))
        na = min(len(after), room - nb)
        before = _elide_left(before, nb)
        after = _elide_right(after, na)
    return before, span, after


class Index:
    """Documents, claims and sentences of a report looked up by id and offset."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.docs: dict[str, Document] = {}
        for d in report.documents:
            self.docs.setdefault(d.id, d)
        self.claims: dict[str, Claim] = {}
        for c in report.claims:
            self.claims.setdefault(c.id, c)
        self._sentence_starts: dict[str, list[int]] = {}

    def sentence_at(self, doc: Document, offset: int) -> Sentence | None:
        """The sentence of ``doc`` holding ``offset``, or None."""
        sentences = doc.sentences
        if not sentences:
            return None
        starts = self._sentence_starts.get(doc.id)
        if starts is None or len(starts) != len(sentences):
            starts = [s.start for s in sentences]
            if starts != sorted(starts):  # not in text order: search them all
                hits = [s for s in sentences if s.start <= offset < s.end]
                return hits[0] if hits else None
            self._sentence_starts[doc.id] = starts
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and sentences[i].start <= offset < sentences[i].end:
            return sentences[i]
        return None

    def _raw(self, ev: Evidence) -> tuple[str, str, str, bool, bool]:
        """(before, span, after, cut_before, cut_after) straight from the text."""
        claim = self.claims.get(ev.claim) if ev.claim is not None else None
        if claim is not None and claim.sentence_text:
            t, s0 = claim.sentence_text, claim.sentence_start
            a, b = ev.start - s0, ev.end - s0
            if 0 <= a <= b <= len(t) and t[a:b] == ev.text:
                return t[:a], t[a:b], t[b:], False, False
        doc = self.docs.get(ev.doc)
        if doc is not None and 0 <= ev.start <= ev.end <= len(doc.text):
            text = doc.text
            if text[ev.start : ev.end] == ev.text:
                sent = self.sentence_at(doc, ev.start)
                if sent is not None:
                    lo = max(sent.start, 0)
                    hi = min(max(sent.end, ev.end), len(text))
                    return text[lo : ev.start], ev.text, text[ev.end : hi], False, False
                lo = max(0, ev.start - CONTEXT_CHARS)
                hi = min(len(text), ev.end + CONTEXT_CHARS)
                return (
                    text[lo : ev.start],
                    ev.text,
                    text[ev.end : hi],
                    lo > 0,
                    hi < len(text),
                )
        return "", ev.text, "", False, False

    def line_of(self, ev: Evidence) -> int | None:
        doc = self.docs.get(ev.doc)
        if doc is None or not 0 <= ev.start <= len(doc.text):
            return None
        return doc.line_of(ev.start)

    def excerpt(self, ev: Evidence, width: int = 240) -> Excerpt:
        """The evidence span in its sentence (or ±60 characters), cleaned, about ``width`` long."""
        before, span, after, cut_b, cut_a = self._raw(ev)
        before, span, after = clean(before), clean(span), clean(after)
        before, after = before.lstrip(), after.rstrip()
        if cut_b:
            before = "…" + before
        if cut_a:
            after = after + "…"
        before, span, after = fit(before, span, after, width)
        return Excerpt(ev.doc, self.line_of(ev), before, span, after)

    def subject_of(self, finding: Finding) -> str:
        """What a finding's claim is about: the claim subject, ``details['subject']``, or ''."""
        for ev in finding.evidence:
            claim = self.claims.get(ev.claim) if ev.claim is not None else None
            if claim is not None and claim.subject:
                return claim.subject
        subject = finding.details.get("subject") if isinstance(finding.details, dict) else None
        return str(subject) if subject else ""


@dataclass(frozen=True)
class DismissedFinding:
    """A finding the draft dismissed with a reason, as the writers list it (plain text, not
    cleaned): which rule, the figure as written, why, and where."""

    finding: Finding
    rule: str
    figure: str
    reason: str
    doc: str
    #: The file line of the figure, and of the dismissal that covers it (None: unknown).
    line: int | None
    dismissal_line: int | None
    start: int
    end: int


def dismissed_findings(report: Report) -> list[DismissedFinding]:
    """The suppressed findings that a dismissal covered (``details["dismissed"]``, see
    :func:`checker.read.suppress.split`), in report order."""
    docs = {d.id: d for d in report.documents}
    out = []
    for f in report.suppressed:
        details = f.details if isinstance(f.details, dict) else {}
        if "dismissed" not in details:
            continue
        at = details.get("dismissal") if isinstance(details.get("dismissal"), dict) else {}
        doc_id, start, end = str(at.get("doc", "")), at.get("start"), at.get("end")
        doc = docs.get(doc_id)
        line = None
        if doc is not None and isinstance(start, int) and 0 <= start <= len(doc.text):
            line = doc.line_of(start)
        dline = at.get("line")
        out.append(
            DismissedFinding(
                finding=f,
                rule=f.rule,
                figure=str(at.get("figure", "")),
                reason=str(details["dismissed"]),
                doc=doc_id,
                line=line,
                dismissal_line=dline if isinstance(dline, int) else None,
                start=start if isinstance(start, int) else -1,
                end=end if isinstance(end, int) else -1,
            )
        )
    return out


def story_lines(report: Report) -> list[str]:
    """One plain line per story (its articles; claims met only inside one), then the run's
    notes. Untrusted text: writers escape it in their own way."""
    out = []
    for st in report.stories:
        n = len(st.documents)
        title = f" {st.title!r}" if st.title else ""
        out.append(f"{st.id}{title}: {n} article{'s' if n != 1 else ''}: {', '.join(st.documents)}")
    return out + list(report.notes)
