"""The README cannot drift: its Python examples run, its commands exist, and the output it
shows is what the checker prints (as sqlite-utils tests its docs)."""

from __future__ import annotations

import ast
import math
import re
import subprocess
import sys

import pytest
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.DOTALL)


def _examples(block: str) -> list[tuple[str, str | None]]:
    """(code, expected repr or None): the "# ..." lines after code are its last expression's
    value."""
    out: list[tuple[str, str | None]] = []
    code: list[str] = []
    for line in block.splitlines():
        if line.startswith("# ") and code:
            out.append(("\n".join(code), line[2:]))
            code = []
        elif line.startswith("# "):
            out[-1] = (out[-1][0], f"{out[-1][1]}\n{line[2:]}")
        else:
            code.append(line)
    if any(line.strip() for line in code):
        out.append(("\n".join(code), None))
    return out


def _run(code: str, expected: str | None, scope: dict) -> None:
    tree = ast.parse(code)
    last = tree.body.pop() if expected is not None else None
    exec(compile(tree, "README.md", "exec"), scope)
    if last is not None:
        got = eval(compile(ast.Expression(last.value), "README.md", "eval"), scope)
        assert repr(got) == expected, ast.unparse(last)


def test_the_python_examples_give_what_the_readme_says(monkeypatch):
    monkeypatch.chdir(ROOT)
    blocks = [b for b in _blocks("python") if "from checker" in b]
    assert blocks, "the README's Python API example is gone"
    for block in blocks:
        scope: dict = {"inf": math.inf}
        for code, expected in _examples(block):
            _run(code, expected, scope)


def _command_lines() -> list[str]:
    (block,) = [b for b in _blocks("text") if b.startswith("checker report PATHS")]
    return [line for line in block.splitlines() if line.startswith("checker ")]


@pytest.mark.parametrize("line", _command_lines())
def test_every_command_and_option_in_the_commands_section_exists(line):
    from typer.testing import CliRunner

    from checker.cli import app

    name = line.split()[1]
    result = CliRunner().invoke(app, [name, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for option in re.findall(r"(--[a-z][a-z-]*)", line.split("#")[0]):
        for form in option.split("/"):
            assert form in result.output, f"{form} not an option of `checker {name}`"


def _verify_sessions() -> list[tuple[list[str], str]]:
    """`$ checker verify ...` lines in the README with the output shown under each."""
    sessions = []
    for block in _blocks("text"):
        parts = re.split(r"^\$ (checker verify .*)$", block, flags=re.MULTILINE)
        for command, output in zip(parts[1::2], parts[2::2], strict=True):
            args = re.findall(r'"[^"]*"|\S+', command)[1:]
            sessions.append(([a.strip('"') for a in args], output.removeprefix("\n")))
    return sessions


@pytest.mark.parametrize(
    ("args", "shown"), _verify_sessions(), ids=[s[0][1][:30] for s in _verify_sessions()]
)
def test_verify_prints_what_the_readme_shows(args, shown):
    run = subprocess.run(
        [sys.executable, "-m", "checker", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert run.stdout == shown


def test_the_seeds_report_shown_is_the_real_one(seeds_report):
    """The README's seeds report is trimmed with "…": every line must be in the real report,
    and the pieces of a trimmed line in one real line, in order."""
    from checker.report import render

    real = render(seeds_report, "text").splitlines()
    (block,) = [b for b in _blocks("text") if b.startswith("Consistency report:")]
    for line in block.splitlines():
        pieces = [p.strip() for p in line.split("…") if p.strip()]
        if not pieces:
            continue
        assert any(_in_order(pieces, r) for r in real), f"not in the seeds report: {line}"


def _in_order(pieces: list[str], line: str) -> bool:
    at = 0
    for piece in pieces:
        at = line.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True
