"""Dismissing one finding: the two stored forms (a ``checker: dismiss`` comment, the front
matter's ``dismissed:`` list), read back by the pipeline, shown by the writers, written by
:func:`checker.api.dismiss`, and honoured by ``checker check`` and ``checker report``.

Most tests need no model: they read drafts with the real reader, blank and scope them with
the real :func:`checker.read.suppress.prepare`, and hand :func:`checker.read.suppress.split`
findings pointing at the figures. The CLI tests at the end run the whole pipeline.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from model_guard import model_fixture

from checker.api import Dismissed, dismiss
from checker.core.errors import InputError, InputWarning
from checker.core.model import Document, Evidence, Finding, Report
from checker.read.documents import read_bytes
from checker.read.quantities import extract_quantities
from checker.read.suppress import prepare, split
from checker.report.json import to_dict
from checker.report.markdown import render_markdown
from checker.report.text import render_text

RULES = ["conflict", "update", "agreement", "single-source", "title-mismatch"]
ROOT = Path(__file__).resolve().parents[1]
HOSTAGES = ROOT / "tests" / "fixtures" / "store" / "hostages.jsonl"


def read(text: str, name: str = "draft.md") -> tuple[Document, object]:
    """A draft read and prepared as the pipeline does it, with no warning allowed."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (doc,) = read_bytes(text.encode("utf-8"), name)
        return prepare(doc, RULES)


def finding(doc: Document, rule: str, figure: str, nth: int = 0) -> Finding:
    """A finding of ``rule`` whose evidence is the ``nth`` ``figure`` of the document."""
    at = -1
    for _ in range(nth + 1):
        at = doc.text.index(figure, at + 1)
    ev = Evidence(doc.id, at, at + len(figure), figure, claim=f"{doc.id}:{at}")
    return Finding(rule, rule if rule != "agreement" else "agree", "error", f"{rule} {figure}",
                   (ev,), {"value": figure})  # fmt: skip


def names(findings) -> list[tuple[str, str, int]]:
    return [(f.rule, f.evidence[0].text, f.evidence[0].start) for f in findings]


SENTENCE = "The toll rose to 98 on Monday, up from 90 a day earlier."
OTHER = "Officials later said 98 people had died."


# --------------------------------------------------------------------------- the comment form


def test_a_comment_dismisses_one_rule_about_one_figure_in_the_sentence_after_it():
    doc, sup = read(
        "---\ndate: 2024-05-02\n---\nIntro.\n"
        '<!-- checker: dismiss conflict "98" reason: the ministry\'s own count, checked -->\n'
        f"{SENTENCE} {OTHER}\n"
    )
    fs = [finding(doc, "conflict", "98"), finding(doc, "update", "98"),
          finding(doc, "conflict", "90"), finding(doc, "conflict", "98", nth=1)]  # fmt: skip
    kept, gone = split(fs, [sup])
    assert names(gone) == names(fs[:1])
    assert names(kept) == names(fs[1:])  # another rule, another figure, another sentence stay
    (d,) = gone
    assert d.details["dismissed"] == "the ministry's own count, checked"
    assert d.details["dismissal"] == {"doc": "draft", "figure": "98", "start": fs[0].evidence[0].start,
                                      "end": fs[0].evidence[0].end, "line": 5}  # fmt: skip
    assert d.details["value"] == "98"  # the rule's own details stay
    assert doc.dismissals[0].line == 5 and doc.dismissals[0].after is not None
    assert "checker" not in doc.text  # blanked: offsets and lines unchanged
    assert doc.line_of(doc.text.index("98")) == 6


