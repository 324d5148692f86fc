"""Text that is not prose stays cheap (issue 23, item 9): such a sentence is told apart, read
without the parser, its claims' texts bounded, each distinct text embedded once, and a large
one read in seconds. Nothing here loads a model: in the fast tier, the import guard fails a
test whose sentence went to spaCy."""

from __future__ import annotations

import random
import time

import numpy as np
import pytest

from checker.compare.embed import DIM, Embedder
from checker.compare.match import embed_claims
from checker.core.model import Sentence
from checker.read import claims as claims_module
from checker.read.article import document_from_text
from checker.read.claims import extract_claims
from checker.read.prose import KEY_AFTER, KEY_BEFORE, MAX_FIGURES, is_prose, read_not_prose
from checker.read.quantities import extract_quantities

TOWNS = ["Springfield", "Riverton", "Lakeside", "Hillcrest", "Cedar Falls", "Oakdale"]


def table(n: int, seed: int = 0) -> str:
    """A table pasted as one sentence: a town and its figure, ``n`` times."""
    rng = random.Random(seed)
    cells = " ".join(f"{rng.choice(TOWNS)} {rng.randint(2, 999):,}" for _ in range(n))
    return f"Cases by town: {cells}."


def distinct(n: int) -> str:
    """One sentence of ``n`` different figures in the same words."""
    return "They said " + " ".join(f"and {2 + 7 * i:,} people" for i in range(n)) + " were hurt."


def _prose(text: str) -> bool:
    return is_prose(text, len(extract_quantities(text)))


@pytest.mark.parametrize(
    "text",
    [
        table(40),  # a table
        table(9),  # a short table: 9 figures in 11 words
        distinct(MAX_FIGURES + 1),  # more figures than any real sentence
        "Scores: 1, 2, 3, 4, 5, 6, 7, 8 and 9.",
    ],
)
def test_a_table_or_a_run_of_figures_is_not_prose(text):
    assert not _prose(text)


@pytest.mark.parametrize(
    "text",
    [
        # the densest real sentences of the seeds, PAC and bppt-eco (bench/prose.py)
        "He paid $641,931 in 2015, $750 in both 2016 and 2017, and $133,445 in 2019.",
        "In 1981 is 40.6 million people or 26.9% and in 1984 is 35 million people or 21.64%.",
        "The interest on one-month savings exceeding Rp5 billion is 7 percent, three-month "
        "savings 6.75 percent, and six-month to 12-month savings 6.5 percent.",
        "At least 51 people were killed and more than 220 injured.",
        "A long sentence with one figure, 12 people, " + "and other words " * 400 + "in it.",
    ],
)
def test_real_sentences_are_prose(text):
    assert _prose(text)


def test_the_thresholds():
    words = " ".join(f"word{chr(97 + i % 26)}" for i in range(5))  # letters only count
    assert is_prose(words, 7) and is_prose("x " * 17, 8)
    assert not is_prose("x " * 16, 8)  # 8 figures, one per 2 words
    assert not is_prose("x " * 10_000, MAX_FIGURES + 1)


def test_figures_of_a_table_are_read_without_the_parser_and_their_texts_are_short():
    text = table(300)
    doc = document_from_text(text, "t")
    claims = extract_claims(doc)
    assert len(claims) == 300  # every figure a claim; none read as part of a name
    for c in claims:
        for t in (c.key_text, c.focus_text):
            assert "[NUM]" in t and len(t.split()) <= KEY_BEFORE + KEY_AFTER + 1 and len(t) < 60
        assert c.role == ""  # read without grammar
        assert len(c.sentence_text) < 300  # the claim shows a window, not the whole table
        at = c.start - c.sentence_start
        assert c.sentence_text[at : at + len(c.quantity.text)] == c.quantity.text
        assert doc.text[c.sentence_start : c.sentence_start + len(c.sentence_text)] == (
            c.sentence_text
        )
    assert [c.quantity.value for c in claims] == [q.value for q in extract_quantities(text)]


