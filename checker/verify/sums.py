"""Figures a source gives in parts (a sum, a proportion, a score): "12 killed and 30
wounded" against "42 casualties"."""

from __future__ import annotations

import dataclasses
import math
import re

from ..compare.match import family, subject_score
from ..core.model import Claim, Document, Quantity
from ..read.claims import head_subject
from ..read.figures import scores
from .figures import events_conflict, judge
from .verdict import ClaimCheck

_SUM_JOINER = re.compile(r"^[^.;:!?]{0,60}\b(?:and|plus)\b[^.;:!?]{0,20}$", re.IGNORECASE)


def sum_check(
    statement: Claim,
    src_claims: list[Claim],
    text: str,
    rounding: float,
    tolerance: float,
    paired: Claim | None = None,
    ratio: float = 85.0,
) -> ClaimCheck | None:
    """A total the source gives in two parts: "15 dead in Serbia and another five in Bosnia".

    Only two figures of one family, next to each other in one sentence and
    joined by "and" / "plus", none negated, neither naming an event other
    than the statement's nor counting something else (unless the total counts
    people); the total must be their exact sum, and bounds carry
    over ("at least 15" + "five" is "at least 20"). If the statement's figure was
    paired with a source figure, that figure must be one of the parts. It can
    only support.
    """
    for a, b in zip(src_claims, src_claims[1:], strict=False):
        if paired is not None and paired.id not in (a.id, b.id):
            continue
        if a.sentence != b.sentence or family(a) != family(statement) or family(b) != family(a):
            continue
        if a.negated or b.negated or statement.negated:
            continue
        if events_conflict(statement, a) or events_conflict(statement, b):
            continue
        if not (_part_of(a, statement, ratio) and _part_of(b, statement, ratio)):
            continue
        if not _SUM_JOINER.match(text[a.end : b.start]):
            continue
        total = _total(a.quantity, b.quantity)
        if total is None or not math.isclose(total.value, statement.quantity.value, rel_tol=1e-9):
            continue
        label, _ = judge(statement, dataclasses.replace(a, quantity=total), rounding, tolerance)
        if label == "supported":
            reason = f"the source says {a.quantity.text} and {b.quantity.text}, {total.text} in all"
            return ClaimCheck(statement, "supported", a, reason)
    return None


def _part_of(part: Claim, total: Claim, ratio: float) -> bool:
    """A part counts what the total counts, or the total counts people in general."""
    head, whole = head_subject(part), head_subject(total)
    if not head or not whole or whole == "people":
        return True
    return subject_score(part, total) >= ratio


def _total(x: Quantity, y: Quantity) -> Quantity | None:
    """The sum of two figures as an interval; None when it is not a single figure."""
    if x.vague or y.vague or "range" in (x.approx, y.approx):
        return None
    kinds = {x.approx, y.approx} - {"exact"}
    if len(kinds) > 1:
        return None  # "at least 5 and up to 9": no single total
    approx = kinds.pop() if kinds else "exact"
    value = x.value + y.value
    text = f"{value:,.0f}" if value.is_integer() else f"{value:,}"
    return dataclasses.replace(
        x,
        text=text,
        value=value,
        low=x.low + y.low,
        high=x.high + y.high,
        approx=approx,
        low_open=x.low_open or y.low_open,
        high_open=x.high_open or y.high_open,
    )


_PROPORTION = re.compile(
    r"\b(?:in|out of)\b|/|\b(?:half|halves|thirds?|quarters?|(?:four|fif|six|seven|eigh|nin|ten)ths?)\b",
    re.IGNORECASE,
)


def as_percent(claim: Claim) -> Claim:
    """ "Nearly 1 in 10", "a third", "3 out of 4" are shares: compared as 10%, 33.3%, 75%.

    A share written as a fraction stands for the whole percentage it rounds to
    ("a third" is 33%), so it gets half a point either side.
    """
    q = claim.quantity
    if q.kind != "cardinal" or not 0 < q.value < 1 or not _PROPORTION.search(q.text):
        return claim
    slack = 0.5 if q.low == q.high else 0.0
    share = dataclasses.replace(
        q,
        kind="percent",
        unit=None,
        value=q.value * 100,
        low=q.low * 100 - slack,
        high=q.high * 100 + slack,
    )
    return dataclasses.replace(claim, quantity=share)


def score_checks(
    statement: Document, source: Document, stmt_claims: list[Claim], src_claims: list[Claim]
) -> list[ClaimCheck]:
    """Scores and tallies ("drew 1-1", "ruled 5-4") are figures an editor checks too.

    One is supported when the source gives the same pair, in either order (a
    2-1 win is a 1-2 loss); otherwise unsupported, never contradicted, since a
    source often reports other games of the day.
    """
    found = _scores_of(statement, stmt_claims)
    if not found:
        return []
    given = {
        tuple(sorted(q.readings)): _score_claim(source, q, n)
        for n, q in enumerate(_scores_of(source, src_claims))
    }
    out = []
    for n, q in enumerate(found):
        claim = _score_claim(statement, q, n)
        hit = given.get(tuple(sorted(q.readings)))
        if hit:
            reason = f"the source says {hit.quantity.text}"
            out.append(ClaimCheck(claim, "supported", hit, reason))
        else:
            out.append(ClaimCheck(claim, "unsupported", None, "the source gives no such score"))
    return out


def _score_claim(document: Document, q: Quantity, n: int) -> Claim:
    sentence = next((s for s in document.sentences if s.start <= q.start < s.end), None)
    return Claim(
        id=f"{document.id}#score{n + 1}",
        doc=document.id,
        sentence=sentence.index if sentence else 0,
        quantity=q,
        subject="score",
        event=None,
        key_text=q.text,
        sentence_text=sentence.text if sentence else document.text,
        sentence_start=sentence.start if sentence else 0,
    )


def _scores_of(document: Document, claims: list[Claim]) -> list[Quantity]:
    return scores(document.text, [(c.start, c.end) for c in claims if c.kind != "score"])


def without(document: Document, claims: list[Claim]) -> str:
    """The text with its figures blanked out ("3 dollars", "$3"): figures are checked apart."""
    text = document.text
    for c in sorted(claims, key=lambda c: -c.start):
        text = text[: c.start] + " " + text[c.end :]
    return text
