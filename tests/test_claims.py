"""Claims: what a number counts, the event around it, and the masked key text."""

from __future__ import annotations

import pytest

from checker import document_from_text, extract_claims
from checker.read.claims import entities, head_subject, is_cumulative
from checker.read.figures import scores
from checker.read.readings import MASK


def claims_of(text):
    return extract_claims(document_from_text(text, "d"))


@pytest.mark.parametrize(
    ("text", "number", "subject", "event"),
    [
        (
            "At least 51 people were killed and more than 220 injured.",
            "At least 51",
            "people",
            "kill",
        ),
        (
            "At least 51 people were killed and more than 220 injured.",
            "more than 220",
            "people",
            "injure",
        ),
        ("Air strikes killed hundreds of people in the south.", "hundreds", "people", "kill"),
        ("Two fans were killed and four stewards were hurt.", "four", "stewards", "injure"),
        ("Hamas is holding 242 hostages.", "242", "hostages", "hold"),
        ("The 240 hostages held by Hamas are in tunnels.", "240", "hostages", "hold"),
        ("Hamas released two American hostages.", "two", "American hostages", "release"),
        (
            "He said 55 humanitarian aid trucks had gone into Gaza.",
            "55",
            "humanitarian aid trucks",
            "enter",
        ),
        (
            "The war displaced the majority of its 2.3 million residents.",
            "2.3 million",
            "residents",
            "displace",
        ),
        ("Casualties rose to over 9,000, the ministry said.", "over 9,000", "Casualties", None),
        ("Six people died in the flood.", "Six", "people", "kill"),
        # a measure counts what is measured, not its unit
        ("Officials opened a 47-foot sea wall in Jakarta.", "47", "sea wall", "open"),
        ("The storm dumped 30 centimetres of rain on the city.", "30", "rain", "dump"),
    ],
)
@pytest.mark.model
def test_subject_and_event(text, number, subject, event):
    (claim,) = [c for c in claims_of(text) if c.quantity.text == number]
    assert claim.subject == subject
    assert claim.event == event


@pytest.mark.model
def test_key_text_masks_the_number_but_keeps_the_context():
    (claim,) = claims_of("Hamas is holding 242 hostages in Gaza.")
    assert MASK in claim.key_text and "242" not in claim.key_text
    assert "hostages" in claim.key_text and "Hamas" in claim.key_text
    assert MASK in claim.focus_text


@pytest.mark.model
def test_negation_is_recorded():
    (claim,) = claims_of("Officials denied that 30 soldiers were captured.")
    assert claim.negated
    (plain,) = claims_of("Officials said that 30 soldiers were captured.")
    assert not plain.negated


@pytest.mark.model
def test_claim_offsets_point_into_the_document():
    text = "Intro line.\nAt least 51 people were killed on Wednesday."
    doc = document_from_text(text, "d")
    (claim,) = extract_claims(doc)
    assert text[claim.start : claim.end] == "At least 51"
    assert claim.sentence == 1 and claim.sentence_text.startswith("At least 51")


def test_entities_skip_sentence_initial_words():
    names = entities(
        "The US Secretary of State Antony Blinken met Benjamin Netanyahu in Jerusalem."
    )
    assert "Antony Blinken" in " ".join(names)
    assert "Jerusalem" in names and "The" not in names


@pytest.mark.model
def test_cumulative_families():
    killed, held = claims_of("51 people were killed. Hamas is holding 242 hostages.")
    (visit,) = claims_of("It was his 11th visit.")
    assert is_cumulative(killed) and is_cumulative(visit) and not is_cumulative(held)


@pytest.mark.parametrize(
    ("text", "number", "kind"),
    [
        ("Police arrested Mesac Damas, 33, on Monday.", "33", "age"),
        ("The suspect, aged 17, was released.", "17", "age"),
        ("A 47-year-old man was charged.", "47", "age"),
        # tokenised corpora print hyphens spaced: still an age, not a duration of 10 years
        ("A 10 - year - old girl was hurt in the crash.", "10", "age"),
        ("The 10 - year - old was taken to hospital.", "10", "age"),
        ("Two 12-year-olds were hurt.", "12", "age"),
        ("The 10-year plan is old news.", "10", "duration"),
        ("Mississippi passed a 15 - week abortion ban.", "15", "duration"),
        ("Leeds lost the match 1-3 on Sunday.", "1-3", "score"),
        ("Between 10-20 trucks entered on Monday.", "10-20", "cardinal"),
        ("Police said 33 people were arrested.", "33", "cardinal"),
    ],
)
@pytest.mark.model
def test_ages_and_scores_are_not_counts(text, number, kind):
    (claim,) = [c for c in claims_of(text) if number in c.quantity.text]
    assert claim.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "The figure was $4 million in the end.",
        "The move will cost $2 billion.",
        "None of the $5 million was spent last year.",
        "The amount was $3 million.",
        "The total rose to $7 billion in March.",
        "The number was 300 on Monday.",
        "The $4 million figure was disputed by the mayor.",
    ],
)
@pytest.mark.model
def test_a_filler_noun_is_not_what_a_figure_counts(text):
    (claim,) = claims_of(text)
    assert (claim.subject, claim.head) == ("", ""), claim
    assert head_subject(claim) == ""


