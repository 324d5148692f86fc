"""Languages as data for the claims stage: the Language a document's claims are read in (with
grammar, without grammar and flagged, or not at all), and every key of ``lang/en/claims.yaml``
known and read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import checker.lang as lang
from checker import api, document_from_text, extract_claims
from checker.core.errors import CheckerError
from checker.lang.lexicon import (
    _lexicon,
    alternation,
    claims_keys,
    grammar_notes,
    language,
    lexicon,
)
from checker.read import claims as claims_module
from checker.read.nearby import read_nearby

PACKAGE = Path(__file__).resolve().parents[1] / "checker"


def _keys_of(code: str) -> set[str]:
    text = (PACKAGE / "lang" / code / "claims.yaml").read_text("utf-8")
    return set(yaml.load(text, Loader=yaml.BaseLoader))


def test_every_key_of_the_english_claims_data_is_read_by_the_code():
    """No dead data: each key is a field of the Lexicon, and each field is read somewhere in the
    package besides the loader (``.field`` in a module's source)."""
    keys = claims_keys()
    assert _keys_of("en") == set(keys)
    sources = "\n".join(
        p.read_text("utf-8") for p in PACKAGE.rglob("*.py") if p.name != "lexicon.py"
    )
    unread = sorted(k for k, field in keys.items() if not re.search(rf"\.{field}\b", sources))
    assert not unread, f"claims.yaml keys no module reads: {unread}"


def test_a_misspelled_key_is_an_error_naming_file_and_key():
    with pytest.raises(KeyError, match=r"xx/claims.yaml: unknown key 'hedgez'"):
        _lexicon("xx", {"hedgez": ["may"]})


def test_a_key_left_out_is_an_empty_list():
    words = _lexicon("xx", {"hedges": ["may"]})
    assert words.hedges == {"may"} and words.negations == frozenset() and words.event_of == {}


def test_entries_stay_strings():
    """YAML 1.1 would read "no" and "on" as booleans: the loader keeps every entry a string."""
    lex = lexicon()
    assert "no" in lex.negations and "on" in lex.overlap_stop_words


@pytest.mark.parametrize(
    ("words", "text", "found"),
    [
        (["age of"], "the age  of", True),  # a space in a phrase: any run of spaces
        (["outnumber*"], "outnumbered", True),  # a final star: any ending
        (["-year-old"], "a 5-year-old", True),  # written as is, escaped
        ([], "", False),  # no words match nothing, not everything
        ([], "anything", False),
    ],
)
def test_alternation(words, text, found):
    assert bool(re.search(alternation(words), text)) is found


# ------------------------------------------------------------------------- the Language


def test_english_is_read_with_grammar():
    en = language("en")
    assert en.numbers and en.words is lexicon() and en.pipeline == "en_core_web_sm"
    assert en.grammar and en.flag is None
    assert language(None) is en and language("en-GB") is en


@pytest.mark.parametrize("code", ["de", "es", "id", "pt-BR", "nl_BE"])
def test_number_data_without_claims_data_is_read_without_grammar(code):
    chosen = language(code)
    assert chosen.numbers and chosen.words is None and chosen.pipeline == ""
    assert not chosen.grammar and chosen.flag == lang.NO_GRAMMAR_FLAG
    assert chosen.stop_words  # identify.yaml: what the guess skips


@pytest.mark.parametrize("code", ["it", "sv", "xx"])
def test_a_language_without_number_data_stays_unsupported(code):
    chosen = language(code)
    assert not chosen.numbers and not chosen.grammar and chosen.flag == lang.UNSUPPORTED_FLAG


GERMAN = (
    "Mindestens 51 Menschen wurden getötet und mehr als 220 verletzt, teilte das Ministerium "
    "mit. Die Regierung versprach 2,5 Millionen Euro für den Wiederaufbau."
)


def test_german_claims_are_never_parsed(monkeypatch):
    """German has number data but no claims data: never parsed, by any pipeline."""

    def no_parse(*args, **kwargs):
        raise AssertionError("a German text reached a parser")

    monkeypatch.setattr(claims_module, "read_sentences", no_parse)
    found = extract_claims(document_from_text(GERMAN, "de1", language="de"))
    assert [c.quantity.text for c in found] == [
        "Mindestens 51",
        "mehr als 220",
        "2,5 Millionen Euro",
    ]
    people, injured, money = found
    assert (people.subject, injured.subject, money.subject) == ("Menschen", "verletzt", "")
    for c in found:  # nothing the parse would say is claimed
        assert c.role == "" and c.event is None and c.predicate == "" and c.agent == ""
        assert c.places == () and c.times == () and c.entities == () and not c.negated
        assert "[NUM]" in c.key_text and c.quantity.text not in c.key_text


@pytest.mark.model
def test_english_claims_are_read_with_grammar():
    (c,) = extract_claims(document_from_text("At least 51 people were killed.", "en1"))
    assert c.role == "modifier" and c.event == "kill" and c.head == "people"


def test_the_guess_skips_stop_words_and_stops_at_punctuation():
    stops = language("fr").stop_words
    text = "Il y a 2 millions de personnes, et 40 ."
    (a, b) = read_nearby(text, [(9, 19), (35, 37)], ["cardinal", "cardinal"], stops)
    assert a.counted == "personnes" and a.head == "personnes"
    assert b.counted == "" and b.key.endswith("[NUM]")


@pytest.mark.model
def test_a_report_flags_and_explains_claims_read_without_grammar(capsys):
    de = document_from_text(GERMAN, "de1", language="de")
    en = document_from_text("At least 51 people were killed in the attack.", "en1")
    report = api.check([de, en])
    assert report.flags == {"de1": [lang.NO_GRAMMAR_FLAG]}
    assert report.notes == (f"de1: {lang.NO_GRAMMAR_NOTE}",)
    assert {c.doc for c in report.claims} == {"de1", "en1"}
    assert grammar_notes([en]) == ()


def test_the_note_names_at_most_five_documents():
    docs = [document_from_text("Au moins 5 personnes.", f"d{i}", language="de") for i in range(7)]
    (note,) = grammar_notes(docs)
    assert note.startswith("d0, d1, d2, d3, d4 and 2 more: claims read without grammar")


def test_an_unsupported_language_keeps_its_flag_and_reads_nothing():
    with pytest.warns(lang.UnsupportedLanguageWarning):
        it = document_from_text("Almeno 1.500 persone sono morte, secondo la polizia.", "it1")
        report = api.check([it])
    assert report.flags == {"it1": [lang.UNSUPPORTED_FLAG]}
    assert report.claims == () and report.notes == ()


def test_the_claims_command_says_so(tmp_path):
    from typer.testing import CliRunner

    from checker.cli import app

    path = tmp_path / "de.md"
    path.write_text(f"---\nlanguage: de\n---\n{GERMAN}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["claims", str(path)])
    assert result.exit_code == 0, result.output
    assert "Menschen" in result.stdout
    assert f"checker: note: de: {lang.NO_GRAMMAR_NOTE}" in result.stderr


def test_a_pipeline_without_a_hash_list_is_not_pinned():
    from checker.read.parser import load_pipeline

    with pytest.raises(CheckerError, match="no spaCy pipeline 'de_core_news_sm' is pinned"):
        load_pipeline("de_core_news_sm")
