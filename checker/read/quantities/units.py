"""Units of measure: the unit written at a token ("feet", "sq ft", "km/h") by its one name,
and the public ``unit_size`` / ``unit_length`` (neutral unit sizes, ``lang/units.yaml``).
"""

from __future__ import annotations

from collections.abc import Sequence

from .context import Context
from .modifiers import compound_hyphen
from .tables import load_tables, unit_sizes
from .tokens import DASHES


def unit_name(c: Context, k: int) -> str | None:
    """The unit of measure written at token ``k`` ("feet", "sq ft", "km/h", the "-inch" of
    "6.1-inch", also spaced: "a 30 - foot wall"), by its one name in the lexicon, so that
    "metres" and "meters" agree."""
    glued = k + 1 < c.n and c.toks[k] in DASHES and c.glued(k) and c.glued(k + 1)
    if glued or compound_hyphen(c, k):
        k += 1
    got = unit_at(c, k)
    return got[0] if got else None


def unit_at(c: Context, k: int, glued: bool = False) -> tuple[str, int] | None:
    """The longest unit phrase at token ``k`` as (name, end token); ``glued``: no spaces in it."""
    units = c.lex.units
    if k >= c.n or c.lows[k] not in units.first:
        return None
    for size in range(min(units.max, c.n - k), 0, -1):
        if glued and not all(c.glued(x) for x in range(k + 1, k + size)):
            continue
        name = units.table.get(tuple(c.lows[k : k + size]))
        if name:
            return name, k + size
    return None


def unit_size(unit: str | None) -> tuple[float, str] | None:
    """How many of its base unit a unit of measure is ("foot" -> (0.3048, "metre")), or None
    for a counted noun, a currency or an unknown unit: what can be converted to compare."""
    return unit_sizes().get(unit) if unit else None


def unit_length(words: Sequence[str]) -> int:
    """How many of ``words`` (lower-cased tokens) the longest written unit at their start
    takes ("inches of rain" -> 1, "square feet of" -> 2, "rain" -> 0): where what a measure
    is of begins ("12 inches of rain", "24.5 cubic feet of storage")."""
    units = load_tables("en").units
    for size in range(min(units.max, len(words)), 0, -1):
        if tuple(words[:size]) in units.table:
            return size
    return 0
