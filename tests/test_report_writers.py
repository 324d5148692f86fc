"""Report writers: the JSON contract, grouping, highlighting and escaping of hostile text."""

from __future__ import annotations

import datetime as dt
import json
import math
import re

import pytest

from checker.core.model import (
    INF,
    LEVELS,
    VERDICTS,
    Claim,
    Document,
    Evidence,
    Finding,
    Quantity,
    Report,
    Sentence,
)
from checker.report import FORMATS, render, to_dict
from checker.report.text import render_text

HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x1b[31m"


def _doc(doc_id: str, sentences: list[str], **meta) -> Document:
    text = " ".join(sentences)
    out, pos = [], 0
    for i, s in enumerate(sentences):
        out.append(Sentence(index=i, start=pos, end=pos + len(s), text=s))
        pos += len(s) + 1
    return Document(id=doc_id, text=text, sentences=tuple(out), **meta)


def _claim(doc: Document, claim_id: str, span: str, *, nth: int = 0, **q) -> Claim:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(span, start + 1)
    end = start + len(span)
    sent = next(s for s in doc.sentences if s.start <= start < s.end)
    value = q.pop("value")
    quantity = Quantity(
        text=span,
        start=start,
        end=end,
        value=value,
        low=q.pop("low", value),
        high=q.pop("high", value),
        **{k: v for k, v in q.items() if k not in ("subject", "event")},
    )
    return Claim(
        id=claim_id,
        doc=doc.id,
        sentence=sent.index,
        quantity=quantity,
        subject=q.get("subject", "people killed"),
        event=q.get("event", "blast"),
        key_text=sent.text.replace(span, "<NUM>"),
        entities=("Kabul",),
        sentence_text=sent.text,
        sentence_start=sent.start,
    )


def _ev(claim: Claim) -> Evidence:
    return Evidence(
        doc=claim.doc, start=claim.start, end=claim.end, text=claim.quantity.text, claim=claim.id
    )


def _span_ev(doc: Document, span: str) -> Evidence:
    start = doc.text.index(span)
    return Evidence(doc=doc.id, start=start, end=start + len(span), text=span)


def make_report() -> Report:
    d0 = _doc(
        "doc0",
        ["Officials said 51 people died in the blast in Kabul.", "At least 200 were injured."],
        path="in/doc0.txt",
        date=dt.date(2024, 3, 1),
        outlet="Le Monde (MT)",
        language="fr",
        title="Blast in Kabul",
        url="https://example.org/a",
    )
    d1 = _doc(
        "doc1",
        [
            "Police said 60 people died in the blast on Tuesday.",
            "The *ministry* | said 7.500 homes were damaged <script>alert(1)</script>.",
        ],
        outlet="Daily | *Star*",
        title="Toll | rises <b>",
    )
    d2 = _doc(
        "doc2",
        [
            f"Hostile {HOSTILE}wire copy said 51 people were killed.",
            "Some 12 *schools* were closed.",
        ],
        date=dt.date(2024, 3, 2),
    )
    c0 = _claim(d0, "c0", "51", value=51.0)
    c1 = _claim(d1, "c1", "60", value=60.0)
    c2 = _claim(
        d0,
        "c2",
        "At least 200",
        value=200.0,
        high=INF,
        approx="lower_bound",
        subject="people injured",
    )
    c3 = _claim(
        d1,
        "c3",
        "7.500",
        value=7.5,
        readings=(7.5, 7500.0),
        notes=("continental-separator",),
        subject="homes damaged",
    )
    c4 = _claim(d2, "c4", "51", value=51.0)
    c5 = _claim(
        d2,
        "c5",
        "12 *schools*",
        value=12.0,
        approx="approximate",
        low=10.8,
        high=13.2,
        subject="schools closed",
    )
    findings = (
        Finding(
            rule="numbers.conflict-minor",
            verdict="conflict",
            level="warning",
            message="Minor disagreement",
            evidence=(_ev(c0),),
        ),
        Finding(
            rule="agree.same-figure",
            verdict="agree",
            level="info",
            message="doc0 and doc2 agree on 51",
            evidence=(_ev(c0), _ev(c4)),
        ),
        Finding(
            rule="numbers.conflict",
            verdict="conflict",
            level="error",
            message="Death toll disagrees: 51 vs 60",
            evidence=(_ev(c0), _ev(c1)),
            details={
                "values": (51.0, 60.0),
                "interval": (200.0, INF),
                "nan": float("nan"),
                "dates": {dt.date(2024, 3, 2), dt.date(2024, 3, 1)},
                "when": dt.date(2024, 3, 1),
                "tags": {"b", "a"},
                "similarity": 0.91,
            },
        ),
        Finding(
            rule="single-source",
            verdict="single-source",
            level="info",
            message="Only one outlet reports this",
            evidence=(_ev(c5),),
        ),
        Finding(
            rule="artefact.separator",
            verdict="artefact",
            level="warning",
            message="7.500 may be 7.5 or 7,500 (continental separator)",
            # no claim id: the writer must find the sentence in the document
            evidence=(_span_ev(d1, "7.500"),),
            details={"readings": [7.5, 7500.0]},
        ),
    )
    return Report(
        documents=(d0, d1, d2),
        claims=(c0, c1, c2, c3, c4, c5),
        matches=(),
        findings=findings,
        model="all-MiniLM-L6-v2",
        rules=("numbers.conflict", "agree.same-figure", "single-source", "artefact.separator"),
        flags={"doc0": ["machine-translated", "auto-dated"]},
        timings={"extract": 0.12, "embed": 1.5},
    )


@pytest.fixture(scope="module")
def report() -> Report:
    return make_report()


@pytest.fixture(scope="module")
def data(report: Report) -> dict:
    return to_dict(report)


# --------------------------------------------------------------------------- JSON


def test_json_top_level_keys_and_checker(data: dict, report: Report) -> None:
    assert list(data) == [
        "checker",
        "summary",
        "notes",
        "stories",
        "documents",
        "claims",
        "findings",
        "timings",
    ]
    assert set(data["checker"]) == {"version", "model", "rules"}
    assert isinstance(data["checker"]["version"], str)
    assert data["checker"]["model"] == "all-MiniLM-L6-v2"
    assert data["checker"]["rules"] == list(report.rules)
    assert data["timings"] == {"extract": 0.12, "embed": 1.5}


def test_json_summary(data: dict) -> None:
    s = data["summary"]
    assert set(s) == {"documents", "claims", "findings", "by_verdict", "by_level", "worst_level"}
    assert (s["documents"], s["claims"], s["findings"]) == (3, 6, 5)
    assert list(s["by_verdict"]) == list(VERDICTS)
    assert s["by_verdict"] == {
        "agree": 1,
        "conflict": 2,
        "update": 0,
        "artefact": 1,
        "single-source": 1,
    }
    assert list(s["by_level"]) == list(LEVELS)
    assert s["by_level"] == {"info": 2, "warning": 2, "error": 1}
    assert s["worst_level"] == "error"


def test_json_empty_report_worst_level_is_null() -> None:
    empty = Report(documents=(), claims=(), matches=(), findings=(), model="m")
    d = to_dict(empty)
    assert d["summary"]["worst_level"] is None
    assert d["summary"]["by_verdict"] == {v: 0 for v in VERDICTS}
    json.loads(render(empty, "json"))


def test_json_documents(data: dict) -> None:
    docs = data["documents"]
    assert [d["id"] for d in docs] == ["doc0", "doc1", "doc2"]
    for d in docs:
        assert set(d) == {"id", "path", "date", "outlet", "language", "title", "url",
                          "translation_of", "flags"}  # fmt: skip
        assert isinstance(d["flags"], list)
    assert docs[0]["date"] == "2024-03-01"
    assert docs[0]["path"] == "in/doc0.txt"
    assert docs[0]["flags"] == ["auto-dated", "machine-translated"]
    assert docs[1]["date"] is None
    assert docs[1]["flags"] == []
    assert docs[1]["url"] is None


CLAIM_TYPES = {
    "id": str,
    "doc": str,
    "sentence": int,
    "start": int,
    "end": int,
    "text": str,
    "low_open": bool,
    "high_open": bool,
    "kind": str,
    "approx": str,
    "subject": str,
    "entities": list,
    "negated": bool,
    "hedged": bool,
    "key_text": str,
    "readings": list,
    "notes": list,
    "role": str,
    "head": str,
    "predicate": str,
    "agent": str,
    "modifiers": list,
    "places": list,
    "times": list,
    "purpose": str,
}


def test_json_claims_keys_and_types(data: dict, report: Report) -> None:
    docs = {d.id: d for d in report.documents}
    for c in data["claims"]:
        assert set(c) == set(CLAIM_TYPES) | {
            "value",
            "low",
            "high",
            "unit",
            "per",
            "direction",
            "event",
        }
        for key, typ in CLAIM_TYPES.items():
            assert isinstance(c[key], typ), key
        for key in ("value", "low", "high"):
            assert c[key] is None or isinstance(c[key], int | float)
        assert docs[c["doc"]].text[c["start"] : c["end"]] == c["text"]


def test_json_numbers_inf_null_and_integral_ints(data: dict) -> None:
    by_id = {c["id"]: c for c in data["claims"]}
    assert by_id["c2"]["low"] == 200 and type(by_id["c2"]["low"]) is int
    assert by_id["c2"]["high"] is None
    assert type(by_id["c0"]["value"]) is int
    assert by_id["c3"]["value"] == 7.5
    assert by_id["c3"]["readings"] == [7.5, 7500]
    assert by_id["c3"]["notes"] == ["continental-separator"]
    assert by_id["c5"]["low"] == 10.8


def test_json_findings_and_evidence_slices(data: dict, report: Report) -> None:
    docs = {d.id: d for d in report.documents}
    assert len(data["findings"]) == 5
    for f in data["findings"]:
        assert set(f) == {"rule", "verdict", "level", "message", "evidence", "details"}
        assert f["verdict"] in VERDICTS and f["level"] in LEVELS
        assert isinstance(f["details"], dict)
        for ev in f["evidence"]:
            assert set(ev) == {"doc", "start", "end", "text", "claim"}
            assert docs[ev["doc"]].text[ev["start"] : ev["end"]] == ev["text"]
    conflict = next(f for f in data["findings"] if f["rule"] == "numbers.conflict")
    assert [e["claim"] for e in conflict["evidence"]] == ["c0", "c1"]
    artefact = next(f for f in data["findings"] if f["verdict"] == "artefact")
    assert artefact["evidence"][0]["claim"] is None


def test_json_details_made_safe(data: dict) -> None:
    details = next(f for f in data["findings"] if f["rule"] == "numbers.conflict")["details"]
    assert details["values"] == [51.0, 60.0]
    assert details["interval"] == [200.0, None]
    assert details["nan"] is None
    assert details["dates"] == ["2024-03-01", "2024-03-02"]
    assert details["when"] == "2024-03-01"
    assert details["tags"] == ["a", "b"]
    assert details["similarity"] == 0.91


def test_json_text_has_no_nan_or_infinity(report: Report) -> None:
    out = render(report, "json")

    def refuse(name: str) -> None:
        raise AssertionError(f"non-finite constant {name} in JSON")

    parsed = json.loads(out, parse_constant=refuse)
    assert parsed == to_dict(report)
    assert "NaN" not in out and "Infinity" not in out
    assert "<script>" in out  # JSON carries text verbatim; escaping is the consumer's job
    assert out.startswith('{\n  "checker"')  # indent=2


# --------------------------------------------------------------------------- text


def _group_positions(out: str) -> list[int]:
    return [
        out.index(f"\n{v.upper()} (") for v in ("conflict", "artefact", "agree", "single-source")
    ]


def test_text_header_and_documents(report: Report) -> None:
    out = render(report, "text")
    head = out.split("\n\n")[0]
    assert "3 documents" in head and "6 claims" in head and "5 findings" in head
    assert "all-MiniLM-L6-v2" in head
    assert "conflict 2" in head and "update 0" in head
    doc0 = next(line for line in out.splitlines() if line.strip().startswith("doc0 "))
    assert "2024-03-01" in doc0 and "machine-translated" in doc0 and "fr" in doc0
    doc1 = next(line for line in out.splitlines() if line.strip().startswith("doc1 "))
    assert "undated" in doc1


def test_text_groups_in_order_and_errors_first(report: Report) -> None:
    out = render(report, "text")
    positions = _group_positions(out)
    assert positions == sorted(positions)
    assert "\nUPDATE (" not in out  # empty groups are not shown
    assert out.index("[error] numbers.conflict:") < out.index("[warning] numbers.conflict-minor:")
    last = out.rstrip("\n").splitlines()[-1]
    assert last.startswith("2 conflicts, 1 artefact, 0 updates, 1 agreement")
    assert last.endswith("worst level: error")


def test_text_highlights_evidence_in_sentence(report: Report) -> None:
    out = render(report, "text", color=False)
    assert "doc0:1: Officials said [[51]] people died in the blast in Kabul." in out
    assert "doc1:1: Police said [[60]] people died in the blast on Tuesday." in out
    # evidence without a claim id: the sentence comes from the document
    assert "The *ministry* | said [[7.500]] homes were damaged" in out
    # single-source: compact, one line
    assert 'doc2:1: "12 *schools*" — schools closed' in out
    assert "\x1b" not in out


def test_text_color_uses_ansi_bold_yellow(report: Report) -> None:
    out = render(report, "text", color=True)
    assert "\x1b[1;33m51\x1b[0m" in out
    assert "[[" not in out


@pytest.mark.parametrize("color", [False, True])
def test_text_neutralises_ansi_from_articles(report: Report, color: bool) -> None:
    out = render_text(report, color=color)
    assert "pwned" not in out  # the OSC title payload is dropped with its sequence
    assert "\x07" not in out
    ours = re.sub(r"\x1b\[(?:0|1|2|33|36|1;31|1;33)m", "", out)
    assert "\x1b" not in ours
    assert "[2J" not in out and "[31m" not in out
    assert "Hostile wire copy said [[51]]" in out or color


def test_text_escapes_lone_controls() -> None:
    d = _doc("d", ["Bell \x07 and lone \x1b and \u202eevil text 5 here."])
    c = _claim(d, "c", "5", value=5.0)
    r = Report(
        documents=(d,),
        claims=(c,),
        matches=(),
        findings=(Finding("r", "conflict", "error", "m\x1b[31m", (_ev(c),)),),
        model="m",
    )
    out = render(r, "text")
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x07" in out and "\\u202e" in out


def test_text_single_source_cap() -> None:
    d = _doc("d", [f"Item {i} counted {i + 100} things." for i in range(40)])
    claims = [_claim(d, f"c{i}", str(i + 100), value=float(i + 100)) for i in range(40)]
    findings = tuple(Finding("ss", "single-source", "info", "only here", (_ev(c),)) for c in claims)
    r = Report(documents=(d,), claims=tuple(claims), matches=(), findings=findings, model="m")
    out = render(r, "text", single_source_limit=5)
    block = out.split("SINGLE-SOURCE (40)\n")[1].split("\n\n")[0].splitlines()
    assert len(block) == 6
    assert block[-1].strip() == "… and 35 more"
    assert "… and 10 more" in render(r, "text")  # default cap 30


def test_text_long_sentence_elided_span_kept() -> None:
    sentence = "Lorem ipsum " * 150 + "exactly 4242 units " + "dolor sit amet " * 150 + "end."
    d = _doc("d", [sentence])
    c = _claim(d, "c", "4242", value=4242.0)
    r = Report((d,), (c,), (), (Finding("r", "conflict", "error", "m", (_ev(c),)),), "m")
    line = next(x for x in render(r, "text").splitlines() if "[[4242]]" in x)
    assert len(line) < 300
    assert "…" in line
    assert "exactly [[4242]] units" in line  # the words next to the span keep their spaces
    assert line.endswith("sit amet end.")  # and so does the sentence end
    assert line.strip().startswith("d:1: Lorem ipsum")  # the sentence start survives


def test_text_fallbacks_without_sentences_or_document() -> None:
    text = "x" * 100 + " the figure 77 appears " + "y" * 100
    d = Document(id="d", text=text)  # no sentences
    start = text.index("77")
    inside = Evidence("d", start, start + 2, "77")
    missing = Evidence("ghost", 0, 3, "abc")
    r = Report((d,), (), (), (Finding("r", "update", "info", "m", (inside, missing)),), "m")
    out = render(r, "text")
    line = next(x for x in out.splitlines() if "[[77]]" in x)
    assert line.strip().startswith("d:1: …x") and line.endswith("y…")
    assert "ghost: [[abc]]" in out
    assert "\nUPDATE (1)" in out


# --------------------------------------------------------------------------- markdown


def test_markdown_structure_and_escaping(report: Report) -> None:
    out = render(report, "markdown")
    assert out.startswith("# Consistency report\n")
    assert "| conflict | 2 |" in out
    assert "## Conflicts (2)" in out and "## Single-source claims (1)" in out
    assert out.index("## Conflicts") < out.index("## Artefacts") < out.index("## Agreements")
    # the span is bold, the article's * and | are escaped
    assert "**12 \\*schools\\***" in out
    assert "The \\*ministry\\* \\| said **7.500** homes" in out
    assert "*ministry*" not in out.replace("\\*ministry\\*", "")
    assert "| Daily \\| \\*Star\\* |" in out
    assert "Toll \\| rises &lt;b&gt;" in out
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "- **error** `numbers.conflict` Death toll disagrees: 51 vs 60" in out
    assert "  > **doc0**, line 1: Officials said **51** people died" in out
    assert "\x1b" not in out


def test_markdown_line_start_markers_escaped() -> None:
    from checker.report.markdown import md_escape

    assert md_escape("# heading") == "\\# heading"
    assert md_escape("- item") == "\\- item"
    assert md_escape("1. item") == "1\\. item"
    assert md_escape("a # b") == "a # b"
    assert md_escape("[x](javascript:1)") == "\\[x\\](javascript:1)"
    assert md_escape("<img src=x>") == "&lt;img src=x&gt;"


# --------------------------------------------------------------------------- html


def test_html_escapes_script_and_is_self_contained(report: Report) -> None:
    out = render(report, "html")
    assert out.startswith("<!DOCTYPE html>")
    assert "<script" not in out.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "Toll | rises &lt;b&gt;" in out
    assert "<mark>51</mark>" in out
    assert '<span class="badge badge-error">error</span>' in out
    assert "<style>" in out
    assert not re.search(r"""(?:src|href)=["']?(?:https?:|//)""", out)
    assert "<link" not in out
    assert "\x1b" not in out and "pwned" not in out
    assert out.index('id="verdict-conflict"') < out.index('id="verdict-artefact"')
    assert out.index('id="verdict-artefact"') < out.index('id="verdict-agree"')
    assert out.index('id="verdict-agree"') < out.index('id="verdict-single-source"')
    assert "machine-translated" in out


# --------------------------------------------------------------------------- dispatch


def test_render_every_format(report: Report) -> None:
    assert FORMATS == ("text", "markdown", "json", "html")
    for fmt in FORMATS:
        out = render(report, fmt)
        assert isinstance(out, str) and out.endswith("\n")


def test_unknown_format_raises(report: Report) -> None:
    with pytest.raises(ValueError) as exc:
        render(report, "pdf")
    msg = str(exc.value)
    assert "pdf" in msg
    for fmt in FORMATS:
        assert fmt in msg


def test_no_non_finite_in_any_claim_number(data: dict) -> None:
    for c in data["claims"]:
        for key in ("value", "low", "high"):
            assert c[key] is None or math.isfinite(c[key])


def test_the_cli_offers_every_registered_writer_and_render_uses_the_registry(monkeypatch):
    from checker import report
    from checker.cli.app import Format

    assert [f.value for f in Format] == list(report.WRITERS)
    assert set(report.FORMATS + report.ANNOTATION_FORMATS) == set(report.WRITERS)
    monkeypatch.setitem(report.WRITERS, "csv", lambda r, *, color=False: f"{len(r.findings)}")
    assert report.render(Report((), (), (), (), "m"), "csv") == "0"
    with pytest.raises(ValueError, match="valid formats: text, markdown, json, html, github, csv"):
        report.render(Report((), (), (), (), "m"), "xml")
