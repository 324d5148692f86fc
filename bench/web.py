"""The editor's desk: time from "Check" to the first highlights, in a real browser.

    .venv/bin/python bench/web.py [--claims 100000] [--runs 5] [--write-results]

1. Index the PAC corpus (304 real articles) and grow the store to ``--claims`` with the
   SYNTHETIC copies of ``bench/store.py`` (same code: dates + k weeks, figures + a few %,
   perturbed vectors).
2. Start ``checker serve`` on a free loopback port over that store, open the page in
   Debian's chromium (Playwright, ``executable_path``), and paste a draft of about
   1,000 words made of real corpus sentences with one figure changed.
3. Time, in the page (``performance.now()`` from the click on *Check now* to the marks being
   under the text), and from Playwright (click to the first marked figure visible):

   * ``first``: the first check of the server process (it waits for the start-up warm-up
     that loads the parser and the model; the draft never seen);
   * ``warm, same draft``: the draft checked again (an editor re-checking after an edit:
     every unchanged sentence's reading and vectors come from the caches);
   * ``warm, new draft``: each run another 1,000-word draft the process has not seen
     (the server starts with an empty cache: its sentences are parsed and embedded during
     the check).

Skips with a message when the corpus or chromium is absent. ``--write-results`` replaces the
section between ``<!-- web:start -->`` and ``<!-- web:end -->`` of ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _results import machine, write_section  # noqa: E402  (bench/ is on sys.path)
from store import CORPUS, ROOT, convert, grow, load_base, run_index  # noqa: E402

CHROMIUM = os.environ.get("CHECKER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def drafts(jsonl: Path, n: int, words: int = 1000) -> list[str]:
    """``n`` drafts of about ``words`` words (to the end of that sentence), each from other real
    articles, one figure changed (the first number of two to four digits, plus one)."""
    import re

    articles = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    out, i = [], 0
    while len(out) < n and i < len(articles):
        parts, count = [], 0
        while count < words and i < len(articles):
            text = articles[i]["text"]
            parts.append(text)
            count += len(text.split())
            i += 1
        text = "\n\n".join(parts)
        # cut at the end of the sentence that holds the ``words``-th word
        nth = [m.start() for m in re.finditer(r"\S+", text)][min(words, count) - 1]
        stop = text.find(". ", nth)
        text = text[: stop + 1] if stop > 0 else text
        m = re.search(r"\b(\d{2,4})\b", text)
        if m:
            text = text[: m.start()] + str(int(m.group(1)) + 1) + text[m.end() :]
        out.append(text)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(store: Path, cache: Path, folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "CHECKER_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker", "serve", "--store", str(store), "--port", str(port),
         "--folder", str(folder)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("checker serve did not start")


def timed_check(page, text: str) -> tuple[float, float, int]:
    """(ms in the page, ms seen by Playwright, figures marked) for one check of ``text``."""
    page.fill("#draft-input", text)  # the page would check after a pause; the click is now
    page.evaluate("document.body.dataset.checked = ''")
    t = time.perf_counter()
    page.click("#check")
    page.wait_for_selector("body[data-checked='yes'] #backdrop mark.fig", timeout=120_000)
    outside = (time.perf_counter() - t) * 1000
    inside = float(page.evaluate("document.body.dataset.checkMs"))
    figures = page.locator("#backdrop mark.fig").count()
    return inside, outside, figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, default=100_000, help="claims in the store")
    ap.add_argument("--runs", type=int, default=5, help="timed checks of each kind")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--write-results", action="store_true")
    args = ap.parse_args()
    if not CORPUS.is_file():
        print(f"skipped: corpus not found at {CORPUS} (see ../shared/bench/README.md)")
        return 0
    if not os.path.exists(CHROMIUM):
        print(f"skipped: no chromium at {CHROMIUM} (apt-get install chromium)")
        return 0
    from playwright.sync_api import sync_playwright

    work = args.workdir or Path(tempfile.mkdtemp(prefix="checker-bench-web-"))
    work.mkdir(parents=True, exist_ok=True)
    jsonl = work / "pac.jsonl"
    convert(CORPUS, jsonl)
    cache = work / "cache"
    store = work / "store.sqlite"
    from checker.archive.store import Store

    if not store.exists():
        secs, line = run_index(store, jsonl, cache)
        print(f"indexed in {secs:.1f} s: {line}", flush=True)
    with Store(store) as st:
        have = st.counts()["claims"]
    if have < args.claims:
        base, rng = load_base(store)
        _, secs = grow(store, args.claims, base, rng, 0)
        print(f"grown to {args.claims:,}+ claims in {secs:.0f} s", flush=True)
    with Store(store) as st:
        counts = st.counts()
    texts = drafts(jsonl, 2 + args.runs)
    words = [len(t.split()) for t in texts]
    print(f"store: {counts['claims']:,} claims, {counts['documents']:,} articles; drafts of "
          f"{min(words)}-{max(words)} words", flush=True)  # fmt: skip

    # The server gets an empty cache: a draft it has not seen is parsed and embedded in full.
    serve_cache = Path(tempfile.mkdtemp(prefix="cache-serve-", dir=work))
    load_before = os.getloadavg()[0]
    proc, url = serve(store, serve_cache, work)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            page.wait_for_selector("body[data-ready='yes']")
            first = timed_check(page, texts[0])
            print(f"first: {first}", flush=True)
            same = [timed_check(page, texts[0]) for _ in range(args.runs)]
            print(f"warm, same draft: {same}", flush=True)
            new = [timed_check(page, t) for t in texts[1 : 1 + args.runs]]
            print(f"warm, new draft: {new}", flush=True)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(serve_cache, ignore_errors=True)

    def row(name: str, runs: list[tuple[float, float, int]]) -> str:
        inside = [r[0] for r in runs]
        outside = [r[1] for r in runs]
        figs = statistics.median(r[2] for r in runs)
        return (f"| {name} | {len(runs)} | {statistics.median(inside) / 1000:.2f} | "
                f"{max(inside) / 1000:.2f} | {statistics.median(outside) / 1000:.2f} | "
                f"{figs:.0f} |")  # fmt: skip

    text = "\n".join([
        f"### The editor's desk: first highlights (bench/web.py, {dt.date.today().isoformat()}, "
        f"{machine()})",
        "",
        f"A draft of {min(words)}-{max(words)} words (real corpus sentences, one figure "
        f"changed) checked through `checker serve` in Debian's chromium against a store of "
        f"{counts['claims']:,} claims ({counts['documents']:,} articles, mostly the synthetic "
        "copies of bench/store.py). Seconds from the click on *Check now* to the marks under the text in the "
        "page (`performance.now()` in the page; Playwright's view of the same, click to first "
        "marked figure visible, beside it):",
        "",
        "| check | runs | page p50 s | page max s | Playwright p50 s | figures marked |",
        "|---|---:|---:|---:|---:|---:|",
        row("first, right after start-up (waits for the models to load)", [first]),
        row("warm, the same draft again (re-check after an edit)", same),
        row("warm, a draft the process has not seen", new),
        "",
        f"Load average (1 min) {load_before:.1f} before the runs and {os.getloadavg()[0]:.1f} "
        "after, on 2 cores shared with other work: every figure above is slower than on an idle "
        "machine.",
    ])  # fmt: skip
    print(text)
    if args.write_results:
        write_section("web", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
