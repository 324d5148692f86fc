"""Text that is not prose: what it is, and how its figures are read without the parser.

A table pasted as text, a list of figures or one giant "sentence" holds figures that are
claims, but reading it as prose costs as if it were: the parse of a 10,000-character
"sentence" is pathological, and each of its figures' texts to embed is a different window of
one huge clause, so 4,000 figures in one sentence meant 6,500 texts for the model.

A sentence is **not prose** (:func:`is_prose`) when it holds more than :data:`MAX_FIGURES`
figures that may be claims, or at least :data:`DENSE_FIGURES` of them and at least one figure
per :data:`WORDS_PER_FIGURE` words. Measured on the seeds, the PAC story pairs and the
English side of bppt-eco (13,824 sentences, ``bench/prose.py``): the most figures in one real
sentence is 12, and no sentence of 8 or more figures has one per two words (the densest
real sentence, "He paid $641,931 in 2015, $750 in both 2016 and 2017, and $133,445 in
2019.", has 7 figures in 8 words and stays prose). Length alone is no sign: the benchmark
articles have real 929-word "sentences" (text whose full stops the splitter cannot see), and
the splitter already cuts every sentence at 10,000 characters.

The figures of a sentence that is not prose are read from the words beside each one
(:func:`checker.read.nearby.read_nearby`, as for a language without grammar): its key and
focus text are the :data:`KEY_BEFORE` tokens before it and the :data:`KEY_AFTER` after it, the
other figures among them written ``#``. So embedding costs the same per claim however long
the sentence, and the texts to embed are few: a run of figures in the same words ("and 12
people and 17 people ...") is one text, not one per figure, and a 5 MB line of random words
(13 of them) at most 14 x 14 x 14. Each claim's sentence is the :data:`CONTEXT_TOKENS` tokens
on each side of its figure, not the whole run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..core.model import Quantity, Sentence
from .nearby import read_nearby
from .readings import MASK, Reading

#: A sentence with more figures than this is not prose (the most in a real sentence: 12).
MAX_FIGURES = 16
#: A sentence with at least this many figures ...
DENSE_FIGURES = 8
#: ... and at least one per this many words is not prose either (a table: "Springfield 412
#: Riverton 388 Lakeside 97 ...").
WORDS_PER_FIGURE = 2
#: Tokens before and after a figure in its key text, the text that is embedded: what labels
#: a figure in a table or a list is the word before it ("Springfield 412", "killed: 12"),
#: what it counts the word after ("12 people"). On a line of random words (bench/stress.py)
#: two and one make 2,270 distinct texts of 8,020 figures in 500 KB, and at most 14^3 however
#: long; three and three made 8,012 (all but the same, one text to embed per figure).
KEY_BEFORE, KEY_AFTER = 2, 1
#: Tokens on each side of a figure in the sentence its claim shows.
CONTEXT_TOKENS = 14
#: What stands for another figure in a key text.
OTHER = "#"

_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"\w+(?:['’-]\w+)*|\S")


def is_prose(text: str, figures: int) -> bool:
    """Is ``text``, a sentence holding ``figures`` figures that may be claims, prose?"""
    if figures > MAX_FIGURES:
        return False
    if figures < DENSE_FIGURES:
        return True
    return figures * WORDS_PER_FIGURE < len(_WORD.findall(text))


def read_not_prose(
    sentence: Sentence, figures: Sequence[Quantity], stop_words: frozenset[str]
) -> list[tuple[Sentence, Reading]]:
    """For each figure of ``sentence`` (at document offsets, in order), the sentence its
    claim shows and its reading from the words beside it; linear in the sentence's length."""
    text, base = sentence.text, sentence.start
    spans = [(q.start - base, q.end - base) for q in figures]
    units = _units(text, spans)
    at = {fig: i for i, (_, _, fig) in enumerate(units) if fig >= 0}
    out = []
    for n, (q, (start, end)) in enumerate(zip(figures, spans, strict=True)):
        i = at.get(n)
        if i is None:  # no token of its own (cannot happen for a scanned figure): alone
            before, after, a, b = (), (), start, end
        else:
            before = tuple(_shown(text, u) for u in units[max(i - KEY_BEFORE, 0) : i])
            after = tuple(_shown(text, u) for u in units[i + 1 : i + 1 + KEY_AFTER])
            a = min(units[max(i - CONTEXT_TOKENS, 0)][0], start)
            b = max(units[min(i + CONTEXT_TOKENS, len(units) - 1)][1], end)
        reading = _reading(before, after, q.kind, stop_words)
        out.append((Sentence(sentence.index, base + a, base + b, text[a:b]), reading))
    return out


@lru_cache(maxsize=65_536)
def _reading(
    before: tuple[str, ...], after: tuple[str, ...], kind: str, stop_words: frozenset[str]
) -> Reading:
    """The reading of a figure (already masked) between the words ``before`` and ``after``:
    the same few words around many figures are read once."""
    head = "".join(f"{w} " for w in before)
    key = head + MASK + "".join(f" {w}" for w in after)
    (reading,) = read_nearby(key, [(len(head), len(head) + len(MASK))], [kind], stop_words)
    return reading


def _units(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """``text``'s tokens as ``(start, end, -1)``, each figure of ``spans`` (sorted, apart)
    as one ``(start, end, its index)`` however many tokens it covers ("1,200", "$5 bn")."""
    out: list[tuple[int, int, int]] = []
    j = 0
    for m in _TOKEN.finditer(text):
        a, b = m.span()
        while j < len(spans) and spans[j][1] <= a:
            j += 1
        if j < len(spans) and spans[j][0] < b:
            if not out or out[-1][2] != j:
                out.append((*spans[j], j))
        else:
            out.append((a, b, -1))
    return out


def _shown(text: str, unit: tuple[int, int, int]) -> str:
    """A unit as a key text shows it: a word as it is, another figure as :data:`OTHER`."""
    a, b, fig = unit
    return OTHER if fig >= 0 else text[a:b]
