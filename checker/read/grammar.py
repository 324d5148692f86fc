"""What a figure is about, read from a dependency parse.

A figure's place in the tree says what it counts and what happened to it: "51" is the
``nummod`` of "people", which is the ``nsubjpass`` of "killed"; "220" in "and more than 220
injured" is the subject of the conjoined "injured". From that place this module reads one
:class:`Reading` per quantity: its role, the counted noun phrase with its modifiers, the
predicate with negation and hedges, the agent, the places and times of its clause, what money
is for, and whether the figure sits inside a name ("Title 42", "Boeing 737").

Pure: it takes a parsed spaCy ``Doc`` (see :mod:`checker.read.reading` for parsing and caching)
and the quantities' character spans, and returns plain data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..lang.lexicon import Lexicon, lexicon, normalise_event
from .quantities import unit_size

#: NER labels whose spans are names: a figure inside one is part of the name, not an amount.
NAME_LABELS = frozenset({"FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "ORG", "PERSON"})
#: NER labels kept as the sentence's names (``Claim.entities``).
ENTITY_LABELS = NAME_LABELS | {"GPE", "NORP", "LOC"}
PLACE_LABELS = frozenset({"GPE", "LOC"})
TIME_LABELS = frozenset({"DATE"})
_NUMBER_DEPS = {"nummod", "compound", "amod", "nmod", "quantmod", "npadvmod", "det", "poss"}
_NOUNS = {"NOUN", "PROPN"}
# Children that start a clause of their own: their words are not this figure's clause.
_OTHER_CLAUSE = {"ccomp", "advcl", "parataxis", "csubj", "csubjpass", "xcomp", "relcl", "acl"}
# Dependents of a noun that qualify what it is ("medical", "Republican", "held by ...").
_MODIFIER_DEPS = {"amod", "compound", "nmod", "poss", "npadvmod"}
_KEY_WORDS = 28  # at most this many words in the tree phrase that is embedded


@dataclass(frozen=True)
class Reading:
    """What the parse says about one figure. Empty strings mean "not known"."""

    #: How the figure enters its clause: modifier (of a noun), partitive ("hundreds of"),
    #: subject, object, complement, change-to ("rose to"), change-by ("rose by"),
    #: remainder ("all but"), or other.
    role: str = "other"
    #: The counted or measured noun phrase with its modifiers ("states with medical laws").
    counted: str = ""
    #: The lemma of that phrase's head ("state").
    head: str = ""
    #: Content lemmas that qualify the counted thing or the claim (adjectives, compounds,
    #: relative-clause verbs and their objects, prepositional objects), sorted.
    modifiers: tuple[str, ...] = ()
    #: The governing verb's lemma, with its particle ("go into"); the event is its
    #: normalised form.
    predicate: str = ""
    event: str | None = None
    negated: bool = False
    hedged: bool = False
    #: Who holds, says, requests or pays ("mayor", "the couple").
    agent: str = ""
    places: tuple[str, ...] = ()
    times: tuple[str, ...] = ()
    #: What money or a measure is for ("the new bridge").
    purpose: str = ""
    #: NER label when the figure is part of a name; such figures are not quantities.
    in_name: str = ""
    #: The claim's own phrase from the tree, the figure masked: what is embedded.
    key: str = ""
    #: The counted noun phrase, predicate and agent only, the figure masked.
    focus: str = ""

    def to_json(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}

    @classmethod
    def from_json(cls, data: dict) -> Reading:
        return cls(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items()})


def sentence_entities(doc) -> tuple[str, ...]:
    """The names NER finds in a parsed sentence, in order, without duplicates."""
    out = [_clean_name(e.text) for e in doc.ents if e.label_ in ENTITY_LABELS]
    return tuple(dict.fromkeys(n for n in out if len(n) > 1))


def _clean_name(text: str) -> str:
    text = text.strip(" .,’'\"“”")
    for prefix in ("the ", "The "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    if text.endswith(("’s", "'s")):
        text = text[:-2]
    return text


def read(doc, spans: Sequence[tuple[int, int]], mask: str = "[NUM]") -> list[Reading]:
    """One reading per ``(start, end)`` character span of a quantity in ``doc``'s text."""
    lex = lexicon()
    ents_by_token = {t.i: e.label_ for e in doc.ents for t in e}
    return [_read_one(doc, start, end, lex, mask, ents_by_token) for start, end in spans]


def _tokens_in(doc, start: int, end: int) -> list:
    return [t for t in doc if t.idx < end and t.idx + len(t.text) > start]


