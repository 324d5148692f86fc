"""The command line under hostile input: one line on stderr and exit 2, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    """``checker ARGV`` in this process (the model loads once per test session)."""
    with pytest.raises(SystemExit) as info:
        main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return info.value.code, out, err


def test_lone_surrogates_in_jsonl_are_one_warning_line_and_the_report_is_written(
    tmp_path, capsys, seeds_report
):
    rows = [
        {"id": f"r{n}\ud800", "title": "t\udc00", "text": f"Officials said {n} people \ud800 were "
         "killed in the strike on the market in Gaza City on Monday."}
        for n in (51, 80)
    ]  # fmt: skip
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, out, err = run_main(capsys, "report", feed, "--format", "json")
    assert code in (0, 1)
    assert err == (
        f"checker: warning: {feed}:1: lone surrogates (\\ud800-\\udfff, not Unicode text) "
        "replaced with U+FFFD in 2 row(s), the first on this line\n"
    )
    assert {d["id"] for d in json.loads(out)["documents"]} == {"r51\ufffd", "r80\ufffd"}


def test_a_full_stdout_is_a_one_line_error(seeds_report):
    """`checker report seeds > /dev/full` ended in an OSError traceback (exit 1)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "checker", "report", str(SEEDS)],
            stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env, timeout=300,
        )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr == (
        "checker: error: cannot write to standard output: No space left on device\n"
    )


def test_a_fifo_in_the_rules_folder_is_one_line_exit_2(tmp_path, capsys):
    """It blocked `checker rules` (and every report) forever."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    os.mkfifo(rules / "zz.yaml")
    code, out, err = run_main(capsys, "rules", "--rules", rules)
    assert (code, out) == (2, "")
    fifo = rules / "zz.yaml"
    assert err == f"checker: error: {fifo}: not a regular file (a FIFO, socket or device)\n"


def test_an_alias_bomb_in_a_config_is_one_line_exit_2(tmp_path, capsys):
    bomb = "".join(
        f"    {n}: &{n} [{', '.join([f'*{p}'] * 9 if p else ['x'] * 9)}]\n"
        for p, n in zip([None, *"abcdefgh"], "abcdefghi", strict=True)
    )
    config = tmp_path / "checker.yaml"
    config.write_text("settings:\n  conflict:\n" + bomb, encoding="utf-8")
    code, out, err = run_main(capsys, "report", "--config", config, SEEDS)
    assert (code, out) == (2, "")
    assert err == (
        f"checker: error: {config}:4 [settings.conflict.b[0]]: aliases (*name) are not allowed; "
        "write the value out\n"
    )
