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
from checker.core.model import NOTES, Claim, Document, Finding, Match, Quantity, Report
from checker.core.settings import MAX_CANDIDATES, MAX_FINDINGS, GroupingSettings
from checker.report import render
from checker.rules import group_findings, load_rules, run_rules, sort_findings
from checker.rules.engine import MAX_MESSAGE
from checker.rules.grouping import CAP_RULE, cap_findings
from checker.rules.loader import MAX_BLANKS, MAX_TEMPLATE

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
    shutil.copy(folder / "conflict.yaml", folder / f"{CAP_RULE}.yaml")
    with pytest.raises(RuleError, match="the checker's own finding"):
        load_rules(folder)


# --------------------------------------------------------------------------- by hand


def _claim(i: int, doc: str, value: float = 51) -> Claim:
    text = f"{value:g}"
    q = Quantity(text=text, start=18, end=18 + len(text), value=value, low=value, high=value)
    return Claim(id=f"{doc}#1", doc=doc, sentence=0, quantity=q, subject="aid trucks",
                 event="enter", key_text="The ministry said # aid trucks entered Gaza.")  # fmt: skip


def _rows(n: int) -> tuple[list[Document], list[Claim]]:
    docs = [
        Document(id=f"r{i}", text="The ministry said 51 aid trucks entered Gaza on Sunday.")
        for i in range(n)
    ]
    return docs, [_claim(i, d.id) for i, d in enumerate(docs)]


def _report(docs, claims, findings) -> Report:
    return Report(documents=tuple(docs), claims=tuple(claims), matches=(),
                  findings=tuple(findings), model="none")  # fmt: skip


def test_what_fills_a_blank_and_the_message_are_cut(tmp_path):
    """A ``{match}`` of a whole article, twenty times over, made a megabyte message."""
    folder = shipped_pack(
        tmp_path,
        {MT: ("    - '\\bversions", "    - '(?s)machine-translated.+'\n    - '\\bversions")},
    )
    rule = folder / MT
    text = rule.read_text("utf-8")
    head, _, rest = text.partition("message: ")
    rule.write_text(head + 'message: "' + "{match} " * MAX_BLANKS + '"\n' + rest.partition("\n")[2])
    doc = Document(id="d", text="This article was machine-translated. " + "x" * 1_000_000)
    findings, _ = run_rules(load_rules(folder), [doc], [], [])
    (f,) = [f for f in findings if f.rule == "machine-translation"]
    assert len(f.message) == MAX_MESSAGE and f.message.endswith("…")


def _cliques(size: int, count: int) -> tuple[list[Document], list[Claim], list[Match]]:
    """``count`` sets of ``size`` claims, each claim matched with every other of its set:
    (size - 1) candidates each, within max_candidates, and size x (size - 1) / 2 pair
    findings a set, under group_over: nothing is grouped."""
    docs, claims = _rows(size * count)
    matches = [
        Match(a=claims[s + i], b=claims[s + j], similarity=0.99, subject_score=100.0)
        for s in range(0, size * count, size)
        for i in range(size)
        for j in range(i + 1, size)
    ]
    return docs, claims, matches


def test_a_report_lists_at_most_max_findings_and_says_how_many_more(tmp_path):
    folder = shipped_pack(
        tmp_path, {"_settings.yaml": ("shown: 10", "shown: 10\n  max_findings: 50")}
    )
    pack = load_rules(folder)
    docs, claims, matches = _cliques(size=6, count=10)  # 150 pair findings, 15 a set
    findings, _ = run_rules(pack, docs, claims, matches)
    assert len(findings) == 150
    out = sort_findings(group_findings(sort_findings(findings), claims, pack.grouping))
    assert len(out) == 51
    last = out[-1]
    assert last.rule == CAP_RULE and last.evidence == ()
    assert last.message.startswith("… 100 more findings not shown: the cap is 50")
    assert last.details["capped"] == {
        "cap": 50, "shown": 50, "more": 100, "by_level": {"info": 100},
        "by_verdict": {"agree": 100}, "by_rule": {"agreement": 100},
    }  # fmt: skip
    report = _report(docs, claims, out)
    for fmt in ("text", "markdown", "json", "html", "github"):
        assert "100 more findings not shown: the cap is 50" in render(report, fmt), fmt


def test_the_cap_keeps_the_worst_findings():
    def finding(i: int, level: str) -> Finding:
        return Finding("r", "conflict", level, f"m{i}")

    findings = [finding(i, "info") for i in range(30)] + [finding(99, "error")]
    out = cap_findings(findings, 5)
    assert [f.level for f in out[:5]] == ["error", "info", "info", "info", "info"]
    assert out[-1].level == "info" and out[-1].details["capped"]["more"] == 26
    assert cap_findings(findings, 31) == findings  # within the cap: untouched, in order
    assert len(cap_findings(findings * 400, 10**9)) == MAX_FINDINGS + 1  # never past the hard cap


def test_the_worst_legal_pack_stays_within_its_bound(tmp_path):
    """Every setting at its most, the longest legal message; claims in sets of 45 (44
    candidates each, under max_candidates) whose 990 findings a set stay under group_over:
    the most findings a legal pack can produce without grouping. The report holds at most
    MAX_FINDINGS + 1 findings of bounded length."""
    template = '  default: "' + ("{source_a} " * MAX_BLANKS).ljust(MAX_TEMPLATE, "x") + '"'
    folder = shipped_pack(tmp_path, {"agreement.yaml": (AGREE_DEFAULT, template)})
    settings = folder / "_settings.yaml"
    text = settings.read_text("utf-8")
    for old, new in (
        ("max_candidates: 16 ", f"max_candidates: {MAX_CANDIDATES} "),
        ("group_over: 25 ", "group_over: 1000 "),
        ("shown: 10 ", f"max_findings: {MAX_FINDINGS}\n  shown: 100 "),
    ):
        assert old in text, old
        text = text.replace(old, new)
    settings.write_text(text, "utf-8")
    pack = load_rules(folder)
    assert pack.grouping == GroupingSettings(group_over=1000, shown=100, max_findings=MAX_FINDINGS)
    assert pack.matching.max_candidates == MAX_CANDIDATES
    docs, claims, matches = _cliques(size=45, count=12)  # 11,880 pair findings
    findings, _ = run_rules(pack, docs, claims, matches)
    assert len(findings) == 12 * 990
    out = sort_findings(group_findings(sort_findings(findings), claims, pack.grouping))
    assert len(out) == MAX_FINDINGS + 1 and out[-1].rule == CAP_RULE
    assert max(len(f.message) for f in out) <= MAX_MESSAGE
    size = len(render(_report(docs, claims, out), "json"))
    assert size < 20 * 2**20, size  # 10,001 findings of <= 1,000 characters: under 20 MB
