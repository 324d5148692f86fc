"""What `checker report` says about real coverage: findings per story, and every conflict shown.

Run from the repository root::

    python bench/corpus.py                    # the table
    python bench/corpus.py --show conflict    # also print each conflict with its two contexts
    python bench/corpus.py --write-results    # update bench/RESULTS.md (this script's section)

Data: ``corpora/pac_story_pairs.jsonl`` under ``$CHECKER_BENCH_DATA`` (or ``../shared/bench``):
152 stories, each told by two outlets of opposite leaning on the same day (PAC, Zou et al.
2023). There are no labels, so precision is not computed here: the script prints what an editor
would see (``--show``), and the closing notes record how many of those were hand-checked as
real. Two outlets writing the same day rarely disagree on a figure, so a high conflict count is
a sign of false matches, which is what this benchmark is for.

Each story is checked on its own (its two articles, sentences joined with spaces), with the
project's rules; both articles carry the story's date, so time never turns a conflict into an
update here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

from _results import machine, write_section

ROOT = Path(__file__).resolve().parent.parent
_CANDIDATES = [
    Path(os.environ["CHECKER_BENCH_DATA"]) if os.environ.get("CHECKER_BENCH_DATA") else None,
    ROOT.parent / "shared" / "bench",
    Path("/work/shared/bench"),
]
DATA = next((p for p in _CANDIDATES if p and (p / "corpora").is_dir()), None)
VERDICTS = ("conflict", "update", "artefact", "agree", "single-source")


def stories(path: Path, limit: int) -> list[dict]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return rows[:limit] if limit else rows


def parser(description: str) -> argparse.ArgumentParser:
    """The options every PAC bench shares: --limit and --write-results."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--limit", type=int, default=0, help="first N stories")
    ap.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    return ap


def no_data() -> bool:
    """True, with a message, when the benchmark data is absent (the bench then skips)."""
    if DATA is None:
        print("skipped: benchmark data not found (set CHECKER_BENCH_DATA to the bench folder)")
    return DATA is None


def checker_on_pac(limit: int):
    """(check, rule pack, embedder, stories): the project's checker and the PAC stories."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT))
    from checker.api import check, default_embedder, default_rules

    rows = stories(DATA / "corpora" / "pac_story_pairs.jsonl", limit)
    return check, default_rules(), default_embedder(), rows


def documents(story: dict):
    from checker import document_from_text

    docs = []
    for art in story["articles"]:
        try:
            date = dt.date.fromisoformat(art.get("date", "")[:10])
        except ValueError:
            date = None  # PAC leaves some dates empty
        docs.append(
            document_from_text(
                " ".join(art["sentences"]), art["id"], outlet=art.get("source"), date=date
            )
        )
    return docs


def context(doc, start: int, end: int, width: int = 90) -> str:
    text = doc.text
    left = text[max(0, start - width) : start]
    right = text[end : end + width // 2]
    return f"…{left}[[{text[start:end]}]]{right}…".replace("\n", " ")


def main() -> int:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--show", choices=VERDICTS, help="print every finding of this verdict")
    args = ap.parse_args()
    if no_data():
        return 0
    check, pack, embedder, rows = checker_on_pac(args.limit)
    totals: Counter = Counter()
    within: Counter = Counter()
    errors: Counter = Counter()
    claims = 0
    stories_with: Counter = Counter()
    t0 = time.perf_counter()
    for story in rows:
        docs = documents(story)
        report = check(docs, pack, embedder=embedder)
        claims += len(report.claims)
        by_id = {d.id: d for d in docs}
        seen = set()
        for f in report.findings:
            totals[f.verdict] += 1
            seen.add(f.verdict)
            errors[f.verdict] += f.level == "error"
            if len({e.doc for e in f.evidence}) == 1 and len(f.evidence) > 1:
                within[f.verdict] += 1
            if args.show == f.verdict:
                print(f"{story['story_id']} [{f.level}] {f.message}")
                for e in f.evidence:
                    print(f"    {by_id[e.doc].outlet}: {context(by_id[e.doc], e.start, e.end)}")
        stories_with.update(seen)
    seconds = time.perf_counter() - t0
    n = len(rows)
    lines = [
        f"{n} stories (two outlets each), {claims:,} claims, {seconds:.1f} s"
        f" ({n / seconds:.1f} stories/s; embedded by the model in this run: {embedder.computed:,}"
        " texts)",
        "",
        "| verdict | findings | at error level | per story | stories with one | within one article |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for v in VERDICTS:
        lines.append(
            f"| {v} | {totals[v]} | {errors[v]} | {totals[v] / n:.2f} | {stories_with[v]} | {within[v]} |"
        )
    table = "\n".join(lines)
    print(table)
    if args.write_results:
        write_section(
            "corpus",
            "## Findings on real coverage (`python bench/corpus.py`)\n\n"
            f"Measured {time.strftime('%Y-%m-%d')} on {machine()}.\n\n{table}",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
