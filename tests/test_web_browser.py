"""The editor's desk in a real browser: Debian's chromium driven by Playwright.

``checker serve`` runs as a process on a free loopback port over the session's store
(the seeds). Skipped, saying why, only when chromium cannot be found or started
(``.ci/run`` installs it with apt when it is missing).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect, sync_playwright
from test_web import DRAFT, HOSTILE

CHROMIUM = os.environ.get("CHECKER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(newsroom):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker", "serve", "--port", str(port), "--folder", str(newsroom),
         "--store", str(newsroom / ".checker" / "store.sqlite")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url + "health", timeout=2) as r:
                if r.read() == b"ok":
                    break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"checker serve did not start:\n{proc.stdout.read()}")
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM)
        except Exception as exc:  # noqa: BLE001 - the reason is shown in the skip
            pytest.skip(f"chromium at {CHROMIUM} cannot be launched: {exc}")
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    pg.goto(server)
    expect(pg.locator("body")).to_have_attribute("data-ready", "yes")
    pg.errors = errors
    yield pg
    context.close()


def _check(pg, text: str) -> None:
    """Type (fill) the draft: the page checks it after the pause, and the cards follow."""
    pg.evaluate("document.body.dataset.checked = ''")
    pg.fill("#draft-input", text)
    expect(pg.locator("body")).to_have_attribute("data-checked", "yes", timeout=120_000)
    expect(pg.locator("body")).to_have_attribute("data-cards", "yes", timeout=30_000)
    expect(pg.locator("body")).not_to_have_attribute("data-stale", "yes")


def _mark(pg, text: str, verdict: str | None = None):
    css = f"#backdrop mark.fig.v-{verdict}" if verdict else "#backdrop mark.fig"
    return pg.locator(css, has_text=text)


def _selection(pg) -> str:
    return pg.evaluate(
        "(() => { const t = document.getElementById('draft-input');"
        " return t.value.slice(t.selectionStart, t.selectionEnd); })()"
    )


def test_figures_are_marked_where_the_editor_types_and_follow_edits(page, record_property):
    _check(page, DRAFT)
    record_property("first_highlights_ms", page.evaluate("document.body.dataset.checkMs"))
    mark = _mark(page, "250", "conflict")
    expect(mark).to_have_count(1)
    # the mark lies under the figure in the text box (same box, same wrapping)
    box, area = mark.bounding_box(), page.locator("#draft-input").bounding_box()
    assert area["x"] < box["x"] < area["x"] + area["width"]
    assert area["y"] < box["y"] < area["y"] + area["height"]
    # an edit before the figure: the mark moves with it, the page says it is out of date ...
    at = DRAFT.index("In addition")
    page.evaluate(f"document.getElementById('draft-input').setSelectionRange({at}, {at})")
    page.focus("#draft-input")
    page.evaluate("document.body.dataset.checked = ''")
    page.keyboard.type("Today, ")
    expect(page.locator("body")).to_have_attribute("data-stale", "yes")
    expect(page.locator("#status")).to_contain_text("Out of date")
    expect(_mark(page, "250")).to_have_count(1)  # still on the figure, at its new place
    # ... and checks again after the pause
    expect(page.locator("body")).to_have_attribute("data-checked", "yes", timeout=60_000)
    expect(page.locator("body")).not_to_have_attribute("data-stale", "yes")
    expect(_mark(page, "250", "conflict")).to_have_count(1)
    # an edit inside the figure takes its mark away until the next check says what it is
    at = page.evaluate("document.getElementById('draft-input').value.indexOf('250') + 3")
    page.evaluate(f"document.getElementById('draft-input').setSelectionRange({at}, {at})")
    page.keyboard.type("0")
    expect(_mark(page, "250")).to_have_count(0)
    expect(page.locator("body")).to_have_attribute("data-stale", "yes")
    assert page.errors == []


def test_cards_speak_a_newsroom_s_words_and_offer_the_other_outlet_s_figure(page):
    _check(page, DRAFT)
    # the chips count what is marked and filter it
    chip = page.locator("#chips button.chip.v-conflict")
    expect(chip).to_contain_text("differs 1")
    chip.click()
    expect(chip).to_have_attribute("aria-pressed", "true")
    expect(_mark(page, "2.3 million")).to_have_class(re.compile(r"\bmuted\b"))
    chip.click()
    expect(_mark(page, "2.3 million")).not_to_have_class(re.compile(r"\bmuted\b"))
    # the next-error key (outside the text: focus is on the chip) goes to the conflict, and
    # the card says who differs and why
    assert page.evaluate("document.activeElement.dataset.verdict") == "conflict"
    page.keyboard.press("e")
    assert _selection(page) == "250"
    card = page.locator("#cards .finding-card:not([hidden])").first
    expect(card.locator("h3")).to_contain_text("Differs from 004_2a899e9637ba3d2e")
    expect(card).to_contain_text("In addition, Hamas is holding 242 hostages.")  # coverage
    expect(card.locator("a[href='/rules#rule-conflict']")).to_have_text("About this check")
    expect(page.locator("#status")).to_contain_text("250: Differs from 004_2a899e9637ba3d2e.")
    expect(page.locator("#status")).to_contain_text("Hamas is holding 242 hostages")
    # "Use 242" puts the other outlet's figure in the draft; Ctrl+Z takes it back
    card.get_by_role("button", name="Use 242 (004_2a899e9637ba3d2e)").click()
    expect(page.locator("#draft-input")).to_have_value(DRAFT.replace("250", "242"))
    page.focus("#draft-input")
    page.keyboard.press("Control+z")
    expect(page.locator("#draft-input")).to_have_value(DRAFT)
    assert page.errors == []


def test_the_page_says_what_it_checked_and_never_shows_old_results_as_new(page, newsroom):
    (newsroom / "drafts" / "blinken.md").write_text(DRAFT, encoding="utf-8")
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "yes")
    expect(page.locator("#draft-date")).to_have_value(dt.date.today().isoformat())
    page.select_option("#file-pick", "drafts/blinken.md")
    expect(page.locator("body")).to_have_attribute("data-cards", "yes", timeout=120_000)
    expect(page.locator("#doc-name")).to_have_text("blinken.md")
    expect(page.locator("#doc-title")).to_contain_text("Blinken returns")
    assert page.title().startswith("Blinken returns")
    expect(page.locator("#draft-date")).to_be_disabled()  # the front matter dates it
    expect(page.locator("#compared-summary")).to_contain_text("Compared with")
    # other text pasted over it: a new draft, not blinken.md
    page.evaluate("document.body.dataset.checked = ''")
    page.fill("#draft-input", "Officials said 12 people died in the flood on Monday.")
    expect(page.locator("#doc-name")).to_have_text("draft.md")
    expect(page.locator("body")).to_have_attribute("data-checked", "yes", timeout=60_000)
    expect(page.locator("#draft-date")).to_be_enabled()  # no date of its own: the page's
    # a draft the desk refuses: the previous marks are greyed and said to be old
    page.fill("#draft-input", "---\ntitle: [unclosed\n---\nSome 3 people.\n")
    expect(page.locator("#status")).to_contain_text("front matter", timeout=60_000)
    expect(page.locator("#status")).to_contain_text("from the previous check")
    expect(page.locator("body")).to_have_attribute("data-stale", "yes")
    assert page.errors == []


def test_the_card_sits_beside_its_figure_and_a_key_goes_into_it_and_back(page):
    filler = "".join(f"Paragraph {i} says nothing countable at all.\n\n" for i in range(1, 40))
    _check(page, DRAFT.replace("In addition,", filler + "In addition,"))
    page.focus("#draft-input")
    page.keyboard.press("e")  # typing: an "e" in the text, not a key for the desk
    page.keyboard.press("Backspace")
    while _selection(page) != "250":
        page.keyboard.press("F8")
    card = page.locator("#cards .finding-card:not([hidden])").first
    expect(card).to_be_visible()
    figure, shown = _mark(page, "250").bounding_box(), card.bounding_box()
    assert abs(shown["y"] - figure["y"]) < 120, (shown, figure)  # level with its figure
    page.keyboard.press("Alt+Enter")
    assert page.evaluate("document.activeElement.classList.contains('finding-card')")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "draft-input"
    assert _selection(page) == "250"
    assert page.errors == []


def test_on_a_phone_the_card_is_a_sheet_with_a_way_back_and_no_keyboard_hints(browser, server):
    context = browser.new_context(viewport={"width": 400, "height": 800}, is_mobile=True,
                                  has_touch=True)  # fmt: skip
    pg = context.new_page()
    pg.goto(server)
    expect(pg.locator("body")).to_have_attribute("data-ready", "yes")
    _check(pg, DRAFT)
    expect(pg.locator("#keys-hint")).to_be_hidden()
    pg.locator("#next").tap()
    panel = pg.locator("#panel")
    expect(panel).to_have_class(re.compile(r"\bopen\b"))
    box = panel.bounding_box()
    assert box["y"] > 200 and box["y"] + box["height"] <= 801  # a sheet at the bottom
    pg.wait_for_timeout(300)  # the page scrolls the figure into view above the sheet
    figure = pg.locator("#backdrop mark.current").bounding_box()
    assert figure["y"] >= 0 and figure["y"] + figure["height"] <= box["y"], (figure, box)
    assert pg.evaluate("document.activeElement.id") != "draft-input"  # no on-screen keyboard
    pg.locator("#panel-back").tap()
    expect(panel).not_to_have_class(re.compile(r"\bopen\b"))
    assert pg.evaluate("document.activeElement.id") == "draft-input"
    context.close()


def test_a_hostile_draft_runs_nothing_and_shows_literally(page):
    _check(page, HOSTILE)
    expect(page.locator("#backdrop mark.fig").first).to_be_attached()
    page.wait_for_timeout(300)  # time for anything that would run to run
    title = "<script>document.title='pwned'</script> — Editor's desk"  # as text, never run
    assert page.title() == title
    assert page.locator("#draft-input").input_value() == HOSTILE
    shown = page.inner_text("#backdrop")
    assert "<script>document.title='pwned'</script>" in shown
    assert "</textarea>" in shown
    assert page.inner_text("#doc-title") == " — <script>document.title='pwned'</script>"
    assert page.locator("#backdrop *:not(mark), #cards script, #cards img").count() == 0
    page.focus("#draft-input")
    page.keyboard.press("F8")
    assert page.title() == title
    assert page.errors == []


@pytest.mark.parametrize("width", [1280, 400])
def test_keyboard_only_and_an_accessibility_check(browser, server, width):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    pg.goto(server)
    expect(pg.locator("body")).to_have_attribute("data-ready", "yes")
    pg.locator("#draft-input").focus()
    pg.keyboard.insert_text(DRAFT)
    expect(pg.locator("body")).to_have_attribute("data-cards", "yes", timeout=120_000)
    pg.keyboard.press("F8")
    first = _selection(pg)
    assert first and first in DRAFT
    expect(pg.locator("#status")).to_contain_text("Finding 1 of")
    pg.keyboard.press("F8")
    assert _selection(pg) != first
    pg.keyboard.press("Shift+F8")
    assert _selection(pg) == first
    pg.keyboard.press("Alt+Enter")
    assert pg.evaluate("document.activeElement.classList.contains('finding-card')")
    assert pg.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
    results = Axe().run(pg)
    problems = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]]
    assert len(results.response["passes"]) > 10, "axe ran its rules"
    assert problems == [], problems
    context.close()


def test_a_cold_start_says_what_it_is_loading_and_how_far_it_got(browser, server):
    """The page asks /api/status until the desk is ready (here answered by the test: a real
    warm-up is over before the module's server answers its first request)."""
    import json

    context = browser.new_context()
    pg = context.new_page()
    answers = [
        {"ready": False, "loading": "the sentence parser", "step": 2, "steps": 4, "seconds": 1.2},
        {"ready": False, "loading": "the embedding model", "step": 3, "steps": 4, "seconds": 4.8},
    ]

    def status(route):
        body = answers.pop(0) if answers else {"ready": True}
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    pg.route("**/api/status", status)
    pg.goto(server)
    expect(pg.locator("#loading")).to_be_visible()
    expect(pg.locator("#loading-text")).to_contain_text("loading the embedding model (step 3 of 4")
    expect(pg.locator("#loading-progress")).to_have_attribute("value", "2")
    expect(pg.locator("body")).to_have_attribute("data-loaded", "yes", timeout=10_000)
    expect(pg.locator("#loading")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("name", ["blinken.md", "blinken.txt"])
def test_dismiss_asks_why_keeps_it_in_the_draft_s_own_form_and_can_be_undone(page, newsroom, name):
    (newsroom / "drafts" / name).write_text(DRAFT, encoding="utf-8")
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "yes")
    page.select_option("#file-pick", f"drafts/{name}")
    expect(page.locator("body")).to_have_attribute("data-cards", "yes", timeout=120_000)
    page.locator("#next-error").click()
    card = page.locator("#cards .finding-card:not([hidden])").first
    page.evaluate("document.body.dataset.checked = ''")
    card.get_by_role("button", name="Dismiss…").click()
    dialog = page.locator("#dismiss-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("#dismiss-reason").fill("Our own count, from the ministry <today>")
    dialog.get_by_role("button", name="Dismiss", exact=True).click()
    expect(page.locator("body")).to_have_attribute("data-checked", "yes", timeout=60_000)
    value = page.locator("#draft-input").input_value()
    if name.endswith(".md"):  # a comment before the sentence
        assert '<!-- checker: dismiss conflict "250" reason: Our own count' in value
    else:  # an entry in the front matter, never an HTML comment in plain text
        assert "<!--" not in value and "dismissed:" in value.split("---")[1]
    expect(_mark(page, "250", "dismissed")).to_have_count(1)  # a visible dismissed mark
    expect(page.locator("#chips button.chip.v-dismissed")).to_contain_text("dismissed 1")
    # what CI reads: the saved draft honoured by checker check
    saved = newsroom / "drafts" / f"saved-{name}"
    saved.write_text(value, encoding="utf-8")
    from checker import api

    with api.open_store(api.configured(), newsroom / ".checker" / "store.sqlite") as st:
        report = api.check_draft(st, [saved])
    assert [f.rule for f in report.suppressed] == ["conflict"]
    assert not [f for f in report.findings if f.verdict == "conflict"]
    # Restore takes it out of the text again
    page.evaluate("document.body.dataset.checked = ''")
    page.focus("#draft-input")
    while _selection(page) != "250":
        page.keyboard.press("F8")
    page.locator("#cards .finding-card.is-dismissed:not([hidden]) button.restore").click()
    expect(page.locator("body")).to_have_attribute("data-checked", "yes", timeout=60_000)
    restored = page.locator("#draft-input").input_value()
    assert "checker: dismiss" not in restored and '"250"' not in restored
    expect(_mark(page, "250", "conflict")).to_have_count(1)
    assert page.errors == []