def test_a_key_text_is_the_words_beside_the_figure_and_no_other_figure():
    s = "Deaths: Springfield 1,204 Riverton 3,405 Cedar Falls 12 Oakdale 9"
    qs = extract_quantities(s)
    out = read_not_prose(Sentence(0, 0, len(s), s), qs, frozenset())
    assert [r.key for _, r in out] == [
        "Springfield [NUM] Riverton",
        "Riverton [NUM] Cedar",  # the figure before it is written "#", then left out at the edge
        "Cedar Falls [NUM] Oakdale",
        "Oakdale [NUM]",
    ]
    assert [r.counted for _, r in out] == ["Riverton", "Cedar", "Oakdale", ""]
    assert [w.text for w, _ in out][1] == s  # the claim shows 14 tokens on each side


def test_a_run_of_figures_in_the_same_words_is_a_few_texts_to_embed():
    claims = extract_claims(document_from_text(distinct(2_000), "d"))
    assert len(claims) == 2_000
    texts = {c.key_text for c in claims} | {c.focus_text for c in claims}
    assert len(texts) <= 8, sorted(texts)  # was 2 x 2,000 windows of one clause


class _Counting(Embedder):
    """An embedder without a cache whose "model" counts the texts it is given."""

    def __init__(self):
        super().__init__(cache_path=None, backend="torch")
        self.seen: list[str] = []

    @property
    def version(self) -> str:
        return "test"

    def _encode(self, texts):
        self.seen.extend(texts)
        rng = np.random.default_rng(len(self.seen))
        v = rng.normal(size=(len(texts), DIM)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_each_distinct_text_goes_to_the_model_once_per_run():
    doc = document_from_text(distinct(300) + "\n" + table(200), "d")
    claims = extract_claims(doc)
    embedder = _Counting()
    comparable, keys, focus = embed_claims(claims, embedder)
    assert len(comparable) == 500 and keys.shape == focus.shape == (500, DIM)
    texts = [c.key_text for c in comparable] + [c.focus_text for c in comparable]
    assert sorted(embedder.seen) == sorted(set(texts))  # once each, however often said
    same = {c.key_text: k for c, k in zip(comparable, keys, strict=True)}
    for c, k in zip(comparable, keys, strict=True):
        assert np.array_equal(same[c.key_text], k)  # one text, one vector


def test_the_store_side_reads_embed_each_distinct_text_once():
    from checker.archive.cluster import read_articles
    from checker.compare.stories import lead_texts
    from checker.core.settings import Semantics

    docs = [document_from_text(distinct(200), "a"), document_from_text(distinct(200), "b")]
    embedder = _Counting()
    reads = read_articles(docs, Semantics(), embedder)
    assert [len(r.claims) for r in reads] == [200, 200]
    texts = {c.key_text for r in reads for c in r.claims}
    texts |= {c.focus_text for r in reads for c in r.claims}
    texts |= {t for d in docs for t in lead_texts(d)}  # and each article's two lead texts
    assert sorted(embedder.seen) == sorted(texts)


def test_a_real_sentence_still_goes_to_the_parser(monkeypatch):
    seen = []

    def fake_read(items, language):
        seen.extend(items)
        return [((), tuple(claims_module.Reading(key="k", focus="f") for _ in s)) for _, s in items]

    monkeypatch.setattr(claims_module, "read_sentences", fake_read)
    real = "He paid $641,931 in 2015, $750 in both 2016 and 2017, and $133,445 in 2019."
    doc = document_from_text(real + " " + table(30), "r")
    claims = extract_claims(doc)
    assert [text for text, _ in seen] == [real]  # the table was not parsed
    assert {c.key_text for c in claims if c.sentence == 0} == {"k"}


def test_a_large_table_is_read_in_seconds():
    text = "\n".join(table(1_000, seed=i) for i in range(5))  # 5,000 figures, ~70 KB
    t0 = time.perf_counter()
    claims = extract_claims(document_from_text(text, "big"))
    elapsed = time.perf_counter() - t0
    assert len(claims) == 5_000
    assert elapsed < 30, f"{elapsed:.1f} s"  # ~2 s here; generous for a loaded 2-core machine
