"""Rule files are validated strictly: errors name the file, the line and the field."""

from __future__ import annotations

import copy
import os
import shutil
import signal
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from hypothesis import example, given, settings
from hypothesis import strategies as st

from checker.core.errors import RuleError
from checker.rules import load_rule, load_rules

GOOD = """\
kind: conflict
level: error
title: Figures disagree
message: "{subject}: {value_a} vs {value_b}"
settings:
  confident: 0.8
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_rule_loads_with_defaults(tmp_path):
    rule = load_rule(write(tmp_path, "my-conflict.yaml", GOOD))
    assert rule.id == "my-conflict"
    assert rule.settings == {
        "within_document_level": "warning",
        "gap_level": "warning",
        "forecast_level": "info",
        "confident": 0.8,
        "doubtful_level": "warning",
    }
    assert rule.message == {"default": "{subject}: {value_a} vs {value_b}"}


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        (GOOD + "severity: error\n", 7, "severity", "unknown key"),
        (
            GOOD.replace("  confident", "  confidnet"),
            6,
            "settings.confidnet",
            "did you mean 'confident'",
        ),
        (
            GOOD.replace("  confident: 0.8", "  rounding: 0.05"),
            6,
            "settings.rounding",
            "has moved to comparison.rounding in _settings.yaml",
        ),
        (GOOD.replace("kind: conflict", "kind: conflcit"), 1, "kind", "did you mean 'conflict'"),
        (GOOD.replace("level: error", "level: fatal"), 2, "level", "info, warning, error"),
        (
            GOOD.replace("confident: 0.8", "confident: lots"),
            6,
            "settings.confident",
            "must be a number",
        ),
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
    from checker.core.errors import RuleError as Err

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


# --------------------------------------------------------------------------- hostile rule packs

SHIPPED = Path(__file__).resolve().parents[1] / "rules"
BOMB = "".join(
    f"  {name}: &{name} [{', '.join([f'*{prev}'] * 9 if prev else ['x'] * 9)}]\n"
    for prev, name in zip([None, *"abcdefgh"], "abcdefghi", strict=True)
)  # "billion laughs": 9 levels of 9 aliases, 387 million values once expanded


@pytest.fixture
def deadline():
    """Fail a test that hangs (an alias bomb, a FIFO) instead of hanging the suite."""

    def expired(signum, frame):
        raise TimeoutError("still loading after 20 s")

    before = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, before)


def shipped_pack(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    """A copy of the project's rules with ``{file: (old, new)}`` edits applied."""
    folder = tmp_path / "rules"
    shutil.copytree(SHIPPED, folder)
    for name, (old, new) in edits.items():
        path = folder / name
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


