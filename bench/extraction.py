"""Quantity extraction benchmark: checker against quantulum3, side by side, in one run.

Run from the repository root::

    python bench/extraction.py                  # print the table
    python bench/extraction.py --write-results  # also update bench/RESULTS.md (our section)
    python bench/extraction.py --errors newsquant   # list the cases we get wrong
    python bench/extraction.py --errors changes     # NewsQuant values found, change wrong
    python bench/extraction.py --errors recognizers --model french_NumberModel

The data is read from ``$CHECKER_BENCH_DATA`` when set (the ``bench`` folder or its
``extraction`` sub-folder), else ``../shared/bench`` next to the repository, else
``/work/shared/bench``.
When none exists the script says so and exits 0. quantulum3 is a benchmark-only extra
(``pip install -e .[bench]``); without it only checker is scored. Its pickled unit classifier
does not load with a current scikit-learn, so ``quantulum3.classifier.USE_CLF = False`` is set
before its parser is imported (it then picks units by rule, as its docs allow).

What is scored, and how each dataset's conventions are mapped
---------------------------------------------------------------

**NewsQuant dev** (``newsquant-dev.jsonl``): micro precision/recall/F1 over the quantities of
each sentence; a prediction is matched to at most one gold quantity (greedy, in order).

* Our ``year``, ``date`` and ``ordinal`` quantities are left out: NewsQuant does not annotate
  them.
* Values: a gold ``value`` ``"a-b"`` (with ``value_range: [a, b]``) is the interval
  [min(a, b), max(a, b)] (NewsQuant keeps text order: "from 4.8 to 4.7" is "4.8-4.7");
  any other value is the point [v, v]. Ours: a quantity with ``approx == "range"`` is
  [low, high]; anything else is the point ``value`` (so "about 200", "more than 220" are the
  points 200 and 220, as NewsQuant writes them). Points match when equal within 1e-6
  relative; intervals when both ends do. Vague amounts: NewsQuant writes "dozens",
  "millions", "tens of thousands of" as [scale, 10 x scale] (12-120, 10^6-10^7, 10^4-10^5);
  ours come from ``Semantics.vague`` ("hundreds" = 200-999), so a vague prediction matches a
  gold interval that contains it. Percentages are the number before the sign (19 for 19%).
* Vague amounts without a number ("a few", "several", "many", "a couple", also "several
  hundred") are not annotated in NewsQuant and are left out, like years.
* A change of level, "from 4.8 percent to 4.7 percent", "narrowed to 138,285 lots from
  212,577", is one range "a-b" in NewsQuant; we extract two quantities (the new level carries
  the direction), so such a pair, "from" before one and "to" between them (or the reverse),
  is joined into [min, max] before scoring, with change ``=`` or the direction we found.
* A time span given by an article ("for a century", "in around a minute", "more than a
  decade") is never annotated in NewsQuant (it does annotate "a million dollar"): our
  ``duration`` quantities whose number is "a"/"an" are left out.
* Alternatives "eight or nine euros" are two values in NewsQuant; our range "X or Y" is
  scored as its two ends.
* ``change`` (value+change F1): NewsQuant's ``=`` is our ``exact`` or ``range``; ``~`` is
  ``approximate`` (or a range with the note ``"approximate"``: "about 14-18"); ``>`` is
  ``lower_bound``; ``<`` is ``upper_bound``; ``up``/``down`` is our ``direction``. When we record both a direction and a bound ("rose more than 5%"), either
  label is accepted, since NewsQuant writes only one (so a range with a direction, "increase
  between 5% and 6%", may be ``=`` or ``up``).
* ``unit`` (value+unit F1): gold ``unit`` or ``normalized_unit`` against our ``unit``, both
  lower-cased, hyphens read as spaces ("parts-per-billion") and each word singularised, with
  currency codes spelled as NewsQuant does (USD -> dollar, GBP -> pound sterling, ...),
  ``%`` = percent = percentage, and gold ``-`` = no unit. A rate is its unit and what it is
  per, as NewsQuant writes it ("$3,500 a month" -> dollar per month). Units of measure are named as
  NewsQuant's ``normalized_unit`` names them ("metre", "mile per hour"). For a
  bare count, our ``unit`` is the counted noun ("22 goals" -> goal), which NewsQuant annotates
  as the unit; a match on the last word of a multi-word gold unit ("European countries",
  "best wireless speakers") is accepted.
* quantulum3: its value is the point; a value with an ``uncertainty`` (its ranges) is
  [value - u, value + u]; it has no approximators or bounds, so all its changes are ``=``;
  its unit is ``unit.name`` (``dimensionless`` = no unit).

**Recognizers-Text specs** (``recognizers/<lang>_<Model>.jsonl``): per input, *value* is right
when the multiset of predicted values equals the expected one (so an input that expects
nothing is right only when nothing is extracted), *span* when the multiset of (start, end)
offsets does (``end`` in the specs is inclusive; where a row's ``end`` disagrees with its
``text``, as in part of the French specs, the span is ``start`` plus the length of ``text``). Models used: English NumberModel,
NumberRangeModel, OrdinalModel, PercentModel, NumberWithUnit CurrencyModel; French, German
and Spanish NumberModel. Mapping of our quantities onto each model:

* NumberModel: every quantity but ``ordinal`` and ``date``; a range ("between 20 and 30")
  contributes its two ends, a vague amount nothing. Our spans include the words around the
  number ("about 200", "5 dollars"); the model's span is the number alone, so span accuracy
  is stricter for us than value accuracy.
* NumberRangeModel: expected ``"[20,30)"``, ``"(30,)"``, ``"(,700]"`` are compared by their
  ends only (open/closed brackets are a convention, see ``SEMANTICS.md``): our ``range`` is
  (low, high), ``lower_bound`` (value, none), ``upper_bound`` (none, value); ``exact`` and
  ``approximate`` quantities are not ranges and are not predictions for this model, except
  an exact figure stated as an equality ("equal to 20", "equals 20"), which is [20, 20].
* OrdinalModel: our ``ordinal`` quantities. Relative ordinals (``ordinal.relative``: "last",
  "next", "the one before last") are not quantities in our contract: those expected items
  are dropped, which is the spec's own ``SuppressExtendedTypes`` reading.
* PercentModel: our ``percent`` quantities, value = the number (``"100%"`` -> 100).
* CurrencyModel: our ``money`` quantities, value only (units are spelled differently).
* Expected values like ``"0,5"`` (German/French decimal comma) and ``"1E-12"`` are parsed as
  numbers. quantulum3 is English-only: it is scored on the English models (all its
  quantities are its predictions) and shown as "-" for the others.

**quantulum3's own English tests** (``quantulum3/en_quantities*.jsonl``,
``en_spellout_values.jsonl``): an input is right when the multiset of values matches
(``en_expand.jsonl`` tests its spoken-form writer and is not used). For us, ``date`` is left
out and a range counts as its midpoint, which is how quantulum3 writes "3 to 4 L" (3.5).

**Throughput**: sentences per second of each system over the NewsQuant sentences, in this
process, after one warm-up pass; the ratio is checker / quantulum3.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

from _results import machine, write_section  # noqa: E402  (bench/ is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.read.quantities import extract_quantities  # noqa: E402

TOL = 1e-6

# --------------------------------------------------------------------------- data


def data_dir() -> Path | None:
    """The ``extraction`` data folder, or None when no benchmark data is present."""
    if os.environ.get("CHECKER_BENCH_DATA"):  # when set, the only place looked at
        cands = [Path(os.environ["CHECKER_BENCH_DATA"])]
    else:
        cands = [ROOT.parent / "shared" / "bench", Path("/work/shared/bench")]
    for base in cands:
        for d in (base / "extraction", base):
            if (d / "newsquant-dev.jsonl").is_file():
                return d
    return None


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --------------------------------------------------------------------------- systems


def load_quantulum():
    try:
        import quantulum3.classifier as clf

        clf.USE_CLF = False
        from quantulum3 import parser
    except Exception as exc:  # noqa: BLE001 - any import failure means "not available"
        print(f"quantulum3 not available ({exc}); install it with: pip install -e .[bench]")
        return None
    return parser


def q3_parse(parser, text: str) -> list:
    try:
        return parser.parse(text)
    except Exception:  # noqa: BLE001 - a peer crash is a miss, not a benchmark crash
        return []


# --------------------------------------------------------------------------- helpers


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=TOL, abs_tol=1e-9)


def multiset_equal(pred: list, gold: list, eq) -> bool:
    if len(pred) != len(gold):
        return False
    left = list(gold)
    for p in pred:
        for k, g in enumerate(left):
            if eq(p, g):
                del left[k]
                break
        else:
            return False
    return True


def num(s) -> float | None:
    """A spec value as a number: "12", "0,5" (decimal comma), "1E-12", "100%"."""
    if isinstance(s, int | float):
        return float(s)
    s = str(s).strip().rstrip("%").replace(" ", "")
    if "," in s and "." not in s:
        s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def pct(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else float("nan")


# --------------------------------------------------------------------------- NewsQuant

_CURRENCY_NAMES = {
    "usd": "dollar", "aud": "australian dollar", "cad": "canadian dollar",
    "hkd": "hong kong dollar", "nzd": "new zealand dollar", "sgd": "singapore dollar",
    "eur": "euro", "gbp": "pound sterling", "jpy": "japanese yen", "cny": "chinese yuan",
    "inr": "indian rupee", "ils": "shekel", "idr": "rupiah", "chf": "swiss franc",
    "krw": "won", "rub": "rouble", "try": "lira", "brl": "real", "myr": "malaysian ringgit",
    "usd cent": "cent",
}  # fmt: skip
_UNIT_SYNONYMS = {"%": "percent", "percentage": "percent", "per cent": "percent", "pc": "percent"}


def _sing(w: str) -> str:
    if len(w) > 3 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith(("ches", "shes", "xes", "sses")):
        return w[:-2]
    if len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def norm_unit(u: str | None) -> str:
    if u is None:
        return ""
    u = u.strip().lower()
    if u in ("-", "dimensionless", "count", ""):
        return ""
    u = u.replace("-", " ")
    if not u.strip():
        return ""
    u = _CURRENCY_NAMES.get(u, u)
    u = _UNIT_SYNONYMS.get(u, u)
    return " ".join(_sing(w) for w in u.split())


def gold_units(g: dict) -> set[str]:
    units = {norm_unit(g.get("unit")), norm_unit(g.get("normalized_unit"))}
    for u in list(units):
        if " " in u:
            units.add(u.split()[-1])  # "European countries" -> country
    return units


def gold_span(g: dict) -> tuple[float, float]:
    if g.get("value_range"):
        a, b = g["value_range"]
        return min(float(a), float(b)), max(float(a), float(b))  # "4.8-4.7": text order
    v = str(g["value"])
    m = re.fullmatch(r"(-?[0-9.e+]+)-(-?[0-9.e+]+)", v)
    if m:
        a, b = float(m.group(1)), float(m.group(2))
        return min(a, b), max(a, b)
    return float(v), float(v)


#: NewsQuant annotates "dozens", "millions", "tens of thousands", not "a few", "several",
#: "many", "a couple" (with or without a scale: "several hundred" is not annotated either).
_UNANNOTATED_VAGUE = {"a", "an", "few", "several", "many", "couple"}


_ARTICLE_SPAN = re.compile(r"\b(?:a|an)\s+\w+$", re.IGNORECASE)  # "more than a decade"
_OR_RANGE = re.compile(r"\w\s+or\s+\w", re.IGNORECASE)  # "eight or nine euros"
_FROM_TO = re.compile(r"\s*(?:[^\W\d]+\s+){0,2}(?:up\s+)?(to|from)\s*", re.IGNORECASE)
_LAST_WORD = re.compile(r"(\w+)\s*$")


def _from_to(text: str, qs: list) -> list:
    """Join "from A to B" / "to B from A" (two of our quantities) into NewsQuant's range."""
    out, k = [], 0
    while k < len(qs):
        a = qs[k]
        b = qs[k + 1] if k + 1 < len(qs) else None
        before = _LAST_WORD.search(text, max(0, a.start - 20), a.start)
        gap = b and _FROM_TO.fullmatch(text, a.end, b.start)
        pair = {before.group(1).lower() if before else "", gap.group(1).lower() if gap else ""}
        same = b and (a.kind == b.kind or "cardinal" in (a.kind, b.kind))  # "4.8 to 4.7 percent"
        plain = same and a.approx != "range" and b.approx != "range"
        if plain and pair == {"from", "to"} and a.value != b.value:
            out.append((a, b))
            k += 2
        else:
            out.append((a,))
            k += 1
    return out


