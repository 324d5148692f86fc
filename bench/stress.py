"""Stress: `checker report` on inputs that used to grow with the square of their size.

Generates each input in a temporary folder (nothing is committed), runs
``python -m checker report INPUT --format json`` in a child process, and prints one table:
wall time, the report's own stage timings, findings, and the child's peak memory (``wait4``
rusage). Each input runs cold (fresh caches: embeddings, readings and sentence splits) and
then warm (same caches). Then the curve: 1k, 2k, 5k and 10k articles (warm), with time / n and
time / (n log n) normalised to the first point; "no faster than n log n" means the last
column does not grow. Targets (issue 12): warm <= 60 s; cold <= embedding time + 30 s.

    python bench/stress.py                 # everything (~15 min on 2 cores)
    python bench/stress.py --only big-line --no-curve
    python bench/stress.py --quick         # smaller inputs, for a smoke run

A progress bar shows on a terminal (rich); off when stdout is not a tty.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TOWNS = [
    "Springfield", "Riverton", "Lakeside", "Hillcrest", "Fairview", "Oakdale", "Brookfield",
    "Maplewood", "Greenville", "Ashford", "Cedar Falls", "Westbrook", "Northgate", "Elmira",
]  # fmt: skip
EVENTS = [
    ("evacuated from", "after the flood"), ("injured in", "in the storm"),
    ("killed in", "in the blast"), ("rescued in", "after the fire"),
    ("arrested in", "during the protest"), ("hired in", "at the new plant"),
]  # fmt: skip


def articles(n: int, seed: int = 0, same: bool = False) -> list[str]:
    """``n`` short one- or two-sentence articles; ``same``: all repeat one figure and sentence."""
    if same:
        return ["12 people were evacuated from the town."] * n
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        verb, when = rng.choice(EVENTS)
        town = rng.choice(TOWNS)
        text = f"{rng.randint(2, 400)} people were {verb} {town} {when}."
        if rng.random() < 0.5:
            text += f" Officials said {rng.randint(2, 60)} homes were damaged."
        out.append(text)
    return out


def jsonl(folder: Path, n: int, same: bool = False) -> Path:
    path = folder / f"articles-{n}{'-same' if same else ''}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(articles(n, same=same)):
            fh.write(json.dumps({"id": f"a{i}", "date": "2024-05-01", "text": text}) + "\n")
    return path


def small_files(folder: Path, n: int) -> Path:
    sub = folder / f"files-{n}"
    sub.mkdir()
    for i, text in enumerate(articles(n, seed=1)):
        (sub / f"article-{i:05d}.txt").write_text(text + "\n", encoding="utf-8")
    return sub


def big_line(folder: Path, size: int) -> Path:
    rng = random.Random(2)
    words = [
        "the",
        "people",
        "were",
        "evacuated",
        "from",
        "town",
        "and",
        "officials",
        "said",
        "about",
        "more",
        "than",
        "in",
    ]
    parts, total = [], 0
    while total < size:
        w = str(rng.randint(1, 999)) if rng.random() < 0.1 else rng.choice(words)
        parts.append(w)
        total += len(w) + 1
    path = folder / f"one-line-{size}.txt"
    path.write_text(" ".join(parts)[:size] + "\n", encoding="utf-8")
    return path


def one_sentence(folder: Path, size: int) -> Path:
    path = big_line(folder, size)
    path.write_text(path.read_text(encoding="utf-8").rstrip() + ".\n", encoding="utf-8")
    return path.rename(folder / f"one-sentence-{size}.txt")


def newlines(folder: Path, lines: int) -> Path:
    path = folder / f"newlines-{lines}.txt"
    path.write_text("a\n" * lines, encoding="utf-8")
    return path


def identical_lines(folder: Path, lines: int) -> Path:
    """One file of ``lines`` identical one-sentence lines (issue 23: "12 people died." x
    400,000 is 6.4 MB, under the size limit): one claim said ``lines`` times."""
    path = folder / f"identical-{lines}.txt"
    path.write_text(IDENTICAL * lines, encoding="utf-8")
    return path


#: The line :func:`identical_lines` repeats.
IDENTICAL = "12 people died.\n"
#: The identical rows' sizes (lines): issue 23's 20k, 50k and 400k.
IDENTICAL_SIZES = (20_000, 50_000, 400_000)


def many_figures(folder: Path, n: int) -> Path:
    path = folder / f"figures-{n}.txt"
    path.write_text("They said " + "and 12 people " * n + "were hurt.\n", encoding="utf-8")
    return path


def figure_table(folder: Path, n: int) -> Path:
    """A table pasted as one sentence: ``n`` towns, each with its own figure ("Springfield
    412 Riverton 388 ..."; 1,500 of them make ~20 KB), then a full stop."""
    rng = random.Random(3)
    cells = [f"{rng.choice(TOWNS)} {rng.randint(2, 999)}" for _ in range(n)]
    path = folder / f"table-{n}.txt"
    path.write_text("Cases by town: " + " ".join(cells) + ".\n", encoding="utf-8")
    return path


def distinct_figures(folder: Path, n: int) -> Path:
    """One sentence of ``n`` different figures ("and 17 people and 2,404 people ...")."""
    rng = random.Random(4)
    figures = rng.sample(range(2, 10 * n), n)
    path = folder / f"distinct-{n}.txt"
    text = "They said " + " ".join(f"and {f:,} people" for f in figures) + " were hurt.\n"
    path.write_text(text, encoding="utf-8")
    return path


#: A child still running after this many seconds is killed and its row says so (issue 23's
#: 400,000 identical lines were killed at 900 s).
TIMEOUT = 900.0


def run(path: Path, cache: Path) -> dict:
    """One ``checker report`` in a child: wall seconds, peak RSS (MB), the report's timings."""
    env = {**os.environ, "CHECKER_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    out = cache / "report.json"
    t0 = time.perf_counter()
    with out.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "checker", "report", str(path), "--format", "json"],
            stdout=fh, stderr=subprocess.PIPE, env=env, cwd=ROOT,
        )  # fmt: skip
        timer = threading.Timer(TIMEOUT, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime  # the child's CPU: less noisy than wall on a busy machine
    result = {"seconds": wall, "cpu": cpu, "peak_mb": usage.ru_maxrss / 1024, "exit": code}
    if wall >= TIMEOUT:
        result["error"] = [f"killed at {TIMEOUT:.0f} s"]
        return result
    try:
        data = json.loads(out.read_text(encoding="utf-8"))
    except ValueError:
        result["error"] = err.strip().splitlines()[-1:] or ["no report"]
        return result
    result["timings"] = data.get("timings") or {}
    result["findings"] = len(data.get("findings", []))
    result["claims"] = len(data.get("claims", []))
    return result


def progress(total: int):
    """A rich progress bar on a terminal; a no-op elsewhere."""
    if not sys.stdout.isatty():
        return None
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    bar.start()
    bar.add_task("stress", total=total)
    return bar


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a tenth of each size")
    ap.add_argument("--only", help="run only the inputs whose name contains this")
    ap.add_argument("--no-curve", dest="curve", action="store_false", help="skip the 1k-10k curve")
    ap.add_argument(
        "--no-identical", dest="identical", action="store_false",
        help="skip the identical-lines rows (20k, 50k, 400k lines; a tenth with --quick)",
    )  # fmt: skip
    args = ap.parse_args(argv)
    scale = 10 if args.quick else 1
    cases: list[tuple[str, Callable[[Path], Path]]] = [
        ("10,000 short articles, one JSONL", lambda d: jsonl(d, 10_000 // scale)),
        ("1,000 articles, one repeated figure", lambda d: jsonl(d, 1_000 // scale, same=True)),
        ("2,000 small files", lambda d: small_files(d, 2_000 // scale)),
        ("5 MB one-line article", lambda d: big_line(d, 5_000_000 // scale)),
        ("1.4 MB one sentence", lambda d: one_sentence(d, 1_400_000 // scale)),
        ("6 MB of one-character lines", lambda d: newlines(d, 3_000_000 // scale)),
        ("4,000 figures in one sentence", lambda d: many_figures(d, 4_000 // scale)),
        ("1,500 figures in one 20 KB sentence", lambda d: figure_table(d, 1_500 // scale)),
        ("4,000 distinct figures in one sentence", lambda d: distinct_figures(d, 4_000 // scale)),
    ]
    if args.only:
        cases = [c for c in cases if args.only.lower() in c[0].lower()]
    sizes = [n // scale for n in (1_000, 2_000, 5_000, 10_000)] if args.curve else []
    same = [n // scale for n in IDENTICAL_SIZES] if args.identical else []
    if args.only:
        same = [n for n in same if args.only.lower() in f"{n:,} identical lines"]
    bar = progress(len(cases) * 2 + len(sizes) + (1 if sizes else 0) + len(same))
    rows = []
    with tempfile.TemporaryDirectory(prefix="checker-stress-") as tmp:
        folder = Path(tmp)
        for name, make in cases:
            path = make(folder)
            cache = folder / f"cache-{len(rows)}"
            cache.mkdir()
            if bar:
                bar.update(bar.task_ids[0], description=f"{name}: cold")
            cold = run(path, cache)
            if bar:
                bar.advance(bar.task_ids[0])
                bar.update(bar.task_ids[0], description=f"{name}: warm")
            warm = run(path, cache)
            if bar:
                bar.advance(bar.task_ids[0])
            rows.append((name, cold, warm))
        curve = []
        if sizes:
            cache = folder / "cache-curve"
            cache.mkdir()
            path = jsonl(folder, sizes[-1])
            run(path, cache)  # warm every article once
            if bar:
                bar.advance(bar.task_ids[0])
            lines = path.read_text(encoding="utf-8").splitlines()
            for n in sizes:
                part = folder / f"curve-{n}.jsonl"
                part.write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
                if bar:
                    bar.update(bar.task_ids[0], description=f"curve: {n:,} articles")
                curve.append((n, run(part, cache)))
                if bar:
                    bar.advance(bar.task_ids[0])
        identical = []
        if same:  # one cache: the line is embedded once, then every size runs warm
            cache = folder / "cache-identical"
            cache.mkdir()
            for n in same:
                if bar:
                    bar.update(bar.task_ids[0], description=f"{n:,} identical lines")
                identical.append((n, run(identical_lines(folder, n), cache)))
                if bar:
                    bar.advance(bar.task_ids[0])
    if bar:
        bar.stop()
    if rows:
        print(table(rows))
    if curve:
        print()
        print(curve_table(curve))
    if identical:
        print()
        print(identical_table(identical))
    failed = [n for n, c, w in rows if c.get("error") or w.get("error")]
    failed += [n for n, r in identical if r.get("error")]
    return 1 if failed else 0


def _t(r: dict, key: str) -> str:
    value = r.get("timings", {}).get(key)
    return f"{value:.1f}" if isinstance(value, int | float) else "-"


def table(rows: list[tuple[str, dict, dict]]) -> str:
    head = (
        "| input | claims | findings | cold s | cold CPU s | cold embed s | cold target | warm s "
        "| warm CPU s | warm extract s | warm match s | warm rules s | peak MB (cold / warm) | ok |"
    )
    out = [head, "|---|" + "---:|" * 12 + "---|"]
    for name, cold, warm in rows:
        if cold.get("error") or warm.get("error"):
            out.append(f"| {name} | error: {(cold.get('error') or warm.get('error'))[0]} |")
            continue
        embed = cold["timings"].get("embed", 0.0)
        target = embed + 30
        ok = warm["seconds"] <= 60 and cold["seconds"] <= max(target, 60)
        out.append(
            f"| {name} | {warm['claims']:,} | {warm['findings']:,} | {cold['seconds']:.1f} "
            f"| {cold['cpu']:.1f} | {embed:.1f} | {target:.1f} | {warm['seconds']:.1f} "
            f"| {warm['cpu']:.1f} | {_t(warm, 'extract')} "
            f"| {_t(warm, 'match')} | {_t(warm, 'rules')} "
            f"| {cold['peak_mb']:,.0f} / {warm['peak_mb']:,.0f} | {'yes' if ok else 'NO'} |"
        )
    return "\n".join(out)


def curve_table(curve: list[tuple[int, dict]]) -> str:
    n0, r0 = curve[0]
    t0 = r0["seconds"]
    out = [
        "| articles | claims | warm s | match s | s / n (x first) | s / (n log n) (x first) | peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, r in curve:
        t = r["seconds"]
        per_n = (t / n) / (t0 / n0)
        per_nlogn = (t / (n * math.log(n))) / (t0 / (n0 * math.log(n0)))
        out.append(
            f"| {n:,} | {r.get('claims', 0):,} | {t:.1f} | {_t(r, 'match')} | {per_n:.2f} "
            f"| {per_nlogn:.2f} | {r['peak_mb']:,.0f} |"
        )
    return "\n".join(out)


def identical_table(curve: list[tuple[int, dict]]) -> str:
    """The identical rows (issue 23): one line said n times must cost ~n, not n^2."""
    out = [
        "| identical lines | claims | findings | s | extract s | match s | rules s "
        "| s / n (x first) | match s / n (x first) | peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ok = [(n, r) for n, r in curve if not r.get("error")]
    n0, r0 = ok[0] if ok else (1, {"seconds": 1.0})
    m0 = max(r0.get("timings", {}).get("match") or 0.0, 1e-3)
    for n, r in curve:
        if r.get("error"):
            out.append(f"| {n:,} | error: {r['error'][0]} |")
            continue
        t, m = r["seconds"], max(r.get("timings", {}).get("match") or 0.0, 1e-3)
        out.append(
            f"| {n:,} | {r.get('claims', 0):,} | {r.get('findings', 0):,} | {t:.1f} "
            f"| {_t(r, 'extract')} | {_t(r, 'match')} | {_t(r, 'rules')} "
            f"| {(t / n) / (r0['seconds'] / n0):.2f} | {(m / n) / (m0 / n0):.2f} "
            f"| {r['peak_mb']:,.0f} |"
        )
    return "\n".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
