"""Stage 7, joins between neighbouring quantities: "more than 100 and less than 300" and
"from 700 euros up to 1,500 euros" are one range; "up 0.25 points, or 0.01%" gives the second
figure the same direction; a bound restated in parentheses stays a bound.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from checker.core.model import Quantity
from checker.core.settings import DEFAULT_SEMANTICS

from .build import interval
from .tables import Lang

#: "more than 40 million rupees (US$480,000)", "below 30 knots (56 km/h)"
_RESTATED_OPEN = re.compile(r"\s*(?:[^\W\d][\w.'’-]*\s+){0,3}\(\s*")


_RESTATED_CLOSE = re.compile(r"\s*(?:[^\W\d][\w.'’/-]*\s*){0,2}\)")


def _alternatives(words: set[str]) -> str:
    """``words`` as a regex alternation, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


class _Patterns:
    """The joins' patterns, with a language's words in them (built once per language)."""

    def __init__(self, lex: Lang) -> None:
        #: "up 0.25 points, or 0.01%", "grew by 125,600 positions or 2.2 per cent": one change,
        #: twice (``restate_words``); "(" in every language
        restate = _alternatives(lex.restate_words)
        opens = rf"{restate}|\(" if restate else r"\("
        self.same_change = re.compile(rf"\s*(?:[a-z]+\s*)?,?\s*(?:{opens})\s*")
        #: "Exports were up 4.1%, Imports by 2.2%": the verb is left out of the second clause
        #: (a comma or ``and_words``, then ``change_by``)
        conj = _alternatives(lex.and_words) or "(?!)"  # (?!) never matches: a comma only
        by = _alternatives(lex.change_by)
        gapped = rf"\s*(?:,|,?\s*(?:{conj}))\s+(?:[A-Z][\w&'’.-]*\s+){{1,4}}(?:{by})\s+"
        self.gapped = re.compile(gapped) if by else None
        #: "from 700 euros up to 1,500 euros" (``range_from``, ``up_to``)
        start = _alternatives(lex.range_from)
        from_before = rf"(?:(\w+)\s+)?\b({start})\s+$"
        self.from_before = re.compile(from_before, re.IGNORECASE) if start else None
        self.up_to = lex.up_to.texts


@functools.cache
def _patterns(lex: Lang) -> _Patterns:
    return _Patterns(lex)


def same_change(text: str, a: Quantity, b: Quantity, lex: Lang) -> Quantity:
    """``b`` restates ``a``'s change in other terms: it takes ``a``'s direction; a bound
    restated in parentheses (a conversion) stays a bound; a clause that leaves out its verb
    ("up 4.1%, Imports by 2.2%") takes the direction of the one before."""
    if b.start - a.end > 40:
        return b
    if a.approx in ("lower_bound", "upper_bound") and b.approx == "exact" and not b.vague:
        opened = _RESTATED_OPEN.fullmatch(text, a.end, b.start)
        if opened and _RESTATED_CLOSE.match(text, b.end) and "(" not in text[a.start : a.end]:
            lo, hi, _, lo_open, hi_open = interval(b.value, _BOUND_MOD[a.approx], DEFAULT_SEMANTICS)
            lo_open, hi_open = lo_open and a.low_open, hi_open and a.high_open
            b = replace(b, low=lo, high=hi, approx=a.approx, low_open=lo_open, high_open=hi_open)
    if a.direction is None or b.direction is not None:
        return b
    pat = _patterns(lex)
    same = pat.same_change.fullmatch(text, a.end, b.start) and b.start - a.end <= 30
    if same or a.kind == b.kind and pat.gapped and pat.gapped.fullmatch(text, a.end, b.start):
        return replace(b, direction=a.direction)
    return b


_BOUND_MOD = {"lower_bound": "gt", "upper_bound": "lt"}


_UNIT_GAP = re.compile(r"\s*(?:[^\W\d][\w.]*\s+){0,2}")


def from_up_to(text: str, a: Quantity, b: Quantity, lex: Lang) -> Quantity | None:
    """ "from 700 euros up to 1,500 euros": a range, not a figure and a cap (but "rose from 700
    up to 900" is a change of level)."""
    if a.approx != "exact" or b.approx != "upper_bound" or a.direction or b.direction:
        return None
    pat = _patterns(lex)
    if not b.text.lower().startswith(pat.up_to) or a.kind != b.kind or not a.value < b.value:
        return None
    before = pat.from_before and pat.from_before.search(text, max(0, a.start - 30), a.start)
    if not before or not _UNIT_GAP.fullmatch(text, a.end, b.start):
        return None
    if before.group(1) and (before.group(1).lower(),) in lex.dirs.table:
        return None
    start = text.lower().rindex(before.group(2).lower(), before.start(), a.start)
    return Quantity(
        text=text[start : b.end], start=start, end=b.end, value=(a.value + b.value) / 2,
        low=a.value, high=b.value, kind=a.kind, unit=a.unit or b.unit, approx="range",
        readings=a.readings + b.readings, notes=tuple(dict.fromkeys(a.notes + b.notes)),
    )  # fmt: skip


def join_bounds(text: str, a: Quantity, b: Quantity, lex: Lang) -> Quantity | None:
    """ "more than 100 and less than 300", "at most 100 and at least 20": one range."""
    if {a.approx, b.approx} != {"lower_bound", "upper_bound"} or a.kind != b.kind:
        return None
    if " ".join(text[a.end : b.start].split()).lower() not in lex.bound_joins:
        return None
    lo, hi = (a, b) if a.approx == "lower_bound" else (b, a)
    if not lo.value < hi.value:
        return None
    return Quantity(
        text=text[a.start : b.end], start=a.start, end=b.end, value=(lo.value + hi.value) / 2,
        low=lo.value, high=hi.value, kind=a.kind, unit=a.unit or b.unit, approx="range",
        direction=a.direction, readings=a.readings + b.readings,
        notes=tuple(dict.fromkeys(a.notes + b.notes)), low_open=lo.low_open,
        high_open=hi.high_open,
    )  # fmt: skip
