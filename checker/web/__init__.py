"""The editor's desk: ``checker serve``, a local web page over :mod:`checker.api`.

:func:`create_app` builds the ASGI app over a :class:`Desk` (configuration, rules, store,
index runs; :mod:`checker.web.desk`), each request checked by :mod:`checker.web.guard`;
``checker serve`` runs it on uvicorn. The routes: :mod:`checker.web.app`.
"""

from checker.web.app import create_app
from checker.web.desk import MAX_BODY, Desk
from checker.web.guard import is_loopback

__all__ = ["MAX_BODY", "Desk", "create_app", "is_loopback"]
