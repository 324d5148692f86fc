"""Scaling out: ``checker index`` on one process against a Dask cluster, and bounded memory.

    .venv/bin/python bench/scale.py [--articles 20000] [--sample 600] [--workers 1,2]
                                    [--big-gb 2] [--big-limit 1000] [--write-results]

1. Build a SYNTHETIC archive of ``--articles`` articles (default 20,000) from the 304 real
   PAC articles: copy k of an article has its dates moved k weeks on and every figure that
   is not a year scaled by 1 + (k mod 17 + 1) %, so its sentences are new text (parsed again)
   while its masked claim texts repeat (their vectors may come from the embedding cache, as
   in a real archive that repeats wire copy). One JSONL file, read in partitions.
2. Index the first ``--sample`` articles of it (``checker index --limit``) in a new process
   with a new store and an EMPTY cache each time: on this process alone, then with
   ``--workers N`` for each N of ``--workers``. Articles/s is over the whole command, start-up
   (imports, models, the cluster) included.
3. Grow the store of the last run to ``--articles`` articles with synthetic copies written
   through ``Store.add`` without the model (``bench/store.py``'s method: figures and dates
   shifted, vectors perturbed under distinct texts), and time ``checker check`` of real
   articles against it in a fresh process (first check, then warm p50/p95).
4. Write a JSONL file of at least ``--big-gb`` GiB into a temporary folder (deleted after)
   and index it with ``--workers 2 --limit --big-limit``: the whole file is hashed and its
   rows checked, streaming, and the first articles indexed. Peak RSS: of the largest single
   process (``wait4``'s ``ru_maxrss``), and of the writer and all its workers together
   (sampled every 0.2 s with psutil).

Data: ``corpora/pac_story_pairs.jsonl`` under ``$CHECKER_BENCH_DATA`` (else
``../shared/bench``); skips with a message when absent. Generated data lives in a temporary
folder and is never kept. ``--write-results`` replaces the ``scale`` section of
``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _results import machine, write_section  # noqa: E402  (bench/ is on sys.path)
from store import convert, load_base, run_measure, size_mb, synthetic_copy  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("CHECKER_BENCH_DATA") or ROOT.parent / "shared" / "bench")
CORPUS = DATA / "corpora" / "pac_story_pairs.jsonl"
GIB = 1 << 30

_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,]|\.\d)|(?<![\w.,])\d+(?![\w,]|\.\d)")


def _scaled(text: str, k: int) -> str:
    """Every figure that is not a year, times 1 + (k mod 17 + 1) %."""
    if k == 0:
        return text
    factor = 1.0 + 0.01 * ((k % 17) + 1)

    def one(m: re.Match) -> str:
        raw = m.group(0)
        n = int(raw.replace(",", ""))
        if 1900 <= n <= 2100 and "," not in raw:
            return raw
        new = max(1, round(n * factor))
        return f"{new:,}" if "," in raw else str(new)

    return _NUMBER.sub(one, text)


def _rows(pac: Path) -> list[dict]:
    return [json.loads(line) for line in pac.read_text(encoding="utf-8").splitlines()]


def write_archive(
    rows: list[dict], out: Path, *, articles: int = 0, min_bytes: int = 0, scale: bool = True
) -> int:
    """Copies 0, 1, 2 ... of ``rows`` into ``out`` until it holds ``articles`` rows and at
    least ``min_bytes`` bytes. Copy k > 0 is dated k weeks on (an undated article from
    2018-01-01); with ``scale`` its figures are scaled too (else its text repeats: fast to
    write, for the memory run)."""
    n = size = 0
    k = 0
    start = dt.date(2018, 1, 1)
    fixed = [json.dumps({key: v for key, v in row.items() if key not in ("id", "date")},
                        ensure_ascii=False)[1:] for row in rows]  # fmt: skip
    with out.open("w", encoding="utf-8") as fh:
        while n < articles or size < min_bytes:
            for row, rest in zip(rows, fixed, strict=True):
                if n >= articles and size >= min_bytes:
                    break
                day = dt.date.fromisoformat(row["date"][:10]) if row.get("date") else start
                head = {"id": f"{row['id']}~{k}"}
                if k or row.get("date"):  # copy 0 is the real article, as it is
                    head["date"] = (day + dt.timedelta(weeks=k)).isoformat()
                head = json.dumps(head)
                if scale and k:
                    body = json.dumps(dict(row, text=_scaled(row["text"], k)), ensure_ascii=False)
                    body = json.dumps({key: v for key, v in json.loads(body).items()
                                       if key not in ("id", "date")}, ensure_ascii=False)[1:]  # fmt: skip
                else:
                    body = rest
                line = f"{head[:-1]}, {body}\n"
                fh.write(line)
                size += len(line.encode("utf-8"))
                n += 1
            k += 1
    return n


# --------------------------------------------------------------------------- running index


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def run_index(jsonl: Path, store: Path, cache: Path, extra: list[str]) -> dict:
    """``checker index`` in a new process: wall time, its summary line, peak RSS of the
    largest process (wait4) and of the whole process tree (sampled)."""
    import psutil

    env = {**os.environ, "CHECKER_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "checker", "index", str(jsonl), "--store", str(store),
           "--no-progress", *extra]  # fmt: skip
    load_before = _load()
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak_tree = [0, 0]  # all processes together, the writer alone
    stop = threading.Event()

    def sample() -> None:
        root = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                total = 0
                for p in procs:
                    with contextlib.suppress(psutil.Error):
                        total += p.memory_info().rss
                peak_tree[0] = max(peak_tree[0], total)
                peak_tree[1] = max(peak_tree[1], root.memory_info().rss)
            except psutil.Error:
                return
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    stop.set()
    reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = b"".join(err_chunks).decode(errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    line = next((x for x in err.splitlines() if x.startswith("indexed ")), "")
    added = int(re.search(r"(\d+) articles added", line).group(1))
    claims = int(re.search(r"(\d+) claims written", line).group(1))
    cpu = usage.ru_utime + usage.ru_stime  # the command and every process it waited for
    return {"seconds": seconds, "line": line, "added": added, "claims": claims, "cpu": cpu,
            "rate": added / seconds, "maxrss_mb": usage.ru_maxrss / 1024,
            "tree_mb": peak_tree[0] / 2**20, "writer_mb": peak_tree[1] / 2**20,
            "load": f"{load_before} -> {_load()}"}  # fmt: skip


def grow_to(store_path: Path, articles: int) -> tuple[int, float]:
    """Synthetic copies of the store's real articles until it holds ``articles``."""
    from checker.archive.store import Store
    from checker.archive.vector_index import VectorIndex

    base, rng = load_base(store_path)
    t = time.perf_counter()
    k = 1000  # copy numbers apart from the archive's
    with Store(store_path) as st:
        have = st.counts()["documents"]
        while have < articles:
            k += 1
            items = synthetic_copy(base, k, rng)[: articles - have]
            for i in range(0, len(items), 64):
                st.add(items[i : i + 64])
            have += len(items)
        VectorIndex.for_store(st).refresh()
        counts = st.counts()
    return counts["documents"], time.perf_counter() - t


