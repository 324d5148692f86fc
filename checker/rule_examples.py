"""Run a rule's own examples, as SQLFluff does: the harness ships with the package and
sits above the api (it runs the whole pipeline), not inside the rule engine.

An example is one article (``text``) or two (``a`` and ``b``, with optional
``date_a``/``date_b``), or, for a translation rule, an original and its translation
(``source`` and ``target``, with optional ``source_language``/``target_language``; run through
:func:`checker.api.check_translation`). It is checked with the WHOLE pack, so precedence between
rules is real; the example passes when the rule under test reports (``flag``) or
stays silent (``ok``). ``todo`` examples are known gaps: expected to flag, run
as strict xfail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .api import check, check_translation
from .core.model import Document, Finding
from .read.documents import document_from_text
from .rules import RulePack


@dataclass(frozen=True)
class Example:
    rule: str
    group: str  # flag | ok | todo
    index: int
    data: dict

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.group}-{self.index}"


def iter_examples(pack: RulePack) -> list[Example]:
    return [
        Example(rule.id, group, i, data)
        for rule in pack.rules
        for group, items in rule.examples.items()
        for i, data in enumerate(items)
    ]


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def example_documents(data: dict) -> list[Document]:
    lang = data.get("language")
    if "text" in data:
        return [document_from_text(data["text"], "text", language=lang)]
    return [
        document_from_text(data["a"], "a", date=_date(data.get("date_a")), language=lang),
        document_from_text(data["b"], "b", date=_date(data.get("date_b")), language=lang),
    ]


def run_example(pack: RulePack, example: Example) -> list[Finding]:
    """The findings the example's rule reports on the example's documents."""
    data = example.data
    if "source" in data:
        report = check_translation(
            data["source"], data["target"], data.get("source_language"),
            data.get("target_language"), pack,
        )  # fmt: skip
        return [f for f in report.findings if f.rule == example.rule]
    report = check(example_documents(data), pack)
    return [f for f in report.findings if f.rule == example.rule]


@dataclass(frozen=True)
class Outcome:
    """How one example went: ``passed``, ``failed``, ``gap`` (a ``todo`` that still does not
    flag, as expected) or ``fixed`` (a ``todo`` that flags now: move it to ``flag``; counted
    as a failure, as a strict xfail is)."""

    example: Example
    status: str
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return self.status in ("passed", "gap")

    @property
    def detail(self) -> str:
        if self.status == "failed" and self.example.group == "flag":
            return "should flag but reported nothing"
        if self.status == "failed":
            shown = "; ".join(f"{f.level}: {f.message}" for f in self.findings[:2])
            return f"should stay silent but reported {shown}"
        if self.status == "fixed":
            return "a known gap that flags now: move it to 'flag'"
        return self.example.data.get("note", "") if self.status == "gap" else ""


def test_example(pack: RulePack, example: Example) -> Outcome:
    """Run ``example`` and judge it by its group."""
    found = tuple(run_example(pack, example))
    if example.group == "todo":
        status = "fixed" if found else "gap"
    elif example.group == "flag":
        status = "passed" if found else "failed"
    else:
        status = "failed" if found else "passed"
    return Outcome(example, status, found)


test_example.__test__ = False  # not a pytest test, whatever imports it
