"""Inline suppression in drafts, as prose linters do it, and dismissals of one finding.

``<!-- checker: ignore RULE_ID [RULE_ID ...] -->`` silences those rules for the
sentence that follows the comment; ``<!-- checker: ignore-file -->`` (optionally
followed by rule ids) silences them for the whole document. Suppressed
findings are not dropped: they move to ``Report.suppressed`` and every writer
counts them in its summary.

Finer, and with a reason: ``<!-- checker: dismiss RULE_ID "FIGURE" reason: why -->``
silences only the findings of that rule whose evidence is the span ``FIGURE`` (as written;
a JSON string, so ``\\"`` and ``\\u002d`` escapes are read) in the sentence that follows.
The front matter's ``dismissed:`` list (:func:`checker.read.fields.dismissals`) does the
same for a ``.txt`` draft, where a comment would be article text. A dismissed finding moves
to ``Report.suppressed`` with ``details["dismissed"]`` (the reason) and
``details["dismissal"]`` (where: doc, figure, start, end, and the line of the dismissal).

The comments are blanked out of the text (replaced by spaces of the same
length) before claims are read, so they neither disturb sentence splitting
nor embeddings, and every offset and line number stays the same.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..core.errors import InputError, InputWarning, nearest
from ..core.model import Dismissal, Document, Evidence, Finding, Sentence
from .sentences import split_sentences

DIRECTIVE = re.compile(r"<!--\s*checker\s*:\s*(?P<body>.*?)\s*-->", re.DOTALL | re.IGNORECASE)
ALL = "*"
#: The body of a dismiss comment: ``dismiss RULE "FIGURE" reason: free text``.
DISMISS = re.compile(
    r'dismiss\s+(?P<rule>[^\s"]+)\s+"(?P<figure>(?:[^"\\]|\\.)*)"\s*(?:reason\s*:(?P<reason>.*))?',
    re.DOTALL | re.IGNORECASE,
)
DISMISS_FORM = '<!-- checker: dismiss RULE_ID "FIGURE" reason: why -->'


@dataclass
class Suppressions:
    """What one document silences: rule ids per sentence index, and for the whole file."""

    doc: str
    whole: set[str] = field(default_factory=set)
    sentences: dict[int, set[str]] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)
    #: Each dismissal with the (start, end) spans of the sentences it covers.
    dismissed: list[tuple[Dismissal, tuple[tuple[int, int], ...]]] = field(default_factory=list)

    def covers(self, rule: str, offset: int) -> bool:
        if rule in self.whole or ALL in self.whole:
            return True
        i = bisect.bisect_right(self.starts, offset) - 1
        ids = self.sentences.get(i, set())
        return rule in ids or ALL in ids

    def dismissal(self, rule: str, ev: Evidence) -> Dismissal | None:
        """The dismissal covering a finding of ``rule`` with evidence ``ev``, if any: same
        rule, the span reads exactly the figure, inside a sentence the dismissal covers."""
        for d, spans in self.dismissed:
            inside = any(lo <= ev.start and ev.end <= hi for lo, hi in spans)
            if d.rule == rule and ev.text == d.figure and inside:
                return d
        return None


def prepare(doc: Document, rule_ids: Iterable[str]) -> tuple[Document, Suppressions]:
    """The document with its directives blanked, and what they suppress or dismiss.

    An unknown directive or rule id is an ``InputError`` naming the file and
    line, with the nearest rule id: a typo must not silently suppress nothing.
    So is a dismiss comment without a reason. The returned document carries the
    dismissals of its comments after those of its front matter (``Document.dismissals``).

    A dismissal whose figure is not in its sentence (the comment form: the sentence that
    follows it; the front matter: any sentence, with ``context`` when given) is an
    ``InputWarning`` naming the file and the dismissal's line, not an error. Such a
    dismissal is stale (the sentence was edited after it was written) and can hide nothing:
    it covers only that exact figure there. Stopping the whole check for it (exit 2, no
    report) would hide every other finding of the draft; running on with the warning shows
    them all, the changed figure's included, and tells the editor which line to update.
    """
    known = set(rule_ids)
    found = list(DIRECTIVE.finditer(doc.text))
    sup = Suppressions(doc.id)
    where = doc.path or doc.id
    if not found and not doc.dismissals:
        sup.starts = [s.start for s in doc.sentences]
        return doc, sup
    chars = list(doc.text)
    pending: list[tuple[int, set[str]]] = []
    commented: list[Dismissal] = []
    for m in found:
        line = doc.line_of(m.start())
        words = m.group("body").replace(",", " ").split()
        word = words[0].lower() if words else ""
        if word not in ("ignore", "ignore-file", "dismiss"):
            raise InputError(where, line, f"unknown checker directive {m.group()!r}; use "
                             "'checker: ignore RULE_ID', 'checker: ignore-file' or "
                             f"'{DISMISS_FORM}'")  # fmt: skip
        if word == "dismiss":
            commented.append(dismissal_of_comment(where, line, m.group("body"), m.end()))
            ids = {commented[-1].rule}
        else:
            ids = set(words[1:])
        for rid in ids:
            if rid not in known:
                raise InputError(where, line, f"suppression names unknown rule {rid!r}"
                                 f"{nearest(rid, known)}")  # fmt: skip
        if word == "ignore-file":
            sup.whole |= ids or {ALL}
        elif word == "ignore":
            if not ids:
                raise InputError(where, line, "'checker: ignore' needs the rule id(s) to ignore")
            pending.append((m.end(), ids))
        for i in range(m.start(), m.end()):
            if chars[i] not in "\n":
                chars[i] = " "
    for d in doc.dismissals:
        if d.rule not in known:
            raise InputError(where, d.line, f"dismissal names unknown rule {d.rule!r}"
                             f"{nearest(d.rule, known)}")  # fmt: skip
    text = "".join(chars)
    sentences = split_sentences(text) if found else doc.sentences
    blanked = dataclasses.replace(
        doc, text=text, sentences=sentences, dismissals=(*doc.dismissals, *commented)
    )
    sup.starts = [s.start for s in blanked.sentences]
    for end, ids in pending:
        i = following(sup.starts, end)
        if i is not None:
            sup.sentences.setdefault(i, set()).update(ids)
    for d in blanked.dismissals:
        spans = tuple((s.start, s.end) for s in covered(blanked.sentences, sup.starts, d))
        if not spans:
            warnings.warn(InputWarning(where, d.line, stale(d)), stacklevel=2)
        sup.dismissed.append((d, spans))
    return blanked, sup


def following(starts: Sequence[int], offset: int) -> int | None:
    """The index of the first sentence that starts at or after ``offset`` (a comment's end),
    or None: the sentence an inline comment is about."""
    i = bisect.bisect_left(starts, offset)
    return i if i < len(starts) else None


def covered(sentences: Sequence[Sentence], starts: Sequence[int], d: Dismissal) -> list[Sentence]:
    """The sentences ``d`` covers: the one after its comment, or (front matter) every one
    that holds the figure and the context; only those that hold the figure."""
    if d.after is not None:
        i = following(starts, d.after)
        candidates = [] if i is None else [sentences[i]]
    else:
        candidates = [s for s in sentences if d.context is None or d.context in s.text]
    return [s for s in candidates if d.figure in s.text]


def stale(d: Dismissal) -> str:
    """What a warning says of a dismissal whose figure is not where it points."""
    what = f'dismissal of {d.rule} "{d.figure}"'
    if d.after is not None:
        return f"{what}: the figure is not in the sentence after the comment; it dismisses nothing"
    if d.context is not None:
        return f"{what}: no sentence holds the figure and {d.context!r}; it dismisses nothing"
    return f"{what}: the figure is not in the text; it dismisses nothing"


def dismissal_of_comment(where: str, line: int, body: str, after: int) -> Dismissal:
    """The dismissal a ``checker: dismiss`` comment's body writes; an ``InputError`` naming
    the file and line when it is not ``dismiss RULE_ID "FIGURE" reason: why`` with a reason."""
    m = DISMISS.fullmatch(body.strip())
    if m is None:
        raise InputError(where, line, f"cannot read the dismissal; write it as {DISMISS_FORM}")
    try:
        figure = json.loads(f'"{m.group("figure")}"')
    except ValueError:
        raise InputError(where, line, "the dismissal's figure has a bad escape; write it as "
                         "it is in the sentence, in double quotes") from None  # fmt: skip
    reason = " ".join((m.group("reason") or "").split())
    if not reason:
        raise InputError(where, line, f"a dismissal needs a reason: {DISMISS_FORM}")
    if not figure.strip() or "\n" in figure:
        raise InputError(where, line, "the dismissal's figure must be the figure as written, "
                         "on one line")  # fmt: skip
    return Dismissal(rule=m.group("rule"), figure=figure, reason=reason, line=line, after=after)


def is_dismissed(f: Finding) -> bool:
    """Whether a suppressed finding was dismissed with a reason (else: ignored by a rule)."""
    return isinstance(f.details, dict) and "dismissed" in f.details


def suppressed_line(report) -> str:
    """``2 findings suppressed by inline comments (conflict 1, single-source 1)``, of the
    findings ignored by rule (dismissed ones: :func:`dismissed_line`); "" when none."""
    return _counted(
        [f for f in report.suppressed if not is_dismissed(f)], "suppressed by inline comments"
    )


def dismissed_line(report) -> str:
    """``1 finding dismissed with a reason (update 1)``; "" when none."""
    return _counted([f for f in report.suppressed if is_dismissed(f)], "dismissed with a reason")


def _counted(findings: Sequence[Finding], what: str) -> str:
    if not findings:
        return ""
    by_rule: dict[str, int] = {}
    for f in findings:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    n = len(findings)
    rules = ", ".join(f"{r} {c}" for r, c in sorted(by_rule.items()))
    return f"{n} finding{'s' * (n != 1)} {what} ({rules})"


def split(
    findings: Sequence[Finding], suppressions: Iterable[Suppressions]
) -> tuple[list[Finding], list[Finding]]:
    """(kept, suppressed): a finding is dismissed when a dismissal of one of its evidence's
    documents covers that evidence (it gets the reason in ``details``), else suppressed when
    any of its evidence in a document is covered by that document's ignores for its rule."""
    by_doc = {s.doc: s for s in suppressions}
    kept: list[Finding] = []
    gone: list[Finding] = []
    for f in findings:
        hits = ((ev, by_doc[ev.doc].dismissal(f.rule, ev)) for ev in f.evidence if ev.doc in by_doc)
        ev, d = next(((ev, d) for ev, d in hits if d is not None), (None, None))
        if d is not None and ev is not None:
            where = {"doc": ev.doc, "figure": d.figure, "start": ev.start, "end": ev.end,
                     "line": d.line}  # fmt: skip
            gone.append(dataclasses.replace(f, details={**f.details, "dismissed": d.reason,
                                                        "dismissal": where}))  # fmt: skip
            continue
        hit = any(ev.doc in by_doc and by_doc[ev.doc].covers(f.rule, ev.start) for ev in f.evidence)
        (gone if hit else kept).append(f)
    return kept, gone
