"""Candidate claim pairs for labelling: every cross-article pair of a PAC story whose kinds are
compatible, above a low similarity floor, sampled by stratum so the hard cases are well
represented.

Run from the repository root::

    python bench/labels/sample.py                      # writes bench/labels/pairs.jsonl
    python bench/labels/sample.py --labels DIR         # merges the labellers' answers into it
    python bench/labels/sample.py --views /tmp/views   # also the labellers' reading sheets

``pairs.jsonl`` is the sample that was labelled (drawn 2026-12-06 with the claims
reader of commit e0153cb); a later reader finds a slightly different pool, so
the script refuses to overwrite it without ``--force`` (the labels name its pair ids).
It holds ids and spans only (story, article, PAC sentence index, character
offsets inside that sentence), never article text: the text stays in ``../shared/bench``. The
reading sheets (``--views``) quote the sentences for the labellers and must not be committed.

Strata: the pair's similarity (the higher cosine of the masked clause and phrase, as matching
uses) in four bands, crossed with whether the parse gives the same counted noun (or money /
percent / span unit) on both sides. Hard cases are the same noun at low similarity (a
different thing sharing a noun or a unit is most often here) and a different noun at high
similarity (different words, same thing). Each pair records its stratum and the stratum's
sampling weight (pairs in the stratum / pairs drawn), so rates can be re-weighted to the
population of candidates.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from corpus import DATA, no_data, stories, story_pool  # noqa: E402

BANDS = (0.20, 0.40, 0.55, 0.70, 1.01)
#: Pairs drawn at most per stratum (band index, same noun): the hard cells and every cell
#: above 0.55 are taken whole on PAC; the two low bands of different nouns are sampled.
QUOTA = {
    (0, False): 800, (0, True): 400,
    (1, False): 900, (1, True): 400,
    (2, False): 600, (2, True): 400,
    (3, False): 400, (3, True): 400,
}  # fmt: skip
PER_STORY_CELL = 60  # no single story fills a stratum


def pair_id(a: tuple, b: tuple) -> str:
    """A pair's id: a digest of its two spans (as first written, field by field)."""
    keys = ("article", "sentence", "start", "end")
    raw = json.dumps([dict(zip(keys, a, strict=True)), dict(zip(keys, b, strict=True))],
                     sort_keys=True).encode()  # fmt: skip
    return "p" + hashlib.sha1(raw).hexdigest()[:10]


def candidates(limit: int = 0):
    """Every compatible cross-article pair above the judge's floor, story by story."""
    from checker.api import default_embedder, default_rules
    from checker.read.claims import head_subject

    pack, embedder = default_rules(), default_embedder()
    for story in stories(DATA / "corpora" / "pac_story_pairs.jsonl", limit):
        pairs, span = story_pool(story, pack, embedder)
        for a, b, sim in pairs:
            ha, hb = head_subject(a), head_subject(b)
            same = bool(ha) and ha == hb
            if a.kind in ("money", "percent", "duration") and not (a.head and b.head):
                same = True  # unit kinds without a parsed head: the unit is the noun
            yield {"story": story["story_id"], "a": span(a), "b": span(b), "sim": sim,
                   "same_noun": same}  # fmt: skip


def stratum(p: dict) -> str:
    return f"{band(p['sim'])}{'S' if p['same_noun'] else 'D'}"


def band(sim: float) -> int:
    return next(i for i in range(len(BANDS) - 1) if sim < BANDS[i + 1])


def draw(pool: list[dict], seed: int) -> list[dict]:
    rng = random.Random(seed)
    cells: dict[tuple, list[dict]] = defaultdict(list)
    for p in pool:
        cells[(band(p["sim"]), p["same_noun"])].append(p)
    out = []
    for cell, rows in sorted(cells.items()):
        rng.shuffle(rows)
        per_story: Counter = Counter()
        chosen = []
        for r in rows:
            if len(chosen) >= QUOTA[cell]:
                break
            if per_story[r["story"]] >= PER_STORY_CELL:
                continue
            per_story[r["story"]] += 1
            chosen.append(r)
        weight = len(rows) / max(1, len(chosen))
        for r in chosen:
            out.append({"id": pair_id(r["a"], r["b"]), "story": r["story"], "a": r["a"],
                        "b": r["b"], "stratum": f"{cell[0]}{'S' if cell[1] else 'D'}",
                        "weight": round(weight, 4)})  # fmt: skip
    rng.shuffle(out)
    return out


