"""What a figure counts and how it enters its clause, read from a dependency parse.

The figure's anchor (the token of its span the sentence attaches to); whether it is part of a
name ("Title 42", "the Fourth Amendment", NER names) rather than an amount; the noun it counts
("hundreds *of people*", "51 *people*", "30 centimetres *of rain*", past a filler: "the number
*of hostages*"); and its role (modifier, partitive, subject, object, complement, change-to,
change-by, remainder). Pure functions of spaCy tokens and the language's word lists
(:class:`~checker.lang.lexicon.Lexicon`); :mod:`checker.read.grammar` puts them together.
"""

from __future__ import annotations

import re
from functools import cache

from ..lang.lexicon import Lexicon, alternation, lexicon
from .quantities import unit_size

#: NER labels whose spans are names: a figure inside one is part of the name, not an amount.
NAME_LABELS = frozenset({"FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "ORG", "PERSON"})
#: Parts of speech of a noun the figure may count.
NOUNS = frozenset({"NOUN", "PROPN"})
_NUMBER_DEPS = {"nummod", "compound", "amod", "nmod", "quantmod", "npadvmod", "det", "poss"}
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


def name_label(doc, tokens: list, start: int, end: int) -> str:
    """The NER label of a name the figure is part of ("Boeing 737"), else ""."""
    if any(t.dep_ == "nummod" and t.head.tag_ in ("NNS", "NNPS") for t in tokens):
        return ""  # it counts a plural noun: "Robert 6 hours" is no name, whatever NER says
    for ent in doc.ents:
        if ent.start_char < end and start < ent.end_char and ent.label_ in NAME_LABELS:
            words = [t for t in ent if t not in tokens]
            if any(t.text[:1].isupper() for t in words):
                return ent.label_
    return ""


def _is_unit(token) -> bool:
    return unit_size(token.lemma_.lower()) is not None or unit_size(token.lower_) is not None


def _of_noun(token, lex: Lexicon):
    """The noun after the token's "of" (``partitive_words``), or None."""
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ in lex.partitive_words:
            objs = [o for o in c.children if o.dep_ == "pobj" and o.pos_ in NOUNS]
            if objs:
                return objs[0]
    return None


def _measured(unit, lex: Lexicon):
    measured = _of_noun(unit, lex)
    if measured is not None:
        return measured
    if unit.dep_ in ("compound", "amod", "nmod") and unit.head.pos_ in NOUNS:
        return unit.head
    return None


def is_label(anchor, tokens: list, lex: Lexicon) -> bool:
    """ "Title 42", "lease 257", "Article 5": a number that names the singular noun just
    before it, rather than counting anything."""
    head = anchor.head
    if _ordinal_name(anchor, tokens, lex):
        return True
    if len(tokens) != 1 or not anchor.like_num:
        return False
    if head.i == anchor.i + 1 and anchor.dep_ == "nummod" and _FOUR_DIGITS.fullmatch(anchor.text):
        # "the 1776 report", "the 1619 Project": four digits before one singular thing name it
        return (
            head.tag_ in ("NN", "NNP")
            and head.is_alpha
            and len(head.text) > 2  # not "1500 m"
            and not _is_unit(head)
        )
    if head.i != anchor.i - 1:
        return False
    if anchor.dep_ not in ("nummod", "appos", "npadvmod", "compound", "nmod"):
        return False
    return (head.tag_ in ("NN", "NNP") or (anchor.dep_ == "nummod" and head.lower_.isalpha()
            and head.tag_.startswith("VB"))) and not any(c.i > anchor.i for c in anchor.children)  # fmt: skip


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
    if anchor.dep_ in _NUMBER_DEPS and head.i not in inside and head.pos_ in NOUNS:
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
    prep = anchor.head
    if anchor.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in lex.act_prepositions:
        return None
    noun = prep.head
    return noun if noun.pos_ == "NOUN" and noun.lemma_.lower() in lex.action_nouns else None


def is_remainder(doc, tokens: list, anchor, lex: Lexicon) -> bool:
    """ "all but $12,300 of the budget": the figure is what is left, not the amount
    (``remainder_words``)."""
    first = tokens[0].i
    before = [t.lower_ for t in doc[max(0, first - 2) : first]]
    if before == list(lex.remainder_words):
        return True
    all_, but = lex.remainder_words
    cc = [c.lower_ for c in anchor.head.children if c.dep_ == "cc"]
    return anchor.dep_ == "conj" and anchor.head.lower_ == all_ and but in cc


def role_of(anchor, noun, role: str, verb, lex: Lexicon) -> str:
    if role:
        return role
    dep = anchor.dep_
    if dep == "pobj" and anchor.head.dep_ == "prep" and verb is not None:
        prep = anchor.head.lower_
        if verb.lemma_.lower() in lex.change_verbs:  # "rose to 9,000", "rose by 5%"
            if prep in lex.change_to_prepositions:
                return "change-to"
            if prep in lex.change_by_prepositions:
                return "change-by"
        return "complement"
    if dep in ("nsubj", "nsubjpass"):
        return "subject"
    if dep in ("dobj", "pobj"):
        return "object"
    if dep in ("attr", "acomp", "appos", "oprd"):
        return "complement"
    return "other"


def counted_from_clause(anchor, verb, role: str):
    """When the figure is the argument ("casualties rose to 9,000", "the toll is 51"), what
    it counts is the clause's subject; "51 people were killed and 220 injured": the counted
    noun of the first verb's subject carries over to the second."""
    if verb is None:
        return None
    if role in ("change-to", "complement"):
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in NOUNS]
        return subj[0] if subj else None
    if role == "subject" and verb.dep_ == "conj":
        for c in verb.head.children:
            counted = any(g.dep_ == "nummod" for g in c.children)
            if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in NOUNS and counted:
                return c
    return None


def counted_phrase(noun, inside: set[int]) -> str:
    """The counted thing as it is named: the noun with its left-hand qualifiers, without
    the figure, determiners or pronouns ("its 2.3 million residents" -> "residents");
    prepositional phrases and clauses go to the modifiers."""
    words = [noun]
    for c in noun.lefts:
        if c.dep_ not in ("amod", "compound", "nmod", "poss") or c.pos_ in ("PRON", "NUM"):
            continue
        if c.i in inside or any(t.i in inside for t in c.subtree):
            continue
        words += [t for t in c.subtree if not t.is_punct and t.dep_ not in ("case", "det")]
    return " ".join(t.text for t in sorted(set(words), key=lambda t: t.i))


def counted_noun(noun, lex: Lexicon):
    """The noun a figure counts, past a filler that only stands in for the figure ("the figure",
    "the amount", "none"; ``filler_nouns``): the noun after its "of" ("the total number *of
    hostages*"), else None, not known."""
    if noun is None or noun.lemma_.lower() not in lex.filler_nouns:
        return noun
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in lex.partitive_words:
            objs = [o for o in c.children if o.dep_ == "pobj" and o.pos_ in NOUNS]
            if objs and objs[0].lemma_.lower() not in lex.filler_nouns:
                return objs[0]
    return None
