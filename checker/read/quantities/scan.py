"""The stages run for one candidate token (``quantity_at``): numbers -> ratios/ranges -> suffix ->
prefix -> filters -> build.
"""

from __future__ import annotations

from checker.core.model import Quantity

from .build import build_quantity
from .context import Context
from .core import number_at
from .filters import reject
from .modifiers import read_prefix, read_suffix
from .ranges import read_range
from .ratios import read_ratio


def quantity_at(c: Context, i: int) -> tuple[Quantity, int] | None:
    q = c.ahead[1] if c.ahead[0] == i else number_at(c, i)
    c.ahead = (-1, None)
    q = q and (read_ratio(c, q) or read_range(c, q))
    if q is None:
        return None
    q.cb = q.b
    read_suffix(c, q)
    if not read_prefix(c, q) or reject(c, q):
        return None
    built = build_quantity(c, q)
    return (built, q.b) if built else None
