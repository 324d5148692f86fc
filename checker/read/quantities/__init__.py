"""Find the quantities in news text and read each one as an interval.

This is a hand-written scanner, not a pile of regexes. One linear regex cuts
the text into tokens (digit runs, letter runs, single symbols); everything
after that walks the token list with bounded look-ahead and look-back. That
keeps it fast (~15,000 NewsQuant sentences a second, quantulum3 manages ~400) and
safe: nothing can backtrack, so "1,"*10000 or "more than "*5000 cost the same
per character as prose.

Stages, run by ``scan.quantity_at`` for each candidate token (one module each):

1. **tokenise** (``context.Context``): tokens with offsets into the ORIGINAL text;
   ``glued(i)`` says token *i* touches the one before it (no whitespace).
2. **numbers** (``number_at``): digits with the language's separators, number
   words, vague amounts ("hundreds"), ordinals, scale words after them, also after
   digits ("4 thousand 3 hundred and 21", "3 cent un"); fractions ("two thirds",
   "3/4", "2 1/4", "½", "un demi", "media docena", "two thirds of a million"), with
   any ordinal as denominator ("three twenty-firsts", "trois vingt-et-unièmes",
   "tres veintiunavos", "dosmilésimos": ``ordinal_denominator``,
   ``_intl_ordinal_fraction``); decimals in words ("five point five", "siete coma
   cinco"), powers of ten ("1.3e6", "1.99×10−30"), ".500", and a unit glued to
   the digits ("15kHz", "640bhp"); dozens of the units after a hundred ("four hundred
   and three dozen" = 436), a scale multiplying a smaller one ("five lakh crore"), a
   fraction before a scale ("two billion and a half million", "two thirds million"),
   a letter scale after a number written with a separator ("4.75 k", "2,310.5 M",
   "US$ 3MM"; never "5 k", "4.5 G").
3. **ratios and ranges** (``read_ratio``, ``read_range``): "one in three", "a one-in-three
   chance" (1/3), "10-20", "between 10 and 20", "between minus 5 and 5", "two or three",
   "five per cent to 20 per cent", "between 20 mg and 40 mg"; "5: 2: 1" gives each term;
   "$20 or $50" (the sign written twice) is two amounts.
4. **modifiers** (``read_suffix``, ``read_prefix``): percent, currency and time unit
   after; sign ("-5", "minus 5", "minus-5"), currency, "per cent of" with no
   number before it ("per cent of 210" is 210%), approximator or bound ("more
   than half"), a currency sign before the bound ("$less than 3200"), and direction
   before.
5. **filters** (``reject``): names and codes ("F-16", "Boeing 737", "SARS -2"),
   times of day, phone numbers, references ("No. 5"), the pronoun "one"; a unit after
   the number keeps a name before it from making it a model ("Peter 4 yrs ago").
6. **kind and interval** (``build_quantity``): percent > money > duration > ordinal >
   year > cardinal; widths come from ``Semantics``, never from here. A bare
   count's ``unit`` is what it counts ("22 goals" -> "goals"), if a plural
   noun follows within three words.
7. **joins** (``extract_quantities``): "more than 100 and less than 300" and "from 700
   euros up to 1,500 euros" are one range; "up 0.25 points, or 0.01%" and "up 4.1%,
   Imports by 2.2%" give the second figure the same direction; a bound restated in
   parentheses ("more than 40 million rupees (US$480,000)") stays a bound.

Dates are tried first (``date_at``): "Oct. 1", "7 October", "Oct 7, 2023",
"2023-10-07". Their ``value`` is the day of the month, or ``date.toordinal()``
when the year is written; ``unit`` is the month's English name.

``value`` is the figure as written: the number for a bound ("at least 51"),
the midpoint for a range ("10-20" -> 15), the low end for a vague amount
("hundreds" -> 200). An approximator on a range ("about 14-18") joins its span
and adds the note ``"approximate"``; the interval stays the range. On a vague
amount it is ignored.

Word lists live in ``checker/lang/<code>/numbers.yaml``, one folder per language (see
``checker/lang/README.md``), read once, lazily; the grammar reads keys, never a language's
name. Unit sizes, the same in every language, are in ``checker/lang/units.yaml``. A language
without a folder is not read at all (``UnsupportedLanguageWarning``), never as English.

Modules (each one job; imports run one way, top to bottom):

=============  ==============================================================================
``tokens``     the token regex and language-neutral symbol sets
``tables``     a language's word tables (``Lang``), loaded from ``checker/lang``
``record``     ``Num``, the record a candidate carries through the stages
``context``    ``Context``: the token view of one text and the scan state between stages
``decimals``   decimals in words ("five point five")
``words_en``   number words, ordered grammar (English)
``words_intl`` number words, additive grammar (fr, de, es, id, pt, nl)
``units``      units of measure at a token; ``unit_size``, ``unit_length``
``digits``     numbers in digits, separators, scale words and letters after them
``core``       stage 2: the number at a token (digits, words, vague amounts, fractions)
``modifiers``  stage 4: suffix and prefix words
``ratios``     stage 3: ratios
``ranges``     stage 3: ranges
``filters``    stage 5: ``REJECTS``, the named predicates that drop names, codes, times...
``build``      stage 6: kind, interval, counted noun, rate
``dates``      dates (tried first)
``scan``       the stages for one candidate (``quantity_at``)
``joins``      stage 7: joins between neighbouring quantities
``__init__``   the public API: ``extract_quantities``, ``parse_number``, ``unit_size``,
               ``unit_length``
=============  ==============================================================================
"""

