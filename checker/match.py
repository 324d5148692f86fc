"""Which claims, across articles, are about the same thing.

Embeddings of the masked key texts find candidates; structure decides. The
measured trap (see the README): "[NUM] people were killed in Lebanon" and
"more than [NUM] injured in Lebanon" embed at 0.87, as high as true matches, so
a pair must also agree on what is counted (rapidfuzz on the normalised head
nouns), on the event (killed vs injured vs held vs released) and on polarity.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache

import numpy as np
from rapidfuzz import fuzz

from .claims import MASK, entities, head_subject, place_groups_in, places_in
from .embed import DIM
from .intervals import far_apart
from .lexicon import lexicon
from .model import Claim, Match
from .quantities import unit_size
from .settings import MatchSettings

#: Figures this many times apart are the worse partner (as the conflict rule's ``gap_ratio``).
GAP_RATIO = 20.0

#: Kinds that may be compared, grouped so counts meet counts and ordinals meet ordinals.
FAMILY = {
    "cardinal": "count",
    "ordinal": "ordinal",
    "percent": "percent",
    "money": "money",
    "duration": "duration",
    "age": "age",
}


_POINTS = re.compile(r"\bpoints?\b|\bpp\b", re.IGNORECASE)


def family(claim: Claim) -> str | None:
    """The comparison block a claim belongs to; None for dates and years.

    Percentage points are not percents: "growth of 0.7 percentage points" says
    nothing about "growth of 2.9 percent"; and a rate ("8,000 a day") is not a total.
    """
    fam = FAMILY.get(claim.kind)
    if fam is None:
        return None
    if claim.kind == "percent" and _POINTS.search(claim.quantity.text):
        return "percent:points"
    unit = claim.quantity.unit if claim.kind in ("money", "duration") else None
    size = unit_size(claim.quantity.unit) if claim.kind == "cardinal" else None
    if size:  # "47 feet" is a length, compared with "14 metres", never with "47 people"
        fam, unit = "measure", size[1]
    name = f"{fam}:{unit}" if unit else fam
    return f"{name}:rate" if claim.kind in ("cardinal", "money") and is_rate(claim) else name


def is_rate(claim: Claim) -> bool:
    """ "8,000 victims per day", "2 million barrels a day": a rate (``Quantity.per``, read
    by the extractor), which no total can contradict."""
    return claim.quantity.per is not None


def may_conflict(a: Claim, b: Claim, s: MatchSettings) -> str | None:
    """Why a difference between two matched claims would not be a conflict; None if it would.

    Matching says two claims are about the same thing; a conflict says one of two
    figures is wrong. The second needs more evidence than the first. A possibility or
    forecast against a report ("could release 180 million barrels") is left to the
    conflict rule, which reports it at its own, lower level: silence on a changed figure
    is the one outcome an editor cannot see.
    """
    if not s.vague_conflicts and (a.quantity.vague or b.quantity.vague):
        return "a vague amount does not contradict a figure"
    years_a, years_b = _years_in(a.key_text), _years_in(b.key_text)
    if years_a and years_b and not set(years_a) & set(years_b):
        return "different years: two points in time"
    if _own_places(a, b) and _own_places(b, a):
        return "each figure is about a place or time the other never names"
    if s.strict_within_document and a.doc == b.doc:
        if not (a.event and a.event == b.event):
            return "one article, no shared event: two different things"
        if a.kind not in UNIT_KINDS and subject_score(a, b) < s.subject_ratio:
            return "one article, no shared counted noun: two different things"
        if _own_names(a, b) and _own_names(b, a):
            return "one article, each figure about someone the other never names"
    return None


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")

# Matching asks the same questions of one claim's texts for each of its (up to k) candidates:
# the answers that depend on one text only are cached (by text, so claims that repeat one
# sentence share them).


@lru_cache(maxsize=65536)
def _years_in(text: str) -> tuple[str, ...]:
    return tuple(_YEAR.findall(text))


@lru_cache(maxsize=65536)
def _lower(text: str) -> str:
    return text.lower()


def _unmentioned(names: Iterable[str], b: Claim) -> list[str]:
    other = _lower(b.sentence_text)
    return [n for n in names if n.lower() not in other]


def _own_names(a: Claim, b: Claim) -> list[str]:
    """Names in ``a``'s clause that ``b``'s sentence never mentions ("Bush sent" / "Obama sent")."""
    return _unmentioned(entities(a.key_text.replace(MASK, " ")), b)


_PLACE = re.compile(r"\b(?:in|of|from|across)\s+((?:[A-Z][\w.’'-]+\s?){1,3})")
_NOT_PLACE = {"The", "A", "An", "This", "That", "His", "Her", "Their", "Its", "Our"}


def _own_places(a: Claim, b: Claim) -> list[str]:
    """Places ("in Arizona", "of Colorado's", "a Texas law") in ``a``'s clause that ``b``'s
    sentence never names, in any of its forms (``places:`` in the claims lexicon)."""
    own = _unmentioned(_places_named(a.key_text), b)
    known = place_groups_in(a.key_text) - place_groups_in(b.sentence_text)
    return own + sorted(min(forms) for forms in known)


@lru_cache(maxsize=65536)
def _places_named(key_text: str) -> tuple[str, ...]:
    places = []
    for m in _PLACE.finditer(key_text):
        words = [w for w in m.group(1).split() if w not in _NOT_PLACE]
        places.append(re.sub(r"[’']s$", "", " ".join(words)).strip(" ."))
    return tuple(p for p in places if len(p) > 2)


#: Kinds whose meaning is in their unit, not in a counted noun ("$152 million prize").
UNIT_KINDS = frozenset({"money", "percent", "duration"})


def subject_score(a: Claim, b: Claim) -> float:
    """0-100: how alike the counted nouns are, after lemmas and synonyms; -1 unknown.

    A measure ("180 million barrels", "12 inches of rain") is like money: its unit says
    what it is, and one article's "barrels of oil" is another's "barrels" from the reserve.
    """
    parsed = a.head and b.head  # the parse names what money or a measure is of ("budget")
    if not parsed and (a.kind in UNIT_KINDS or b.kind in UNIT_KINDS):
        return -1.0
    if not parsed and (unit_size(a.quantity.unit) or unit_size(b.quantity.unit)):
        return -1.0
    ha, hb = _measured_head(a), _measured_head(b)
    if not ha or not hb:
        return -1.0  # unknown: neither evidence for nor against
    if ha == hb:
        return 100.0
    return float(fuzz.ratio(ha, hb))


def _measured_head(claim: Claim) -> str:
    """The counted noun, or "" when it is only the figure's own unit ("15 weeks" read with
    head "week" says nothing that "15 weeks of pregnancy" contradicts)."""
    head = head_subject(claim)
    if head and claim.kind in UNIT_KINDS and head in _unit_words(claim):
        return ""
    return head


def _unit_words(claim: Claim) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", claim.quantity.text.lower())} | {
        (claim.quantity.unit or "").lower()
    }


@cache
def _known_events() -> frozenset[str]:
    return frozenset(lexicon().event_of.values())


_STOP = {"the", "a", "an", "mr", "mrs", "ms", "dr", "president", "sen", "rep", "gov"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def _whole_and_part(a: Claim, b: Claim) -> bool:
    """ "Nine people were hurt" / "five fans were hurt": people in general against a kind of
    people is a whole against a part, however close the sentences embed; "two things" names
    nothing to compare with "two hostages" (``generic_nouns``)."""
    lex = lexicon()
    heads = {head_subject(a), head_subject(b)}
    return lex.subject_of.get("people", "people") in heads or bool(heads & lex.generic_nouns)


def _different_agents(a: Claim, b: Claim) -> str:
    """ "the couple's tax rate" / "Trump's tax rate": both name who holds, pays or says it,
    and the two share no word: two different claims."""
    if not (a.agent and b.agent) or "duration" in (a.kind, b.kind) or "age" in (a.kind, b.kind):
        return ""  # a span of time is nobody's: "the first 10 seconds" of a video
    if not (_named(a.agent) and _named(b.agent)):
        return ""  # "the emergency waiver" / "the change", "the chamber" / "Pelosi": one
        # may be a thing, or an institution and its leader; two people or names differ
    wa, wb = _words(a.agent), _words(b.agent)
    if not wa or not wb or wa & wb:
        return ""
    if wa & _words(b.sentence_text) or wb & _words(a.sentence_text):
        return ""  # each sentence names the other's agent: the same party, another role
    return f"{a.agent} / {b.agent}"


def _different_places(a: Claim, b: Claim) -> str:
    """Both clauses name where (NER places), and neither sentence names the other's place
    in any form: "killed hundreds in Lebanon" / "spoke to about 200 people in Minnesota"."""
    if not (a.places or b.places):
        return ""
    if not (a.places and b.places):  # one clause names none: the sentences' known places
        own_a = place_groups_in(a.sentence_text) - place_groups_in(b.sentence_text)
        own_b = place_groups_in(b.sentence_text) - place_groups_in(a.sentence_text)
        named = a.places or b.places
        other = _lower((b if a.places else a).sentence_text)
        if own_a and own_b and not any(p.lower() in other for p in named):
            return f"{_forms(own_a)} / {_forms(own_b)}"
        return ""
    text_a, text_b = _lower(a.sentence_text), _lower(b.sentence_text)
    if any(p.lower() in text_b for p in a.places) or any(p.lower() in text_a for p in b.places):
        return ""
    forms_b, forms_a = places_in(b.sentence_text), places_in(a.sentence_text)
    if any(places_in(p) & forms_b for p in a.places) or any(
        places_in(p) & forms_a for p in b.places
    ):
        return ""
    return f"{', '.join(a.places)} / {', '.join(b.places)}"


def _forms(groups: frozenset[frozenset[str]]) -> str:
    return ", ".join(sorted(min(forms) for forms in groups))


def _named(phrase: str) -> bool:
    """A name ("Trump", "Mr. Obama") or a person (``holder_nouns``: "the couple"): someone
    who holds, says or pays, not a thing or an office described two ways."""
    return any(w[:1].isupper() for w in phrase.split()) or bool(
        _words(phrase) & lexicon().holder_nouns
    )


def _different_modifiers(a: Claim, b: Claim) -> bool:
    """Each claim qualifies what it counts with a word the other's sentence never uses
    ("medical" / "recreational", "Republicans" / "Democrats")."""
    own_a = [m for m in a.modifiers if m not in _lower(b.sentence_text)]
    own_b = [m for m in b.modifiers if m not in _lower(a.sentence_text)]
    return bool(own_a and own_b)


def structure_ok(a: Claim, b: Claim, sim: float, s: MatchSettings) -> tuple[bool, tuple[str, ...]]:
    reasons: list[str] = []
    if a.negated != b.negated:
        return False, ("polarity differs",)
    subj = subject_score(a, b)
    if 0 <= subj < s.subject_ratio and (sim < s.similarity_loose or _whole_and_part(a, b)):
        return False, (f"counts different things ({head_subject(a)} / {head_subject(b)})",)
    if a.event and b.event and a.event != b.event and {a.event, b.event} <= _known_events():
        return False, (f"different events ({a.event} / {b.event})",)
    if a.role != b.role and "remainder" in (a.role, b.role):
        return False, ("a remainder ('all but') is not the amount",)
    places = _different_places(a, b)
    if places:
        return False, (f"different places ({places})",)
    agents = _different_agents(a, b)
    if agents:
        return False, (f"different agents ({agents})",)
    # Nothing known about what is counted, or a span of time whose verbs differ ("bars
    # abortion at six weeks" / "performed in the first 13 weeks" of pregnancy): embeddings
    # must carry it.
    loose = subj < s.subject_ratio or (
        a.kind == "duration" and a.predicate != b.predicate and a.event != b.event
    )
    if subj >= s.subject_ratio:
        reasons.append(f"same counted noun ({head_subject(a)})")
    if a.event and a.event == b.event:
        reasons.append(f"same event ({a.event})")
    needed = s.similarity_loose if loose else s.similarity
    if subj < 0 and a.event and a.event == b.event and a.kind in UNIT_KINDS and a.doc != b.doc:
        needed = s.similarity  # "demanded $5 billion" / "Trump's demand for $5 billion"
    same_event = a.event == b.event or not (a.event and b.event)
    if not loose and same_event and not _different_modifiers(a, b):
        needed = min(needed, s.similarity_same_noun)
    if sim < needed:
        return False, (f"similarity {sim:.2f} < {needed:.2f}",)
    reasons.append(f"similarity {sim:.2f}")
    return True, tuple(reasons)


def judge_candidates(
    candidates: Iterable[tuple[Claim, Claim, float]], settings: MatchSettings | None = None
) -> list[Match]:
    """Structural checks on candidate pairs, then one best partner per claim per article.

    The candidates may come from anywhere (a similarity matrix, a vector index
    over a store); each is ``(claim_a, claim_b, similarity)``.
    """
    s = settings or MatchSettings()
    best: dict[tuple[str, str], tuple[float, str]] = {}
    accepted: dict[tuple[str, str], Match] = {}
    floor = _floor(s)
    families: dict[str, str | None] = {}  # claim id -> family, computed once per claim

    def fam(c: Claim) -> str | None:
        if c.id not in families:
            families[c.id] = family(c)
        return families[c.id]

    for a, b, sim in candidates:
        if sim < floor or fam(a) != fam(b) or a.id == b.id:
            continue
        if a.doc == b.doc and (not s.within_document or a.sentence == b.sentence):
            continue
        ok, reasons = structure_ok(a, b, sim, s)
        if not ok:
            continue
        accepted[(a.id, b.id)] = Match(
            a=a,
            b=b,
            similarity=sim,
            subject_score=subject_score(a, b),
            reasons=reasons,
            not_a_conflict=may_conflict(a, b, s),
        )
        rank = sim + affinity(a, b)
        for me, other, partner in ((a.id, b.doc, b.id), (b.id, a.doc, a.id)):
            if best.get((me, other), (-9.0, ""))[0] < rank:
                best[(me, other)] = (rank, partner)
    # Keep a pair only if each side is the other's best match in that article.
    out = [
        m
        for (i, j), m in accepted.items()
        if best[(i, m.b.doc)][1] == j and best[(j, m.a.doc)][1] == i
    ]
    out.sort(key=lambda m: (m.a.doc, m.a.start, m.b.doc, m.b.start))
    return out


def affinity(a: Claim, b: Claim) -> float:
    """How much the structure favours ``b`` as ``a``'s partner, beyond the cosine: used to
    choose among accepted candidates ("1,200 troops in 2010" pairs with "1,200 troops ...
    2010", not with "6,000 troops in 2006"; an exact figure with an exact figure before
    "over a dozen"). Never used to accept a pair.

    The figures count too, a little: of two sentences in one article that fit about as well,
    the one with the same figure is the partner ("22 Democrats supported ..., and 35 favored
    ..." against "22 Democrats joined"), and one 20 times apart or more is the worse fit
    ("the 2,300 stations that sell E15" and "the country's 150,000 stations" against "the
    2,300 stations equipped to pump it"). A changed figure loses only the first bonus, so it
    still pairs by its sentence."""
    score = 0.0
    if a.quantity.value == b.quantity.value:
        score += 0.1
    elif far_apart(a.quantity, b.quantity, GAP_RATIO):
        score -= 0.1
    years_a, years_b = _years(a), _years(b)
    if years_a and years_b:
        score += 0.05 if years_a & years_b else -0.15
    if a.event and a.event == b.event:
        score += 0.05
    if _different_modifiers(a, b):
        score -= 0.1
    if _inexact(a) != _inexact(b):
        score -= 0.2
    return score


def _years(claim: Claim) -> set[str]:
    return {y for t in claim.times for y in _YEAR.findall(t)}


def _inexact(claim: Claim) -> bool:
    """A vague amount ("dozens") or a bound in words ("over a dozen"), not a figure."""
    q = claim.quantity
    return q.vague or (q.approx != "exact" and not any(ch.isdigit() for ch in q.text))


def embed_claims(claims: Sequence[Claim], embedder) -> tuple[list[Claim], np.ndarray, np.ndarray]:
    """The comparable claims (not dates or years) and their key and focus vectors, row by row.

    Both texts go to the embedder in one batch; the similarity of two claims is
    the higher of their two cosines (see :mod:`checker.claims` for why two views).
    """
    comparable = [c for c in claims if family(c) is not None]
    n = len(comparable)
    if not n:
        empty = np.zeros((0, DIM), dtype=np.float32)
        return comparable, empty, empty
    both = embedder.embed([c.key_text for c in comparable] + [c.focus_text for c in comparable])
    return comparable, both[:n], both[n:]


#: A family this size or smaller gets its whole similarity matrix at once (the arithmetic
#: every report was measured with); a larger one is read in blocks of rows, so memory stays
#: O(rows x claims) + O(claims x k) however many claims there are.
WHOLE_MATRIX = 2048
#: Cells (rows x claims) of one block of the similarity matrix: 4M float32 = 16 MB.
BLOCK_CELLS = 1 << 22
#: A family larger than this (with ``k`` set) finds each claim's nearest claims through an
#: inverted-file index instead of the whole matrix: the matrix grows with the square of the
#: family (77,000 claims in one 5 MB article: 6 billion cells), the index with n sqrt(n).
#: No report measured on real coverage comes near it (PAC's largest family: ~2,000).
#: (A 10,000-article JSONL of short reports has one family of 15,000 claims.)
INDEXED_ABOVE = 8_192
#: Of the index's sqrt(n) lists, each claim searches this many nearest ones.
PROBES = 8
#: In such a family a claim brings at most this many candidates (``max_candidates`` when
#: lower): judging a pair costs ~50 us in Python, and 77,000 claims x 32 candidates were
#: 2 million pairs and 100 s of judging; x 8 is a quarter of it.
INDEXED_CANDIDATES = 8


def similar_pairs(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    focus_vectors: np.ndarray,
    threshold: float,
    k: int | None = None,
) -> Iterator[tuple[Claim, Claim, float]]:
    """Pairs of claims of one family whose key or focus texts are at least ``threshold`` alike.

    One similarity matrix per family, thresholded in numpy: only these pairs reach
    the structural checks in Python. With ``k`` (``matching.max_candidates``), each claim
    brings at most its ``k`` most similar claims above the threshold (ties: the earlier
    claim), and a pair is a candidate when either side brings it: at most ``k`` per claim,
    so the same figure in 10,000 articles costs 10,000 x k judgements, not 50 million. A
    claim with ``k`` or fewer claims above the threshold keeps them all, so the pairs are
    exactly those without ``k``. Pairs come in row-major order of the upper triangle.
    """
    blocks: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        fam = family(c)
        if fam is not None:
            blocks.setdefault(fam, []).append(i)
    for idx in blocks.values():
        if len(idx) < 2:
            continue
        if len(idx) <= WHOLE_MATRIX:
            sims = np.maximum(
                vectors[idx] @ vectors[idx].T, focus_vectors[idx] @ focus_vectors[idx].T
            )
            keep = np.triu(sims >= threshold, 1)
            if k is not None and len(idx) - 1 > k:  # some claim may have more than k
                near = sims >= threshold
                np.fill_diagonal(near, False)
                near = _top_k(sims, near, k)
                keep &= near | near.T
            xs, ys = np.nonzero(keep)  # row-major, as np.argwhere
            pairs = zip(xs.tolist(), ys.tolist(), sims[xs, ys].tolist(), strict=True)
        elif k is not None and len(idx) > INDEXED_ABOVE:
            pairs = _indexed_pairs(
                vectors[idx], focus_vectors[idx], threshold, min(k, INDEXED_CANDIDATES)
            )
        else:
            pairs = _blockwise_pairs(vectors[idx], focus_vectors[idx], threshold, k)
        for x, y, sim in pairs:
            yield claims[idx[x]], claims[idx[y]], sim


def _top_k(sims: np.ndarray, keep: np.ndarray, k: int) -> np.ndarray:
    """``keep`` narrowed, row by row, to the ``k`` highest ``sims`` it holds (ties: the lower
    column). Rows holding ``k`` or fewer are left as they are."""
    over = np.flatnonzero(keep.sum(axis=1) > k)
    if not len(over):
        return keep
    sub = np.where(keep[over], sims[over], -np.inf)
    kth = -np.partition(-sub, k - 1, axis=1)[:, k - 1 : k]  # the k-th highest per row
    above = sub > kth
    ties = (sub == kth) & keep[over]
    room = k - above.sum(axis=1, keepdims=True)  # ties taken, leftmost first, to fill k
    chosen = above | (ties & (np.cumsum(ties, axis=1) <= room))
    keep = keep.copy()
    keep[over] = chosen
    return keep


def _blockwise_pairs(
    keys: np.ndarray, focus: np.ndarray, threshold: float, k: int | None
) -> list[tuple[int, int, float]]:
    """:func:`similar_pairs` for one large family, a block of rows at a time."""
    n = len(keys)
    rows = max(1, BLOCK_CELLS // n)
    found: dict[tuple[int, int], float] = {}
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        sims = np.maximum(keys[start:stop] @ keys.T, focus[start:stop] @ focus.T)
        keep = sims >= threshold
        keep[np.arange(stop - start), np.arange(start, stop)] = False
        if k is not None:
            keep = _top_k(sims, keep, k)
        xs, ys = np.nonzero(keep)
        cells = zip((xs + start).tolist(), ys.tolist(), sims[xs, ys].tolist(), strict=True)
        for x, y, sim in cells:
            pair = (x, y) if x < y else (y, x)
            if pair not in found or x < y:  # the upper triangle's cell, as the whole matrix
                found[pair] = sim
    return [(x, y, sim) for (x, y), sim in sorted(found.items())]


def _indexed_pairs(
    keys: np.ndarray, focus: np.ndarray, threshold: float, k: int
) -> list[tuple[int, int, float]]:
    """:func:`similar_pairs` for a family too large for the matrix: approximate, linear-ish.

    Each view (key, focus) gets a faiss ``IndexIVFFlat`` of sqrt(n) lists (k-means, seeded:
    the same input gives the same pairs); each claim takes its ``k + 1`` nearest in each view
    from its :data:`PROBES` nearest lists, the union is scored exactly (the higher of the two
    cosines), and the ``k`` best above the threshold are kept (ties: the lower index). It is
    the matrix's answer wherever a claim's neighbours share its lists, which the k-means makes
    the rule; a neighbour across lists may be missed.
    """
    import faiss  # a large family is rare: nobody else pays the import

    n = len(keys)
    want = min(n, k + 1)  # the claim itself comes back too
    lists = max(1, int(np.sqrt(n)))
    near = []
    for view in (keys, focus):
        view = np.ascontiguousarray(view, dtype=np.float32)
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(view.shape[1]), view.shape[1], lists,
                                   faiss.METRIC_INNER_PRODUCT)  # fmt: skip
        index.cp.niter = 10
        index.cp.seed = 1234
        index.cp.max_points_per_centroid = 64  # trains on at most 64 x lists claims
        index.cp.min_points_per_centroid = 1  # no "please provide more points" on stderr
        faiss.omp_set_num_threads(1)  # k-means sums in one order: the same lists every run
        index.train(view)
        index.add(view)
        index.nprobe = min(PROBES, lists)
        faiss.omp_set_num_threads(os.cpu_count() or 1)  # each query on its own: same answer
        near.append(index.search(view, want)[1])
    cand = np.concatenate(near, axis=1)  # (n, 2 want); -1 where a list ran short
    found: dict[tuple[int, int], float] = {}
    rows = max(1, BLOCK_CELLS // (cand.shape[1] * keys.shape[1]))
    for start in range(0, n, rows):
        block = cand[start : start + rows]
        mine = np.arange(start, start + len(block))[:, None]
        cols = np.where(block < 0, mine, block)
        cols.sort(axis=1)  # ascending, so a stable sort on the score breaks ties by index
        sims = np.maximum(
            np.einsum("id,ijd->ij", keys[start : start + len(block)], keys[cols]),
            np.einsum("id,ijd->ij", focus[start : start + len(block)], focus[cols]),
        )
        dup = np.zeros_like(cols, dtype=bool)
        dup[:, 1:] = cols[:, 1:] == cols[:, :-1]  # found in both views
        sims[(cols == mine) | dup | (sims < threshold)] = -np.inf  # self, padding, repeats
        order = np.argsort(-sims, axis=1, kind="stable")[:, :k]
        best = np.take_along_axis(sims, order, axis=1)
        xs, ks = np.nonzero(best > -np.inf)
        ys = np.take_along_axis(cols, order, axis=1)[xs, ks]
        for x, y, sim in zip(
            (xs + start).tolist(), ys.tolist(), best[xs, ks].tolist(), strict=True
        ):
            found[(x, y) if x < y else (y, x)] = sim
    return [(x, y, sim) for (x, y), sim in sorted(found.items())]


def match_claims(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    settings: MatchSettings | None = None,
    focus_vectors: np.ndarray | None = None,
) -> list[Match]:
    """Pairs of claims about the same thing, at most one per claim per other article.

    ``vectors`` holds one unit vector per claim's key text (row i for claims[i]),
    ``focus_vectors`` one per focus text; the similarity is the higher of the two.
    """
    s = settings or MatchSettings()
    focus = vectors if focus_vectors is None else focus_vectors
    pairs = similar_pairs(claims, vectors, focus, _floor(s), s.max_candidates)
    return judge_candidates(pairs, s)


def _floor(s: MatchSettings) -> float:
    """The lowest cosine any pair may match at: candidates below it are not judged."""
    return min(s.similarity, s.similarity_same_noun)
