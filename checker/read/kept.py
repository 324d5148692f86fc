"""Each article's claims, kept on disk by what they are read from: a warm run reads them back
instead of scanning every sentence for figures again.

The parse of each sentence is already cached (:mod:`checker.read.reading`); what a warm run
still paid was the number scanner and the claims stage over every sentence (2 of a warm PAC
report's 4.3 s). A document's claims depend on its id (claims are named ``<doc>#<n>``), its
language, its text and sentences, the settings that read figures (:class:`Semantics`) and
the claims stage's own version (:func:`checker.core.versions.claims`: its code, word lists,
parser and splitter): all of them make the key, so an edit of any gives another key and the
claims are read afresh. A row that cannot be decoded is a miss.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from ..core import versions
from ..core.kvcache import KVCache, cache_dir
from ..core.model import Claim, Document, Quantity
from ..core.settings import Semantics

_QUANTITY = tuple(f.name for f in dataclasses.fields(Quantity))
_CLAIM = tuple(f.name for f in dataclasses.fields(Claim))
_TUPLES = frozenset({"readings", "notes", "entities", "modifiers", "places", "times"})


def _row(obj, names: tuple[str, ...]) -> list:
    return [list(v) if n in _TUPLES else v for n, v in ((n, getattr(obj, n)) for n in names)]


def encode(claims: Sequence[Claim]) -> str:
    """Claims as JSON: each one its fields in order, its quantity likewise (infinities as
    JSON's ``Infinity``, which :func:`json.loads` reads back)."""
    return json.dumps(
        [[_row(c.quantity, _QUANTITY) if n == "quantity" else v for n, v in
          zip(_CLAIM, _row(c, _CLAIM), strict=True)] for c in claims],
        ensure_ascii=False,
    )  # fmt: skip


def _fields(values: list, names: tuple[str, ...]) -> dict:
    if len(values) != len(names):
        raise ValueError("another layout")
    return {n: tuple(v) if n in _TUPLES else v for n, v in zip(names, values, strict=True)}


def decode(data: str) -> list[Claim]:
    """:func:`encode`'s claims; ValueError or TypeError for anything else."""
    out = []
    for row in json.loads(data):
        fields = _fields(row, _CLAIM)
        fields["quantity"] = Quantity(**_fields(fields["quantity"], _QUANTITY))
        out.append(Claim(**fields))
    return out


def key(document: Document, semantics: Semantics | None) -> str:
    """What a document's claims are read from, as one digest."""
    spans = [[s.start, s.end] for s in document.sentences]
    payload = json.dumps(
        [versions.claims(), _CLAIM, _QUANTITY, repr(semantics), document.language, document.id,
         document.text, spans],
        ensure_ascii=False,
    )  # fmt: skip
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


class ClaimsCache:
    """Key -> JSON of a document's claims (table ``claims(key, data)``) in a :class:`KVCache`:
    a cache that cannot open runs uncached, a row that cannot be decoded is a miss."""

    def __init__(self, path: Path | None) -> None:
        self.store = KVCache(path, "claims", "data", "TEXT")

    def get_many(self, keys: Sequence[str]) -> dict[str, list[Claim]]:
        out: dict[str, list[Claim]] = {}
        for k, data in self.store.get_many(keys).items():
            try:
                out[k] = decode(data)
            except (ValueError, TypeError, KeyError):
                continue  # read the document again
        return out

    def put_many(self, items: dict[str, list[Claim]]) -> None:
        self.store.put_many({k: encode(claims) for k, claims in items.items()})


@cache
def default_cache() -> ClaimsCache:
    return ClaimsCache(cache_dir() / "claims.sqlite")


#: Documents not kept that are read together (:func:`claims_of_documents` with
#: ``read_many``): their sentences go to the parser in full batches.
READ_TOGETHER = 8


def claims_of_documents(
    documents: Sequence[Document],
    semantics: Semantics | None,
    read: Callable[[Document, Semantics | None], list[Claim]],
    cache_: ClaimsCache | None = None,
    done: Callable[[int], None] = lambda n: None,
    fresh: Callable[[Document, list[Claim]], None] | None = None,
    read_many: Callable[[list[Document], Semantics | None], list[list[Claim]]] | None = None,
) -> list[list[Claim]]:
    """Each document's claims, from the cache where kept, else ``read`` (and then kept);
    ``done(n)`` after each document, ``fresh(document, claims)`` after each one read.
    With ``read_many``, the documents not kept are read :data:`READ_TOGETHER` at a time."""
    store = default_cache() if cache_ is None else cache_
    keys = [key(d, semantics) for d in documents]
    found = store.get_many(list(dict.fromkeys(keys)))
    read_now: dict[str, list[Claim]] = {}
    out = []
    for i, (d, k) in enumerate(zip(documents, keys, strict=True), 1):
        claims = found.get(k)
        if claims is None:
            batch = {k: d}
            if read_many is not None:  # this one and the next ones not kept, together
                for d2, k2 in zip(documents[i:], keys[i:], strict=True):
                    if len(batch) >= READ_TOGETHER:
                        break
                    if k2 not in found:
                        batch.setdefault(k2, d2)
                got = read_many(list(batch.values()), semantics)
            else:
                got = [read(d, semantics)]
            for (k2, d2), claims2 in zip(batch.items(), got, strict=True):
                found[k2] = read_now[k2] = claims2
                if fresh is not None:
                    fresh(d2, claims2)
            claims = found[k]
        out.append(list(claims))
        done(i)
    if read_now:
        store.put_many(read_now)
    return out
