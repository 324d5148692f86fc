"""The labelling sample for the translation check: every pair the check flags as changed on the
published BPPT pairs, and as many pairs with figures that it does not flag, shuffled together.

Run from the repository root::

    python bench/labels/translation/sample.py                    # writes sample.jsonl, strata.jsonl
    python bench/labels/translation/sample.py --views DIR        # the labellers' sheets (L1.md, L2.md)
    python bench/labels/translation/sample.py --labels DIR       # DIR/L1.jsonl, L2.jsonl -> labels.jsonl

Data: ``translation/bppt-eco.jsonl`` under ``$CHECKER_BENCH_DATA`` (or ``../shared/bench``), read
through ``bench/translation.py``. Nothing from it is written into the repository: the files here
hold row ids, slice names, strata and character spans only.

- ``sample.jsonl``: ``{"id", "slice"}`` a line, in a shuffled order; ``slice`` is ``L1`` or
  ``L2`` (read by that labeller only) or ``both`` (read by both, the agreement slice, shuffled
  into each sheet unmarked). No text, no verdict, no stratum.
- ``strata.jsonl``: ``{"id", "stratum", "weight"}``: whether the check flagged the pair when
  the sample was drawn (``flagged`` / ``unflagged``) and the stratum's sampling weight (pairs
  in the stratum / pairs drawn). Kept apart from the sample so that nothing handed to a
  labeller, or derived from what is, says which pairs were flagged; only ``score.py`` reads it.
  The stratum is frozen at draw time (the weights are only right for the draw that was made);
  ``score.py`` recomputes the current check's flags itself.
- ``labels.jsonl``: written by ``--labels``: each labelled pair's id, slice, label and
  who labelled it, the changed / left-out / added figures as ``[start, end)`` character spans
  into the row's ``source`` / ``target`` strings, and for the ``both`` slice the second
  labeller's answer under ``second``. The labellers' notes and quotes stay in their answer files
  outside the repository.

The sheets (``--views``) quote the sentences and must never be committed: write them outside the
repository (``/work/tlabel-views``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCH = HERE.parents[1]
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

SAMPLE = HERE / "sample.jsonl"
STRATA = HERE / "strata.jsonl"
LABELS = HERE / "labels.jsonl"
GUIDE = HERE / "GUIDE.md"
SHEETS = ("L1", "L2")
LABEL_SET = ("error", "original_slip", "ok", "misaligned", "unsure")
KINDS = ("value", "scale", "separator", "date", "direction", "unit", "other")
_DIGIT = re.compile(r"\d")


def data_file() -> Path:
    from translation import FILE

    return FILE


def load_rows() -> list[dict]:
    from translation import load

    return load(data_file())


def control_flags(rows: list[dict]) -> tuple[dict[str, list[tuple]], set[str]]:
    """The check on each pair as published: ``{id: [(rule, doc, start, end), ...]}`` for the
    pairs flagged as changed (``translation-changed`` / ``translation-scale``, as
    ``bench/translation.py`` counts them), with the evidence spans of those findings; and the ids
    of the pairs with figures (a figure on either side, as the bench counts them)."""
    from translation import CHANGED_RULES, docs

    from checker.api import check_translation_documents
    from checker.compare.translation import compare_documents
    from checker.rules import load_rules

    pack = load_rules()
    flagged: dict[str, list[tuple]] = {}
    with_figures: set[str] = set()
    for row in rows:
        src, tgt = docs(row)
        comparison = compare_documents(src, tgt, pack.semantics)
        if any(p.source is not None or p.target is not None for p in comparison.pairs):
            with_figures.add(row["id"])
        report = check_translation_documents(src, tgt, pack)
        spans = [(f.rule, e.doc, e.start, e.end) for f in report.findings
                 if f.rule in CHANGED_RULES for e in f.evidence]  # fmt: skip
        if any(f.rule in CHANGED_RULES for f in report.findings):
            flagged[row["id"]] = spans
    return flagged, with_figures


def has_digit(row: dict) -> bool:
    return bool(_DIGIT.search(row["source"]) or _DIGIT.search(row["target"]))


def draw(rows: list[dict], flagged: set[str], seed: int, cap: int, overlap: float):
    """All flagged pairs, plus as many unflagged pairs with a digit on either side (fewer when
    the two would exceed ``cap``), shuffled; the slices ``both`` (``overlap`` of each stratum),
    then ``L1`` / ``L2`` alternating over the rest of each stratum."""
    rng = random.Random(seed)
    ids = sorted(r["id"] for r in rows)
    digit = {r["id"] for r in rows if has_digit(r)}
    flag = [i for i in ids if i in flagged]
    pool = [i for i in ids if i in digit and i not in flagged]
    n_unflagged = min(len(flag), max(0, cap - len(flag)), len(pool))
    unflag = sorted(rng.sample(pool, n_unflagged))
    strata = {}
    slices = {}
    for name, chosen, population in (("flagged", flag, len(flag)),
                                     ("unflagged", unflag, len(pool))):  # fmt: skip
        weight = round(population / len(chosen), 4) if chosen else 0.0
        order = chosen[:]
        rng.shuffle(order)
        k = round(len(order) * overlap)
        for n, i in enumerate(order):
            slices[i] = "both" if n < k else SHEETS[(n - k) % 2]
            strata[i] = {"id": i, "stratum": name, "weight": weight}
    out = flag + unflag
    rng.shuffle(out)
    return ([{"id": i, "slice": slices[i]} for i in out],
            [strata[i] for i in out], len(pool))  # fmt: skip


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, separators=(",", ":")) + "\n")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --------------------------------------------------------------------------- sheets


def sheet_ids(sample: list[dict], who: str, seed: int) -> list[str]:
    """The ids in ``who``'s sheet: its own slice and the ``both`` slice, shuffled together."""
    ids = [r["id"] for r in sample if r["slice"] in (who, "both")]
    random.Random(f"{seed}-{who}").shuffle(ids)
    return ids


