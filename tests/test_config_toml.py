"""Issue 23, item 2: ``[tool.checker]`` in pyproject.toml, read by tomllib alone.

Its lines were found by patterns matched line by line that backtracked: a multi-line string
holding a line ``[`` and 20,000 spaces ran for hours (3,000 spaces: a minute), a 40 KB
``fail_on`` for half a minute, before the unknown-key error; ``tool = "x"`` was an
AttributeError. Now one forward pass (checker/core/tomllines.py) finds the lines, names are
bounded before any "did you mean", and a character TOML or checker does not allow is one line
naming the line and column, as in YAML (tests/test_control_chars.py). All fail before a model
loads: the fast tier.
"""

from __future__ import annotations

import time

import pytest
from test_control_chars import CHARS, SEEDS, chars, refused, run_main

from checker.config import load_config
from checker.core.errors import CheckerError

#: The C0 controls and DEL: TOML allows them nowhere; the C1 controls and U+FFFE/U+FFFF it
#: does allow, and checker refuses them in ``[tool.checker]``.
TOML_C0 = {c for c in CHARS if ord(c) < 0x20 or c == "\x7f"}


@chars
def test_a_control_character_in_tool_checker_is_one_line(tmp_path, capsys, char):
    config = tmp_path / "pyproject.toml"
    config.write_text(
        f'[project]\nname = "x"\n\n[tool.checker]\nfail_on = "warn{char}ing"\n', encoding="utf-8"
    )
    code, out, err = run_main(capsys, "report", "--config", config, SEEDS)
    assert (code, out) == (2, "")
    assert err == refused(config, 5, char, 16, "TOML" if char in TOML_C0 else "checker")


def test_c1_controls_elsewhere_in_pyproject_are_not_checkers_to_refuse(tmp_path):
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[tool.other]\nx = "a\x80\x9f\ufffe"\n\n[tool.checker]\nfail_on = "warning"\n',
        encoding="utf-8",
    )
    assert load_config(config).fail_on == "warning"


HOSTILE_TOML = {
    # a line "[" and 20,000 spaces inside a multi-line string: cubic, hours
    "bracket-and-spaces": '[tool.checker]\nx = """\n[' + " " * 20_000 + '\n"""\n',
    "spaces": '[tool.checker]\nx = """\n' + " " * 20_000 + '\n"""\n',
    "fail_on-40KB": '[tool.checker]\nfail_on = "' + "warnin" * 7_000 + '"\n',
    "key-40KB": "[tool.checker]\n" + "fail_on" * 6_000 + ' = "error"\n',
    "model-40KB": '[tool.checker]\nmodel = "' + "x" * 40_000 + '"\n',
    "levels-40KB": '[tool.checker]\nlevels = { conflict = "' + "x" * 40_000 + '" }\n',
}


@pytest.mark.parametrize("name", list(HOSTILE_TOML))
def test_a_hostile_tool_checker_is_one_line_in_under_a_second(tmp_path, capsys, name):
    config = tmp_path / "pyproject.toml"
    config.write_text(HOSTILE_TOML[name], encoding="utf-8")
    t0 = time.perf_counter()
    code, out, err = run_main(capsys, "report", "--config", config, SEEDS)
    assert time.perf_counter() - t0 < 1.0
    assert (code, out) == (2, "")
    assert err.startswith(f"checker: error: {config}:2") and err.count("\n") == 1
    assert len(err) < 400, err[:400]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('tool = "x"\n', ":1 [tool]: must be a table: write [tool.checker] and the keys below it"),
        ('[tool]\nchecker = "x"\n', ":2: the configuration must be a mapping"),
        ('[tool] = "x"\n', ":1: invalid TOML: Expected newline or end of document after a "
         "statement (at line 1, column 8)"),
    ],
)  # fmt: skip
def test_a_tool_that_is_not_a_table_is_one_line(tmp_path, capsys, text, expected):
    config = tmp_path / "pyproject.toml"
    config.write_text(text, encoding="utf-8")
    code, out, err = run_main(capsys, "report", "--config", config, SEEDS)
    assert (code, out, err) == (2, "", f"checker: error: {config}{expected}\n")


def test_tool_checker_lines_are_found_past_what_only_looks_like_structure(tmp_path):
    """A multi-line string holding "[tool.checker]" and "key = " lines is string: the lines
    named are the real ones, in headers, dotted keys, inline tables and arrays."""
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[project]\ndescription = """\n[tool.checker]\nfail_on = "bad"\n"""\n'
        "[tool.checker]\n"
        'rules = [\n  "rules/",\n]\n'
        "levels = { conflict = 'warning', single-source = \"loud\" }\n",
        encoding="utf-8",
    )
    with pytest.raises(CheckerError) as info:
        load_config(config)
    assert str(info.value) == (
        f"{config}:10 [levels.single-source]: must be one of info, warning, error"
    )
    config.write_text(
        "[tool]\nchecker.fail_on = 'error'\n"
        '[tool.checker.levels]\n# a comment\n\'conflict\' = "warning"\n"nope" = "error"\n',
        encoding="utf-8",
    )
    cfg = load_config(config)
    assert cfg.lines.line(("fail_on",)) == 2
    assert cfg.lines.line(("levels", "nope")) == 6
