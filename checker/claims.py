"""From quantities to claims: what a number counts and what happened to it.

There is no parser with bundled weights on PyPI, so this stage reads structure
from word shapes and lemmas (``lemminflect`` ships its data): the counted noun
is the noun phrase after the number ("51 *people*", "hundreds of *people*"),
or before it when the number ends the clause ("casualties rose to over 9,000");
the event is the nearest content verb around it ("were *killed*", "*displaced*
the majority of"). Embeddings cannot tell "51 killed" from "220 injured" (cosine
0.87), so these fields are what keeps look-alikes apart downstream.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

import yaml
from lemminflect import getAllLemmas

from .model import Claim, Document, Quantity, Sentence
from .quantities import extract_quantities, unit_length, unit_size
from .semantics import Semantics

MASK = "[NUM]"
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\S", re.UNICODE)
# Punctuation that ends the clause a number belongs to.
_CLAUSE_BREAK = {";", ":", "—", "–", "(", ")", "“", "”", '"', "?", "!", ","}
# Two views of the context, both embedded: the clause (what the sentence is about,
# which ties "the second time ... since the fighting began" to "11th visit ... since
# the war began") and the phrase (what is counted, which ties "where [NUM] residents
# are displaced" to "displaced the majority of its [NUM] residents"). Measured on the
# seeds, each alone misses a true match the other finds.
_WINDOW = 12  # words each side kept in the key text
_FOCUS_WINDOW = 6  # words each side kept in the focus text
_NP_SKIP = {"such", "more", "other", "additional", "further"}


@dataclass(frozen=True)
class Lexicon:
    function_words: frozenset[str]
    auxiliaries: frozenset[str]
    light_verbs: frozenset[str]
    negations: frozenset[str]
    hedges: frozenset[str]
    event_of: dict[str, str]
    subject_of: dict[str, str]
    cumulative_events: frozenset[str]
    noun_events: dict[str, str]
    phrasal: dict[str, str]
    score_words: frozenset[str]
    person_nouns: frozenset[str]
    places: tuple[tuple[str, ...], ...]
    attribution_words: frozenset[str]
    titles: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """Load the English word lists once."""
    # BaseLoader: every entry stays a string (YAML 1.1 would read "on" and "no" as booleans).
    text = (Path(__file__).parent / "data" / "claims_en.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))  # libyaml: fast

    def groups(name: str) -> dict[str, str]:
        return {w: group[0] for group in data[name] for w in group}

    return Lexicon(
        function_words=frozenset(data["function_words"]),
        auxiliaries=frozenset(data["auxiliaries"]),
        light_verbs=frozenset(data["light_verbs"]),
        negations=frozenset(data["negations"]),
        hedges=frozenset(data["hedges"]),
        event_of=groups("events"),
        subject_of=groups("subjects"),
        cumulative_events=frozenset(data["cumulative_events"]),
        noun_events=dict(data["noun_events"]),
        phrasal=dict(data["phrasal"]),
        score_words=frozenset(data["score_words"]),
        person_nouns=frozenset(data["person_nouns"]),
        places=tuple(tuple(group) for group in data["places"]),
        attribution_words=frozenset(data["attribution_words"]),
        titles=frozenset(data["titles"]),
    )


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


def _tokens(text: str, offset: int = 0) -> list[_Token]:
    return [_Token(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


@cache
def word_lemmas(word: str) -> dict[str, tuple[str, ...]]:
    return getAllLemmas(word)


def _is_word(tok: _Token) -> bool:
    return tok.text[0].isalpha()


def _noun_lemma(word: str) -> str:
    lemmas = word_lemmas(word.lower())
    for pos in ("NOUN", "PROPN", "ADJ"):
        if pos in lemmas:
            return lemmas[pos][0]
    return word.lower()


def _verb_lemma(word: str) -> str | None:
    """The verb lemma if ``word`` reads as a verb form (killed, holding, displaced)."""
    low = word.lower()
    lemmas = word_lemmas(low)
    if "VERB" not in lemmas:
        return None
    lemma = lemmas["VERB"][0]
    if "NOUN" in lemmas and not low.endswith(("ed", "ing", "en")) and low not in ("held", "hurt"):
        return None  # "strikes", "trucks", "visit": nouns first in a noun phrase
    return lemma


def _looks_participle(word: str) -> bool:
    low = word.lower()
    return _verb_lemma(low) is not None and low.endswith(("ed", "en", "held", "lost"))


def normalise_event(lemma: str | None) -> str | None:
    if lemma is None:
        return None
    return lexicon().event_of.get(lemma, lemma)


def normalise_subject(head: str) -> str:
    lemma = _noun_lemma(head) if head else ""
    return lexicon().subject_of.get(lemma, lemma)


def _counted_noun(after: list[_Token], lex: Lexicon) -> tuple[str, str, int]:
    """Read the noun phrase right after a number: (phrase, head, tokens used)."""
    words: list[_Token] = []
    i = 0
    if after and after[0].low == "of":  # "hundreds of people", "millions of dollars"
        i = 1
        while i < len(after) and after[i].low in ("the", "its", "their", "his", "her"):
            i += 1
    while i < len(after) and len(words) < 5:
        tok = after[i]
        if not _is_word(tok):
            if tok.text == "-" and words:  # "foreign-passport holders"
                i += 1
                continue
            break
        low = tok.low
        if not words and low in _NP_SKIP:
            i += 1  # "one such pause", "two more trucks"
            continue
        if low in lex.function_words:
            break
        if words and _verb_lemma(low) is not None and _looks_participle(low):
            break  # "hostages held by", "people were killed"
        if words and _verb_lemma(low) is not None and low.endswith("ing"):
            break
        words.append(tok)
        i += 1
    if not words:
        return "", "", 0
    if len(words) == 1 and "NOUN" not in word_lemmas(words[0].low) and _verb_lemma(words[0].low):
        return "", "", 0  # "220 injured": the counted noun is elided; the word is the event
    # The head of an English noun phrase is its last word; strip trailing adjectives.
    while len(words) > 1 and "NOUN" not in word_lemmas(words[-1].low) and words[-1].text.islower():
        words.pop()
    phrase = " ".join(t.text for t in words)
    return phrase, words[-1].text, i


def _past_unit(after: list[_Token]) -> int:
    """How many tokens the unit of a measure takes ("-foot", "inches", "sq km"): what is
    measured comes after it ("a 47-foot sea wall", "12 inches of rain"), and two articles
    that measure the same thing in two units must name the same thing."""
    i = 1 if after and after[0].text in ("-", "–") else 0  # "a 47-foot wall"
    size = unit_length([t.low for t in after[i : i + 6]])
    return i + size if size else 0


def _noun_before(before: list[_Token], lex: Lexicon) -> tuple[str, str]:
    """When the number ends its phrase ("rose to over 9,000"), the counted noun is earlier."""
    for tok in reversed(before[-8:]):
        if not _is_word(tok) or tok.low in lex.function_words:
            continue
        lemmas = word_lemmas(tok.low)
        if tok.text[0].isupper() and "NOUN" not in lemmas:
            continue  # a name, not what is counted
        if "VERB" in lemmas and lemmas["VERB"][0] != tok.low:
            continue  # "rose" is rise, not a flower
        if "NOUN" in lemmas and not _looks_participle(tok.low):
            return tok.text, tok.text
    return "", ""


def _event(before: list[_Token], after: list[_Token], lex: Lexicon) -> str | None:
    """The nearest content verb: after the noun phrase first, then before the number."""
    for i, tok in enumerate(after[:5]):
        if not _is_word(tok):
            break
        if tok.low in lex.auxiliaries:
            continue
        if tok.low in lex.function_words:
            break  # "time since the fighting began": another clause's verb
        lemma = _verb_lemma(tok.low)
        if lemma and lemma not in lex.light_verbs:
            return _phrasal(lemma, after[i + 1 : i + 2], lex)
        break
    for i in range(len(before) - 1, max(-1, len(before) - 8), -1):
        tok = before[i]
        if not _is_word(tok):
            if tok.text in _CLAUSE_BREAK or tok.text == ",":
                break
            continue
        lemma = _verb_lemma(tok.low)
        if lemma and lemma not in lex.light_verbs and lemma not in lex.auxiliaries:
            return _phrasal(lemma, before[i + 1 : i + 2], lex)
    return None


def _phrasal(lemma: str, particle: list[_Token], lex: Lexicon) -> str | None:
    """ "had gone into Gaza" is entering: a verb and its particle, from the phrasal list."""
    if particle:
        joined = f"{lemma} {particle[0].low}"
        if joined in lex.phrasal:
            return normalise_event(lex.phrasal[joined])
    return normalise_event(lemma)


def _clause(tokens: list[_Token], first: int, last: int, window: int = _WINDOW) -> tuple[int, int]:
    """Token index range of the clause around tokens[first:last], at most ``window`` each side."""
    lo = first
    while lo > 0 and first - lo < window and tokens[lo - 1].text not in _CLAUSE_BREAK:
        lo -= 1
    hi = last
    while hi < len(tokens) and hi - last < window and tokens[hi].text not in _CLAUSE_BREAK:
        hi += 1
    return lo, hi


_ENTITY = re.compile(
    r"(?:[A-Z][\w’'.-]*[A-Za-z]|[A-Z])(?:\s+(?:of\s+|bin\s+|al-)?[A-Z][\w’'.-]*[A-Za-z])*"
)
_NOT_ENTITY = {
    "The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I",
    "But", "And", "In", "On", "At", "As", "After", "Earlier", "Despite", "However", "Although",
    "During", "Each", "According", "Critics", "Top", "Also", "Read", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}  # fmt: skip


def entities(text: str) -> tuple[str, ...]:
    """Capitalised names in a sentence, without sentence-initial function words."""
    out: list[str] = []
    for m in _ENTITY.finditer(text):
        name = m.group().rstrip(".’'")
        name = re.sub(r"[’']s$", "", name)
        parts = name.split()
        while parts and parts[0] in _NOT_ENTITY:
            parts.pop(0)
        if parts and len(" ".join(parts)) > 1:
            out.append(" ".join(parts))
    return tuple(dict.fromkeys(out))


def _word_on_figure(
    words: frozenset[str], before: list[_Token], after: list[_Token], lex: Lexicon
) -> int | None:
    """Where a word of ``words`` bears on the figure: -1 before it, i for the i-th word after
    the counted noun, None when it does not.

    Before the figure the word must stand in the same clause and not belong to another
    verb ("do not agree to coexist in one country": two verbs away, "not" is "agree"'s).
    After the counted noun only auxiliaries may stand between ("50 may have died").
    """
    verbs = 0
    for tok in reversed(before[-6:]):
        if tok.text in _CLAUSE_BREAK or tok.text == ",":
            break
        if tok.low in words:
            return -1
        if tok.low not in lex.auxiliaries and _verb_lemma(tok.low) is not None:
            verbs += 1
            if verbs == 2:
                break
    for i, tok in enumerate(after[:3]):
        if tok.low in words:
            return i
        if tok.low not in lex.auxiliaries:
            break
    return None


def _negated(before: list[_Token], after: list[_Token], lex: Lexicon) -> bool:
    """A negation of the figure: "no 30 soldiers", "denied that 30", "30 were not captured".

    Right after the counted noun a negation belongs to the next phrase, so "the nine are
    not known" negates the figure but "17 civilians were killed, not wounded" and "tells
    Republicans not to expect" do not.
    """
    at = _word_on_figure(lex.negations, before, after, lex)
    return at is not None and at != 0


def _hedged(before: list[_Token], after: list[_Token], lex: Lexicon) -> bool:
    """A figure given as a possibility, forecast or allegation: "could reach 2 million",
    "50 may have died", "20 feared dead". Same reach as a negation."""
    return _word_on_figure(lex.hedges, before, after, lex) is not None


_AGE_BEFORE = re.compile(r"(?:[A-Z][\w’'-]+,\s*|\baged\s+|\bage\s+(?:of\s+)?)$")
_AGE_AFTER = re.compile(r"^(?:\s*[,)]|\s*$|-year-old|\s+years?\s+old)")
_SCORE = re.compile(r"^\d{1,3}\s?[-–]\s?\d{1,3}$")


def _reclassify(q: Quantity, sentence: Sentence, tokens: list[_Token], lex: Lexicon) -> Quantity:
    """Ages and scores look like counts and ranges; they must never be compared as such.

    "Mesac Damas, 33," and "a 47-year-old" are ages; "beat Bordeaux 1-0" is a score.
    """
    left = sentence.text[: q.start - sentence.start]
    right = sentence.text[q.end - sentence.start :]
    whole = float(q.value).is_integer() and 0 < q.value < 125
    if q.kind in ("cardinal", "duration") and whole and q.approx == "exact":
        if _AGE_BEFORE.search(left) and _AGE_AFTER.search(right):
            return replace(q, kind="age", unit="year")
        year_old = right.startswith(("-year-old", " years old", "-years-old", " year old"))
        if year_old or (q.text.endswith(("-year", "-years")) and right.startswith("-old")):
            return replace(q, kind="age", unit="year")
    if q.approx == "range" and _SCORE.match(q.text):
        near = {t.low for t in tokens if abs(t.start - q.start) < 60}
        if near & lex.score_words:
            return replace(q, kind="score", unit=None)
    return q


# "won 2-1", "a 1-1 draw", "6-3 6-4", "ruled 5-4": a tally, not a range; never part of a longer run
# of numbers ("309-346-4141", "9/11").
_TALLY = re.compile(
    r"(?<![\w/:–-])(?<!\d[.,])(\d{1,3}) ?[-–] ?(\d{1,3})(?![\w/:]|[.,]\d| ?[-–] ?\d)"
)


def scores(text: str, taken: Iterable[tuple[int, int]] = ()) -> list[Quantity]:
    """Scores and tallies in ``text`` that the number reader leaves out.

    A pair is a score when a score word ("beat", "draw", "lead") is near it, or
    when it cannot be a range: two figures of at most two digits, the first not
    below the second ("held 1-1", "thrashed them 4-0"). ``taken`` spans (the
    quantities already read) are skipped. The value is the first figure; both
    are in ``readings``.
    """
    lex = lexicon()
    out = []
    for m in _TALLY.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        a, b = int(m.group(1)), int(m.group(2))
        near = {t.low for t in _tokens(text[max(0, m.start() - 60) : m.end() + 60])}
        if not (near & lex.score_words or (a >= b and a < 100)):
            continue
        out.append(
            Quantity(m.group(), m.start(), m.end(), float(a), float(min(a, b)), float(max(a, b)),
                     kind="score", readings=(float(a), float(b)))
        )  # fmt: skip
    return out


def _key_text(sentence: Sentence, tokens: list[_Token], q: Quantity, lo: int, hi: int) -> str:
    """The clause with this number masked: what is embedded and compared across articles."""
    if not tokens[lo:hi]:
        return MASK
    start, end = tokens[lo].start, tokens[hi - 1].end
    start, end = min(start, q.start), max(end, q.end)
    s0 = sentence.start
    text = sentence.text[start - s0 : q.start - s0] + MASK + sentence.text[q.end - s0 : end - s0]
    return " ".join(text.split())


_ORDINAL_ADJECTIVE = re.compile(r"\s?-\s?(?:and\b|or\b|(?![a-z]*est\b)[a-z])", re.IGNORECASE)


def _not_a_claim(q: Quantity, sentence: Sentence, after: list[_Token]) -> bool:
    """Figures that name no amount: "one of the fundraisers" picks one out of a group, and
    "second-degree murder" or "first-class" use an ordinal as an adjective (a rank such as
    "third-largest" is still a claim)."""
    if q.kind == "cardinal" and q.value == 1 and q.approx == "exact":
        return bool(after) and after[0].low == "of"
    if q.kind == "ordinal":
        return bool(_ORDINAL_ADJECTIVE.match(sentence.text, q.end - sentence.start))
    return False


def _label_number(q: Quantity, before: list[_Token], lex: Lexicon) -> bool:
    """A number that names a thing rather than counting it: "lease 257", "Title 42".

    The sign is a singular noun right before the number (no space for a determiner or
    verb) and nothing counted after it.
    """
    if q.kind != "cardinal" or q.approx != "exact" or q.value != int(q.value) or not before:
        return False
    prev = before[-1]
    if prev.end != q.start - 1 or not _is_word(prev) or prev.low in lex.function_words:
        return False
    if prev.low in lex.auxiliaries or prev.low.endswith(("ing", "ed", "s")):
        return False  # "killing 5", "aged 16", "is 5", "rooms 5"
    tags = set(word_lemmas(prev.low))
    if "NOUN" not in tags or tags & {"ADJ", "ADV"}:
        return False  # "the first 3 of 4", "the past 3 years", "one 8-hour shift"
    if "VERB" in tags and not prev.text[0].isupper():
        return False  # "give 55", "find 1 can": a verb before its object
    return _noun_lemma(prev.low) == prev.low


def claims_in_sentence(
    doc_id: str,
    sentence: Sentence,
    quantities: Iterable[Quantity],
    *,
    first_index: int = 0,
) -> list[Claim]:
    """Turn the quantities of one sentence (document offsets) into claims."""
    lex = lexicon()
    tokens = _tokens(sentence.text, sentence.start)
    sentence_entities = entities(sentence.text)
    claims: list[Claim] = []
    previous_subject = ""
    for n, q in enumerate(quantities):
        q = _reclassify(q, sentence, tokens, lex)
        first = next((i for i, t in enumerate(tokens) if t.end > q.start), len(tokens))
        last = next((i for i, t in enumerate(tokens) if t.start >= q.end), len(tokens))
        if _not_a_claim(q, sentence, tokens[last:]):
            continue
        lo, hi = _clause(tokens, first, last)
        before, after = tokens[lo:first], tokens[last:hi]
        measure = unit_size(q.unit) is not None
        skip = _past_unit(after) if measure else 0
        phrase, head, used = _counted_noun(after[skip:], lex)
        used += skip if phrase else 0
        if measure and not phrase:  # "over 1 million acres in Alaska": the unit says it
            phrase, head, used = _counted_noun(after, lex)
        if not phrase and not measure and _label_number(q, tokens[:first], lex):
            continue  # "lease 257"; but "a track of length 600 m" measures
        if q.kind == "duration" and q.unit:
            phrase, head = q.unit, q.unit
            used = 0
        elif not phrase:
            if after and _is_word(after[0]) and _looks_participle(after[0].low):
                phrase = head = previous_subject  # "51 people were killed and 220 injured"
            else:
                phrase, head = _noun_before(before, lex)
                used = 0
        event = _event(before, after[used:], lex)
        noun_event = lex.noun_events.get(_noun_lemma(head)) if head else None
        # "12 deaths were recorded": the noun's event wins over a verb that names no event.
        if noun_event and (event is None or event not in lex.event_of.values()):
            event, phrase, head = noun_event, "people", "people"
        subject = normalise_subject(head) if head else ""
        if q.kind in ("cardinal", "ordinal") and subject:
            previous_subject = head
        claims.append(
            Claim(
                id=f"{doc_id}#{first_index + n + 1}",
                doc=doc_id,
                sentence=sentence.index,
                quantity=q,
                subject=phrase or subject,
                event=event,
                key_text=_key_text(sentence, tokens, q, lo, hi),
                focus_text=_key_text(
                    sentence, tokens, q, *_clause(tokens, first, last, _FOCUS_WINDOW)
                ),
                entities=sentence_entities,
                negated=_negated(before, after[used:], lex),
                hedged=_hedged(before, after[used:], lex),
                sentence_text=sentence.text,
                sentence_start=sentence.start,
            )
        )
    return claims


def extract_claims(document: Document, semantics: Semantics | None = None) -> list[Claim]:
    """Every quantity claim in a document, in reading order, with document offsets."""
    claims: list[Claim] = []
    for sentence in document.sentences:
        found = extract_quantities(sentence.text, document.language, semantics)
        shifted = [
            replace(q, start=q.start + sentence.start, end=q.end + sentence.start) for q in found
        ]
        claims.extend(claims_in_sentence(document.id, sentence, shifted, first_index=len(claims)))
    return claims


def head_subject(claim: Claim) -> str:
    """The normalised head of what a claim counts ("humanitarian aid trucks" -> "truck")."""
    words = claim.subject.split()
    return normalise_subject(words[-1]) if words else ""


def is_cumulative(claim: Claim) -> bool:
    """A count that only grows over time: a death toll, the arrested, an ordinal series."""
    return claim.kind == "ordinal" or (claim.event in lexicon().cumulative_events)


def places_in(text: str) -> set[str]:
    """Every form of the places ``text`` names ("Norway" -> norway, norwegian, norwegians)."""
    return {f for forms in place_groups_in(text) for f in forms}


@lru_cache(maxsize=8192)
def place_groups_in(text: str) -> frozenset[frozenset[str]]:
    """The places ``text`` names, each as the set of its lower-cased forms.

    One pass of one pattern (longest form first, so "West Virginia" is not also "Virginia"),
    cached: matching asks this of the same sentences for every candidate pair.
    """
    pattern, groups = _place_pattern()
    return frozenset(groups[m.group()] for m in pattern.finditer(text))


@cache
def _place_pattern() -> tuple[re.Pattern, dict[str, frozenset[str]]]:
    groups = {
        form: frozenset(f.lower() for f in forms) for forms in lexicon().places for form in forms
    }
    alternation = "|".join(map(re.escape, sorted(groups, key=len, reverse=True)))
    return re.compile(rf"(?<![\w.])(?:{alternation})(?!\w)"), groups


@cache
def place_forms() -> dict[str, frozenset[str]]:
    """Each lower-case form of a place -> all forms of that place."""
    return {form.lower(): forms for form, forms in _place_pattern()[1].items()}
