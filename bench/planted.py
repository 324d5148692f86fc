"""Planted figures: does `checker report` agree on a figure two outlets share, and flag it once changed?

Run from the repository root::

    python bench/planted.py                   # the table, then every miss (up to --max-misses)
    python bench/planted.py --no-misses       # the table only
    python bench/planted.py --limit 20        # the first 20 stories
    python bench/planted.py --strict-context  # shared figures must also share the word before
    python bench/planted.py --skip-labels     # ... and not name a thing ("Title 42")
    python bench/planted.py --write-results   # update bench/RESULTS.md (this script's section)

Data: ``corpora/pac_story_pairs.jsonl`` under ``$CHECKER_BENCH_DATA`` (or ``../shared/bench``),
the same 152 two-outlet stories as ``bench/corpus.py``, built into documents the same way
(``corpus.documents``) and checked with the project's rules, one story at a time. Nothing
from the data is copied here: the expected answers are derived from the texts at run time.

What an editor needs from the report, measured on figures both outlets printed:

*Shared figure*: a number written in digits (optional currency sign ``$ £ €``, thousands
commas, decimals, then ``%`` or ``percent``/``per cent``, or a scale word
``thousand/million/billion/trillion`` or an attached ``k/m/bn/tn``, all part of the figure)
that appears with the same text in both articles and the same *following word* (the first
word after the figure, compared case-insensitively; hyphens are skipped, so "3-year-old" is
followed by "year", and other punctuation is a word of its own, so "5, and" is followed by
","). Skipped: years (a bare 4-digit integer 1800-2100), figures inside a longer digit run
(9/11, 10:30, 555-1234, 2-1) and figures that are part of a word or code (COVID-19, F-35,
1st, 5G, 10am). A (figure, next word) key found in both articles makes one *shared pair*,
however often it occurs: the plant changes its first occurrence, while the report may cite any
occurrence of the key in an article (an outlet repeating "87,000 new agents" says it once more),
so the tests below accept evidence on any of them.
Days of the month are skipped too ("Nov. 6", "August 14, 2021", "4 November"): they are dates
like 9/11, which the checker reads as dates and never compares.

Two stricter selections, off by default: ``--strict-context`` also requires the same word
before the figure; ``--skip-labels`` drops a bare number right after a capitalised word in
mid-sentence, which names a thing rather than counting it ("Title 42", "Section 230").

*Control* (the two articles as published): a shared pair is *matched* when an ``agree``
finding has evidence overlapping the figure in article A and evidence overlapping it in
article B; it is *wrongly flagged* (*control flagged*) when a ``conflict`` or ``update``
finding has evidence overlapping the figure in either article.

*Planted*: each shared pair is planted once: its figure is changed in one article (article A
for even-numbered pairs, B for odd ones, counting over the whole run) by x1.5 or x0.6 (taking
turns every two pairs, so all four combinations occur), keeping its format (decimals,
commas if it had them, currency, %, scale word); when the rounded new value equals the old
one, it moves by one unit of its last digit. That document is rebuilt and the story checked
again. *Flagged (strict)*: a ``conflict`` or ``update`` finding has evidence overlapping the
planted figure (its end shifted by the length change) and evidence overlapping the figure in
the other article. *Flagged (loose)*: any ``conflict`` or ``update`` finding
has evidence overlapping the planted figure. A pair the control already flagged may count as
flagged here without the plant being seen, so the summary line also gives the strict count
among pairs the control left alone.

Misses list the story, the figure and the sentence holding it in each article (cut to 160
characters each side), and what the report said about it: the verdicts of findings touching
it, else whether a claim was extracted at all. Control flags and planted conflicts that miss
the counterpart also print the finding's message.

Speed: claims and embeddings are cached by the checker and a check of two articles takes
~10 ms warm, so most of the few seconds go to building documents (sentence splitting); only
stories with a shared figure are built. A cold embedding cache adds the model's start-up
and some 1,400 texts: about a minute for the whole run on 2 cores.
"""

from __future__ import annotations

import argparse
import bisect
import re
import time
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from _results import machine, write_section
from corpus import checker_on_pac, documents, no_data, parser

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ("conflict", "update")
SCALE = r"thousand|million|billion|trillion"

