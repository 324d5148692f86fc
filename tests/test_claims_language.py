"""The claims stage's words as data: every key of ``lang/en/claims.yaml`` is known and read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from checker.lang.lexicon import _lexicon, alternation, claims_keys, lexicon

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
