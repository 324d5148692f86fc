"""Each article's claims kept on disk by what they are read from (checker/read/kept.py)."""

from __future__ import annotations

import dataclasses
import math

import pytest

from checker import document_from_text, extract_claims
from checker.core.settings import Semantics
from checker.read.kept import ClaimsCache, claims_of_documents, decode, encode, key

TEXTS = [
    "The ministry said 51 aid trucks entered Gaza on Sunday, up from about 40 a day earlier.",
    "More than 1.2 million people fled, and at least 300 were killed. Prices rose 4.75 percent.",
    "Fewer than 10 of the 2,000 samples, or under 0.5%, failed; the 11th test is due in 2025.",
]


def _docs():
    return [document_from_text(t, f"d{i}") for i, t in enumerate(TEXTS)]


@pytest.mark.model  # the claims are read with the parser
def test_claims_come_back_from_their_json_as_they_were():
    claims = [c for d in _docs() for c in extract_claims(d)]
    assert claims and any(math.isinf(c.quantity.high) for c in claims)  # "more than" is open
    assert decode(encode(claims)) == claims
    for a, b in zip(decode(encode(claims)), claims, strict=True):
        assert dataclasses.astuple(a) == dataclasses.astuple(b)
        assert type(a.entities) is tuple and type(a.quantity.readings) is tuple


@pytest.mark.model  # the claims are read with the parser
def test_a_second_run_reads_the_claims_kept_and_an_edit_reads_again(tmp_path):
    cache = ClaimsCache(tmp_path / "claims.sqlite")
    read: list[str] = []

    def reading(doc, semantics):
        read.append(doc.id)
        return extract_claims(doc, semantics)

    docs = _docs()
    first = claims_of_documents(docs, None, reading, cache)
    assert read == ["d0", "d1", "d2"]
    again = claims_of_documents(docs, None, reading, cache)
    assert again == first and read == ["d0", "d1", "d2"]  # nothing read again

    edited = [docs[0], document_from_text(TEXTS[1].replace("300", "310"), "d1"), docs[2]]
    claims_of_documents(edited, None, reading, cache)
    assert read[3:] == ["d1"]
    renamed = [document_from_text(TEXTS[2], "other")]  # claims are named after their article
    (claims,) = claims_of_documents(renamed, None, reading, cache)
    assert read[4:] == ["other"] and all(c.id.startswith("other#") for c in claims)
    claims_of_documents(docs[:1], Semantics(nearly=0.9), reading, cache)  # other settings
    assert read[5:] == ["d0"]


@pytest.mark.model  # the claims are read with the parser
def test_a_damaged_row_is_read_again(tmp_path):
    cache = ClaimsCache(tmp_path / "claims.sqlite")
    docs = _docs()[:1]
    (want,) = claims_of_documents(docs, None, extract_claims, cache)
    k = key(docs[0], None)
    assert k in cache.store.get_many([k])
    cache.store.put_many({k: '[["not", "a claim"]]'})
    read: list[str] = []

    def reading(doc, semantics):
        read.append(doc.id)
        return extract_claims(doc, semantics)

    (got,) = claims_of_documents(docs, None, reading, cache)
    assert got == want and read == ["d0"]


def test_documents_not_kept_are_read_together_in_order(tmp_path, monkeypatch):
    """With ``read_many``, the documents not kept are read ``READ_TOGETHER`` at a time,
    each once (a repeated one too), kept, told to ``fresh`` and ``done`` in order."""
    from checker.read import kept

    monkeypatch.setattr(kept, "READ_TOGETHER", 3)

    class Memory(dict):  # the cache's interface, over a dict
        def get_many(self, keys):
            return {k: self[k] for k in keys if k in self}

        def put_many(self, items):
            self.update(items)

    cache = Memory()
    docs = [document_from_text(f"Text {i}.", f"d{i}") for i in range(7)]
    one = lambda d, _s: [f"claim of {d.id}"]  # noqa: E731
    claims_of_documents(docs[2:4], None, one, cache)  # d2 and d3 kept already
    batches, told, done = [], [], []

    def many(ds, _s):
        batches.append([d.id for d in ds])
        return [[f"claim of {d.id}"] for d in ds]

    got = claims_of_documents(
        [*docs, docs[0]], None, one, cache, done=done.append,
        fresh=lambda d, c: told.append(d.id), read_many=many,
    )  # fmt: skip
    assert got == [[f"claim of {d.id}"] for d in [*docs, docs[0]]]
    assert batches == [["d0", "d1", "d4"], ["d5", "d6"]]
    assert told == ["d0", "d1", "d4", "d5", "d6"]
    assert done == list(range(1, 9))
    assert claims_of_documents(docs, None, one, cache, read_many=many) == got[:7]
    assert len(batches) == 2  # all kept now


@pytest.mark.model  # the claims are read with the parser
def test_articles_read_together_give_each_article_its_own_claims():
    docs = _docs()
    from checker.read.claims import extract_claims_of

    assert extract_claims_of(docs) == [extract_claims(d) for d in docs]
    assert extract_claims_of([]) == []
