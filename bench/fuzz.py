"""Fuzz: random and adversarial documents and rule files; crashes must be 0, slowest <= 1 s.

Four levels, each with its own count (a full check loads the model and parses every
sentence, so it gets fewer inputs than the scanner):

    extract  split_sentences + extract_quantities on a random text   (default 100,000)
    claims   document_from_text + extract_claims (the parse, cached)   (default 5,000)
    check    api.check on 1-4 documents read from files: .txt, .md with
             front matter, .jsonl rows (documents' own errors count as refused)  (default 300)
    rules    random values in every field of every shipped rule, loaded   (default 2,000)

A crash is any exception but the one-line ``InputError`` / ``RuleError``. Prints a table:
inputs, refused, crashes, slowest seconds and a repr of the slowest and of the first crash.

    python bench/fuzz.py                    # all levels, default counts (~20 min on 2 cores)
    python bench/fuzz.py --level extract -n 1000 --seed 3
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = [
    "the",
    "people",
    "were",
    "killed",
    "injured",
    "evacuated",
    "in",
    "town",
    "officials",
    "said",
    "about",
    "more",
    "than",
    "nearly",
    "at",
    "least",
    "up",
    "to",
    "million",
    "billion",
    "thousand",
    "percent",
    "per",
    "cent",
    "%",
    "$",
    "€",
    "£",
    "dozens",
    "hundreds",
    "first",
    "second",
    "third",
    "year-old",
    "aged",
    "years",
    "weeks",
    "Lt.",
    "Gen.",
    "U.S.",
    "Oct.",
    "Mr.",
    "No.",
    "vote",
    "to",
    "251",
    "174",
    "between",
    "and",
    "or",
    "half",
    "quarter",
    "a",
    "one",
    "two",
    "twelve",
    "seventy-five",
]
PIECES = [
    "12", "1,200", "1.2", "1.200,5", "3/4", "½", "²", "10^9", "1e999", "9" * 400, "0" * 50,
    "-5", "+7", "5-4", "2 to 1", "12-year-old", "$5bn", "€1.2m", "50%", "1st", "21st",
    "2024", "1999-2001", "١٢٣", "一百", "Ⅻ", "\u200b", "\ud800", "\x00", "\x1b[31m", "\u2028",
    "...", "!?", ";", ",", "—", "\t", "  ", "\n", "\n\n", "\r\n", '"', "“", "(", ")", "<b>",
    "{value_a:>9}", "&amp;", "\\", "*", "#", "---",
]  # fmt: skip


def random_text(rng: random.Random, max_tokens: int = 60) -> str:
    n = rng.choice([0, 1, 2, 5, 10, 30, max_tokens]) if rng.random() < 0.3 else rng.randint(1, 20)
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.5:
            out.append(rng.choice(WORDS))
        elif r < 0.9:
            out.append(rng.choice(PIECES))
        else:
            out.append("".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 5))))
        out.append(rng.choice([" ", " ", " ", "", ". ", ", ", "\n"]))
    text = "".join(out)
    if rng.random() < 0.02:
        text = text * rng.randint(20, 200)  # a long repeat
    return text


def random_value(rng: random.Random, depth: int = 0):
    r = rng.random()
    if depth > 2 or r < 0.25:
        return rng.choice(
            [0, -1, 1.5, 10**30, float("nan"), True, None, "", "x", "(", "a*", "{x}", "[]", "ü"]
        )
    if r < 0.5:
        return random_text(rng, 8)
    if r < 0.75:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {
        random_text(rng, 2) or "k": random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))
    }


# --------------------------------------------------------------------------- levels


def level_extract(rng: random.Random) -> Callable[[], object]:
    from checker.read.quantities import extract_quantities
    from checker.read.sentences import split_sentences

    text = random_text(rng, 400)

    def run():
        for s in split_sentences(text):
            extract_quantities(s.text, rng.choice(["en", "fr", "de", "es"]))

    run.input = text
    return run


def level_claims(rng: random.Random) -> Callable[[], object]:
    from checker.read.claims import extract_claims
    from checker.read.documents import document_from_text

    text = random_text(rng, 120)

    def run():
        if text.strip():
            extract_claims(document_from_text(text, "d"))

    run.input = text
    return run


def level_check(rng: random.Random, folder: Path) -> Callable[[], object]:
    from checker import api

    files = []
    for i in range(rng.randint(1, 4)):
        kind = rng.choice(["txt", "md", "jsonl"])
        path = folder / f"doc{i}.{kind}"
        if kind == "txt":
            body = random_text(rng)
        elif kind == "md":
            meta = {k: random_value(rng) for k in rng.sample(["outlet", "title", "x"], 2)}
            if rng.random() < 0.2:
                meta["date"] = random_value(rng)
            elif rng.random() < 0.5:
                meta["date"] = "2024-0" + str(rng.randint(1, 9)) + "-01"
            body = "---\n" + "\n".join(f"{k}: {json.dumps(v)}" for k, v in meta.items())
            body += "\n---\n" + random_text(rng)
        else:
            rows = []
            for j in range(rng.randint(1, 4)):
                row = {"id": f"r{j}", "text": random_text(rng) or "x"}
                if rng.random() < 0.1:
                    row[rng.choice(["date", "title", "id", "outlet"])] = random_value(rng)
                rows.append(json.dumps(row))
            body = "\n".join(rows)
        path.write_text(body, encoding="utf-8", errors="surrogatepass")
        files.append(path)

    def run():
        api.check(files)

    run.input = [p.read_text(encoding="utf-8", errors="surrogatepass") for p in files]
    return run


def level_rules(rng: random.Random, folder: Path) -> Callable[[], object]:
    import yaml

    from checker.rules import load_rules

    source = sorted((ROOT / "rules").glob("*.yaml"))
    rule = rng.choice(source)
    data = yaml.safe_load(rule.read_text(encoding="utf-8"))
    if rule.name == "_settings.yaml":
        section = rng.choice(sorted(data))
        data[section][rng.choice(sorted(data[section]) + ["new_key"])] = random_value(rng)
    else:
        key = rng.choice(sorted(data) + ["settings", "examples", "new_key"])
        if key == "settings" and isinstance(data.get("settings"), dict) and rng.random() < 0.7:
            data["settings"][rng.choice(sorted(data["settings"]) or ["x"])] = random_value(rng)
        else:
            data[key] = random_value(rng)
    pack = folder / "pack"
    pack.mkdir(exist_ok=True)
    for old in pack.iterdir():
        old.unlink()
    for p in source:
        (pack / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    text = yaml.safe_dump(data, allow_unicode=True)
    (pack / rule.name).write_text(text, encoding="utf-8", errors="surrogatepass")

    def run():
        load_rules(pack)

    run.input = f"{rule.name}: {text[:300]}"
    return run


def fuzz(level: str, n: int, seed: int, bar=None) -> dict:
    from checker.core.errors import CheckerError

    rng = random.Random(seed)
    if level in ("claims", "check"):  # load the parser (and model) before the clock runs
        from checker import api
        from checker.read.claims import extract_claims
        from checker.read.documents import document_from_text

        warm = [document_from_text("12 people were hurt.", "w")]
        api.check(warm) if level == "check" else extract_claims(warm[0])
    refused = crashes = 0
    slowest = (0.0, None)
    rate = 0.0  # the most seconds any input took per 10,000 characters (10,000 at least)
    first_crash = None
    with tempfile.TemporaryDirectory(prefix="checker-fuzz-") as tmp:
        folder = Path(tmp)
        for i in range(n):
            sub = folder / str(i % 2)
            sub.mkdir(exist_ok=True)
            for old in sub.iterdir():
                if old.is_file():
                    old.unlink()
            if level == "extract":
                run = level_extract(rng)
            elif level == "claims":
                run = level_claims(rng)
            elif level == "check":
                run = level_check(rng, sub)
            else:
                run = level_rules(rng, sub)
            t = time.perf_counter()
            try:
                run()
            except CheckerError:
                refused += 1
            except Exception:
                crashes += 1
                if first_crash is None:
                    first_crash = (run.input, traceback.format_exc(limit=3))
            took = time.perf_counter() - t
            if took > slowest[0]:
                slowest = (took, run.input)
            rate = max(rate, took * 10_000 / max(10_000, _size(run.input)))
            if bar:
                bar.advance(bar.task_ids[0])
    return {"level": level, "inputs": n, "refused": refused, "crashes": crashes,
            "slowest": slowest, "rate": rate, "first_crash": first_crash}  # fmt: skip


def _size(given) -> int:
    """Characters in an input: a text, or the texts of several documents."""
    if isinstance(given, str):
        return len(given)
    return sum(_size(x) for x in given) if isinstance(given, list | tuple) else len(str(given))


DEFAULTS = {"extract": 100_000, "claims": 5_000, "check": 300, "rules": 2_000}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--level", choices=sorted(DEFAULTS), action="append")
    ap.add_argument("-n", type=int, help="inputs per level (default: see the module doc)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    import warnings

    warnings.simplefilter("ignore")  # documents warn about replaced characters: not crashes
    levels = args.level or list(DEFAULTS)
    bar = None
    if sys.stdout.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        bar = Progress(BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        bar.start()
        bar.add_task("fuzz", total=sum(args.n or DEFAULTS[lv] for lv in levels))
    results = [fuzz(lv, args.n or DEFAULTS[lv], args.seed, bar) for lv in levels]
    if bar:
        bar.stop()
    print("| level | inputs | refused (one-line error) | crashes | slowest s | its size (chars) "
          "| most s per 10k chars | slowest input |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        took, text = r["slowest"]
        shown = repr(text)[:70].replace("|", "\\|")
        print(f"| {r['level']} | {r['inputs']:,} | {r['refused']:,} | {r['crashes']:,} "
              f"| {took:.3f} | {_size(text):,} | {r['rate']:.3f} | {shown} |")  # fmt: skip
    for r in results:
        if r["first_crash"]:
            text, tb = r["first_crash"]
            print(f"\nfirst crash at level {r['level']}: {text!r:.300}\n{tb}")
    bad = any(r["crashes"] for r in results) or any(r["slowest"][0] > 1.0 for r in results)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
