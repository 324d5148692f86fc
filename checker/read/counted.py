"""What a figure counts and how it enters its clause, read from a dependency parse.

The figure's anchor (the token of its span the sentence attaches to); whether it is part of a
name ("Title 42", "the Fourth Amendment", NER names) rather than an amount; the noun it counts
("hundreds *of people*", "51 *people*", "30 centimetres *of rain*", past a filler: "the number
*of hostages*"); and its role (modifier, partitive, subject, object, complement, change-to,
change-by, remainder). Pure functions of spaCy tokens and the language's word lists
(:class:`~checker.lang.lexicon.Lexicon`), whose label table (``lex.labels``) names every
dependency label, tag and entity label read here; :mod:`checker.read.grammar` puts them
together.
"""

from __future__ import annotations

import re
from functools import cache

from ..lang.lexicon import Lexicon, alternation, lexicon
from .quantities import unit_size
from .tree import governor, has_feature, lemma_of, phrases

#: Parts of speech of a noun the figure may count (Universal POS: every pipeline's ``pos_``).
NOUNS = frozenset({"NOUN", "PROPN"})
_FOUR_DIGITS = re.compile(r"[1-9]\d{3}")


def tokens_in(doc, start: int, end: int) -> list:
    return [t for t in doc if t.idx < end and t.idx + len(t.text) > start]


def anchor_of(tokens: list):
    """The token of the figure's span that the rest of the sentence attaches to."""
    inside = {t.i for t in tokens}
    outer = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    numbers = [t for t in outer if t.pos_ == "NUM" or t.like_num]
    pool = numbers or outer or tokens
    return pool[-1]


def name_label(doc, tokens: list, start: int, end: int, lex: Lexicon) -> str:
    """The NER label of a name the figure is part of ("Boeing 737"), else ""."""
    labels = lex.labels
    if any(t.dep_ in labels.nummod and has_feature(t.head, labels.plural) for t in tokens):
        return ""  # it counts a plural noun: "Robert 6 hours" is no name, whatever NER says
    for ent in doc.ents:
        if ent.start_char < end and start < ent.end_char and ent.label_ in labels.ner_names:
            words = [t for t in ent if t not in tokens]
            if any(t.text[:1].isupper() for t in words):
                return ent.label_
    return ""


def _is_unit(token) -> bool:
    return unit_size(lemma_of(token).lower()) is not None or unit_size(token.lower_) is not None


def _of_noun(token, lex: Lexicon):
    """The noun after the token's "of" (``partitive_words``), or None (also inside the figure:
    "hundreds *of millions*", "2 millions *d'euros*")."""
    for word, objects in phrases(token, lex.labels):
        if word in lex.partitive_words:
            objs = [o for o in objects if o.pos_ in NOUNS]
            if objs:
                return objs[0]
    return None


def _measured(unit, lex: Lexicon):
    measured = _of_noun(unit, lex)
    if measured is not None:
        return measured
    if unit.dep_ in lex.labels.measured and unit.head.pos_ in NOUNS:
        return unit.head
    return None


def is_label(anchor, tokens: list, lex: Lexicon) -> bool:
    """ "Title 42", "lease 257", "Article 5": a number that names the singular noun just
    before it, rather than counting anything."""
    head = anchor.head
    labels = lex.labels
    if _ordinal_name(anchor, tokens, lex):
        return True
    if len(tokens) != 1 or not anchor.like_num:
        return False
    nummod = anchor.dep_ in labels.nummod
    if head.i == anchor.i + 1 and nummod and _FOUR_DIGITS.fullmatch(anchor.text):
        # "the 1776 report", "the 1619 Project": four digits before one singular thing name it
        return (
            has_feature(head, labels.singular)
            and head.is_alpha
            and len(head.text) > 2  # not "1500 m"
            and not _is_unit(head)
        )
    if head.i != anchor.i - 1:
        return False
    if anchor.dep_ not in labels.label_number:
        return False
    return (has_feature(head, labels.singular) or (nummod and head.lower_.isalpha()
            and has_feature(head, labels.verb))) and not any(c.i > anchor.i for c in anchor.children)  # fmt: skip


@cache
def _ordinal(code: str) -> re.Pattern:
    """Digits and an ordinal ending ("19th"; ``name_ordinal_suffixes``)."""
    return re.compile(rf"\d+{alternation(lexicon(code).name_ordinal_suffixes)}", re.IGNORECASE)


def _ordinal_name(anchor, tokens: list, lex: Lexicon) -> bool:
    """ "the 19th Amendment", "the Fourth Amendment", "the 101st Airborne": an ordinal right
    before the capitalised noun it belongs to, in a sentence that is not set in title case
    (where "Blinken's 11th Visit" capitalises every word)."""
    if len(tokens) != 1 or anchor.i + 1 >= len(anchor.doc):
        return False
    nxt = anchor.doc[anchor.i + 1]
    ordinal = _ordinal(lex.code).fullmatch(anchor.text) or anchor.lower_ in lex.name_ordinals
    if not ordinal or not nxt.text[:1].isupper() or not nxt.is_alpha:
        return False
    if nxt.head.i != anchor.i and anchor.head.i != nxt.i:
        return False
    words = [t for t in anchor.sent if t.is_alpha]
    capitalised = sum(1 for t in words if t.text[:1].isupper())
    return capitalised / max(1, len(words)) < 0.5


