"""The same-claim judge, stories before claims meet, and numbers inside names."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
import random

import numpy as np
import pytest
from features_reference import reference_features

from checker import api, document_from_text, extract_claims
from checker.compare.judge import MODEL_FILE, VETOES, Judge, default_judge
from checker.compare.judge.features import NAMES, features
from checker.compare.stories import group, lead_texts, rare_names, scores, shared_names
from checker.compare.structure import family
from checker.core.errors import CheckerError
from checker.core.kvcache import KVCache
from checker.core.model import Claim, Quantity
from checker.core.settings import StorySettings


def claims_of(text: str, doc: str = "a"):
    return extract_claims(document_from_text(text, doc))


def features_module():
    """The module (``checker.compare.judge.features`` is also the function's name)."""
    return importlib.import_module("checker.compare.judge.features")


# --- the model file ------------------------------------------------------------------------


def test_the_shipped_model_matches_the_features_and_is_small():
    judge = default_judge()
    assert judge.meta["features"] == list(NAMES)
    assert MODEL_FILE.stat().st_size < 30_000_000
    assert judge.meta["trained_on"]["pairs"] >= 3000  # labelled pairs, not a toy


def test_the_numpy_trees_give_lightgbms_own_predictions(tmp_path):
    lgb = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(3)
    x = rng.random((400, len(NAMES)))
    y = (x[:, 0] + 0.3 * x[:, 5] > 0.8).astype(int)
    model = lgb.train(
        {"objective": "binary", "num_leaves": 7, "verbose": -1, "num_threads": 1},
        lgb.Dataset(x, y),
        num_boost_round=30,
    )
    path = tmp_path / "model.json"
    dump = {"version": "t", "features": list(NAMES), "trees": model.dump_model()["tree_info"]}
    path.write_text(json.dumps(dump))
    test = rng.random((200, len(NAMES)))
    assert np.allclose(Judge(path).predict(test), model.predict(test), atol=1e-9)


def test_a_model_of_other_features_is_refused(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"features": ["cosine"], "trees": []}))
    with pytest.raises(CheckerError, match="other features"):
        Judge(path)
    path.write_text("{not json")
    with pytest.raises(CheckerError, match="cannot read"):
        Judge(path)


@pytest.mark.model
def test_features_never_read_the_values():
    """A changed figure must keep its partner: the same sentences with other numbers give the
    same features."""
    a = claims_of("The ministry said 51 aid trucks entered Gaza on Sunday.", "a")[0]
    b = claims_of("Officials said 80 trucks of aid went into Gaza on Sunday.", "b")[0]
    b2 = claims_of("Officials said 51 trucks of aid went into Gaza on Sunday.", "b")[0]
    assert np.array_equal(features([(a, b, 0.7)]), features([(a, b2, 0.7)]))


