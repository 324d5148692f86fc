"""Limits that hold (issue 23, item 4): a rule pack inside its documented limits cannot exhaust
the machine, a misspelt word is an error, twin ids are one id, and a report lists at most
``grouping.max_findings`` findings. Each test rebuilds one of the hostile packs that got
through before. No model is loaded: claims and matches are built by hand."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from test_rules_loader import shipped_pack

from checker.core.errors import RuleError
from checker.core.model import NOTES
from checker.core.settings import MAX_CANDIDATES, MAX_FINDINGS
from checker.rules import load_rules
from checker.rules.loader import MAX_BLANKS, MAX_TEMPLATE, RESERVED_IDS

MT, TM, SS, QN = (
    "machine-translation.yaml",
    "title-mismatch.yaml",
    "single-source.yaml",
    "continental-separator.yaml",
)
AGREE_DEFAULT = '  default: "{source_a} and {source_b} agree on {subject}: {value_a} / {value_b}."'


def refused(tmp_path, file, old, new) -> RuleError:
    folder = shipped_pack(tmp_path, {file: (old, new)})
    with pytest.raises(RuleError) as err:
        load_rules(folder)
    assert err.value.path == str(folder / file)
    assert "\n" not in str(err.value) and len(str(err.value)) < 500, str(err.value)
    return err.value


# --------------------------------------------------------------------------- bounds


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("max_candidates: 16", "max_candidates: 10000", "matching.max_candidates",
         f"must be between 1 and {MAX_CANDIDATES}, got 10000"),
        ("group_over: 25", "group_over: 1000000000", "grouping.group_over",
         "must be between 1 and 1000, got 1000000000"),
        ("shown: 10", "shown: 1000", "grouping.shown", "must be between 1 and 100, got 1000"),
        ("shown: 10", "shown: 10\n  max_findings: 20000", "grouping.max_findings",
         f"must be between 1 and {MAX_FINDINGS}, got 20000"),
    ],
    ids=["max-candidates-10000", "group-over-1e9", "shown-1000", "max-findings-20000"],
)  # fmt: skip
def test_settings_that_multiply_work_are_bounded(tmp_path, old, new, field, words):
    """max_candidates 10,000 and group_over 1e9 gave 2,000 one-line rows 1,999,000 findings,
    13.6 GB and a 1.26 GB JSON."""
    err = refused(tmp_path, "_settings.yaml", old, new)
    assert err.field == field and words in err.message


def test_a_message_blank_repeated_60000_times_is_refused(tmp_path):
    err = refused(
        tmp_path, "agreement.yaml", AGREE_DEFAULT, '  default: "' + "{source_a}" * 60_000 + '"'
    )
    assert err.field == "message.default"
    assert err.message == f"is 600,000 characters long; at most {MAX_TEMPLATE:,} are allowed"


def test_a_template_may_hold_at_most_so_many_blanks(tmp_path):
    many = '  default: "' + "{value_a} " * (MAX_BLANKS + 1) + '"'
    err = refused(tmp_path, "agreement.yaml", AGREE_DEFAULT, many)
    assert err.message == f"holds {MAX_BLANKS + 1} blanks; at most {MAX_BLANKS} are allowed"
    ok = '  default: "' + "{value_a} " * MAX_BLANKS + '"'
    load_rules(shipped_pack(tmp_path / "ok", {"agreement.yaml": (AGREE_DEFAULT, ok)}))


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "words"),
    [
        (MT, "  patterns:\n", "  patterns:\n" + "    - 'x{0}y'\n" * 101, "settings.patterns",
         "holds 105 items; at most 100 are allowed"),
        (TM, "  titles:\n", "  titles:\n" + "    - Mayor\n" * 1000, "settings.titles",
         "holds 1,022 items; at most 1,000 are allowed"),
    ],
    ids=["patterns-105", "titles-1022"],
)  # fmt: skip
def test_lists_that_multiply_work_are_bounded(tmp_path, file, old, new, field, words):
    err = refused(tmp_path, file, old, new)
    assert err.field == field and words in err.message


# --------------------------------------------------------------------------- enumerated words


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "words"),
    [
        (QN, "note: continental-separator", "note: continental-seperator", "settings.note",
         "unknown value 'continental-seperator' (did you mean 'continental-separator'?); "
         "valid: continental-separator, scale-false-friend"),
        (SS, "kinds: [cardinal, percent, money]", "kinds: [cardinal, percnt, money]",
         "settings.kinds[1]", "unknown value 'percnt' (did you mean 'percent'?)"),
        (QN, "languages: [en]", "languages: [eng]", "settings.languages[0]",
         "unknown value 'eng' (did you mean 'en'?)"),
        ("update.yaml", "decrease_level: error", "decrease_level: eror",
         "settings.decrease_level", "unknown value 'eror' (did you mean 'error'?); "
         "valid: info, warning, error"),
        ("conflict.yaml", "  gap_level: warning", "  gap_level: warn", "settings.gap_level",
         "(did you mean 'warning'?)"),
    ],
    ids=["note", "kinds", "languages", "decrease-level", "gap-level"],
)  # fmt: skip
def test_a_misspelt_word_is_an_error_naming_the_nearest(tmp_path, file, old, new, field, words):
    """A misspelt note: or kinds: matched nothing: the rule was silently off."""
    err = refused(tmp_path, file, old, new)
    assert err.field == field and words in err.message


def test_the_extractor_notes_only_what_rules_may_name():
    """NOTES is the vocabulary of ``note:``; the extractor must not note anything else."""
    import re

    root = Path(__file__).resolve().parents[1] / "checker" / "read"
    written = {
        m.group(1)
        for path in root.rglob("*.py")
        for m in re.finditer(r"notes\.append\(\"([^\"]+)\"\)", path.read_text("utf-8"))
    }
    assert written and written <= set(NOTES), written - set(NOTES)


# --------------------------------------------------------------------------- regexes


@pytest.mark.parametrize(
    "pattern",
    [r"(?=translated)", r"(?i)(?=machine)", r"\b", r"(?<=AI)", r"(?:\bAI)?(?=x)", r"^", r"$"],
)
def test_a_pattern_that_matches_only_the_empty_string_is_refused(tmp_path, pattern):
    """An empty-matching lookahead loaded: the document check skips empty matches, so the
    rule silently flagged nothing."""
    err = refused(tmp_path, MT, "    - '\\bversions", f"    - '{pattern}'\n    - '\\bversions")
    assert err.field == "settings.patterns[1]" and "matches the empty string" in err.message


@pytest.mark.parametrize("pattern", [r"(?=AI)AI\b", r"\p{Lu}{2,}\s+translat", r"\btranslat\w+"])
def test_a_pattern_that_needs_text_loads(tmp_path, pattern):
    load_rules(
        shipped_pack(
            tmp_path, {MT: ("    - '\\bversions", f"    - '{pattern}'\n    - '\\bversions")}
        )
    )


# --------------------------------------------------------------------------- rule ids


def test_nfc_and_nfd_twin_ids_are_one_id(tmp_path):
    """café.yaml typed precomposed and decomposed: two files, one id that looks the same."""
    folder = shipped_pack(tmp_path, {})
    nfc, nfd = (unicodedata.normalize(form, "café") for form in ("NFC", "NFD"))
    assert nfc != nfd
    shutil.copy(folder / "conflict.yaml", folder / f"{nfc}.yaml")
    shutil.copy(folder / "conflict.yaml", folder / f"{nfd}.yaml")
    with pytest.raises(RuleError) as err:
        load_rules(folder)
    assert err.value.field == "id"
    assert "after Unicode (NFC) normalisation" in err.value.message


def test_a_decomposed_file_name_gives_the_composed_id(tmp_path):
    folder = shipped_pack(tmp_path, {})
    nfd = unicodedata.normalize("NFD", "café")
    text = (folder / "conflict.yaml").read_text("utf-8")
    (folder / f"{nfd}.yaml").write_text(f"id: {unicodedata.normalize('NFC', 'café')}\n" + text)
    pack = load_rules(folder)
    assert pack.get(unicodedata.normalize("NFC", "café")).kind == "conflict"


def test_the_cap_line_id_is_reserved(tmp_path):
    folder = shipped_pack(tmp_path, {})
    shutil.copy(folder / "conflict.yaml", folder / f"{RESERVED_IDS[0]}.yaml")
    with pytest.raises(RuleError, match="the checker's own finding"):
        load_rules(folder)