# --------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=20_000, help="synthetic archive size")
    ap.add_argument("--sample", type=int, default=600, help="articles indexed per timed run")
    ap.add_argument("--workers", default="2", help="Dask worker counts to time, e.g. 1,2")
    ap.add_argument("--drafts", type=int, default=20, help="real articles checked")
    ap.add_argument("--repeats", type=int, default=2, help="timed checks per draft")
    ap.add_argument("--big-gb", type=float, default=2.0, help="GiB of JSONL for the memory run")
    ap.add_argument("--big-limit", type=int, default=1000, help="articles indexed of it")
    ap.add_argument("--big-workers", type=int, default=2)
    ap.add_argument("--skip-big", action="store_true", help="no 2 GiB memory run")
    ap.add_argument("--skip-check", action="store_true", help="no store growth and check timing")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--write-results", action="store_true")
    args = ap.parse_args()
    if not CORPUS.is_file():
        print(f"skipped: corpus not found at {CORPUS} (set CHECKER_BENCH_DATA)")
        return 0
    work = args.workdir or Path(tempfile.mkdtemp(prefix="checker-bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _run(args, work)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


def _run(args, work: Path) -> int:
    pac = work / "pac.jsonl"
    convert(CORPUS, pac)
    rows = _rows(pac)
    archive = work / "archive.jsonl"
    n = write_archive(rows, archive, articles=args.articles)
    mb = archive.stat().st_size / 1e6
    print(f"archive: {n:,} articles, {mb:.0f} MB ({len(rows)} real x copies)", flush=True)

    runs = []
    configs = [("1 process", [])] + [
        (f"--workers {w}", ["--workers", str(w)]) for w in map(int, args.workers.split(","))
    ]
    for name, extra in configs:
        tag = name.replace(" ", "").replace("-", "")
        store = work / f"{tag}.sqlite"
        cache = work / f"cache-{tag}"
        m = run_index(archive, store, cache, [*extra, "--limit", str(args.sample)])
        m["name"], m["store"], m["cache"] = name, store, cache
        runs.append(m)
        print(f"{name}: {m['seconds']:.1f} s, {m['rate']:.2f} articles/s, CPU {m['cpu']:.0f} s, "
              f"peak RSS "
              f"{m['maxrss_mb']:.0f} MB (one process), {m['tree_mb']:.0f} MB (all), "
              f"load {m['load']}\n  {m['line']}", flush=True)  # fmt: skip

    docs, check = 0, None
    if not args.skip_check:
        last = runs[-1]["store"]
        docs, secs = grow_to(last, args.articles)
        print(f"grown to {docs:,} articles in {secs:.0f} s", flush=True)
        drafts = work / "drafts.jsonl"
        lines = pac.read_text(encoding="utf-8").splitlines()
        step = max(1, len(lines) // args.drafts)
        drafts.write_text("\n".join(lines[::step][: args.drafts]) + "\n", encoding="utf-8")
        check = run_measure(last, drafts, runs[-1]["cache"], args.repeats)
        check["store_mb"] = size_mb(last)
        print(json.dumps({k: v for k, v in check.items() if k != "first_timings"}), flush=True)

    big = None
    if not args.skip_big:
        big_path = work / "big.jsonl"
        t = time.perf_counter()
        n_big = write_archive(rows, big_path, min_bytes=int(args.big_gb * GIB), scale=False)
        gen = time.perf_counter() - t
        gib = big_path.stat().st_size / GIB
        print(f"big: {n_big:,} articles, {gib:.2f} GiB written in {gen:.0f} s", flush=True)
        extra = ["--limit", str(args.big_limit)]
        if args.big_workers:
            extra += ["--workers", str(args.big_workers)]
        big = run_index(big_path, work / "big.sqlite", work / "cache-big", extra)
        big.update(articles=n_big, gib=gib)
        print(f"big: {big['seconds']:.1f} s, peak RSS {big['maxrss_mb']:.0f} MB (one process), "
              f"{big['tree_mb']:.0f} MB (all), {big['writer_mb']:.0f} MB (writer)\n"
              f"  {big['line']}", flush=True)  # fmt: skip
        big_path.unlink()

    table = _table(args, n, mb, runs, docs, check, big)
    print()
    print(table)
    if args.write_results:
        write_section("scale", table)
    return 0


def _table(args, n, mb, runs, docs, check, big) -> str:
    base = runs[0]["rate"]
    out = [
        f"### Scaling out (bench/scale.py, {dt.date.today().isoformat()}, {machine()})",
        "",
        f"Synthetic archive: {n:,} articles ({mb:.0f} MB of JSONL) made from the 304 PAC "
        "articles (copy k: dates + k weeks, figures x 1 + (k mod 17 + 1) %). Each run indexes "
        f"its first {args.sample:,} articles (`--limit`) into a new store with an empty cache, "
        "in a new process; the rate is over the whole command (imports, models and cluster "
        "start-up included).",
        "",
        "| run | seconds | articles/s | speed-up | CPU s (all processes) | CPU s per article "
        "| claims | peak RSS, largest process MB | peak RSS, all processes MB "
        "| load average before -> after |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for m in runs:
        out.append(
            f"| `checker index` {m['name']} | {m['seconds']:.1f} | {m['rate']:.2f} | "
            f"{m['rate'] / base:.2f}x | {m['cpu']:.0f} | {m['cpu'] / m['added']:.2f} | "
            f"{m['claims']:,} | {m['maxrss_mb']:.0f} | "
            f"{m['tree_mb']:.0f} | {m['load']} |"
        )
    if check is not None:
        out += [
            "",
            f"`checker check` of one real article against a store of {docs:,} articles "
            f"({check['claims']:,} claims, {check['vectors']:,} vectors, {check['store_mb']:.0f} MB): "
            f"the last run's {args.sample:,} indexed articles grown with synthetic copies "
            "written through `Store.add` without the model (bench/store.py's method); a fresh "
            f"process, {check['n']} timed checks after one untimed:",
            "",
            "| articles | claims | first check s | warm p50 s | warm p95 s | peak RSS MB |",
            "|---:|---:|---:|---:|---:|---:|",
            f"| {docs:,} | {check['claims']:,} | {check['first']:.2f} | {check['p50']:.3f} | "
            f"{check['p95']:.3f} | {check['rss_mb']:.0f} |",
        ]
    if big is not None:
        out += [
            "",
            f"Memory: a JSONL file of {big['gib']:.2f} GiB ({big['articles']:,} articles) in a "
            f"temporary folder, `checker index --workers {args.big_workers} --limit "
            f"{args.big_limit}`: the whole file hashed and every row checked (streamed), then "
            f"its first {big['added']:,} articles indexed, in {big['seconds']:.0f} s. Peak RSS "
            f"{big['maxrss_mb']:.0f} MB for the largest process (wait4), "
            f"{big['tree_mb']:.0f} MB for the writer and its workers together and "
            f"{big['writer_mb']:.0f} MB for the writer alone (sampled every 0.2 s). "
            f"Load average {big['load']}.",
        ]
    return "\n".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