def our_unit(q) -> str:
    """Our unit in NewsQuant's words: a rate adds what it is per ("dollar per month")."""
    unit = norm_unit(q.unit)
    return f"{unit} per {norm_unit(q.per)}" if q.per and unit else unit


def ours_newsquant(text: str) -> list[dict]:
    out = []
    qs = [q for q in extract_quantities(text) if q.kind not in ("year", "date", "ordinal")]
    for group in _from_to(text, qs):
        if len(group) == 2:
            a, b = group
            changes = {"="} | {x.direction for x in group if x.direction}
            out.append(
                {"lo": min(a.value, b.value), "hi": max(a.value, b.value), "vague": False,
                 "changes": changes, "unit": our_unit(a if a.unit else b),
                 "text": text[a.start : b.end]}
            )  # fmt: skip
            continue
        q = group[0]
        if q.kind == "duration" and _ARTICLE_SPAN.search(q.text):
            continue
        if q.approx == "range" and not q.vague and _OR_RANGE.search(q.text):
            for v in (q.low, q.high):  # "eight or nine euros": NewsQuant's two values
                out.append(
                    {"lo": v, "hi": v, "vague": False, "changes": {"="} | {q.direction} - {None},
                     "unit": our_unit(q), "text": q.text}
                )  # fmt: skip
            continue
        if q.vague and q.text.lower().split()[0] in _UNANNOTATED_VAGUE:
            continue
        lo, hi = (q.low, q.high) if q.approx == "range" else (q.value, q.value)
        changes = set()
        if q.direction:
            changes.add(q.direction)
        changes.add({"approximate": "~", "lower_bound": ">", "upper_bound": "<"}.get(q.approx, "="))
        if q.direction and q.approx != "range":
            changes.discard("=")
        if "approximate" in q.notes:  # "about 2000 - 2500": a range, said loosely
            changes.add("~")
        out.append(
            {"lo": lo, "hi": hi, "vague": q.vague, "changes": changes,
             "unit": our_unit(q), "text": q.text}
        )  # fmt: skip
    return out


