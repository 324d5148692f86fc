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


@dataclass(frozen=True)
class _Forest:
    """Every tree as a perfect binary tree of one depth, in flat arrays (heap order: node
    ``n``'s children are ``2n + 1`` and ``2n + 2``; tree ``t``'s inner nodes start at
    ``inner_at[t]``, its leaves at ``leaf_at[t]`` past the inner nodes' count)."""

    feature: np.ndarray  # per inner node
    threshold: np.ndarray  # float64, as trained
    threshold32: np.ndarray  # the largest float32 not above each threshold
    value: np.ndarray  # per leaf
    inner_at: np.ndarray  # (1, trees)
    leaf_at: np.ndarray  # (1, trees)
    depth: int

    @classmethod
    def of(cls, trees: Sequence[_Tree]) -> _Forest:
        depth = max((t.depth for t in trees), default=0)
        inner, leaves = 2**depth - 1, 2**depth
        feature = np.zeros((len(trees), inner), dtype=np.int32)
        threshold = np.full((len(trees), inner), np.inf)
        value = np.zeros((len(trees), leaves))
        for k, t in enumerate(trees):
            todo = [(0, 0, 0)]  # (node of the tree, place in the perfect tree, depth)
            while todo:
                n, at, d = todo.pop()
                if t.feature[n] < 0:  # a leaf: every leaf below its place gives its output
                    first = last = at
                    for _ in range(depth - d):
                        first, last = 2 * first + 1, 2 * last + 2
                    value[k, first - inner : last - inner + 1] = t.value[n]
                    continue
                feature[k, at], threshold[k, at] = t.feature[n], t.threshold[n]
                todo += [(t.left[n], 2 * at + 1, d + 1), (t.right[n], 2 * at + 2, d + 1)]
        threshold32 = threshold.astype(np.float32)
        above = threshold32.astype(np.float64) > threshold
        threshold32[above] = np.nextafter(threshold32[above], np.float32(-np.inf))
        trees_at = np.arange(len(trees), dtype=np.int32)[None, :]
        return cls(
            feature.ravel(), threshold.ravel(), threshold32.ravel(), value.ravel(),
            trees_at * inner, trees_at * leaves - inner, depth,
        )  # fmt: skip


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

        All trees walk at once, as perfect binary trees of the deepest tree's depth (a leaf
        above that depth is a node sending every row left, its leaf's output copied to each
        leaf below it): one column of node indices per tree, each step ``2 n + 1`` plus one
        when the row goes right, no test of which nodes are leaves. Rows of ``float32`` (the
        features' type) are compared with the thresholds rounded down to ``float32``, which
        decides every row as the ``float64`` threshold does. The leaves' outputs are added
        tree by tree, in the trees' order: the sum a walk tree after tree gives, to the bit."""
        x = np.asarray(x)
        if x.dtype != np.float32:
            x = x.astype(np.float64)
        if not len(x):
            return np.zeros(0)
        if len(x) > RAW_ROWS:  # a node column per tree: bounded memory, whatever the batch
            return np.concatenate(
                [self.raw(x[i : i + RAW_ROWS]) for i in range(0, len(x), RAW_ROWS)]
            )
        forest = self._forest
        x = np.ascontiguousarray(x)
        values = x.ravel()
        row_at = (np.arange(len(x), dtype=np.int32) * x.shape[1])[:, None]
        threshold = forest.threshold32 if x.dtype == np.float32 else forest.threshold
        node = np.zeros((len(x), len(self.trees)), dtype=np.int32)
        for _ in range(forest.depth):
            at = node + forest.inner_at
            right = ~(values[row_at + forest.feature[at]] <= threshold[at])  # NaN goes right
            node = 2 * node + 1 + right
        leaves = forest.value[node + forest.leaf_at]
        total = np.zeros(len(x))
        for column in leaves.T:
            total += column
        return total

    @property
    def _forest(self) -> _Forest:
        forest = getattr(self, "_forest_arrays", None)
        if forest is None:
            forest = self._forest_arrays = _Forest.of(self.trees)
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


#: Rows :meth:`Judge.raw` walks at once: each step holds a few (rows x trees) arrays, ~2.5 MB
#: each here (558,000 pairs of one 5 MB article at once took 6 GB); 1,024 walked the 5 MB
#: article's pairs fastest of 256 to 16,384 here (the arrays stay in the processor's cache).
RAW_ROWS = 1024
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
