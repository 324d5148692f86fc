"""The translation check on 6,544 Indonesian-English news sentence pairs: false flags on the
pairs as published, and planted changes found.

Run from the repository root::

    python bench/translation.py                  # every pair: the table, then the flagged ids
    python bench/translation.py --sample 500     # 500 pairs drawn with the seed, for a quick run
    python bench/translation.py --show 30        # print 30 flagged control pairs in full
    python bench/translation.py --write-results  # update bench/RESULTS.md (this script's section)

Data: ``translation/bppt-eco.jsonl`` under ``$CHECKER_BENCH_DATA`` (or ``../shared/bench``),
one pair a line (``id``, ``source`` in Indonesian, ``target`` its human English translation).
Nothing from it is copied here; the expected answers are made at run time, seeded.

- **control**: each pair as published, checked with the project's rules. A pair *with
  figures* has a figure on either side; it is *flagged as changed* when the
  ``translation-changed`` or ``translation-scale`` rule reports on it (the target: at most 2 %).
  The flagged ids are printed so they can be read.
- **planted**: in each pair whose English side renders a figure of the original unchanged (the
  check found the two the same), one such figure is changed, one plant per pair, the kinds
  taking turns among those the figure allows: ×1.5 and ×0.6 alternating (format kept, moved by
  one unit of its last digit when rounding gives it back), a scale word million↔billion, the
  thousands separator turned into a decimal point (the last one: "7,500" -> "7.500",
  "4,427,342" -> "4,427.342"), a digit dropped.
  *Flagged*: the changed, scale or separator rule reports that source figure, or (where the
  original gives the figure twice) another of the same value against the planted figure
  (target: 95 % for each kind); *only as omitted*: the omission rule did instead.
- **omissions**: in each pair whose English sentence has two clauses or more (cut at ", " and
  "; "), the clause holding such a figure is dropped; *reported*: the omission rule reports the
  source figure, at any level (target: 90 %); pairs where the figure is given again elsewhere
  in the sentence are skipped (nothing is omitted there); *reported otherwise*: another rule
  reported the source figure instead (it met another figure of its kind).
- **speed**: the control run again (warm: the sentence split cache filled), in sentence pairs
  a second (target: 200).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import json  # noqa: E402

from checker.api import check_translation_documents  # noqa: E402
from checker.compare.translation import compare_documents, same_figure  # noqa: E402
from checker.read.documents import document_from_text  # noqa: E402
from checker.rules import load_rules  # noqa: E402

DATA = Path(
    os.environ.get("CHECKER_BENCH_DATA", Path(__file__).resolve().parents[2] / "shared" / "bench")
)
FILE = DATA / "translation" / "bppt-eco.jsonl"
CHANGED_RULES = {"translation-changed", "translation-scale"}
VALUE_RULES = CHANGED_RULES | {"translation-separator"}
KINDS = ("x1.5/x0.6", "million<->billion", "separator->point", "digit dropped")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def docs(row: dict, target: str | None = None):
    src = document_from_text(row["source"], "source", language=row["source_language"])
    tgt = document_from_text(target if target is not None else row["target"], "target",
                             language=row["target_language"])  # fmt: skip
    return src, tgt


# --------------------------------------------------------------------------- plants


def _scaled(digits: str, factor: float) -> str | None:
    """``digits`` ("7,500", "4.75") times ``factor``, in the same format; moved by one unit of
    its last digit when the format rounds it back."""
    plain = digits.replace(",", "")
    try:
        value = float(plain)
    except ValueError:
        return None
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    new = value * factor
    text = f"{new:,.{decimals}f}" if "," in digits else f"{new:.{decimals}f}"
    if text == digits:
        step = 10.0**-decimals
        new = value + step if factor > 1 else value - step
        text = f"{new:,.{decimals}f}" if "," in digits else f"{new:.{decimals}f}"
    return text if text != digits and new > 0 else None


def plant(
    kind: str, text: str, a: int, b: int, turn: int, date: bool = False
) -> tuple[str, int, int] | None:
    """The target text with the figure at ``text[a:b]`` changed by ``kind``; the new span. A
    day of a date (``date``) is changed only to another day of a month (1-28)."""
    fig = text[a:b]
    m = _NUMBER.search(fig)
    if m is None:
        return None
    digits = m.group()
    new = None
    if kind == "x1.5/x0.6":
        rep = _scaled(digits, 1.5 if turn % 2 == 0 else 0.6)
        new = rep and fig[: m.start()] + rep + fig[m.end() :]
    elif kind == "million<->billion":
        if re.search(r"\bmillion\b", fig):
            new = re.sub(r"\bmillion\b", "billion", fig, count=1)
        elif re.search(r"\bbillion\b", fig):
            new = re.sub(r"\bbillion\b", "million", fig, count=1)
    elif (
        kind == "separator->point"
    ):  # the last separator: "7,500" -> "7.500", "4,427,342" -> "4,427.342"
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", digits):
            k = digits.rindex(",")
            new = fig[: m.start()] + digits[:k] + "." + digits[k + 1 :] + fig[m.end() :]
    elif kind == "digit dropped":
        spots = [i for i, ch in enumerate(digits) if ch.isdigit()]
        if len(spots) >= 2:
            for i in spots[1:] + spots[:1]:  # not the leading digit first ("250" -> "50")
                rep = digits[:i] + digits[i + 1 :]
                well_formed = re.fullmatch(r"\d+(?:[.,]\d+)*", rep) and not rep.startswith("0")
                if well_formed and float(rep.replace(",", "")) != float(digits.replace(",", "")):
                    new = fig[: m.start()] + rep + fig[m.end() :]
                    break
    if not new or new == fig:
        return None
    if date and any(int(d) > 28 or int(d) == 0 for d in re.findall(r"\b\d{1,2}\b", new)):
        return None
    return text[:a] + new + text[b:], a, a + len(new)


def drop_clause(text: str, a: int, b: int) -> str | None:
    """``text`` without the clause (cut at ", " and "; ") that holds ``text[a:b]``; None when
    the sentence is one clause."""
    cuts = [m.end() for m in re.finditer(r"[,;]\s+", text)]
    if not cuts:
        return None
    bounds = [0, *cuts, len(text)]
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        if lo <= a < hi:
            if b > hi:
                return None
            rest = (text[:lo] + text[hi:]).strip()
            rest = re.sub(r"[,;]\s*$", ".", rest)
            return rest if rest and len(rest) < len(text) else None
    return None


# --------------------------------------------------------------------------- runs


def _on(finding, doc: str, a: int, b: int) -> bool:
    return any(e.doc == doc and e.start < b and a < e.end for e in finding.evidence)


def run(rows: list[dict], pack, seed: int, show: int) -> dict:
    out: dict = {}
    # control
    t0 = time.perf_counter()
    with_figures, flagged, flagged_ids, by_rule = 0, 0, [], {}
    candidates = []
    for row in rows:
        src, tgt = docs(row)
        comparison = compare_documents(src, tgt, pack.semantics)
        report = check_translation_documents(src, tgt, pack)
        if any(p.source is not None or p.target is not None for p in comparison.pairs):
            with_figures += 1
        for f in report.findings:
            by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        if any(f.rule in CHANGED_RULES for f in report.findings):
            flagged += 1
            flagged_ids.append((row, [f for f in report.findings if f.rule in VALUE_RULES]))
        same = [p for p in comparison.pairs if p.same and p.target is not None
                and any(ch.isdigit() for ch in p.target.text)]  # fmt: skip
        if same:
            candidates.append((row, same))
    out["control_seconds"] = time.perf_counter() - t0
    out.update(pairs=len(rows), with_figures=with_figures, flagged=flagged, by_rule=by_rule)
    out["flagged_ids"] = [r["id"] for r, _ in flagged_ids]
    out["shown"] = flagged_ids[:show]

    # planted
    rng = random.Random(seed)
    order = list(range(len(candidates)))
    rng.shuffle(order)
    tally = {k: [0, 0, 0] for k in KINDS}  # planted, flagged, only omitted
    misses: dict[str, list] = {k: [] for k in KINDS}
    turn = 0
    for n, idx in enumerate(order):
        row, same = candidates[idx]
        pick = same[rng.randrange(len(same))]
        t = pick.target
        done = None
        for k in range(len(KINDS)):
            kind = KINDS[(n + k) % len(KINDS)]
            got = plant(kind, row["target"], t.start, t.end, turn, date=t.kind == "date")
            if got is not None:
                done = kind, got
                break
        if done is None:
            continue
        kind, (text, a, b) = done
        if kind == "x1.5/x0.6":
            turn += 1
        src, tgt = docs(row, text)
        report = check_translation_documents(src, tgt, pack)
        s = pick.source
        hit = any(
            f.rule in VALUE_RULES and _on(f, "source", s.start, s.end) for f in report.findings
        )
        if not hit:  # the original gives the figure twice: the plant against its other copy
            copies = [
                p.source
                for p in compare_documents(src, tgt, pack.semantics).pairs
                if p.source is not None
                and p.target is not None
                and not p.same
                and p.target.start < b
                and a < p.target.end
                and same_figure(p.source, s)
            ]
            hit = any(f.rule in VALUE_RULES and _on(f, "source", q.start, q.end)
                      for q in copies for f in report.findings)  # fmt: skip
        omitted = any(f.rule == "translation-omitted" and _on(f, "source", s.start, s.end)
                      for f in report.findings)  # fmt: skip
        tally[kind][0] += 1
        tally[kind][1] += hit
        tally[kind][2] += (not hit) and omitted
        if not hit:
            misses[kind].append((row["id"], s.text, row["target"][t.start : t.end], text[a:b]))
    out["planted"] = tally
    out["planted_misses"] = misses

    # omissions
    dropped, reported, otherwise, om_misses = 0, 0, 0, []
    for row, same in candidates:
        for p in same:
            text = drop_clause(row["target"], p.target.start, p.target.end)
            if text is None:
                continue
            src, tgt = docs(row, text)
            s = p.source
            left = compare_documents(src, tgt, pack.semantics)
            if any(q.target is not None and same_figure(s, q.target) for q in left.pairs):
                continue  # the figure is given again elsewhere in the sentence: nothing omitted
            report = check_translation_documents(src, tgt, pack)
            dropped += 1
            on = [f for f in report.findings if _on(f, "source", s.start, s.end)]
            omitted = any(f.rule == "translation-omitted" for f in on)
            reported += omitted
            otherwise += bool(on) and not omitted
            if not omitted:
                om_misses.append((row["id"], s.text, text, [f.rule for f in on]))
            break  # one figure per pair
    out.update(dropped=dropped, reported=reported, otherwise=otherwise, omission_misses=om_misses)

    # speed (warm)
    t0 = time.perf_counter()
    for row in rows:
        src, tgt = docs(row)
        check_translation_documents(src, tgt, pack)
    out["warm_seconds"] = time.perf_counter() - t0
    return out


def table(r: dict) -> str:
    pct = lambda a, b: f"{100 * a / b:.1f} %" if b else "-"  # noqa: E731
    lines = [
        "| measure | figure | target |",
        "|---|---:|---|",
        f"| pairs checked | {r['pairs']:,} | |",
        f"| control: pairs with figures | {r['with_figures']:,} | |",
        f"| control: flagged as changed (changed or scale rule) | {r['flagged']:,} "
        f"({pct(r['flagged'], r['with_figures'])}) | ≤ 2 % |",
    ]
    for kind, (n, hit, om) in r["planted"].items():
        lines.append(f"| planted {kind}: flagged | {hit:,} of {n:,} ({pct(hit, n)}); "
                     f"only as omitted {om} | ≥ 95 % |")  # fmt: skip
    lines.append(f"| omissions (clause with a figure dropped): reported as omitted | "
                 f"{r['reported']:,} of {r['dropped']:,} ({pct(r['reported'], r['dropped'])}); "
                 f"reported otherwise {r['otherwise']} | ≥ 90 % |")  # fmt: skip
    rate = r["pairs"] / r["warm_seconds"] if r["warm_seconds"] else 0
    lines.append(f"| speed, warm: sentence pairs/s | {rate:,.0f} | ≥ 200 |")
    rules = ", ".join(f"{k} {v:,}" for k, v in sorted(r["by_rule"].items()))
    lines.append(f"| control: findings by rule | {rules} | |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample", type=int, default=0, help="check this many pairs (seeded draw)")
    ap.add_argument("--seed", type=int, default=25)
    ap.add_argument("--show", type=int, default=0, help="print this many flagged pairs in full")
    ap.add_argument("--max-misses", type=int, default=5, help="misses printed per plant kind")
    ap.add_argument("--write-results", action="store_true")
    args = ap.parse_args()
    if not FILE.is_file():
        print(f"bench/translation.py: skipped: {FILE} not found (set CHECKER_BENCH_DATA to the "
              "folder that holds translation/bppt-eco.jsonl)")  # fmt: skip
        return 0
    rows = load(FILE)
    if args.sample:
        rows = random.Random(args.seed).sample(rows, min(args.sample, len(rows)))
    pack = load_rules()
    result = run(rows, pack, args.seed, args.show)
    text = table(result)
    print(text)
    print()
    print(f"flagged as changed ({len(result['flagged_ids'])}): {' '.join(result['flagged_ids'])}")
    for row, findings in result["shown"]:
        print(f"\n{row['id']}\n  S: {row['source']}\n  T: {row['target']}")
        for f in findings:
            print(f"  -> {f.rule}: {f.message}")
    for kind, misses in result["planted_misses"].items():
        for m in misses[: args.max_misses]:
            print(f"planted {kind} missed: {m[0]}: source {m[1]!r}: {m[2]!r} -> {m[3]!r}")
    for m in result["omission_misses"][: args.max_misses]:
        print(f"omission missed: {m[0]}: source {m[1]!r}; target now: {m[2][:200]!r}; {m[3]}")
    if args.write_results:
        import datetime as dt

        from _results import machine, write_section

        head = (f"## Translation check (`python bench/translation.py`)\n\n"
                f"{dt.date.today().isoformat()}, {machine()}, "
                f"{'sample of ' + str(args.sample) if args.sample else 'every pair'}, seed "
                f"{args.seed}, load average {os.getloadavg()[0]:.1f}.\n\n")  # fmt: skip
        write_section("translation", head + text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
