"""The stages run for one candidate token (``_number``): numbers -> ratios/ranges -> suffix ->
prefix -> filters -> build.
"""

from __future__ import annotations

from checker.core.model import Quantity

from .build import _build
from .context import Context
from .core import _core
from .filters import _reject
from .modifiers import _prefix, _suffix
from .ranges import _range
from .ratios import _ratio


def _number(c: Context, i: int) -> tuple[Quantity, int] | None:
    q = c.ahead[1] if c.ahead[0] == i else _core(c, i)
    c.ahead = (-1, None)
    q = q and (_ratio(c, q) or _range(c, q))
    if q is None:
        return None
    q.cb = q.b
    _suffix(c, q)
    if not _prefix(c, q) or _reject(c, q):
        return None
    built = _build(c, q)
    return (built, q.b) if built else None
