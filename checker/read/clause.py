"""The clause around a figure, read from a dependency parse: its verb and event, negation and
hedges, who holds or says it (the agent), the words that qualify what it counts, what money
is for, and which tokens make the clause (what is embedded).

Pure functions of spaCy tokens and the language's word lists
(:class:`~checker.lang.lexicon.Lexicon`); :mod:`checker.read.grammar` puts them together.
"""

from __future__ import annotations

from ..lang.lexicon import Lexicon
from .counted import NOUNS

# Children that start a clause of their own: their words are not this figure's clause.
_OTHER_CLAUSE = {"ccomp", "advcl", "parataxis", "csubj", "csubjpass", "xcomp", "relcl", "acl"}
# Dependents of a noun that qualify what it is ("medical", "Republican", "held by ...").
_MODIFIER_DEPS = {"amod", "compound", "nmod", "poss", "npadvmod"}


def predicate_of(start):
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


def predicate_and_event(verb, noun, lex: Lexicon, role: str = "") -> tuple[str, str | None]:
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
    event = None if not lemma or lemma in lex.light_verbs else lex.event_of.get(lemma, lemma)
    if role == "change-to" and lemma in lex.change_verbs:
        event = None  # "casualties rose to 9,000": the figure is a level, not an event
    noun_event = lex.noun_events.get(noun.lemma_.lower()) if noun is not None else None
    known = set(lex.event_of.values())
    if noun_event and (event is None or event not in known):
        event = noun_event
    return predicate, event


def own_verb(noun):
    """A verb that qualifies the counted noun ("hostages *held* by Hamas") names its event
    before the clause's verb."""
    if noun is None:
        return None
    return next((c for c in noun.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"),
                None)  # fmt: skip


def is_negated(verb, noun, lex: Lexicon) -> bool:
    words = []
    if verb is not None:
        words += [c.lower_ for c in verb.children if c.dep_ in ("neg", "acomp")]  # "unknown"
        words.append(verb.lemma_.lower())  # "denied"
        if verb.head.i != verb.i and verb.dep_ == "ccomp":  # "denied that 30 were"
            words.append(verb.head.lemma_.lower())
    if noun is not None:
        words += [c.lower_ for c in noun.children if c.dep_ == "det"]
    return bool(set(words) & lex.negations)


def is_hedged(verb, anchor, lex: Lexicon) -> bool:
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


def holder_of(noun) -> str:
    """Who the act is by: its possessor ("Trump's demand"), else not known."""
    poss = [c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    return _phrase(poss[0]) if poss else ""


def agent_of(verb, noun, inside: set[int]) -> str:
    holder = holder_of(noun) if noun is not None else ""  # "the couple's tax rate"
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
        return agent_of(verb.head, None, skip)
    return ""


def clause_tokens(root, keep: set[int]) -> list:
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
    return clause.dep_ in ("acl", "relcl") and clause.head.i in keep and clause.head.pos_ in NOUNS


def path_to_root(token) -> set[int]:
    out = {token.i}
    while token.head.i != token.i:
        token = token.head
        out.add(token.i)
    return out


def long_enough(clause: list, root, path: set[int], inside: set[int]) -> list:
    """The clause if it has five words beside the figure; else, for the second of two
    joined verbs, both ("raping and impregnating a 10-year-old girl"); else the sentence."""

    def short(tokens: list) -> bool:
        return len([t for t in tokens if not t.is_punct and t.i not in inside]) < 5

    if short(clause) and root.head.i != root.i and root.dep_ == "conj":
        clause = clause_tokens(root.head, path | {root.head.i})
    return list(root.doc) if short(clause) else clause  # "( 43 % )": the whole sentence


def modifiers_of(noun, verb, lex: Lexicon, inside: set[int], ents_by_token: dict) -> set[str]:
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


def purpose_of(anchor, noun, verb, lex: Lexicon) -> str:
    """What money or a measure is for ("$2 million for the bridge"; ``purpose_prepositions``)."""
    for host in (anchor, noun, verb):
        if host is None:
            continue
        for c in host.children:
            if c.dep_ == "prep" and c.lower_ in lex.purpose_prepositions:
                objs = [o for o in c.children if o.dep_ == "pobj"]
                if objs:
                    return _phrase(objs[0]).lower()
    return ""
