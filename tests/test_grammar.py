"""Claims read from the dependency parse: what a figure counts, who, where, and names that are
not quantities. Our own sentences."""

from __future__ import annotations

import pytest

from checker import document_from_text
from checker.lang.lexicon import language
from checker.read.claims import extract_claims
from checker.read.reading import ReadingCache, read_sentences


def claims_of(text: str):
    return extract_claims(document_from_text(text, "d"))


@pytest.mark.parametrize(
    "text",
    [
        "Mourners gathered at Ground Zero on Sunday.",
        "Lawmakers argued over Title 42 for hours.",
        "The airline grounded its Boeing 737 jets.",
        "The court ruled on lease 257 in January.",
        "A judge voided another offshore lease, lease 318, last week.",
        "Critics of the 1776 report met on Tuesday.",
        "The 1619 Project was taught in some schools.",
    ],
)
@pytest.mark.model
def test_figures_inside_names_are_not_claims(text):
    assert [c.quantity.text for c in claims_of(text)] == []


def test_nine_eleven_is_not_eleven_victims():
    assert all(c.quantity.value != 11 for c in claims_of("The fund paid 9/11 victims' families."))


@pytest.mark.model
def test_counted_noun_event_and_agent_come_from_the_tree():
    killed, injured = claims_of("At least 51 people were killed and more than 220 injured.")
    assert (killed.head, killed.event, killed.role) == ("people", "kill", "modifier")
    assert (injured.head, injured.event) == ("people", "injure")
    (held,) = claims_of("The 240 hostages held by Hamas were not released.")
    assert (held.head, held.event, held.agent) == ("hostage", "hold", "Hamas")


@pytest.mark.model
def test_money_has_an_agent_and_a_purpose():
    (asked, rest) = claims_of(
        "The mayor requested $2.4 million for the new bridge, but the council approved all "
        "but $12,300 of the budget."
    )
    assert (asked.agent, asked.purpose, asked.predicate) == ("mayor", "new bridge", "request")
    assert rest.role == "remainder"


@pytest.mark.model
def test_rose_to_reads_the_subject_as_what_is_counted():
    (c,) = claims_of("Casualties rose to over 9,000 in Gaza on Monday, officials said.")
    assert (c.role, c.head, c.places, c.times) == ("change-to", "casualty", ("Gaza",), ("monday",))


@pytest.mark.model
def test_modifiers_keep_qualifiers_of_the_counted_thing():
    (c,) = [x for x in claims_of("By then 29 states had legalized medical marijuana.")]
    assert c.head == "state" and "medical" in c.modifiers


@pytest.mark.model
def test_two_peoples_tax_rates_are_not_matched():
    from checker.api import compare_texts

    findings = compare_texts(
        "The couple's tax rate was 20.5 percent last year.",
        "Trump's tax rate was 35 percent last year.",
    )
    assert [f.verdict for f in findings if f.verdict == "conflict"] == []


@pytest.mark.model
def test_readings_are_cached_by_sentence(tmp_path):
    cache = ReadingCache(tmp_path / "r.sqlite")
    item = ("Hamas is holding 242 hostages.", ((17, 20),))
    (first,) = read_sentences([item], language("en"), cache)
    reopened = ReadingCache(tmp_path / "r.sqlite")
    assert len(reopened.get_many([k for k in _keys([item])])) == 1  # written on the first read
    (again,) = read_sentences([item], language("en"), reopened)
    assert first == again and first[1][0].head == "hostage"


def _keys(items):
    from checker.read.reading import _key

    return [_key(i, language("en")) for i in items]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Yesterday it took Robert 6 hours to drive home.", "6 hours"),  # NER: "Robert 6 hours"
        ("The 2,300 gas stations sell the blend.", "2,300"),
        ("A 15 week limit was proposed.", "15 week"),
        ("The hikers walked 20 m towards the hut.", "20"),  # digits before a singular unit
        ("She ran the 1500 m race.", "1500"),
    ],
)
@pytest.mark.model
def test_figures_that_count_are_claims_whatever_ner_says(text, figure):
    assert figure in [c.quantity.text for c in claims_of(text)]


@pytest.mark.model
def test_a_bound_and_a_figure_get_the_same_key():
    """The words beside the figure decide whether its clause is long enough to embed, so
    "less than 62 miles" is not embedded in a shorter window than "12 miles"."""
    (a,) = claims_of("The friends who live 12 miles apart met at a cafe.")
    (b,) = claims_of("The friends who live less than 62 miles apart met at a cafe.")
    assert a.key_text == b.key_text


@pytest.mark.model
def test_joined_verbs_share_a_short_clause():
    """ "raping and impregnating a 10-year-old girl": the second verb's clause is too short to
    embed on its own, so both verbs are embedded, not the whole sentence."""
    (c,) = claims_of("Jurors heard that he robbed and beat a 70-year-old man , police said .")
    assert c.kind == "age"
    assert "police" not in c.key_text and "robbed" in c.key_text


@pytest.mark.model
def test_an_act_noun_is_the_predicate_of_money():
    """ "Trump's demand for $5 billion" is a demand, by Trump, whatever the clause's verb."""
    (c,) = claims_of("The row over the mayor's request for $2 million delayed the vote.")
    assert (c.predicate, c.agent, c.role) == ("request", "mayor", "object")


@pytest.mark.model
def test_a_demand_and_demanded_are_one_claim():
    a = "The standoff over the governor's demand for roughly $5 billion for roads led to a strike."
    b = "The governor initially demanded $5 billion for the roads, aides said."
    from checker.api import compare_texts

    assert [f.verdict for f in compare_texts(a, b) if f.verdict != "single-source"] == ["agree"]


@pytest.mark.model
def test_seeds_agreements_are_about_one_thing():
    """On the seeds, "killed hundreds of people in Lebanon" once agreed with "speaking to about
    200 people in Minnesota" (two places), and "two things" with "two American hostages"."""
    from pathlib import Path

    from checker.api import check

    report = check([Path(__file__).resolve().parent.parent / "seeds"])
    pairs = {frozenset(e.text for e in f.evidence) for f in report.findings if f.verdict == "agree"}
    assert frozenset({"hundreds", "about 200"}) not in pairs
    assert frozenset({"two"}) not in pairs
    assert frozenset({"2.3 million", "nearly a total of 2.3 million"}) in pairs
