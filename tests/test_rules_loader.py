"""Rule files are validated strictly: errors name the file, the line and the field."""

from __future__ import annotations

import pytest

from checker.errors import RuleError
from checker.rules import load_rule, load_rules

GOOD = """\
kind: conflict
level: error
title: Figures disagree
message: "{subject}: {value_a} vs {value_b}"
settings:
  rounding: 0.05
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_rule_loads_with_defaults(tmp_path):
    rule = load_rule(write(tmp_path, "my-conflict.yaml", GOOD))
    assert rule.id == "my-conflict"
    assert rule.settings == {
        "rounding": 0.05,
        "tolerance": 0.0,
        "within_document_level": "warning",
        "gap_ratio": 20.0,
        "gap_level": "warning",
        "forecast_level": "info",
    }
    assert rule.message == {"default": "{subject}: {value_a} vs {value_b}"}


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        (GOOD + "severity: error\n", 7, "severity", "unknown key"),
        (GOOD.replace("  rounding", "  roundng"), 6, "settings.roundng", "did you mean 'rounding'"),
        (GOOD.replace("kind: conflict", "kind: conflcit"), 1, "kind", "did you mean 'conflict'"),
        (GOOD.replace("level: error", "level: fatal"), 2, "level", "info, warning, error"),
        (GOOD.replace("0.05", "lots"), 6, "settings.rounding", "must be a number"),
        (GOOD.replace("{subject}", "{subjet}"), 4, "message", "did you mean 'subject'"),
        (GOOD.replace("title: Figures disagree\n", ""), 1, "title", "is required"),
        (GOOD + "id: other\n", 7, "id", "must equal the file name"),
        (GOOD + "examples:\n  flag:\n    - a: only a\n", 9, "examples.flag[0]", "both 'a' and 'b'"),
    ],
)
def test_rule_errors_name_file_line_and_field(tmp_path, text, line, field, words):
    path = write(tmp_path, "r.yaml", text)
    with pytest.raises(RuleError) as err:
        load_rule(path)
    assert err.value.line == line
    assert err.value.field == field
    assert words in str(err.value)
    assert str(err.value).startswith(f"{path}:{line} [{field}]")


def test_malformed_yaml_names_the_line(tmp_path):
    path = write(tmp_path, "r.yaml", "kind: conflict\nlevel: [error\ntitle: x\n")
    with pytest.raises(RuleError) as err:
        load_rule(path)
    assert err.value.line in (2, 3) and "invalid YAML" in str(err.value)


def test_bad_regex_fails_at_load_time(tmp_path):
    text = (
        "kind: document-pattern\nlevel: info\ntitle: t\nmessage: '{doc}'\n"
        "settings:\n  patterns: ['(unclosed']\n"
    )
    with pytest.raises(RuleError) as err:
        load_rule(write(tmp_path, "mt.yaml", text))
    assert "settings.patterns[0]" in str(err.value) and "bad regex" in str(err.value)
    assert err.value.line == 6


def test_settings_file_rejects_unknown_keys(tmp_path):
    write(tmp_path, "conflict.yaml", GOOD)
    write(tmp_path, "_settings.yaml", "matching:\n  similarty: 0.6\n")
    with pytest.raises(RuleError) as err:
        load_rules(tmp_path)
    assert err.value.line == 2 and "did you mean 'similarity'" in str(err.value)


def test_settings_file_overrides_semantics(tmp_path):
    write(tmp_path, "conflict.yaml", GOOD)
    write(
        tmp_path,
        "_settings.yaml",
        "semantics:\n  approximate: 0.2\n  vague:\n    dozens: [12, 99]\n",
    )
    pack = load_rules(tmp_path)
    assert pack.semantics.approximate == 0.2
    assert pack.semantics.vague["dozens"] == (12.0, 99.0)
    assert pack.semantics.vague["hundreds"] == (200, 999)


def test_project_rule_pack_loads():
    pack = load_rules()
    ids = {r.id for r in pack.rules}
    assert {"agreement", "conflict", "update", "single-source", "title-mismatch",
            "machine-translation", "continental-separator", "scale-false-friend"} <= ids  # fmt: skip


def test_catastrophic_regex_times_out_with_a_message(tmp_path):
    from checker import check, document_from_text
    from checker.errors import RuleError as Err

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow.yaml").write_text(
        "kind: document-pattern\nlevel: info\ntitle: t\nmessage: '{doc}'\n"
        "settings:\n  timeout: 0.2\n  patterns: ['(a|aa)+b']\n",
        encoding="utf-8",
    )
    doc = document_from_text("a" * 60, "hostile")
    with pytest.raises(Err) as err:
        check([doc], rules)
    assert "timed out" in str(err.value) and "slow.yaml:7" in str(err.value)
