"""Regenerate the screenshots of the editor's desk in docs/ (docs/desk.md and the README).

    .venv/bin/python scripts/screenshots.py

Indexes the seeds into a temporary store, starts ``checker serve`` on a free loopback port,
pastes a draft with one wrong figure (250 hostages; the seeds say 242) into the page in
Debian's chromium (Playwright with ``executable_path``) and saves:

* ``docs/desk-draft.png``: the whole page after the check, every figure marked by its verdict;
* ``docs/desk-panel.png``: the draft and the conflict's card beside it, with both sentences;
* ``docs/desk-phone.png``: the same card as a sheet on a 400 px wide phone.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CHROMIUM = os.environ.get("CHECKER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
DRAFT = """---
title: Blinken returns to Israel
date: 2024-10-25
---
US Secretary of State Antony Blinken arrived in Israel on Tuesday. This marks Blinken's 11th \
visit to the region since the war in Gaza began.

In addition, Hamas is holding 250 hostages. The conflict has displaced the majority of \
Gaza's 2.3 million residents, and at least 51 people were killed in Lebanon on Wednesday.
"""


def main() -> int:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="checker-shots-"))
    shutil.copytree(ROOT / "seeds", work / "archive")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    store = work / ".checker" / "store.sqlite"
    subprocess.run([sys.executable, "-m", "checker", "index", str(work / "archive"),
                    "--store", str(store), "--no-progress"], env=env, check=True)  # fmt: skip
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--store", str(store),
                             "--folder", str(work), "--port", str(port)], env=env)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(url + "health", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(url)
            page.wait_for_selector("body[data-ready='yes']")
            page.fill("#draft-input", DRAFT)  # the page checks after the pause in typing
            page.wait_for_selector("body[data-cards='yes'] #backdrop mark.fig", timeout=120_000)
            DOCS.mkdir(exist_ok=True)
            page.screenshot(path=str(DOCS / "desk-draft.png"), full_page=True)
            page.locator("#next-error").click()  # the conflict
            page.wait_for_timeout(300)
            page.locator("#review").screenshot(path=str(DOCS / "desk-panel.png"))
            phone = browser.new_page(viewport={"width": 400, "height": 820}, is_mobile=True,
                                     has_touch=True)  # fmt: skip
            phone.goto(url)
            phone.wait_for_selector("body[data-ready='yes']")
            phone.fill("#draft-input", DRAFT)
            phone.wait_for_selector("body[data-cards='yes'] #backdrop mark.fig", timeout=120_000)
            phone.locator("#next-error").tap()
            phone.wait_for_timeout(400)
            phone.screenshot(path=str(DOCS / "desk-phone.png"))
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote desk-draft.png, desk-panel.png and desk-phone.png in {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