def _anchor(tokens: list):
    """The token of the figure's span that the rest of the sentence attaches to."""
    inside = {t.i for t in tokens}
    outer = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    numbers = [t for t in outer if t.pos_ == "NUM" or t.like_num]
    pool = numbers or outer or tokens
    return pool[-1]


def _in_name(doc, tokens: list, start: int, end: int) -> str:
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


def _measured(unit):
    for c in unit.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            objs = [o for o in c.children if o.dep_ == "pobj" and o.pos_ in _NOUNS]
            if objs:
                return objs[0]
    if unit.dep_ in ("compound", "amod", "nmod") and unit.head.pos_ in _NOUNS:
        return unit.head
    return None


def _label(anchor, tokens: list) -> bool:
    """ "Title 42", "lease 257", "Article 5": a number that names the singular noun just
    before it, rather than counting anything."""
    head = anchor.head
    if _ordinal_name(anchor, tokens):
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


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)


def _ordinal_name(anchor, tokens: list) -> bool:
    """ "the 19th Amendment", "the Fourth Amendment", "the 101st Airborne": an ordinal right
    before the capitalised noun it belongs to, in a sentence that is not set in title case
    (where "Blinken's 11th Visit" capitalises every word)."""
    if len(tokens) != 1 or anchor.i + 1 >= len(anchor.doc):
        return False
    nxt = anchor.doc[anchor.i + 1]
    ordinal = _ORDINAL.fullmatch(anchor.text) or anchor.lower_ in _ORDINAL_WORDS
    if not ordinal or not nxt.text[:1].isupper() or not nxt.is_alpha:
        return False
    if nxt.head.i != anchor.i and anchor.head.i != nxt.i:
        return False
    words = [t for t in anchor.sent if t.is_alpha]
    capitalised = sum(1 for t in words if t.text[:1].isupper())
    return capitalised / max(1, len(words)) < 0.5


_ORDINAL_WORDS = frozenset(
    [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ]
)


def _noun_of(anchor, inside: set[int]):
    """(noun the figure counts, role) from the figure's own attachment."""
    head = anchor.head
    for child in anchor.children:  # "hundreds of people", "38% of voters", "$12,300 of"
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in _NOUNS]
            if objs:
                return objs[0], "partitive"
    if anchor.dep_ in _NUMBER_DEPS and head.i not in inside and head.pos_ in _NOUNS:
        if _is_unit(head):  # "a 47-foot sea wall", "30 centimetres of rain": what is measured
            measured = _measured(head)
            return (measured, "modifier") if measured is not None else (None, "")
        return head, "modifier"
    if anchor.pos_ in _NOUNS and not anchor.like_num and anchor.lower_ not in _UNIT_HEADS:
        return anchor, "modifier"
    return None, ""


_UNIT_HEADS = {"percent", "%", "million", "billion", "trillion", "thousand", "hundred", "cent"}


def _act(anchor, lex: Lexicon):
    """The noun of an act the figure is the object of ("Trump's *demand* for $5 billion", "a
    *counteroffer* of $50 billion"; ``action_nouns``), or None."""
    prep = anchor.head
    if anchor.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("for", "of"):
        return None
    noun = prep.head
    return noun if noun.pos_ == "NOUN" and noun.lemma_.lower() in lex.action_nouns else None