def view(pair: dict, arts: dict, width: int = 1) -> str:
    """One pair as a labeller reads it: each figure marked in its sentence, with the sentence
    before and after, and the article's outlet and title. No score, no verdict."""
    lines = [f"## {pair['id']}"]
    for side in ("a", "b"):
        article, i, start, end = pair[side]
        art = arts[article]
        sents = art["sentences"]
        s = sents[i]
        marked = s[:start] + "[[" + s[start:end] + "]]" + s[end:]
        before = " ".join(sents[max(0, i - width) : i])
        after = " ".join(sents[i + 1 : i + 1 + width])
        lines.append(f'{side.upper()} ({art.get("source")}, "{art.get("title", "")}"):')
        lines.append(f"   {before} >>> {marked} <<< {after}".rstrip())
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--out", type=Path, default=HERE / "pairs.jsonl")
    ap.add_argument("--labels", type=Path, help="merge the labellers' answers from this folder")
    ap.add_argument("--views", type=Path, help="folder for the labellers' reading sheets")
    ap.add_argument("--force", action="store_true", help="overwrite an existing --out")
    ap.add_argument("--batches", type=int, default=7)
    ap.add_argument("--overlap", type=float, default=0.10, help="share labelled twice")
    args = ap.parse_args()
    if args.labels:
        return merge_labels(args.out, args.labels)
    if no_data():
        return 0
    if args.out.exists() and not args.force:
        print(f"{args.out} exists (the labelled sample): pass --force or another --out")
        return 2
    pool = list(candidates(args.limit))
    chosen = draw(pool, args.seed)
    cells = Counter(stratum(p) for p in pool)
    drawn = Counter(p["stratum"] for p in chosen)
    print(f"{len(pool)} candidate pairs, {len(chosen)} drawn")
    print("stratum  pool  drawn")
    for c in sorted(cells):
        print(f"{c:>7} {cells[c]:>5} {drawn[c]:>6}")
    with args.out.open("w", encoding="utf-8") as fh:
        for p in chosen:
            fh.write(json.dumps(p, separators=(",", ":")) + "\n")
    if args.views:
        write_views(chosen, args)
    return 0


def write_views(chosen: list[dict], args) -> None:
    """Batches for labellers: disjoint slices, plus a share of the next slice's pairs read a
    second time by another labeller (the agreement sample), shuffled in."""
    arts = {}
    for story in stories(DATA / "corpora" / "pac_story_pairs.jsonl", args.limit):
        for a in story["articles"]:
            arts[a["id"]] = a
    n = args.batches
    slices = [chosen[i::n] for i in range(n)]
    rng = random.Random(args.seed + 1)
    args.views.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for i in range(n):
        second = slices[(i + 1) % n][: round(len(slices[(i + 1) % n]) * args.overlap)]
        rows = slices[i] + second
        rng.shuffle(rows)
        manifest[f"batch{i}"] = {
            "first": [p["id"] for p in slices[i]],
            "second": [p["id"] for p in second],
        }
        with (args.views / f"batch{i}.md").open("w", encoding="utf-8") as fh:
            fh.write(f"# Batch {i}: {len(rows)} pairs\n\n")
            for p in rows:
                fh.write(view(p, arts) + "\n")
    (args.views / "manifest.json").write_text(json.dumps(manifest))


def merge_labels(out: Path, folder: Path) -> int:
    """Write the labellers' answers (``batchN.jsonl`` of ``{id, label}``, with the views'
    ``manifest.json`` saying which pairs each read first or second) into ``out``."""
    manifest = json.loads((folder.parent / "views" / "manifest.json").read_text())
    answers: dict[str, dict] = {}
    for n, (batch, ids) in enumerate(sorted(manifest.items())):
        second = set(ids["second"])
        for line in (folder / f"{batch}.jsonl").open(encoding="utf-8"):
            row = json.loads(line)
            key = ("second", "second_by") if row["id"] in second else ("label", "by")
            answers.setdefault(row["id"], {}).update({key[0]: row["label"], key[1]: f"L{n}"})
    rows = [json.loads(line) for line in out.open(encoding="utf-8")]
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps({**r, **answers.get(r["id"], {})}, separators=(",", ":")) + "\n")
    print(f"{out}: {sum(1 for r in rows if r['id'] in answers)} of {len(rows)} pairs labelled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
