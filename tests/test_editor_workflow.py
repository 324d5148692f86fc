"""An editor's day, end to end through the CLI: index coverage, check a draft, track a figure.

Four seeds are indexed and the fifth is checked as a draft; the draft's
findings must be the ones the all-pairs ``report`` gives for it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import SEEDS
from model_guard import model_fixture
from typer.testing import CliRunner

from checker.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "store"
DRAFT = SEEDS / "000_ee6634cd82070280.txt"
runner = CliRunner()


def run(*args: str, cwd: Path | None = None):
    import os

    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(app, [str(a) for a in args])
    finally:
        os.chdir(old)


@model_fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("newsroom") / "coverage.sqlite"
    others = sorted(p for p in SEEDS.iterdir() if p != DRAFT)
    assert len(others) == 4
    res = run("index", *others, "--store", path)
    assert res.exit_code == 0, res.output
    assert "4 articles added" in res.stderr
    return path


def _json(res) -> dict:
    return json.loads(res.stdout)


def _rules(data: dict) -> list[str]:
    return sorted(f["rule"] for f in data["findings"])


def test_draft_checked_against_the_store_equals_the_all_pairs_report(store):
    res = run("check", DRAFT, "--store", store, "--format", "json")
    assert res.exit_code == 0, res.output  # warnings only: below the default fail-on level
    data = _json(res)
    full = run("report", SEEDS, "--format", "json")
    draft_id = DRAFT.stem
    expected = [f for f in _json(full)["findings"] if any(e["doc"] == draft_id for e in f["evidence"])]  # fmt: skip
    assert _rules(data) == sorted(f["rule"] for f in expected)
    agree = [f for f in data["findings"] if f["verdict"] == "agree"]
    assert any({e["text"] for e in f["evidence"]} == {"nearly a total of 2.3 million", "2.3 million"}
               for f in agree)  # fmt: skip
    assert "title-mismatch" in _rules(data) and "machine-translation" in _rules(data)
    mt = {d["id"]: d["flags"] for d in data["documents"]}
    assert mt[draft_id] == ["machine-translated"]
    # every finding is about the draft
    assert all(any(e["doc"] == draft_id for e in f["evidence"]) for f in data["findings"])


def test_fail_on_warning_and_findings_history(store):
    res = run("check", DRAFT, "--store", store, "--fail-on", "warning")
    assert res.exit_code == 1
    assert "worst level: warning" in res.stdout
    import sqlite3

    db = sqlite3.connect(store)
    runs = db.execute("SELECT count(*) FROM run WHERE command='check'").fetchone()[0]
    assert runs >= 1 and db.execute("SELECT count(*) FROM finding").fetchone()[0] > 0


@pytest.mark.model
def test_check_warns_when_stored_claims_were_read_by_another_checker(tmp_path):
    import sqlite3

    path = tmp_path / "coverage.sqlite"
    assert run("index", SEEDS / "001_c8ffc32e1dfc1935.txt", "--store", path).exit_code == 0
    res = run("check", DRAFT, "--store", path, "--no-history")
    assert "read figures differently" not in res.stderr
    db = sqlite3.connect(path)
    db.execute("UPDATE document SET claims_version='an-older-reader'")
    db.commit()
    db.close()
    from checker.archive.store import StoreWarning

    said = "1 article(s) were indexed by a checker that read figures differently"
    with pytest.warns(StoreWarning, match=r"read figures differently"):
        res = run("check", DRAFT, "--store", path, "--no-history")
    assert said in res.stdout  # a note of the report, in every format (the desk shows it too)
    with pytest.warns(StoreWarning):
        data = _json(run("check", DRAFT, "--store", path, "--no-history", "--format", "json"))
    assert any(said in note for note in data["notes"])


@pytest.mark.model
def test_update_between_dated_articles(tmp_path):
    store = tmp_path / "s.sqlite"
    assert run("index", FIXTURES / "hostages.jsonl", "--store", store).exit_code == 0
    draft = tmp_path / "draft.md"
    draft.write_text("---\ndate: 2023-11-12\noutlet: Our Paper\n---\n"
                     "Hamas is holding 237 hostages, the army said.\n", encoding="utf-8")  # fmt: skip
    data = _json(run("check", draft, "--store", store, "--format", "json"))
    verdicts = {f["verdict"] for f in data["findings"]}
    assert verdicts & {"update", "conflict", "agree"}, data["findings"]
    for f in data["findings"]:
        assert any(e["doc"] == "draft" for e in f["evidence"])


def test_suppression_is_counted_not_hidden(tmp_path, store):
    text = DRAFT.read_text(encoding="utf-8").split("\n")
    i = next(n for n, line in enumerate(text) if "Foreign Minister Blinken" in line)
    text.insert(i, "<!-- checker: ignore title-mismatch -->")
    draft = tmp_path / DRAFT.name
    draft.write_text("\n".join(text), encoding="utf-8")
    res = run("check", draft, "--store", store, "--format", "json")
    data = _json(res)
    assert "title-mismatch" not in _rules(data)
    assert "machine-translation" in _rules(data)
    assert data["summary"]["suppressed"] == 1
    assert data["summary"]["suppressed_by_rule"] == {"title-mismatch": 1}
    body = draft.read_text(encoding="utf-8")
    for f in data["findings"]:  # offsets still point into the file as written
        for e in f["evidence"]:
            if e["doc"] == draft.stem:
                assert body[e["start"] : e["end"]] == e["text"]
    txt = run("check", draft, "--store", store, "--no-history")
    assert "1 finding suppressed by inline comments (title-mismatch 1)" in txt.stdout
    md = run("check", draft, "--store", store, "--format", "markdown", "--no-history")
    assert "suppressed by inline comments" in md.stdout

    whole = tmp_path / "whole.txt"
    whole.write_text("<!-- checker: ignore-file -->\n" + DRAFT.read_text(encoding="utf-8"))
    res = run("check", whole, "--store", store, "--format", "json", "--fail-on", "warning")
    data = _json(res)
    assert res.exit_code == 0 and data["findings"] == [] and data["summary"]["suppressed"] >= 4


def test_a_mistyped_suppression_is_an_error_naming_file_and_line(tmp_path, store):
    draft = tmp_path / "d.txt"
    draft.write_text("Intro.\n<!-- checker: ignore titel-mismatch -->\nAbout 55 trucks came.\n")
    res = run("check", draft, "--store", store)
    assert res.exit_code == 2
    (line,) = res.stderr.strip().splitlines()
    assert f"{draft}:2" in line and "did you mean 'title-mismatch'" in line


def test_github_annotations_keep_the_level_and_point_at_the_span(store):
    res = run("check", DRAFT, "--store", store, "--format", "github")
    lines = res.stdout.strip().splitlines()
    pattern = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),"
                         r"endColumn=(\d+),title=([^:]+)::(.+)$")  # fmt: skip
    annotations = [pattern.match(x) for x in lines[:-1]]
    assert all(annotations), lines
    commands = {m.group(1) for m in annotations}
    assert "warning" in commands and "notice" in commands  # warning stays warning, info -> notice
    source = DRAFT.read_text(encoding="utf-8").split("\n")
    title = next(m for m in annotations if m.group(6).startswith("title-mismatch"))
    assert title.group(2) == str(DRAFT)
    line, col, end = int(title.group(3)), int(title.group(4)), int(title.group(5))
    assert source[line - 1][col - 1 : end - 1] == "Foreign Minister Blinken"
    assert "worst level: warning" in lines[-1]
    # the report command writes the same format
    rep = run("report", SEEDS, "--format", "github")
    assert rep.stdout.startswith("::")


def test_config_file_applies_levels_settings_and_rule_switches(tmp_path, store):
    (tmp_path / "checker.yaml").write_text(
        f"store: {store}\n"
        "levels:\n  title-mismatch: error\n"
        "disable: [machine-translation]\n"
        "settings:\n  comparison: {tolerance: 0.02}\n",
        encoding="utf-8",
    )
    res = run("check", DRAFT, "--format", "json", cwd=tmp_path)
    assert res.exit_code == 1, res.output  # title-mismatch is now an error
    data = _json(res)
    assert "machine-translation" not in _rules(data)
    assert "machine-translation" not in data["checker"]["rules"]
    (finding,) = [f for f in data["findings"] if f["rule"] == "title-mismatch"]
    assert finding["level"] == "error"


@pytest.mark.parametrize(
    ("name", "content", "line", "expected"),
    [
        ("checker.yaml", "store: s.sqlite\ndisabel: [conflict]\n", 2,
         "[disabel]: unknown key (did you mean 'disable'?)"),
        ("checker.yaml", "levels:\n  conflict: warning\n  conflcit: info\n", 3,
         "unknown rule 'conflcit' (did you mean 'conflict'?)"),
        ("checker.yaml", "settings:\n  conflict:\n    gap_levle: error\n", 3,
         "has no setting 'gap_levle' (did you mean 'gap_level'?)"),
        ("checker.yaml", "fail_on: warn\n", 1, "(did you mean 'warning'?)"),
        ("pyproject.toml", "[project]\nname = 'x'\n\n[tool.checker]\nstore = 's'\nmodle = 'm'\n", 6,
         "[modle]: unknown key (did you mean 'model'?)"),
    ],
)  # fmt: skip
def test_config_errors_name_file_line_and_nearest_key(tmp_path, name, content, line, expected):
    (tmp_path / name).write_text(content, encoding="utf-8")
    res = run("report", SEEDS / "001_c8ffc32e1dfc1935.txt", cwd=tmp_path)
    assert res.exit_code == 2
    (msg,) = res.stderr.strip().splitlines()
    assert f"{name}:{line}" in msg and expected in msg, msg


@pytest.mark.model
def test_pyproject_tool_checker_section_is_read(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "desk"\n\n[tool.checker]\ndisable = ["single-source"]\n'
        'fail_on = "warning"\n\n[tool.checker.levels]\nagreement = "warning"\n',
        encoding="utf-8",
    )
    res = run("report", SEEDS, "--format", "json", cwd=tmp_path)
    assert res.exit_code == 1  # fail_on: warning
    data = _json(res)
    assert "single-source" not in data["checker"]["rules"]
    assert {f["level"] for f in data["findings"] if f["rule"] == "agreement"} == {"warning"}
    (tmp_path / "pyproject.toml").write_text(
        '[tool.checker.levels]\nagreement = "warning"\nagreemnt = "info"\n', encoding="utf-8"
    )
    res = run("report", SEEDS, cwd=tmp_path)
    assert res.exit_code == 2
    assert "pyproject.toml:3 [levels.agreemnt]" in res.stderr and "'agreement'" in res.stderr


@pytest.mark.model
def test_default_store_is_in_the_current_directory(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("Officials said 55 aid trucks entered Gaza on Sunday.\n")
    assert run("index", one, cwd=tmp_path).exit_code == 0
    assert (tmp_path / ".checker" / "store.sqlite").is_file()
    res = run("check", SEEDS / "004_2a899e9637ba3d2e.txt", cwd=tmp_path)
    assert res.exit_code == 0, res.output


def test_bad_input_exit_2(tmp_path, store):
    res = run("check", DRAFT, "--store", tmp_path / "none.sqlite")
    assert res.exit_code == 2 and "no such store" in res.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok 5 things"}\n{not json}\n')
    res = run("index", bad, "--store", tmp_path / "x.sqlite")
    assert res.exit_code == 2
    assert f"{bad}:2" in res.stderr


@pytest.mark.model
def test_track_a_figure_over_time_as_table_and_plot(tmp_path):
    store = tmp_path / "s.sqlite"
    assert run("index", FIXTURES / "hostages.jsonl", "--store", store).exit_code == 0
    png = tmp_path / "hostages.png"
    res = run("track", "hostages held by Hamas", "--store", store, "--plot", png)
    assert res.exit_code == 0, res.output
    rows = [x for x in res.stdout.splitlines() if re.match(r"\d{4}-\d\d-\d\d ", x)]
    dates = [r.split()[0] for r in rows]
    assert dates == sorted(dates) and len(rows) == 8
    assert "[199]" in rows[0] and "[about 240]" in rows[-1]
    assert not any("released" in r for r in rows)  # held is not released
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "hostages.svg"
    assert run("track", "hostages held by Hamas", "--store", store, "--plot", svg).exit_code == 0
    assert "<svg" in svg.read_text(encoding="utf-8")[:500]
    visits = run("track", "Blinken visits", "--store", store)
    assert "[third]" in visits.stdout and "hostages" not in visits.stdout


def test_pre_commit_hook_runs_checker_check():
    import yaml

    hooks = yaml.safe_load((SEEDS.parent / ".pre-commit-hooks.yaml").read_text())
    (hook,) = [h for h in hooks if h["id"] == "checker-check"]
    assert hook["entry"].startswith("checker check")