@pytest.mark.model
def test_a_real_counted_noun_next_to_a_filler_stays():
    (cost,) = claims_of("The cost was $2 million in the end.")
    assert (cost.subject, cost.head) == ("cost", "cost")
    (hostages,) = claims_of("None of the 300 hostages were released.")
    assert hostages.head == "hostage"
    (held,) = claims_of("The total number of hostages rose to 240 on Monday.")
    assert (held.subject, held.head) == ("hostages", "hostage")


@pytest.mark.model
def test_negation_must_be_on_the_figure():
    (neg,) = claims_of("The army said 30 soldiers were not captured.")
    (other,) = claims_of("He told 30 reporters not to expect a deal.")
    assert neg.negated and not other.negated


@pytest.mark.model
def test_one_of_a_group_and_ordinal_adjectives_are_not_claims():
    def texts(t):
        return [c.quantity.text for c in extract_claims(document_from_text(t, "a"))]

    assert texts("She is one of the mayor's main donors.") == []
    assert texts("He was convicted of second- and third-degree murder.") == []
    assert texts("They flew first-class to the summit.") == []
    assert texts("It is the country's third-largest port.") == ["third"]
    assert texts("It was her 11th visit to the region.") == ["11th"]
    assert texts("One person died.") == ["One"]


@pytest.mark.model
def test_a_number_that_names_a_thing_is_not_a_count():
    def texts(t):
        return [c.quantity.text for c in extract_claims(document_from_text(t, "a"))]

    assert texts("Under Title 42, officials said, migrants were expelled.") == []
    assert texts("The death toll rose to 51.") == ["51"]
    assert texts("Fatalities 51, injured 220.") == ["51", "220"]
    assert texts("She wants to give 55 books to the library.") == ["55"]
    assert texts("Scores on the first 3 of 4 tests were high.") == ["3", "4"]


@pytest.mark.model
def test_an_ordinal_before_a_count_and_a_ratio_are_not_claims():
    def texts(t):
        return [c.quantity.text for c in extract_claims(document_from_text(t, "a"))]

    # the ordinal picks which stretch the count measures: only the count is a claim
    assert texts("The law bars abortion after the first six weeks of pregnancy.") == ["six weeks"]
    assert texts("It was his second visit.") == ["second"]
    # a descending "N to M" beside a ratio word is one ratio, not two amounts
    assert texts("Latinos back Obama at a rate of more than 2 to 1.") == []
    assert texts("The bill passed by a margin of 3 to 1.") == []
    assert texts("The bill passed by a 3-to-1 margin.") == []
    assert texts("Recovery takes 3 to 5 days.") == ["3 to 5 days"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Leeds beat Hull 3-1 on Saturday.", ["3-1"]),
        ("She won 6-3 6-4 in the final.", ["6-3", "6-4"]),
        ("Hull were held 0-0 at home.", ["0-0"]),
        ("Hull were held 0-0.", ["0-0"]),
        ("It was 2.5-3.5 metres deep.", []),
        ("Call the tip line at 309-555-0142.", []),
        ("The camp takes children aged 8-12.", []),
        ("Boeing 777-200 jets fly the route.", []),
    ],
)
def test_scores_are_tallies_not_ranges(text, found):
    assert [q.text for q in scores(text)] == found


@pytest.mark.model
def test_a_negation_two_verbs_away_belongs_to_another_verb():
    (one,) = [
        c
        for c in claims_of("The parties do not agree to govern jointly in one city.")
        if c.quantity.value == 1
    ]
    assert not one.negated
    (fired,) = claims_of("Troops did not fire on 30 protesters.")
    assert fired.negated


@pytest.mark.model
def test_a_measure_after_a_noun_is_no_label():
    """ "lease 257" names a lease; "a track of length 600 m" measures the track."""
    (c,) = claims_of("The runners used a circular track of length 600 m.")
    assert (c.quantity.value, c.quantity.unit) == (600, "metre")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The law bans the drugs for people under 18.", "age"),
        ("It limits treatments for people younger than 18.", "age"),
        ("Children under 5 are most at risk.", "age"),
        ("It applies to anyone under the age of 18.", "age"),
        ("Under 18 states passed such laws.", "cardinal"),
        ("They sold over 18 cars.", "cardinal"),
    ],
)
@pytest.mark.model
def test_a_bound_after_people_is_an_age(text, kind):
    (c,) = claims_of(text)
    assert c.kind == kind


@pytest.mark.parametrize(
    "text", ["First lady Jill Biden weighed in on Monday.", "The zero tolerance policy ended."]
)
def test_set_phrases_are_not_claims(text):
    assert claims_of(text) == []


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("On the bill, the vote was 251 to 174.", []),
        ("The House passed the provision on a 264 - 161 vote.", []),
        ("The Senate voted 62-36 for the bill.", []),
        ("Between 20 and 30 people voted.", ["Between 20 and 30"]),
        ("With 31 Democrats voting yes, it passed.", ["31"]),
    ],
)
@pytest.mark.model
def test_a_vote_tally_is_not_two_counts(text, figures):
    assert [c.quantity.text for c in claims_of(text)] == figures
