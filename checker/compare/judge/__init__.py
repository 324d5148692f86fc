"""The same-claim judge: the probability that two claims are about the same quantity.

Learned from pairs of PAC claims read and labelled by people (``bench/labels/``; the guide is
``bench/labels/GUIDE.md``): "are these two figures about the same quantity, so that if they
differed one would be wrong or out of date?". Gradient-boosted trees (LightGBM, trained by
``python -m checker.compare.judge.train``) over the features of :mod:`checker.compare.judge.features`, shipped
inside the wheel as LightGBM's own JSON dump of the trees (``model.json``, a few hundred KB)
and evaluated here with numpy: a run imports neither LightGBM nor scikit-learn.

The file also records what the model was trained with (feature names, label counts, the
cross-validated operating points): a model whose feature names differ from the code's is
refused, never misread.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ...core.errors import CheckerError
from ...core.model import Claim
from .features import NAMES, features

MODEL_FILE = Path(__file__).resolve().parent / "model.json"


@dataclass(frozen=True)
class _Tree:
    feature: np.ndarray  # per node; -1 for a leaf
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray  # a leaf's output
    depth: int


def _flatten(node: dict) -> _Tree:
    feature, threshold, left, right, value = [], [], [], [], []
    deepest = 0

    def walk(n: dict, depth: int) -> int:
        nonlocal deepest
        deepest = max(deepest, depth)
        i = len(feature)
        feature.append(-1)
        threshold.append(0.0)
        left.append(i)
        right.append(i)
        value.append(0.0)
        if "leaf_value" in n:
            value[i] = float(n["leaf_value"])
            return i
        if n.get("decision_type", "<=") != "<=":
            raise CheckerError(f"{MODEL_FILE}: unsupported split {n.get('decision_type')!r}")
        feature[i] = int(n["split_feature"])
        threshold[i] = float(n["threshold"])
        left[i] = walk(n["left_child"], depth + 1)
        right[i] = walk(n["right_child"], depth + 1)
        return i

    walk(node, 0)
    return _Tree(
        np.array(feature, dtype=np.int32),
        np.array(threshold, dtype=np.float64),
        np.array(left, dtype=np.int32),
        np.array(right, dtype=np.int32),
        np.array(value, dtype=np.float64),
        deepest,
    )


class Judge:
    """A trained model: :meth:`probabilities` of candidate pairs."""

    def __init__(self, path: Path | str = MODEL_FILE) -> None:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CheckerError(f"{path}: cannot read the same-claim judge: {exc}") from exc
        names = tuple(data.get("features", ()))
        if names != NAMES:
            raise CheckerError(
                f"{path}: the judge was trained on other features than this checker computes;"
                " retrain it with python -m checker.compare.judge.train"
            )
        self.path = str(path)
        self.meta = {k: v for k, v in data.items() if k != "trees"}
        self.trees = [_flatten(t["tree_structure"]) for t in data["trees"]]
        self.version = str(data.get("version", ""))
        self._seen: dict[bytes, float] = {}

    def raw(self, x: np.ndarray) -> np.ndarray:
        """The trees' summed output (log-odds) for each row of ``x``.

        All trees walk at once: one array of every tree's nodes, one column of node indices per
        tree, as many steps as the deepest tree; the leaves' outputs are then added tree by tree,
        in the trees' order (the sum is the one a walk tree after tree gives, to the bit)."""
        x = np.asarray(x, dtype=np.float64)
        if not len(x):
            return np.zeros(0)
        if len(x) > RAW_ROWS:  # a node column per tree: bounded memory, whatever the batch
            return np.concatenate(
                [self.raw(x[i : i + RAW_ROWS]) for i in range(0, len(x), RAW_ROWS)]
            )
        feature, threshold, left, right, value, roots, depth = self._forest
        rows = np.arange(len(x))[:, None]
        node = np.broadcast_to(roots, (len(x), len(roots))).copy()
        for _ in range(depth):
            f = feature[node]
            inner = f >= 0
            if not inner.any():
                break
            go_left = x[rows, np.where(inner, f, 0)] <= threshold[node]
            node = np.where(inner, np.where(go_left, left[node], right[node]), node)
        leaves = value[node]
        total = np.zeros(len(x))
        for column in leaves.T:
            total += column
        return total

    @property
    def _forest(self) -> tuple:
        forest = getattr(self, "_forest_arrays", None)
        if forest is None:
            offsets = np.cumsum([0] + [len(t.feature) for t in self.trees[:-1]]).astype(np.int32)
            forest = (
                np.concatenate([t.feature for t in self.trees]),
                np.concatenate([t.threshold for t in self.trees]),
                np.concatenate([t.left + o for t, o in zip(self.trees, offsets, strict=True)]),
                np.concatenate([t.right + o for t, o in zip(self.trees, offsets, strict=True)]),
                np.concatenate([t.value for t in self.trees]),
                offsets,
                max((t.depth for t in self.trees), default=0),
            )
            self._forest_arrays = forest
        return forest

    def _raw_tree_by_tree(self, x: np.ndarray) -> np.ndarray:
        """:meth:`raw` walked one tree at a time (the reference the tests hold it to)."""
        x = np.asarray(x, dtype=np.float64)
        total = np.zeros(len(x))
        rows = np.arange(len(x))
        for t in self.trees:
            node = np.zeros(len(x), dtype=np.int32)
            for _ in range(t.depth):
                f = t.feature[node]
                inner = f >= 0
                if not inner.any():
                    break
                go_left = x[rows, np.where(inner, f, 0)] <= t.threshold[node]
                node = np.where(inner, np.where(go_left, t.left[node], t.right[node]), node)
            total += t.value[node]
        return total

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The probability of "same quantity" for each row of features; a row met before (a
        desk re-check judges the same pairs) is answered from a cache of this judge's own."""
        if not len(x):
            return np.zeros(0)
        x = np.ascontiguousarray(x)
        keys = [x.dtype.char.encode() + row.tobytes() for row in x]
        out = np.array([self._seen.get(k, np.nan) for k in keys])
        new = np.flatnonzero(np.isnan(out))
        if len(new):
            out[new] = 1.0 / (1.0 + np.exp(-self.raw(x[new])))
            if len(self._seen) + len(new) > SEEN_ROWS:
                self._seen.clear()
            self._seen.update((keys[i], float(out[i])) for i in new.tolist())
        return out

    def probabilities(
        self,
        pairs: Sequence[tuple[Claim, Claim, float]],
        languages: Mapping[str, str] | None = None,
    ) -> np.ndarray:
        """The probability that each candidate ``(a, b, similarity)`` is one quantity (pass
        every candidate of a run at once: see :func:`~checker.compare.judge.features.features`;
        ``languages``, document id -> language, marks the pairs across two languages).

        A pair the parse reads as two different things outright (:data:`VETOES`) gets 0."""
        x = features(pairs, languages)
        p = self.predict(x)
        p[vetoed(x)] = 0.0
        return p


