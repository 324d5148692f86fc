"""Tokens and the language-neutral marks the scanner reads: one linear regex (``TOKEN``)
cuts text into digit runs, letter runs and single symbols; the sets here are symbols
(dashes, sentence starts, code separators), glued scale letters and vulgar fractions.
"""

from __future__ import annotations

import re

INF = float("inf")


TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+|\S")


URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


MONTH_NAMES = (None, "January", "February", "March", "April", "May", "June", "July")


MONTH_NAMES += ("August", "September", "October", "November", "December")


GLUED_SCALES = {"m": 1e6, "b": 1e9, "t": 1e12, "mm": 1e6}  # "£5m", "$2b", "$2.1T", "$3MM"


DASHES = {"-", "–", "—"}


SENTENCE_STARTS = set(".!?\"“”‘’'([:;—–-…«»*•|")


CODE_SEPS = set("/:#@_'’&=\\")


VULGAR_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅖": 0.4}


VULGAR_FRACTIONS |= {"⅗": 0.6, "⅘": 0.8, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 0.125, "⅜": 0.375}


VULGAR_FRACTIONS |= {"⅝": 0.625, "⅞": 0.875}
