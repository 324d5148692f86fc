"""Files pinned by sha256: the hash lists shipped in ``checker/data/`` (the spaCy pipelines',
the multilingual embedder's), read and checked the same way for each."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import CheckerError


def read_hashes(path: Path, what: str) -> dict[str, str]:
    """Relative path -> sha256, from ``<sha256>  <path>`` lines (``#`` lines are comments) of
    the hash list ``path`` of ``what`` ("the spaCy pipeline"); a bad line is a one-line
    error naming the file and the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CheckerError(f"{path}: cannot read {what}'s hash list: {exc}") from None
    hashes: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        digest, sep, rel = line.partition("  ")
        if not sep or len(digest) != 64 or not rel:
            raise CheckerError(f"{path}:{number}: expected '<sha256>  <relative path>'")
        hashes[rel] = digest
    return hashes


def sha256_file(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
