"""Matching: embeddings propose, structure (counted noun, event, polarity) decides."""

from __future__ import annotations

import pytest

from checker import document_from_text, extract_claims
from checker.api import default_embedder
from checker.compare.match import (  # noqa: I001
    MatchSettings,
    family,
    judge_candidates,
    match_claims,
    may_conflict,
)
from checker.compare.structure import structure_ok

pytestmark = pytest.mark.model


def claim(text, doc="a", n=0):
    return extract_claims(document_from_text(text, doc))[n]


def test_family_blocks_kinds():
    assert family(claim("51 people died.")) == "count"
    assert family(claim("his 11th visit")) == "ordinal"
    assert family(claim("It cost $5 million.")) == "money:USD"
    assert family(claim("in 2006 the law passed")) is None
    assert family(claim("The wall is 47 feet high.")) == "measure:metre"
    assert family(claim("The wall is 14 metres high.")) == "measure:metre"
    assert family(claim("It weighs 3 tonnes.")) == "measure:kilogram"


def test_look_alikes_in_one_sentence_are_kept_apart():
    a = claim("At least 51 people were killed and more than 220 injured in Lebanon.", "a", 0)
    b = claim("At least 51 people were killed and more than 220 injured in Lebanon.", "b", 1)
    # Even with a perfect similarity, killed is not injured.
    assert judge_candidates([(a, b, 0.99)]) == []


def test_held_is_not_released():
    a = claim("Hamas is holding 242 hostages.", "a")
    b = claim("Hamas released two American hostages.", "b")
    assert judge_candidates([(a, b, 0.95)]) == []


def test_same_claim_matches_and_low_similarity_does_not():
    a = claim("Hamas is holding 242 hostages.", "a")
    b = claim("The 240 hostages held by Hamas remain in Gaza.", "b")
    (m,) = judge_candidates([(a, b, 0.8)])
    assert m.a is a and m.b is b and m.probability >= MatchSettings().same_quantity
    assert m.reasons == (f"same quantity: {m.probability:.2f}",)
    assert judge_candidates([(a, b, 0.1)]) == []  # below the floor: never judged


def test_one_partner_per_article_unless_the_article_repeats_the_figure():
    a = claim("Hamas is holding 242 hostages.", "a")
    b1 = claim("Hamas holds 240 hostages in Gaza.", "b", 0)
    b2 = claim("Hamas holds 240 hostages. Hamas is holding 239 hostages.", "b", 1)
    pairs = [(a, b1, 0.7), (a, b2, 0.9)]
    # mutual partners only: the likelier of b's two mentions
    (m,) = judge_candidates(pairs, MatchSettings(shared_partner=0.0))
    # b gives the hostages in two sentences: both mentions meet a's figure, so a change to
    # either would be seen
    assert m.b.id in {b1.id, b2.id}
    assert sorted(x.b.id for x in judge_candidates(pairs)) == sorted([b1.id, b2.id])


def test_a_repeat_in_one_article_shares_the_partner_so_a_changed_repeat_is_seen():
    # One article gives the age twice (once changed), the other once: mutual best alone pairs
    # the other article's figure with one mention and leaves the changed one unmatched.
    a = document_from_text(
        "The bill bans puberty blockers for people under 27. "
        "Critics said the bill bans puberty blockers for people under 18.",
        "a",
    )
    b = document_from_text(
        "The law prohibits gender transition procedures for anyone under the age of 18.", "b"
    )
    (b18,) = extract_claims(b)
    pairs = [(x, b18, 0.7) for x in extract_claims(a)]

    def partners(**kw):
        got = judge_candidates(pairs, MatchSettings(**kw))
        return sorted(m.a.quantity.text for m in got)

    assert partners() == ["under 18", "under 27"]
    (mutual,) = partners(shared_partner=0.0)  # mutual partners only: one of the two
    assert mutual in ("under 18", "under 27")


def test_match_claims_with_real_embeddings():
    texts = [
        ("a", "Israeli strikes killed at least 51 people in Lebanon on Wednesday."),
        ("b", "At least 51 people died in Israeli strikes on Lebanon on Wednesday."),
        ("b", "Officials said 12 schools were closed."),
    ]
    claims = [c for d, t in texts for c in extract_claims(document_from_text(t, d))]
    emb = default_embedder()
    vectors = emb.embed([c.key_text for c in claims])
    focus = emb.embed([c.focus_text for c in claims])
    matches = match_claims(claims, vectors, MatchSettings(), focus)
    assert [(m.a.quantity.text, m.b.quantity.text) for m in matches] == [
        ("at least 51", "At least 51")
    ]