def made_up_claims(n: int = 160, seed: int = 5) -> list[Claim]:
    """Claims built field by field (no parse, no model): every feature's cases, its edge
    cases (an empty sentence, a figure at either end, padded sentences, vague and spelt-out
    figures, rates, measures, points, dates) and repeats (the same sentence, clause, window)."""
    rng = random.Random(seed)
    words = ["Lakeside", "Wellness", "Retreat", "state", "taxes", "the", "said", "trucks", "aid",
             "Gaza", "Rafah", "killed", "injured", "Lebanon", "Minnesota", "people", "2019",
             "2023", "“quoted", "words”", '"so', 'said"', "Mr.", "Biden", "loans", "costs",
             "Bank", "Indonesia", "Officials", "in", "of", "More", "Than"]  # fmt: skip
    figures = [("51", "count", 51.0), ("1,200", "count", 1200.0), ("dozens", "count", 24.0),
               ("one", "count", 1.0), ("first", "ordinal", 1.0), ("12%", "percent", 12.0),
               ("0.7 percentage points", "percent", 0.7), ("$4.6 million", "money", 4.6e6),
               ("15 weeks", "duration", 15.0), ("47 feet", "count", 47.0),
               ("over a dozen", "count", 12.0), ("2020", "date", 2020.0), ("34", "age", 34.0)]  # fmt: skip
    kinds = {"count": "cardinal"}
    out = []
    for i in range(n):
        text, kind, value = rng.choice(figures)
        left = " ".join(rng.choices(words, k=rng.choice([0, 1, 3, 9, 14])))
        right = " ".join(rng.choices(words, k=rng.choice([0, 2, 5, 12])))
        before = rng.choice(["", " ", "  "]) + (left + " " if left else "")
        sentence = before + text + (" " + right if right else "") + rng.choice(["", ".", " "])
        if rng.random() < 0.15 and out:  # another figure's sentence: the same text
            other = rng.choice(out)
            text, kind, value = other.quantity.text, other.kind, other.quantity.value
            sentence = other.sentence_text
            before = sentence[: other.start - other.sentence_start]
        if rng.random() < 0.05:
            sentence = sentence.title()  # a title-case headline (the figure stays where it was)
        offset = rng.choice([0, 40, 300])
        start = offset + len(before)
        unit = {"money": "USD", "duration": "week", "count": "foot" if "feet" in text else None}
        q = Quantity(text=text, start=start, end=start + len(text), value=value, low=value,
                     high=value, kind=kinds.get(kind, kind), unit=unit.get(kind),
                     approx=rng.choice(["exact", "exact", "at_least", "about"]),
                     vague=text == "dozens", per=rng.choice([None, None, None, "day"]))  # fmt: skip
        key = f"{left[-30:]} [NUM] {right[:30]}".strip()
        if rng.random() < 0.2 and out:
            key = rng.choice(out).key_text  # a clause said twice
        doc, cid = f"d{i % 6}", f"d{i % 6}#{i}"
        if i % 41 == 40:  # another claim under an earlier id (two documents of one id)
            cid = out[i - 6 * rng.randint(1, 6)].id
        if i == 83:  # and under an id of another article
            cid = out[3].id
        out.append(Claim(
            id=cid, doc=doc, sentence=rng.choice([0, 1, 2, 3, 7, 59, 60, 75]),
            quantity=q, subject=rng.choice(["", "aid trucks", "people", "taxes"]),
            event=rng.choice([None, "", "kill", "injure", "release", "hold", "spend"]),
            key_text=key, negated=rng.random() < 0.2, hedged=rng.random() < 0.2,
            sentence_text=sentence, sentence_start=offset,
            role=rng.choice(["", "", "subject", "object", "remainder", "modifier"]),
            head=rng.choice(["", "", "truck", "people", "person", "tax", "week", "dollar"]),
            predicate=rng.choice(["", "enter", "say", "kill", "go into"]),
            agent=rng.choice(["", "", "", "the mayor", "Trump", "the couple", "Pelosi",
                              "Mr. Trump", "the chamber"]),
            modifiers=rng.choice([(), (), ("medical",), ("recreational",), ("state", "aid")]),
            places=rng.choice([(), (), (), ("Lebanon",), ("Minnesota",), ("Gaza", "Rafah")]),
            times=rng.choice([(), (), ("2019",), ("last year",), ("2023", "May 2019")]),
        ))  # fmt: skip
    return out


def every_pair(claims, seed: int = 7) -> list[tuple[Claim, Claim, float]]:
    """Every pair of two different claims in either order, with a made-up similarity (ties
    included): what the judge is given, and more."""
    rng = random.Random(seed)
    return [(a, b, rng.choice([0.2, 0.5, 0.77, 0.9, 1.0, rng.random()]))
            for a in claims for b in claims
            if a.id < b.id or (a.id > b.id and rng.random() < 0.05)]  # fmt: skip


@pytest.fixture
def computed(monkeypatch):
    """No row kept from before, in memory or on disk: every row is computed."""
    f = features_module()
    monkeypatch.setattr(f, "_kept", {})
    monkeypatch.setattr(f, "_pending", [])
    monkeypatch.setattr(f, "_row_cache", lambda: KVCache(None, "feature_row", "row"))
    return f


def test_features_are_the_features_computed_pair_by_pair(computed):
    """Worked out per claim and per column, every row is the one computed pair by pair
    (``tests/features_reference.py``), to the bit; across two languages too."""
    claims = made_up_claims()
    pairs = every_pair(claims)
    assert len(pairs) > 10_000
    assert np.array_equal(features(pairs), reference_features(pairs))
    computed._kept.clear()
    languages = {"d0": "en", "d1": "id", "d2": "en", "d3": "id"}  # d4, d5: none known
    assert np.array_equal(features(pairs, languages), reference_features(pairs, languages))
    computed._kept.clear()
    some = pairs[::97] + pairs[:40]  # a pair given twice
    assert np.array_equal(features(some), reference_features(some))
    assert features([]).shape == (0, len(NAMES))