def q3_newsquant(parser, text: str) -> list[dict]:
    out = []
    for q in q3_parse(parser, text):
        u = q.uncertainty or 0.0
        unit = q.unit.name if q.unit else None
        out.append(
            {"lo": q.value - u, "hi": q.value + u, "vague": False, "changes": {"="},
             "unit": norm_unit(unit), "text": q.surface}
        )  # fmt: skip
    return out


def value_match(p: dict, g: tuple[float, float]) -> bool:
    if p["vague"]:
        return g[0] <= p["lo"] and p["hi"] <= g[1] and g[0] < g[1]
    return close(p["lo"], g[0]) and close(p["hi"], g[1])


def unit_match(p: dict, gu: set[str]) -> bool:
    if p["unit"] in gu:
        return True
    return bool(p["unit"]) and p["unit"].split()[-1] in gu


def score_newsquant(rows: list[dict], predict, changes: list | None = None) -> tuple[dict, list]:
    """Micro F1s and the value-level errors; ``changes`` collects (gold change, our changes,
    our text, sentence) for values found with the wrong change (``--errors changes``)."""
    tp = Counter()
    n_pred = n_gold = 0
    errors = []
    for row in rows:
        preds, golds = predict(row["text"]), row["expected"]
        n_pred += len(preds)
        n_gold += len(golds)
        spans = [gold_span(g) for g in golds]
        for key, extra in (
            ("value", lambda p, g: True),
            ("change", lambda p, g: g["change"] in p["changes"]),
            ("unit", lambda p, g: unit_match(p, gold_units(g))),
        ):
            used = set()
            for p in preds:
                for k, g in enumerate(golds):
                    if k not in used and value_match(p, spans[k]) and extra(p, g):
                        used.add(k)
                        tp[key] += 1
                        break
        # errors at the value level, for --errors
        used, fp = set(), []
        for p in preds:
            for k in range(len(golds)):
                if k not in used and value_match(p, spans[k]):
                    used.add(k)
                    if changes is not None and golds[k]["change"] not in p["changes"]:
                        changes.append((golds[k]["change"], sorted(p["changes"]), p["text"]))
                        changes[-1] += (row["text"],)
                    break
            else:
                fp.append(p["text"])
        fn = [golds[k]["value"] for k in range(len(golds)) if k not in used]
        if fp or fn:
            errors.append((row["text"], fp, fn))
    out = {}
    for key in ("value", "change", "unit"):
        prec = tp[key] / n_pred if n_pred else 0.0
        rec = tp[key] / n_gold if n_gold else 0.0
        out[key] = 100 * 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return out, errors


