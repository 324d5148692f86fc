"""Long runs say how far they are: ``api.check``'s progress callback and the CLI's bar."""

from __future__ import annotations

import io
import sys

import pytest
from typer.testing import CliRunner

from checker import api
from checker.cli import app
from checker.cli.progress import bar, wanted
from checker.core.model import Document

RUNNER = CliRunner()


def _docs(n: int) -> list[Document]:
    return [
        Document(id=f"a{i}", text=f"{10 + i} people were evacuated from Riverton.")
        for i in range(n)
    ]


@pytest.mark.model
def test_check_tells_each_stage_in_order_and_counts_articles():
    told: list[tuple[str, int, int]] = []
    report = api.check(_docs(3), progress=lambda *event: told.append(event))
    stages = list(dict.fromkeys(stage for stage, _, _ in told))
    assert stages == ["reading", "claims", "embedding", "matching", "rules"]
    assert [e for e in told if e[0] == "claims"] == [("claims", i, 3) for i in (1, 2, 3)]
    assert told[-1] == ("rules", 1, 1)
    comparable = 2 * sum(1 for c in report.claims if c.quantity)  # key and focus texts
    assert ("embedding", comparable, comparable) in told


@pytest.mark.model
def test_progress_never_changes_the_report():
    quiet = api.check(_docs(4))
    told = api.check(_docs(4), progress=lambda *_: None)
    assert [f.message for f in told.findings] == [f.message for f in quiet.findings]
    assert len(told.claims) == len(quiet.claims)


def test_bar_is_off_unless_wanted(monkeypatch):
    with bar(False) as tell:
        assert tell is None
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a terminal
    assert wanted(None) is False
    assert wanted(True) is True


def test_bar_takes_every_stage_without_error():
    with bar(True) as tell:
        assert tell is not None
        for stage, done, total in [("reading", 0, 0), ("claims", 1, 2), ("embedding", 0, 0),
                                   ("matching", 1, 1), ("rules", 1, 1)]:  # fmt: skip
            tell(stage, done, total)


@pytest.mark.parametrize("flag", ["--progress", "--no-progress"])
@pytest.mark.model
def test_report_output_is_the_same_with_or_without_the_bar(tmp_path, flag):
    (tmp_path / "a.txt").write_text("12 people were evacuated from Riverton.\n")
    (tmp_path / "b.txt").write_text("14 people were evacuated from Riverton.\n")
    out = tmp_path / "out.json"
    result = RUNNER.invoke(app, ["report", str(tmp_path), flag, "--format", "json", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    assert '"findings"' in out.read_text()
