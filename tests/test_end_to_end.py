"""The seeds, end to end: what an editor must see in the report, through the API and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SEEDS
from model_guard import model_fixture


def _doc(report, prefix):
    return next(d for d in report.documents if d.id.startswith(prefix))


def _claims(report, prefix, predicate):
    doc = _doc(report, prefix)
    return [c for c in report.claims if c.doc == doc.id and predicate(c)]


def _finding_between(report, a, b):
    return [
        f for f in report.findings
        if {e.claim for e in f.evidence} >= {a.id, b.id}
    ]  # fmt: skip


@pytest.mark.model
def test_torch_is_the_cpu_build():
    import torch

    assert torch.__version__.endswith("+cpu"), torch.__version__


def test_gaza_population_matched_across_articles_and_not_a_conflict(seeds_report):
    (a,) = _claims(seeds_report, "000", lambda c: c.quantity.value == 2_300_000)
    (b,) = _claims(seeds_report, "001", lambda c: c.quantity.value == 2_300_000)
    assert a.quantity.approx == "approximate" and b.quantity.approx == "exact"
    found = _finding_between(seeds_report, a, b)
    assert [f.verdict for f in found] == ["agree"], found


def test_blinken_eleventh_visit_and_trip_agree(seeds_report):
    (visit,) = _claims(
        seeds_report, "001", lambda c: c.kind == "ordinal" and c.quantity.value == 11
    )
    (trip,) = _claims(seeds_report, "003", lambda c: c.kind == "ordinal" and c.quantity.value == 11)
    found = _finding_between(seeds_report, visit, trip)
    assert [f.verdict for f in found] == ["agree"], found


def test_killed_not_confused_with_injured_nor_in_conflict_with_hundreds(seeds_report):
    (killed,) = _claims(seeds_report, "002", lambda c: c.quantity.value == 51)
    (injured,) = _claims(seeds_report, "002", lambda c: c.quantity.value == 220)
    assert killed.quantity.approx == "lower_bound" and injured.quantity.approx == "lower_bound"
    assert killed.event == "kill" and injured.event == "injure"
    assert not _finding_between(seeds_report, killed, injured)
    hundreds = _claims(seeds_report, "000", lambda c: c.quantity.text.lower() == "hundreds")
    assert hundreds
    for h in hundreds:
        for f in _finding_between(seeds_report, killed, h):
            assert f.verdict != "conflict", f


def test_machine_translated_article_is_flagged_with_its_title_artefact(seeds_report):
    mt = _doc(seeds_report, "000")
    assert seeds_report.flags.get(mt.id) == ["machine-translated"]
    others = [d.id for d in seeds_report.documents if d.id != mt.id]
    assert not any(seeds_report.flags.get(d) for d in others)
    titles = [f for f in seeds_report.findings if f.rule == "title-mismatch"]
    assert len(titles) == 1
    texts = {(e.doc, e.text) for e in titles[0].evidence}
    assert (mt.id, "Foreign Minister Blinken") in texts
    assert any("Secretary of State" in t for _, t in texts)


def test_no_error_level_conflict_in_seeds(seeds_report):
    # The seeds carry no dates: figures that move (2nd vs 11th visit) are warnings, not errors.
    assert [f for f in seeds_report.findings if f.level == "error"] == []


def test_every_evidence_span_quotes_its_document(seeds_report):
    texts = {d.id: d.text for d in seeds_report.documents}
    assert seeds_report.findings
    for f in seeds_report.findings:
        for e in f.evidence:
            assert texts[e.doc][e.start : e.end] == e.text, (f.rule, e)
    for c in seeds_report.claims:
        assert texts[c.doc][c.start : c.end] == c.quantity.text


def _cli(*args, cwd=ROOT):
    env = dict(os.environ)
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@model_fixture(scope="module")
def seeds_json(seeds_report, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "seeds.json"
    proc = _cli("report", str(SEEDS), "--format", "json", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text("utf-8"))


def test_cli_json_contract(seeds_json):
    data = seeds_json
    assert {"documents", "claims", "findings", "summary", "checker"} <= set(data)
    assert data["checker"]["model"].endswith("all-MiniLM-L6-v2")
    assert len(data["documents"]) == 5
    doc_text = {p.stem: p.read_text("utf-8") for p in SEEDS.glob("*.txt")}
    for claim in data["claims"]:
        assert {"id", "doc", "sentence", "start", "end", "text", "value", "low", "high", "kind",
                "subject", "approx"} <= set(claim)  # fmt: skip
        assert claim["approx"] in {"exact", "approximate", "lower_bound", "upper_bound", "range"}
        assert doc_text[claim["doc"]][claim["start"] : claim["end"]] == claim["text"]
    verdicts = {f["verdict"] for f in data["findings"]}
    assert verdicts <= {"agree", "conflict", "update", "artefact", "single-source"}
    for f in data["findings"]:
        assert f["level"] in {"info", "warning", "error"}
        for e in f["evidence"]:
            assert doc_text[e["doc"]][e["start"] : e["end"]] == e["text"]
    flagged = [d for d in data["documents"] if "machine-translated" in d["flags"]]
    assert [d["id"][:3] for d in flagged] == ["000"]


def test_cli_text_report_shows_findings_and_exit_code_zero(seeds_json):
    proc = _cli("report", str(SEEDS), "--no-color")
    assert proc.returncode == 0, proc.stderr
    assert "Foreign Minister Blinken" in proc.stdout
    assert "[[" in proc.stdout  # numbers highlighted


def test_cli_exit_code_one_on_error_level_conflict(tmp_path, seeds_json):
    (tmp_path / "a.txt").write_text("The ministry said 51 people were killed in the strike.\n")
    (tmp_path / "b.txt").write_text("The ministry said 80 people were killed in the strike.\n")
    proc = _cli("report", str(tmp_path), "--format", "json")
    # Undated cumulative figures are a warning; dated ones that fall are an error.
    assert proc.returncode == 0, proc.stderr
    (tmp_path / "a.txt").write_text(
        "---\ndate: 2024-09-27\n---\n51 people were killed in the strike.\n"
    )
    (tmp_path / "b.txt").write_text(
        "---\ndate: 2024-09-25\n---\n80 people were killed in the strike.\n"
    )
    proc = _cli("report", str(tmp_path), "--format", "json")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    assert [f["verdict"] for f in data["findings"] if f["level"] == "error"] == ["conflict"]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "empty.txt"),
        ("binary.txt", b"\x00\x01\x02PNG\x00\x00", "binary.txt"),
        ("latin1.txt", "Caf\u00e9 owners said 12 people left.".encode("latin-1"), "latin1.txt:1"),
        ("bad.md", b"---\ndate: [unclosed\n---\nText 5 people.\n", "bad.md:"),
    ],
)
def test_cli_bad_input_is_one_line_naming_the_file(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    proc = _cli("report", str(path))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], proc.stderr


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["report", "x.txt", "--date", "soon"], "Invalid value for '--date'"),
        (["report", "x.txt", "--format", "pdf"], "'--format'"),
        (["report", "--bogus", "x.txt"], "No such option: --bogus"),
        (["report"], "Missing argument"),
        (["reprot"], "No such command 'reprot'"),
    ],
)
def test_cli_usage_errors_are_one_line(capsys, argv, expected):
    from checker.cli import main

    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and lines[0].startswith("checker"), lines


def test_cli_bad_rule_file_names_file_line_and_field(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "conflict.yaml").write_text(
        "kind: conflict\nlevel: error\ntitle: t\nmessage: 'x {subjct}'\n"
    )
    (tmp_path / "a.txt").write_text("5 people left.\n")
    proc = _cli("report", str(tmp_path / "a.txt"), "--rules", str(rules))
    assert proc.returncode == 2
    assert "conflict.yaml:4 [message]" in proc.stderr and "subject" in proc.stderr


@pytest.mark.model
def test_python_api_compare_texts():
    from checker import compare_texts

    findings = compare_texts(
        "Hamas is holding 242 hostages.", "The 240 hostages held by Hamas remain in Gaza."
    )
    assert [f.verdict for f in findings] == ["agree"]


@pytest.mark.model
def test_just_over_a_figure_is_no_licence_for_any_larger_one():
    from checker import compare_texts

    a = "The mayor earned just over $300,000 last year, the filing shows."
    far = compare_texts(a, "The mayor earned $4.8 million last year, the filing shows.")
    assert [f.verdict for f in far] == ["conflict"]
    near = compare_texts(a, "The mayor earned $310,000 last year, the filing shows.")
    assert [f.verdict for f in near] == ["agree"]
    under = compare_texts(
        "Just under 50 percent of voters backed the school levy.",
        "Fifty-one percent of voters backed the school levy.",
    )
    assert [f.verdict for f in under] == ["conflict"]


@pytest.mark.model
def test_report_honours_inline_suppression_and_counts_it(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ndate: 2024-09-25\n---\n<!-- checker: ignore update -->\n"
        "80 people were killed in the strikes.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text(
        "---\ndate: 2024-09-27\n---\n51 people were killed in the strikes.\n", encoding="utf-8"
    )
    proc = _cli("report", str(tmp_path), "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr  # the error-level decrease is silenced
    data = json.loads(proc.stdout)
    assert not [f for f in data["findings"] if f["rule"] == "update"]
    assert data["summary"]["suppressed"] == 1
    (tmp_path / "a.md").write_text("<!-- checker: ignore updte -->\n80 people.\n", encoding="utf-8")
    proc = _cli("report", str(tmp_path))
    assert (
        proc.returncode == 2 and "a.md:1" in proc.stderr and "did you mean 'update'" in proc.stderr
    )


@pytest.mark.model
def test_cli_claims_lists_units_and_rates(tmp_path):
    art = tmp_path / "wall.md"
    art.write_text(
        "The sea wall is 47 feet high and cost 361 million pounds; "
        "crews poured 8,000 tonnes of concrete a day.\n",
        encoding="utf-8",
    )
    proc = _cli("claims", str(art))
    assert proc.returncode == 0, proc.stderr
    rows = [line.split("\t") for line in proc.stdout.splitlines()]
    assert [(r[1], r[2], r[5]) for r in rows] == [
        ("cardinal", "'47'", "foot"),
        ("money", "'361 million pounds'", "GBP"),
        ("cardinal", "'8,000'", "tonne/day"),
    ]
