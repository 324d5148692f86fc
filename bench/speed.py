"""How long `checker report` takes: the 304 PAC articles in one run and `seeds/`, cold and warm.

Run from the repository root::

    python bench/speed.py                    # the table (2 cold and 2 warm runs of each)
    python bench/speed.py --runs 1           # one of each
    python bench/speed.py --only seeds       # just seeds/ (no benchmark data needed)
    python bench/speed.py --keep DIR         # also keep each JSON report in DIR
    python bench/speed.py --write-results    # update bench/RESULTS.md (this script's section)

Each run is the command line end to end, in a fresh process:
``python -m checker report INPUT --format json --out FILE``, with ``CHECKER_CACHE_DIR``
pointed at a temporary folder. *Cold*: that folder is new and empty (no embeddings, no
readings cached), so the run imports spaCy and torch, parses every sentence that holds a
figure and embeds every key text. *Warm*: the same command again with the cache the cold
run left. Wall-clock seconds include the interpreter's start-up; the stage columns are the
report's own ``timings`` (extract: claims read from the parse, embed, match, rules), so what
is left of the wall time is start-up, imports, reading the input (sentence splitting) and
writing the report. CPU seconds (user + system, of the child process) and the 1-minute load
average before each run are printed too: on a machine shared with other work the wall time
of a cold run can double while its CPU time moves much less.

Data: ``corpora/pac_story_pairs.jsonl`` under ``$CHECKER_BENCH_DATA`` (or ``../shared/bench``),
the 152 two-outlet stories of ``bench/corpus.py``. Its 304 articles are written to a JSONL
file in a temporary folder at run time (id, text: sentences joined with spaces as in
``corpus.documents``, outlet, date when it parses), never into the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _results import machine, write_section
from corpus import DATA, stories

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("extract", "embed", "match", "rules")


def write_pac(path: Path) -> int:
    """The PAC articles as one JSONL file the CLI reads; returns how many."""
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for story in stories(DATA / "corpora" / "pac_story_pairs.jsonl", 0):
            for art in story["articles"]:
                row = {"id": art["id"], "text": " ".join(art["sentences"])}
                if art.get("source"):
                    row["outlet"] = art["source"]
                with contextlib.suppress(ValueError):  # PAC leaves some dates empty
                    row["date"] = dt.date.fromisoformat(art.get("date", "")[:10]).isoformat()
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    return n


def run_report(target: Path, cache: Path, out: Path) -> tuple[float, float, dict]:
    """One `checker report` in a fresh process: (wall s, CPU s, the report's timings)."""
    env = dict(os.environ, CHECKER_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "checker", "report", str(target), "--format", "json"]
    cmd += ["--out", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):  # 1 = findings at the failing level
        raise SystemExit(f"checker report {target} failed ({proc.returncode}):\n{proc.stderr}")
    timings = json.loads(out.read_text(encoding="utf-8")).get("timings", {})
    return wall, cpu, timings


def measure(
    name: str, label: str, target: Path, runs: int, tmp: Path, keep: Path | None
) -> list[dict]:
    """``runs`` pairs: a cold run on a new empty cache, then a warm run on the cache it left."""
    rows = []
    for i in range(runs):
        cache = tmp / f"cache-{name}-{i}"
        for kind in ("cold", "warm"):
            out = tmp / f"{name}-{kind}-{i}.json"
            load = os.getloadavg()[0]
            wall, cpu, timings = run_report(target, cache, out)
            rows.append({"input": label, "kind": kind, "wall": wall, "cpu": cpu, "load": load,
                         **timings})  # fmt: skip
            print(
                f"  {label} {kind} #{i + 1}: {wall:.2f} s (CPU {cpu:.2f} s, load {load:.1f}) "
                + " ".join(f"{s} {timings.get(s, 0):.2f}" for s in STAGES),
                file=sys.stderr,
            )
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(out, keep / out.name)
        shutil.rmtree(cache, ignore_errors=True)
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| input | run | wall s (runs) | CPU s (runs) | load before | extract s | embed s | match s"
        " | rules s | embedded by model |",
        "|---|---|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for name in dict.fromkeys(r["input"] for r in rows):
        for kind in ("cold", "warm"):
            sel = [r for r in rows if r["input"] == name and r["kind"] == kind]
            if not sel:
                continue
            walls = " / ".join(f"{r['wall']:.2f}" for r in sel)
            cpus = " / ".join(f"{r['cpu']:.2f}" for r in sel)
            loads = " / ".join(f"{r['load']:.1f}" for r in sel)
            med = {s: statistics.median(r.get(s, 0.0) for r in sel) for s in STAGES}
            model = int(statistics.median(r.get("embedded_by_model", 0) for r in sel))
            lines.append(
                f"| {name} | {kind} | {walls} | {cpus} | {loads} | "
                + " | ".join(f"{med[s]:.2f}" for s in STAGES)
                + f" | {model:,} |"
            )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2, help="cold+warm pairs per input (default 2)")
    ap.add_argument("--only", choices=("pac", "seeds"), help="measure one input only")
    ap.add_argument("--keep", type=Path, help="copy each JSON report into this folder")
    ap.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    args = ap.parse_args()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="checker-speed-") as name:
        tmp = Path(name)
        if args.only != "seeds":
            if DATA is None:
                print("skipped PAC: benchmark data not found (set CHECKER_BENCH_DATA)")
            else:
                pac = tmp / "pac.jsonl"
                n = write_pac(pac)
                rows += measure("pac", f"PAC {n} articles", pac, args.runs, tmp, args.keep)
        if args.only != "pac":
            rows += measure("seeds", "seeds/", ROOT / "seeds", args.runs, tmp, args.keep)
    text = table(rows)
    print(text)
    if args.write_results:
        write_section(
            "speed",
            "## Speed of `checker report` (`python bench/speed.py`)\n\n"
            f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; wall seconds per run,"
            " stages as the median of the runs' own timings.\n\n" + text,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
