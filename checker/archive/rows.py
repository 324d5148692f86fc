"""What the coverage store's rows hold, and how model objects become rows and back: content
hashes, int8 vectors, claims and documents as compressed JSON.

Every row is read back through one codec (:func:`load_json` and the ``*_from_*`` functions
here): a blob that does not inflate, is not UTF-8, nests deeper than :data:`MAX_DEPTH`, holds a
field of the wrong type or a vector that is not a quantised unit vector raises
:class:`RowError`, saying what is wrong; the store adds its path, the table and the row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import zlib
from collections.abc import Sequence

import numpy as np

from ..compare.embed import DIM, MODEL_NAME
from ..compare.embed_multi import MODEL_NAME as ACROSS_MODEL
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


def across_hash(text: str) -> str:
    """A multilingual vector's identity (table ``across_embedding``): its model and text."""
    return sha256(f"{ACROSS_MODEL}\0{text}")


def document_hash(doc: Document) -> str:
    """What makes an article the same article: its text and metadata, not its file name."""
    payload = [doc.text, doc.date.isoformat() if doc.date else None, doc.outlet, doc.language,
               doc.title, doc.url]  # fmt: skip
    return sha256(json.dumps(payload, ensure_ascii=False))


class RowError(ValueError):
    """A stored row cannot be read as what its table holds (the message says why)."""