def test_features_kept_per_pair_are_the_features_computed_afresh(monkeypatch, tmp_path):
    """A pair's own features are kept in memory (a desk re-check judges the same pairs) and
    on disk (a warm run); a kept row equals the one computed from scratch with this call's
    similarity and competition. An edited claim's pairs, rows kept by another version of the
    code or its word lists, and a damaged row are computed again."""
    f = features_module()
    disk = KVCache(tmp_path / "features.sqlite", "feature_row", "row")
    monkeypatch.setattr(f, "_kept", {})
    monkeypatch.setattr(f, "_pending", [])
    monkeypatch.setattr(f, "_row_cache", lambda: disk)
    own, computed = f._own, []
    monkeypatch.setattr(f, "_own", lambda p, *rest: computed.append(len(p)) or own(p, *rest))
    claims = made_up_claims(60, seed=11)
    pairs = every_pair(claims, seed=12)
    fresh = reference_features(pairs)

    assert np.array_equal(features(pairs), fresh)
    assert computed == [len(pairs)]
    assert np.array_equal(features(pairs[::-1])[::-1], fresh)  # from memory
    a, b, _ = pairs[0]
    kind = (family(a) or "").split(":")[0]
    first_pair = f._digest(a) + f._digest(b) + kind.encode()
    first = f._disk_key(first_pair)
    assert len(f._pending) == len(pairs) and not disk.get_many([first])  # written at the end
    f.write_rows()  # as at the end of the process
    f._kept.clear()  # as in another process
    assert np.array_equal(features(pairs[::-1])[::-1], fresh)  # from disk
    assert computed == [len(pairs)]

    edited = dataclasses.replace(claims[0], sentence_text=claims[0].sentence_text + " Gaza")
    moved = [(edited if a is claims[0] else a, edited if b is claims[0] else b, sim)
             for a, b, sim in pairs]  # fmt: skip
    assert np.array_equal(features(moved), reference_features(moved))
    assert computed[1:] == [sum(1 for a, b, _ in pairs if claims[0] in (a, b))]

    f.write_rows()
    f._kept.clear()
    disk.put_many([(first, b"damaged")])
    assert np.array_equal(features(pairs), fresh)
    assert computed[2:] == [1]
    f.write_rows()
    f._kept.clear()
    monkeypatch.setattr(f, "rows_version", lambda: b"another")
    monkeypatch.setattr(f, "PENDING_ROWS", 100)  # so many rows waiting are written at once
    assert np.array_equal(features(pairs), fresh)
    assert computed[3:] == [len(pairs)]
    assert f._pending == [] and disk.get_many([f._disk_key(first_pair)])


@pytest.mark.model
def test_features_of_the_seeds_are_the_features_computed_pair_by_pair(computed):
    """The seeds' claims, read by the parse: every two of them, either way round (the judge is
    given pairs of one family only; the features do not ask)."""
    from conftest import SEEDS

    docs = [document_from_text(p.read_text(encoding="utf-8"), p.stem)
            for p in sorted(SEEDS.glob("*.txt"))]  # fmt: skip
    claims = [c for d in docs for c in extract_claims(d)]
    two = [(a, b) for a in claims for b in claims if a.id != b.id]
    pairs = [(a, b, 0.2 + 0.8 * ((i * 7919) % 1000) / 1000) for i, (a, b) in enumerate(two)]
    assert len(pairs) > 1000
    assert np.array_equal(features(pairs), reference_features(pairs))
    computed._kept.clear()
    languages = {docs[0].id: "id"}
    assert np.array_equal(features(pairs, languages), reference_features(pairs, languages))


@pytest.mark.model
def test_vetoed_pairs_get_zero():
    a = claims_of("Hamas is holding 242 hostages.", "a")[0]
    b = claims_of("Hamas released two American hostages.", "b")[0]
    assert "events_differ" in VETOES
    assert default_judge().probabilities([(a, b, 0.95)]).tolist() == [0.0]


# --- what an editor sees --------------------------------------------------------------------


@pytest.mark.model
def test_one_figure_told_two_ways_is_a_conflict_with_its_probability():
    findings = api.compare_texts(
        "The couple spent $4,687.75 at the Lakeside Wellness Retreat in March, records show.",
        "Records show a $4,587.75 trip to the Lakeside Wellness Retreat in March.",
    )
    (f,) = [f for f in findings if f.verdict == "conflict"]
    assert 0.5 <= f.details["same_quantity"] <= 1.0