# --------------------------------------------------------------------------- Recognizers

REC_MODELS = [
    ("english", "NumberModel", "en"),
    ("english", "NumberRangeModel", "en"),
    ("english", "OrdinalModel", "en"),
    ("english", "PercentModel", "en"),
    ("english", "NumberWithUnit_CurrencyModel", "en"),
    ("french", "NumberModel", "fr"),
    ("german", "NumberModel", "de"),
    ("spanish", "NumberModel", "es"),
]


def rec_expected(model: str, row: dict) -> list[tuple]:
    """(value, start, end) per expected item; a range value is a (low, high) pair."""
    out = []
    for e in row["expected"]:
        if e.get("type", "").startswith("ordinal.relative"):
            continue
        s, t = e.get("start"), e.get("end")
        if t is None and e.get("length") is not None:
            t = s + e["length"] - 1
        span = (s, t + 1) if s is not None and t is not None else None
        if (
            s is not None
            and e.get("text")
            and row["input"][s : s + len(e["text"])].lower() == (e["text"].lower())
        ):
            span = (s, s + len(e["text"]))  # some French rows give ``end`` exclusive
        if model == "NumberRangeModel":
            m = re.fullmatch(r"[\[(]\s*([^,]*?)\s*,\s*([^,]*?)\s*[\])]", str(e["value"]))
            if not m:
                continue
            lo, hi = (
                (num(m.group(1)) if m.group(1) else None),
                (num(m.group(2)) if m.group(2) else None),
            )
            out.append(((lo, hi), span))
        else:
            out.append((num(e["value"]), span))
    return out


