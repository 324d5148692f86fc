"""The clause around a figure, read from a dependency parse: its verb and event, negation and
hedges, who holds or says it (the agent), the words that qualify what it counts, what money
is for, and which tokens make the clause (what is embedded).

Pure functions of spaCy tokens and the language's word lists
(:class:`~checker.lang.lexicon.Lexicon`), whose label table (``lex.labels``) names every
dependency label, tag and entity label read here ("ROOT" is spaCy's own, in every pipeline);
:mod:`checker.read.grammar` puts them together.
"""

from __future__ import annotations

from ..lang.lexicon import Lexicon
from .counted import NOUNS
from .tree import has_feature, lemma_of, phrase_objects, phrases


def predicate_of(start, lex: Lexicon):
    """The nearest verb above ``start`` (the counted noun or the figure)."""
    node = start
    clause_heads = lex.labels.conjunct | {"ROOT"}
    for _ in range(8):
        if node.pos_ == "VERB" or (node.pos_ == "AUX" and node.dep_ in clause_heads):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _particle(verb, lex: Lexicon) -> str:
    prts = [c.lower_ for c in verb.children if c.dep_ in lex.labels.particle]
    return f"{lemma_of(verb).lower()} {prts[0]}" if prts else lemma_of(verb).lower()


def predicate_and_event(verb, noun, lex: Lexicon, role: str = "") -> tuple[str, str | None]:
    """(predicate, event): a verb that qualifies the counted noun ("hostages *held* by")
    names its event before the clause's verb; a noun that carries an event ("deaths")
    wins over a verb that names none."""
    chosen = verb
    predicate = _particle(chosen, lex) if chosen is not None else ""
    phrasal = lex.phrasal.get(predicate)
    if chosen is not None and not phrasal:  # "had gone into Gaza": a verb and its preposition
        for word, _ in phrases(chosen, lex.labels):
            if f"{predicate} {word}" in lex.phrasal:
                predicate = f"{predicate} {word}"
                phrasal = lex.phrasal[predicate]
                break
    lemma = phrasal or (lemma_of(chosen).lower() if chosen is not None else "")
    event = None if not lemma or lemma in lex.light_verbs else lex.event_of.get(lemma, lemma)
    if role == "change-to" and lemma in lex.change_verbs:
        event = None  # "casualties rose to 9,000": the figure is a level, not an event
    noun_event = lex.noun_events.get(lemma_of(noun).lower()) if noun is not None else None
    known = set(lex.event_of.values())
    if noun_event and (event is None or event not in known):
        event = noun_event
    return predicate, event


def own_verb(noun, lex: Lexicon):
    """A verb that qualifies the counted noun ("hostages *held* by Hamas") names its event
    before the clause's verb."""
    if noun is None:
        return None
    relative = lex.labels.relative
    return next((c for c in noun.children if c.dep_ in relative and c.pos_ == "VERB"),
                None)  # fmt: skip


def is_negated(verb, noun, lex: Lexicon) -> bool:
    labels = lex.labels
    words = []
    if verb is not None:
        words += [c.lower_ for c in verb.children if c.dep_ in labels.negation]  # "unknown"
        words.append(lemma_of(verb).lower())  # "denied"
        if verb.head.i != verb.i and verb.dep_ in labels.reported_clause:  # "denied that 30"
            words.append(lemma_of(verb.head).lower())
    if noun is not None:
        words += [c.lower_ for c in noun.children if c.dep_ in labels.determiner]
    return bool(set(words) & lex.negations)


def is_hedged(verb, anchor, lex: Lexicon) -> bool:
    labels = lex.labels
    if verb is None:
        return any(c.lower_ in lex.hedges for c in anchor.children)
    under = [c for c in verb.children if c.dep_ in labels.hedge]
    words = [c.lower_ for c in under]
    words.append(verb.lower_)  # "projected", "expected"
    if labels.conditional and any(has_feature(t, labels.conditional) for t in (verb, *under)):
        return True  # French "auraient été tués": said, not confirmed
    up = verb
    for _ in range(2):  # "is expected to reach", "could be forced to leave"
        if up.dep_ not in labels.complement_clause or up.head.i == up.i:
            break
        up = up.head
        words.append(up.lower_)
        words += [c.lower_ for c in up.children if c.dep_ in labels.hedge_above]
    return bool(set(words) & lex.hedges)


def _phrase(token, lex: Lexicon) -> str:
    """A noun with its left-hand qualifiers ("the new bridge" -> "new bridge")."""
    labels = lex.labels
    left = [c for c in token.lefts if c.dep_ in labels.qualifier]
    words = [w for c in left for w in c.subtree
             if not w.is_punct and w.dep_ not in labels.possessive_marker]  # fmt: skip
    words = sorted({*words, token}, key=lambda t: t.i)
    return " ".join(t.text for t in words if t.dep_ not in labels.determiner)


def holder_of(noun, lex: Lexicon) -> str:
    """Who the act is by: its possessor ("Trump's demand"), else not known."""
    poss = [c for c in noun.children if c.dep_ in lex.labels.possessor and c.pos_ != "PRON"]
    return _phrase(poss[0], lex) if poss else ""