def shown(text: str) -> str:
    """``text`` for a reading sheet: control characters written as ``<U+001B>`` (one pair
    holds an ESC inside a figure, "Rp977<U+001B>96 billion", which a sheet printed raw hid
    and a labeller read as "Rp97796"). Quotes in answers are matched against the raw text,
    so such a figure is answered with a span."""
    return "".join(f"<U+{ord(ch):04X}>" if unicodedata.category(ch) == "Cc" else ch for ch in text)


def write_views(sample: list[dict], folder: Path, answers: Path, seed: int) -> None:
    """One reading sheet per labeller: each pair's id, Indonesian and English sentence. Nothing
    else (no stratum, no slice, no finding). The guide is copied beside them."""
    rows = {r["id"]: r for r in load_rows()}
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(GUIDE, folder / "GUIDE.md")
    for who in SHEETS:
        ids = sheet_ids(sample, who, seed)
        lines = [
            f"# Sheet {who}: {len(ids)} Indonesian-English sentence pairs",
            "",
            "Read GUIDE.md (beside this file) first. For every pair below, write one JSON line",
            f"to {answers / (who + '.jsonl')} in the guide's answer format.",
            "",
        ]
        for i in ids:
            r = rows[i]
            lines += [f"## {i}", "", f"Indonesian: {shown(r['source'])}", "",
                      f"English: {shown(r['target'])}", ""]  # fmt: skip
        (folder / f"{who}.md").write_text("\n".join(lines), encoding="utf-8")
        print(f"{folder / (who + '.md')}: {len(ids)} pairs")
    print(f"{folder / 'GUIDE.md'}: the guide")


# --------------------------------------------------------------------------- answers