#: How deep stored JSON may nest: a claim is three levels deep, a document one. Checked
#: before ``json.loads`` sees the text, so a depth bomb is refused without recursing.
MAX_DEPTH = 16
#: The most a row's blob may inflate to (an article is at most 20 MB of text).
MAX_INFLATED = 128 * 1024 * 1024
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def inflate(blob, limit: int = MAX_INFLATED) -> bytes:
    """A zlib blob's bytes, at most ``limit`` of them."""
    if not isinstance(blob, bytes):
        raise RowError(f"{type(blob).__name__} where a compressed blob belongs")
    try:
        z = zlib.decompressobj()
        data = z.decompress(blob, limit)
        if z.unconsumed_tail:
            raise RowError(f"inflates to more than {limit:,} bytes")
        if not z.eof:
            raise RowError("compressed data cut short")
    except zlib.error as exc:
        raise RowError(f"not compressed data ({exc})") from None
    return data


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise :class:`RowError` when JSON ``text`` nests deeper than ``limit`` (strings are
    skipped whole; linear time, no recursion)."""
    if text.count("[") + text.count("{") <= limit:  # cannot nest deeper: most rows, at C speed
        return
    depth = 0
    for m in _TOKENS.finditer(text):
        ch = m.group()[0]
        if ch in "[{":
            depth += 1
            if depth > limit:
                raise RowError(f"JSON nested deeper than {limit} levels")
        elif ch in "]}":
            depth -= 1


def load_json(data: bytes | str, *, compressed: bool = True):
    """Stored JSON, decoded with its depth bounded: :class:`RowError` for anything else."""
    if compressed:
        data = inflate(data)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RowError(f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    check_depth(data)
    try:
        return json.loads(data)
    except ValueError as exc:
        raise RowError(f"not JSON ({exc})") from None
    except RecursionError:  # not reached after check_depth; kept so none escapes
        raise RowError("JSON nested too deep") from None


def _number(value) -> bool:  # a finite or infinite number, stored infinities as "inf"/"-inf"
    return (isinstance(value, int | float) and not isinstance(value, bool)) or value in (
        "inf",
        "-inf",
    )


#: Each field kind's test (one dictionary lookup a field: a warm check decodes thousands).
_TESTS = {
    "str": lambda v: isinstance(v, str),
    "str?": lambda v: v is None or isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "num": _number,
    "strs": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "nums": lambda v: isinstance(v, list) and all(_number(x) for x in v),
    "obj": lambda v: isinstance(v, dict),
}


#: The one type JSON decodes a field of this kind to, where there is one (``bool`` is not an
#: ``int`` here: ``type(True) is int`` is false).
_EXACT = {"str": str, "str?": str, "int": int, "bool": bool, "obj": dict}
_LISTS = ("strs", "nums")


def _is(value, kind: str) -> bool:
    return _TESTS[kind](value)


_KINDS = {"str": "text", "str?": "text or null", "int": "an integer", "bool": "true or false",
          "num": "a number", "strs": "a list of text", "nums": "a list of numbers",
          "obj": "an object"}  # fmt: skip


def check_fields(data, required: dict[str, str], optional: dict[str, str], what: str) -> None:
    """``data`` is an object with the ``required`` fields, and perhaps the ``optional`` ones,
    each of its kind (``str``, ``str?``, ``int``, ``bool``, ``num``, ``strs``, ``nums``,
    ``obj``), and no others."""
    if not isinstance(data, dict):
        raise RowError(f"{what} is {type(data).__name__}, not an object")
    for key in required:
        if key not in data:
            raise RowError(f"{what} has no field {key!r}")
    for key, value in data.items():
        kind = required.get(key) or optional.get(key)
        if kind is None:
            raise RowError(f"{what} has an unknown field {key[:40]!r}")
        t = type(value)
        if t is _EXACT.get(kind) or (t is list and not value and kind in _LISTS):
            continue  # JSON gives exact types: the common cases, at once
        if kind == "num" and (t is float or t is int):
            continue
        if not _is(value, kind):
            shown = type(value).__name__
            raise RowError(f"{what}'s field {key!r} is {shown}, not {_KINDS[kind]}")


_QUANTITY = {"text": "str", "start": "int", "end": "int", "value": "num", "low": "num",
             "high": "num", "readings": "nums", "notes": "strs"}  # fmt: skip
_QUANTITY_OPTIONAL = {"kind": "str", "unit": "str?", "approx": "str", "direction": "str?",
                      "vague": "bool", "low_open": "bool", "high_open": "bool", "per": "str?"}  # fmt: skip
_CLAIM = {"id": "str", "sentence": "int", "q": "obj", "subject": "str", "event": "str?",
          "key": "str", "focus": "str", "entities": "strs", "negated": "bool", "stext": "str",
          "sstart": "int"}  # fmt: skip
_CLAIM_OPTIONAL = {"hedged": "bool", "role": "str", "head": "str", "pred": "str", "agent": "str",
                   "mods": "strs", "places": "strs", "times": "strs", "purpose": "str"}  # fmt: skip
_DOCUMENT = {"id": "str", "text": "str", "path": "str?", "outlet": "str?", "language": "str",
             "title": "str?", "url": "str?", "line": "int", "date": "str?"}  # fmt: skip


def quantize(vectors: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(vectors * INT8_SCALE), -127, 127).astype(np.int8)


def dequantize(blobs: Sequence[bytes], dim: int = DIM) -> np.ndarray:
    """Unit float32 vectors from int8 blobs of ``dim`` bytes."""
    if not blobs:
        return np.zeros((0, dim), dtype=np.float32)
    m = np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(len(blobs), dim)
    m = m.astype(np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


# --------------------------------------------------------------------------- claims as JSON


def _num(x: float) -> float | str:
    return x if np.isfinite(x) else ("inf" if x > 0 else "-inf")


def _unnum(x) -> float:
    return float(x)


def check_vector(blob, dim: int = DIM) -> None:
    """One stored vector: ``dim`` int8 values (:data:`~checker.compare.embed.DIM`, or
    :data:`~checker.compare.embed_multi.DIM` for the vectors across languages), a quantised
    unit vector (its length within 10 of 127: rounding moves it by 0.3 on average, 9.8 at
    most for 384 values; for 512 the bound is 11.3, reached only were every value rounded
    half a step along the vector; random bytes give about 1,450 for 384 values, 1,670 for
    512, zeros 0), no -128 (never written). That is its checksum."""
    if not isinstance(blob, bytes) or len(blob) != dim:
        size = f"{len(blob)} bytes" if isinstance(blob, bytes) else type(blob).__name__
        raise RowError(f"holds {size}, not a {dim}-byte vector")
    v = np.frombuffer(blob, dtype=np.int8)
    if (v == -128).any():
        raise RowError("holds -128, which no stored vector has (garbled bytes)")
    norm = float(np.sqrt((v.astype(np.float32) ** 2).sum()))
    if abs(norm - INT8_SCALE) > 10:
        raise RowError(f"is not a unit vector (length {norm / INT8_SCALE:.2f})")


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
    """A claim row's ``data`` as the claim; :class:`RowError` when it is not one."""
    d = load_json(blob)
    check_fields(d, _CLAIM, _CLAIM_OPTIONAL, "the claim")
    q = d["q"]
    check_fields(q, _QUANTITY, _QUANTITY_OPTIONAL, "its quantity")
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
    """A staged article's blob as the document; :class:`RowError` when it is not one."""
    data = load_json(blob)
    check_fields(data, _DOCUMENT, {}, "the article")
    return Document(date=parse_day(data["date"]), **{k: data[k] for k in DOC_FIELDS})


def parse_day(value) -> dt.date | None:
    """A stored ISO date (or None/empty); :class:`RowError` for anything else."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise RowError(f"date {str(value)[:40]!r} is not an ISO date") from None


def check_document_columns(r: tuple) -> None:
    """A document row's columns (id, doc_id, path, date, outlet, language, title, url,
    line, ...) are of their kinds."""
    for name, value, kind in (("doc_id", r[1], str), ("language", r[5], str), ("line", r[8], int)):
        if not isinstance(value, kind) or isinstance(value, bool):
            raise RowError(f"its {name} is {type(value).__name__}, not {kind.__name__}")
    for name, value in (("path", r[2]), ("outlet", r[4]), ("title", r[6]), ("url", r[7])):
        if value is not None and not isinstance(value, str):
            raise RowError(f"its {name} is {type(value).__name__}, not text")


def text_from_blob(blob) -> str:
    """A document row's ``text``: zlib-compressed UTF-8."""
    try:
        return inflate(blob).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RowError(f"text not UTF-8 ({exc.reason} at byte {exc.start})") from None


def rename_claim(c: Claim, doc_id: str) -> Claim:
    n = c.id.rsplit("#", 1)[-1]
    return dataclasses.replace(c, doc=doc_id, id=f"{doc_id}#{n}")
