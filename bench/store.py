"""Store benchmark: index the PAC corpus, then time ``checker check`` against growing stores.

    .venv/bin/python bench/store.py [--sizes 10000,100000,1000000] [--write-results]

1. Index the 304 real articles of ``../shared/bench/corpora/pac_story_pairs.jsonl``
   (sentence lists joined into text): articles/s *cold* (new store, empty
   embedding cache, model import included), *warm* (new store, embeddings
   cached) and *unchanged* (same store again: skipped by file hash).
2. Grow the store to about 10k, 100k and 1M claims with SYNTHETIC copies of the
   indexed corpus: each copy shifts every article's date by a week and every
   figure by a few percent, and perturbs its vectors (cosine ~0.97 to the
   original) under a distinct synthetic text, so the vector index really holds
   one vector per claim text. Copies are written through the store's normal
   write path (``Store.add``) but skip claim extraction and the model.
3. At each size, time ``checker check`` of real corpus articles against the
   store in a separate process (p50/p95 of warm checks, the first check of
   the process, peak RSS of that process).

Skips with a message when the corpus is absent. ``--write-results`` replaces the
section between ``<!-- store:start -->`` and ``<!-- store:end -->`` of
``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _results import RESULTS, write_section  # noqa: E402  (bench/ is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "bench" / "corpora" / "pac_story_pairs.jsonl"
SEED = 20261122


def convert(src: Path, dst: Path) -> int:
    n = 0
    with src.open(encoding="utf-8") as fh, dst.open("w", encoding="utf-8") as out:
        for line in fh:
            story = json.loads(line)
            for a in story["articles"]:
                row = {"id": a["id"], "outlet": a.get("source") or None,
                       "title": a.get("title") or None, "text": " ".join(a["sentences"])}  # fmt: skip
                if a.get("date"):
                    row["date"] = a["date"]
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    return n


def run_index(store: Path, jsonl: Path, cache: Path) -> tuple[float, str]:
    env = {**os.environ, "CHECKER_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "index", str(jsonl), "--store", str(store),
         "--no-progress"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return time.perf_counter() - t, proc.stderr.strip().splitlines()[0]


# --------------------------------------------------------------------------- synthetic growth


def load_base(store_path: Path):
    """Every real article of the store with its claims and their vectors."""
    import numpy as np

    from checker.archive.store import Store

    with Store(store_path) as st:
        rows = st.db.execute(
            "SELECT d.id, c.id, c.key_emb, c.focus_emb FROM claim c JOIN document d"
            " ON d.id = c.document WHERE d.synthetic = 0 ORDER BY c.id"
        ).fetchall()
        claims, _ = st.load_claims(r[1] for r in rows)
        docs = st.load_documents({r[0] for r in rows})
        vecs = st.vectors(e for r in rows for e in r[2:] if e is not None)
    base = {}
    for doc_row, claim_row, ke, fe in rows:
        base.setdefault(doc_row, (docs[doc_row], []))[1].append(
            (claims[claim_row], vecs.get(ke), vecs.get(fe))
        )
    return list(base.values()), np.random.default_rng(SEED)


def synthetic_copy(base, k: int, rng):
    """Copy ``k`` of the corpus: dates + k weeks, figures + ~k%, perturbed vectors."""
    import numpy as np

    from checker.archive.store import Pending
    from checker.compare.match import family

    out = []
    scale = 1.0 + 0.01 * ((k % 17) + 1)
    for doc, claims in base:
        day = (doc.date or dt.date(2018, 1, 1)) + dt.timedelta(weeks=k)
        new_id = f"{doc.id}~syn{k}"
        new_doc = dataclasses.replace(doc, id=new_id, date=day, path=None)
        cs, kv, fv = [], [], []
        for c, key_vec, focus_vec in claims:
            q = c.quantity
            shifted = dataclasses.replace(
                q, value=q.value * scale, low=q.low * scale, high=q.high * scale
            )
            tag = f" \u27e8syn{k}\u27e9"
            c2 = dataclasses.replace(c, quantity=shifted, key_text=c.key_text + tag,
                                     focus_text=c.focus_text + tag)  # fmt: skip
            cs.append(c2)
            if family(c2) is not None:
                kv.append(key_vec)
                fv.append(focus_vec)
        if kv:
            noise = rng.normal(0.0, 0.012, size=(2, len(kv), len(kv[0]))).astype("float32")
            kv = np.asarray(kv) + noise[0]
            fv = np.asarray(fv) + noise[1]
            kv /= np.linalg.norm(kv, axis=1, keepdims=True)
            fv /= np.linalg.norm(fv, axis=1, keepdims=True)
        else:
            kv = fv = np.zeros((0, 384), dtype="float32")
        out.append(Pending(f"synthetic:{k}:{doc.id}", None, new_doc, tuple(cs), kv, fv,
                           synthetic=True))  # fmt: skip
    return out


def grow(store_path: Path, target: int, base, rng, start_copy: int) -> tuple[int, float]:
    from checker.archive.store import Store
    from checker.archive.vector_index import VectorIndex

    t = time.perf_counter()
    k = start_copy
    with Store(store_path) as st:
        while st.counts()["claims"] < target:
            k += 1
            items = synthetic_copy(base, k, rng)
            for i in range(0, len(items), 64):
                st.add(items[i : i + 64])
        VectorIndex.for_store(st).refresh()
    return k, time.perf_counter() - t


# --------------------------------------------------------------------------- measuring checks


def peak_rss_mb() -> float:
    """This process's peak RSS. /proc's VmHWM belongs to the current address space; Linux's
    ru_maxrss survives fork+exec and would report the parent's (the store builder's) peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(store: str, drafts: str, cache: str, repeats: int) -> dict:
    """Run in a fresh process: time checks of each draft against the store."""
    os.environ["CHECKER_CACHE_DIR"] = cache
    import numpy as np

    from checker.api import check_draft, default_embedder
    from checker.archive.store import Store
    from checker.read.documents import read_documents
    from checker.rules import load_rules

    pack = load_rules()
    embedder = default_embedder()
    docs = read_documents([drafts])
    with Store(store, create=False) as st:
        t = time.perf_counter()
        first = check_draft(st, docs[:1], pack, embedder=embedder)
        first_s = time.perf_counter() - t
        times, findings, candidates = [], [], []
        for _ in range(repeats):
            for d in docs:
                t = time.perf_counter()
                rep = check_draft(st, [d], pack, embedder=embedder)
                times.append(time.perf_counter() - t)
                findings.append(len(rep.findings))
                candidates.append(rep.timings.get("candidates", 0))
        from checker.archive.vector_index import VectorIndex

        vi = VectorIndex.for_store(st)
        vectors = sum(len(vi.get(f, save=False).index) for f in st.families())
        counts = st.counts()
    rss = peak_rss_mb()
    return {
        "first": first_s, "p50": float(np.percentile(times, 50)),
        "p95": float(np.percentile(times, 95)), "n": len(times), "rss_mb": rss,
        "findings": float(np.mean(findings)), "candidates": float(np.mean(candidates)),
        "vectors": vectors, "claims": counts["claims"], "documents": counts["documents"],
        "first_findings": len(first.findings), "first_timings": first.timings,
    }  # fmt: skip


