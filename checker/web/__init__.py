"""The editor's desk: ``checker serve``, a local web page over :mod:`checker.api`.

:func:`create_app` builds the ASGI app over a :class:`Desk` (configuration, rules, store,
index runs); ``checker serve`` runs it on uvicorn. See :mod:`checker.web.app`.
"""

from checker.web.app import MAX_BODY, Desk, create_app, is_loopback

__all__ = ["MAX_BODY", "Desk", "create_app", "is_loopback"]
