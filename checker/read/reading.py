"""Parse the sentences that hold a figure, in batches, and cache what the grammar reads.

The parse is the slow part of the claims stage (spaCy's small English pipeline reads
~150-200 sentences/s here, and importing it costs ~2 s), so what :mod:`checker.read.grammar`
derives from a sentence is cached by a hash of the sentence, its figures' spans and the
reader's version, beside the embedding cache. A warm run loads neither spaCy nor torch.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..core import versions
from ..core.kvcache import KVCache, cache_dir
from ..lang.lexicon import Language
from .grammar import read, sentence_entities
from .readings import Reading

#: One sentence to read: its text and the (start, end) spans of its figures in that text.
Item = tuple[str, tuple[tuple[int, int], ...]]
#: What is read: the sentence's names and one reading per span.
Result = tuple[tuple[str, ...], tuple[Reading, ...]]


def reader_version() -> str:
    """What a cached reading depends on: :func:`checker.core.versions.reader`."""
    return versions.reader()


def _key(item: Item, language: Language) -> str:
    text, spans = item
    payload = json.dumps([reader_version(), language.code, text, spans], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


class ReadingCache:
    """Key -> JSON of a :data:`Result` (table ``reading(key, data)``), in a :class:`KVCache`;
    a cache that cannot open runs uncached, a row that cannot be decoded is a miss."""

    def __init__(self, path: Path | None) -> None:
        self.store = KVCache(path, "reading", "data", "TEXT")

    def get_many(self, keys: Sequence[str]) -> dict[str, Result]:
        out: dict[str, Result] = {}
        for key, data in self.store.get_many(keys).items():
            try:
                names, readings = json.loads(data)
                out[key] = (tuple(names), tuple(Reading.from_json(r) for r in readings))
            except (ValueError, TypeError):
                continue  # a row from another layout: read the sentence again
        return out

    def put_many(self, items: dict[str, Result]) -> None:
        self.store.put_many(
            {
                k: json.dumps([list(names), [r.to_json() for r in readings]], ensure_ascii=False)
                for k, (names, readings) in items.items()
            }
        )


@cache
def default_cache() -> ReadingCache:
    return ReadingCache(cache_dir() / "readings.sqlite")


def read_sentences(
    items: Sequence[Item], language: Language, cache: ReadingCache | None = None
) -> list[Result]:
    """One result per item, read with ``language``'s pipeline and word lists (a language with
    grammar, see :func:`checker.lang.lexicon.language`); sentences not in the cache are parsed
    in one ``nlp.pipe`` batch."""
    if not items:
        return []
    if language.words is None or not language.grammar:
        raise ValueError(f"language {language.code!r} has no grammar to read claims with")
    store = default_cache() if cache is None else cache
    keys = [_key(item, language) for item in items]
    found = store.get_many(list(dict.fromkeys(keys)))
    todo = {k: item for k, item in zip(keys, items, strict=True) if k not in found}
    if todo:
        from .parser import load_pipeline, parse

        nlp = load_pipeline(language.pipeline)
        texts = [_safe(text) for text, _ in todo.values()]
        fresh: dict[str, Result] = {}
        for (k, (_, spans)), doc in zip(todo.items(), parse(nlp, texts), strict=True):
            words = language.words
            fresh[k] = (sentence_entities(doc, words), tuple(read(doc, spans, words)))
        store.put_many(fresh)
        found.update(fresh)
    return [found[k] for k in keys]


_SURROGATE = re.compile("[\ud800-\udfff]")


def _safe(text: str) -> str:
    """Lone surrogates (valid JSON, not UTF-8) become U+FFFD, one character each: offsets hold."""
    return _SURROGATE.sub("\ufffd", text)
