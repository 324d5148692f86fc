"""How long `checker report` takes, cold and warm, against importing torch: one run, side by side.

Run from the repository root::

    python bench/speed.py                    # 3 rounds: the table and the ratios
    python bench/speed.py --runs 5           # 5 rounds
    python bench/speed.py --only seeds       # just seeds/ (no benchmark data needed)
    python bench/speed.py --keep DIR         # also keep each JSON report in DIR
    python bench/speed.py --write-results    # update bench/RESULTS.md (this script's section)

A *round* runs, one after the other in fresh processes: the reference (``python -c "import
torch, sentence_transformers"``, what any run on torch pays before it does anything), then
``python -m checker report INPUT --format json --out FILE`` cold and then warm on ``seeds/``,
then on the 304 PAC articles. The rounds alternate, so a machine that slows down slows every
figure alike; each figure is the median over the rounds, and each ratio the median of the
rounds' own ratios (the load average before each run is printed beside it), of wall time
and of CPU time (user + system of the child: what moves least on a shared machine).

*Cold*: ``CHECKER_CACHE_DIR`` is a new empty folder (no embeddings, no readings, no
sentences cached), so the run loads spaCy, parses every sentence that holds a figure and
embeds every key text. The exported ONNX model stays where it is (``CHECKER_MODEL_DIR`` is
set to the user's model folder): the export is a one-time set-up, made before the first
round when it is missing, not part of a cold run. *Warm*: the same command again with the
cache the cold run left. Wall-clock seconds include the interpreter's start-up; the stage
columns are the report's own ``timings`` (extract: claims read from the parse, embed,
match, rules). CPU seconds (user + system, of the child) are printed too: on a machine
shared with other work the wall time moves much more than the CPU time.

The backend is the checker's default unless ``$CHECKER_EMBEDDING_BACKEND`` says otherwise
(``CHECKER_EMBEDDING_BACKEND=torch python bench/speed.py`` measures the torch path).

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


REFERENCE = "import torch, sentence_transformers"
#: The issue's targets (issue 24): cold seeds / reference, and absolute medians in seconds.
TARGETS = {"ratio": 0.5, ("PAC", "cold"): 25.0, ("PAC", "warm"): 3.0, ("seeds/", "warm"): 0.5}


def _child(cmd: list[str], env: dict) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall s, CPU s of the child, the finished process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc


def run_report(target: Path, env: dict, out: Path) -> tuple[float, float, dict]:
    """One `checker report` in a fresh process: (wall s, CPU s, the report's timings)."""
    cmd = [sys.executable, "-m", "checker", "report", str(target), "--format", "json"]
    wall, cpu, proc = _child([*cmd, "--out", str(out)], env)
    if proc.returncode not in (0, 1):  # 1 = findings at the failing level
        raise SystemExit(f"checker report {target} failed ({proc.returncode}):\n{proc.stderr}")
    timings = json.loads(out.read_text(encoding="utf-8")).get("timings", {})
    return wall, cpu, timings


def run_reference(env: dict) -> tuple[float, float]:
    wall, cpu, proc = _child([sys.executable, "-c", REFERENCE], env)
    if proc.returncode:
        raise SystemExit(f"the reference import failed:\n{proc.stderr}")
    return wall, cpu


def ensure_export(env: dict) -> str:
    """The backend a report will use; the ONNX export made first when it is missing."""
    from checker.compare import embed_onnx
    from checker.compare.embed import chosen_backend

    backend = chosen_backend()
    if backend == "onnx" and not embed_onnx.export_path().exists():
        print("making the ONNX export once (set-up, not timed) ...", file=sys.stderr)
        embed_onnx.export()
    return backend


def rounds(inputs: list[tuple[str, Path]], runs: int, tmp: Path, keep: Path | None) -> list[dict]:
    """``runs`` rounds of: the reference, then per input a cold and a warm report."""
    from checker.compare import embed_onnx

    base = dict(os.environ, PYTHONPATH=str(ROOT), CHECKER_MODEL_DIR=str(embed_onnx.model_dir()))
    rows = []
    for i in range(runs):
        load = os.getloadavg()[0]
        wall, cpu = run_reference(base)
        rows.append({"input": "reference", "kind": REFERENCE, "round": i, "wall": wall,
                     "cpu": cpu, "load": load})  # fmt: skip
        print(f"  round {i + 1}: reference {wall:.2f} s (CPU {cpu:.2f}, load {load:.1f})",
              file=sys.stderr)  # fmt: skip
        for label, target in inputs:
            cache = tmp / f"cache-{i}-{len(rows)}"
            env = dict(base, CHECKER_CACHE_DIR=str(cache))
            for kind in ("cold", "warm"):
                out = tmp / f"{label.split()[0].strip('/')}-{kind}-{i}.json"
                load = os.getloadavg()[0]
                wall, cpu, timings = run_report(target, env, out)
                rows.append({"input": label, "kind": kind, "round": i, "wall": wall, "cpu": cpu,
                             "load": load, **timings})  # fmt: skip
                print(
                    f"  round {i + 1}: {label} {kind} {wall:.2f} s (CPU {cpu:.2f} s, "
                    f"load {load:.1f}) " + " ".join(f"{s} {timings.get(s, 0):.2f}" for s in STAGES),
                    file=sys.stderr,
                )
                if keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(out, keep / out.name)
            shutil.rmtree(cache, ignore_errors=True)
    return rows


def _median(rows: list[dict], key: str) -> float:
    return statistics.median(r.get(key, 0.0) for r in rows)


def table(rows: list[dict]) -> str:
    lines = [
        "| input | run | median wall s | wall s (rounds) | median CPU s | load before |"
        " extract s | embed s | match s | rules s | embedded by model |",
        "|---|---|---:|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    groups = dict.fromkeys((r["input"], r["kind"]) for r in rows)
    for name, kind in groups:
        sel = [r for r in rows if r["input"] == name and r["kind"] == kind]
        walls = " / ".join(f"{r['wall']:.2f}" for r in sel)
        loads = " / ".join(f"{r['load']:.1f}" for r in sel)
        if name == "reference":
            stages = " | ".join("" for _ in STAGES) + " | "
            label = f"`{kind}`"
        else:
            stages = " | ".join(f"{_median(sel, s):.2f}" for s in STAGES)
            stages += f" | {int(_median(sel, 'embedded_by_model')):,}"
            label = kind
        lines.append(
            f"| {name} | {label} | {_median(sel, 'wall'):.2f} | {walls} | "
            f"{_median(sel, 'cpu'):.2f} | {loads} | {stages} |"
        )
    return "\n".join(lines)


def ratios(rows: list[dict]) -> str:
    """Each report's wall time over the same round's reference import: medians of the rounds."""
    ref = {r["round"]: r["wall"] for r in rows if r["input"] == "reference"}
    ref_cpu = {r["round"]: r["cpu"] for r in rows if r["input"] == "reference"}
    lines = [
        "| figure | wall over the reference (rounds) | CPU over the reference | median wall s"
        " | target |",
        "|---|---:|---:|---:|---|",
    ]
    for name, kind in dict.fromkeys((r["input"], r["kind"]) for r in rows):
        if name == "reference":
            continue
        sel = [r for r in rows if r["input"] == name and r["kind"] == kind]
        each = [r["wall"] / ref[r["round"]] for r in sel]
        cpu = statistics.median(r["cpu"] / ref_cpu[r["round"]] for r in sel)
        target = ""
        if (name, kind) == ("seeds/", "cold"):
            target = f"ratio < {TARGETS['ratio']}"
        for (prefix, k), limit in ((key, v) for key, v in TARGETS.items() if key != "ratio"):
            if name.startswith(prefix) and kind == k:
                target = f"≤ {limit:g} s"
        lines.append(
            f"| {name} {kind} | {statistics.median(each):.2f} "
            f"({' / '.join(f'{x:.2f}' for x in each)}) | {cpu:.2f} | {_median(sel, 'wall'):.2f} "
            f"| {target} |"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="rounds (default 3)")
    ap.add_argument("--only", choices=("pac", "seeds"), help="measure one input only")
    ap.add_argument("--keep", type=Path, help="copy each JSON report into this folder")
    ap.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="checker-speed-") as name:
        tmp = Path(name)
        inputs: list[tuple[str, Path]] = []
        if args.only != "pac":
            inputs.append(("seeds/", ROOT / "seeds"))
        if args.only != "seeds":
            if DATA is None:
                print("skipped PAC: benchmark data not found (set CHECKER_BENCH_DATA)")
            else:
                pac = tmp / "pac.jsonl"
                inputs.append((f"PAC {write_pac(pac)} articles", pac))
        backend = ensure_export(dict(os.environ))
        rows = rounds(inputs, args.runs, tmp, args.keep)
    text = (
        f"Embedding backend: {backend}; {args.runs} rounds.\n\n{table(rows)}\n\n"
        f"Ratios to the reference import, per round:\n\n{ratios(rows)}"
    )
    print(text)
    if args.write_results:
        write_section(
            "speed",
            "## Speed of `checker report` (`python bench/speed.py`)\n\n"
            f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; each figure the median of"
            " alternating rounds, stages as the median of the runs' own timings.\n\n" + text,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
