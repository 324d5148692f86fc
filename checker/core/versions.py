"""Versions of derived data, each composed from the stages that make it.

Every stage whose output is stored or cached declares what that output depends on: the
libraries it runs, their data, and its own code and word lists. A stored or cached value is
keyed with its stage's version, and a later stage's version includes the versions of the
stages it reads, so an upgrade anywhere upstream (pysbd, spaCy, the English pipeline, a
grammar rule, a word list) makes everything downstream stale, never silently reused.

- :func:`splitter`: sentences (``checker/read/sentences.py``, pysbd and its settings);
- :func:`reader`: the parse-based reading of a sentence (spaCy, its pinned pipelines, the
  grammar and every language's claims word lists and label tables);
- :func:`claims`: the claims a store holds (figures, claims, their families), which
  includes the two above.

- :func:`embedding`: vectors (the model, the backend, the libraries that run it and, for the
  ONNX export, what made the file); the embedding cache's keys compose it
  (``checker/compare/embed.py``).

Versions are short hex digests, computed once per process. Library versions are read from
the installed distributions' metadata, so asking for a version never imports spaCy or torch:
from the name of each ``<name>-<version>.dist-info`` folder on ``sys.path`` (the first for a
name, as :mod:`importlib.metadata` finds it), else from :mod:`importlib.metadata`, whose
import (with the ``email`` package it parses metadata with) was ~13 ms of a warm report.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

#: The package's folder: the sources below are globs under it.
HERE = Path(__file__).resolve().parents[1]

#: What :func:`splitter` hashes besides pysbd: the splitting code.
SPLITTER_SOURCES = ("read/sentences.py",)
#: What :func:`reader` hashes besides spaCy: the reading code and its words, the parser's
#: code (which names the pipelines' version) and the pinned sha256 of every pipeline's files.
READER_SOURCES = (
    "read/reading.py", "read/readings.py", "read/grammar.py", "read/counted.py",
    "read/clause.py", "read/tree.py", "lang/lexicon.py", "read/parser.py", "data/*.sha256",
    "lang/*/claims.yaml",
)  # fmt: skip
#: What :func:`claims` hashes besides the reader and the splitter: a declared list, so that
#: moving or splitting a module cannot drop it from the digest unnoticed (tests/test_store.py
#: checks every pattern matches a file, and every claims-stage module is matched).
CLAIMS_SOURCES = (
    "read/quantities/*.py", "read/claims.py", "read/article.py", "read/figures.py",
    "read/nearby.py", "read/prose.py", "compare/match.py", "compare/structure.py", "core/settings.py",
    "read/grammar.py", "lang/__init__.py", "lang/lexicon.py", "lang/*.yaml", "lang/*/*.yaml",
)  # fmt: skip


def library(name: str) -> str:
    """An installed distribution's version, or ``"absent"``."""
    version = _dist_info_versions().get(_normalised(name))
    if version is not None:
        return version
    from importlib import metadata  # an egg-info, or not on sys.path's folders

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def _normalised(name: str) -> str:
    """A distribution's name as its folders write it, compared: ``PyYAML``, ``pyyaml``."""
    return re.sub(r"[-_.]+", "_", name).lower()


@cache
def _dist_info_versions() -> dict[str, str | None]:
    """Normalised name -> version, from the first ``.dist-info`` or ``.egg-info`` folder of each
    name in ``sys.path``'s order; None for a name found first as an egg-info (its folder name
    need not carry the version: :mod:`importlib.metadata` reads it)."""
    out: dict[str, str | None] = {}
    for entry in sys.path:
        try:
            names = sorted(e.name for e in os.scandir(entry or ".") if e.is_dir())
        except OSError:
            continue
        for folder in names:
            stem, dot, kind = folder.rpartition(".")
            if kind not in ("dist-info", "egg-info") or not dot:
                continue
            name, _, version = stem.partition("-")
            key = _normalised(name)
            if key not in out:
                out[key] = version if kind == "dist-info" and version else None
    return out


def sources(patterns: Iterable[str]) -> list[Path]:
    """The package files matching ``patterns`` (globs under ``checker/``), sorted."""
    return sorted({p for pattern in patterns for p in HERE.glob(pattern)})


def digest(*parts: str, files: Iterable[Path] = ()) -> str:
    """16 hex characters of SHA-256 over ``parts`` and each file's path and bytes."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    for path in files:
        h.update(path.relative_to(HERE).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


@cache
def splitter() -> str:
    """The sentence splitter: pysbd's version, and the splitting code (its pysbd settings
    included)."""
    return digest("pysbd", library("pysbd"), files=sources(SPLITTER_SOURCES))


@cache
def reader() -> str:
    """The parse-based reading: spaCy, the pinned pipelines, the grammar and its words."""
    return digest("spacy", library("spacy"), files=sources(READER_SOURCES))


@cache
def claims() -> str:
    """The claims a store holds: the figures' and claims' code and word lists, the reader
    and the splitter. A store whose articles were read under another version re-reads them
    on the next ``checker index``, and ``checker check`` warns until then."""
    return digest("splitter", splitter(), "reader", reader(), files=sources(CLAIMS_SOURCES))


@cache
def embedding(model: str, backend: str, libraries: tuple[str, ...], *parts: str) -> str:
    """Vectors: the model, the backend, each library that runs it (its installed version) and
    ``parts`` (for the ONNX backend, the exported file's own version)."""
    installed = [f"{name} {library(name)}" for name in libraries]
    return digest("model", model, "backend", backend, *installed, *parts)


def clear() -> None:
    """Forget the computed versions (tests that change a stage's inputs)."""
    for f in (splitter, reader, claims, embedding):
        f.cache_clear()
