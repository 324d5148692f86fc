"""``--config`` files (checker.yaml, [tool.checker]) are read as defensively as rule packs."""

from __future__ import annotations

import os
import signal

import pytest

from checker.config import ConfigError, find_config, load_config
from checker.core.errors import RuleError

BOMB = "".join(
    f"      {name}: &{name} [{', '.join([f'*{prev}'] * 9 if prev else ['x'] * 9)}]\n"
    for prev, name in zip([None, *"abcdefgh"], "abcdefghi", strict=True)
)


@pytest.fixture
def deadline():
    """Fail a test that hangs (an alias bomb, a FIFO) instead of hanging the suite."""

    def expired(signum, frame):
        raise TimeoutError("still reading after 20 s")

    before = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, before)


def config_error(path) -> RuleError:
    """The error of reading ``path`` as the configuration and applying it to the rules."""
    with pytest.raises(RuleError) as err:
        load_config(path).rule_pack()
    return err.value


@pytest.mark.parametrize(
    ("name", "text", "where", "words"),
    [
        ("c.yaml", "settings:\n  conflict:\n    x:\n" + BOMB, ":5 [settings.conflict.x.b[0]]",
         "aliases (*name) are not allowed"),
        ("c.yaml", "disable: " + "[" * 300 + "]" * 300, ":1 [disable[0][0][0][0][0]...]",
         "nested more than 32 levels deep"),
        ("c.yaml", "settings:\n  single-source:\n    min_documents: " + "9" * 5000,
         ":3 [settings.single-source.min_documents]", "a number 5,000 characters long"),
        ("c.yaml", "settings:\n  comparison:\n    rounding: -1\n",
         ":3 [settings.comparison.rounding]", "must be between 0 and 1, got -1.0"),
        ("c.yaml", "settings:\n  comparison:\n    tolerance: .nan\n",
         ":3 [settings.comparison.tolerance]", "must be a finite number, got nan"),
        ("c.yaml", "settings:\n  title-mismatch:\n    titles: [President, 5]\n",
         ":3 [settings.title-mismatch.titles[1]]", "must be text (not blank), got 5"),
        ("c.yaml", "settings:\n  machine-translation:\n    patterns: ['a|']\n",
         ":3 [settings.machine-translation.patterns[0]]", "matches the empty string"),
        ("c.yaml", "settings:\n  machine-translation:\n    timeout: 100\n",
         ":3 [settings.machine-translation.timeout]", "must be between 0.01 and 10, got 100.0"),
        ("pyproject.toml", "[tool.checker]\ndisable = " + "[" * 2000 + "]" * 2000 + "\n", "",
         "nested more than 32 levels deep"),
        ("pyproject.toml", "[tool.checker]\nfail_on = " + "9" * 5000 + "\n", "",
         "holds a number with over 4,300 digits"),
        ("pyproject.toml", "[tool.checker.settings.comparison]\ntolerance = -inf\n",
         ":2 [settings.comparison.tolerance]", "must be a finite number, got -inf"),
        ("pyproject.toml", "[tool.checker.settings.comparison]\nrounding = -1.0\n",
         ":2 [settings.comparison.rounding]", "must be between 0 and 1"),
        ("c.yaml", "settings:\n  conflict:\n    tolerance: 0.1\n", ":3 [settings.conflict.tolerance]",
         "has moved to settings.comparison.tolerance"),
        ("c.yaml", "settings:\n  comparison:\n    tolerence: 0.1\n",
         ":3 [settings.comparison.tolerence]", "did you mean 'tolerance'"),
    ],
    ids=["yaml-alias-bomb", "yaml-nested-300", "yaml-int-5000-digits", "yaml-negative",
         "yaml-nan", "yaml-title-int", "yaml-empty-pattern", "yaml-timeout", "toml-nested-2000",
         "toml-int-5000-digits", "toml-inf", "toml-negative", "yaml-moved", "yaml-section-typo"],
)  # fmt: skip
def test_hostile_config_files_are_one_line_errors(tmp_path, deadline, name, text, where, words):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    err = config_error(path)
    assert str(err).startswith(f"{path}{where}: "), str(err)
    assert words in err.message and "\n" not in str(err)


def test_a_config_fifo_is_refused_not_waited_on(tmp_path, deadline):
    path = tmp_path / "checker.yaml"
    os.mkfifo(path)
    err = config_error(path)
    assert isinstance(err, RuleError)
    assert str(err) == f"{path}: not a regular file (a FIFO, socket or device)"


def test_an_unreadable_pyproject_is_skipped_while_searching(tmp_path):
    """Searching upwards, a pyproject.toml checker cannot read is not the configuration."""
    (tmp_path / "pyproject.toml").write_text("x = " + "[" * 2000 + "]" * 2000, encoding="utf-8")
    assert find_config(tmp_path) != tmp_path / "pyproject.toml"  # and no RecursionError


def test_a_good_config_still_loads(tmp_path):
    path = tmp_path / "checker.yaml"
    path.write_text(
        "settings:\n  comparison: {rounding: 0.1, gap_ratio: 10}\n  conflict: {gap_level: error}\n",
        "utf-8",
    )
    pack = load_config(path).rule_pack()
    assert (pack.comparison.rounding, pack.comparison.gap_ratio) == (0.1, 10)
    assert pack.comparison.tolerance == 0.0  # the pack's, where the file says nothing
    assert pack.get("conflict").settings["gap_level"] == "error"
    assert issubclass(ConfigError, RuleError)
