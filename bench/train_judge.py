"""Train the same-claim judge on the labelled PAC pairs; evaluate it by story-level cross-validation.

Run from the repository root (needs the bench data and ``pip install -e ".[dev]"`` for
LightGBM)::

    python bench/train_judge.py                  # cross-validate, print the tables
    python bench/train_judge.py --write-model    # ... and write checker/compare/judge/model.json
    python bench/train_judge.py --write-results  # ... and update bench/RESULTS.md

Deterministic: one thread, fixed seeds, folds by story id; the same labels and code give the
same model file byte for byte.

Data: ``bench/labels/pairs.jsonl`` (pairs: story, article, PAC sentence, span; the first
labeller's label, and the second's for the pairs read twice; ``unsure`` is left out). The claims and their features are recomputed from ``corpora/pac_story_pairs.jsonl``
with the checker's own stages, so a label joins the claim whose span it names; a pair whose
span no longer reads as a claim (the extractor changed) is counted and skipped.

The features of a pair are computed over every candidate of its story, as matching does
(the rank features look at the competition), with the same floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
from _results import machine, write_section  # noqa: E402
from corpus import DATA, Labels, labelled_pairs, no_data, stories, story_pool  # noqa: E402

LABELS = HERE / "labels"
FOLDS = 5
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 7,
    "min_data_in_leaf": 30,
    "feature_fraction": 0.5,
    "lambda_l2": 1.0,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "seed": 7,
    "verbose": -1,
}
ROUNDS = 300


def labelled() -> dict[str, dict]:
    """Pair id -> the pair and its (first-pass) label; unsure pairs left out."""
    return {
        p["id"]: {**p, "y": int(p["label"] == "same")}
        for p in labelled_pairs()
        if p.get("label") in ("same", "different")
    }


def story_rows(limit: int = 0):
    """Per story: every candidate pair above the floor with its features, and span keys."""
    from checker.api import default_embedder, default_rules
    from checker.compare.judge.features import features
    from checker.compare.structure import structure_ok
    from checker.core.settings import MatchSettings

    old_settings = MatchSettings()
    pack, embedder = default_rules(), default_embedder()
    for story in stories(DATA / "corpora" / "pac_story_pairs.jsonl", limit):
        pairs, span = story_pool(story, pack, embedder)
        if not pairs:
            continue
        keys = [(span(a), span(b)) for a, b, _ in pairs]
        old = np.array([structure_ok(a, b, sim, old_settings)[0] for a, b, sim in pairs])
        yield story["story_id"], pairs, features(pairs), keys, old


def dataset(limit: int = 0):
    want = labelled()
    index = Labels(list(want.values()))
    xs, ys, groups, ids, weights, olds = [], [], [], [], [], []
    for story, _pairs, x, keys, old in story_rows(limit):
        for row, key in enumerate(keys):
            p = index.find(*key)
            if p is None or p["id"] in ids:
                continue
            xs.append(x[row])
            ys.append(p["y"])
            groups.append(story)
            ids.append(p["id"])
            weights.append(p["weight"])
            olds.append(bool(old[row]))
    found = set(ids)
    missing = [pid for pid in want if pid not in found]
    if limit:
        stories_seen = set(groups)
        missing = [pid for pid in missing if want[pid]["story"] in stories_seen]
    return (np.array(xs), np.array(ys), np.array(groups), ids, np.array(weights), missing,
            np.array(olds))  # fmt: skip


def fit(x, y):
    import lightgbm as lgb

    return lgb.train(PARAMS, lgb.Dataset(x, y, free_raw_data=False), num_boost_round=ROUNDS)


def cross_validate(x, y, groups):
    """Out-of-fold probabilities, folds by story (sorted story ids dealt round-robin)."""
    order = sorted(set(groups), key=lambda s: (len(s), s))
    fold_of = {s: i % FOLDS for i, s in enumerate(order)}
    folds = np.array([fold_of[g] for g in groups])
    oof = np.zeros(len(y))
    for k in range(FOLDS):
        test = folds == k
        model = fit(x[~test], y[~test])
        oof[test] = model.predict(x[test])
    return oof


def curve(y, p, w=None):
    w = np.ones(len(y)) if w is None else w
    rows = []
    for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        pred = p >= t
        tp = float(w[pred & (y == 1)].sum())
        fp = float(w[pred & (y == 0)].sum())
        fn = float(w[~pred & (y == 1)].sum())
        prec = tp / (tp + fp) if tp + fp else float("nan")
        rec = tp / (tp + fn) if tp + fn else float("nan")
        rows.append((t, prec, rec, int(pred.sum())))
    return rows


def calibration(y, p, bins=5):
    edges = np.array([0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0001])
    rows = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (p >= lo) & (p < hi)
        if m.any():
            rows.append((lo, min(hi, 1.0), int(m.sum()), float(p[m].mean()), float(y[m].mean())))
    return rows


def average_precision(y, p):
    order = np.argsort(-p, kind="stable")
    ys = y[order]
    hits = np.cumsum(ys)
    prec = hits / np.arange(1, len(ys) + 1)
    return float((prec * ys).sum() / max(1, ys.sum()))


def dump(model, meta: dict) -> dict:
    from checker.compare.judge.features import NAMES

    trees = [
        {"tree_structure": _slim(t["tree_structure"])} for t in model.dump_model()["tree_info"]
    ]
    return {"version": meta["version"], "features": list(NAMES), **meta, "trees": trees}


#: What :class:`checker.compare.judge.Judge` reads of a node; LightGBM's gains, counts and weights
#: are left out of the shipped file.
_KEPT = ("split_feature", "threshold", "decision_type", "leaf_value")


def _slim(node: dict) -> dict:
    out = {k: node[k] for k in _KEPT if k in node}
    for child in ("left_child", "right_child"):
        if child in node:
            out[child] = _slim(node[child])
    return out


def label_counts() -> dict:
    rows = labelled_pairs()
    first = Counter(r["label"] for r in rows if "label" in r)
    both = [(r["label"], r["second"]) for r in rows if "label" in r and "second" in r]
    n = len(both)
    agree = sum(a == b for a, b in both) / n if n else float("nan")
    ca, cb = Counter(a for a, _ in both), Counter(b for _, b in both)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n) if n else float("nan")
    kappa = (agree - pe) / (1 - pe) if n else float("nan")
    labellers = {r[k] for r in rows for k in ("by", "second_by") if k in r}
    return {"first": dict(first), "double": n, "agreement": agree, "kappa": kappa,
            "labellers": len(labellers)}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--write-model", action="store_true")
    ap.add_argument("--write-results", action="store_true")
    args = ap.parse_args()
    if no_data():
        return 0
    t0 = time.perf_counter()
    x, y, groups, ids, weights, missing, old = dataset(args.limit)
    counts = label_counts()
    oof = cross_validate(x, y, groups)
    lines = [
        f"Labels: {sum(counts['first'].values())} pairs read once by {counts['labellers']} "
        f"labellers ({', '.join(f'{k} {v}' for k, v in sorted(counts['first'].items()))}); "
        f"{counts['double']} read twice: agreement {counts['agreement']:.3f}, "
        f"Cohen's kappa {counts['kappa']:.3f}.",
        f"Training rows: {len(y)} ({int(y.sum())} same) from {len(set(groups))} stories; "
        f"{len(missing)} labelled pairs no longer read as two claims.",
        f"Story-level {FOLDS}-fold cross-validation: average precision {average_precision(y, oof):.3f}.",
        "",
        "| threshold | precision | recall | predicted same | precision (weighted) | recall (weighted) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for (t, p, r, n), (_, pw, rw, _) in zip(curve(y, oof), curve(y, oof, weights), strict=True):
        lines.append(f"| {t:.1f} | {p:.3f} | {r:.3f} | {n} | {pw:.3f} | {rw:.3f} |")
    lines += ["", "Calibration (out of fold):", "",
              "| probability | pairs | mean predicted | share same |", "|---|---:|---:|---:|"]  # fmt: skip
    for lo, hi, n, mp, ms in calibration(y, oof):
        lines.append(f"| {lo:.1f}-{hi:.1f} | {n} | {mp:.3f} | {ms:.3f} |")
    from checker.compare.judge import VETOES, vetoed

    vetoes = vetoed(x)
    for t in (0.5, 0.8):
        pred = (oof >= t) & ~vetoes
        tp_, fp_ = int((pred & (y == 1)).sum()), int((pred & (y == 0)).sum())
        lines.append(
            f"{'' if t != 0.5 else chr(10)}With the vetoes ({', '.join(VETOES)}) at {t}: precision "
            f"{tp_ / max(1, tp_ + fp_):.3f}, recall {tp_ / max(1, int(y.sum())):.3f}."
        )
    tp, fp = int((old & (y == 1)).sum()), int((old & (y == 0)).sum())
    lines += ["", f"The hand-written gates they replace (structure_ok and the similarity thresholds, "
              f"before choosing partners) on the same pairs: precision {tp / max(1, tp + fp):.3f}, "
              f"recall {tp / max(1, int(y.sum())):.3f} ({tp + fp} predicted same)."]  # fmt: skip
    took = time.perf_counter() - t0
    lines += ["", f"{took:.0f} s on {machine()}"]
    print("\n".join(lines))
    if args.write_model:
        from checker.compare.judge import MODEL_FILE

        model = fit(x, y)
        meta = {
            "version": dt.date.today().isoformat() + "-" + str(len(y)),
            "trained_on": {"pairs": len(y), "same": int(y.sum()), "stories": len(set(groups))},
            "labels": counts,
            "cv_average_precision": round(average_precision(y, oof), 4),
            "params": PARAMS,
            "rounds": ROUNDS,
        }
        MODEL_FILE.write_text(json.dumps(dump(model, meta), separators=(",", ":")) + "\n")
        check = model.predict(x)
        from checker.compare.judge import Judge

        mine = Judge(MODEL_FILE).predict(x)
        print(f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size // 1024} KB); "
              f"largest difference from LightGBM's own prediction: {np.abs(check - mine).max():.2e}")  # fmt: skip
    if args.write_results:
        write_section(
            "judge",
            "## The same-claim judge (`python bench/train_judge.py`)\n\n"
            f"Measured {dt.date.today().isoformat()}. Labelling guide: `bench/labels/GUIDE.md`; "
            "candidates: `bench/labels/sample.py`.\n\n" + "\n".join(lines),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
