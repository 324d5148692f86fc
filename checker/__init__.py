"""checker: find where news articles agree, conflict or drift on the figures they report.

The public API (:mod:`checker.api` runs the pipeline); everything else is an
implementation detail.
"""

from __future__ import annotations

from .api import check, check_draft, compare_texts, verify
from .core.errors import CheckerError, InputError, RuleError
from .core.model import Claim, Document, Evidence, Finding, Match, Quantity, Report, Sentence
from .core.version import __version__
from .read.claims import extract_claims
from .read.documents import document_from_text, read_documents
from .read.quantities import extract_quantities
from .rules import RulePack, load_rules

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
    "compare_texts",
    "document_from_text",
    "extract_claims",
    "extract_quantities",
    "load_rules",
    "read_documents",
    "verify",
]