# --- When a difference is a conflict: matching says "same thing", a conflict needs more ---


def two(text, doc="a"):
    """The first two claims of one article (one per sentence)."""
    got = extract_claims(document_from_text(text, doc))
    return got[0], got[1]


def test_vague_amounts_agree_but_never_conflict():
    a = claim("Several candidates, including two senators, spoke on climate.", "a")
    b = claim("Each of the 10 candidates spoke for 40 minutes.", "b")
    assert a.quantity.vague
    assert may_conflict(a, b, MatchSettings())
    assert may_conflict(a, b, MatchSettings(vague_conflicts=True)) is None


def test_in_one_article_two_figures_need_the_same_noun_and_event_to_conflict():
    a, b = two("In that vote, 35 Democrats joined Republicans. Earlier, 22 senators left.")
    assert "one article" in may_conflict(a, b, MatchSettings())
    a, b = two("The strike killed 51 people, the ministry said. It said 80 people were killed.")
    assert may_conflict(a, b, MatchSettings()) is None
    assert may_conflict(a, b, MatchSettings(strict_within_document=False)) is None


def test_in_one_article_figures_about_different_named_people_do_not_conflict():
    a, b = two(
        "President Ana Silva sent 6,000 troops to the border. Later Tom Reyes sent 1,200 troops."
    )
    assert "never names" in may_conflict(a, b, MatchSettings())


def test_different_years_are_two_points_in_time():
    a = claim("He paid $750,000 in taxes in 2018.", "a")
    b = claim("He paid $641,000 in taxes in 2015.", "b")
    assert "different years" in may_conflict(a, b, MatchSettings())


def test_percentage_points_are_not_percents():
    assert family(claim("Growth rose by 0.7 percentage points.")) == "percent:points"
    assert family(claim("Growth was 2.9 percent.")) == "percent"


def test_not_a_conflict_reaches_the_rules():
    from checker import check

    text = "In the first vote, 35 Democrats joined Republicans. In the second, 22 Democrats did."
    one = check([document_from_text(text, "a", date=None)])
    assert not [f for f in one.findings if f.verdict == "conflict"]
    other = "The strike killed 51 people, the ministry said. It said 80 people were killed."
    two_figures = check([document_from_text(other, "a")])
    conflicts = [f for f in two_figures.findings if f.verdict == "conflict"]
    assert [f.level for f in conflicts] == ["warning"]  # one article: a warning, not an error


def test_a_rate_is_not_a_total():
    assert family(claim("About 8,000 people fled per day for 100 days.")) == "count:rate"
    assert family(claim("The field pumps 2 million barrels a day.")) == "measure:cubic metre:rate"
    assert family(claim("He earns $50,000 a year.")) == "money:USD:rate"
    assert family(claim("51 people were killed a year ago.")) == "count"
    assert family(claim("In all, 800,000 people fled.")) == "count"


def test_figures_about_two_places_do_not_conflict():
    a = claim("Latinos make up about 21 percent of Colorado's population.", "a")
    b = claim("Latinos make up 30 percent of the population in Arizona.", "b")
    assert "place" in may_conflict(a, b, MatchSettings())
    a = claim("Israeli strikes killed 51 people in Lebanon on Wednesday.", "a")
    b = claim("Israeli strikes killed 80 people in southern Lebanon on Wednesday.", "b")
    assert may_conflict(a, b, MatchSettings()) is None
    # a known place named anywhere in the clause, in any of its forms
    a = claim("The Texas governor signed a ban on abortions after six weeks.", "a")
    b = claim("A Mississippi law bans abortions after 15 weeks.", "b")
    assert "place" in may_conflict(a, b, MatchSettings())
    a = claim("A Texan law bans abortions after six weeks.", "a")
    b = claim("The Texas law bans abortions after eight weeks.", "b")
    assert may_conflict(a, b, MatchSettings()) is None


def test_the_same_measure_in_two_units_matches_and_agrees():
    a = claim("The storm dumped 12 inches of rain on the city on Monday.", "a")
    b = claim("The storm dumped 30 centimetres of rain on the city on Monday.", "b")
    assert family(a) == family(b) == "measure:metre"
    emb = default_embedder()
    vectors = emb.embed([a.key_text, b.key_text])
    focus = emb.embed([a.focus_text, b.focus_text])
    matches = match_claims([a, b], vectors, MatchSettings(), focus)
    assert [(m.a.doc, m.b.doc) for m in matches] == [("a", "b")]