def test_a_comment_reads_figures_with_words_and_escapes_and_a_reason_over_lines():
    doc, sup = read(
        '<!-- checker: dismiss update "2.3 million" reason: the census\n   revised it -->'
        "Some 2.3 million people were displaced, 2.3 more than said.\n"
    )
    (d,) = doc.dismissals
    assert (d.figure, d.reason) == ("2.3 million", "the census revised it")
    kept, gone = split([finding(doc, "update", "2.3 million"), finding(doc, "update", "2.3", 1)],
                       [sup])  # fmt: skip
    assert names(gone) == names([finding(doc, "update", "2.3 million")]) and len(kept) == 1
    doc, _ = read('<!-- checker: dismiss update "10\\u002d-12" reason: x -->Between 10--12 died.\n')
    assert doc.dismissals[0].figure == "10--12"


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ('<!-- checker: dismiss conflict "98" reason:   -->', "a dismissal needs a reason"),
        ('<!-- checker: dismiss conflict "98" -->', "a dismissal needs a reason"),
        ("<!-- checker: dismiss conflict 98 reason: ok -->", "cannot read the dismissal"),
        ('<!-- checker: dismiss confict "98" reason: ok -->', "did you mean 'conflict'?"),
        ('<!-- checker: dismiss conflict "9\\q" reason: ok -->', "bad escape"),
    ],
)
def test_a_bad_comment_is_one_line_naming_file_and_line(comment, message):
    with pytest.raises(InputError) as err:
        read(f"Intro.\n\n{comment}\n{SENTENCE}\n", "notes/draft.md")
    text = str(err.value)
    assert text.startswith("notes/draft.md:3: ") and message in text and "\n" not in text


def test_a_stale_comment_warns_naming_file_and_line_and_dismisses_nothing():
    (doc,) = read_bytes(
        f'Intro.\n<!-- checker: dismiss conflict "97" reason: checked -->\n{SENTENCE}\n'.encode(),
        "d.md",
    )
    with pytest.warns(InputWarning, match=r"^d\.md:2: dismissal of conflict \"97\": the figure "
                      r"is not in the sentence after the comment; it dismisses nothing$"):  # fmt: skip
        doc, sup = prepare(doc, RULES)
    kept, gone = split([finding(doc, "conflict", "98")], [sup])
    assert gone == [] and len(kept) == 1


# --------------------------------------------------------------------------- the front matter


FRONT = """---
title: Toll
dismissed:
  - rule: conflict
    figure: "98"
    reason: "the ministry's own count"
    context: rose to 98
  - {rule: update, figure: "90", reason: "an older count, kept on purpose"}
---
"""


@pytest.mark.parametrize("name", ["draft.txt", "draft.md"])
def test_front_matter_dismisses_one_rule_about_one_figure_where_the_context_is(name):
    doc, sup = read(FRONT + f"Intro. {SENTENCE} {OTHER}\n", name)
    assert [(d.rule, d.figure, d.context, d.line) for d in doc.dismissals] == [
        ("conflict", "98", "rose to 98", 4),
        ("update", "90", None, 8),
    ]
    fs = [finding(doc, "conflict", "98"), finding(doc, "update", "98"),
          finding(doc, "conflict", "90"), finding(doc, "conflict", "98", nth=1),
          finding(doc, "update", "90")]  # fmt: skip
    kept, gone = split(fs, [sup])
    assert names(gone) == names([fs[0], fs[4]])
    assert [f.details["dismissed"] for f in gone] == [
        "the ministry's own count",
        "an older count, kept on purpose",
    ]