from __future__ import annotations

import warnings

from checker.core.model import Quantity
from checker.core.settings import DEFAULT_SEMANTICS, Semantics
from checker.lang import UnsupportedLanguageWarning, supported_languages

from .context import Context
from .core import number_at
from .dates import date_at
from .joins import from_up_to, join_bounds, same_change
from .scan import quantity_at
from .tables import lang_tables
from .tokens import VULGAR_FRACTIONS
from .units import unit_length, unit_size

__all__ = [
    "UnsupportedLanguageWarning",
    "extract_quantities",
    "parse_number",
    "unit_length",
    "unit_size",
]


#: Tests set this so that a crash on one candidate raises instead of skipping it.
_STRICT = False


def _unsupported(lang: str) -> None:
    warnings.warn(
        f"no number data for language {lang!r}: its figures are not read "
        f"(supported: {', '.join(sorted(supported_languages()))}; see checker/lang/README.md)",
        UnsupportedLanguageWarning,
        stacklevel=3,
    )


def extract_quantities(
    text: str, lang: str = "en", semantics: Semantics | None = None
) -> list[Quantity]:
    """All quantities in ``text``, sorted by ``start`` and non-overlapping.

    ``low``/``high`` are what the words allow, with widths from ``semantics``
    (default ``DEFAULT_SEMANTICS``); offsets point into ``text`` itself. See
    the module docstring for ``value`` of ranges, vague amounts and dates.
    Never raises on a ``str``: a candidate that trips a bug is skipped. A language without
    number data (``checker.lang.supported``) gives no quantities and an
    ``UnsupportedLanguageWarning``: it is never read as English.
    """
    if not text:
        return []
    lex = lang_tables(lang)
    if lex is None:
        _unsupported(lang)
        return []  # never read as English
    c = Context(text, lex, semantics or DEFAULT_SEMANTICS)
    anchors, vfirst, typ, lows, split = c.lex.anchors, c.vfirst, c.typ, c.lows, c.lex.split
    out: list[Quantity] = []
    i = 0
    while i < c.n:
        w = lows[i]
        cand = typ[i] == "d" or typ[i] == "w" and (w in anchors or w in vfirst or split(w))
        if cand or w in VULGAR_FRACTIONS:
            try:
                got = None if c.in_url(i) else date_at(c, i) or quantity_at(c, i)
            except Exception:
                if _STRICT:
                    raise
                got = None
            if got:
                merged = out and (
                    join_bounds(text, out[-1], got[0], c.lex)
                    or from_up_to(text, out[-1], got[0], c.lex)
                )
                if merged:
                    out[-1] = merged
                else:
                    out.append(same_change(text, out[-1], got[0], c.lex) if out else got[0])
                c.floor = i = got[1]
                continue
        i += 1
    return out


def parse_number(text: str, lang: str = "en") -> float | None:
    """The number ``text`` spells, or None: "3,500", "fifty-four", "4.2 million", "a dozen"."""
    lex = lang_tables(lang)
    if lex is None:
        _unsupported(lang)
        return None
    try:
        c = Context(text, lex, DEFAULT_SEMANTICS)
        neg = c.n > 1 and c.toks[0] in ("-", "−") and c.glued(1)
        q = number_at(c, int(neg)) if c.n else None
        if q is None or q.vague or q.article or q.b != c.n:
            return None
        return -q.value if neg else q.value
    except Exception:
        if _STRICT:
            raise
        return None
