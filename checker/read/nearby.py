"""Claims read without grammar: what the words beside a figure say of it, for a language with
number data but no claims data (no word lists, no pipeline to parse it: German, Spanish,
Indonesian ... today). Such text is never parsed as English.

No parse, so no role, predicate, event, negation, hedge, agent, place or time. What a count
counts is guessed: the first of the next three words that is not one of the language's stop
words (``identify.yaml``), before any punctuation or digit ("Au moins 51 personnes ont été
tuées" -> "personnes"; "2 millions de personnes" -> "personnes"). The text that is embedded is
the sentence's words nearest the figure, the figure masked. The document is flagged
``claims-without-grammar`` (:data:`checker.lang.NO_GRAMMAR_NOTE` says what that means).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .readings import KEY_WORDS, MASK, Reading

_TOKEN = re.compile(r"\w+(?:['’-]\w+)*|\S")
_WORD = re.compile(r"[^\W\d_]+")
#: How many words after a count are looked at for what it counts.
GUESS_WORDS = 3
#: Kinds whose figure counts something named after it (money, percents and spans of time
#: have their unit).
_COUNTS = frozenset({"cardinal"})


def read_nearby(
    text: str,
    spans: Sequence[tuple[int, int]],
    kinds: Sequence[str],
    stop_words: frozenset[str],
    mask: str = MASK,
) -> list[Reading]:
    """One reading per ``(start, end)`` span of a figure in ``text`` (``kinds``: each figure's
    quantity kind), from the words beside it only."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out = []
    for (start, end), kind in zip(spans, kinds, strict=True):
        counted = _guess(text[end:], stop_words) if kind in _COUNTS else ""
        key = _masked(text, tokens, start, end, mask)
        out.append(Reading(role="", counted=counted, head=counted.lower(), key=key, focus=key))
    return out


def _guess(after: str, stop_words: frozenset[str]) -> str:
    """The first word after a count that is not a stop word, among the next few, before any
    punctuation or digit; "" when there is none."""
    for n, m in enumerate(_TOKEN.finditer(after)):
        if n >= GUESS_WORDS or not any(ch.isalpha() for ch in m.group()):
            return ""
        words = [w for w in _WORD.findall(m.group()) if len(w) > 1]  # "d'euros" -> euros
        word = words[-1] if words else ""
        if word and word.lower() not in stop_words:
            return word
    return ""


def _masked(text: str, tokens: list[tuple[int, int]], start: int, end: int, mask: str) -> str:
    """The sentence's words nearest the figure (at most ``KEY_WORDS``), the figure masked."""
    inside = [i for i, (a, b) in enumerate(tokens) if a < end and b > start]
    centre = inside[0] if inside else 0
    near = sorted(range(len(tokens)), key=lambda i: abs(i - centre))[:KEY_WORDS]
    parts: list[str] = []
    for i in sorted(near):
        if i in inside:
            if i == inside[0]:
                parts.append(mask)
            continue
        parts.append(text[tokens[i][0] : tokens[i][1]])
    if not inside:
        parts.append(mask)
    while parts and not any(ch.isalnum() for ch in parts[-1]) and parts[-1] != mask:
        parts.pop()  # the sentence's final punctuation
    while parts and not any(ch.isalnum() for ch in parts[0]) and parts[0] != mask:
        parts.pop(0)
    return " ".join(parts)