def _agents(c, lex: Lexicon) -> list:
    """The nouns of an agent dependent ("held by Hamas"): ``head``, the objects under the
    preposition; ``case``, the dependent itself."""
    labels = lex.labels
    if labels.prepositions == "head":
        return [o for o in c.children if o.dep_ in labels.prepositional]
    return [c]


def agent_of(verb, noun, inside: set[int], lex: Lexicon) -> str:
    holder = holder_of(noun, lex) if noun is not None else ""  # "the couple's tax rate"
    if holder or verb is None:
        return holder
    labels = lex.labels
    skip = inside | ({noun.i} if noun is not None else set())
    for c in verb.children:
        if c.dep_ in labels.agent:  # "held by Hamas"
            objs = _agents(c, lex)
            if objs and objs[0].i not in skip:
                return _phrase(objs[0], lex)
    for c in verb.children:
        if c.dep_ in labels.active_subject and c.i not in skip and c.pos_ != "PRON":
            if any(t.i in skip for t in c.subtree):
                return ""  # the figure is inside the subject: it is the counted thing
            return _phrase(c, lex)
    if verb.dep_ in labels.shared_subject and not any(
        c.dep_ in labels.subject for c in verb.children
    ):  # "Obama did much the same, deploying 1,200 troops": Obama deploys
        return agent_of(verb.head, None, skip, lex)
    return ""


def clause_tokens(root, keep: set[int], lex: Lexicon) -> list:
    """The tokens of ``root``'s clause: its subtree without clauses of its own, except the
    ones on the path to the figure (``keep``)."""
    labels = lex.labels
    out = []
    stack = [root]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.dep_ in labels.clause and c.i not in keep and not _qualifies(c, keep, lex):
                continue
            own_subject = any(g.dep_ in labels.subject for g in c.children)
            if (c.dep_ in labels.conjunct and c.pos_ in ("VERB", "AUX") and c.i not in keep
                    and own_subject):  # fmt: skip
                continue  # "... and the council approved": another subject, another claim
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


def _qualifies(clause, keep: set[int], lex: Lexicon) -> bool:
    """A clause on the counted noun ("hostages *held by Hamas*") belongs to the claim."""
    return (clause.dep_ in lex.labels.relative and clause.head.i in keep
            and clause.head.pos_ in NOUNS)  # fmt: skip


def path_to_root(token) -> set[int]:
    out = {token.i}
    while token.head.i != token.i:
        token = token.head
        out.add(token.i)
    return out


def long_enough(clause: list, root, path: set[int], inside: set[int], lex: Lexicon) -> list:
    """The clause if it has five words beside the figure; else, for the second of two
    joined verbs, both ("raping and impregnating a 10-year-old girl"); else the sentence."""

    def short(tokens: list) -> bool:
        return len([t for t in tokens if not t.is_punct and t.i not in inside]) < 5

    if short(clause) and root.head.i != root.i and root.dep_ in lex.labels.conjunct:
        clause = clause_tokens(root.head, path | {root.head.i}, lex)
    return list(root.doc) if short(clause) else clause  # "( 43 % )": the whole sentence


def modifiers_of(noun, verb, lex: Lexicon, inside: set[int], ents_by_token: dict) -> set[str]:
    """Content lemmas that qualify the counted thing: its adjectives and compounds, its
    prepositional objects, the verbs of its relative clauses and their objects."""
    out: set[str] = set()
    labels = lex.labels
    qualifying = labels.adjective | labels.compound
    # what a relative clause's objects, agent and prepositional phrases are (their adjectives)
    relative_parts = labels.verb_object | labels.agent | labels.phrase

    def content(t) -> bool:
        return (
            t.i not in inside
            and t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB")
            and lemma_of(t).lower() not in lex.function_words
            and t.lower_ not in lex.time_words
            and ents_by_token.get(t.i) not in labels.ner_not_modifiers
        )

    if noun is not None:
        for c in noun.children:
            objs = phrase_objects(c, labels)
            if c.dep_ in labels.modifier and objs is None and content(c):
                out.add(lemma_of(c).lower())
            elif objs is not None:  # "states *with medical laws*"
                out |= {lemma_of(o).lower() for o in objs if content(o)}
                out |= {
                    lemma_of(m).lower()
                    for o in objs
                    for m in o.children
                    if m.dep_ in qualifying and content(m)
                }
            elif c.dep_ in labels.relative and content(c):
                out.add(lemma_of(c).lower())
                for o in c.children:
                    if o.dep_ in labels.verb_object and content(o):
                        out.add(lemma_of(o).lower())
                    if o.dep_ in relative_parts:
                        out |= {
                            lemma_of(m).lower()
                            for m in o.subtree
                            if m.dep_ in labels.adjective and content(m)
                        }
    if verb is not None:  # "legalized medical marijuana": the object's adjectives
        for c in verb.children:
            if c.dep_ in labels.verb_object and c.i not in inside and (noun is None or c != noun):
                out |= {
                    lemma_of(m).lower()
                    for m in c.children
                    if m.dep_ in labels.adjective and content(m)
                }
    return out


def purpose_of(anchor, noun, verb, lex: Lexicon) -> str:
    """What money or a measure is for ("$2 million for the bridge"; ``purpose_prepositions``)."""
    for host in (anchor, noun, verb):
        if host is None:
            continue
        for word, objs in phrases(host, lex.labels):
            if word in lex.purpose_prepositions and objs:
                return _phrase(objs[0], lex).lower()
    return ""
