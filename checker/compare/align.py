"""Sentence alignment of a text and its translation: which sentences of one render which of
the other.

A monotone alignment, as translation tools align a bitext (Gale and Church's length model,
with what the sentences share on top): dynamic programming over the two sentence lists,
where each step takes one *bead*: one sentence against one (1-1), one against two (1-2, 2-1:
a sentence split or merged in translation), or a sentence with no counterpart (1-0, 0-1).
A bead is scored by what a translation keeps whatever the language:

- the **figures** the two sides share, each read in its own language's conventions (the
  caller gives each sentence's figure keys, see :func:`checker.compare.translation.keys_of`);
- their **lengths** (a sentence and its translation have lengths in a steady ratio);
- **names and digits** in common (capitalised words and tokens with digits, compared with
  rapidfuzz so "Mulyani" meets "Mulyani's" and "Rp1,5" meets "Rp1.5").

A bead scores ``similarity - THRESHOLD``; a sentence left alone costs ``SKIP_COST``, so two
sentences in the same place are aligned unless they look unlike each other. The path with the
highest total wins. The search runs in a band around the diagonal, so a long text costs
``n × band`` cells, not ``n × m``.

``similarity`` is the seam for a sentence-embedding similarity (0-1) of two texts in
different languages: when given, it is mixed into each bead's score. No embedder is used
here yet.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

#: A bead scores its similarity less this.
THRESHOLD = 0.25
#: What a 1-2 or 2-1 bead pays on top: merges only when they explain more than one sentence.
MERGE_COST = 0.08
#: What a sentence left without counterpart costs: translations drop few whole sentences, so
#: two sentences in the same place are paired unless they look unlike each other.
SKIP_COST = 0.1
#: Weights of the signals in a bead's similarity (they add up to 1; ``EMBEDDING`` takes its
#: share from the others when a similarity function is given).
FIGURES, ANCHORS, LENGTH = 0.45, 0.25, 0.30
EMBEDDING = 0.4
#: How far from the diagonal the search looks, at least (sentences).
MIN_BAND = 12

#: Two texts in different languages -> how alike they are in meaning, 0-1.
Similarity = Callable[[str, str], float]

_ANCHOR = re.compile(r"\w*\d[\w.,/]*|\b[A-Z][\w'’-]+")


@dataclass(frozen=True)
class Side:
    """One sentence as the aligner sees it: its text and the keys of its figures."""

    text: str
    figures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bead:
    """Source sentences ``source`` are rendered by target sentences ``target`` (indices into
    the two lists, in order; one side empty when a sentence has no counterpart)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float = 0.0


#: The most names and digits of a sentence compared (a hostile line holds thousands).
MAX_ANCHORS = 60


def _anchors(text: str) -> list[str]:
    """The sentence's names and tokens with digits, each once, at most ``MAX_ANCHORS``."""
    found = dict.fromkeys(m.group().lower().strip(".,") for m in _ANCHOR.finditer(text))
    return list(found)[:MAX_ANCHORS]


def _figure_overlap(a: Counter, b: Counter) -> float | None:
    total = sum(a.values()) + sum(b.values())
    if not total:
        return None
    return 2 * sum((a & b).values()) / total


def _anchor_overlap(a: list[str], b: list[str]) -> float | None:
    if not a or not b:
        return None if not a and not b else 0.0
    hits = sum(1 for x in a if any(fuzz.ratio(x, y) >= 80 for y in b))
    hits_b = sum(1 for y in b if any(fuzz.ratio(x, y) >= 80 for x in a))
    return (hits + hits_b) / (len(a) + len(b))


def _length_score(ls: int, lt: int, ratio: float) -> float:
    """1 when the target is ``ratio`` times the source's length, falling off with the log of
    the gap (a sentence twice as long as expected scores ~0.25)."""
    if ls == 0 or lt == 0:
        return 0.0
    return math.exp(-2 * abs(math.log(lt / (ls * ratio))))


class _Scorer:
    def __init__(self, source: Sequence[Side], target: Sequence[Side], ratio, similarity):
        self.source, self.target = source, target
        self.ratio, self.similarity = ratio, similarity
        self.fig_s = [Counter(s.figures) for s in source]
        self.fig_t = [Counter(t.figures) for t in target]
        self.anc_s = [_anchors(s.text) for s in source]
        self.anc_t = [_anchors(t.text) for t in target]

    def bead(self, si: tuple[int, ...], ti: tuple[int, ...]) -> float:
        figs = _figure_overlap(
            sum((self.fig_s[i] for i in si), Counter()), sum((self.fig_t[j] for j in ti), Counter())
        )
        anchors = _anchor_overlap(
            [a for i in si for a in self.anc_s[i]], [a for j in ti for a in self.anc_t[j]]
        )
        ls = sum(len(self.source[i].text) for i in si)
        lt = sum(len(self.target[j].text) for j in ti)
        length = _length_score(ls, lt, self.ratio)
        # a signal that has nothing to compare (no figures on either side) is neutral
        score = (
            FIGURES * (0.5 if figs is None else figs)
            + ANCHORS * (0.5 if anchors is None else anchors)
            + LENGTH * length
        )
        if self.similarity is not None:
            a = " ".join(self.source[i].text for i in si)
            b = " ".join(self.target[j].text for j in ti)
            score = (1 - EMBEDDING) * score + EMBEDDING * self.similarity(a, b)
        return score - THRESHOLD - (MERGE_COST if len(si) + len(ti) > 2 else 0.0)


#: The beads a step may take: (source sentences, target sentences).
STEPS = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


def align(
    source: Sequence[Side],
    target: Sequence[Side],
    *,
    ratio: float | None = None,
    similarity: Similarity | None = None,
) -> list[Bead]:
    """The best monotone alignment of ``source`` and ``target`` sentences, as beads in order.

    ``ratio`` is the expected target/source length ratio (default: the two texts' own);
    ``similarity`` an optional cross-language similarity of two texts (0-1).
    """
    n, m = len(source), len(target)
    if ratio is None:
        total_s = sum(len(s.text) for s in source)
        total_t = sum(len(t.text) for t in target)
        ratio = total_t / total_s if total_s and total_t else 1.0
    scorer = _Scorer(source, target, ratio, similarity)
    band = max(MIN_BAND, abs(n - m) + MIN_BAND)

    def near(i: int, j: int) -> bool:
        return abs(i * m - j * n) <= band * max(n, m, 1)

    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None, float]] = {
        (0, 0): (0.0, None, 0.0)
    }
    for i in range(n + 1):
        for j in range(m + 1):
            if (i, j) == (0, 0) or not near(i, j):
                continue
            top: tuple[float, tuple[int, int] | None, float] | None = None
            for di, dj in STEPS:
                prev = best.get((i - di, j - dj))
                if prev is None:
                    continue
                if di and dj:
                    gain = scorer.bead(tuple(range(i - di, i)), tuple(range(j - dj, j)))
                else:
                    gain = -SKIP_COST
                total = prev[0] + gain
                if top is None or total > top[0] + 1e-12:
                    top = (total, (i - di, j - dj), gain)
            if top is not None:
                best[(i, j)] = top
    if (n, m) not in best:  # cannot happen with 1-0 and 0-1 steps; kept for safety
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    beads: list[Bead] = []
    at: tuple[int, int] = (n, m)
    while at != (0, 0):
        _, prev, gain = best[at]
        assert prev is not None
        beads.append(Bead(tuple(range(prev[0], at[0])), tuple(range(prev[1], at[1])), gain))
        at = prev
    beads.reverse()
    return beads