@pytest.mark.model
def test_a_doubtful_conflict_is_a_warning(monkeypatch):
    """Below the conflict rule's ``confident``, the judge's doubt lowers the level."""
    from checker.rules import load_rules

    pack = load_rules()
    rule = pack.get("conflict")
    monkeypatch.setitem(rule.settings, "confident", 0.999)
    findings = api.compare_texts(
        "The ministry said 51 aid trucks entered Gaza on Sunday.",
        "The ministry said 80 aid trucks entered Gaza on Sunday.",
        pack,
    )
    (f,) = [f for f in findings if f.verdict == "conflict"]
    assert f.level == "warning" and "may be the same figure" in f.message


# --- numbers inside names, and a headline in title case --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The 19th Amendment gave women the right to vote.",
        "Critics said the Fourth Amendment protects such records.",
        "Officials said Title 42 would be lifted next month.",
        "Thousands gathered to remember the 9/11 attacks on Tuesday.",
        "Supporters lined up for the 6/14 rally in the capital.",
    ],
)
@pytest.mark.model
def test_a_number_that_names_something_is_no_claim(text):
    assert [c.quantity.text for c in claims_of(text) if c.kind != "cardinal"] == []
    assert not any(ch.isdigit() for c in claims_of(text) for ch in c.quantity.text)


@pytest.mark.model
def test_ordinals_that_count_are_still_claims():
    assert [
        c.quantity.text for c in claims_of("This marks Blinken's 11th visit to the region.")
    ] == ["11th"]
    (c,) = claims_of("Blinken Makes 11th Visit To Region As War Widens")
    assert c.quantity.text == "11th"


@pytest.mark.model
def test_a_title_case_headline_keeps_its_ratio():
    (c,) = claims_of("'1 In 4 Odds' Of A Recession, Economists Warn")
    assert c.quantity.text == "1 In 4" and c.quantity.value == 0.25


# --- stories -----------------------------------------------------------------------------------


GAZA = [
    "Israel struck targets in Gaza on Sunday as Blinken arrived in Tel Aviv. "
    "The ministry said 51 aid trucks entered Gaza through the Rafah crossing.",
    "Secretary of State Antony Blinken landed in Tel Aviv as Israeli strikes hit Gaza. "
    "Officials said 80 aid trucks went through Rafah into Gaza on Sunday.",
]
FARM = (
    "Iowa farmers harvested a record corn crop this autumn, the Agriculture Department said. "
    "Yields reached 51 bushels an acre in Story County."
)


def docs(*texts, day=dt.date(2024, 3, 3)):
    return [document_from_text(t, f"d{i}", date=day) for i, t in enumerate(texts)]


@pytest.mark.model
def test_articles_of_two_stories_are_grouped_apart():
    ds = docs(*GAZA, FARM)
    emb = api.default_embedder()
    vec = emb.embed([t for d in ds for t in lead_texts(d)])
    found = group(ds, scores(ds, vec[0::2], vec[1::2], StorySettings()), StorySettings())
    assert [st.documents for st in found] == [("d0", "d1"), ("d2",)]


def test_word_rarity_is_wordfreqs_own():
    wordfreq = pytest.importorskip("wordfreq")
    from checker.lang.rarity import zipf

    for word in ("the", "taxes", "lakeside", "wellness", "uvalde", "billion", "xyzzy"):
        assert zipf(word) == wordfreq.zipf_frequency(word, "en", wordlist="small")
    assert zipf("la", "fr") == wordfreq.zipf_frequency("la", "fr", wordlist="small")
    assert zipf("word", "xx") == 0.0  # a language without a list


def test_rare_names_weigh_more_than_common_ones():
    (d,) = docs("The Lakeside Wellness Retreat hosted Monday's meeting in America.")
    names = rare_names(d)
    assert names.get("lakeside wellness retreat", 0) > names.get("america", 0)
    assert shared_names(names, names) == pytest.approx(1.0)


@pytest.mark.model
def test_report_compares_claims_only_inside_a_story():
    report = api.check(docs(*GAZA, FARM))
    assert [st.documents for st in report.stories] == [("d0", "d1"), ("d2",)]
    assert all({m.a.doc, m.b.doc} <= {"d0", "d1"} for m in report.matches)
    one = api.check(docs(*GAZA, FARM), one_story=True)
    assert [st.documents for st in one.stories] == [("d0", "d1", "d2")]


def check_against(tmp_path, stored: str):
    """The first Gaza text as an undated draft against a store of one article dated
    2024-03-03 with the text ``stored``."""
    (tmp_path / "stored.txt").write_text(
        "---\ndate: 2024-03-03\n---\n" + stored + "\n", encoding="utf-8"
    )
    with api.open_store(api.configured(None), tmp_path / "store.sqlite") as store:
        api.index(store, [tmp_path / "stored.txt"])
        return api.check_draft(store, [document_from_text(GAZA[0], "draft")])


