"""verify(statement, source): the semantics an editor relies on, pinned with small sentences."""

from __future__ import annotations

import pytest

from checker.api import verify


@pytest.mark.parametrize(
    ("statement", "source", "label"),
    [
        # units of measure are compared after conversion, each figure as rounded
        ("The new sea wall is 14 metres high.", "The new sea wall is 47 feet high.", "supported"),
        (
            "The new sea wall is 30 metres high.",
            "The new sea wall is 47 feet high.",
            "contradicted",
        ),
        ("The runway is more than 2 km long.", "The runway is 2,500 metres long.", "supported"),
        ("The runway is 1.5 km long.", "The runway is 1,600 metres long.", "contradicted"),
        # bounds and approximators as intervals
        ("The fire destroyed more than 700 homes.", "The fire destroyed 706 homes.", "supported"),
        (
            "The fire destroyed more than 700 homes.",
            "The fire destroyed 650 homes.",
            "contradicted",
        ),
        ("The fire destroyed 706 homes.", "The fire destroyed more than 700 homes.", "unsupported"),
        (
            "The fire destroyed more than 700 homes.",
            "The fire destroyed 700 homes.",
            "contradicted",
        ),
        ("Fewer than 10 boats sank.", "Seven boats sank.", "supported"),
        ("Fewer than 10 boats sank.", "Twelve boats sank.", "contradicted"),
        (
            "About 200 people attended the rally.",
            "Slightly more than 200 people attended the rally.",
            "supported",
        ),
        (
            "The storm left 4,000 homes without power.",
            "The storm left at least 4,000 homes without power.",
            "supported",
        ),
        # two bounds of one direction report their limits as the figures
        (
            "The policy pays up to $3,000 per claim.",
            "The policy pays up to $1,000 per claim.",
            "contradicted",
        ),
        (
            "At least 80 people died in the fire.",
            "At least 51 people died in the fire.",
            "contradicted",
        ),
        # the same number as a bound and as a figure are told apart when pairing
        (
            "Ann ran 6 miles and Bo ran 5 miles.",
            "Ann ran more than 5 miles and Bo ran 5 miles.",
            "unsupported",
        ),
        # hedges: a possibility or forecast establishes nothing and contradicts no report
        (
            "Fifty people died in the landslide.",
            "As many as 50 people may have died in the landslide.",
            "unsupported",
        ),
        (
            "Eighty people died in the landslide.",
            "Officials fear 50 people may have died in the landslide.",
            "unsupported",
        ),
        (
            "Two million people could be affected, aid groups warn.",
            "Aid groups say 2 million people are affected.",
            "supported",
        ),
        # number words equal digits
        (
            "Eight people were arrested after the match.",
            "Police arrested 8 people after the match.",
            "supported",
        ),
        (
            "Eight people were arrested after the match.",
            "Police arrested 9 people after the match.",
            "contradicted",
        ),
        # killed vs injured vs displaced kept apart
        (
            "Six people were killed in the crash.",
            "Six people were injured in the crash.",
            "unsupported",
        ),
        ("The quake displaced 3,000 families.", "The quake killed 3,000 people.", "unsupported"),
        (
            "Officials said 12 deaths were recorded.",
            "Officials said 12 people were killed.",
            "supported",
        ),
        # years and ages are not counts
        (
            "The bridge opened in 1998.",
            "The bridge, which opened in 1998, carries 40,000 cars a day.",
            "supported",
        ),
        ("The bridge opened in 1998.", "The bridge carries 1998 cars a day.", "unsupported"),
        # a year or a day is given by a full date that contains it
        ("The plant closed in 2009.", "The plant closed on March 3, 2009.", "supported"),
        ("The plant closed in 2008.", "The plant closed on March 3, 2009.", "unsupported"),
        ("The plant closed on March 3.", "The plant closed on March 3, 2009.", "supported"),
        ("The plant closed on March 4.", "The plant closed on March 3, 2009.", "unsupported"),
        # negation
        (
            "No hostages were released on Monday.",
            "Four hostages were released on Monday.",
            "unsupported",
        ),
        (
            "The army said 30 soldiers were not captured.",
            "The army said 30 soldiers were captured.",
            "contradicted",
        ),
        (
            "The fate of the other six climbers is not known.",
            "The fate of the remaining six climbers is still unknown.",
            "supported",
        ),
        (
            "The fate of the other six climbers is known.",
            "The fate of the remaining six climbers is still unknown.",
            "contradicted",
        ),
        # a figure the source does not give, and names it never mentions
        ("Police found 14 bicycles.", "The mayor spoke on Tuesday.", "unsupported"),
        (
            "Five climbers were rescued in Nepal.",
            "Five climbers were rescued in Peru.",
            "unsupported",
        ),
        # a name is mentioned by its initials, its acronym, a surname or its place's other forms
        (
            "The TSA screened 900 bags.",
            "The Transportation Security Administration screened 900 bags.",
            "supported",
        ),
        (
            "The WHO counted 30 cases.",
            "The World Health Organization counted 30 cases.",
            "supported",
        ),
        (
            "European Union ministers backed 12 measures.",
            "EU ministers backed 12 measures.",
            "supported",
        ),
        (
            "Mayor Dana Baker opened 3 libraries.",
            "On Friday, mayor Baker opened 3 libraries.",
            "supported",
        ),
        ("Dana Baker opened 3 libraries.", "A baker opened 3 libraries.", "unsupported"),
        ("Manchester United won 3 games.", "United won 3 games.", "unsupported"),
        (
            "Norwegian rescuers saved 14 fishermen.",
            "Rescuers from Norway saved 14 fishermen.",
            "supported",
        ),
        (
            "Swedish rescuers saved 14 fishermen.",
            "Rescuers from Norway saved 14 fishermen.",
            "unsupported",
        ),
        ("Two American soldiers were hurt.", "Two U.S. soldiers were hurt.", "supported"),
        ("Side AB is 5 cm long.", "The side is 5 cm long.", "supported"),
        # shares written as fractions or "N in M" are percentages
        ("Roughly one in four adults smoke.", "About 25% of adults smoke.", "supported"),
        ("One in four adults smoke.", "Some 40% of adults smoke.", "contradicted"),
        ("A third of the staff quit.", "33% of the staff quit.", "supported"),
        ("33% of the staff quit.", "A third of the staff quit.", "supported"),
        ("Half of the voters backed the plan.", "50% of voters backed the plan.", "supported"),
        ("The rod is 0.5 metres long.", "The rod is 50% longer.", "unsupported"),
        # a total the source gives in two parts: exact sum, bounds carried over, events kept apart
        (
            "At least 20 people died in the floods.",
            "At least 12 people died in Hungary and another eight in Austria.",
            "supported",
        ),
        ("Nine people were hurt.", "Five fans and four stewards were hurt.", "supported"),
        ("Ten people were hurt.", "Five fans and four stewards were hurt.", "unsupported"),
        (
            "Nine people were killed.",
            "Five fans were killed and four stewards were hurt.",
            "unsupported",
        ),
        (
            "The charity runs 30 shops.",
            "The charity runs 20 cafes and another 10 shops.",
            "contradicted",
        ),
        ("Ann has 9 cats and 4 dogs.", "Ann has 5 cats and 4 dogs.", "contradicted"),
        (
            "Nine people were hurt, including four stewards.",
            "Five fans and four stewards were hurt.",
            "supported",
        ),
        # a statement that says much more than the source is unsupported, whatever its figures
        (
            "Police seized 40 kilograms of cocaine hidden inside banana crates at the harbour.",
            "Police seized 40 kilograms of drugs.",
            "unsupported",
        ),
        ("Five climbers were rescued, officials said.", "Five climbers were rescued.", "supported"),
        ("Four miners died, a spokesman says.", "Four miners were killed on Monday.", "supported"),
        ("Four Chilean miners died.", "Four miners were killed in Chile.", "supported"),
        # the words of a name the source mentions are covered; a title is not a name
        (
            "Interior Minister Hamed Kader says 49 people were injured.",
            "Kader said 49 people were injured.",
            "supported",
        ),
        ("Gov. Ana Ruiz signed 3 bills.", "On Friday, Ruiz signed 3 bills.", "supported"),
        # "one <noun>" is given by the noun in the singular
        ("One engineer was hurt.", "An engineer was hurt on Monday.", "supported"),
        ("One engineer was hurt.", "Engineers were hurt on Monday.", "unsupported"),
        ("One engineer was hurt.", "Two engineers were hurt on Monday.", "contradicted"),
        ("The club's one striker was hurt.", "A player was hurt on Monday.", "unsupported"),
        # scores and tallies are figures: the same pair, in either order
        (
            "Leeds drew 2-2 with Hull.",
            "Hull and Leeds played out a 2-2 draw on Saturday.",
            "supported",
        ),
        ("Leeds beat Hull 3-1 at home.", "Hull lost 1-3 away to Leeds.", "supported"),
        ("Leeds beat Hull 3-1 at home.", "Leeds beat Hull 2-1 at home.", "unsupported"),
        ("The justices split 6-3 on the ruling.", "The justices split 6-3.", "supported"),
        # a count of people the source names (with their ages)
        (
            "Two teenagers were charged.",
            "Police charged Ana Ruiz, 17, and Tom Lee, 18, on Friday.",
            "supported",
        ),
        (
            "Three teenagers were charged.",
            "Police charged Ana Ruiz, 17, and Tom Lee, 18, on Friday.",
            "unsupported",
        ),
        # one to one: each figure of a list is checked against its own
        ("She scored 76, 65 and 82 points.", "She scored 76, 65 and 82 points.", "supported"),
        ("She scored 76, 65 and 83 points.", "She scored 76, 65 and 82 points.", "contradicted"),
    ],
)
@pytest.mark.model
def test_verify(statement, source, label):
    verdict = verify(statement, source)
    assert verdict.label == label, verdict.reason