def ours_rec(model: str, text: str, lang: str) -> list[tuple]:
    out = []
    for q in extract_quantities(text, lang):
        span = (q.start, q.end)
        if model == "NumberRangeModel":
            if q.approx == "range" and not q.vague:
                out.append(((q.low, q.high), span))
            elif q.approx == "lower_bound":
                out.append(((q.value, None), span))
            elif q.approx == "upper_bound":
                out.append(((None, q.value), span))
            elif q.approx == "exact" and q.text.lower().startswith("equal"):
                out.append(((q.value, q.value), span))
        elif model == "OrdinalModel":
            if q.kind == "ordinal":
                out.append((q.value, span))
        elif model == "PercentModel":
            if q.kind == "percent":
                out.append((q.value, span))
        elif model.endswith("CurrencyModel"):
            if q.kind == "money":
                out.append((q.value, span))
        elif q.kind not in ("ordinal", "date") and not q.vague:
            if q.approx == "range":
                out += [(q.low, span), (q.high, span)]
            else:
                out.append((q.value, span))
    return out


def q3_rec(parser, model: str, text: str) -> list[tuple]:
    out = []
    for q in q3_parse(parser, text):
        span = tuple(q.span)
        u = q.uncertainty or 0.0
        if model == "NumberRangeModel":
            if u:
                out.append(((q.value - u, q.value + u), span))
        elif model == "NumberModel" and u:
            out += [(q.value - u, span), (q.value + u, span)]
        else:
            out.append((q.value, span))
    return out


