"""What a figure is about, read from a dependency parse.

A figure's place in the tree says what it counts and what happened to it: "51" is the
``nummod`` of "people", which is the ``nsubjpass`` of "killed"; "220" in "and more than 220
injured" is the subject of the conjoined "injured". From that place this module reads one
:class:`~checker.read.readings.Reading` per quantity: its role and the counted noun phrase
(:mod:`checker.read.counted`), the predicate with negation and hedges, the agent, the modifiers
and what money is for (:mod:`checker.read.clause`), the places and times of its clause, whether
the figure sits inside a name ("Title 42", "Boeing 737"), and the masked texts that are
embedded.

Pure: it takes a parsed spaCy ``Doc`` (see :mod:`checker.read.reading` for parsing and caching),
the quantities' character spans and the language's word lists, and returns plain data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..lang.lexicon import Lexicon
from .clause import (
    agent_of,
    clause_tokens,
    holder_of,
    is_hedged,
    is_negated,
    long_enough,
    modifiers_of,
    own_verb,
    path_to_root,
    predicate_and_event,
    predicate_of,
    purpose_of,
)
from .counted import (
    act_of,
    anchor_of,
    counted_from_clause,
    counted_noun,
    counted_phrase,
    is_label,
    is_remainder,
    name_label,
    noun_of,
    role_of,
    tokens_in,
)
from .readings import KEY_WORDS, MASK, Reading
from .tree import lemma_of

_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def sentence_entities(doc, lex: Lexicon) -> tuple[str, ...]:
    """The names NER finds in a parsed sentence (labels ``ner_names``, ``ner_places``,
    ``ner_groups``), in order, without duplicates."""
    labels = lex.labels
    kept = labels.ner_names | labels.ner_places | labels.ner_groups
    out = [_clean_name(e.text, lex) for e in doc.ents if e.label_ in kept]
    return tuple(dict.fromkeys(n for n in out if len(n) > 1))


def _clean_name(text: str, lex: Lexicon) -> str:
    """A name without quotes, its article (``name_articles``: "the Pentagon") and "'s"."""
    text = text.strip(" .,’'\"“”")
    for article in lex.name_articles:
        for prefix in (f"{article} ", f"{article.capitalize()} "):
            if text.startswith(prefix):
                text = text[len(prefix) :]
    if text.endswith(("’s", "'s")):
        text = text[:-2]
    return text


def read(doc, spans: Sequence[tuple[int, int]], lex: Lexicon, mask: str = MASK) -> list[Reading]:
    """One reading per ``(start, end)`` character span of a quantity in ``doc``'s text, by the
    word lists ``lex`` of the language ``doc`` was parsed in."""
    ents_by_token = {t.i: e.label_ for e in doc.ents for t in e}
    return [_read_one(doc, start, end, lex, mask, ents_by_token) for start, end in spans]


def _masked(doc, tokens: list, start: int, end: int, mask: str, limit: int, cc) -> str:
    """The tokens as text, the figure's characters replaced by ``mask`` (``cc``: the labels
    of a coordinator, left off either end)."""
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ in cc):
        tokens = tokens[:-1]
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in cc):
        tokens = tokens[1:]
    if not tokens:
        return mask
    inside = [t for t in tokens if t.idx < end and t.idx + len(t.text) > start]
    if len(tokens) > limit:  # keep the words nearest the figure
        centre = inside[0].i if inside else tokens[len(tokens) // 2].i
        tokens = sorted(tokens, key=lambda t: abs(t.i - centre))[:limit]
        tokens.sort(key=lambda t: t.i)
    parts: list[str] = []
    masked = False
    for t in tokens:
        if t.idx < end and t.idx + len(t.text) > start:
            if not masked:
                parts.append(mask)
                masked = True
            continue
        parts.append(t.text)
    if not masked:
        parts.append(mask)
    return " ".join(parts)


def _read_one(doc, start: int, end: int, lex: Lexicon, mask: str, ents_by_token: dict) -> Reading:
    tokens = tokens_in(doc, start, end)
    if not tokens:
        return Reading(key=mask, focus=mask)
    labels = lex.labels
    inside = {t.i for t in tokens}
    anchor = anchor_of(tokens)
    in_name = name_label(doc, tokens, start, end, lex)
    if is_label(anchor, tokens, lex):
        return Reading(role="label", in_name=in_name, key=mask, focus=mask)
    noun, role = noun_of(anchor, inside, lex)
    verb = predicate_of(noun if noun is not None else anchor, lex)
    act = act_of(anchor, lex) if noun is None else None
    if is_remainder(doc, tokens, anchor, lex):
        role = "remainder"
    else:
        role = role_of(anchor, noun, role, verb, lex)
    if act is not None:
        role = "object"  # "Trump's demand for $5 billion": what is demanded
    elif noun is None:
        noun = counted_from_clause(anchor, verb, role, lex)
    clause_root = verb if verb is not None else (noun if noun is not None else anchor)
    own = own_verb(noun, lex)
    if own is not None:  # "the 240 hostages *held by Hamas* were not released": held
        verb = own
    predicate, event = predicate_and_event(act if act is not None else verb, noun, lex, role)
    path = path_to_root(anchor)
    clause = clause_tokens(clause_root, path, lex)
    clause_ids = {t.i for t in clause}
    places = [e.text for e in doc.ents if e.label_ in labels.ner_places
              and e.root.i in clause_ids]  # fmt: skip
    times = [e.text for e in doc.ents if e.label_ in labels.ner_times and e.root.i in clause_ids
             and not (e.start_char < end and start < e.end_char)]  # fmt: skip
    if not times:  # "In 2008, ... Operation Jump Start, in which 6,000 troops were deployed"
        times = [e.text for e in doc.ents if e.label_ in labels.ner_times
                 and _YEAR.fullmatch(e.text)]  # fmt: skip
    if not times and lex.time_words:  # a pipeline without dates: "lundi", "en mars"
        times = _time_words(clause, inside, lex)
    focus_ids = {t.i for t in tokens}
    if noun is not None:
        focus_ids |= {t.i for t in noun.subtree if t.dep_ not in labels.relative}
        focus_ids.add(noun.i)
    if verb is not None:
        focus_ids |= {verb.i} | {c.i for c in verb.children if c.dep_ in labels.focus_verb}
    agent = agent_of(verb, noun, inside, lex) if act is None else holder_of(act, lex)
    clause = long_enough(clause, clause_root, path, inside, lex)
    counted = counted_noun(noun, lex)
    cc = labels.coordinator
    key = _masked(doc, clause, start, end, mask, KEY_WORDS, cc)
    focus = _masked(doc, sorted((doc[i] for i in focus_ids), key=lambda t: t.i), start, end,
                    mask, 12, cc)  # fmt: skip
    return Reading(
        role=role,
        counted=counted_phrase(counted, inside, lex) if counted is not None else "",
        head=lemma_of(counted).lower() if counted is not None else "",
        modifiers=tuple(sorted(modifiers_of(noun, verb, lex, inside, ents_by_token))),
        predicate=predicate,
        event=event,
        negated=is_negated(verb, noun, lex),
        hedged=is_hedged(verb, anchor, lex),
        agent=agent,
        places=tuple(dict.fromkeys(_clean_name(p, lex) for p in places)),
        times=tuple(dict.fromkeys(t.lower() for t in times)),
        purpose=purpose_of(anchor, noun, verb, lex),
        in_name=in_name,
        key=key,
        focus=focus if len(focus.split()) >= 4 else key,
    )  # fmt: skip


def _time_words(clause: list, inside: set[int], lex: Lexicon) -> list[str]:
    """The clause's times where the pipeline labels none (``time_words``): each day, month
    or "hier" with the day number before it ("3 mars"), and each year in digits, outside the
    figure."""
    out = []
    for t in clause:
        if t.i in inside:
            continue
        if t.lower_ in lex.time_words:
            before = t.doc[t.i - 1] if t.i > 0 else None
            if before is not None and before.i not in inside and before.like_num:
                out.append(f"{before.text} {t.text}")  # "3 mars"
            else:
                out.append(t.text)
        elif _YEAR.fullmatch(t.text):
            out.append(t.text)
    return out