MT, TM = "machine-translation.yaml", "title-mismatch.yaml"
MT_PATTERN = "    - '\\bversions"
MT_TIMEOUT = "  flag: machine-translated"


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "field", "words"),
    [
        # wrong types that crashed later with a traceback
        (MT, MT_PATTERN, "    - 5\n" + MT_PATTERN, 12, "settings.patterns[1]", "must be text"),
        (TM, "    - President\n", "    - 5\n", 10, "settings.titles[0]", "must be text"),
        (TM, "[Prime Minister, PM,", "[Prime Minister, 7,", 33, "settings.same_office[0][1]",
         "must be text"),
        ("conflict.yaml", "kind: conflict", "kind: [conflict]", 1, "kind", "must be text"),
        ("agreement.yaml", '  flag:\n    - a: "At least 51 people were killed in the strikes on '
         'Wednesday."', "  flag:\n    - a: 51", 12, "examples.flag[0].a", "must be text"),
        ("update.yaml", "date_a: 2024-09-25", "date_a: 2024-13-45", 19,
         "examples.flag[0].date_a", "month must be in 1..12"),
        ("_settings.yaml", "  # vague amounts, e.g.:  hundreds: [200, 999]",
         "  vague:\n    hundreds: 5", 9, "semantics.vague.hundreds", "must be [low, high]"),
        # numbers that cannot be held, and YAML that cannot be built
        ("single-source.yaml", "min_documents: 2", "min_documents: " + "9" * 5000, 10,
         "settings.min_documents", "a number 5,000 characters long"),
        ("conflict.yaml", "  gap_level: warning", "  gap_level: " + "[" * 200 + "]" * 200, 15,
         "settings.gap_level[0][0][0][0]...", "nested more than 32 levels deep"),
        ("conflict.yaml", "settings:\n", "x-bomb:\n" + BOMB + "settings:\n", 15, "x-bomb.b[0]",
         "aliases (*name) are not allowed"),
        ("_settings.yaml", "semantics:\n", "semantics:\n  vague:\n" + BOMB.replace("  ", "    ", 9),
         7, "semantics.vague.b[0]", "aliases (*name) are not allowed"),
        # settings that disarm the checker
        ("_settings.yaml", "rounding: 0.05", "rounding: -0.5", 27, "comparison.rounding",
         "must be between 0 and 1, got -0.5"),
        ("_settings.yaml", "rounding: 0.05", "rounding: .nan", 27, "comparison.rounding",
         "must be a finite number, got nan"),
        ("_settings.yaml", "tolerance: 0.0", "tolerance: -.inf", 28, "comparison.tolerance",
         "must be a finite number, got -inf"),
        ("_settings.yaml", "tolerance: 0.0", "tolerance: -0.01", 28, "comparison.tolerance",
         "must be at least 0, got -0.01"),
        ("update.yaml", "  undated_level", "  tolerance: 0.0\n  undated_level", 13,
         "settings.tolerance", "has moved to comparison.tolerance in _settings.yaml"),
        ("_settings.yaml", "similarity: 0.55", "similarity: -1", 12, "matching.similarity",
         "must be between 0 and 1, got -1.0"),
        ("_settings.yaml", "similarity_loose: 0.75", "similarity_loose: 1.5", 13,
         "matching.similarity_loose", "must be between 0 and 1"),
        (MT, MT_TIMEOUT, MT_TIMEOUT + "\n  timeout: 1.0e+9", 10, "settings.timeout",
         "must be between 0.01 and 10, got 1000000000.0"),
        (MT, MT_TIMEOUT, MT_TIMEOUT + "\n  timeout: 0", 10, "settings.timeout",
         "must be between 0.01 and 10, got 0.0"),
        (MT, MT_TIMEOUT, MT_TIMEOUT + "\n  timeout: .nan", 10, "settings.timeout",
         "must be a finite number"),
        (MT, MT_PATTERN, "    - 'x*'\n" + MT_PATTERN, 12, "settings.patterns[1]",
         "pattern 'x*' matches the empty string"),
        (MT, MT_PATTERN, "    - 'foo|'\n" + MT_PATTERN, 12, "settings.patterns[1]",
         "matches the empty string"),
        ("conflict.yaml", "says {value_b}.\"", "says {value_b:>300000000}.\"", 8,
         "message.default", "blank {value_b} takes no format spec or conversion (got "
         "':>300000000')"),
        ("conflict.yaml", "says {value_b}.\"", "says {value_b!r}.\"", 8, "message.default",
         "takes no format spec or conversion"),
    ],
    ids=["pattern-int", "title-int", "office-int", "kind-list", "example-int", "example-date",
         "vague-int", "int-5000-digits", "nested-200", "alias-bomb-rule", "alias-bomb-settings",
         "rounding-negative", "rounding-nan", "tolerance-inf", "tolerance-negative", "moved",
         "similarity-negative", "similarity-over-1", "timeout-huge", "timeout-zero",
         "timeout-nan", "pattern-star", "pattern-empty-alternative", "format-spec-width",
         "format-conversion"],
)  # fmt: skip
def test_hostile_rule_packs_are_one_line_errors(
    tmp_path, deadline, file, old, new, line, field, words
):
    folder = shipped_pack(tmp_path, {file: (old, new)})
    with pytest.raises(RuleError) as err:
        load_rules(folder)
    assert (err.value.path, err.value.line, err.value.field) == (str(folder / file), line, field)
    assert words in err.value.message
    assert "\n" not in str(err.value) and len(str(err.value)) < 400


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: os.mkfifo(p), "not a regular file (a FIFO, socket or device)"),
        (lambda p: p.mkdir(), "not a regular file (a folder)"),
        (lambda p: p.write_text("why: '" + "x" * 1_000_001 + "'\n"), "is over the 1 MB limit"),
    ],
    ids=["fifo", "folder", "over-1MB"],
)
def test_rule_files_that_are_not_plain_files_are_refused(tmp_path, deadline, make, message):
    """A FIFO in the rules folder blocked the run forever (a device is refused the same way)."""
    folder = shipped_pack(tmp_path, {})
    make(folder / "zz.yaml")
    with pytest.raises(RuleError) as err:
        load_rules(folder)
    assert str(err.value) == f"{folder / 'zz.yaml'}: {message}"


@pytest.mark.parametrize("other", ["conflict.yml", "Conflict.yaml", "CONFLICT.YML"])
def test_two_files_with_one_id_are_an_error(tmp_path, other):
    """conflict.yml beside conflict.yaml, or ids differing in case, loaded without a word."""
    folder = shipped_pack(tmp_path, {})
    shutil.copy(folder / "conflict.yaml", folder / other)
    first, second = sorted([other, "conflict.yaml"])
    with pytest.raises(RuleError) as err:
        load_rules(folder)
    assert str(err.value) == (
        f"{folder / second}:1 [id]: '{Path(second).stem}' is also the id of {first}: a rule's "
        "id is its file name, compared without case; rename or remove one"
    )


