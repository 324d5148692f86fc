"""Timelines: a figure followed across dated articles; updates versus conflicts over time."""

from __future__ import annotations

import datetime as dt

import pytest

from checker import check, document_from_text, extract_claims
from checker.compare.timeline import render_timeline, timeline

pytestmark = pytest.mark.model


def docs(*items):
    return [
        document_from_text(text, f"d{i}", date=dt.date.fromisoformat(day), outlet=f"Outlet {i}")
        for i, (day, text) in enumerate(items)
    ]


def test_rising_death_toll_is_an_update_on_a_timeline():
    report = check(
        docs(
            ("2024-09-27", "At least 80 people were killed in the strikes, the ministry said."),
            ("2024-09-25", "At least 51 people were killed in the strikes, the ministry said."),
            ("2024-09-29", "105 people were killed in the strikes, the ministry said."),
        )
    )
    verdicts = sorted(
        f.verdict for f in report.findings if f.rule in ("update", "conflict", "agreement")
    )
    assert "conflict" not in verdicts
    (track,) = timeline(report)
    assert [e.date.isoformat() for e in track.entries] == ["2024-09-25", "2024-09-27", "2024-09-29"]
    assert [e.claim.quantity.text for e in track.entries] == ["At least 51", "At least 80", "105"]
    text = render_timeline([track])
    assert text.index("2024-09-25") < text.index("2024-09-29")


def test_falling_cumulative_count_is_a_conflict_and_undated_ones_say_so():
    falling = check(
        docs(
            ("2024-09-25", "The ministry said 80 people were killed in the strikes."),
            ("2024-09-27", "The ministry said 51 people were killed in the strikes."),
        )
    )
    (f,) = [f for f in falling.findings if f.rule == "update"]
    assert f.verdict == "conflict" and f.level == "error" and "went down" in f.message

    undated = check(
        [
            document_from_text("The ministry said 80 people were killed in the strikes.", "a"),
            document_from_text("The ministry said 51 people were killed in the strikes.", "b"),
        ]
    )
    (f,) = [f for f in undated.findings if f.rule == "update"]
    assert f.level == "warning" and "no dates" in f.message


def test_ordinal_series_grows_visit_by_visit():
    report = check(
        docs(
            ("2023-11-03", "It is Blinken's second visit to the region since the war began."),
            ("2024-10-22", "It is Blinken's 11th visit to the region since the war began."),
        )
    )
    assert [f.verdict for f in report.findings if f.rule == "update"] == ["update"]


def test_default_date_dates_undated_articles():
    undated = [document_from_text("The ministry said 51 people were killed in the strikes.", "a")]
    dated = docs(("2024-09-27", "The ministry said 80 people were killed in the strikes."))
    report = check(undated + dated, default_date=dt.date(2024, 9, 25))
    assert [f.verdict for f in report.findings if f.rule == "update"] == ["update"]


def test_cli_report_timeline_with_front_matter_dates(tmp_path):
    import json
    import subprocess
    import sys

    from conftest import ROOT

    for name, day, n in (("a", "2024-09-25", 51), ("b", "2024-09-27", 80)):
        (tmp_path / f"{name}.md").write_text(
            f"---\ndate: {day}\noutlet: Outlet {name}\n---\n{n} people were killed in the strikes.\n",
            encoding="utf-8",
        )
    (tmp_path / "c.txt").write_text("105 people were killed in the strikes.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "report", str(tmp_path), "--timeline", "--format", "json",
         "--date", "2024-09-29"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (track,) = json.loads(proc.stdout)["timeline"]
    assert [(e["date"], e["text"]) for e in track["entries"]] == [
        ("2024-09-25", "51"),
        ("2024-09-27", "80"),
        ("2024-09-29", "105"),
    ]


def test_track_name_ties_go_to_the_earliest_claim_whatever_the_hash_seed():
    from checker.compare.timeline import _subject

    texts = ["Her 11th visit to the city.", "Her 11th trip to the city.", "The 12th time she came."]
    members = [extract_claims(document_from_text(t, f"d{i}"))[0] for i, t in enumerate(texts)]
    assert [c.subject for c in members] == ["visit", "trip", "time"]
    assert _subject(members).split(" (")[0] == "visit"  # the tie, whatever event