def _veq(a, b) -> bool:
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (
            isinstance(a, tuple)
            and isinstance(b, tuple)
            and all(close(x, y) for x, y in zip(a, b, strict=True))
        )
    return close(a, b)


def score_rec(rows: list[dict], model: str, predict) -> tuple[float, float, list]:
    ok_v = ok_s = 0
    errors = []
    for row in rows:
        gold = rec_expected(model, row)
        pred = predict(row["input"])
        v = multiset_equal([p[0] for p in pred], [g[0] for g in gold], _veq)
        s = multiset_equal([p[1] for p in pred], [g[1] for g in gold], lambda a, b: a == b)
        ok_v += v
        ok_s += s
        if not v:
            errors.append((row["input"], [p[0] for p in pred], [g[0] for g in gold]))
    return pct(ok_v, len(rows)), pct(ok_s, len(rows)), errors


# --------------------------------------------------------------------------- quantulum3 tests


def q3_cases(d: Path) -> list[tuple[str, list[float]]]:
    cases = []
    for name in ("en_quantities.jsonl", "en_quantities_ambiguity.jsonl"):
        for r in read_jsonl(d / "quantulum3" / name):
            cases.append((r["text"], [float(e["value"]) for e in r["expected"]]))
    for r in read_jsonl(d / "quantulum3" / "en_spellout_values.jsonl"):
        cases.append((r["text"], [float(v) for v in r["expected_values"]]))
    return cases


def ours_values(text: str) -> list[float]:
    out = []
    for q in extract_quantities(text):
        if q.kind == "date":
            continue
        out.append(q.value)  # a range is its midpoint, as quantulum3 writes it
    return out


def score_values(cases, predict) -> tuple[float, list]:
    ok, errors = 0, []
    for text, want in cases:
        got = predict(text)
        if multiset_equal(got, want, close):
            ok += 1
        else:
            errors.append((text, got, want))
    return pct(ok, len(cases)), errors


# --------------------------------------------------------------------------- throughput


def throughput(fn, sentences: list[str], min_seconds: float = 1.0) -> float:
    for s in sentences:
        fn(s)  # warm-up: lexicon load, caches
    done, t0 = 0, time.perf_counter()
    while True:
        for s in sentences:
            fn(s)
        done += len(sentences)
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            return done / elapsed


# --------------------------------------------------------------------------- table


def fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, str):
        return v
    return f"{v:,.1f}"


