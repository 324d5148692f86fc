"""Tracked claims: the same figure followed across articles, in date order.

A track is a connected group of matched claims (if A matches B and B matches C,
all three follow one figure). Listing its values by date shows how a death toll
rose or a visit count moved; the update rule judges each step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.model import Claim, Report


@dataclass(frozen=True)
class Entry:
    date: dt.date | None
    doc: str
    outlet: str | None
    claim: Claim


@dataclass(frozen=True)
class Track:
    subject: str
    entries: tuple[Entry, ...]

    @property
    def documents(self) -> int:
        return len({e.doc for e in self.entries})


def timeline(report: Report, min_documents: int = 2) -> list[Track]:
    """Every group of matched claims spanning ``min_documents`` articles, oldest first."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for m in report.matches:
        parent[root(m.a.id)] = root(m.b.id)
    claims = {c.id: c for c in report.claims}
    docs = {d.id: d for d in report.documents}
    groups: dict[str, list[Claim]] = {}
    for cid in parent:
        groups.setdefault(root(cid), []).append(claims[cid])
    tracks = []
    for members in groups.values():
        entries = [
            Entry(docs[c.doc].date, c.doc, docs[c.doc].outlet, c)
            for c in sorted(
                members, key=lambda c: (docs[c.doc].date or dt.date.max, c.doc, c.start)
            )
        ]
        track = Track(_subject(members), tuple(entries))
        if track.documents >= min_documents:
            tracks.append(track)
    tracks.sort(key=lambda t: (-t.documents, t.subject))
    return tracks


def _subject(members: list[Claim]) -> str:
    names = [c.subject for c in members if c.subject]
    event = next((c.event for c in members if c.event), None)
    # the most frequent noun, ties to the earliest: max() over a set would follow string hashing
    noun = max(names, key=names.count) if names else "figure"
    return f"{noun} ({event})" if event else noun


def render_timeline(tracks: list[Track]) -> str:
    """A plain-text table per track: date, source, figure, sentence."""
    if not tracks:
        return "No claim is tracked across two or more articles."
    out = []
    for t in tracks:
        out.append(f"{t.subject} — {t.documents} articles")
        for e in t.entries:
            when = e.date.isoformat() if e.date else "undated   "
            source = (e.outlet or e.doc)[:28]
            sentence = " ".join(e.claim.sentence_text.split())
            if len(sentence) > 110:
                sentence = sentence[:107] + "…"
            out.append(f"  {when}  {source:28}  {e.claim.quantity.text:>18}  {sentence}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def timeline_dict(tracks: list[Track]) -> list[dict]:
    return [
        {
            "subject": t.subject,
            "entries": [
                {
                    "date": e.date.isoformat() if e.date else None,
                    "doc": e.doc,
                    "outlet": e.outlet,
                    "claim": e.claim.id,
                    "text": e.claim.quantity.text,
                    "value": e.claim.quantity.value,
                    "sentence": e.claim.sentence_text,
                }
                for e in t.entries
            ],
        }
        for t in tracks
    ]
