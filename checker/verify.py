"""Does a source support the figures in one statement? What an editor asks of a draft sentence.

A statement is *supported* when every figure in it is matched by a figure in the
source that it allows (the source's interval lies inside the statement's:
"6 years old" supports "more than 1 year old", "at least 486 flights" supports
"486 flights" because news copy reports the bound as the figure); *contradicted*
when a matched figure admits no common value, or the same figure is asserted
with the opposite polarity; otherwise *unsupported* (a figure the source does
not give, or one it only makes possible: "more than 1" does not support "6").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Set
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

from .compare.embed import Embedder
from .compare.intervals import compatible, in_common_unit, widened
from .compare.match import embed_claims, family, subject_score
from .compare.structure import structure_ok
from .core.model import Claim, Document, Evidence, Finding, Match, Quantity
from .core.settings import VerifySettings
from .lang.lexicon import lexicon, normalise_subject, word_lemmas
from .read.claims import entities, extract_claims, head_subject, place_forms, places_in
from .read.figures import scores
from .read.quantities import parse_number
from .rules import RulePack, run_rules

LABELS = ("supported", "contradicted", "unsupported")


@dataclass(frozen=True)
class ClaimCheck:
    """One figure of the statement and what the source says about it."""

    claim: Claim
    label: str
    source: Claim | None = None
    reason: str = ""


@dataclass(frozen=True)
class Verdict:
    label: str
    checks: tuple[ClaimCheck, ...] = ()
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def reason(self) -> str:
        return "; ".join(f"{c.claim.quantity.text}: {c.reason}" for c in self.checks) or (
            "the statement has no figure to check"
        )


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


def _judge(
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


def _named_people(text: str) -> list[str]:
    """Distinct people the source names with an age: a count a statement may give in words."""
    return list(dict.fromkeys(m.group(1) for m in _NAMED_WITH_AGE.finditer(text)))


def _counts_named(statement: Claim, named: list[str]) -> bool:
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


def _one_named(statement: Claim, text: str) -> str | None:
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


def _events_conflict(a: Claim, b: Claim) -> bool:
    known = set(lexicon().event_of.values())
    return bool(a.event and b.event and a.event != b.event and {a.event, b.event} <= known)


def _same_point(statement: Claim, source: Claim) -> bool:
    return statement.kind == source.kind and math.isclose(
        statement.quantity.value, source.quantity.value, rel_tol=1e-9
    )


def _within(statement: Claim, source: Claim) -> bool:
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


def verify_documents(
    statement: Document,
    source: Document,
    rules: RulePack,
    embedder: Embedder,
) -> Verdict:
    """The verdict on every figure of ``statement`` against ``source``."""
    stmt_claims = extract_claims(statement, rules.semantics)
    src_claims = extract_claims(source, rules.semantics)
    tallies = _score_checks(statement, source, stmt_claims, src_claims)
    stmt_claims = [_as_percent(c) for c in stmt_claims if c.kind != "score"]  # scores: tallies
    src_claims = [_as_percent(c) for c in src_claims]
    if not stmt_claims and not tallies:
        return Verdict("unsupported")
    rounding, tolerance = rules.comparison.rounding, rules.comparison.tolerance
    comparable, key_v, focus_v = embed_claims(stmt_claims + src_claims, embedder)
    row = {c.id: i for i, c in enumerate(comparable)}
    checks: dict[str, ClaimCheck] = {}
    # Score every admissible (statement figure, source figure) pair, then assign one to one,
    # best first: "76, 65, 82 and 85 marks" must pair 82 with 82, not with its neighbour.
    scored: list[tuple[float, float, Claim, Claim]] = []
    for sc in stmt_claims:
        if family(sc) is None:
            # Years and dates are never compared as counts: the same one in the source supports.
            hit = next((c for c in src_claims if _same_point(sc, c) or _within(sc, c)), None)
            label = "supported" if hit else "unsupported"
            checks[sc.id] = ClaimCheck(sc, label, hit, "given" if hit else "not in the source")
            continue
        for oc in src_claims:
            if family(oc) != family(sc):
                continue
            i, j = row[sc.id], row[oc.id]
            sim = max(float(key_v[i] @ key_v[j]), float(focus_v[i] @ focus_v[j]))
            aligned = dataclasses.replace(oc, negated=sc.negated)  # polarity is judged below
            ok, _ = structure_ok(sc, aligned, sim, rules.matching)
            same = _same_point(sc, oc)
            # The same figure, worded differently ("detained some 2,500" / "2,500 arrested",
            # "70 million participants" / "70 million people") still counts, unless the
            # events are known to differ (killed vs injured).
            if ok or (same and not _events_conflict(sc, oc)):
                # The very same figure first, then the same number with other words around it.
                bonus = (1.0 if sc.quantity.approx == oc.quantity.approx else 0.5) if same else 0.0
                scored.append((sim + bonus, sim, sc, oc))
    used: set[str] = set()
    matches: list[Match] = []
    for _score, sim, sc, oc in sorted(scored, key=lambda t: (-t[0], t[2].start, t[3].start)):
        if sc.id in checks or oc.id in used:
            continue
        used.add(oc.id)
        label, reason = _judge(sc, oc, rounding, tolerance, rules.verify.bound_as_figure)
        checks[sc.id] = ClaimCheck(sc, label, oc, reason)
        matches.append(Match(a=oc, b=sc, similarity=sim, subject_score=subject_score(sc, oc)))
    named = _named_people(source.text)
    for sc in stmt_claims:
        if sc.id not in checks and _counts_named(sc, named):
            reason = f"the source names {len(named)} people: {', '.join(named)}"
            checks[sc.id] = ClaimCheck(sc, "supported", None, reason)
        if sc.id not in checks and (single := _one_named(sc, source.text)):
            reason = f"the source names a single {single}"
            checks[sc.id] = ClaimCheck(sc, "supported", None, reason)
        checks.setdefault(
            sc.id, ClaimCheck(sc, "unsupported", None, "the source gives no such figure")
        )
    for sc in stmt_claims:
        if checks[sc.id].label != "supported" and family(sc) is not None:
            # A figure paired with one source figure ("AB = 30" / "AB = 10 and EC = 20") may be
            # the total of it and a free neighbour; a new figure ("four injured, including two
            # officers") may add parts the statement repeats.
            own = checks[sc.id].source
            taken = {c.source.id for k, c in checks.items() if k != sc.id and c.source}
            parts = [c for c in src_claims if c.id not in taken] if own else src_claims
            total = _sum_check(
                sc, parts, source.text, rounding, tolerance, own, rules.matching.subject_ratio
            )
            if total:
                checks[sc.id] = total
                matches = [m for m in matches if m.b.id != sc.id]
    checks = {c.id: checks[c.id] for c in stmt_claims}  # reading order
    checks.update({c.claim.id: c for c in tallies})
    findings, _ = run_rules(rules, [source, statement], src_claims + stmt_claims, matches)
    for c in checks.values():
        if c.label == "unsupported" and c.source is None:
            q = c.claim.quantity
            findings.append(
                Finding(
                    rule="verify",
                    verdict="single-source",
                    level="info",
                    message=f"{q.text} ({c.claim.subject or 'figure'}): {c.reason}.",
                    evidence=(Evidence(statement.id, q.start, q.end, q.text, c.claim.id),),
                )
            )
    labels = {c.label for c in checks.values()}
    if "contradicted" in labels:
        label = "contradicted"
    elif labels == {"supported"}:
        label = "supported"
    else:
        label = "unsupported"
    mentioned: set[str] = set()  # words of the statement's names the source mentions
    missing = (
        _unmentioned(statement, source, rules.verify, mentioned) if label == "supported" else []
    )
    first = next(iter(checks.values())).claim
    if missing:
        label = "unsupported"
        checks = {**checks, "entities": ClaimCheck(first, "unsupported", None,
                  f"the source does not mention {', '.join(missing)}")}  # fmt: skip
    elif label == "supported":
        share, new = _covered(
            _without(statement, stmt_claims), _without(source, src_claims), mentioned
        )
        if share < rules.verify.content_coverage:
            label = "unsupported"
            reason = (
                f"the source covers {share:.0%} of what the statement says (not: {', '.join(new)})"
            )
            checks = {**checks, "content": ClaimCheck(first, "unsupported", None, reason)}
    return Verdict(label, tuple(checks.values()), tuple(findings))


_SUM_JOINER = re.compile(r"^[^.;:!?]{0,60}\b(?:and|plus)\b[^.;:!?]{0,20}$", re.IGNORECASE)


def _sum_check(
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
        if _events_conflict(statement, a) or _events_conflict(statement, b):
            continue
        if not (_part_of(a, statement, ratio) and _part_of(b, statement, ratio)):
            continue
        if not _SUM_JOINER.match(text[a.end : b.start]):
            continue
        total = _total(a.quantity, b.quantity)
        if total is None or not math.isclose(total.value, statement.quantity.value, rel_tol=1e-9):
            continue
        label, _ = _judge(statement, dataclasses.replace(a, quantity=total), rounding, tolerance)
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


def _as_percent(claim: Claim) -> Claim:
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


def _score_checks(
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


def _without(document: Document, claims: list[Claim]) -> str:
    """The text with its figures blanked out ("3 dollars", "$3"): figures are checked apart."""
    text = document.text
    for c in sorted(claims, key=lambda c: -c.start):
        text = text[: c.start] + " " + text[c.end :]
    return text


def _content_words(text: str) -> list[str]:
    """The words that carry what a sentence says: no function words, figures or attribution."""
    skip = _not_content()
    out = []
    for w in _WORD.findall(text):
        low = w.lower()
        if len(low) > 2 and low not in skip and _lemma(low) not in skip and not _number_word(low):
            out.append(w)
    return out


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@cache
def _not_content() -> frozenset[str]:
    lex = lexicon()
    return lex.function_words | lex.auxiliaries | lex.light_verbs | lex.attribution_words


@cache
def _number_word(low: str) -> bool:
    """ "five", "dozen": a word that is a figure (cached: the number reader is not cheap)."""
    return parse_number(low) is not None


def _lemma(low: str) -> str:
    lemmas = word_lemmas(low)
    for pos in ("VERB", "NOUN", "ADJ", "ADV", "PROPN"):
        if pos in lemmas:
            return lemmas[pos][0]
    return low


def _keys(word: str) -> set[str]:
    """What a word may be found by: its lemma, event or counted-noun group, stem, place forms."""
    lex = lexicon()
    low = word.lower().removesuffix("'s").removesuffix("’s")
    lemma = _lemma(low)
    keys = {lemma, low[:5], lex.event_of.get(lemma, lemma), lex.subject_of.get(lemma, lemma)}
    keys.update(place_forms().get(low, ()))
    return keys


def _covered(
    statement: str, source: str, mentioned: Set[str] = frozenset()
) -> tuple[float, list[str]]:
    """The share of the statement's content words the source has, and those it lacks.

    Words of a name the source mentions count as had ("Interior Minister Ana Ruiz"
    for "Ruiz said"): whether a name is mentioned is the entity check's business.
    """
    words = _content_words(statement)
    if not words:
        return 1.0, []
    have: set[str] = set()
    for w in _content_words(source):
        have |= _keys(w)
    have |= _initials(source)
    new = [w for w in words if w not in mentioned and not _keys(w) & have]
    return 1 - len(new) / len(words), new


def _unmentioned(
    statement: Document,
    source: Document,
    settings: VerifySettings,
    mentioned: set[str] | None = None,
) -> list[str]:
    """Names the statement brings that the source never mentions.

    Its figures may be right, but the statement then says more than the source
    does ("a trip to Malta" for "a trip to Maastricht"). Only proper names count:
    a capitalised common word ("Report: jury pool…") is not a name. A name is
    mentioned when its stem is in the source ("Syrian" / "Syria"), when it is
    the initials of capitalised words there ("WHO" / "World Health
    Organization") or its words' initials are ("European Union" / "EU"), when
    its last word is a name the source uses ("Maria Lopez" / "Lopez said"), or
    when it is a place's other form in the place list ("Dutch" / "Netherlands").
    """
    if not settings.entity_coverage:
        return []
    text = source.text.lower()
    initials = _initials(source.text)
    places = places_in(source.text)
    missing = []
    for name in entities(statement.text):
        all_words = re.findall(r"[^\W\d_]+", name)
        # Short capitals ("PM", "EU") may show a name is mentioned but are not checked on
        # their own: "side AB", "24 KM" and "TV" are labels and units as often as names.
        words = [
            w
            for w in all_words
            if len(w) > 2
            and not _common(w)
            and parse_number(w) is None
            and w.lower() not in lexicon().titles
        ]
        if not words:
            continue
        shown = words + [w for w in all_words if len(w) == 2 and w.isupper()]
        if (
            any(_mentioned(w, text, initials, settings.entity_ratio) for w in shown)
            or _surname_used(all_words, source.text)
            or _acronym_used(all_words, source.text)
            or name.lower() in places
            or any(w.lower() in places for w in all_words)
        ):
            if mentioned is not None:
                mentioned.update(all_words)
            continue
        missing.append(name)
    return missing


def _common(word: str) -> bool:
    return bool(word_lemmas(word.lower())) and not word.isupper()


def _mentioned(word: str, text: str, initials: set[str], ratio: float) -> bool:
    low = word.lower()
    stem = low[: max(4, len(low) - 2)]
    if (len(low) > 2 and stem in text) or (word.isupper() and low in initials):
        return True
    return len(low) > 2 and fuzz.partial_ratio(low, text) >= ratio


def _surname_used(words: list[str], source: str) -> bool:
    """ "Maria Lopez" is mentioned as "Lopez" within a sentence, even if lopez were a common word.

    At the start of a sentence a capital says nothing ("City won 2-0" is not "Mexico City").
    """
    last = words[-1] if len(words) > 1 else ""
    if len(last) < 3 or not last[0].isupper():
        return False
    for m in re.finditer(rf"\b{re.escape(last)}\b", source):
        before = source[: m.start()].rstrip()
        if before and before[-1] not in '.!?"“(':
            return True
    return False


def _acronym_used(words: list[str], source: str) -> bool:
    """ "European Union Naval Force" is mentioned as "EU": initials of two or more of its words."""
    caps = [w for w in words if w[0].isupper()]
    tokens = set(re.findall(r"\w+", source))  # what "\bEU\b" would find, without a regex per try
    for i in range(len(caps)):
        for j in range(i + 2, len(caps) + 1):
            if "".join(w[0] for w in caps[i:j]) in tokens:
                return True
    return False


def _initials(text: str) -> set[str]:
    """Initials of runs of capitalised words and of their parts.

    "The Transportation Security Administration" gives "tsa" (and "ttsa", "sa", …),
    "Queen's Park Rangers" gives "qpr".
    """
    out = set()
    run = r"(?:\b[A-Z][\w.]*(?:['’]s)?(?:\s+(?:of|for|and|the)\s+|\s+)?){2,}"
    for m in re.finditer(run, text):
        letters = "".join(w[0] for w in re.findall(r"[A-Z][a-z]*(?:['’]s)?", m.group()))
        for i in range(len(letters)):
            for j in range(i + 2, len(letters) + 1):
                out.add(letters[i:j].lower())
    return out