#: Rows :meth:`Judge.raw` walks at once: each step holds a few (rows x trees) arrays, ~10 MB
#: each here (558,000 pairs of one 5 MB article at once took 6 GB).
RAW_ROWS = 4096
#: Feature rows whose probability a judge keeps (then it starts again): ~10 MB.
SEEN_ROWS = 50_000


#: Features that say outright that two claims are two things, whatever else they share: two
#: different known events (killed / injured, held / released: 6 labelled pairs, none the
#: same quantity), a remainder ("all but $12,300") against an amount (none labelled), two
#: different named holders ("the couple's tax rate" / "Trump's": 53 pairs, 5 the same), two
#: different years (20 pairs, 2 the same). Too rare for the trees to learn well, and a false
#: match on them is the false conflict editors complained of; they cost 7 of the 265
#: labelled partners. Negation (10 of 130 the same) and two places neither sentence shares
#: (3 of 158; as a veto it cost two planted figures, "35 Russian diplomats" among them) are
#: left to the trees.
VETOES = ("events_differ", "remainder", "agents_differ", "years_differ")
_VETO_COLUMNS = [NAMES.index(v) for v in VETOES]


def vetoed(x: np.ndarray) -> np.ndarray:
    """Which rows of features the parse vetoes (:data:`VETOES`)."""
    if not len(x):
        return np.zeros(0, dtype=bool)
    return (x[:, _VETO_COLUMNS] > 0).any(axis=1)


@cache
def default_judge() -> Judge:
    """The judge shipped with checker (loaded once per process)."""
    return Judge(MODEL_FILE)
