"""checker: find where news articles agree, conflict or drift on the figures they report.

The public API (:mod:`checker.api` runs the pipeline); everything else is an
implementation detail.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

from .core.version import __version__

if TYPE_CHECKING:
    from .api import check, check_draft, check_translation, compare_texts, verify
    from .core.errors import CheckerError, InputError, RuleError
    from .core.model import (
        Claim,
        Document,
        Evidence,
        Finding,
        Match,
        Quantity,
        Report,
        Sentence,
    )  # fmt: skip
    from .read.claims import extract_claims
    from .read.documents import document_from_text, read_documents
    from .read.quantities import extract_quantities
    from .rules import RulePack, load_rules

#: Public name -> the module that defines it. Imported on first use (PEP 562), so that
#: ``import checker.cli`` for ``checker --help`` does not import the whole pipeline.
_EXPORTS = {
    **dict.fromkeys(
        ("check", "check_draft", "check_translation", "compare_texts", "verify"), ".api"
    ),
    **dict.fromkeys(("CheckerError", "InputError", "RuleError"), ".core.errors"),
    **dict.fromkeys(
        ("Claim", "Document", "Evidence", "Finding", "Match", "Quantity", "Report", "Sentence"),
        ".core.model",
    ),
    "extract_claims": ".read.claims",
    "document_from_text": ".read.documents",
    "read_documents": ".read.documents",
    "extract_quantities": ".read.quantities",
    "RulePack": ".rules",
    "load_rules": ".rules",
}


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'checker' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


class _Package(types.ModuleType):
    """``checker.verify`` is the function of :mod:`checker.api`, as when this package imported
    it eagerly: the import system binds a subpackage on its parent once loaded, and the
    subpackage ``checker.verify`` (still importable by its full name) must not take the name."""

    def __setattr__(self, name: str, value) -> None:
        if name in _EXPORTS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "CheckerError",
    "Claim",
    "Document",
    "Evidence",
    "Finding",
    "InputError",
    "Match",
    "Quantity",
    "Report",
    "RuleError",
    "RulePack",
    "Sentence",
    "__version__",
    "check",
    "check_draft",
    "check_translation",
    "compare_texts",
    "document_from_text",
    "extract_claims",
    "extract_quantities",
    "load_rules",
    "read_documents",
    "verify",
]
