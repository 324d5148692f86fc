"""How many real sentences the claims stage takes for text that is not prose (should be ~0).

Reads the English sentences of the seeds, of the PAC story pairs (each article's sentences
joined with spaces, as ``bench/corpus.py`` reads them) and of the English side of bppt-eco,
splits them as a check does, counts each sentence's figures that may be claims, and prints
how many are not prose by :func:`checker.read.prose.is_prose`, with the largest figure count
and the densest sentences of 8 or more figures (the thresholds' margins)::

    python bench/prose.py
    python bench/prose.py --show 10     # the ten densest sentences

Data: ``corpora/pac_story_pairs.jsonl`` and ``translation/bppt-eco.jsonl`` under
``$CHECKER_BENCH_DATA`` (or ``../shared/bench``); a missing file is said and skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.read.article import document_from_text  # noqa: E402
from checker.read.figures import claim_candidates  # noqa: E402
from checker.read.prose import DENSE_FIGURES, is_prose  # noqa: E402
from checker.read.quantities import extract_quantities  # noqa: E402

_WORD = re.compile(r"[^\W\d_]+")


def data_dir() -> Path:
    env = os.environ.get("CHECKER_BENCH_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "bench"


def texts(data: Path) -> Iterator[tuple[str, str]]:
    """``(source, article text)`` of each corpus that is there."""
    for path in sorted((ROOT / "seeds").iterdir()):
        if path.suffix in (".md", ".txt"):
            yield "seeds", path.read_text(encoding="utf-8")
    pac = data / "corpora" / "pac_story_pairs.jsonl"
    if pac.exists():
        with pac.open(encoding="utf-8") as fh:
            for line in fh:
                for art in json.loads(line)["articles"]:
                    yield "pac", " ".join(art["sentences"])
    else:
        print(f"skipped: {pac} not found", file=sys.stderr)
    bppt = data / "translation" / "bppt-eco.jsonl"
    if bppt.exists():
        with bppt.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if row.get("target_language") == "en":
                    yield "bppt-eco", row["target"]
    else:
        print(f"skipped: {bppt} not found", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=5, help="densest sentences to list")
    args = ap.parse_args(argv)
    counts: dict[str, list[int]] = {}  # source -> [sentences, not prose, most figures]
    dense: list[tuple[float, int, int, str, str]] = []
    warnings.simplefilter("ignore")  # a PAC article in another language: no figures read
    for source, text in texts(data_dir()):
        doc = document_from_text(text, source)
        if doc.language != "en":
            continue
        row = counts.setdefault(source, [0, 0, 0])
        for s in doc.sentences:
            figures = len(claim_candidates(s, extract_quantities(s.text, "en"), "en"))
            row[0] += 1
            row[1] += not is_prose(s.text, figures)
            row[2] = max(row[2], figures)
            if figures >= DENSE_FIGURES:
                words = len(_WORD.findall(s.text))
                dense.append((figures / max(words, 1), figures, words, source, s.text))
    print("| source | sentences | not prose | most figures in one sentence |")
    print("|---|---:|---:|---:|")
    for source, (n, bad, most) in counts.items():
        print(f"| {source} | {n:,} | {bad:,} | {most} |")
    total = [sum(r[i] for r in counts.values()) for i in range(2)]
    print(f"| all | {total[0]:,} | {total[1]:,} | |")
    print(f"\nDensest sentences of {DENSE_FIGURES}+ figures (figures per word, figures, words):")
    for density, figures, words, source, text in sorted(dense, reverse=True)[: args.show]:
        print(f"  {density:.2f} {figures} {words} {source}: {text[:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
