"""A pickled object that, if ever unpickled, creates a file: what a cache row must never run."""

from __future__ import annotations

from pathlib import Path


class Touch:
    """Unpickled, it would create ``marker``: a test asserts the marker is still absent."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))
