"""Speed of the spaCy pipeline (checker/read/parser.py): hash check, import, load, parse.

Run from the repository root::

    python bench/parser.py

Parses the 293 NewsQuant dev sentences (``extraction/newsquant-dev.jsonl``, read from
``$CHECKER_BENCH_DATA``, else ``../shared/bench``, else ``/work/shared/bench``) with
``nlp.pipe`` at a few batch sizes, with two processes (``n_process=2``), and one
``nlp(text)`` at a time; when the data is absent it says so and exits 0. Each figure is the
best of three passes, in wall time and in this process's CPU time (on a shared machine the CPU
figure moves least; ``n_process=2`` spends its CPU in the child processes, so only its wall
time says anything, and only on a quiet machine). spaCy is imported as checker imports it
(torch hidden from thinc). Prints only: the figures are quoted in checker/read/parser.py's
docstring.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from _results import machine

ROOT = Path(__file__).resolve().parent.parent
_CANDIDATES = [
    Path(os.environ["CHECKER_BENCH_DATA"]) if os.environ.get("CHECKER_BENCH_DATA") else None,
    ROOT.parent / "shared" / "bench",
    Path("/work/shared/bench"),
]
DATA = next((p for p in _CANDIDATES if p and (p / "extraction").is_dir()), None)


def main() -> int:
    if DATA is None:
        print("bench/parser.py: no benchmark data (set CHECKER_BENCH_DATA); skipped")
        return 0
    path = DATA / "extraction" / "newsquant-dev.jsonl"
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    words = sum(len(t.split()) for t in texts)
    print(f"{machine()}; {len(texts)} sentences, {words / len(texts):.0f} words each")

    sys.path.insert(0, str(ROOT))
    from checker.read import parser

    start = time.perf_counter()
    spacy = parser._import_spacy()
    print(
        f"import spacy: {time.perf_counter() - start:.2f} s; load average {os.getloadavg()[0]:.1f}"
    )

    package, data_dir = parser.find_pipeline()
    start = time.perf_counter()
    parser.verify_installed(package, data_dir)
    print(f"hash check ({package}): {(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    nlp = spacy.load(data_dir, exclude=list(parser.EXCLUDE))  # as load_pipeline() does
    print(f"spacy.load: {time.perf_counter() - start:.2f} s")

    list(nlp.pipe(texts[:20]))  # warm-up

    def best(run) -> tuple[float, float]:
        walls, cpus = [], []
        for _ in range(3):
            w, c = time.perf_counter(), time.process_time()
            run()
            walls.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c)
        return len(texts) / min(walls), len(texts) / min(cpus)

    for batch_size in (16, 32, parser.BATCH_SIZE, 128, 256, 1000):
        wall, cpu = best(lambda b=batch_size: list(nlp.pipe(texts, batch_size=b)))
        print(f"nlp.pipe(batch_size={batch_size}): {wall:.0f} sentences/s ({cpu:.0f} per CPU s)")
    wall, _ = best(lambda: list(nlp.pipe(texts, batch_size=parser.BATCH_SIZE, n_process=2)))
    print(f"nlp.pipe(batch_size={parser.BATCH_SIZE}, n_process=2): {wall:.0f} sentences/s (wall)")
    wall, cpu = best(lambda: [nlp(text) for text in texts])
    print(f"nlp(text) one by one: {wall:.0f} sentences/s ({cpu:.0f} per CPU s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
