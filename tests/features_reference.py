"""The same-claim judge's features computed pair by pair, as they were before
:mod:`checker.compare.judge.features` worked per claim and per column: the reference the
tests hold it to (every row equal, to the bit). Not used by checker itself.

Changing what a feature means changes both (and the judge must be retrained).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

import numpy as np
from rapidfuzz import fuzz

from checker.compare.judge.features import (
    _ALIKE_COLUMNS,
    _UNREAD_COLUMNS,
    COMMON_ZIPF,
    KIND_GROUPS,
    NAMES,
    POSITION_CAP,
    WINDOW,
)
from checker.compare.structure import (
    different_agents,
    different_modifiers,
    different_places,
    family,
    inexact,
    known_events,
    subject_score,
    years_in,
    years_of,
)
from checker.core.model import Claim
from checker.lang.lexicon import lexicon
from checker.lang.rarity import rarity
from checker.read.claims import entities, head_subject
from checker.read.readings import MASK

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_QUOTES = '"“”«»'


def reference_features(
    pairs: Sequence[tuple[Claim, Claim, float]], languages: Mapping[str, str] | None = None
) -> np.ndarray:
    """:func:`checker.compare.judge.features.features`, one pair after another."""
    fams, crowd, order = _competition(pairs)
    out = np.zeros((len(pairs), len(NAMES)), dtype=np.float32)
    for row, (a, b, sim) in enumerate(pairs):
        out[row] = _row(a, b, sim, order, crowd, (fams[a.id] or "").split(":")[0])
        if languages is not None and languages.get(a.doc) != languages.get(b.doc):
            for col, value in _UNREAD_COLUMNS:
                out[row, col] = value
            out[row, _ALIKE_COLUMNS] = sim
    return out


def _competition(pairs):
    ranked: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    claims: dict[str, Claim] = {}
    for a, b, sim in pairs:
        ranked[(a.id, b.doc)].append((sim, b.id))
        ranked[(b.id, a.doc)].append((sim, a.id))
        claims[a.id], claims[b.id] = a, b
    fams = {i: family(c) for i, c in claims.items()}
    in_sentence = Counter((c.doc, c.sentence, fams[i]) for i, c in claims.items())
    in_article = Counter((c.doc, fams[i]) for i, c in claims.items())
    crowd = {
        i: (in_sentence[(c.doc, c.sentence, fams[i])], in_article[(c.doc, fams[i])])
        for i, c in claims.items()
    }
    order = {}
    for key, rows in ranked.items():
        rows.sort(key=lambda r: (-r[0], r[1]))
        for i, (_, other) in enumerate(rows):
            order[(key[0], other)] = i
    return fams, crowd, order


def _stem(word: str) -> str:
    w = word.lower().replace("’", "'").removesuffix("'s")
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _content(text: str) -> frozenset[str]:
    stop = lexicon().overlap_stop_words
    return frozenset(w for w in (_stem(m) for m in _WORD.findall(text)) if w not in stop)


def _window(c: Claim) -> frozenset[str]:
    sentence, start, end = c.sentence_text, c.start - c.sentence_start, c.end - c.sentence_start
    left = _WORD.findall(sentence[: max(0, start)])[-WINDOW:]
    right = _WORD.findall(sentence[max(0, end) :])[:WINDOW]
    stop = lexicon().overlap_stop_words
    return frozenset(w for w in (_stem(x) for x in left + right) if w not in stop)


def _weight(words: frozenset[str]) -> float:
    return math.fsum(rarity(w, "en", COMMON_ZIPF) for w in words)


def _overlap(x: frozenset[str], y: frozenset[str]) -> float:
    union = _weight(x | y)
    return _weight(x & y) / union if union else 0.0


def _cover(x: frozenset[str], y: frozenset[str]) -> float:
    total = _weight(x)
    return _weight(x & y) / total if total else 0.0


def _names_cover(a: Claim, b: Claim) -> float:
    own = tuple(n.lower() for n in entities(a.key_text.replace(MASK, " ")))
    if not own:
        return -1.0
    other = b.sentence_text.lower()
    return sum(1 for n in own if n in other) / len(own)


def _next_word(c: Claim) -> str:
    words = _WORD.findall(c.sentence_text[c.end - c.sentence_start :][:60])
    return words[0].lower() if words else ""


def _prev_word(c: Claim) -> str:
    words = _WORD.findall(c.sentence_text[: c.start - c.sentence_start][-60:])
    return words[-1].lower() if words else ""


def _in_words(c: Claim) -> bool:
    return not any(ch.isdigit() for ch in c.quantity.text)


def _quoted(c: Claim) -> bool:
    before = c.sentence_text[: c.start - c.sentence_start]
    return sum(before.count(q) for q in _QUOTES) % 2 == 1 or before.count("“") > before.count("”")


def _title_case(sentence: str) -> bool:
    words = _WORD.findall(sentence)
    if len(words) < 4:
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps / len(words) >= 0.6


def _agents_share(a: Claim, b: Claim) -> float:
    if not (a.agent and b.agent):
        return -1.0
    wa, wb = _content(a.agent), _content(b.agent)
    return 1.0 if wa & wb else 0.0


def _row(a, b, sim, order, crowd, group: str) -> list[float]:
    ka, kb = a.key_text.replace(MASK, " "), b.key_text.replace(MASK, " ")
    wa, wb = _window(a), _window(b)
    sa, sb = _content(a.sentence_text), _content(b.sentence_text)
    cov_ab, cov_ba = _cover(wa, sb), _cover(wb, sa)
    na, nb = _names_cover(a, b), _names_cover(b, a)
    named = [x for x in (na, nb) if x >= 0]
    ha, hb = head_subject(a), head_subject(b)
    subj = subject_score(a, b)
    known = known_events()
    ya, yb = set(years_in(a.key_text)) | years_of(a), set(years_in(b.key_text)) | years_of(b)
    pa, pb = min(a.sentence, POSITION_CAP), min(b.sentence, POSITION_CAP)
    (ca, da), (cb, db) = crowd[a.id], crowd[b.id]
    ra, rb = order.get((a.id, b.id), 9), order.get((b.id, a.id), 9)
    wa_, wb_ = _in_words(a), _in_words(b)
    return [
        sim,
        fuzz.token_set_ratio(ka, kb) / 100,
        fuzz.token_sort_ratio(ka, kb) / 100,
        fuzz.partial_ratio(ka, kb) / 100,
        _overlap(wa, wb),
        _weight(wa & wb),
        _weight(sa & sb),
        min(cov_ab, cov_ba),
        max(cov_ab, cov_ba),
        _overlap(sa, sb),
        min(named) if named else -1.0,
        max(named) if named else -1.0,
        float(len(named) == 2),
        float(a.sentence_text.strip() == b.sentence_text.strip()),
        float(bool(ha) and ha == hb),
        float(bool(ha) and bool(hb)),
        subj / 100 if subj >= 0 else -1.0,
        float(bool(a.event) and a.event == b.event),
        float(bool(a.event and b.event) and a.event != b.event and {a.event, b.event} <= known),
        float(bool(a.predicate) and a.predicate == b.predicate),
        float(bool(a.role) and a.role == b.role),
        float("remainder" in (a.role, b.role) and a.role != b.role),
        float(a.negated != b.negated),
        float(a.hedged != b.hedged),
        float(bool(different_agents(a, b))),
        _agents_share(a, b),
        float(bool(different_places(a, b))),
        float(bool(ya and yb) and not (ya & yb)),
        float(bool(ya & yb)),
        float(different_modifiers(a, b)),
        float(inexact(a) != inexact(b)),
        float(a.quantity.vague or b.quantity.vague),
        float(a.quantity.per is not None or b.quantity.per is not None),
        *(float(group == k) for k in KIND_GROUPS),
        min(pa, pb),
        max(pa, pb),
        abs(pa - pb),
        float(a.sentence < 3 and b.sentence < 3),
        float(min(ca, cb)),
        float(max(ca, cb)),
        float(min(ra, 9)),
        float(min(rb, 9)),
        float(ra == 0 and rb == 0),
        float(_next_word(a) == _next_word(b) != ""),
        float(_prev_word(a) == _prev_word(b) != ""),
        float(wa_ or wb_),
        float(wa_ and wb_),
        float(min(da, db)),
        float(max(da, db)),
        float(_quoted(a) or _quoted(b)),
        float(_title_case(a.sentence_text) or _title_case(b.sentence_text)),
        float(a.doc == b.doc),
    ]
