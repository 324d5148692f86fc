"""Verdict accuracy on labelled sentence pairs written by others (EQUATE).

Runs ``checker.verify(hypothesis, premise)`` over the development halves in
``../shared/bench/pairs/`` and prints one table. Label mapping:
entailment ↔ supported, contradiction ↔ contradicted, neutral ↔ unsupported.
For the two-class sets (NewsNLI, RTE-Quant) "contradicted" counts as neutral,
as their annotators folded conflicting values into neutral.

The texts are tokenised ("Matthew ' s", "$ 5", "20 %"); they are joined back
into ordinary prose before checking, since that is what the checker reads.

    python bench/pairs.py [--limit N] [--write-results] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

from _results import machine, write_section  # noqa: E402  (bench/ is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("CHECKER_BENCH_DATA", ROOT.parent / "shared" / "bench")) / "pairs"
SETS = [
    ("StressTest dev", "stresstest-dev.jsonl", 3),
    ("NewsNLI dev", "newsnli-dev.jsonl", 2),
    ("RTE-Quant", "rte_quant.jsonl", 2),
]
TO_LABEL = {"supported": "entailment", "contradicted": "contradiction", "unsupported": "neutral"}


def detokenise(text: str) -> str:
    text = re.sub(r" (['’])\s?(s|t|re|ve|ll|d|m)\b", r"\1\2", text)
    text = re.sub(r" n't\b", "n't", text)
    text = re.sub(r"\s+([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[$£€])\s+", r"\1", text)
    text = re.sub(r"(\d) , (\d{3})\b", r"\1,\2", text)
    text = re.sub(r"(\d) \. (\d)", r"\1.\2", text)
    text = re.sub(r"``\s*|\s*''", '"', text)
    return text.strip()


def run_set(rows, classes, verify, pack, embedder):
    gold, pred = [], []
    t0 = time.perf_counter()
    for row in rows:
        verdict = verify(
            detokenise(row["hypothesis"]), detokenise(row["premise"]), pack, embedder=embedder
        )
        label = TO_LABEL[verdict.label]
        if classes == 2 and label == "contradiction":
            label = "neutral"
        gold.append(row["label"])
        pred.append((label, verdict))
    seconds = time.perf_counter() - t0
    return gold, pred, seconds


def metrics(gold, pred, classes):
    labels = [p[0] for p in pred]
    n = len(gold)
    acc = sum(g == p for g, p in zip(gold, labels, strict=True)) / n
    tp = sum(g == p == "entailment" for g, p in zip(gold, labels, strict=True))
    pp = sum(p == "entailment" for p in labels)
    gp = sum(g == "entailment" for g in gold)
    ent = [p for g, p in zip(gold, pred, strict=True) if g == "entailment"]
    false_conflict = sum(
        any(f.verdict == "conflict" for f in v.findings) or v.label == "contradicted"
        for _, v in ent
    ) / max(1, len(ent))
    confusion = Counter(zip(gold, labels, strict=True))
    return {
        "n": n,
        "accuracy": acc,
        "precision": tp / pp if pp else 0.0,
        "recall": tp / gp if gp else 0.0,
        "false_conflict": false_conflict,
        "confusion": confusion,
        "majority": Counter(gold).most_common(1)[0][1] / n,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="first N rows of each set")
    ap.add_argument("--errors", type=int, default=0, help="print N misjudged pairs per set")
    ap.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"skipped: benchmark data not found at {DATA} (set CHECKER_BENCH_DATA)")
        return 0
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT))
    from checker.api import default_embedder, default_rules, verify

    pack, embedder = default_rules(), default_embedder()
    verify("5 people left.", "Five people left.", pack, embedder=embedder)  # load the model once
    results = []
    for name, file, classes in SETS:
        rows = [json.loads(line) for line in (DATA / file).open(encoding="utf-8")]
        if args.limit:
            rows = rows[: args.limit]
        gold, pred, seconds = run_set(rows, classes, verify, pack, embedder)
        m = metrics(gold, pred, classes)
        m.update(name=name, classes=classes, speed=len(rows) / seconds)
        results.append(m)
        if args.errors:
            shown = 0
            for row, g, (p, v) in zip(rows, gold, pred, strict=True):
                if g != p and shown < args.errors:
                    shown += 1
                    print(f"[{name}] gold={g} got={p}\n  P: {detokenise(row['premise'])}"
                          f"\n  H: {detokenise(row['hypothesis'])}\n  why: {v.reason}")  # fmt: skip
    table = render(results)
    table += (
        f"\n\nTexts embedded by the model in this run: {embedder.computed:,} (the rest came from the"
        " embedding cache; pairs/s is far lower on a cold cache, where each `verify` call embeds"
        " its few texts in its own small batch)."
    )
    print(table)
    if args.write_results:
        write_results(table)
    return 0


def render(results) -> str:
    lines = [
        "| set | pairs | classes | accuracy | majority | P(supported) | R(supported) | false conflicts on entailment | pairs/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in results:
        lines.append(
            f"| {m['name']} | {m['n']} | {m['classes']} | {m['accuracy']:.1%} | {m['majority']:.1%} "
            f"| {m['precision']:.1%} | {m['recall']:.1%} | {m['false_conflict']:.1%} | {m['speed']:.0f} |"
        )
    for m in results:
        if m["classes"] == 3:
            order = ["entailment", "neutral", "contradiction"]
            lines += ["", f"{m['name']} confusion (rows gold, columns predicted):", "",
                      "| gold \\ got | " + " | ".join(order) + " |", "|---|---:|---:|---:|"]  # fmt: skip
            for g in order:
                lines.append(
                    f"| {g} | " + " | ".join(str(m["confusion"][(g, p)]) for p in order) + " |"
                )
    return "\n".join(lines)


def write_results(table: str) -> None:
    body = (
        "## Verdicts on labelled pairs (`python bench/pairs.py`)\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on {machine()}.\n\n{table}"
    )
    write_section("pairs", body)


if __name__ == "__main__":
    raise SystemExit(main())
