"""Does a source support the figures in one statement? ``checker verify``: what an editor asks
of a draft sentence (see :mod:`~checker.verify.check`)."""

from .check import verify_documents
from .verdict import LABELS, ClaimCheck, Verdict

__all__ = ["LABELS", "ClaimCheck", "Verdict", "verify_documents"]