def table(rows: list[tuple[str, object, object, str]]) -> str:
    head = ("measure", "checker", "quantulum3", "target")
    body = [(a, fmt(b), fmt(c), d) for a, b, c, d in rows]
    widths = [max(len(r[k]) for r in [head, *body]) for k in range(4)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    out = [line, sep]
    for r in body:
        cells = [r[0].ljust(widths[0])] + [
            x.rjust(w) for x, w in zip(r[1:], widths[1:], strict=True)
        ]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def write_results(text: str) -> None:
    write_section("extraction", text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    ap.add_argument(
        "--errors",
        choices=["newsquant", "changes", "recognizers", "quantulum3"],
        help="print checker's failing cases of one dataset",
    )
    ap.add_argument(
        "--model", help="with --errors recognizers: only this spec file, e.g. french_NumberModel"
    )
    args = ap.parse_args(argv)
    d = data_dir()
    if d is None:
        print(
            "bench/extraction.py: benchmark data not found (../shared/bench or "
            "$CHECKER_BENCH_DATA); skipping."
        )
        return 0
    parser = load_quantulum()
    rows: list[tuple[str, object, object, str]] = []

    nq = read_jsonl(d / "newsquant-dev.jsonl")
    errs_chg: list = []
    ours_nq, errs_nq = score_newsquant(nq, ours_newsquant, errs_chg)
    theirs_nq = score_newsquant(nq, lambda t: q3_newsquant(parser, t))[0] if parser else {}
    label = f"NewsQuant dev ({len(nq)} sentences)"
    rows.append((f"{label}: value F1", ours_nq["value"], theirs_nq.get("value"), ">= 95"))
    rows.append((f"{label}: value+change F1", ours_nq["change"], theirs_nq.get("change"), ">= 92"))
    rows.append((f"{label}: value+unit F1", ours_nq["unit"], theirs_nq.get("unit"), ""))

    errs_rec = []
    for lang, model, code in REC_MODELS:
        path = d / "recognizers" / f"{lang}_{model}.jsonl"
        if not path.exists():
            continue
        data = read_jsonl(path)
        v, s, errs = score_rec(data, model, lambda t, m=model, c=code: ours_rec(m, t, c))
        if not args.model or args.model == f"{lang}_{model}":
            errs_rec += [(f"{lang}_{model}", *e) for e in errs]
        tv = ts = None
        if parser and code == "en":
            tv, ts = score_rec(data, model, lambda t, m=model: q3_rec(parser, m, t))[:2]
        target = ">= 97" if code == "en" and "Currency" not in model else ""
        target = ">= 90" if code != "en" else target
        name = f"Recognizers {lang} {model.replace('NumberWithUnit_', '')} ({len(data)})"
        rows.append((f"{name}: exact value %", v, tv, target))
        rows.append((f"{name}: span %", s, ts, ""))

    cases = q3_cases(d)
    qv, errs_q3 = score_values(cases, ours_values)
    tq = None
    if parser:
        tq = score_values(cases, lambda t: [q.value for q in q3_parse(parser, t)])[0]
    rows.append((f"quantulum3 English tests ({len(cases)}): value %", qv, tq, ""))

    sentences = [r["text"] for r in nq]
    ours_sps = throughput(extract_quantities, sentences)
    theirs_sps = throughput(lambda t: q3_parse(parser, t), sentences, 0.5) if parser else None
    rows.append(("throughput (NewsQuant sentences/s)", ours_sps, theirs_sps, ""))
    ratio = f"{ours_sps / theirs_sps:,.0f}x" if theirs_sps else None
    rows.append(("throughput ratio checker / quantulum3", ratio, None, ">= 20x"))

    if args.errors:
        errs = {
            "newsquant": errs_nq,
            "changes": errs_chg,
            "recognizers": errs_rec,
            "quantulum3": errs_q3,
        }[args.errors]
        for e in errs:
            print(" | ".join(str(x) for x in e))
        print(f"{len(errs)} failing cases\n")

    out = table(rows)
    if args.write_results:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        peer = "quantulum3 " + _q3_version() if parser else "quantulum3 not installed"
        write_results(
            f"## Quantity extraction (`python bench/extraction.py`)\n\n"
            f"{stamp}; {machine()}; {peer} (USE_CLF = False).\n\n{out}\n"
        )
    print(out)
    return 0


def _q3_version() -> str:
    try:
        from importlib.metadata import version

        return version("quantulum3")
    except Exception:  # noqa: BLE001
        return "?"


if __name__ == "__main__":
    raise SystemExit(main())