@pytest.mark.model
def test_a_draft_of_a_story_the_store_lacks_gets_no_noise(tmp_path):
    report = check_against(tmp_path, FARM + " Officials counted 300 farms.")
    assert report.notes == (api.NO_COVERAGE,)
    assert [f for f in report.findings if f.verdict != "artefact"] == []
    assert report.stories[0].documents == ("draft",)
    # an undated pasted draft is dated today
    assert report.documents[0].date == dt.date.today()


@pytest.mark.model
def test_the_draft_view_shows_the_judges_probability():
    from checker.report.draft import draft_view, render_draft

    report = api.check(docs(*GAZA))
    view = draft_view(report, "d0")
    judged = [i.judged for i in view.items if i.judged]
    assert judged and all(j.startswith("same quantity: 0.") for j in judged)
    assert judged[0] in render_draft(view)


@pytest.mark.model
def test_check_dates_an_undated_draft_as_told(tmp_path):
    from typer.testing import CliRunner

    from checker.cli import app

    (tmp_path / "a.md").write_text(
        "---\ndate: 2024-03-03\n---\n" + GAZA[0] + "\n", encoding="utf-8"
    )
    (tmp_path / "draft.txt").write_text(GAZA[1] + "\n", encoding="utf-8")
    store = str(tmp_path / "s.sqlite")
    runner = CliRunner()
    assert runner.invoke(app, ["index", str(tmp_path / "a.md"), "--store", store]).exit_code == 0
    told = runner.invoke(
        app, ["check", str(tmp_path / "draft.txt"), "--store", store, "--date", "2024-03-03",
              "--no-history", "--format", "json"],
    )  # fmt: skip
    data = json.loads(told.stdout)
    assert told.exit_code == 1  # a conflict at error level, on the same day
    assert [f["verdict"] for f in data["findings"]] == ["conflict"]
    assert data["stories"][0]["documents"] == ["draft", "a"]


@pytest.mark.model
def test_a_draft_with_no_comparable_stored_figure_is_told_so(tmp_path):
    report = check_against(tmp_path, "The council approved a budget of 4.5 percent more.")
    assert report.notes == (api.NO_FIGURES,)
    assert [f for f in report.findings if f.verdict == "single-source"] == []


@pytest.mark.model
def test_the_draft_view_says_which_story_it_compared_with():
    from checker.report.draft import draft_view, render_draft

    view = draft_view(api.check(docs(*GAZA)), "d0")
    assert view.compared and view.compared[0].startswith("story-1")
    html = render_draft(view, interactive=True, parts=("text",))
    assert 'class="compared"' in html and "d0, d1" in html


@pytest.mark.parametrize("n", [40, 300])
def test_the_two_average_linkages_agree(n):
    """Up to SMALL articles are grouped in numpy, more by scipy: the same groups either way."""
    pytest.importorskip("scipy")
    from checker.compare import stories

    rng = np.random.default_rng(5)
    ds = [document_from_text(f"Article {i}.", f"d{i}") for i in range(n)]
    for _ in range(5):
        centres = rng.normal(size=(n // 10, 8))
        x = centres[rng.integers(0, n // 10, n)] + 0.4 * rng.normal(size=(n, 8))
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        score = x @ x.T
        small = stories.group(ds, score, StorySettings(link=0.5))
        try:
            stories.SMALL = 0  # force scipy
            large = stories.group(ds, score, StorySettings(link=0.5))
        finally:
            stories.SMALL = 1000
        assert [st.documents for st in small] == [st.documents for st in large]
        assert 1 < len(small) < n


@pytest.mark.parametrize("stored", [5, 260])  # the dense path, and scipy's sparse one
def test_a_draft_is_scored_against_stored_articles_as_in_the_whole_matrix(stored):
    """``score_against`` is the drafts-by-stored block of ``score_articles``: the same numbers
    without the stored-by-stored block (what a draft checked against a store needs)."""
    from checker.compare.stories import score_against, score_articles

    rng = np.random.default_rng(7)
    places = ["Jakarta", "Bandung", "Surabaya", "Gaza", "Rafah", "Tehran", "Kyiv", "Lviv"]

    def embed(texts):  # a stand-in model: a fixed unit vector per text
        out = np.stack([np.random.default_rng(abs(hash(t)) % 2**32).normal(size=16) for t in texts])
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)

    def article(i):
        names = rng.choice(places, size=3, replace=False)
        day = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 40)))
        text = f"Officials in {names[0]} and {names[1]} met {names[2]} envoys. 12 people died."
        return document_from_text(text, f"d{i}", date=None if i % 7 == 0 else day)

    docs = [article(i) for i in range(2 + stored)]
    drafts, rest = docs[:2], docs[2:]
    whole = score_articles(docs, embed, StorySettings())
    block = score_against(drafts, rest, embed, StorySettings())
    assert block.shape == (2, stored)
    np.testing.assert_allclose(block, whole[:2, 2:], rtol=1e-6, atol=1e-6)