@pytest.mark.parametrize(
    ("entry", "line", "message"),
    [
        ("dismissed: conflict", 2, "field 'dismissed' must be a list of {rule, figure, reason} "
                                   "mappings, not a string"),  # fmt: skip
        ("dismissed:\n  - conflict", 3, "field 'dismissed[0]' must be a mapping"),
        ('dismissed:\n  - {rule: conflict, figure: 98, reason: "x"}', 3,
         "field 'dismissed[0].figure' must be a string (quote it: \"98\"), not a number"),
        ('dismissed:\n  - rule: conflict\n    figure: "98"\n    reason: ""', 5,
         "field 'dismissed[0].reason' is empty: a dismissal needs a reason"),
        ('dismissed:\n  - rule: conflict\n    figure: "98"', 3,
         "field 'dismissed[0].reason' is missing: a dismissal needs a reason"),
        ('dismissed:\n  - {rule: conflict, figure: "98", reason: x}\n  - {rule: [a], figure: '
         '"9", reason: x}', 4, "field 'dismissed[1].rule' must be a string, not a list"),
        ('dismissed:\n  - rule: conflict\n    figure: "98"\n    reason: x\n    reasn: y', 6,
         "unknown key 'reasn' (did you mean 'reason'?)"),
        ('dismissed:\n  - {rule: confict, figure: "98", reason: x}', 3,
         "dismissal names unknown rule 'confict' (did you mean 'conflict'?)"),
    ],
)  # fmt: skip
def test_bad_front_matter_is_one_line_naming_file_line_and_field(entry, line, message):
    with pytest.raises(InputError) as err:
        read(f"---\n{entry}\n---\n{SENTENCE}\n", "in/draft.txt")
    text = str(err.value)
    assert text.startswith(f"in/draft.txt:{line}: ") and message in text and "\n" not in text


def test_a_front_matter_dismissal_nowhere_in_the_text_warns():
    text = '---\ndismissed:\n  - {rule: conflict, figure: "98", reason: x, context: fell to}\n---\n'
    (doc,) = read_bytes((text + SENTENCE + "\n").encode(), "d.txt")
    with pytest.warns(InputWarning, match=r"^d\.txt:3: .*no sentence holds the figure and 'fell"):
        prepare(doc, RULES)


# --------------------------------------------------------------------------- the reports


def dismissed_report() -> Report:
    draft = (
        "Intro.\n"
        '<!-- checker: dismiss conflict "98" reason: *checked* <b>with</b> `the` ministry -->\n'
        f"{SENTENCE}\n"
        '<!-- checker: ignore update -->The count was 90 then.\n'
    )  # fmt: skip
    doc, sup = read(draft)
    fs = [finding(doc, "conflict", "98"), finding(doc, "update", "90", nth=1),
          finding(doc, "conflict", "90")]  # fmt: skip
    kept, gone = split(fs, [sup])
    return Report(documents=(doc,), claims=(), matches=(), findings=tuple(kept), model="m",
                  suppressed=tuple(gone))  # fmt: skip


def test_text_and_markdown_count_dismissed_findings_apart_with_their_reasons():
    report = dismissed_report()
    text = render_text(report)
    assert "1 finding suppressed by inline comments (update 1)\n" in text
    assert "1 finding dismissed with a reason (conflict 1):\n" in text
    assert '  draft:3: conflict "98": *checked* <b>with</b> `the` ministry\n' in text
    md = render_markdown(report)
    assert "1 finding dismissed with a reason (conflict 1):" in md
    assert (
        "- draft:3: `conflict` **98**: \\*checked\\* &lt;b&gt;with&lt;/b&gt; \\`the\\` ministry"
        in md
    )


def test_json_lists_each_dismissed_finding_with_rule_figure_reason_and_line():
    data = to_dict(dismissed_report())
    assert data["summary"]["suppressed"] == 2  # kept: ignored and dismissed together
    assert data["summary"]["suppressed_by_rule"] == {"conflict": 1, "update": 1}
    assert data["summary"]["dismissed"] == 1
    assert list(data)[list(data).index("findings") + 1] == "dismissed"
    (d,) = data["dismissed"]
    assert {k: d[k] for k in ("rule", "figure", "reason", "line", "dismissal_line", "doc")} == {
        "rule": "conflict", "figure": "98", "reason": "*checked* <b>with</b> `the` ministry",
        "line": 3, "dismissal_line": 2, "doc": "draft",
    }  # fmt: skip
    assert d["evidence"][0]["text"] == "98" and d["details"]["dismissed"] == d["reason"]
    json.dumps(data, allow_nan=False)


# --------------------------------------------------------------------------- api.dismiss


