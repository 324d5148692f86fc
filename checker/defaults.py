"""What a run uses when the caller does not say: the project's configuration
(``checker.yaml``), the rule pack, the embedder (one per process and backend) and the coverage
store. :mod:`checker.api` runs the pipeline with these."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .compare.embed import BACKEND_ENV, DEFAULT_BACKEND, Embedder, chosen_backend
from .compare.embed_multi import MultiEmbedder
from .config import Config, load_config
from .rules import RulePack, load_rules

if TYPE_CHECKING:  # the store's modules load when a store is opened, not with every run
    from .archive.backends import CoverageStore

Rules = RulePack | str | Path | None


def default_embedder(config: Config | None = None) -> Embedder:
    """One embedder per process and backend: the model loads once, whatever calls the api.

    The backend: ``$CHECKER_EMBEDDING_BACKEND``, else ``embedding_backend`` of ``config``
    (``checker.yaml``), else onnx (:func:`checker.compare.embed.chosen_backend`; torch when
    the ONNX export cannot be made).
    """
    return _embedder(chosen_backend(None, config.embedding_backend if config else None))


@cache
def _embedder(backend: str) -> Embedder:
    return Embedder(backend=backend)


@cache
def multilingual_embedder() -> MultiEmbedder:
    """One multilingual embedder per process, for claims across languages (its model loads
    on the first text no cache holds: a run in one language never loads it)."""
    return MultiEmbedder()


def same_backend(store, embedder: Embedder) -> Embedder:
    """``embedder``, when its vectors may meet ``store``'s: one backend per store."""
    stored = getattr(store, "backend", None)
    if stored is not None and stored != embedder.backend:
        from .archive.storefile import StoreError

        raise StoreError(
            store.path,
            f"holds {stored!r} vectors but this embedder's come from {embedder.backend!r}; "
            f"open the store with backend={embedder.backend!r} or use a {stored!r} embedder",
        )
    return embedder


def embedding_backend(config: Config | None = None) -> str:
    """The backend the default embedder's vectors come from (what a store must record):
    the one chosen, or torch when the ONNX export cannot be made (this may export)."""
    return default_embedder(config).backend


def open_store(
    config: Config, path: Path | str | None = None, *, create: bool = True
) -> CoverageStore:
    """The coverage store at ``path`` (else the configuration's), opened for the configured
    model and embedding backend: a store of other vectors is refused. ``path`` may also be
    a location of a registered store (:data:`checker.archive.backends.STORES`).

    A store records the backend of its vectors, and vectors of two backends never meet: a
    store indexed with torch (the default before onnx) is refused under the onnx default,
    in one line that says so and names both ways out (``embedding_backend: torch`` in
    ``checker.yaml``, or index into a new store). It is not re-embedded behind the user's
    back: re-embedding every stored claim is an index run, and the user's to start."""
    from .archive.backends import open_store as open_location
    from .archive.storefile import OtherBackend, StoreError

    backend = embedding_backend(config)
    try:
        return open_location(
            path or config.store_path(), create=create, model=config.model, backend=backend
        )
    except OtherBackend as exc:
        if (
            exc.stored == "torch"
            and backend == DEFAULT_BACKEND
            and not (os.environ.get(BACKEND_ENV) or config.embedding_backend)
        ):
            # A store indexed when torch was the default meets the onnx default: one backend
            # per store, so it is refused, saying why the backend changed under it.
            raise StoreError(
                exc.path,
                f"{str(exc).removeprefix(f'{exc.path}: ')} (onnx became the default embedding "
                f"backend; this store was indexed before, with torch)",
            ) from None
        raise


@cache
def default_rules() -> RulePack:
    return load_rules()


def rule_pack(rules: Rules = None, config: Config | None = None) -> RulePack:
    """The pack to run: a loaded pack as given; else a rules folder (or the default pack),
    with ``config`` (``checker.yaml``: folders, disabled rules, levels, settings) applied."""
    if isinstance(rules, RulePack):
        return rules
    if config is not None:
        return config.rule_pack(Path(rules) if rules else None)
    return load_rules(rules) if rules else default_rules()


def configured(config_path: Path | str | None = None) -> Config:
    """The project configuration: ``config_path``, else the nearest ``checker.yaml`` or
    ``pyproject.toml`` from here upwards, else the defaults."""
    return load_config(config_path)


def warm_up(store, rules: Rules = None, config: Config | None = None, phase=None) -> None:
    """Load now what a first check of ``store`` would load: the sentence parser, then the
    embedding model. ``phase(what)`` is told before each, in words for a waiting editor."""
    import time

    from .pipeline import claims_of
    from .read.documents import document_from_text

    tell = phase or (lambda what: None)
    pack = rule_pack(rules, config)
    tell("the sentence parser")
    # a sentence no cache holds, so the parser really loads
    text = f"The desk started at {time.time_ns()} and 3 people were counted on Monday."
    claims_of([document_from_text(text, "warm-up")], pack)
    tell("the embedding model")
    same_backend(store, default_embedder(config)).load()
