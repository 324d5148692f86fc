"""How common a word is in a language: ``wordfreq``'s frequency lists, read directly.

The judge's rare-word overlap and the rare names that tell stories apart weigh each word by
its Zipf frequency (0 for a word the list lacks, ~7.7 for "the"). ``wordfreq`` ships the lists
in its wheel as gzipped msgpack ("cBpack": a header, then one list of words per centibel of
frequency); importing ``wordfreq`` itself costs ~0.3 s of a warm report, so the "small" list of
a language is read here, once per process (~30 ms), and gives what ``zipf_frequency(word,
language, wordlist="small")`` gives for a single lower-case word (a test checks it).
"""

from __future__ import annotations

import gzip
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path


@cache
def _table(language: str) -> dict[str, float]:
    spec = find_spec("wordfreq")  # finds the package without importing it
    if spec is None or spec.origin is None:
        return {}
    path = Path(spec.origin).parent / "data" / f"small_{language}.msgpack.gz"
    if not path.is_file():
        return {}
    import msgpack  # wordfreq's own dependency

    with gzip.open(path, "rb") as fh:
        data = msgpack.load(fh, raw=False)
    header, buckets = data[0], data[1:]
    if not (isinstance(header, dict) and header.get("format") == "cB"):
        return {}
    out: dict[str, float] = {}
    for i, words in enumerate(buckets):
        for w in words:
            out.setdefault(w, round((900 - i) / 100, 2))
    return out


def zipf(word: str, language: str = "en") -> float:
    """The Zipf frequency of a single word (lower-cased); 0 when the language lacks it."""
    return _table(language).get(word.lower(), 0.0)


@lru_cache(maxsize=131072)
def rarity(word: str, language: str = "en", common: float = 6.5) -> float:
    """How much a word says: 0 at Zipf ``common`` or above, up to ``common`` for a word the
    language's list lacks (a name, a typo)."""
    return max(0.0, common - zipf(word, language))