def _holder(noun) -> str:
    """Who the act is by: its possessor ("Trump's demand"), else not known."""
    poss = [c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    return _phrase(poss[0]) if poss else ""


def _predicate(start, lex: Lexicon):
    """The nearest verb above ``start`` (the counted noun or the figure)."""
    node = start
    for _ in range(8):
        if node.pos_ == "VERB" or (node.pos_ == "AUX" and node.dep_ in ("ROOT", "conj")):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _particle(verb) -> str:
    prts = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return f"{verb.lemma_.lower()} {prts[0]}" if prts else verb.lemma_.lower()


def _event(verb, noun, lex: Lexicon, role: str = "") -> tuple[str, str | None]:
    """(predicate, event): a verb that qualifies the counted noun ("hostages *held* by")
    names its event before the clause's verb; a noun that carries an event ("deaths")
    wins over a verb that names none."""
    chosen = verb
    predicate = _particle(chosen) if chosen is not None else ""
    phrasal = lex.phrasal.get(predicate)
    if chosen is not None and not phrasal:  # "had gone into Gaza": a verb and its preposition
        for c in chosen.children:
            if c.dep_ == "prep" and f"{predicate} {c.lower_}" in lex.phrasal:
                predicate = f"{predicate} {c.lower_}"
                phrasal = lex.phrasal[predicate]
                break
    lemma = phrasal or (chosen.lemma_.lower() if chosen is not None else "")
    event = None if not lemma or lemma in lex.light_verbs else normalise_event(lemma)
    if role == "change-to" and lemma in _CHANGE_VERBS:
        event = None  # "casualties rose to 9,000": the figure is a level, not an event
    noun_event = lex.noun_events.get(noun.lemma_.lower()) if noun is not None else None
    known = set(lex.event_of.values())
    if noun_event and (event is None or event not in known):
        event = noun_event
    return predicate, event


def _own_verb(noun):
    """A verb that qualifies the counted noun ("hostages *held* by Hamas") names its event
    before the clause's verb."""
    if noun is None:
        return None
    return next((c for c in noun.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"),
                None)  # fmt: skip


def _negated(verb, noun, lex: Lexicon) -> bool:
    words = []
    if verb is not None:
        words += [c.lower_ for c in verb.children if c.dep_ in ("neg", "acomp")]  # "unknown"
        words.append(verb.lemma_.lower())  # "denied"
        if verb.head.i != verb.i and verb.dep_ == "ccomp":  # "denied that 30 were"
            words.append(verb.head.lemma_.lower())
    if noun is not None:
        words += [c.lower_ for c in noun.children if c.dep_ == "det"]
    return bool(set(words) & lex.negations)


def _hedged(verb, anchor, lex: Lexicon) -> bool:
    if verb is None:
        return any(c.lower_ in lex.hedges for c in anchor.children)
    words = [c.lower_ for c in verb.children if c.dep_ in ("aux", "advmod", "auxpass")]
    words.append(verb.lower_)  # "projected", "expected"
    up = verb
    for _ in range(2):  # "is expected to reach", "could be forced to leave"
        if up.dep_ not in ("xcomp", "ccomp") or up.head.i == up.i:
            break
        up = up.head
        words.append(up.lower_)
        words += [c.lower_ for c in up.children if c.dep_ in ("aux", "advmod")]
    return bool(set(words) & lex.hedges)


def _phrase(token) -> str:
    """A noun with its left-hand qualifiers ("the new bridge" -> "new bridge")."""
    left = [c for c in token.lefts if c.dep_ in ("amod", "compound", "poss", "nmod")]
    words = [w for c in left for w in c.subtree if not w.is_punct and w.dep_ != "case"]
    words = sorted({*words, token}, key=lambda t: t.i)
    return " ".join(t.text for t in words if t.dep_ not in ("det",))


def _agent(verb, noun, inside: set[int]) -> str:
    holder = _holder(noun) if noun is not None else ""  # "the couple's tax rate"
    if holder or verb is None:
        return holder
    skip = inside | ({noun.i} if noun is not None else set())
    for c in verb.children:
        if c.dep_ == "agent":  # "held by Hamas"
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs and objs[0].i not in skip:
                return _phrase(objs[0])
    for c in verb.children:
        if c.dep_ in ("nsubj",) and c.i not in skip and c.pos_ != "PRON":
            if any(t.i in skip for t in c.subtree):
                return ""  # the figure is inside the subject: it is the counted thing
            return _phrase(c)
    if verb.dep_ in ("advcl", "xcomp", "conj") and not any(
        c.dep_.startswith("nsubj") for c in verb.children
    ):  # "Obama did much the same, deploying 1,200 troops": Obama deploys
        return _agent(verb.head, None, skip)
    return ""


def _clause_tokens(root, keep: set[int]) -> list:
    """The tokens of ``root``'s clause: its subtree without clauses of its own, except the
    ones on the path to the figure (``keep``)."""
    out = []
    stack = [root]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.dep_ in _OTHER_CLAUSE and c.i not in keep and not _qualifies(c, keep):
                continue
            own_subject = any(g.dep_.startswith("nsubj") for g in c.children)
            if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and c.i not in keep and own_subject:
                continue  # "... and the council approved": another subject, another claim
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


def _qualifies(clause, keep: set[int]) -> bool:
    """A clause on the counted noun ("hostages *held by Hamas*") belongs to the claim."""
    return clause.dep_ in ("acl", "relcl") and clause.head.i in keep and clause.head.pos_ in _NOUNS


def _path(token) -> set[int]:
    out = {token.i}
    while token.head.i != token.i:
        token = token.head
        out.add(token.i)
    return out


def _modifiers(noun, verb, lex: Lexicon, inside: set[int], ents_by_token: dict) -> set[str]:
    """Content lemmas that qualify the counted thing: its adjectives and compounds, its
    prepositional objects, the verbs of its relative clauses and their objects."""
    out: set[str] = set()

    def content(t) -> bool:
        return (
            t.i not in inside
            and t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB")
            and t.lemma_.lower() not in lex.function_words
            and ents_by_token.get(t.i) not in ("GPE", "LOC", "DATE", "TIME")
        )

    if noun is not None:
        for c in noun.children:
            if c.dep_ in _MODIFIER_DEPS and content(c):
                out.add(c.lemma_.lower())
            elif c.dep_ == "prep":
                out |= {o.lemma_.lower() for o in c.children if o.dep_ == "pobj" and content(o)}
                out |= {
                    m.lemma_.lower()
                    for o in c.children
                    if o.dep_ == "pobj"
                    for m in o.children
                    if m.dep_ in ("amod", "compound") and content(m)
                }
            elif c.dep_ in ("relcl", "acl") and content(c):
                out.add(c.lemma_.lower())
                for o in c.children:
                    if o.dep_ in ("dobj", "attr") and content(o):
                        out.add(o.lemma_.lower())
                    if o.dep_ in ("dobj", "attr", "agent", "prep"):
                        out |= {
                            m.lemma_.lower() for m in o.subtree if m.dep_ == "amod" and content(m)
                        }
    if verb is not None:  # "legalized medical marijuana": the object's adjectives
        for c in verb.children:
            if c.dep_ in ("dobj", "attr") and c.i not in inside and (noun is None or c != noun):
                out |= {m.lemma_.lower() for m in c.children if m.dep_ == "amod" and content(m)}
    return out


def _purpose(anchor, noun, verb) -> str:
    for host in (anchor, noun, verb):
        if host is None:
            continue
        for c in host.children:
            if c.dep_ == "prep" and c.lower_ == "for":
                objs = [o for o in c.children if o.dep_ == "pobj"]
                if objs:
                    return _phrase(objs[0]).lower()
    return ""


def _remainder(doc, tokens: list, anchor) -> bool:
    """ "all but $12,300 of the budget": the figure is what is left, not the amount."""
    first = tokens[0].i
    before = [t.lower_ for t in doc[max(0, first - 2) : first]]
    if before == ["all", "but"]:
        return True
    cc = [c.lower_ for c in anchor.head.children if c.dep_ == "cc"]
    return anchor.dep_ == "conj" and anchor.head.lower_ == "all" and "but" in cc


_CHANGE_VERBS = {
    "rise", "fall", "increase", "decrease", "climb", "drop", "grow", "jump", "surge", "soar",
    "decline", "plunge", "slip", "slide", "shrink", "reach", "hit", "cut", "raise", "lower",
    "reduce", "boost", "swell", "dip", "tumble", "balloon", "double", "top",
}  # fmt: skip


def _role(anchor, noun, role: str, verb) -> str:
    if role:
        return role
    dep = anchor.dep_
    if dep == "pobj" and anchor.head.dep_ == "prep" and verb is not None:
        prep = anchor.head.lower_
        if verb.lemma_.lower() in _CHANGE_VERBS and prep in ("to", "by"):
            return f"change-{prep}"
        return "complement"
    if dep in ("nsubj", "nsubjpass"):
        return "subject"
    if dep in ("dobj", "pobj"):
        return "object"
    if dep in ("attr", "acomp", "appos", "oprd"):
        return "complement"
    return "other"


def _counted_from_clause(anchor, verb, role: str):
    """When the figure is the argument ("casualties rose to 9,000", "the toll is 51"), what
    it counts is the clause's subject; "51 people were killed and 220 injured": the counted
    noun of the first verb's subject carries over to the second."""
    if verb is None:
        return None
    if role in ("change-to", "complement"):
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in _NOUNS]
        return subj[0] if subj else None
    if role == "subject" and verb.dep_ == "conj":
        for c in verb.head.children:
            counted = any(g.dep_ == "nummod" for g in c.children)
            if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in _NOUNS and counted:
                return c
    return None


def _counted_phrase(noun, inside: set[int]) -> str:
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


def _counted_noun(noun, lex: Lexicon):
    """The noun a figure counts, past a filler that only stands in for the figure ("the figure",
    "the amount", "none"; ``filler_nouns``): the noun after its "of" ("the total number *of
    hostages*"), else None, not known."""
    if noun is None or noun.lemma_.lower() not in lex.filler_nouns:
        return noun
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            objs = [o for o in c.children if o.dep_ == "pobj" and o.pos_ in _NOUNS]
            if objs and objs[0].lemma_.lower() not in lex.filler_nouns:
                return objs[0]
    return None


def _masked(doc, tokens: list, start: int, end: int, mask: str, limit: int) -> str:
    """The tokens as text, the figure's characters replaced by ``mask``."""
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]
    while tokens and (tokens[0].is_punct or tokens[0].dep_ == "cc"):
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