DRAFT_BODY = (
    "Officials said 1,300 people were killed in the attack. The army said Hamas is holding "
    "242 hostages, up from 199. About 20 trucks of aid entered Gaza.\n"
    "The ministry counted 98 dead and 2.3 million displaced.\n"
)
PREFIXES = {
    "draft.md": ["", "---\ntitle: Toll\n---\n"],
    "draft.txt": [
        "",
        "---\ntitle: Toll\n---\n",
        "---\ntitle: Toll\ndismissed:\n  - rule: update\n    figure: \"98\"\n    reason: old\n"
        "url: https://example.org/a\n---\n",
        "---\r\ndismissed: []\r\n---\r\n",
    ],
}  # fmt: skip
FIGURES = [q for q in extract_quantities(DRAFT_BODY) if DRAFT_BODY.count(q.text) == 1]


def _expected_reason(reason: str, markdown: bool) -> str:
    kept = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in reason)
    flat = " ".join(kept.split())
    return re.sub(r"-(?=-)", "- ", flat) if markdown else flat


def test_the_sample_draft_has_figures_to_dismiss():
    assert len(FIGURES) >= 5, [q.text for q in FIGURES]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(PREFIXES)),
    which=st.integers(min_value=0, max_value=10),
    figure=st.sampled_from(FIGURES),
    reason=st.text(min_size=1).filter(lambda r: _expected_reason(r, True).strip()),
)
def test_dismiss_then_read_back_covers_exactly_that_finding_and_undoes(name, which, figure, reason):
    prefix = PREFIXES[name][which % len(PREFIXES[name])]
    text = prefix + DRAFT_BODY
    start = len(prefix) + figure.start
    out = dismiss(text, name, rule="conflict", start=start, end=start + len(figure.text),
                  reason=reason)  # fmt: skip
    assert isinstance(out, Dismissed)
    assert out.text[out.at : out.at + len(out.inserted)] == out.inserted
    assert out.text[: out.at] + out.text[out.at + len(out.inserted) :] == text
    doc, sup = read(out.text, name)
    mine = [d for d in doc.dismissals if d.rule == "conflict"]
    assert len(mine) == 1 and mine[0].figure == figure.text
    assert mine[0].reason == _expected_reason(reason, name.endswith(".md"))
    fs = [finding(doc, rule, q.text) for q in FIGURES for rule in ("conflict", "update")]
    kept, gone = split(fs, [sup])
    covered = {(f.rule, f.evidence[0].text) for f in gone}
    expected = {("conflict", figure.text)} | ({("update", "98")} if "old" in prefix else set())
    assert covered == expected
    assert len(kept) + len(gone) == len(fs)


def test_dismiss_writes_the_forms_the_docs_show():
    text = f"Intro. {SENTENCE}\n"
    at = text.index("98")
    md = dismiss(text, "a.md", rule="conflict", start=at, end=at + 2, reason="checked -->\nok")
    assert md.at == text.index("The toll")
    assert md.inserted == '<!-- checker: dismiss conflict "98" reason: checked - -> ok --> '
    txt = dismiss(text, "a.txt", rule="conflict", start=at, end=at + 2, reason='a "b"\n---')
    assert (txt.at, txt.inserted) == (0, '---\ndismissed:\n  - {rule: "conflict", figure: "98", '
                                         'reason: "a \\"b\\" ---", context: "rose to 98 on '
                                         'Monday,"}\n---\n')  # fmt: skip


@pytest.mark.parametrize(
    ("name", "span", "reason", "message"),
    [
        ("a.md", (0, 0), "x", "no figure at 0-0"),
        ("a.md", "98", " \n ", "a dismissal needs a reason"),
        ("a.md", (3, 7), "x", "the span is in the front matter"),
        ("a.md", " 98", "x", "is not one figure as written"),
        ("a.md", "Intro. The", "x", "not inside one sentence"),
        ("a.html", "98", "x", "a dismissal is written into a .md, .markdown or .txt draft"),
        ("a.txt", "98", "x", "is not a rule id"),
    ],
)  # fmt: skip
def test_what_cannot_be_dismissed_is_one_line_naming_the_file(name, span, reason, message):
    text = f"---\ntitle: x\n---\nIntro. {SENTENCE}\n"
    if isinstance(span, str):
        start = text.index(span)
        span = (start, start + len(span))
    rule = "con flict" if "rule id" in message else "conflict"
    with pytest.raises(InputError) as err:
        dismiss(text, name, rule=rule, start=span[0], end=span[1], reason=reason)
    assert str(err.value).startswith(f"{name}") and message in str(err.value)
    assert "\n" not in str(err.value)