def test_a_feature_row_judged_again_gets_the_same_probability():
    judge = Judge(MODEL_FILE)
    x = np.random.default_rng(3).random((40, len(NAMES))).astype(np.float32)
    fresh = 1.0 / (1.0 + np.exp(-judge.raw(x)))
    first = judge.predict(x)
    assert np.array_equal(first, fresh)
    assert np.array_equal(judge.predict(x[::-1]), fresh[::-1])  # from the judge's cache
    assert np.array_equal(judge.predict(x.astype(np.float64)), fresh)  # another dtype: recomputed


def test_all_trees_walked_at_once_give_the_sum_tree_by_tree_gives_to_the_bit():
    judge = Judge(MODEL_FILE)
    rng = np.random.default_rng(11)
    x = rng.random((300, len(NAMES)))
    x[::3] = np.round(x[::3] * 4)  # whole numbers, as counts and flags are: rows on thresholds
    x[5] = 0.0
    assert np.array_equal(judge.raw(x), judge._raw_tree_by_tree(x))
    assert np.array_equal(judge.raw(x[:1]), judge._raw_tree_by_tree(x[:1]))
    assert judge.raw(x[:0]).shape == (0,)


def test_float32_rows_on_and_beside_every_threshold_go_where_float64_rows_go():
    """Rows of float32 (the features' type) are compared with thresholds rounded down to
    float32: each row goes the way the trained float64 threshold sends it, NaN included."""
    judge = Judge(MODEL_FILE)
    cuts = np.unique(np.concatenate([t.threshold[t.feature >= 0] for t in judge.trees]))
    near = np.concatenate([
        cuts.astype(np.float32),
        np.nextafter(cuts.astype(np.float32), np.float32(np.inf)),
        np.nextafter(cuts.astype(np.float32), np.float32(-np.inf)),
        [np.nan, np.inf, -np.inf, 0.0],
    ]).astype(np.float32)  # fmt: skip
    x = np.random.default_rng(13).choice(near, size=(2000, len(NAMES)))
    assert x.dtype == np.float32
    assert np.array_equal(judge.raw(x), judge._raw_tree_by_tree(x))


def test_trees_of_every_depth_walk_as_perfect_trees_to_the_same_sum(tmp_path):
    """A stump (one leaf), a leaf beside a deep branch, trees of three depths: padded to
    one depth, each gives the leaf its own walk reaches."""
    leaf = lambda v: {"leaf_value": v}  # noqa: E731
    split = lambda f, t, a, b: {  # noqa: E731
        "split_feature": f, "threshold": t, "decision_type": "<=", "left_child": a,
        "right_child": b,
    }  # fmt: skip
    trees = [
        leaf(0.5),
        split(0, 0.5, leaf(-1.0), split(1, 0.25, leaf(2.0), split(2, 0.75, leaf(3.0), leaf(4.0)))),
        split(3, 0.1, split(4, 0.9, leaf(0.1), leaf(0.2)), leaf(0.3)),
    ]
    model = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    model["trees"] = [{"tree_structure": t} for t in trees]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    judge = Judge(path)
    x = np.random.default_rng(14).random((500, len(NAMES)))
    x[::7, 2] = np.nan
    assert np.array_equal(judge.raw(x), judge._raw_tree_by_tree(x))
    assert judge.raw(x[:1])[0] == judge._raw_tree_by_tree(x[:1])[0]


def test_a_large_batch_is_walked_in_parts_with_the_same_sums(monkeypatch):
    import checker.compare.judge as judge_module

    judge = Judge(MODEL_FILE)
    x = np.random.default_rng(12).random((250, len(NAMES)))
    monkeypatch.setattr(judge_module, "RAW_ROWS", 64)  # 250 rows: 4 parts
    assert np.array_equal(judge.raw(x), judge._raw_tree_by_tree(x))