def locate(text: str, quote: str, nth: int = 1) -> tuple[int, int] | None:
    """The ``nth`` occurrence (from 1) of ``quote`` in ``text`` as ``(start, end)``; exact first,
    then with any run of spaces matching any run (or none), then ignoring case; the last
    occurrence when there are fewer than ``nth``. None when it is not there."""
    quote = quote.strip()
    if not quote:
        return None
    nth = max(1, int(nth or 1))
    pattern = r"\s*".join(re.escape(part) for part in quote.split())
    for rx in (re.escape(quote), pattern):
        for flags in (0, re.IGNORECASE):
            hits = [(m.start(), m.end()) for m in re.finditer(rx, text, flags)]
            if hits:
                return hits[min(nth, len(hits)) - 1]
    return None


def _span(item: dict, side: str, text: str, problems: list, where: str):
    """The ``[start, end]`` of one side of an answer item (given as a span or as a quote)."""
    given = item.get(f"{side}_span")
    if given is not None:
        try:
            s, e = int(given[0]), int(given[1])
        except (TypeError, ValueError, IndexError):
            problems.append(f"{where}: {side}_span {given!r} is not [start, end]")
            return None
        if 0 <= s < e <= len(text):
            return [s, e]
        problems.append(f"{where}: {side}_span {given!r} is outside the sentence")
        return None
    quote = item.get(side)
    if not isinstance(quote, str) or not quote.strip():
        problems.append(f"{where}: no {side} quote")
        return None
    got = locate(text, quote, item.get(f"{side}_nth", 1))
    if got is None:
        problems.append(f"{where}: {side} quote not found in the sentence")
        return None
    return list(got)


def resolve(answer: dict, row: dict, who: str, problems: list) -> dict:
    """One labeller's answer as ids and spans: the label and the figures' spans, no text."""
    where = f"{who} {row['id']}"
    label = str(answer.get("label", "")).strip().lower()
    if label not in LABEL_SET:
        problems.append(f"{where}: label {answer.get('label')!r} is not one of {LABEL_SET}")
        label = "unsure"
    out: dict = {"label": label, "by": who}
    changed = []
    for item in answer.get("changed") or []:
        kind = str(item.get("kind", "")).strip().lower()
        if kind not in KINDS:
            problems.append(f"{where}: kind {item.get('kind')!r} is not one of {KINDS}")
            kind = "other"
        c = {
            "source_span": _span(item, "source", row["source"], problems, where),
            "target_span": _span(item, "target", row["target"], problems, where),
            "kind": kind,
        }
        if item.get("slip"):
            c["slip"] = True
        changed.append(c)
    omitted = [{"source_span": _span(i, "source", row["source"], problems, where)}
               for i in answer.get("omitted") or []]  # fmt: skip
    added = [{"target_span": _span(i, "target", row["target"], problems, where)}
             for i in answer.get("added") or []]  # fmt: skip
    if label in ("error", "original_slip") and not changed:
        problems.append(f"{where}: label {label} with no changed figure")
    if label == "ok" and changed:
        problems.append(f"{where}: label ok with {len(changed)} changed figure(s)")
    for key, items in (("changed", changed), ("omitted", omitted), ("added", added)):
        if items:
            out[key] = items
    return out