# The number itself: group "num" is what a plant rewrites. The lookbehind keeps a figure from
# starting inside another number or word ("12345" is not read as "345"); the checks in
# `figures` then drop digit runs (9/11, 10:30, 2-1) and codes (COVID-19, 5G).
FIGURE = re.compile(
    rf"""
    (?<![\w.,])
    (?P<cur>[$£€]\s?)?
    (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?P<tail>
        \s?%
      | \s+(?:percent|per\ cent)\b
      | (?:k|m|bn|tn)\b
      | \s+(?:{SCALE})\b(?:\s+(?:percent|per\ cent)\b)?
    )?
    """,
    re.VERBOSE | re.IGNORECASE,
)
MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
    r"|January|February|March|April|June|July|August|September|October|November|December"
)
AFTER_MONTH = re.compile(rf"\b(?:{MONTH})\s+$")
BEFORE_MONTH = re.compile(rf"\s+(?:{MONTH})\b")
# A capitalised word in mid-sentence right before the number names a thing: "Title 42".
LABEL = re.compile(r"[^\s.!?:;\"“”]\s+[A-Z][\w’'-]*\s+$")
NEXT_WORD = re.compile(r"[\s\-–—]*(?:([\w'’]+)|(\S))")
PREV_WORD = re.compile(r"([\w'’]+|[^\w\s])[\s\-–—]*$")


@dataclass(frozen=True)
class Figure:
    text: str  # as written, e.g. "$2.4 million"
    start: int  # the whole figure in Document.text
    end: int
    num_start: int  # the digits only: what a plant replaces
    num_end: int
    key: tuple


def figures(text: str, strict_context: bool = False, skip_labels: bool = False) -> dict:
    """Every occurrence of each (figure, next word) key in ``text``, in order: key -> Figures."""
    out: dict[tuple, list[Figure]] = {}
    for m in FIGURE.finditer(text):
        num, tail, cur = m.group("num"), m.group("tail") or "", m.group("cur") or ""
        s, e = m.start(), m.end()
        before, after = text[max(0, s - 2) : s], text[e : e + 2]
        # part of a longer digit run: 9/11, 10:30, 555-1234, 2-1, 3.4.5
        if re.search(r"\d[/:\-.]$", before) or re.match(r"[/:\-.]\d", after):
            continue
        # part of a word or a code: COVID-19, F-35, 1st, 5G, 10am
        if re.search(r"[A-Za-z][\-]?$", before) or (not tail and re.match(r"[A-Za-z]", after)):
            continue
        if not cur and not tail and re.fullmatch(r"\d{4}", num) and 1800 <= int(num) <= 2100:
            continue  # a year
        left = text[max(0, s - 40) : s]
        if not cur and not tail and (AFTER_MONTH.search(left) or BEFORE_MONTH.match(text, e)):
            continue  # a day of the month: "Nov. 6", "August 14, 2021", "4 November"
        if skip_labels and not cur and not tail and LABEL.search(left):
            continue
        nxt = NEXT_WORD.match(text, e)
        if not nxt:
            continue
        key: tuple = (m.group().lower(), (nxt.group(1) or nxt.group(2)).lower())
        if strict_context:
            prev = PREV_WORD.search(left)
            key += ((prev.group(1).lower() if prev else ""),)
        out.setdefault(key, []).append(Figure(m.group(), s, e, m.start("num"), m.end("num"), key))
    return out


def plant(num: str, factor: Decimal) -> str:
    """``num`` times ``factor`` written the same way (decimals, commas); never the same value."""
    places = len(num.split(".")[1]) if "." in num else 0
    unit = Decimal(1).scaleb(-places)
    old = Decimal(num.replace(",", ""))
    new = (old * factor).quantize(unit, rounding=ROUND_HALF_UP)
    if new == old:
        new = old + unit if factor > 1 or old - unit < 0 else old - unit
    return f"{new:,.{places}f}" if "," in num else f"{new:.{places}f}"


def touches(f, doc: str, start: int, end: int) -> bool:
    return any(e.doc == doc and e.start < end and start < e.end for e in f.evidence)


