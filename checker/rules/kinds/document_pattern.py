"""Text that tells something about the whole article, such as a machine-translation notice.

Patterns are regular expressions written by editors, so they run with the
``regex`` module and a time limit: a catastrophic pattern fails that document's
check with a clear message instead of hanging the run.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ...core.errors import RuleError
from ...core.model import Evidence
from ...core.settings import RuleSetting
from ..base import Context, Hit, Rule, describe

SCOPE = "corpus"
SETTINGS = {
    "patterns": RuleSetting(
        list,
        [],
        "regular expressions; any match flags the document (each runs on every document)",
        items="regex",
        max_items=100,
    ),
    "ignore_case": RuleSetting(bool, True, "match regardless of case"),
    "flag": RuleSetting(str, None, "document flag to set (shown in reports and JSON)"),
    "timeout": RuleSetting(
        float, 2.0, "seconds a pattern may run on one document", min=0.01, max=10
    ),
}
SITUATIONS = ("default",)
BLANKS = frozenset(["doc", "source", "match", "flag"])


def compile_patterns(rule: Rule) -> list[regex.Pattern]:
    flags = regex.IGNORECASE if rule.settings["ignore_case"] else 0
    out = []
    for i, pattern in enumerate(rule.settings["patterns"]):
        try:
            out.append(regex.compile(pattern, flags | regex.V0))
        except regex.error as exc:
            where = f"settings.patterns[{i}]"
            line = rule.line_of("settings", "patterns", i)
            raise RuleError(rule.path, line, where, f"bad regex: {exc}") from exc
    return out


def check(ctx: Context, rule: Rule) -> Iterator[Hit]:
    patterns = compile_patterns(rule)
    for doc in ctx.documents.values():
        for pattern in patterns:
            try:
                m = pattern.search(doc.text, timeout=rule.settings["timeout"])
            except TimeoutError as exc:
                raise RuleError(
                    rule.path, rule.line_of("settings", "patterns"), "settings.patterns",
                    f"pattern {pattern.pattern!r} timed out on {doc.path or doc.id}",
                ) from exc  # fmt: skip
            if m and m.end() > m.start():
                fields = {"doc": doc.id, "source": describe(doc), "match": m.group(),
                          "flag": rule.settings["flag"] or ""}  # fmt: skip
                ev = Evidence(doc=doc.id, start=m.start(), end=m.end(), text=m.group())
                yield Hit("artefact", fields, (ev,), details={"flag": rule.settings["flag"]})
                break