def run_measure(store: Path, drafts: Path, cache: Path, repeats: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, __file__, "--_measure", str(store), str(drafts), str(cache),
         str(repeats)],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"measuring failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- main


def size_mb(path: Path) -> float:
    total = 0
    for p in [path, Path(f"{path}-wal")]:
        if p.exists():
            total += p.stat().st_size
    vdir = Path(f"{path}.vindex")
    if vdir.is_dir():
        total += sum(p.stat().st_size for p in vdir.iterdir())
    return total / 1e6


def write_results(text: str) -> None:
    write_section("store", text)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--_measure":
        store, drafts, cache, repeats = sys.argv[2:6]
        print(json.dumps(measure(store, drafts, cache, int(repeats))))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000",
                    help="store sizes in claims (comma-separated)")  # fmt: skip
    ap.add_argument("--drafts", type=int, default=20, help="corpus articles checked per size")
    ap.add_argument("--repeats", type=int, default=2, help="timed checks per draft")
    ap.add_argument("--budget", type=float, default=1800.0,
                    help="seconds allowed for growing the store; stop before exceeding it")  # fmt: skip
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--write-results", action="store_true")
    args = ap.parse_args()

    if not CORPUS.is_file():
        print(f"skipped: corpus not found at {CORPUS} (see ../shared/bench/README.md)")
        return 0
    work = args.workdir or Path(tempfile.mkdtemp(prefix="checker-bench-store-"))
    work.mkdir(parents=True, exist_ok=True)
    jsonl = work / "pac.jsonl"
    n_articles = convert(CORPUS, jsonl)
    print(f"corpus: {n_articles} articles -> {jsonl}", flush=True)

    cold_cache = work / "cache-cold"
    shutil.rmtree(cold_cache, ignore_errors=True)
    store = work / "store.sqlite"
    for p in work.glob("store.sqlite*"):
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    cold_s, cold_line = run_index(store, jsonl, cold_cache)
    print(f"cold:  {cold_s:.1f} s  {cold_line}", flush=True)
    warm_store = work / "warm.sqlite"
    for p in work.glob("warm.sqlite*"):
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    warm_s, warm_line = run_index(warm_store, jsonl, cold_cache)
    print(f"warm:  {warm_s:.1f} s  {warm_line}", flush=True)
    same_s, same_line = run_index(store, jsonl, cold_cache)
    print(f"again: {same_s:.1f} s  {same_line}", flush=True)

    from checker.archive.store import Store

    with Store(store) as st:
        real_claims = st.counts()["claims"]
    # drafts: real corpus articles (their own stored copies are excluded by content hash)
    drafts = work / "drafts.jsonl"
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    step = max(1, len(lines) // args.drafts)
    drafts.write_text("\n".join(lines[::step][: args.drafts]) + "\n", encoding="utf-8")

    base, rng = load_base(store)
    rows = []
    copy = 0
    grown_total = 0.0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    notes = []
    for target in sizes:
        with Store(store) as st:
            have = st.counts()["claims"]
        if have < target:
            per_copy = max(real_claims, 1)
            rate = (grown_total / max(have - real_claims, 1)) if grown_total else None
            eta = rate * (target - have) if rate else None
            if eta is not None and grown_total + eta > args.budget:
                notes.append(f"{target:,} claims not built: about {eta / 60:.0f} more minutes "
                             f"of writes, over the --budget of {args.budget / 60:.0f} min")  # fmt: skip
                print(notes[-1], flush=True)
                break
            copy, secs = grow(store, target, base, rng, copy)
            grown_total += secs
            print(f"grown to {target:,}+ claims in {secs:.0f} s ({copy} copies of "
                  f"{per_copy} claims)", flush=True)  # fmt: skip
        m = run_measure(store, drafts, cold_cache, args.repeats)
        m["target"] = target
        m["store_mb"] = size_mb(store)
        m["synthetic_docs"] = m["documents"] - n_articles
        rows.append(m)
        print(json.dumps(m), flush=True)

    cold_rate = n_articles / cold_s
    warm_rate = n_articles / warm_s
    same_rate = n_articles / same_s
    cpu = f"{os.cpu_count()} cores, Python {platform.python_version()}"
    out = [
        f"### Store: index and check (bench/store.py, {dt.date.today().isoformat()}, {cpu})",
        "",
        f"Indexing the PAC corpus ({n_articles} real articles, {real_claims} claims), "
        "`checker index` in a new process:",
        "",
        "| run | seconds | articles/s |",
        "|---|---:|---:|",
        f"| cold (new store, empty embedding cache, model import included) | {cold_s:.1f} | {cold_rate:.1f} |",
        f"| warm (new store, embeddings cached) | {warm_s:.1f} | {warm_rate:.1f} |",
        f"| unchanged (same store again: file hash) | {same_s:.1f} | {same_rate:.0f} |",
        "",
        "`checker check` of one real article against the store, in a fresh process after one "
        f"warm-up check ({args.drafts} articles x {args.repeats}); stores grown with SYNTHETIC "
        "copies of the corpus (dates + k weeks, figures + 1-17 %, vectors perturbed to cosine "
        "~0.97 under distinct texts):",
        "",
        "| claims in store | synthetic articles | vectors in index | store MB | first check s | "
        "warm p50 s | warm p95 s | candidates/check | peak RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in rows:
        out.append(
            f"| {m['claims']:,} | {m['synthetic_docs']:,} | {m['vectors']:,} | "
            f"{m['store_mb']:.0f} | {m['first']:.2f} | {m['p50']:.3f} | {m['p95']:.3f} | "
            f"{m['candidates']:.0f} | {m['rss_mb']:.0f} |"
        )
    for m in rows:
        model = m.get("first_timings", {}).get("embed", 0.0)
        if model > 1.0:
            out += ["", f"The first check at {m['claims']:,} claims includes {model:.1f} s of "
                    "embedding-model import: a draft text was not in the embedding cache."]  # fmt: skip
    out += ["", "Every synthetic copy of a story is another article giving the same figures, so "
            "findings per check grow with the store (" + ", ".join(
                f"{m['findings']:.0f}" for m in rows) + " on average): the check time above "
            "includes judging and reporting them, not only the search."]  # fmt: skip
    for note in notes:
        out += ["", f"Not measured: {note}."]
    table = "\n".join(out)
    print()
    print(table)
    if args.write_results:
        write_results(table)
        print(f"\nwrote {RESULTS}")
    if not args.keep and args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