def touches_any(f, doc: str, figs: list[Figure]) -> bool:
    return any(touches(f, doc, g.start, g.end) for g in figs)


def said(report, doc: str, start: int, end: int) -> str:
    """What the report says about this span: its findings' verdicts, else whether a claim exists."""
    verdicts = sorted({f.verdict for f in report.findings if touches(f, doc, start, end)})
    if verdicts:
        return ", ".join(verdicts)
    claims = [
        c
        for c in report.claims
        if c.doc == doc and c.quantity.start < end and start < c.quantity.end
    ]
    if not claims:
        return "no finding (no claim extracted)"
    q = claims[0].quantity
    return f"no finding (claim {q.text!r}, {q.kind}{', unit ' + q.unit if q.unit else ''})"


def sentence_of(doc, start: int, end: int, width: int = 160) -> str:
    """The sentence holding ``start``, cut to ``width`` characters each side of the figure."""
    starts = [s.start for s in doc.sentences]
    i = max(0, bisect.bisect_right(starts, start) - 1)
    s0, s1 = (doc.sentences[i].start, doc.sentences[i].end) if doc.sentences else (0, len(doc.text))
    lo, hi = max(s0, start - width), min(s1, end + width)
    text = " ".join(doc.text[lo:hi].split())
    return ("…" if lo > s0 else "") + text + ("…" if hi < s1 else "")


