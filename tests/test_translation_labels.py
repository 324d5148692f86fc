"""The translation labelling kit (bench/labels/translation/) on invented pairs: the draw, the
answers turned into spans, agreement and the score. Offline and without ../shared: the kit's
functions take plain data; the parts that read the benchmark are run by hand (see its README)."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

KIT = Path(__file__).resolve().parents[1] / "bench" / "labels" / "translation"


@pytest.fixture()
def kit(monkeypatch):
    monkeypatch.syspath_prepend(str(KIT))
    for name in ("sample", "score"):
        sys.modules.pop(name, None)
    sample, score = importlib.import_module("sample"), importlib.import_module("score")
    yield sample, score
    for name in ("sample", "score"):
        sys.modules.pop(name, None)


ROWS = [
    {"id": f"r{i:02d}", "source": f"Laba naik {i},5 persen pada 2009.",
     "target": f"Profit rose {i}.5 percent in 2009."}
    for i in range(40)
] + [{"id": "w00", "source": "Harga turun tajam.", "target": "Prices fell sharply."}]  # fmt: skip


def test_draw_is_deterministic_and_holds_no_text(kit):
    sample, _ = kit
    flagged = {"r01", "r05", "r09", "r13"}
    a = sample.draw(ROWS, flagged, seed=3, cap=400, overlap=0.25)
    assert a == sample.draw(ROWS, flagged, seed=3, cap=400, overlap=0.25)
    rows, strata, pool = a
    assert pool == 36  # the pair without a digit is not in the pool
    assert {r["id"] for r in rows} >= flagged and len(rows) == 8
    assert all(set(r) == {"id", "slice"} for r in rows)
    weights = {s["stratum"]: s["weight"] for s in strata}
    assert weights == {"flagged": 1.0, "unflagged": 9.0}
    both = [r for r in rows if r["slice"] == "both"]
    assert len(both) == 2  # a quarter of each stratum
    capped = sample.draw(ROWS, flagged, seed=3, cap=6, overlap=0.25)[0]
    assert len(capped) == 6 and {r["id"] for r in capped} >= flagged


def test_sheets_mix_the_shared_slice_in(kit):
    sample, _ = kit
    rows = [{"id": "a", "slice": "L1"}, {"id": "b", "slice": "L2"}, {"id": "c", "slice": "both"}]
    assert sorted(sample.sheet_ids(rows, "L1", 1)) == ["a", "c"]
    assert sorted(sample.sheet_ids(rows, "L2", 1)) == ["b", "c"]


def test_locate(kit):
    sample, _ = kit
    text = "Rp1,5 triliun, lalu Rp1,5 triliun lagi pada 12  Maret"
    assert sample.locate(text, "Rp1,5 triliun") == (0, 13)
    assert sample.locate(text, "Rp1,5 triliun", 2) == (20, 33)
    assert sample.locate(text, "12 Maret") == (44, 53)
    assert sample.locate(text, "rp1,5 TRILIUN") == (0, 13)
    assert sample.locate(text, "Rp2 triliun") is None


def test_resolve_keeps_spans_not_text(kit):
    sample, _ = kit
    row = {"id": "x", "source": "Ekspor Rp1,5 miliar (12/3).", "target": "Exports IDR1.5 trillion."}
    problems: list[str] = []
    answer = {"id": "x", "label": "Error", "note": "scale",
              "changed": [{"source": "Rp1,5 miliar", "target": "IDR1.5 trillion", "kind": "scale"}],
              "omitted": [{"source": "(12/3)"}]}  # fmt: skip
    got = sample.resolve(answer, row, "L1", problems)
    assert problems == []
    assert got == {"label": "error", "by": "L1",
                   "changed": [{"source_span": [7, 19], "target_span": [8, 23], "kind": "scale"}],
                   "omitted": [{"source_span": [20, 26]}]}  # fmt: skip
    assert "Rp1" not in json.dumps(got) and "note" not in got
    bad = sample.resolve({"id": "x", "label": "error", "changed": [
        {"source_span": [0, 999], "target": "nowhere", "kind": "sideways"}]}, row, "L2", problems)  # fmt: skip
    assert bad["changed"][0] == {"source_span": None, "target_span": None, "kind": "other"}
    assert len(problems) == 3
    sample.resolve({"id": "x", "label": "original_slip"}, row, "L2", problems)
    assert problems[-1].endswith("with no changed figure")


def test_kappa_and_agreement(kit):
    _, score = kit
    a = ["ok", "error", "ok", "unsure", "error", "ok"]
    b = ["ok", "error", "error", "unsure", "ok", "ok"]
    assert score.kappa(a, b) == pytest.approx(0.454545, abs=1e-5)
    assert score.kappa(["ok"] * 3, ["ok"] * 3) == 1.0
    span = {"source_span": [0, 4], "target_span": [0, 5], "kind": "value"}
    labels = [
        {"id": "p", "label": "error", "changed": [span],
         "second": {"label": "error", "changed": [span]}},
        {"id": "q", "label": "ok", "second": {"label": "error", "changed": [span]}},
        {"id": "r", "label": "ok"},
    ]  # fmt: skip
    ag = score.agreement(labels)
    assert (ag["n"], ag["agree"], ag["both_error"], ag["same_figure"]) == (2, 1, 1, 1)
    assert ag["disagree"] == ["q"]


def test_score_counts_false_flags_and_weights_misses(kit):
    _, score = kit
    labels = [
        {"id": "f1", "label": "error", "changed": [{"source_span": [3, 8], "kind": "value"}]},
        {"id": "f2", "label": "ok"},
        {"id": "f3", "label": "unsure", "final": {"label": "original_slip", "changed": []}},
        {"id": "u1", "label": "error", "changed": [{"target_span": [1, 2], "kind": "separator"}]},
        {"id": "u2", "label": "ok"},
    ]  # fmt: skip
    strata = [{"id": i, "stratum": "flagged", "weight": 1.0} for i in ("f1", "f2", "f3")]
    strata += [{"id": i, "stratum": "unflagged", "weight": 10.0} for i in ("u1", "u2")]
    flagged = {"f1": [("translation-changed", "source", 5, 9)], "f2": [], "f3": [], "f4": []}
    text = score.score(labels, strata, flagged, with_figures=100)
    assert "| ok | 1 | 25.0 % | 1.0 % |" in text
    assert "| original_slip | 1 |" in text and "| unlabelled | 1 |" in text
    assert "| error: the check points at a changed figure | 1 |" in text
    assert "| error | 1 | 10 |" in text  # one drawn unflagged error stands for ten
    assert "estimated over the pairs with a digit: 11; flagged 1, missed about 10" in text
    assert "1 change only a separator" in text