def noun_of(anchor, inside: set[int], lex: Lexicon):
    """(noun the figure counts, role) from the figure's own attachment."""
    head = anchor.head
    partitive = _of_noun(anchor, lex)  # "hundreds of people", "38% of voters", "$12,300 of"
    if partitive is not None:
        return partitive, "partitive"
    number = anchor.dep_ in lex.labels.number and governor(anchor, lex.labels) is None
    if number and head.i not in inside and head.pos_ in NOUNS and head.lower_ not in lex.time_words:
        # not "a rise *of 5%*", nor a day the parser hung the figure on ("4,5 % jeudi")
        if _is_unit(head):  # "a 47-foot sea wall", "30 centimetres of rain": what is measured
            measured = _measured(head, lex)
            return (measured, "modifier") if measured is not None else (None, "")
        return head, "modifier"
    if anchor.pos_ in NOUNS and not anchor.like_num and anchor.lower_ not in lex.unit_heads:
        return anchor, "modifier"
    return None, ""


def act_of(anchor, lex: Lexicon):
    """The noun of an act the figure is the object of ("Trump's *demand* for $5 billion", "a
    *counteroffer* of $50 billion"; ``action_nouns``), or None."""
    governed = governor(anchor, lex.labels)
    if governed is None or governed[0] not in lex.act_prepositions:
        return None
    noun = governed[1]
    return noun if noun.pos_ == "NOUN" and lemma_of(noun).lower() in lex.action_nouns else None


def is_remainder(doc, tokens: list, anchor, lex: Lexicon) -> bool:
    """ "all but $12,300 of the budget": the figure is what is left, not the amount
    (``remainder_words``)."""
    if len(lex.remainder_words) != 2:
        return False  # a language without the phrase (an empty list would match any start)
    first = tokens[0].i
    before = [t.lower_ for t in doc[max(0, first - 2) : first]]
    if before == list(lex.remainder_words):
        return True
    all_, but = lex.remainder_words
    labels = lex.labels
    cc = [c.lower_ for c in anchor.head.children if c.dep_ in labels.coordinator]
    return anchor.dep_ in labels.conjunct and anchor.head.lower_ == all_ and but in cc


def role_of(anchor, noun, role: str, verb, lex: Lexicon) -> str:
    if role:
        return role
    dep = anchor.dep_
    labels = lex.labels
    governed = governor(anchor, labels)
    if governed is not None and verb is not None:
        prep = governed[0]
        if lemma_of(verb).lower() in lex.change_verbs:  # "rose to 9,000", "rose by 5%"
            if prep in lex.change_to_prepositions:
                return "change-to"
            if prep in lex.change_by_prepositions:
                return "change-by"
        return "complement"
    if dep in labels.subject:
        return "subject"
    if dep in labels.object:
        return "object"
    if dep in labels.complement:
        return "complement"
    return "other"


def counted_from_clause(anchor, verb, role: str, lex: Lexicon):
    """When the figure is the argument ("casualties rose to 9,000", "the toll is 51"), what
    it counts is the clause's subject; "51 people were killed and 220 injured": the counted
    noun of the first verb's subject carries over to the second."""
    if verb is None:
        return None
    labels = lex.labels
    if role in ("change-to", "complement"):
        subj = [c for c in verb.children if c.dep_ in labels.subject and c.pos_ in NOUNS]
        return subj[0] if subj else None
    if role == "subject" and verb.dep_ in labels.conjunct:
        for c in verb.head.children:
            counted = any(g.dep_ in labels.nummod for g in c.children)
            if c.dep_ in labels.subject and c.pos_ in NOUNS and counted:
                return c
    return None


def counted_phrase(noun, inside: set[int], lex: Lexicon) -> str:
    """The counted thing as it is named: the noun with its left-hand qualifiers, without
    the figure, determiners or pronouns ("its 2.3 million residents" -> "residents");
    prepositional phrases and clauses go to the modifiers."""
    labels = lex.labels
    skip = labels.possessive_marker | labels.determiner
    words = [noun]
    for c in noun.lefts:
        if c.dep_ not in labels.qualifier or c.pos_ in ("PRON", "NUM"):
            continue
        if c.i in inside or any(t.i in inside for t in c.subtree):
            continue
        words += [t for t in c.subtree if not t.is_punct and t.dep_ not in skip]
    return " ".join(t.text for t in sorted(set(words), key=lambda t: t.i))


def counted_noun(noun, lex: Lexicon):
    """The noun a figure counts, past a filler that only stands in for the figure ("the figure",
    "the amount", "none"; ``filler_nouns``): the noun after its "of" ("the total number *of
    hostages*"), else None, not known."""
    if noun is None or lemma_of(noun).lower() not in lex.filler_nouns:
        return noun
    for word, objects in phrases(noun, lex.labels):
        if word in lex.partitive_words:
            objs = [o for o in objects if o.pos_ in NOUNS]
            if objs and lemma_of(objs[0]).lower() not in lex.filler_nouns:
                return objs[0]
    return None