def main() -> int:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--show-misses", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--no-misses", dest="show_misses", action="store_false", help="table only")
    ap.add_argument("--max-misses", type=int, default=25, help="per kind of miss; 0 = all")
    ap.add_argument("--strict-context", action="store_true", help="same word before, too")
    ap.add_argument(
        "--skip-labels", action="store_true", help="drop numbers after a capitalised word"
    )
    args = ap.parse_args()
    if no_data():
        return 0
    check, pack, embedder, rows = checker_on_pac(args.limit)
    from checker import document_from_text

    misses: dict[str, list[str]] = {
        "control not matched": [],
        "control flagged": [],
        "planted not flagged": [],
    }
    n_pairs = matched = wrongly = strict = loose = runs = fresh = 0
    factors = (Decimal("1.5"), Decimal("0.6"))
    timing = {"documents": 0.0, "control": 0.0, "planted": 0.0}
    t0 = time.perf_counter()
    for story in rows:
        if len(story["articles"]) != 2:
            continue
        # Figures are found in the joined text (Document.text is that text unchanged), so
        # only stories with a shared figure pay for sentence splitting, most of the time here.
        fa, fb = (
            figures(" ".join(art["sentences"]), args.strict_context, args.skip_labels)
            for art in story["articles"]
        )
        shared = [(fa[k], fb[k]) for k in fa if k in fb]  # one pair per key
        if not shared:
            continue
        t = time.perf_counter()
        docs = documents(story)
        timing["documents"] += time.perf_counter() - t
        a, b = docs
        t = time.perf_counter()
        report = check(docs, pack, embedder=embedder)
        timing["control"] += time.perf_counter() - t
        runs += 1
        for xs, ys in shared:
            x, y = xs[0], ys[0]  # the pair: first occurrence in each article
            pair_no = n_pairs
            n_pairs += 1
            head = f"{story['story_id']} {x.text!r} (next word {x.key[1]!r})"
            lines = [
                f"    A {a.outlet}: {sentence_of(a, x.start, x.end)}",
                f"    B {b.outlet}: {sentence_of(b, y.start, y.end)}",
            ]
            agree = any(
                f.verdict == "agree" and touches_any(f, a.id, xs) and touches_any(f, b.id, ys)
                for f in report.findings
            )
            matched += agree
            if not agree:
                misses["control not matched"].append(
                    "\n".join(
                        [
                            head,
                            *lines,
                            f"    report on A: {said(report, a.id, x.start, x.end)}",
                            f"    report on B: {said(report, b.id, y.start, y.end)}",
                        ]
                    )
                )
            bad = [
                f
                for f in report.findings
                if f.verdict in FLAGS and (touches_any(f, a.id, xs) or touches_any(f, b.id, ys))
            ]
            wrongly += bool(bad)
            if bad:
                misses["control flagged"].append(
                    "\n".join([head, *lines, *(f"    {f.verdict}: {f.message}" for f in bad)])
                )

            # plant: change the figure in one article, check the story again
            side = pair_no % 2  # 0: change A, 1: change B
            factor = factors[(pair_no // 2) % 2]
            fig, others, odoc = (x, ys, b) if side == 0 else (y, xs, a)
            doc = docs[side]
            old = doc.text[fig.num_start : fig.num_end]
            new = plant(old, factor)
            text = doc.text[: fig.num_start] + new + doc.text[fig.num_end :]
            t = time.perf_counter()
            changed = document_from_text(text, doc.id, outlet=doc.outlet, date=doc.date)
            timing["documents"] += time.perf_counter() - t
            planted = [changed, b] if side == 0 else [a, changed]
            t = time.perf_counter()
            rep = check(planted, pack, embedder=embedder)
            timing["planted"] += time.perf_counter() - t
            runs += 1
            start, end = fig.start, fig.end + len(new) - len(old)
            hit = [f for f in rep.findings if f.verdict in FLAGS and touches(f, doc.id, start, end)]
            both = [f for f in hit if touches_any(f, odoc.id, others)]
            strict += bool(both)
            fresh += bool(both) and not bad
            loose += bool(hit)
            if not both:
                new_text = text[start:end]
                misses["planted not flagged"].append(
                    "\n".join(
                        [
                            f"{head}: {'AB'[side]} now {new_text!r}",
                            *lines,
                            f"    report on planted: {said(rep, doc.id, start, end)}",
                            f"    report on counterpart: "
                            f"{said(rep, odoc.id, others[0].start, others[0].end)}",
                            *(
                                f"    {f.verdict} (not with its counterpart): {f.message}"
                                for f in hit
                            ),
                        ]
                    )
                )
    seconds = time.perf_counter() - t0

    def pct(k: int) -> str:
        return f"{k} ({100 * k / n_pairs:.1f}%)" if n_pairs else "-"

    per_pair = timing["planted"] / max(1, n_pairs)
    rule = " + ".join(
        ["same figure and next word"]
        + (["same word before"] if args.strict_context else [])
        + (["no labels"] if args.skip_labels else [])
    )
    table = "\n".join(
        [
            f"{len(rows)} stories, {n_pairs} shared pairs ({rule}), {runs} checks in"
            f" {seconds:.1f} s: building documents {timing['documents']:.1f} s, control checks"
            f" {timing['control']:.1f} s, planted checks {timing['planted']:.1f} s"
            f" ({1000 * per_pair:.0f} ms a pair); embedded by the model in this run:"
            f" {embedder.computed:,} texts.",
            f"Planted flagged (strict) among pairs the control did not already flag:"
            f" {fresh} of {n_pairs - wrongly}.",
            "",
            "| stories | shared pairs | matched (control agree) | control flagged"
            " | planted flagged (strict) | planted flagged (loose) | runs | seconds |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {len(rows)} | {n_pairs} | {pct(matched)} | {pct(wrongly)} | {pct(strict)}"
            f" | {pct(loose)} | {runs} | {seconds:.1f} |",
        ]
    )
    print(table)
    if args.show_misses:
        for kind, items in misses.items():
            shown = items if not args.max_misses else items[: args.max_misses]
            print(
                f"\n## {kind}: {len(items)}" + (f" (first {len(shown)})" if shown != items else "")
            )
            for item in shown:
                print(item)
    if args.write_results:
        write_section(
            "planted",
            "## Planted figures (`python bench/planted.py`)\n\n"
            f"Measured {time.strftime('%Y-%m-%d')} on {machine()}.\n\n{table}\n\n"
            "Shared pair: the same figure with the same next word in both articles of a story."
            " Matched: an `agree` finding covers both. Control flagged: a `conflict`/`update`"
            " touches either. Planted flagged: after changing the figure in one article,"
            " a `conflict`/`update` touches it and its counterpart (strict) or it alone (loose).",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
