"""The draft view in the static HTML report: the draft's figures marked by verdict, linked to
their findings, a timeline chart for dated values; no script, all article text escaped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from model_guard import model_fixture

from checker import api
from checker.read.documents import document_from_text
from checker.report import draft_view, render, render_draft


@model_fixture(scope="module")
def report():
    docs = [
        document_from_text(
            "The death toll from the flood rose to 40 people on Monday, officials said.",
            "early", date="2024-10-01", outlet="Daily A", url="https://example.org/a",
        ),
        document_from_text(
            "The death toll from the flood rose to 55 people on Tuesday, officials said.",
            "later", date="2024-10-03", outlet="Daily <b>B</b>", url="javascript:alert(1)",
        ),
        document_from_text(
            "The death toll from the flood rose to 61 people, officials said. "
            "<script>alert(1)</script><img src=x onerror=alert(2)>",
            "draft", date="2024-10-05",
        ),
    ]  # fmt: skip
    return api.check(docs)


def test_every_figure_of_the_draft_is_marked_with_its_verdict(report):
    view = draft_view(report, "draft")
    marked = {f.text: f.verdict for f in view.figures}
    assert marked["61"] == "update"
    assert "".join(text for text, _ in view.pieces) == report.documents[2].text
    fig = next(f for f in view.figures if f.text == "61")
    assert fig.findings and fig.label == "61: update (info)"
    assert all(item.id in {i.id for i in view.items} for f in view.figures for item in
               [i for i in view.items if i.id in f.findings])  # fmt: skip


def test_dated_values_draw_a_timeline(report):
    item = next(i for i in draft_view(report, "draft").items if i.chart is not None)
    values = [p.label for p in item.chart.points]
    assert values == ["40", "55", "61"]
    assert [p.is_draft for p in item.chart.points] == [False, False, True]
    # oldest on the left, highest on top
    xs = [p.x for p in item.chart.points]
    ys = [p.y for p in item.chart.points]
    assert xs == sorted(xs) and ys == sorted(ys, reverse=True)


def test_the_timeline_is_labelled_as_written_and_joins_one_point_a_day(report):
    """No 1.6e+06 on the axis, no vertical stroke between two articles of one day, and no
    chart at all without a time axis (every figure on one day)."""
    import dataclasses

    from checker.report.draft import _chart

    docs = {d.id: d for d in report.documents}
    claims = [c for c in report.claims if c.quantity.text in ("40", "55", "61")]
    millions = {"40": (1.6e6, "1.6 million"), "55": (1.75e6, "1.75 million"),
                "61": (1.9e6, "1.9 million")}  # fmt: skip
    claims = [
        dataclasses.replace(c, quantity=dataclasses.replace(
            c.quantity, value=millions[c.quantity.text][0], text=millions[c.quantity.text][1]))
        for c in claims
    ]  # fmt: skip
    chart = _chart(claims, docs, "draft")
    assert (chart.y_top, chart.y_bottom) == ("1.9 million", "1.6 million")
    assert len(chart.line.split()) == 3
    same_day = {k: dataclasses.replace(d, date=docs["early"].date) if k == "later" else d
                for k, d in docs.items()}  # fmt: skip
    chart = _chart(claims, same_day, "draft")
    assert len(chart.points) == 3 and len(chart.line.split()) == 2  # one point a day
    one_day = {k: dataclasses.replace(d, date=docs["early"].date) for k, d in docs.items()}
    assert _chart(claims, one_day, "draft") is None


def test_the_static_report_opens_with_the_draft_and_needs_no_script(report):
    out = render(report, "html", draft="draft")
    assert "<script" not in out.lower() and "<img" not in out
    assert "&lt;script&gt;alert(" in out and "&lt;img src=x onerror=alert(" in out
    assert "Daily &lt;b&gt;B&lt;/b&gt;" in out
    assert "javascript:" not in out  # not an http(s) link: not shown
    assert not re.search(r"""(?:src|href)=["']?(?:https?:|//)""", out)  # a link is text here
    assert "https://example.org/a" in out
    fig = re.search(r'<a class="fig v-update level-info" id="(fig-\d+)" href="#(finding-\d+)"', out)
    assert fig, "a figure links to its finding"
    assert f'id="{fig.group(2)}"' in out
    assert "<svg" in out and "<polyline" in out
    assert out.index('class="draft-view"') < out.index('id="verdict-update"')