@pytest.mark.model
def test_verdict_explains_itself_and_carries_findings():
    verdict = verify("Hamas holds 240 hostages.", "Hamas is holding 242 hostages.")
    assert verdict.label == "supported"
    assert "242" in verdict.reason
    assert [f.verdict for f in verdict.findings] == ["agree"]


def test_statement_without_figures_is_unsupported():
    verdict = verify("The minister resigned.", "The minister resigned on Friday.")
    assert verdict.label == "unsupported" and "no figure" in verdict.reason


def _cli(*args):
    import subprocess
    import sys

    from conftest import ROOT

    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.model
def test_cli_verify_exit_codes_and_json():
    from conftest import SEEDS

    source = str(next(SEEDS.glob("004_*.txt")))
    bad = _cli("verify", "Hamas is holding 250 hostages.", "--source", source)
    assert bad.returncode == 1 and bad.stdout.startswith("CONTRADICTED")
    good = _cli("verify", "Hamas holds 242 hostages.", "--source", source, "--json")
    assert good.returncode == 0, good.stderr
    import json

    data = json.loads(good.stdout)
    assert data["label"] == "supported" and data["figures"][0]["source"] == "242"
    missing = _cli("verify", "5 people left.", "--source", "no/such/file.txt")
    assert missing.returncode == 2 and "no/such/file.txt" in missing.stderr


