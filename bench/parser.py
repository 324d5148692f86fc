"""Speed of the spaCy pipeline (checker/read/parser.py): hash check, import, load, parse.

Run from the repository root::

    python bench/parser.py

Parses the 293 NewsQuant dev sentences (``extraction/newsquant-dev.jsonl``, read from
``$CHECKER_BENCH_DATA``, else ``../shared/bench``, else ``/work/shared/bench``) with
``nlp.pipe`` at a few batch sizes and one ``nlp(text)`` at a time; when the data is absent
it says so and exits 0. Prints only: the figures are quoted in checker/read/parser.py's docstring.
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

    start = time.perf_counter()
    import spacy  # first: importing checker imports it too (lemminflect does)

    print(f"import spacy: {time.perf_counter() - start:.2f} s")

    from checker.read import parser

    package, data_dir = parser.find_pipeline()
    start = time.perf_counter()
    parser.verify_installed(package, data_dir)
    print(f"hash check ({package}): {(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    nlp = spacy.load(data_dir, exclude=list(parser.EXCLUDE))  # as load_pipeline() does
    print(f"spacy.load: {time.perf_counter() - start:.2f} s")

    list(nlp.pipe(texts[:20]))  # warm-up
    for batch_size in (16, parser.BATCH_SIZE, 256, 1000):
        start = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=batch_size))
        took = time.perf_counter() - start
        print(f"nlp.pipe(batch_size={batch_size}): {len(docs) / took:.0f} sentences/s")
    start = time.perf_counter()
    for text in texts:
        nlp(text)
    print(f"nlp(text) one by one: {len(texts) / (time.perf_counter() - start):.0f} sentences/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
