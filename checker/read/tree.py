"""A dependency tree read through a language's label table
(:class:`~checker.lang.lexicon.Labels`): what a pipeline calls a preposition and its object,
and which fine tags or morphology make a noun plural or a verb conditional.

Two pipelines attach prepositions differently. spaCy's English pipelines (ClearNLP labels)
make the preposition the head of its object: ``killed -prep-> in -pobj-> Gaza``. Universal
Dependencies (French and the other spaCy pipelines) put it under its object as a ``case``
marker, the object attached to what it qualifies: ``tuées -obl-> Kaboul -case-> à``. The
label table says which (``prepositions: head`` or ``case``) and what the labels are; these
helpers give the grammar the same answer either way.
"""

from __future__ import annotations

from ..lang.lexicon import Labels

#: ``Doc.user_data`` keys :func:`checker.read.parser.parse` sets: the pipeline's lemmatizer,
#: which it does not run, and the tokens :func:`lemma_of` has lemmatised.
LEMMATIZER = "checker.lemmatizer"
LEMMATIZED = "checker.lemmatized"


def lemma_of(token) -> str:
    """``token.lemma_`` as the pipeline's lemmatizer sets it, worked out when first asked.

    :func:`checker.read.parser.parse` leaves the lemmatizer out of the pipe (1.9 of the ~15
    CPU s of a cold PAC parse went to lemmatising 84k tokens, of which the grammar reads a
    few per figure) and this does, for one token, what it does for every token: a lemma the
    attribute ruler set stays unless the lemmatizer overwrites, else its rule's first lemma.
    A doc parsed with the whole pipeline (no lemmatizer in ``user_data``) has its lemmas."""
    doc = token.doc
    lemmatizer = doc.user_data.get(LEMMATIZER)
    if lemmatizer is not None:
        done = doc.user_data.setdefault(LEMMATIZED, set())
        if token.i not in done:
            done.add(token.i)
            if lemmatizer.overwrite or token.lemma == 0:
                token.lemma_ = lemmatizer.lemmatize(token)[0]
    return token.lemma_


def phrases(token, labels: Labels) -> list[tuple[str, list]]:
    """The prepositional phrases under ``token``, in order: (the preposition as written, lower
    case; its objects). ``head``: each preposition child with its object children; ``case``:
    each child with a preposition marker under it, alone."""
    out = []
    for c in token.children:
        objs = phrase_objects(c, labels)
        if objs is not None:
            out.append((c.lower_ if labels.prepositions == "head" else marker(c, labels), objs))
    return out


def phrase_objects(child, labels: Labels) -> list | None:
    """When ``child`` (a dependent) is a prepositional phrase, its objects (``head``: the
    objects under the preposition, maybe none; ``case``: the child itself), else None."""
    if labels.prepositions == "head":
        if child.dep_ in labels.preposition:
            return [o for o in child.children if o.dep_ in labels.prepositional]
        return None
    if child.dep_ in labels.prepositional and marker(child, labels):
        return [child]
    return None


def marker(obj, labels: Labels) -> str:
    """``case``: the preposition under ``obj`` (its first marker, lower case), else ""."""
    return next((c.lower_ for c in obj.children if c.dep_ in labels.preposition), "")


def governor(obj, labels: Labels) -> tuple[str, object] | None:
    """(the preposition, the word the phrase qualifies) when ``obj`` is a preposition's
    object, else None. ``head``: "by" and "rose" for "5%" in "rose by 5%"."""
    if labels.prepositions == "head":
        prep = obj.head
        if obj.dep_ in labels.prepositional and prep.dep_ in labels.preposition:
            return prep.lower_, prep.head
        return None
    if obj.dep_ in labels.prepositional:
        word = marker(obj, labels)
        if word:
            return word, obj.head
    return None


def has_feature(token, entries) -> bool:
    """Does ``token`` carry one of ``entries``: a fine tag ("NNS"), or features of its
    morphology written ``Feature=Value``, several joined by ``|`` ("POS=NOUN|Number=Plur"; the
    part of speech is one of them)?"""
    for entry in entries:
        if "=" not in entry:
            if token.tag_ == entry:
                return True
            continue
        have = {f"POS={token.pos_}", *str(token.morph).split("|")}
        if all(part in have for part in entry.split("|")):
            return True
    return False
