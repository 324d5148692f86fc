"""The :class:`Reading`: what is read about one figure besides its value, from the parse
(:mod:`checker.read.grammar`) or, for a language without grammar, from the words beside it
(:mod:`checker.read.nearby`). Plain data: readings are cached (:mod:`checker.read.reading`) and
a claim takes its fields from one (:mod:`checker.read.claims`).
"""

from __future__ import annotations

from dataclasses import dataclass

#: What stands for the figure in the texts that are embedded ("[NUM] people were killed").
MASK = "[NUM]"
#: At most this many words in the phrase that is embedded (the words nearest the figure).
KEY_WORDS = 28


@dataclass(frozen=True)
class Reading:
    """What the parse says about one figure. Empty strings mean "not known"."""

    #: How the figure enters its clause: modifier (of a noun), partitive ("hundreds of"),
    #: subject, object, complement, change-to ("rose to"), change-by ("rose by"),
    #: remainder ("all but"), or other; "" when read without grammar.
    role: str = "other"
    #: The counted or measured noun phrase with its modifiers ("states with medical laws").
    counted: str = ""
    #: The lemma of that phrase's head ("state"); without grammar the guessed word itself.
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
