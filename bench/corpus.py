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


def offsets(article: dict) -> list[int]:
    """Where each PAC sentence starts in the document text (sentences joined by one space)."""
    out, pos = [], 0
    for s in article["sentences"]:
        out.append(pos)
        pos += len(s) + 1
    return out


def span_key(refs: dict, e) -> tuple:
    """(article, PAC sentence, start, end) of an evidence span, as the labels name spans."""
    import bisect

    offs = refs[e.doc]
    i = max(0, bisect.bisect_right(offs, e.start) - 1)
    return (e.doc, i, e.start - offs[i], e.end - offs[i])


def story_pool(story: dict, pack, embedder):
    """Every cross-article pair of claims of one family above the judge's floor, found as
    matching finds candidates (``match.similar_pairs``, uncapped), and a function giving a
    claim's span as the labels name it: (article, PAC sentence, start, end)."""
    from checker.compare.match import FLOOR, embed_claims, similar_pairs
    from checker.read.claims import extract_claims

    docs = documents(story)
    starts = {a["id"]: offsets(a) for a in story["articles"]}
    claims = [c for d in docs for c in extract_claims(d, pack.semantics)]
    comp, key, focus = embed_claims(claims, embedder)
    pairs = [(a, b, s) for a, b, s in similar_pairs(comp, key, focus, FLOOR) if a.doc != b.doc]

    def span(c) -> tuple:
        import bisect

        offs = starts[c.doc]
        i = max(0, bisect.bisect_right(offs, c.start) - 1)
        return (c.doc, i, c.start - offs[i], c.end - offs[i])

    return pairs, span


#: The labelled PAC pairs (``bench/labels/pairs.jsonl``): spans and labels, no text.
LABELLED = ROOT / "bench" / "labels" / "pairs.jsonl"


def labelled_pairs() -> list[dict]:
    """The labelled pairs, ``a``/``b`` as (article, PAC sentence, start, end) tuples."""
    if not LABELLED.exists():
        return []
    rows = [json.loads(line) for line in LABELLED.open(encoding="utf-8") if line.strip()]
    return [{**r, "a": tuple(r["a"]), "b": tuple(r["b"])} for r in rows]


class Labels:
    """The labelled pairs, found by the spans of two claims: a label joins a pair of claims
    when each labelled span overlaps one claim's span in the same PAC sentence, so a claim
    the extractor now reads wider ("18" -> "under the age of 18") keeps its label."""

    def __init__(self, pairs: list[dict]) -> None:
        self.by_sentences: dict[tuple, list[dict]] = {}
        for p in pairs:
            for x, y in ((p["a"], p["b"]), (p["b"], p["a"])):
                self.by_sentences.setdefault((x[:2], y[:2]), []).append((x, y, p))

    def __len__(self) -> int:
        return len(self.by_sentences)

    def find(self, a: tuple, b: tuple) -> dict | None:
        """The labelled pair whose spans overlap spans ``a`` and ``b`` (article, PAC sentence,
        start, end), or None."""
        for x, y, p in self.by_sentences.get((a[:2], b[:2]), ()):
            if x[2] < a[3] and a[2] < x[3] and y[2] < b[3] and b[2] < y[3]:
                return p
        return None


def blind_labels() -> Labels:
    """The labelled PAC pairs with a first-pass label, found by overlapping spans."""
    return Labels([p for p in labelled_pairs() if "label" in p])


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
    labels = blind_labels()
    read: Counter = Counter()  # (verdict, level, label) of pair findings the labellers read
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
        refs = {a["id"]: offsets(a) for a in story["articles"]}
        for f in report.findings:
            if len(f.evidence) == 2 and labels:
                p = labels.find(*(span_key(refs, e) for e in f.evidence))
                if p is not None:
                    read[(f.verdict, f.level, p["label"])] += 1
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
    if labels:
        lines += [
            "",
            "Pair findings whose two figures the labellers read blind (`bench/labels/`): "
            "how many they labelled the same quantity.",
            "",
            "| verdict | level | read | labelled same | share |",
            "|---|---|---:|---:|---:|",
        ]
        for v, lev in sorted({(v, lev) for v, lev, _ in read}):
            same, diff = read[(v, lev, "same")], read[(v, lev, "different")]
            total = same + diff + read[(v, lev, "unsure")]
            lines.append(f"| {v} | {lev} | {total} | {same} | {same / max(1, total):.0%} |")
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
