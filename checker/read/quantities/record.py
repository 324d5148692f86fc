"""The record one candidate number carries through the stages (``Num``).

Each stage of :func:`checker.read.quantities.scan.quantity_at` reads the record and sets the
fields it owns; no stage writes a field another stage owns, except the three noted below:

========================  =====================================================================
stage (module)            fields it sets
========================  =====================================================================
numbers (``core``,        ``a``, ``b``, ``value``, ``digits`` (constructor); ``plain``,
``digits``, ``words_*``)  ``scale``, ``ordinal``, ``vague``, ``lo``/``hi`` (vague), ``article``,
                          ``readings``, ``notes``; glued letters set ``kind``/``unit``
                          ("5%", "15kHz")
ratios, ranges            a new record: ``rng``, ``lo``/``hi``, ``year_rng``, ``unit``,
(``ratios``, ``ranges``)  merged ``readings``/``notes``
scan (``quantity_at``)    ``cb`` = ``b`` (the end of the number before words after it)
modifiers: suffix         ``kind``, ``unit``, ``mod`` (post-modifier "or more"), ``b``
                          (extended); ``value`` +0.5 for "a year and a half"
modifiers: prefix         ``p`` (start of the whole span), ``value``/``readings`` (sign),
                          ``kind``/``unit`` (currency, "percent of"), ``mod``, ``direction``,
                          ``notes`` (+ "approximate" on a range)
filters, build            read only
========================  =====================================================================

Token indexes are into :class:`~checker.read.quantities.context.Context`'s token list; spans are
half-open: the number's own tokens are ``[a, cb)``, the whole quantity ``[p, b)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True, eq=False)
class Num:
    """A number being built (see the module docstring for which stage sets which field)."""

    a: int  #: first token of the number itself
    b: int  #: one past its last token (grows as suffixes are read)
    value: float  #: the figure as written: a bound's number, a range's midpoint
    digits: bool = False  #: written with digits ("5", "½"), not in words
    cb: int = field(init=False)  #: end of the core number, before suffix words (set by scan)
    p: int = field(init=False)  #: start of the whole quantity, prefixes included
    lo: float = field(init=False)  #: low end (a range's or a vague amount's)
    hi: float = field(init=False)  #: high end
    ordinal: bool = False  #: "third", "3rd"
    vague: bool = False  #: "hundreds", "a few"
    article: bool = False  #: the "a" of "a year": a duration only after a cue (see build)
    rng: bool = False  #: a range "10-20", "between 10 and 20"
    year_rng: bool = False  #: a range of years "2023-24"
    plain: str | None = None  #: the digits, if written as a bare integer (year candidates)
    scale: float = 1.0  #: the scale word(s) multiplied in ("4 million": 1e6)
    readings: tuple = ()  #: other values the text may mean ("7.500": 7500)
    notes: tuple = ()  #: notes for rules ("continental-separator", "approximate")
    kind: str | None = None  #: percent, money, duration (cardinal/ordinal/year decided in build)
    unit: str | None = None  #: "%", a currency code, a time unit, a unit of measure
    mod: str | None = None  #: approximator or bound: about, nearly, ge, gt, le, lt, ...
    direction: str | None = None  #: "up" / "down"

    def __post_init__(self) -> None:
        self.cb, self.p = self.b, self.a
        self.lo = self.hi = self.value


def year_like(q: Num) -> bool:
    """A bare four-digit integer in 1800-2100: "2006", not "2,006" or "2006.5"."""
    return bool(q.plain) and len(q.plain) == 4 and 1800 <= q.value <= 2199
