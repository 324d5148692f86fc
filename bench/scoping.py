"""A store of many stories: is each draft compared with its own story only, and are planted figures still caught?

Run from the repository root::

    python bench/scoping.py                   # the table
    python bench/scoping.py --show 10         # also the first 10 findings that cite another story
    python bench/scoping.py --write-results   # update bench/RESULTS.md (this script's section)

Data: ``corpora/pac_story_pairs.jsonl`` under ``$CHECKER_BENCH_DATA`` (or ``../shared/bench``).
Every PAC article (304, 152 stories) is indexed into one temporary store; then each article is
checked as a draft against it (``checker.check_draft``; the draft's own stored copy is not
evidence, as for any draft already in the store). A finding *cites another story* when its
evidence names a stored article of another PAC story. The PAC story ids are the answer key:
two PAC stories on one subject a few days apart are counted as two stories here, which an
editor might call one, so the count is an upper bound on mistakes.

Planted figures, in this setting: the shared figures of ``bench/planted.py`` (same figure and
next word in both articles of a story), changed in one article (x1.5 or x0.6, as there); the
changed article is checked as a draft against a store without it: all but each story's first
article when the first is changed, all but the second otherwise. That store holds the
unchanged partner and one article of every other story.
*Flagged* as in ``planted.py`` (strict): a conflict or update finding whose evidence overlaps
the planted figure and the figure in the partner article. ``--skip-labels`` drops numbers
after a capitalised word ("Title 42"), as ``planted.py --skip-labels``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

from _results import machine, write_section
from corpus import checker_on_pac, no_data, parser
from planted import FLAGS, figures, plant, touches, touches_any


def main() -> int:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=0, help="print this many cross-story findings")
    ap.add_argument("--skip-labels", action="store_true")
    args = ap.parse_args()
    if no_data():
        return 0
    _check, pack, embedder, rows = checker_on_pac(args.limit)
    from checker import api

    story_of = {a["id"]: r["story_id"] for r in rows for a in r["articles"]}
    arts = {a["id"]: a for r in rows for a in r["articles"]}
    t0 = time.perf_counter()
    linked, kept, groups = grouping(rows, pack, embedder)
    with tempfile.TemporaryDirectory() as tmp:

        def build(name: str, skip: int | None):
            """A store of every article, or of all but each story's article ``skip``."""
            src = Path(tmp) / f"{name}.jsonl"
            with src.open("w", encoding="utf-8") as fh:
                for r in rows:
                    for i, a in enumerate(r["articles"]):
                        if i == skip:
                            continue
                        row = {"id": a["id"], "text": " ".join(a["sentences"]),
                               "title": a.get("title"), "outlet": a.get("source"),
                               "date": a.get("date") or None}  # fmt: skip
                        fh.write(json.dumps(row) + "\n")
            st = api.open_store(api.configured(None), Path(tmp) / f"{name}.sqlite")
            api.index(st, [src], pack, embedder=embedder)
            return st

        store = build("all", None)
        t_index = time.perf_counter() - t0
        from checker import document_from_text

        def draft(art: dict, text: str | None = None):
            import datetime as dt

            day = dt.date.fromisoformat(art["date"][:10]) if art.get("date") else None
            return document_from_text(
                text if text is not None else " ".join(art["sentences"]),
                art["id"], outlet=art.get("source"), date=day, title=art.get("title"),
            )  # fmt: skip

        def stored_id(doc_id: str) -> str:
            return doc_id.removesuffix(" (stored)")

        cross: Counter = Counter()
        total: Counter = Counter()
        shown: list[str] = []
        no_cov = no_fig = wrong_scope = 0
        t1 = time.perf_counter()
        for aid, art in arts.items():
            rep = api.check_draft(store, [draft(art)], pack, embedder=embedder)
            no_cov += api.NO_COVERAGE in rep.notes
            no_fig += api.NO_FIGURES in rep.notes
            compared = {stored_id(d) for st in rep.stories for d in st.documents} - {aid}
            wrong_scope += any(story_of.get(d) != story_of[aid] for d in compared)
            for f in rep.findings:
                total[f.level] += 1
                others = {stored_id(e.doc) for e in f.evidence} - {aid}
                if any(story_of.get(d, story_of[aid]) != story_of[aid] for d in others):
                    cross[f.level] += 1
                    if len(shown) < args.show:
                        shown.append(f"{aid} [{f.level}] {f.verdict}: {f.message}")
        t_check = time.perf_counter() - t1

        # planted figures: the changed article is checked against a store without it (all
        # but each story's first article, or all but each story's second), which holds its
        # partner and half of every other story
        without = (build("without_first", 0), build("without_second", 1))
        n = strict = 0
        factors = (Decimal("1.5"), Decimal("0.6"))
        for r in rows:
            a, b = r["articles"]
            ta, tb = (" ".join(x["sentences"]) for x in (a, b))
            fa, fb = (
                figures(ta, skip_labels=args.skip_labels),
                figures(tb, skip_labels=args.skip_labels),
            )
            for key in [k for k in fa if k in fb]:
                side = n % 2
                factor = factors[(n // 2) % 2]
                n += 1
                fig = (fa if side == 0 else fb)[key][0]
                others = (fb if side == 0 else fa)[key]
                art, partner, text = (a, b, ta) if side == 0 else (b, a, tb)
                old = text[fig.num_start : fig.num_end]
                new = plant(old, factor)
                changed = text[: fig.num_start] + new + text[fig.num_end :]
                rep = api.check_draft(without[side], [draft(art, changed)], pack, embedder=embedder)
                start, end = fig.start, fig.end + len(new) - len(old)
                ids = {stored_id(e.doc): e.doc for f in rep.findings for e in f.evidence}
                pid = ids.get(partner["id"], partner["id"])
                hit = any(
                    f.verdict in FLAGS and touches(f, art["id"], start, end)
                    and touches_any(f, pid, others)
                    for f in rep.findings
                )  # fmt: skip
                strict += hit
        for st in (store, *without):
            st.close()
    seconds = time.perf_counter() - t0
    info = total["info"]
    lines = [
        f"{len(arts)} articles of {len(rows)} stories in one store (indexed in {t_index:.0f} s); "
        f"each checked as a draft against it in {t_check:.0f} s "
        f"({1000 * t_check / max(1, len(arts)):.0f} ms a draft).",
        "",
        "| findings | error | warning | info | drafts that compared with another story | "
        "drafts told 'no earlier coverage' / 'no comparable figure' | planted flagged (strict) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| all | {total['error']} | {total['warning']} | {info} | {wrong_scope} | {no_cov} / {no_fig} | "
        f"{strict} of {n} ({100 * strict / max(1, n):.1f}%) |",
        f"| citing another story | {cross['error']} | {cross['warning']} | {cross['info']} "
        f"({100 * cross['info'] / max(1, info):.1f}% of info) | | | |",
        "",
        f"Stories in a folder: {linked} of {len(rows)} two-outlet stories score at least "
        f"`link` ({pack.stories.link}), so a folder of one of them stays one story; grouping "
        f"all {len(arts)} articles at once makes {groups} stories and keeps {kept} of the "
        f"{len(rows)} pairs together.",
        "",
        f"{seconds:.0f} s on {machine()}",
    ]
    print("\n".join(lines))
    for s in shown:
        print(s)
    if args.write_results:
        write_section(
            "scoping",
            "## A store of many stories (`python bench/scoping.py`)\n\n"
            f"Measured {time.strftime('%Y-%m-%d')}.\n\n" + "\n".join(lines),
        )
    return 0


def grouping(rows: list[dict], pack, embedder) -> tuple[int, int, int]:
    """(two-article stories scoring at least ``link``, stories whose two articles land in one
    group when all articles are grouped at once, number of groups)."""
    import datetime as dt

    from checker import document_from_text
    from checker.compare import stories

    docs, story_of = [], {}
    for r in rows:
        for a in r["articles"]:
            day = dt.date.fromisoformat(a["date"][:10]) if a.get("date") else None
            docs.append(document_from_text(" ".join(a["sentences"]), a["id"], date=day,
                                           title=a.get("title"), outlet=a.get("source")))  # fmt: skip
            story_of[a["id"]] = r["story_id"]
    score = stories.score_articles(docs, embedder.embed, pack.stories)
    index = {d.id: i for i, d in enumerate(docs)}
    pairs = [[index[a["id"]] for a in r["articles"]] for r in rows if len(r["articles"]) == 2]
    linked = sum(1 for i, j in pairs if score[i, j] >= pack.stories.link)
    found = stories.group(docs, score, pack.stories)
    group_of = {d: st.id for st in found for d in st.documents}
    kept = sum(1 for i, j in pairs if group_of[docs[i].id] == group_of[docs[j].id])
    return linked, kept, len(found)


if __name__ == "__main__":
    sys.exit(main())