def test_a_yml_rule_is_loaded_not_ignored(tmp_path):
    folder = shipped_pack(tmp_path, {})
    (folder / "single-source.yaml").rename(folder / "single-source.yml")
    (folder / "_settings.yaml").rename(folder / "_settings.yml")
    (folder / "_settings.yml").write_text("matching:\n  similarity: 0.9\n", encoding="utf-8")
    pack = load_rules(folder)
    assert pack.get("single-source").path == str(folder / "single-source.yml")
    assert pack.matching.similarity == 0.9


#: Number settings that may hold any finite number, on purpose.
UNBOUNDED = {"min_value"}  # single-source: a figure below this is not listed (may be negative)


def test_every_setting_is_declared_once_with_type_default_limits_and_help():
    """A new kind setting (or _settings.yaml field) says, where it is declared, what values
    it takes and what it does: there is no other list to keep in step."""
    from checker.core.settings import RuleSetting, declared, help_of, limits_of
    from checker.rules.kinds import KINDS
    from checker.rules.loader import SETTINGS_SECTIONS

    for kind in KINDS.values():
        for name, spec in kind.SETTINGS.items():
            assert isinstance(spec, RuleSetting), f"{kind.__name__}: {name}"
            assert spec.help.strip(), f"{kind.__name__}: {name} has no help"
            if spec.type in (int, float, list, dict) and name not in UNBOUNDED:
                assert spec.limits, f"{kind.__name__}: {name} has no limits"
    for section, cls in SETTINGS_SECTIONS.items():
        for name, f in declared(cls).items():
            assert help_of(f).strip(), f"{section}.{name} has no help"
            if f.type not in ("bool",):
                assert limits_of(f), f"{section}.{name} has no limits"


def test_a_setting_name_means_the_same_in_every_kind():
    from checker.rules.kinds import KINDS

    seen: dict[str, tuple] = {}
    for kind in KINDS.values():
        for name, spec in kind.SETTINGS.items():
            mine = (spec.type, spec.limits)
            assert seen.setdefault(name, mine) == mine, f"{name} differs in {kind.__name__}"


def test_a_value_outside_its_declared_limits_is_refused_in_one_line(tmp_path):
    """The limits a declaration carries are the ones the loader checks (not a copy)."""
    import shutil

    from checker.rules.loader import default_rules_dir

    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    (folder / "_settings.yaml").write_text("matching:\n  same_quantity: 1.5\n", encoding="utf-8")
    with pytest.raises(
        RuleError,
        match=r"_settings.yaml:2 \[matching.same_quantity\]: must be between 0 and 1, got 1.5",
    ):
        load_rules(folder)


def test_the_settings_page_is_made_from_the_declarations():
    """docs/settings.md lists every setting as declared; rewrite it after a change with
    .venv/bin/python -m checker.rules.describe > docs/settings.md"""
    from checker.rules.describe import settings_page

    page = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert page == settings_page(), (
        "docs/settings.md is out of date: .venv/bin/python -m checker.rules.describe > docs/settings.md"
    )


def test_shipped_rules_keep_their_values_within_limits():
    pack = load_rules()
    assert pack.comparison.rounding == 0.05
    assert pack.get("machine-translation").settings["timeout"] == 2.0


# --------------------------------------------------------------------------- property


def _paths(value, path=()):
    """Every key path in a rule file's data: mapping keys and list items, at any depth."""
    if path:
        yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*path, i))


SHIPPED_DATA = {
    p.name: yaml.safe_load(p.read_text("utf-8")) for p in sorted(SHIPPED.glob("*.yaml"))
}
FIELDS = [(name, path) for name, data in SHIPPED_DATA.items() for path in _paths(data)]
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30) | st.dates()
    | st.sampled_from(["", " ", "x*", "(", "{subject:>999}", "{", "error", "conflict", "[1, 2]"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner,
                                                                 max_size=3),
    max_leaves=8,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(FIELDS), YAML_VALUES)
@example(("_settings.yaml", ("semantics",)), {"\n": None})  # a key that broke the line
@example(("_settings.yaml", ("comparison", "rounding")), 10**99)
def test_any_value_in_any_field_of_a_shipped_rule_loads_or_is_a_rule_error(field, value):
    """Random YAML in each field of each shipped rule (and _settings.yaml): the rule loads,
    or a RuleError names the file, the line and the field; never another exception."""
    name, path = field
    data = copy.deepcopy(SHIPPED_DATA[name])
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        file = folder / name
        file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        if name.startswith("_"):
            shutil.copy(SHIPPED / "conflict.yaml", folder / "conflict.yaml")
        try:
            load_rules(folder) if name.startswith("_") else load_rule(file)
        except RuleError as err:
            assert err.path == str(file) and err.line is not None and err.field, str(err)
            assert "\n" not in str(err) and len(str(err)) < 500, str(err)
