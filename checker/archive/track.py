"""``checker track``: one figure followed through the store, oldest first."""

from __future__ import annotations

import datetime as dt

from rapidfuzz import fuzz

from ..core.model import Sighting
from ..lang.lexicon import normalise_subject
from ..read.claims import extract_claims, head_subject
from ..read.documents import document_from_text
from .coverage import Search
from .vector_index import VectorIndex


def _query_shape(query: str, pack) -> tuple[str, str | None]:
    """What the query counts and its event, read as if it had a number: ('hostage', 'hold')."""

    for text in (f"7 {query}", f"the 7th {query}"):
        found = extract_claims(document_from_text(text, "query", language="en"), pack.semantics)
        if found and (found[0].subject or found[0].event):
            return head_subject(found[0]), found[0].event
    return "", None


def track_claims(
    store, query: str, pack, embedder, *, min_similarity: float = 0.5, k: int = 256
) -> list[Sighting]:
    """Stored claims about ``query``, oldest first (undated last)."""

    qv = embedder.embed([query])
    vindex = VectorIndex.for_store(store)
    rows: dict[int, tuple[int, int]] = {}
    for fam in store.families():
        (hits,) = vindex.search(fam, qv, k)
        for emb, sim in hits:
            if sim >= min_similarity - Search.slack:
                for row, _doc, ke, fe in store.claims_with_embedding(fam, emb, 10_000):
                    rows[row] = (ke, fe)
    vecs = store.vectors(e for pair in rows.values() for e in pair)
    scored = {}
    for row, (ke, fe) in rows.items():
        sim = max(float(qv[0] @ vecs[ke]), float(qv[0] @ vecs[fe]))
        if sim >= min_similarity:
            scored[row] = sim
    by_row, docs = store.load_claims(scored)
    subject, event = _query_shape(query, pack)
    subject = normalise_subject(subject) if subject else ""
    out = []
    for row, c in by_row.items():
        if c.negated:
            continue
        if event and c.event and c.event != event:
            continue  # "hostages held" is not "hostages released"
        head = head_subject(c)
        if (
            subject
            and head
            and head != subject
            and fuzz.ratio(head, subject) < pack.matching.subject_ratio
        ):
            continue
        out.append(Sighting(c, docs[c.doc], scored[row]))
    out.sort(key=lambda s: (s.doc.date is None, s.doc.date or dt.date.min, s.doc.outlet or "",
                            s.doc.id, s.claim.start))  # fmt: skip
    return out
