"""What the coverage store's rows hold, and how model objects become rows and back: content
hashes, int8 vectors, claims and documents as compressed JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import zlib
from collections.abc import Sequence

import numpy as np

from ..compare.embed import DIM, MODEL_NAME
from ..core.model import Claim, Document, Quantity

#: int8 scale of stored vectors: v_int8 = round(v * 127).
INT8_SCALE = 127.0


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def text_hash(text: str) -> str:
    """Embedding identity: model and text (the same key as the embedding cache)."""
    return sha256(f"{MODEL_NAME}\0{text}")


def document_hash(doc: Document) -> str:
    """What makes an article the same article: its text and metadata, not its file name."""
    payload = [doc.text, doc.date.isoformat() if doc.date else None, doc.outlet, doc.language,
               doc.title, doc.url]  # fmt: skip
    return sha256(json.dumps(payload, ensure_ascii=False))


def quantize(vectors: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(vectors * INT8_SCALE), -127, 127).astype(np.int8)


def dequantize(blobs: Sequence[bytes]) -> np.ndarray:
    """Unit float32 vectors from int8 blobs."""
    if not blobs:
        return np.zeros((0, DIM), dtype=np.float32)
    m = np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(len(blobs), DIM)
    m = m.astype(np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


# --------------------------------------------------------------------------- claims as JSON


def _num(x: float) -> float | str:
    return x if np.isfinite(x) else ("inf" if x > 0 else "-inf")


def _unnum(x) -> float:
    return float(x)


def claim_to_json(c: Claim) -> bytes:
    """The claim as zlib-compressed JSON (the claim row's ``data``)."""
    q = dataclasses.asdict(c.quantity)
    for k in ("value", "low", "high"):
        q[k] = _num(q[k])
    q["readings"] = [_num(r) for r in q["readings"]]
    data = {
        "id": c.id, "sentence": c.sentence, "q": q, "subject": c.subject, "event": c.event,
        "key": c.key_text, "focus": c.focus_text, "entities": list(c.entities),
        "negated": c.negated, "hedged": c.hedged, "stext": c.sentence_text,
        "sstart": c.sentence_start, "role": c.role, "head": c.head, "pred": c.predicate,
        "agent": c.agent, "mods": list(c.modifiers), "places": list(c.places),
        "times": list(c.times), "purpose": c.purpose,
    }  # fmt: skip
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def claim_from_json(blob: bytes, doc_id: str) -> Claim:
    d = json.loads(zlib.decompress(blob))
    q = d["q"]
    quantity = Quantity(
        **{**q, "value": _unnum(q["value"]), "low": _unnum(q["low"]), "high": _unnum(q["high"]),
           "readings": tuple(_unnum(r) for r in q["readings"]), "notes": tuple(q["notes"])}
    )  # fmt: skip
    # the id always follows the document it is stored under ("<doc>#<n>")
    return Claim(
        id=f"{doc_id}#{d['id'].rsplit('#', 1)[-1]}", doc=doc_id, sentence=d["sentence"], quantity=quantity, subject=d["subject"],
        event=d["event"], key_text=d["key"], focus_text=d["focus"],
        entities=tuple(d["entities"]), negated=d["negated"], sentence_text=d["stext"],
        sentence_start=d["sstart"], hedged=d.get("hedged", False),  # absent in older stores
        role=d.get("role", ""), head=d.get("head", ""), predicate=d.get("pred", ""),
        agent=d.get("agent", ""), modifiers=tuple(d.get("mods", ())),
        places=tuple(d.get("places", ())), times=tuple(d.get("times", ())),
        purpose=d.get("purpose", ""),
    )  # fmt: skip


DOC_FIELDS = ("id", "text", "path", "outlet", "language", "title", "url", "line")


def doc_blob(d: Document) -> bytes:
    data = {k: getattr(d, k) for k in DOC_FIELDS}
    data["date"] = d.date.isoformat() if d.date else None
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 6)


def doc_from_blob(blob: bytes) -> Document:
    data = json.loads(zlib.decompress(blob))
    day = dt.date.fromisoformat(data["date"]) if data["date"] else None
    return Document(date=day, **{k: data[k] for k in DOC_FIELDS})


def rename_claim(c: Claim, doc_id: str) -> Claim:
    n = c.id.rsplit("#", 1)[-1]
    return dataclasses.replace(c, doc=doc_id, id=f"{doc_id}#{n}")