def merge_labels(folder: Path, seed: int, out: Path = LABELS) -> int:
    """``folder/L1.jsonl`` and ``folder/L2.jsonl`` (and ``folder/adjudicated.jsonl`` when the
    lead settled the overlap's disagreements) into ``out``: ids, slices, labels, spans."""
    sample = read_jsonl(SAMPLE)
    rows = {r["id"]: r for r in load_rows()}
    problems: list[str] = []
    got: dict[str, dict] = {}
    for who in (*SHEETS, "adjudicated"):
        path = folder / f"{who}.jsonl"
        if not path.exists():
            if who != "adjudicated":
                problems.append(f"{path}: missing")
            continue
        allowed = (set(sheet_ids(sample, who, seed)) if who in SHEETS
                   else {r["id"] for r in sample if r["slice"] == "both"})  # fmt: skip
        seen = set()
        for n, line in enumerate(path.open(encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                answer = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{path}:{n}: not JSON ({exc.msg})")
                continue
            i = str(answer.get("id", ""))
            if i not in allowed:
                problems.append(f"{path}:{n}: id {i!r} is not in this sheet")
                continue
            if i in seen:
                problems.append(f"{path}:{n}: {i} answered twice (the last answer is kept)")
            seen.add(i)
            got.setdefault(i, {})[who] = resolve(answer, rows[i], who, problems)
        if who in SHEETS:
            for i in sorted(allowed - seen):
                problems.append(f"{path}: {i} not answered")
    with out.open("w", encoding="utf-8") as fh:
        for r in sample:
            mine = got.get(r["id"], {})
            first = "L1" if r["slice"] == "both" else r["slice"]
            rec: dict = {"id": r["id"], "slice": r["slice"]}
            if first in mine:
                rec.update(mine[first])
            if r["slice"] == "both" and "L2" in mine:
                rec["second"] = mine["L2"]
            if "adjudicated" in mine:
                rec["final"] = mine["adjudicated"]
            fh.write(json.dumps(rec, separators=(",", ":")) + "\n")
    done = sum(1 for r in sample if r["id"] in got)
    print(f"{out}: {done} of {len(sample)} pairs labelled")
    for p in problems:
        print(f"problem: {p}")
    return 1 if problems else 0


# --------------------------------------------------------------------------- main


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE,
                              capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=26)
    ap.add_argument("--cap", type=int, default=400, help="at most this many pairs in all")
    ap.add_argument("--overlap", type=float, default=0.20, help="share read by both labellers")
    ap.add_argument(
        "--views", type=Path, help="folder for the labellers' sheets (outside the repo)"
    )
    ap.add_argument("--answers", type=Path, default=Path("/work/tlabel-answers"),
                    help="where the sheets tell labellers to write their answers")  # fmt: skip
    ap.add_argument(
        "--labels", type=Path, help="merge the answers in this folder into labels.jsonl"
    )
    ap.add_argument("--force", action="store_true", help="draw again over an existing sample")
    args = ap.parse_args()
    if not data_file().is_file():
        print(f"sample.py: skipped: {data_file()} not found (set CHECKER_BENCH_DATA to the folder "
              "that holds translation/bppt-eco.jsonl)")  # fmt: skip
        return 0
    if args.labels:
        return merge_labels(args.labels, args.seed)
    if not SAMPLE.exists() or args.force:
        if SAMPLE.exists() and LABELS.exists():
            print(f"{LABELS} names this sample's pairs: move it aside before drawing again")
            return 2
        rows = load_rows()
        flagged, with_figures = control_flags(rows)
        sample, strata, pool = draw(rows, set(flagged), args.seed, args.cap, args.overlap)
        write_jsonl(SAMPLE, sample)
        write_jsonl(STRATA, sorted(strata, key=lambda s: s["id"]))
        n = Counter(s["stratum"] for s in strata)
        sl = Counter(
            (s["stratum"], r["slice"]) for s, r in zip(strata, sample, strict=True)
        )  # same order
        print(f"commit {commit()}: {len(rows)} pairs, {len(with_figures)} with figures (the "
              f"check's count), {sum(map(has_digit, rows))} with a digit; {len(flagged)} flagged "
              f"as changed, {pool} unflagged with a digit")  # fmt: skip
        print(f"drawn: {n['flagged']} flagged + {n['unflagged']} unflagged = {len(sample)}")
        for st in ("flagged", "unflagged"):
            print(f"  {st:>9}: " + ", ".join(f"{k} {sl[(st, k)]}" for k in ("L1", "L2", "both")))
        print(f"wrote {SAMPLE} and {STRATA}")
    elif not args.views:
        print(f"{SAMPLE} exists (the sample being labelled): pass --force to draw again")
        return 2
    if args.views:
        if args.views.resolve().is_relative_to(BENCH.parent):
            print("--views must be outside the repository: the sheets quote the benchmark")
            return 2
        write_views(read_jsonl(SAMPLE), args.views, args.answers, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
