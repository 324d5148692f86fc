"""Inline suppression in drafts, as prose linters do it.

``<!-- checker: ignore RULE_ID [RULE_ID ...] -->`` silences those rules for the
sentence that follows the comment; ``<!-- checker: ignore-file -->`` (optionally
followed by rule ids) silences them for the whole document. Suppressed
findings are not dropped: they move to ``Report.suppressed`` and every writer
counts them in its summary.

The comments are blanked out of the text (replaced by spaces of the same
length) before claims are read, so they neither disturb sentence splitting
nor embeddings, and every offset and line number stays the same.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..core.errors import InputError, nearest
from ..core.model import Document, Finding
from .sentences import split_sentences

DIRECTIVE = re.compile(r"<!--\s*checker\s*:\s*(?P<body>.*?)\s*-->", re.DOTALL | re.IGNORECASE)
ALL = "*"


@dataclass
class Suppressions:
    """What one document silences: rule ids per sentence index, and for the whole file."""

    doc: str
    whole: set[str] = field(default_factory=set)
    sentences: dict[int, set[str]] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)

    def covers(self, rule: str, offset: int) -> bool:
        if rule in self.whole or ALL in self.whole:
            return True
        i = bisect.bisect_right(self.starts, offset) - 1
        ids = self.sentences.get(i, set())
        return rule in ids or ALL in ids


def prepare(doc: Document, rule_ids: Iterable[str]) -> tuple[Document, Suppressions]:
    """The document with its directives blanked, and what they suppress.

    An unknown directive or rule id is an ``InputError`` naming the file and
    line, with the nearest rule id: a typo must not silently suppress nothing.
    """
    known = set(rule_ids)
    found = list(DIRECTIVE.finditer(doc.text))
    sup = Suppressions(doc.id)
    if not found:
        sup.starts = [s.start for s in doc.sentences]
        return doc, sup
    chars = list(doc.text)
    pending: list[tuple[int, set[str]]] = []
    for m in found:
        where = doc.path or doc.id
        line = doc.line_of(m.start())
        words = m.group("body").replace(",", " ").split()
        if not words or words[0].lower() not in ("ignore", "ignore-file"):
            raise InputError(where, line, f"unknown checker directive {m.group()!r}; "
                             "use 'checker: ignore RULE_ID' or 'checker: ignore-file'")  # fmt: skip
        ids = set(words[1:])
        for rid in ids:
            if rid not in known:
                raise InputError(where, line, f"suppression names unknown rule {rid!r}"
                                 f"{nearest(rid, known)}")  # fmt: skip
        if words[0].lower() == "ignore-file":
            sup.whole |= ids or {ALL}
        else:
            if not ids:
                raise InputError(where, line, "'checker: ignore' needs the rule id(s) to ignore")
            pending.append((m.end(), ids))
        for i in range(m.start(), m.end()):
            if chars[i] not in "\n":
                chars[i] = " "
    text = "".join(chars)
    blanked = dataclasses.replace(doc, text=text, sentences=split_sentences(text))
    sup.starts = [s.start for s in blanked.sentences]
    for end, ids in pending:
        # the first sentence that starts at or after the comment's end
        i = bisect.bisect_left(sup.starts, end)
        if i < len(sup.starts):
            sup.sentences.setdefault(i, set()).update(ids)
    return blanked, sup


def suppressed_line(report) -> str:
    """``2 findings suppressed by inline comments (conflict 1, single-source 1)``."""
    by_rule: dict[str, int] = {}
    for f in report.suppressed:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    n = len(report.suppressed)
    rules = ", ".join(f"{r} {c}" for r, c in sorted(by_rule.items()))
    return f"{n} finding{'s' * (n != 1)} suppressed by inline comments ({rules})"


def split(
    findings: Sequence[Finding], suppressions: Iterable[Suppressions]
) -> tuple[list[Finding], list[Finding]]:
    """(kept, suppressed): a finding is suppressed when any of its evidence in a
    document is covered by that document's suppressions for the finding's rule."""
    by_doc = {s.doc: s for s in suppressions}
    kept: list[Finding] = []
    gone: list[Finding] = []
    for f in findings:
        hit = any(ev.doc in by_doc and by_doc[ev.doc].covers(f.rule, ev.start) for ev in f.evidence)
        (gone if hit else kept).append(f)
    return kept, gone