def test_score_names_the_source_sentence():
    verdict = verify(
        "Leeds drew 2-2 with Hull.", "It rained. Hull and Leeds played out a 2-2 draw."
    )
    assert verdict.label == "supported"
    (check,) = verdict.checks
    assert check.source is not None and check.source.sentence_text.startswith("Hull and Leeds")


@pytest.mark.model
def test_content_coverage_is_a_setting(tmp_path):
    import shutil

    from conftest import ROOT

    from checker.rules import load_rules

    statement = "Police seized 40 kilograms of cocaine hidden inside banana crates at the harbour."
    source = "Police seized 40 kilograms of drugs."
    assert verify(statement, source).label == "unsupported"
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    settings = rules / "_settings.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("content_coverage: 0.5", "content_coverage: 0"), "utf-8")
    assert load_rules(rules).verify.content_coverage == 0
    assert verify(statement, source, rules).label == "supported"


@pytest.mark.model
def test_the_verdict_prints_untrusted_text_inert():
    from checker.report import render_verdict_json, render_verdict_text, verdict_data

    verdict = verify(
        "Hamas holds 242 hostages.",
        "Hamas is holding 242 hostages\x1b]0;pwned\x07 in Gaza,\u202e officials said.",
    )
    text = render_verdict_text(verdict)
    assert text.startswith("SUPPORTED\n  242: supported")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    data = verdict_data(verdict)
    assert data["figures"][0]["source"] == "242"
    assert "\x1b" in data["figures"][0]["source_sentence"]  # JSON keeps the text, escaped
    assert "\\u001b" in render_verdict_json(verdict)
