"""The editor's desk in a real browser: Debian's chromium driven by Playwright.

``checker serve`` runs as a process on a free loopback port over the session's store
(the seeds). Skipped, saying why, only when chromium cannot be found or started
(``.ci/run`` installs it with apt when it is missing).
"""

from __future__ import annotations

import os
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
    pg.fill("#draft-input", text)
    pg.click("#check")
    expect(pg.locator("body")).to_have_attribute("data-checked", "yes", timeout=120_000)


def test_a_planted_wrong_figure_opens_both_sentences_in_the_side_panel(page, record_property):
    _check(page, DRAFT)
    record_property("first_highlights_ms", page.evaluate("document.body.dataset.checkMs"))
    conflict = page.locator("button.fig.v-conflict", has_text="250")
    expect(conflict).to_be_visible()
    conflict.click()
    card = page.locator("#panel .finding-card:not([hidden])").first
    expect(card).to_contain_text("In addition, Hamas is holding 242 hostages.")  # coverage
    expect(card).to_contain_text("In addition, Hamas is holding 250 hostages.")  # the draft
    expect(card).to_contain_text("004_2a899e9637ba3d2e")
    assert conflict.get_attribute("aria-expanded") == "true"
    # "ignore here" puts the suppression comment into the text, never on disk, and rechecks
    card.get_by_role("button", name="Ignore here").click()
    expect(page.locator("#draft-input")).to_have_value(
        DRAFT.replace("In addition,", "<!-- checker: ignore conflict --> In addition,")
    )
    expect(page.locator("button.fig.v-conflict", has_text="250")).to_have_count(0)
    expect(page.locator(".summary-bar")).to_contain_text("suppressed 1")
    assert page.errors == []


def test_a_hostile_draft_runs_nothing_and_shows_literally(page):
    title = page.title()
    _check(page, HOSTILE)
    expect(page.locator("button.fig").first).to_be_visible()
    page.wait_for_timeout(300)  # time for anything that would run to run
    assert page.title() == title
    shown = page.inner_text("#draft-text")
    assert "<script>document.title='pwned'</script>" in shown
    assert "<img src=x onerror=\"document.title='pwned'\">" in shown
    assert "</textarea>" in shown
    assert page.inner_text("#result h2") == "<script>document.title='pwned'</script>"
    assert page.locator("#result script, #result img, #result a[href^='javascript']").count() == 0
    page.locator("button.fig").first.click()
    assert page.title() == title
    assert page.errors == []


def test_keyboard_only_zoom_and_an_accessibility_check(browser, server):
    from axe_playwright_python.sync_playwright import Axe

    # 200 % zoom of a 1280 x 900 window: the page must reflow without sideways scrolling
    context = browser.new_context(viewport={"width": 640, "height": 450}, device_scale_factor=2)
    pg = context.new_page()
    pg.goto(server)
    expect(pg.locator("body")).to_have_attribute("data-ready", "yes")
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.id") == "draft-input"
    pg.keyboard.insert_text(DRAFT)
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.id") == "check"
    pg.keyboard.press("Enter")
    expect(pg.locator("body")).to_have_attribute("data-checked", "yes", timeout=120_000)
    pg.keyboard.press("n")
    first = pg.evaluate("document.activeElement.id")
    assert first.startswith("fig-")
    expect(pg.locator("#panel .finding-card:not([hidden])").first).to_be_visible()  # waits
    pg.keyboard.press("n")
    assert pg.evaluate("document.activeElement.id") != first
    pg.keyboard.press("p")
    assert pg.evaluate("document.activeElement.id") == first
    pg.keyboard.press("Enter")  # a figure is a button
    assert pg.evaluate("document.activeElement.getAttribute('aria-expanded')") == "true"
    assert pg.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
    results = Axe().run(pg)
    problems = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]]
    assert len(results.response["passes"]) > 10, "axe ran its rules"
    assert problems == [], problems
    context.close()
