"""Scores the translation check against the labels: agreement between the two labellers on the
pairs both read, then what the pairs the check flags as changed really are, and the real
errors it does not flag (an estimate, from the sample of unflagged pairs and its weight).

Run from the repository root::

    python bench/labels/translation/score.py               # the check's flags recomputed now
    python bench/labels/translation/score.py --flags FILE  # flagged ids from a file instead

``--flags`` takes a file of pair ids separated by spaces or lines (e.g. the "flagged as changed"
line of ``bench/translation.py``, the leading text is ignored); the check is then not run, so
the split of errors "flagged on a labelled figure" / "elsewhere" is not made, and the pairs with
figures are given by ``--with-figures``.

Each pair's label is the adjudicated one (``final``) when the lead settled a disagreement, else
the first labeller's (``L1`` on the slice read by both). Pairs the check flags now but that are
not in the sample (a later check) are counted ``unlabelled``. The weights are those of the draw
(``strata.jsonl``): a pair drawn among the unflagged stands for ``weight`` such pairs.

``score()`` and ``agreement()`` take plain data, so ``bench/translation.py`` can import them.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from sample import LABEL_SET, LABELS, STRATA, data_file, read_jsonl  # noqa: E402

COLUMNS = (*LABEL_SET, "unlabelled")


def kappa(a: list[str], b: list[str]) -> float:
    """Cohen's kappa of two raters' labels over the same items (1.0 when both use one label
    throughout and agree; nan when there are no items)."""
    n = len(a)
    if n == 0:
        return float("nan")
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson interval of a proportion ``k / n``."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    d = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / d
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return max(0.0, mid - half), min(1.0, mid + half)


def final(rec: dict) -> dict | None:
    """A pair's label record: the adjudicated answer, else the first labeller's."""
    if "final" in rec:
        return rec["final"]
    return rec if "label" in rec else None


def _overlap(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _same_figure(x: dict, y: dict) -> bool:
    return any(_overlap(c.get("source_span"), d.get("source_span"))
               or _overlap(c.get("target_span"), d.get("target_span"))
               for c in x.get("changed", []) for d in y.get("changed", []))  # fmt: skip


def agreement(labels: list[dict]) -> dict:
    """Agreement on the pairs both labellers read: percent and kappa over the five labels, the
    same with the labels cut to "error" / "not error", and for pairs both call ``error`` the
    share where they name a common changed figure (overlapping spans on either side)."""
    both = [r for r in labels if "label" in r and "second" in r]
    a = [r["label"] for r in both]
    b = [r["second"]["label"] for r in both]
    ea = ["error" if x == "error" else "not" for x in a]
    eb = ["error" if x == "error" else "not" for x in b]
    both_error = [r for r in both if r["label"] == r["second"]["label"] == "error"]
    return {
        "n": len(both),
        "agree": sum(x == y for x, y in zip(a, b, strict=True)),
        "kappa": kappa(a, b),
        "agree_error": sum(x == y for x, y in zip(ea, eb, strict=True)),
        "kappa_error": kappa(ea, eb),
        "both_error": len(both_error),
        "same_figure": sum(_same_figure(r, r["second"]) for r in both_error),
        "pairs": Counter(zip(a, b, strict=True)),
        "disagree": [r["id"] for r in both if r["label"] != r["second"]["label"]],
    }


def _pct(a: float, b: float) -> str:
    return f"{100 * a / b:.1f} %" if b else "-"


def score(labels: list[dict], strata: list[dict], flagged: dict[str, list] | set[str],
          with_figures: int) -> str:  # fmt: skip
    """The markdown report. ``flagged``: the ids the check flags as changed, or a dict of them
    to the findings' evidence ``(rule, doc, start, end)`` (then errors are split by whether the
    check pointed at a figure the labellers call changed)."""
    out: list[str] = []
    ag = agreement(labels)
    out += ["### Agreement (pairs read by both labellers)", ""]
    if ag["n"]:
        out += [
            "| measure | figure |",
            "|---|---:|",
            f"| pairs read by both | {ag['n']} |",
            f"| same label (5 labels) | {ag['agree']} ({_pct(ag['agree'], ag['n'])}), "
            f"κ {ag['kappa']:.3f} |",
            f"| same call error / not error | {ag['agree_error']} "
            f"({_pct(ag['agree_error'], ag['n'])}), κ {ag['kappa_error']:.3f} |",
            f"| both error: a common changed figure | {ag['same_figure']} of {ag['both_error']} |",
            "",
            "Label pairs (first, second): " + ", ".join(
                f"{x}/{y} {n}" for (x, y), n in sorted(ag["pairs"].items())),
            "",
            f"Disagreements ({len(ag['disagree'])}): {' '.join(ag['disagree']) or '-'}",
            "",
        ]  # fmt: skip
    else:
        out += ["No pair has two labels yet.", ""]

    by_id = {r["id"]: r for r in labels}
    weight = {s["id"]: s["weight"] for s in strata}
    stratum = {s["id"]: s["stratum"] for s in strata}
    spans = flagged if isinstance(flagged, dict) else None
    flag = set(flagged)

    def lab(i: str) -> str:
        f = final(by_id[i]) if i in by_id else None
        return f["label"] if f else "unlabelled"

    # flagged now
    counts = Counter(lab(i) for i in flag)
    on, elsewhere = 0, 0
    if spans is not None:
        for i in flag:
            if lab(i) == "error":
                f = final(by_id[i])
                hit = any(_overlap((s, e), c.get(f"{doc}_span"))
                          for _, doc, s, e in spans[i] for c in f.get("changed", []))  # fmt: skip
                on += hit
                elsewhere += not hit
    n = len(flag)
    out += [f"### Pairs the check flags as changed ({n} of {with_figures:,} pairs with figures)",
            "", "| label | pairs | of flagged | of pairs with figures |",
            "|---|---:|---:|---:|"]  # fmt: skip
    for k in COLUMNS:
        out.append(
            f"| {k} | {counts[k]} | {_pct(counts[k], n)} | {_pct(counts[k], with_figures)} |"
        )
        if k == "error" and spans is not None:
            out.append(f"| error: the check points at a changed figure | {on} | {_pct(on, n)} | |")
            out.append(f"| error: the check points elsewhere | {elsewhere} | {_pct(elsewhere, n)}"
                       " | |")  # fmt: skip
    loose = counts["ok"] + counts["misaligned"] + counts["unsure"]
    out += ["",
            f"False flags (labelled `ok`): {counts['ok']} = {_pct(counts['ok'], with_figures)} of "
            f"pairs with figures (target ≤ 2 %); with `misaligned` and `unsure` too: {loose} = "
            f"{_pct(loose, with_figures)}; `original_slip` (the English corrects the original) "
            f"{counts['original_slip']}, not counted as false. Unlabelled flagged pairs: "
            f"{counts['unlabelled']}.", ""]  # fmt: skip

    # not flagged now: the sample drawn among the unflagged, weighted
    unf = [i for i in by_id if i not in flag and final(by_id[i])]
    c_unf = Counter(lab(i) for i in unf)
    w_unf: Counter = Counter()
    for i in unf:
        w_unf[lab(i)] += weight.get(i, 1.0)
    ws = sorted({weight.get(i, 1.0) for i in unf})
    out += [f"### Pairs with figures the check does not flag (sample of {len(unf)}, "
            f"weight {', '.join(f'{w:g}' for w in ws) or '-'}: one pair drawn stands for that "
            f"many)", "", "| label | pairs in sample | estimate over all unflagged pairs |",
            "|---|---:|---:|"]  # fmt: skip
    for k in LABEL_SET:
        out.append(f"| {k} | {c_unf[k]} | {w_unf[k]:,.0f} |")

    errors = [i for i in by_id if final(by_id[i]) and lab(i) == "error"]
    total = sum(weight.get(i, 1.0) for i in errors)
    found = sum(weight.get(i, 1.0) for i in errors if i in flag)
    missed = total - found
    drawn_unf = [i for i in unf if stratum.get(i) == "unflagged"]
    k_miss = sum(lab(i) == "error" for i in drawn_unf)
    lo, hi = wilson(k_miss, len(drawn_unf))
    w0 = weight.get(drawn_unf[0], 1.0) if drawn_unf else 0.0
    pop = w0 * len(drawn_unf)
    recall = found / total if total else float("nan")
    r_lo = found / (found + hi * pop) if found + hi * pop else float("nan")
    r_hi = found / (found + lo * pop) if found + lo * pop else float("nan")
    sep = sum(1 for i in errors if i not in flag and all(
        c["kind"] == "separator" for c in final(by_id[i]).get("changed", [])))  # fmt: skip
    out += ["",
            f"Real errors (labelled `error`), estimated over the pairs with a digit: {total:,.0f};"
            f" flagged {found:,.0f}, missed about {missed:,.0f} ({k_miss} of {len(drawn_unf)} "
            f"drawn unflagged pairs, 95 % interval {lo * pop:,.0f}-{hi * pop:,.0f}). "
            f"Recall on real errors ≈ {100 * recall:.0f} % (interval "
            f"{100 * r_lo:.0f}-{100 * r_hi:.0f} %). Of the missed errors in the sample, {sep} "
            f"change only a separator (a kind the check reports with `translation-separator`, "
            f"which the control count leaves out). Pairs whose figures are only in words (no "
            f"digit) were not drawn.", ""]  # fmt: skip

    kinds = Counter()
    for i in errors:
        for c in final(by_id[i]).get("changed", []):
            kinds[(c["kind"], i in flag)] += 1
    if kinds:
        out += ["| changed figure kind (in `error` pairs, unweighted) | flagged | not flagged |",
                "|---|---:|---:|"]  # fmt: skip
        for k in sorted({k for k, _ in kinds}):
            out.append(f"| {k} | {kinds[(k, True)]} | {kinds[(k, False)]} |")
    return "\n".join(out)


def read_flags(path: Path) -> set[str]:
    return set(re.findall(r"bppt-eco-\d+", path.read_text(encoding="utf-8")))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--flags", type=Path, help="flagged ids from this file, not recomputed")
    ap.add_argument("--with-figures", type=int, default=0,
                    help="pairs with figures (with --flags; recomputed otherwise)")  # fmt: skip
    args = ap.parse_args()
    if not args.labels.exists():
        print(
            f"score.py: {args.labels} not found: merge the answers first (sample.py --labels DIR)"
        )
        return 0
    labels = read_jsonl(args.labels)
    strata = read_jsonl(STRATA)
    if args.flags:
        flagged: dict | set = read_flags(args.flags)
        with_figures = args.with_figures
        if not with_figures:
            print("--flags needs --with-figures (the pairs with figures of that run)")
            return 2
    else:
        if not data_file().is_file():
            print(f"score.py: skipped: {data_file()} not found (set CHECKER_BENCH_DATA)")
            return 0
        from sample import control_flags, load_rows

        flagged, figures = control_flags(load_rows())
        with_figures = len(figures)
    print(score(labels, strata, flagged, with_figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
