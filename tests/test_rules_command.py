"""`checker rules --test` runs every rule's own examples (as `vale test` and `semgrep --test`
do); plain `checker rules` warns, one line a rule, when a rule's flag examples do not flag."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT
from test_cli_hostile import run_main

pytestmark = pytest.mark.model


def _pack_with_a_broken_example(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    conflict = rules / "conflict.yaml"
    text = conflict.read_text(encoding="utf-8")
    broken = text.replace(
        'b: "The ministry said 80 aid trucks entered Gaza on Sunday."',
        'b: "The ministry said 51 aid trucks entered Gaza on Sunday."',  # agrees: no conflict
    )
    assert broken != text
    conflict.write_text(broken, encoding="utf-8")
    return rules


def test_rules_test_passes_on_the_shipped_pack(capsys):
    code, out, err = run_main(capsys, "rules", "--test")
    lines = out.strip().splitlines()
    assert code == 0 and err == ""
    assert all(line.startswith(("PASS ", "TODO ")) for line in lines[:-1])
    assert lines[-1].startswith(f"{len(lines) - 1} examples: ") and ", 0 failed" in lines[-1]


def test_rules_test_reports_each_failing_example_and_exits_1(tmp_path, capsys):
    rules = _pack_with_a_broken_example(tmp_path)
    code, out, _ = run_main(capsys, "rules", "--rules", rules, "--test")
    assert code == 1
    failed = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert failed == [
        f"FAIL  conflict-flag-0                {rules / 'conflict.yaml'}:21"
        "  should flag but reported nothing"
    ]
    assert ", 1 failed, " in out.splitlines()[-1]


def test_plain_rules_warns_once_for_a_rule_whose_flag_examples_fail(tmp_path, capsys):
    rules = _pack_with_a_broken_example(tmp_path)
    code, out, err = run_main(capsys, "rules", "--rules", rules)
    assert code == 0 and "conflict " in out  # the rule still loads and is listed
    assert err.splitlines() == [
        f"checker: warning: {rules / 'conflict.yaml'}:21: rule 'conflict': 1 of its 5 flag "
        "examples do not flag (checker rules --test shows each)"
    ]
    code, _, err = run_main(capsys, "rules")
    assert code == 0 and err == ""