def test_the_desk_renders_the_same_view_with_buttons_and_a_hidden_panel(report):
    html = render_draft(draft_view(report, "draft"), interactive=True)
    assert '<button type="button" class="fig v-update level-info"' in html
    assert re.search(r'<article class="finding-card[^"]*" id="finding-1"[^>]* hidden[ >]', html)
    assert 'href="https://example.org/a" rel="noopener noreferrer"' in html
    # the draft is the newest article: no older figure offered as a fix; a dismiss
    assert "use-fix" not in html
    assert '<button type="button" class="dismiss">Dismiss…</button>' in html
    assert 'href="/rules#rule-update"' in html


def test_cards_speak_a_newsroom_s_words_not_the_rules(report):
    """A headline an editor uses, one line of why from the rule file, and what a screen reader
    hears: the headline and what the other article says."""
    rules = api.rule_pack()
    items = [i for i in draft_view(report, "draft", rules=rules).items if i.verdict == "update"]
    assert [i.headline for i in items] == ["Changed since Daily A", "Changed since Daily <b>B</b>"]
    update_rule = next(r for r in rules.rules if r.id == "update")
    assert items[0].why and items[0].why in " ".join(update_rule.why.split())
    assert items[0].say.startswith("Changed since Daily A. Daily A, 2024-10-01: “The death toll")
    assert all(i.fix == "" for i in items)  # the draft is the newest: nothing to take from
    # the same draft dated before the others: their newest figure is offered
    early = api.check([d if d.id != "draft" else dataclasses.replace(d, date=dt.date(2024, 9, 30))
                       for d in report.documents])  # fmt: skip
    items = [i for i in draft_view(early, "draft").items if i.verdict == "update"]
    assert {i.headline for i in items} == {
        "Newer figure in Daily A",
        "Newer figure in Daily <b>B</b>",
    }
    assert {(i.fix, i.fix_from) for i in items} == {("40", "Daily A"), ("55", "Daily <b>B</b>")}


def test_an_unknown_draft_is_an_error(report):
    with pytest.raises(ValueError, match="no document"):
        draft_view(report, "nope")


def test_the_marked_text_needs_no_details(report):
    full, quick = draft_view(report, "draft"), draft_view(report, "draft", details=False)
    assert quick.figures == full.figures and quick.pieces == full.pieces
    assert all(i.quotes == () and i.chart is None for i in quick.items)
    assert [i.id for i in quick.items] == [i.id for i in full.items]


def _luminance(colour: str) -> float:
    h = colour.lstrip("#")
    h = "".join(c * 2 for c in h) if len(h) == 3 else h
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_verdicts_underline_has_3_to_1_contrast_with_what_it_sits_on():
    """WCAG 1.4.11 (non-text contrast): a figure's underline is told apart from its own tint
    and from the page, for every verdict (agree, artefact and unmarked figures were under)."""
    from checker.report.draft import TEMPLATES

    css = (TEMPLATES / "checker.css").read_text(encoding="utf-8")
    rules = re.findall(r"\.fig\.v-([\w-]+) \{([^}]*)\}", css)
    assert {name for name, _ in rules} >= {"conflict", "update", "artefact", "agree",
                                             "single-source", "none"}  # fmt: skip
    for name, body in rules:
        underline = re.search(r"text-decoration-color: (#[0-9a-f]+)", body).group(1)
        tint = re.search(r"background: (#[0-9a-f]+)", body)
        for ground in ("#ffffff", *([tint.group(1)] if tint else [])):
            hi, lo = sorted((_luminance(underline), _luminance(ground)), reverse=True)
            assert (hi + 0.05) / (lo + 0.05) >= 3.0, f"{name}: {underline} on {ground}"