def _long_enough(clause: list, root, path: set[int], inside: set[int]) -> list:
    """The clause if it has five words beside the figure; else, for the second of two
    joined verbs, both ("raping and impregnating a 10-year-old girl"); else the sentence."""

    def short(tokens: list) -> bool:
        return len([t for t in tokens if not t.is_punct and t.i not in inside]) < 5

    if short(clause) and root.head.i != root.i and root.dep_ == "conj":
        clause = _clause_tokens(root.head, path | {root.head.i})
    return list(root.doc) if short(clause) else clause  # "( 43 % )": the whole sentence


_FOUR_DIGITS = re.compile(r"[1-9]\d{3}")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _read_one(doc, start: int, end: int, lex: Lexicon, mask: str, ents_by_token: dict) -> Reading:
    tokens = _tokens_in(doc, start, end)
    if not tokens:
        return Reading(key=mask, focus=mask)
    inside = {t.i for t in tokens}
    anchor = _anchor(tokens)
    in_name = _in_name(doc, tokens, start, end)
    if _label(anchor, tokens):
        return Reading(role="label", in_name=in_name, key=mask, focus=mask)
    noun, role = _noun_of(anchor, inside)
    verb = _predicate(noun if noun is not None else anchor, lex)
    act = _act(anchor, lex) if noun is None else None
    role = "remainder" if _remainder(doc, tokens, anchor) else _role(anchor, noun, role, verb)
    if act is not None:
        role = "object"  # "Trump's demand for $5 billion": what is demanded
    elif noun is None:
        noun = _counted_from_clause(anchor, verb, role)
    clause_root = verb if verb is not None else (noun if noun is not None else anchor)
    own = _own_verb(noun)
    if own is not None:  # "the 240 hostages *held by Hamas* were not released": held
        verb = own
    predicate, event = _event(act if act is not None else verb, noun, lex, role)
    path = _path(anchor)
    clause = _clause_tokens(clause_root, path)
    clause_ids = {t.i for t in clause}
    places = [e.text for e in doc.ents if e.label_ in PLACE_LABELS and e.root.i in clause_ids]
    times = [e.text for e in doc.ents if e.label_ in TIME_LABELS and e.root.i in clause_ids
             and not (e.start_char < end and start < e.end_char)]  # fmt: skip
    if not times:  # "In 2008, ... Operation Jump Start, in which 6,000 troops were deployed"
        times = [e.text for e in doc.ents if e.label_ in TIME_LABELS and _YEAR.fullmatch(e.text)]
    focus_ids = {t.i for t in tokens}
    if noun is not None:
        focus_ids |= {t.i for t in noun.subtree if t.dep_ not in ("relcl", "acl")}
        focus_ids.add(noun.i)
    if verb is not None:
        focus_ids |= {verb.i} | {c.i for c in verb.children if c.dep_ in ("neg", "prt", "aux")}
    agent = _agent(verb, noun, inside) if act is None else _holder(act)
    clause = _long_enough(clause, clause_root, path, inside)
    counted = _counted_noun(noun, lex)
    key = _masked(doc, clause, start, end, mask, _KEY_WORDS)
    focus = _masked(doc, sorted((doc[i] for i in focus_ids), key=lambda t: t.i), start, end,
                    mask, 12)  # fmt: skip
    return Reading(
        role=role,
        counted=_counted_phrase(counted, inside) if counted is not None else "",
        head=counted.lemma_.lower() if counted is not None else "",
        modifiers=tuple(sorted(_modifiers(noun, verb, lex, inside, ents_by_token))),
        predicate=predicate,
        event=event,
        negated=_negated(verb, noun, lex),
        hedged=_hedged(verb, anchor, lex),
        agent=agent,
        places=tuple(dict.fromkeys(_clean_name(p) for p in places)),
        times=tuple(dict.fromkeys(t.lower() for t in times)),
        purpose=_purpose(anchor, noun, verb),
        in_name=in_name,
        key=key,
        focus=focus if len(focus.split()) >= 4 else key,
    )  # fmt: skip