# --------------------------------------------------------------------------- the commands


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600)  # fmt: skip


@model_fixture(scope="module")
def hostages_store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dismiss-store")
    proc = _cli("index", str(HOSTAGES), "--store", "s.sqlite", cwd=root)
    assert proc.returncode == 0, proc.stderr
    return root / "s.sqlite"


CHECKED = (
    "Israel said Hamas is holding 250 hostages in Gaza. About 20 trucks of aid entered Gaza.\n"
)


@pytest.mark.parametrize(
    ("name", "dismissal"),
    [
        ("draft.md", '<!-- checker: dismiss conflict "250" reason: our own source, confirmed -->'),
        (
            "draft.txt",
            'dismissed:\n  - {rule: conflict, figure: "250", reason: "our own source, '
            'confirmed", context: holding 250 hostages}\n',
        ),  # fmt: skip
    ],
)
def test_check_honours_a_dismissal_and_its_exit_code_follows(hostages_store, tmp_path, name,
                                                              dismissal):  # fmt: skip
    def run(front: str, before: str) -> tuple[int, dict]:
        (tmp_path / name).write_text(f"---\ndate: 2023-11-06\n{front}---\n{before}{CHECKED}",
                                     encoding="utf-8")  # fmt: skip
        proc = _cli("check", name, "--store", str(hostages_store), "--format", "json",
                    "--no-history", cwd=tmp_path)  # fmt: skip
        assert proc.returncode in (0, 1), proc.stderr
        return proc.returncode, json.loads(proc.stdout)

    code, data = run("", "")
    assert code == 1 and ("conflict", "250") in _rule_figures(data["findings"])
    front, before = (dismissal, "") if name.endswith(".txt") else ("", dismissal + "\n")
    code, data = run(front, before)
    assert code == 0, data["findings"]
    assert ("conflict", "250") not in _rule_figures(data["findings"])
    assert ("single-source", "About 20") in _rule_figures(data["findings"])  # the others stay
    (d,) = data["dismissed"]
    assert (d["rule"], d["figure"], d["reason"]) == ("conflict", "250", "our own source, confirmed")
    assert d["line"] == (5 if name.endswith(".md") else 6) and data["summary"]["dismissed"] == 1
    # a dismissal of another rule about the same figure silences nothing
    code, data = run(front.replace("conflict", "update"), before.replace("conflict", "update"))
    assert code == 1 and "dismissed" not in data


def _rule_figures(findings: list[dict]) -> set[tuple[str, str]]:
    return {(f["rule"], e["text"]) for f in findings for e in f["evidence"] if e["doc"] == "draft"}


@pytest.mark.model
def test_report_shows_the_reason_and_a_bad_dismissal_stops_it(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ndate: 2024-09-25\n---\n"
        '<!-- checker: dismiss update "80" reason: the later count is for one town only -->\n'
        "80 people were killed in the strikes.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text(
        "---\ndate: 2024-09-27\n---\n51 people were killed in the strikes.\n", encoding="utf-8"
    )
    proc = _cli("report", ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 finding dismissed with a reason (update 1):" in proc.stdout
    assert 'a:5: update "80": the later count is for one town only' in proc.stdout
    (tmp_path / "a.md").write_text('<!-- checker: dismiss update "80" reason: -->\n80 people.\n',
                                   encoding="utf-8")  # fmt: skip
    proc = _cli("report", ".", cwd=tmp_path)
    (line,) = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and "a.md:1: a dismissal needs a reason" in line
