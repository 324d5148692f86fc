"""The command line: one module per command group over :mod:`checker.api`; ``main`` runs it.

Importing the command modules registers their commands on :data:`app`.
"""

from . import report, serve, store, translation, verify  # noqa: F401  (register the commands)
from .app import app, main

__all__ = ["app", "main"]
