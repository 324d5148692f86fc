"""What the parse says about a pair of claims: the questions the same-claim judge asks.

Each helper answers one question of two claims (do they count the same noun, name different
places, different agents, different years ...). The learned judge (:mod:`checker.compare.judge`)
reads their answers as features; :func:`may_conflict` says why a difference between two
matched claims would not be a conflict; ``checker verify`` still decides one statement against
its source with the hand-written :func:`structure_ok` (a statement and its source are not two
articles: the judge was not trained on them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from rapidfuzz import fuzz

from ..core.model import Claim
from ..core.settings import MatchSettings
from ..lang.lexicon import alternation, lexicon
from ..read.claims import entities, head_subject, place_groups_in, places_in
from ..read.quantities import unit_size
from ..read.readings import MASK

#: Kinds that may be compared, grouped so counts meet counts and ordinals meet ordinals.
FAMILY = {
    "cardinal": "count",
    "ordinal": "ordinal",
    "percent": "percent",
    "money": "money",
    "duration": "duration",
    "age": "age",
}


@cache
def _points() -> re.Pattern:
    """ "percentage points", "pp" (``points_words``)."""
    return re.compile(rf"\b{alternation(lexicon().points_words)}\b", re.IGNORECASE)


def family(claim: Claim) -> str | None:
    """The comparison block a claim belongs to; None for dates and years.

    Percentage points are not percents: "growth of 0.7 percentage points" says
    nothing about "growth of 2.9 percent"; and a rate ("8,000 a day") is not a total.
    """
    fam = FAMILY.get(claim.kind)
    if fam is None:
        return None
    if claim.kind == "percent" and _points().search(claim.quantity.text):
        return "percent:points"
    unit = claim.quantity.unit if claim.kind in ("money", "duration") else None
    size = unit_size(claim.quantity.unit) if claim.kind == "cardinal" else None
    if size:  # "47 feet" is a length, compared with "14 metres", never with "47 people"
        fam, unit = "measure", size[1]
    name = f"{fam}:{unit}" if unit else fam
    return f"{name}:rate" if claim.kind in ("cardinal", "money") and is_rate(claim) else name


def is_rate(claim: Claim) -> bool:
    """ "8,000 victims per day", "2 million barrels a day": a rate (``Quantity.per``, read
    by the extractor), which no total can contradict."""
    return claim.quantity.per is not None


def may_conflict(a: Claim, b: Claim, s: MatchSettings) -> str | None:
    """Why a difference between two matched claims would not be a conflict; None if it would.

    Matching says two claims are about the same thing; a conflict says one of two
    figures is wrong. The second needs more evidence than the first. A possibility or
    forecast against a report ("could release 180 million barrels") is left to the
    conflict rule, which reports it at its own, lower level: silence on a changed figure
    is the one outcome an editor cannot see.
    """
    if not s.vague_conflicts and (a.quantity.vague or b.quantity.vague):
        return "a vague amount does not contradict a figure"
    years_a, years_b = years_in(a.key_text), years_in(b.key_text)
    if years_a and years_b and not set(years_a) & set(years_b):
        return "different years: two points in time"
    if _own_places(a, b) and _own_places(b, a):
        return "each figure is about a place or time the other never names"
    if s.strict_within_document and a.doc == b.doc:
        if not (a.event and a.event == b.event):
            return "one article, no shared event: two different things"
        if a.kind not in UNIT_KINDS and subject_score(a, b) < s.subject_ratio:
            return "one article, no shared counted noun: two different things"
        if _own_names(a, b) and _own_names(b, a):
            return "one article, each figure about someone the other never names"
    return None


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")

# Matching asks the same questions of one claim's texts for each of its (up to k) candidates:
# the answers that depend on one text only are cached (by text, so claims that repeat one
# sentence share them).


@lru_cache(maxsize=65536)
def years_in(text: str) -> tuple[str, ...]:
    return tuple(_YEAR.findall(text))


@lru_cache(maxsize=65536)
def _lower(text: str) -> str:
    return text.lower()


def _unmentioned(names: Iterable[str], b: Claim) -> list[str]:
    other = _lower(b.sentence_text)
    return [n for n in names if n.lower() not in other]


def _own_names(a: Claim, b: Claim) -> list[str]:
    """Names in ``a``'s clause that ``b``'s sentence never mentions ("Bush sent" / "Obama sent")."""
    return _unmentioned(entities(a.key_text.replace(MASK, " ")), b)


@cache
def _place() -> re.Pattern:
    """A capitalised run of one to three words after ``place_prepositions`` ("in Arizona")."""
    before = alternation(lexicon().place_prepositions)
    return re.compile(rf"\b{before}\s+((?:[A-Z][\w.’'-]+\s?){{1,3}})")


def _own_places(a: Claim, b: Claim) -> list[str]:
    """Places ("in Arizona", "of Colorado's", "a Texas law") in ``a``'s clause that ``b``'s
    sentence never names, in any of its forms (``places:`` in the claims lexicon)."""
    own = _unmentioned(_places_named(a.key_text), b)
    known = place_groups_in(a.key_text) - place_groups_in(b.sentence_text)
    return own + sorted(min(forms) for forms in known)


@lru_cache(maxsize=65536)
def _places_named(key_text: str) -> tuple[str, ...]:
    places = []
    determiners = lexicon().place_determiners
    for m in _place().finditer(key_text):
        words = [w for w in m.group(1).split() if w not in determiners]
        places.append(re.sub(r"[’']s$", "", " ".join(words)).strip(" ."))
    return tuple(p for p in places if len(p) > 2)


#: Kinds whose meaning is in their unit, not in a counted noun ("$152 million prize").
UNIT_KINDS = frozenset({"money", "percent", "duration"})


def subject_score(a: Claim, b: Claim) -> float:
    """0-100: how alike the counted nouns are, after lemmas and synonyms; -1 unknown.

    A measure ("180 million barrels", "12 inches of rain") is like money: its unit says
    what it is, and one article's "barrels of oil" is another's "barrels" from the reserve.
    """
    parsed = a.head and b.head  # the parse names what money or a measure is of ("budget")
    if not parsed and (a.kind in UNIT_KINDS or b.kind in UNIT_KINDS):
        return -1.0
    if not parsed and (unit_size(a.quantity.unit) or unit_size(b.quantity.unit)):
        return -1.0
    ha, hb = _measured_head(a), _measured_head(b)
    if not ha or not hb:
        return -1.0  # unknown: neither evidence for nor against
    if ha == hb:
        return 100.0
    return float(fuzz.ratio(ha, hb))


def _measured_head(claim: Claim) -> str:
    """The counted noun, or "" when it is only the figure's own unit ("15 weeks" read with
    head "week" says nothing that "15 weeks of pregnancy" contradicts)."""
    head = head_subject(claim)
    if head and claim.kind in UNIT_KINDS and head in _unit_words(claim):
        return ""
    return head


def _unit_words(claim: Claim) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", claim.quantity.text.lower())} | {
        (claim.quantity.unit or "").lower()
    }


@cache
def known_events() -> frozenset[str]:
    return frozenset(lexicon().event_of.values())


def _words(text: str) -> set[str]:
    """The words of an agent, without ``agent_stop_words`` ("Mr.", "President")."""
    stop = lexicon().agent_stop_words
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in stop}


def _whole_and_part(a: Claim, b: Claim) -> bool:
    """ "Nine people were hurt" / "five fans were hurt": people in general against a kind of
    people is a whole against a part, however close the sentences embed; "two things" names
    nothing to compare with "two hostages" (``generic_nouns``)."""
    lex = lexicon()
    heads = {head_subject(a), head_subject(b)}
    return lex.subject_of.get("people", "people") in heads or bool(heads & lex.generic_nouns)


def different_agents(a: Claim, b: Claim) -> str:
    """ "the couple's tax rate" / "Trump's tax rate": both name who holds, pays or says it,
    and the two share no word: two different claims."""
    if not (a.agent and b.agent) or "duration" in (a.kind, b.kind) or "age" in (a.kind, b.kind):
        return ""  # a span of time is nobody's: "the first 10 seconds" of a video
    if not (_named(a.agent) and _named(b.agent)):
        return ""  # "the emergency waiver" / "the change", "the chamber" / "Pelosi": one
        # may be a thing, or an institution and its leader; two people or names differ
    wa, wb = _words(a.agent), _words(b.agent)
    if not wa or not wb or wa & wb:
        return ""
    if wa & _words(b.sentence_text) or wb & _words(a.sentence_text):
        return ""  # each sentence names the other's agent: the same party, another role
    return f"{a.agent} / {b.agent}"


def different_places(a: Claim, b: Claim) -> str:
    """Both clauses name where (NER places), and neither sentence names the other's place
    in any form: "killed hundreds in Lebanon" / "spoke to about 200 people in Minnesota"."""
    if not (a.places or b.places):
        return ""
    if not (a.places and b.places):  # one clause names none: the sentences' known places
        own_a = place_groups_in(a.sentence_text) - place_groups_in(b.sentence_text)
        own_b = place_groups_in(b.sentence_text) - place_groups_in(a.sentence_text)
        named = a.places or b.places
        other = _lower((b if a.places else a).sentence_text)
        if own_a and own_b and not any(p.lower() in other for p in named):
            return f"{_forms(own_a)} / {_forms(own_b)}"
        return ""
    text_a, text_b = _lower(a.sentence_text), _lower(b.sentence_text)
    if any(p.lower() in text_b for p in a.places) or any(p.lower() in text_a for p in b.places):
        return ""
    forms_b, forms_a = places_in(b.sentence_text), places_in(a.sentence_text)
    if any(places_in(p) & forms_b for p in a.places) or any(
        places_in(p) & forms_a for p in b.places
    ):
        return ""
    return f"{', '.join(a.places)} / {', '.join(b.places)}"


def _forms(groups: frozenset[frozenset[str]]) -> str:
    return ", ".join(sorted(min(forms) for forms in groups))


def _named(phrase: str) -> bool:
    """A name ("Trump", "Mr. Obama") or a person (``holder_nouns``: "the couple"): someone
    who holds, says or pays, not a thing or an office described two ways."""
    return any(w[:1].isupper() for w in phrase.split()) or bool(
        _words(phrase) & lexicon().holder_nouns
    )


def different_modifiers(a: Claim, b: Claim) -> bool:
    """Each claim qualifies what it counts with a word the other's sentence never uses
    ("medical" / "recreational", "Republicans" / "Democrats")."""
    own_a = [m for m in a.modifiers if m not in _lower(b.sentence_text)]
    own_b = [m for m in b.modifiers if m not in _lower(a.sentence_text)]
    return bool(own_a and own_b)


def structure_ok(a: Claim, b: Claim, sim: float, s: MatchSettings) -> tuple[bool, tuple[str, ...]]:
    reasons: list[str] = []
    if a.negated != b.negated:
        return False, ("polarity differs",)
    subj = subject_score(a, b)
    if 0 <= subj < s.subject_ratio and (sim < s.similarity_loose or _whole_and_part(a, b)):
        return False, (f"counts different things ({head_subject(a)} / {head_subject(b)})",)
    if a.event and b.event and a.event != b.event and {a.event, b.event} <= known_events():
        return False, (f"different events ({a.event} / {b.event})",)
    if a.role != b.role and "remainder" in (a.role, b.role):
        return False, ("a remainder ('all but') is not the amount",)
    places = different_places(a, b)
    if places:
        return False, (f"different places ({places})",)
    agents = different_agents(a, b)
    if agents:
        return False, (f"different agents ({agents})",)
    # Nothing known about what is counted, or a span of time whose verbs differ ("bars
    # abortion at six weeks" / "performed in the first 13 weeks" of pregnancy): embeddings
    # must carry it.
    loose = subj < s.subject_ratio or (
        a.kind == "duration" and a.predicate != b.predicate and a.event != b.event
    )
    if subj >= s.subject_ratio:
        reasons.append(f"same counted noun ({head_subject(a)})")
    if a.event and a.event == b.event:
        reasons.append(f"same event ({a.event})")
    needed = s.similarity_loose if loose else s.similarity
    if subj < 0 and a.event and a.event == b.event and a.kind in UNIT_KINDS and a.doc != b.doc:
        needed = s.similarity  # "demanded $5 billion" / "Trump's demand for $5 billion"
    same_event = a.event == b.event or not (a.event and b.event)
    if not loose and same_event and not different_modifiers(a, b):
        needed = min(needed, s.similarity_same_noun)
    if sim < needed:
        return False, (f"similarity {sim:.2f} < {needed:.2f}",)
    reasons.append(f"similarity {sim:.2f}")
    return True, tuple(reasons)


def years_of(claim: Claim) -> set[str]:
    return {y for t in claim.times for y in _YEAR.findall(t)}


def inexact(claim: Claim) -> bool:
    """A vague amount ("dozens") or a bound in words ("over a dozen"), not a figure."""
    q = claim.quantity
    return q.vague or (q.approx != "exact" and not any(ch.isdigit() for ch in q.text))
