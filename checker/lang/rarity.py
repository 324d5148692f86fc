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
import io
import os
import pickle
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
    kept = _kept_table(path)
    if kept is not None:
        return kept
    table = _read_table(path)
    _keep_table(path, table)
    return table


#: The table as read, kept in the cache folder: unpickling it takes ~6 ms where reading the
#: gzipped msgpack takes ~25 (of a warm report's ~0.5 s). Keyed by the list's path, size and
#: modification time; read back by an unpickler that refuses every class (a table is a dict of
#: text to floats), and anything else is a miss.
def _kept_path(language_file: Path) -> Path:
    from ..core.kvcache import cache_dir

    return cache_dir() / f"rarity-{language_file.name.split('.')[0]}.pickle"


#: Bump when the kept file's layout changes.
_KEPT_LAYOUT = 1


def _stamp(path: Path) -> tuple:
    info = path.stat()
    return (str(path), info.st_size, info.st_mtime_ns, _KEPT_LAYOUT)


class _NoClasses(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name}: a kept table holds no classes")


def _kept_table(path: Path) -> dict[str, float] | None:
    try:
        stamp, table = _NoClasses(io.BytesIO(_kept_path(path).read_bytes())).load()
    except Exception:  # noqa: BLE001 (absent, unreadable or damaged: read the list again)
        return None
    if stamp != _stamp(path) or not isinstance(table, dict):
        return None
    return table


def _keep_table(path: Path, table: dict[str, float]) -> None:
    target = _kept_path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        temporary.write_bytes(pickle.dumps((_stamp(path), table), protocol=5))
        os.replace(temporary, target)
    except OSError:  # a read-only cache folder: the next run reads the list again
        return


def _read_table(path: Path) -> dict[str, float]:
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
