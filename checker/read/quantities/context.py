"""The token view of one text (``Context``) and the scan state stages hand each other.

Input: the text, the language tables (:class:`~checker.read.quantities.tables.Lang`) and the
interval settings. Output: tokens with offsets into the ORIGINAL text, lower-cased forms and
types (``d`` digits, ``w`` word, ``p`` punctuation), and bounded look-back/look-ahead helpers.

Scan state, the only channels between stages (everything else is passed as arguments or on
the :class:`~checker.read.quantities.record.Num`):

===========  ==========================================  =====================================
field        written by                                  read by
===========  ==========================================  =====================================
``floor``    ``extract_quantities``: end of the last     ``low``/``back``/``fwd`` and the
             quantity found                              filters: look-back never crosses it
``ahead``    ``ranges.read_range``: (token, parse) of    ``scan.quantity_at``: reuses the
             the number after a dash ("5, 10 - 20")      parse instead of reading it again
``pending``  ``ranges.read_range``: token -> direction   ``modifiers.direction_before``: "rose
             of the new level ("rose from 10 to 20")     from 10 to 20" gives 20 the direction
``chain``    ``ratios._colon_ratio``: end of "5: 2: 1"   ``ratios``, ``filters``: each term of
                                                         a long ratio is a count of its own
===========  ==========================================  =====================================
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from checker.core.settings import Semantics

from .record import Num
from .tables import Lang, Phrases
from .tokens import TOKEN, URL


class Context:
    """The token view of one text, plus scan state (``floor``: look-back stops there)."""

    def __init__(self, text: str, lex: Lang, sem: Semantics) -> None:
        self.text, self.lex, self.sem = text, lex, sem
        st, en, toks = [], [], []
        for m in TOKEN.finditer(text):
            st.append(m.start())
            en.append(m.end())
            toks.append(m.group())
        self.st, self.en, self.toks, self.n = st, en, toks, len(toks)
        self.lows = [t.lower() for t in toks]
        self.typ = ["d" if "0" <= t[0] <= "9" else "w" if t[0].isalpha() else "p" for t in toks]
        self.floor = 0
        self.pending: dict[int, str] = {}  # token -> direction, for "rose from 10 to 20"
        self.ahead: tuple[int, Num | None] = (-1, None)  # read_range's look-ahead parse
        self.chain = -1  # "5: 2: 1": tokens before this are terms of a ratio (_colon_ratio)
        self.urls = [x for m in URL.finditer(text) for x in m.span()] if "/" in text else []
        self.vmap, self.vfirst = _vague_words(tuple(sem.vague))

    def glued(self, i: int) -> bool:
        return 0 < i < self.n and self.st[i] == self.en[i - 1]

    def in_url(self, i: int) -> bool:
        return bool(self.urls) and bisect_right(self.urls, self.st[i]) % 2 == 1

    def low(self, i: int) -> str:
        """Lower-cased token ``i``, or "" outside [floor, n): look-back never crosses a quantity."""
        return self.lows[i] if self.floor <= i < self.n else ""

    def back(self, j: int, phr: Phrases) -> tuple[int, object] | None:
        """Longest phrase of ``phr`` ending just before token ``j``: (start, value)."""
        if j - 1 < self.floor or self.lows[j - 1] not in phr.last:
            return None
        for size in range(min(phr.max, j - self.floor), 0, -1):
            v = phr.table.get(tuple(self.lows[j - size : j]))
            if v is not None:
                return j - size, v
        return None

    def fwd(self, j: int, phr: Phrases) -> tuple[int, object] | None:
        """Longest phrase of ``phr`` starting at token ``j``: (end, value)."""
        if j >= self.n or self.lows[j] not in phr.first:
            return None
        for size in range(min(phr.max, self.n - j), 0, -1):
            v = phr.table.get(tuple(self.lows[j : j + size]))
            if v is not None:
                return j + size, v
        return None

    def count_noun(self, k: int, depth: int = 3) -> bool:
        """Is there a plural count noun within ``depth`` lower-case words ("7.500 foreign
        holders")?"""
        lex = self.lex
        for j in range(k, min(k + depth, self.n)):
            w = self.lows[j]
            if self.typ[j] != "w" or not self.toks[j][0].islower() or w in lex.noun_stops:
                return False
            if w in lex.irregular_plurals or regular_plural(w) and w not in lex.not_plurals:
                return True
        return False


@lru_cache(maxsize=64)
def _vague_words(keys: tuple[str, ...]) -> tuple[dict[str, str], frozenset[str]]:
    """The vague amounts' phrases, normalised ("Tens  of" -> "tens of" -> key), and their first
    words: built once per settings, not once per sentence."""
    vmap = {" ".join(k.lower().split()): k for k in keys}
    return vmap, frozenset(k.split(" ", 1)[0] for k in vmap)


def regular_plural(w: str) -> bool:
    """ "trucks", "holders", "days": ends in -s but not -ss, -is, -us ("across", "crisis",
    "virus")."""
    return len(w) > 3 and w[-1] == "s" and w[-2] not in "siu'"
