"""What a command imports: `python -X importtime` of `checker --help`, `checker rules` and a report.

Run from the repository root::

    python bench/imports.py                    # the table (3 runs of each command)
    python bench/imports.py --root OTHER_TREE  # the same, of another checkout (before/after)
    python bench/imports.py --write-results    # update bench/RESULTS.md (this script's section)

Each command runs in a fresh process, ``python -X importtime`` with a small wrapper that, at
the end, lists which heavy libraries are in ``sys.modules`` (torch, transformers, spaCy,
onnxruntime, numpy, ...). ``CHECKER_CACHE_DIR`` is a temporary folder: the report and rules
runs are *warm* (a first, untimed run of each filled the cache), the cold report is a new
empty cache (the ONNX export stays in the user's model folder, as in ``bench/speed.py``).
Printed per command: the median over the runs of the summed import time (the ``self``
column of ``-X importtime``, wall microseconds), the child's CPU seconds, the number of
modules, the heavy libraries imported and the top-level packages that cost the most.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _results import machine, write_section

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "transformers", "sentence_transformers", "spacy", "thinc", "onnxruntime",
         "tokenizers", "scipy", "matplotlib", "faiss", "usearch", "dask", "numpy", "jinja2")  # fmt: skip
WRAPPER = f"""
import runpy, sys
sys.argv = ["checker", *sys.argv[1:]]
try:
    runpy.run_module("checker", run_name="__main__")
except SystemExit:
    pass
print("HEAVY", ",".join(m for m in {HEAVY!r} if m in sys.modules), len(sys.modules),
      file=sys.stderr)
"""
LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def run(args: list[str], env: dict) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", WRAPPER, *args], env=env,
                          cwd=env["BENCH_ROOT"], capture_output=True, text=True)  # fmt: skip
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    per_package: collections.Counter[str] = collections.Counter()
    heavy, modules = "", 0
    for line in proc.stderr.splitlines():
        m = LINE.match(line)
        if m:
            name = m.group(4)
            top = ".".join(name.split(".")[:2]) if name.startswith("checker.") else name
            per_package[top.split(".")[0] if not name.startswith("checker.") else top] += int(
                m.group(1)
            )
        elif line.startswith("HEAVY "):
            _, heavy, count = line.split(" ")
            modules = int(count)
    if not modules:
        raise SystemExit(f"checker {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"imports": sum(per_package.values()) / 1e6, "cpu": cpu, "wall": wall,
            "modules": modules, "heavy": heavy, "top": per_package}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--label", default="", help="a name for this checkout in the table")
    ap.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    args = ap.parse_args()
    sys.path.insert(0, str(args.root))
    from checker.compare import embed_onnx

    root = args.root.resolve()
    base = dict(os.environ, PYTHONPATH=str(root), BENCH_ROOT=str(root),
                CHECKER_MODEL_DIR=str(embed_onnx.model_dir()))  # fmt: skip
    report = ["report", "seeds", "--format", "json", "--out"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="checker-imports-") as name:
        tmp = Path(name)
        warm = dict(base, CHECKER_CACHE_DIR=str(tmp / "warm"))
        subprocess.run([sys.executable, "-m", "checker", *report, str(tmp / "w.json")],
                       env=warm, cwd=root, capture_output=True)  # fmt: skip
        subprocess.run([sys.executable, "-m", "checker", "rules"], env=warm, cwd=root,
                       capture_output=True)  # fmt: skip
        commands = [
            ("checker --help", ["--help"], None),
            ("checker rules (warm)", ["rules"], warm),
            ("checker report seeds/ (warm)", [*report, str(tmp / "r.json")], warm),
            ("checker report seeds/ (cold)", [*report, str(tmp / "c.json")], "cold"),
        ]
        results: dict[str, list[dict]] = {label: [] for label, _, _ in commands}
        for i in range(args.runs):  # the commands in turn, round after round
            for label, argv, env in commands:
                if env == "cold":
                    env = dict(base, CHECKER_CACHE_DIR=str(tmp / f"cold-{i}"))
                results[label].append(run(argv, env or warm))
                print(f"  {label} #{i + 1}: {results[label][-1]['imports']:.2f} s of imports",
                      file=sys.stderr)  # fmt: skip
    load = os.getloadavg()[0]
    lines = [
        "| command | imports s (median) | CPU s (median) | modules | heavy libraries imported"
        " | most import time |",
        "|---|---:|---:|---:|---|---|",
    ]
    for label, runs in results.items():
        top: collections.Counter[str] = collections.Counter()
        for r in runs:
            top.update(r["top"])
        most = ", ".join(f"{k} {v / len(runs) / 1e6:.2f}" for k, v in top.most_common(5))
        lines.append(
            f"| {label} | {statistics.median(r['imports'] for r in runs):.2f} | "
            f"{statistics.median(r['cpu'] for r in runs):.2f} | {runs[-1]['modules']} | "
            f"{runs[-1]['heavy'].replace(',', ', ') or 'none'} | {most} |"
        )
        rows.append(label)
    text = "\n".join(lines)
    head = f"{args.label + ': ' if args.label else ''}{args.runs} runs each, load {load:.1f}"
    print(f"{head}\n\n{text}")
    if args.write_results:
        write_section(
            "imports",
            "## What a command imports (`python bench/imports.py`)\n\n"
            f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; {head}.\n\n{text}",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