def test_partner_chosen_by_year_not_only_by_cosine():
    """Both troop figures embed close to the 2010 sentence; the year named picks the partner."""
    a = document_from_text(
        "In 2006 , 6,000 National Guard troops were sent to the border . "
        "In 2010 , 1,200 National Guard troops were sent to the border again .",
        "a",
    )
    b = document_from_text(
        "Then in 2010 , 1,200 National Guard troops were deployed to the border .",
        "b",
    )
    a6000, a1200 = [c for c in extract_claims(a) if c.kind == "cardinal"]
    (b1200,) = [c for c in extract_claims(b) if c.kind == "cardinal"]
    # Even when the wrong pair embeds closer, the named years decide.
    matches = judge_candidates([(a6000, b1200, 0.93), (a1200, b1200, 0.81)])
    assert [(m.a.quantity.text, m.b.quantity.text) for m in matches] == [("1,200", "1,200")]


def test_an_exact_figure_pairs_with_an_exact_one_before_a_vague_one():
    a = document_from_text(
        "Over a dozen states signed onto the lawsuit . A total of 18 states sued on Friday .", "a"
    )
    b = document_from_text("Attorneys general from 18 states sued the administration .", "b")
    dozen, a18 = [c for c in extract_claims(a) if c.kind == "cardinal"]
    (b18,) = [c for c in extract_claims(b) if c.kind == "cardinal"]
    matches = judge_candidates([(dozen, b18, 0.80), (a18, b18, 0.66)])
    assert [(m.a.quantity.text, m.b.quantity.text) for m in matches] == [("18", "18")]


# Was a strict expected failure (the judge never reads values, and paired the figure whose
# clause reads closer); it passes with the judge retrained on the ONNX vectors (issue 24). The
# judge still reads no values: this holds by the trees, not by design.
def test_of_two_figures_in_one_sentence_the_same_figure_is_the_partner():
    a = document_from_text(
        "But 22 Democrats supported the delay , and 35 favored postponing the requirement .", "a"
    )
    b = document_from_text("In that vote , 22 Democrats joined Republicans .", "b")
    a22, a35 = [c for c in extract_claims(a) if c.kind == "cardinal"]
    (b22,) = extract_claims(b)
    got = judge_candidates([(a22, b22, 0.64), (a35, b22, 0.67)])
    assert [(m.a.quantity.text, m.b.quantity.text) for m in got] == [("22", "22")]


# Was a strict expected failure (the judge rated both candidates alike, 0.90 and 0.91, after
# its first retraining on 2026-12-06); it passes with the judge retrained on the ONNX vectors
# (issue 24), by a margin this test does not pin.
def test_a_changed_figure_keeps_its_partner_by_its_sentence():
    c = document_from_text(
        "The 2,300 gas stations that sell E15 are a fraction of the country's 150,000 stations .",
        "c",
    )
    d = document_from_text("Prices fall at the 3,400 gas stations equipped to pump it .", "d")
    c2300, c150k = extract_claims(c)
    (d3400,) = extract_claims(d)
    got = judge_candidates([(c2300, d3400, 0.70), (c150k, d3400, 0.72)])
    assert [(m.a.quantity.text, m.b.quantity.text) for m in got] == [("2,300", "3,400")]


def test_forecast_against_report_is_an_info_conflict_not_silence():
    from checker.api import compare_texts

    a = "The administration will release 180 million barrels from the reserve."
    b = "The administration could release 100 million barrels from the reserve."
    found = [(f.verdict, f.level) for f in compare_texts(a, b) if f.verdict == "conflict"]
    assert found == [("conflict", "info")]


def test_figures_far_apart_are_a_warning_and_a_digit_too_many_an_error():
    from checker.api import compare_texts

    far = compare_texts(
        "The ministry said 40 aid trucks entered Gaza on Sunday.",
        "The ministry said 1,000 aid trucks entered Gaza on Sunday.",
    )
    typo = compare_texts(
        "The ministry said 40 aid trucks entered Gaza on Sunday.",
        "The ministry said 400 aid trucks entered Gaza on Sunday.",
    )
    assert [f.level for f in far if f.verdict == "conflict"] == ["warning"]
    assert [f.level for f in typo if f.verdict == "conflict"] == ["error"]


def test_two_places_apart_even_when_one_clause_names_none():
    """ "killed 21 people in Uvalde, Texas" / "in Buffalo, N.Y., ... killing thirteen people":
    the second clause names no place, its sentence names another one."""
    a = claim("Earlier, a gunman shot and killed 21 people in Uvalde, Texas.", "a")
    b = claim(
        "Before that, a gunman stormed a store in Buffalo, N.Y., killing 13 people there.", "b"
    )
    ok, reasons = structure_ok(a, b, 0.9, MatchSettings())
    assert not ok and reasons[0].startswith("different places"), reasons
