"""One figure of a statement against one figure of the source: does the source report it,
allow it, or contradict it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re

from ..compare.intervals import compatible, in_common_unit, widened
from ..core.model import Claim, Quantity
from ..lang.lexicon import lexicon, normalise_subject


def contains(outer: Claim, inner: Claim, rounding: float, tolerance: float) -> bool:
    """True when every value ``inner`` allows is one ``outer`` allows."""
    olo, ohi, olo_open, ohi_open = widened(outer.quantity, rounding, tolerance)
    ilo, ihi, ilo_open, ihi_open = widened(inner.quantity, rounding, tolerance)
    low_ok = ilo > olo or (ilo == olo and (not olo_open or ilo_open))
    high_ok = ihi < ohi or (ihi == ohi and (not ohi_open or ihi_open))
    return low_ok and high_ok


def _reported_as(statement: Claim, source: Claim, rounding: float, tolerance: float) -> bool:
    """Looser readings news copy uses when it repeats a figure.

    A bound or approximation is reported by its figure ("at least 486 flights" →
    "486 flights"); a figure is reported with a hedge or a bound that admits it
    ("an estimated 35.8 million" → "more than 35 million", "slightly more than
    200" → "about 200"); a rounded figure is reported more precisely within its
    rounding ("$1.2 million" → "$1.21 million"). A bound in the source never
    establishes a figure it only allows ("more than 1" does not give "6").
    """
    s, q = statement.quantity, source.quantity
    if q.vague:
        return False
    if s.approx == "exact" and q.approx in ("lower_bound", "approximate"):
        return math.isclose(s.value, q.value, rel_tol=1e-9)
    if s.approx != "exact" and (q.approx in ("exact", "approximate") or s.approx == "approximate"):
        return _inside(q.value, s)
    if s.approx == "exact" and q.approx == "exact":
        lo, hi, _, _ = widened(q, rounding, tolerance)
        return lo <= s.value <= hi
    return False


def _inside(value: float, q: Quantity) -> bool:
    above = value > q.low or (value == q.low and not q.low_open)
    below = value < q.high or (value == q.high and not q.high_open)
    return above and below


def _bound_repeated(statement: Claim, source: Claim) -> bool:
    """ "More than 1,000 apps" repeated as "1,000 apps": imprecise, not a different figure."""
    s, q = statement.quantity, source.quantity
    return s.approx == "exact" and q.approx in ("lower_bound", "upper_bound") and s.value == q.value


def judge(
    statement: Claim,
    source: Claim,
    rounding: float,
    tolerance: float,
    strict_bound_as_figure: bool = True,
) -> tuple[str, str]:
    sq, oq = statement.quantity.text, source.quantity.text
    common = in_common_unit(statement.quantity, source.quantity, rounding)
    if common is not None:  # "14 metres" against "47 feet": compared in metres
        sq, oq = f"{sq} ({statement.quantity.unit})", f"{oq} ({source.quantity.unit})"
        statement = dataclasses.replace(statement, quantity=common[0])
        source = dataclasses.replace(source, quantity=common[1])
        rounding = 0.0
    agree = compatible(statement.quantity, source.quantity, rounding, tolerance)
    if statement.negated != source.negated:
        if agree:
            return "contradicted", f"the source asserts the opposite ({oq})"
        return "unsupported", f"the source negates a different figure ({oq})"
    if source.hedged and not statement.hedged:
        # "50 may have died" establishes nothing, and contradicts no report either.
        return "unsupported", f"the source only says it may be so ({oq})"
    if statement.hedged and not source.hedged and not agree:
        return "unsupported", f"the source says {oq}; the statement only says it may be {sq}"
    if not agree:
        if strict_bound_as_figure and _bound_repeated(statement, source):
            return "unsupported", f"the source says {oq}; the statement drops the bound"
        return "contradicted", f"the source says {oq}"
    if contains(statement, source, rounding, tolerance) or _reported_as(
        statement, source, rounding, tolerance
    ):
        return "supported", f"the source says {oq}"
    return "unsupported", f"the source says {oq}, which allows but does not establish {sq}"


# "Ana Ruiz, 17, and Tom Lee, 18": people named with their age in apposition.
_NAMED_WITH_AGE = re.compile(r"\b([A-Z][a-z’'-]+(?: [A-Z][a-z’'-]+)+), (?:aged )?\d{1,3}\b")


def named_people(text: str) -> list[str]:
    """Distinct people the source names with an age: a count a statement may give in words."""
    return list(dict.fromkeys(m.group(1) for m in _NAMED_WITH_AGE.finditer(text)))


def counts_named(statement: Claim, named: list[str]) -> bool:
    """ "Two teen suspects" counts the people the source names, when the numbers agree."""
    q = statement.quantity
    words = {w.lower() for w in statement.subject.split()}
    return (
        len(named) >= 2
        and statement.kind == "cardinal"
        and q.approx == "exact"
        and q.value == len(named)
        and bool(words & lexicon().person_nouns)
    )


def one_named(statement: Claim, text: str) -> str | None:
    """ "one great-grandchild" for "a great-grandchild": the word "one" and a singular noun.

    Only the word "one" before a singular counted noun, which the source then names
    in the singular ("a", "the", "their" great-grandchild).
    """
    q = statement.quantity
    words = statement.subject.split()
    if q.text.lower() != "one" or q.approx != "exact" or not words:
        return None
    after = statement.sentence_text[q.end - statement.sentence_start :].lstrip()
    if not after.startswith(words[0]) or re.search(r"['’]s\b", statement.subject):
        return None  # "leaves one over", "one country's capital city": not "one <noun>"
    head = words[-1].lower()
    if normalise_subject(head) != head and head not in lexicon().subject_of:
        return None  # a plural head ("one of the suspects")
    if re.search(rf"\b{re.escape(head)}\b", text, re.IGNORECASE):
        return head
    return None


def events_conflict(a: Claim, b: Claim) -> bool:
    known = set(lexicon().event_of.values())
    return bool(a.event and b.event and a.event != b.event and {a.event, b.event} <= known)


def same_point(statement: Claim, source: Claim) -> bool:
    return statement.kind == source.kind and math.isclose(
        statement.quantity.value, source.quantity.value, rel_tol=1e-9
    )


def within(statement: Claim, source: Claim) -> bool:
    """A year or an undated day the source gives as part of a full date.

    "in 2006" is given by "December 30, 2006"; "on December 30" by the same.
    A full date's value is its ordinal day; a day without a year is its day of month.
    """
    if source.kind != "date" or source.quantity.value < 32:
        return False
    day = dt.date.fromordinal(int(source.quantity.value))
    q = statement.quantity
    if statement.kind == "year":
        return q.approx == "exact" and q.value == day.year
    if statement.kind == "date" and q.value < 32:
        return q.unit == source.quantity.unit and q.value == day.day
    return False
