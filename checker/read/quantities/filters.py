"""Stage 5, filters: numbers that are names, codes, times, references or pronouns, not
amounts. ``REJECTS`` is the ordered tuple of named predicates ``reject`` tries; each takes
(Context, Num) and says True to drop the number.
"""

from __future__ import annotations

import re

from .build import negated
from .context import Context
from .record import Num, year_like
from .tokens import CODE_SEPS, SENTENCE_STARTS
from .words_en import periods_counted

_CLOCK_DOT = re.compile(r"[0-9]{1,2}\.[0-5][0-9]")  # "7.30 pm"


def _title_case(c: Context, i: int) -> bool:
    words = [t for t in c.toks[max(0, i - 6) : i + 6] if len(t) > 3 and t[0].isalpha()]
    return len(words) >= 3 and sum(t[0].isupper() for t in words) >= 0.75 * len(words)


def _proper_before(c: Context, a: int) -> bool:
    """A capitalised word, not sentence-initial, right before: "Boeing 737", "Air Force One"."""
    k, lex = a - 1, c.lex
    if k < 0 or c.typ[k] != "w" or not c.toks[k][0].isupper() or c.lows[k] in lex.function_words:
        return False
    w = c.lows[k]
    if w in lex.months or w in lex.reference_words or (w,) in lex.mods.table:
        return False
    if k == 0 or c.toks[k - 1] in SENTENCE_STARTS or "\n" in c.text[c.en[k - 1] : c.st[k]]:
        return False  # "In 2006", "About 200" at the start of a sentence or line
    return not _title_case(c, a)


def _cued_year(c: Context, k: int) -> bool:
    """Token ``k`` is a four-digit year after a cue word ("in 2023", "since 1998")."""
    t = c.toks[k] if 0 <= k < c.n else ""
    cue = c.lows[k - 1] if k > 0 else ""  # not c.low: the year may lie behind the floor
    ascii_digits = len(t) == 4 and t.isascii() and t.isdigit()  # "²⁰²⁴".isdigit() too
    return ascii_digits and 1800 <= int(t) <= 2100 and cue in c.lex.year_cues


def _address(c: Context, a: int, e: int) -> bool:
    """Capitalised words then a street word after a number, or a postcode word. A house number
    takes no determiner, so a year after one is a year before a name: "a 2007 Supreme Court
    ruling", "the 2010 Court of Appeals decision"."""
    lex = c.lex
    if e < c.n and c.lows[e] in lex.postcode_words:
        return True
    t = c.toks[a]
    year = e == a + 1 and len(t) == 4 and t.isdigit() and t[:2] in ("18", "19", "20")
    if year and c.low(a - 1) in lex.ordinal_determiners:
        return False
    for j in range(e, min(e + 3, c.n)):
        if c.typ[j] != "w" or not c.toks[j][0].isupper():
            return False
        if c.lows[j] in lex.street_words:
            return True
    return False


def _unit_after(c: Context, q: Num, nouns: bool) -> bool:
    """Is the number followed by a unit ("4 yrs", "3 kg"), or with ``nouns`` a plural noun
    ("80 lines")? Then the word before it does not make it a model name or a reference."""
    e, lex = q.cb, c.lex
    if q.kind or q.unit is not None or e >= c.n or c.typ[e] != "w" or not c.toks[e][0].islower():
        return bool(q.kind or q.unit)
    w = c.lows[e]
    unit = w in lex.time or w in lex.measure_suffixes and len(w) > 1 or w in lex.multipliers
    return unit or nouns and c.count_noun(e)


def _double_object(c: Context, a: int) -> bool:
    """ "gave Maria 3 tickets", "told Reuters 14 people": a verb that takes two objects, then a
    name, then the number; a plural noun after it then makes the number a count."""
    return c.low(a - 2) in c.lex.double_object_verbs


def _adverb_first(c: Context, a: int) -> bool:
    """ "was first proposed", "CNN first reported", "since first taking office": "first" as an
    adverb, before a participle and after no determiner ("the first elected mayor" is a rank)."""
    lex = c.lex
    if c.lows[a] not in lex.adverb_ordinals or c.low(a - 1) in lex.ordinal_determiners:
        return False
    if a + 1 >= c.n:
        return False
    w = c.toks[a + 1]
    if w in lex.irregular_past:  # "Kelly first began lobbying", "they first met in 2010"
        return True
    if len(w) < 5 or not w.islower() or w in lex.words:  # "the first hundred days"
        return False
    if w.endswith("ed") and not w.endswith("eed"):  # not "first speed"
        return True
    return w.endswith("ing") and c.low(a - 1) in lex.gerund_cues  # not "first meeting"


def _capitalised_after(c: Context, e: int) -> bool:
    """A capitalised word (not a month) right after an ordinal word, outside a title-case
    headline: "Second Amendment", "First Lady", "Fifth Circuit" are names, not ranks. A
    nationality or party before a common noun is an adjective: "Third Israeli soldier killed",
    "Second American hostage freed" count."""
    if e >= c.n or c.typ[e] != "w" or not c.toks[e][0].isupper() or c.lows[e] in c.lex.months:
        return False
    adjective = c.lows[e].endswith(tuple(c.lex.adjective_endings))
    if adjective and e + 1 < c.n and c.typ[e + 1] == "w" and c.toks[e + 1].islower():
        return False
    return not _title_case(c, e)


def _dotted_reference(c: Context, a: int) -> bool:
    """A dotted abbreviation that names a reference right before token ``a``: "No. 5", "H.R.
    3684", "S. 2155" (but not the "S." of "U.S. 30", which is part of a longer one)."""
    if a < 2 or c.toks[a - 1] != "." or not c.glued(a - 1):
        return False
    k = a - 2
    while k > 0 and c.glued(k) and (c.typ[k - 1] == "w" or c.toks[k - 1] == "."):
        k -= 1
    return "".join(c.lows[k:a]) in c.lex.dotted_references


# Each predicate takes (Context, Num) and returns True to drop the number. They are tried in
# the order of the tuples below, the first True wins (yamllint/SQLFluff style); the order
# matters where a later one assumes an earlier one passed.


def in_url_or_article(c: Context, q: Num) -> bool:
    """Inside a URL, or the bare article of "a year later" (kept only for a duration).

    >>> "see example.com/2023/10" -> nothing
    """
    return c.in_url(q.a) or q.article and q.kind != "duration"


def base_of_rate(c: Context, q: Num) -> bool:
    """The base of a rate, after a word of ``rate_base_words``: "20.1 per 100,000 births"
    (the 100,000 is not an amount)."""
    return c.low(q.p - 1) in c.lex.rate_base_words


def fraction_word_after(c: Context, q: Num) -> bool:
    """A fraction word after the count: "two thirds", "Two-thirds" (read as a fraction
    elsewhere), unless the fraction words count periods ("the past two quarters")."""
    e, n = q.cb, c.n
    f = e + (e < n and c.toks[e] == "-" and c.glued(e) and c.glued(e + 1))
    return (
        f < n and c.lows[f] in c.lex.fractions and not q.ordinal and not periods_counted(c, q.a, f)
    )


def glued_code(c: Context, q: Num) -> bool:
    """Digits glued to letters or a code sign before them: "G7", "MH17", "9/11", "10:30", "#5",
    "'90s", "F-16", "COVID-19", "No.5", the 1 of a failed range "3-1" (but "mid-2024")."""
    toks, typ, a = c.toks, c.typ, q.a
    if not (a > 0 and c.glued(a) and q.p == a and a >= c.chain):
        return False
    if toks[a - 1] in ("'", "’") and _opening_quote(c, q):
        return False  # "'1 In 4 Odds'": a quotation opens, no "'90s"
    if typ[a - 1] == "w" or toks[a - 1] in CODE_SEPS:
        return True
    joined = toks[a - 1] in ("-", ".", "–") and a > 1 and c.glued(a - 1)
    prefix = c.lows[a - 2] not in c.lex.hyphen_prefixes
    return joined and (typ[a - 2] == "d" or typ[a - 2] == "w" and prefix)


def _opening_quote(c: Context, q: Num) -> bool:
    """An apostrophe that opens a quotation before the figure: at the start, or after a
    space, and not the two digits of an elided year ("'90s", "in '24")."""
    a = q.a
    starts = a - 1 == 0 or not c.glued(a - 1)
    return starts and len(c.toks[a]) != 2


def _spaced_dash(c: Context, a: int) -> bool:
    return a > 1 and c.toks[a - 1] == "-" and not (c.glued(a) or c.glued(a - 1))


def spaced_acronym_code(c: Context, q: Num) -> bool:
    """ "COVID - 19", "MH - 17": a code in tokenised text (an upper-case acronym, a spaced
    dash, a bare integer)."""
    a, toks = q.a, c.toks
    acronym = _spaced_dash(c, a) and c.typ[a - 2] == "w" and len(toks[a - 2]) > 1
    acronym = acronym and toks[a - 2].isupper()
    return bool(acronym and q.p == a and q.plain and not q.kind)


def spaced_name_code(c: Context, q: Num) -> bool:
    """ "Covid - 19": a name and its number (but "Level - 1 graduates": a unit or noun after)."""
    a, lex = q.a, c.lex
    named = _spaced_dash(c, a) and c.typ[a - 2] == "w" and c.toks[a - 2][0].isupper()
    named = named and c.lows[a - 2] not in lex.months and c.lows[a - 2] not in lex.function_words
    return bool(named and q.p == a and q.plain and not q.kind and not _unit_after(c, q, True))


def code_sign_after(c: Context, q: Num) -> bool:
    """A code sign glued after the digits ("10:30", "5/7", "12_3"), not a feet mark
    ("a ceiling of 12' in"), a rate "100km/hr" or a term of "3:2:1"."""
    toks, e, n = c.toks, q.cb, c.n
    per = q.unit is not None and toks[e : e + 1] == ["/"]
    feet = e < n and toks[e] in ("'", "’") and (e + 1 >= n or c.typ[e + 1] == "p")
    feet = feet or e < n and toks[e] in ("'", "’") and not c.glued(e + 1)
    code = e < n and c.glued(e) and toks[e] in CODE_SEPS and not feet
    return bool(code and not (q.kind or per or q.a < c.chain))


def time_of_day(c: Context, q: Num) -> bool:
    """ "3 pm", "10 o'clock", "7.30 pm" (``clock_words``), "3 p.m." (``clock_dotted``)."""
    a, e, lex = q.a, q.cb, c.lex
    clock = q.plain or _CLOCK_DOT.fullmatch(c.toks[a]) is not None and a + 1 == q.cb
    if clock and q.value <= 24 and c.low(e) in lex.clock_words:
        return True
    return bool(q.plain and q.value <= 24 and c.fwd(e, lex.clock_dotted))


def reference(c: Context, q: Num) -> bool:
    """ "No. 5", "resolution 1701", "page 5": a reference word or dotted abbreviation before;
    but "to type 80 lines" (a verb and its object) and "won the title 3 times" count."""
    a = q.a
    verb = c.low(a - 2) in c.lex.verb_markers and c.lows[a - 1].islower()
    verb = verb and _unit_after(c, q, True)
    verb = verb or _unit_after(c, q, False)
    refword = q.p == a and c.low(a - 1) in c.lex.reference_words and not verb
    return _dotted_reference(c, a) or refword


def identifier(c: Context, q: Num) -> bool:
    """Ids and phone numbers: nine digits or more that are not round ("-123456789012", but "an
    amount of 300000000"), or a leading zero ("007")."""
    plain = q.plain or ""
    long = len(plain) >= 9 and q.value > 0 and q.kind is None and not plain.endswith("0000")
    return bool(q.plain and (long or len(plain) > 1 and plain[0] == "0"))


def numbers_side_by_side(c: Context, q: Num) -> bool:
    """Bare numbers side by side are codes: "+44 20 7946 0958"; but a scale word makes a number
    no code ("5000 2 hundred") and a year after its cue is none ("In 2023 100 people died")."""
    a, e, typ, n = q.a, q.cb, c.typ, c.n
    if not (q.plain and q.p == a and q.unit is None and q.scale == 1):
        return False
    side = a and typ[a - 1] == "d" or e < n and typ[e] == "d" and c.low(e + 1) not in c.lex.scales
    return bool(side) and not (_cued_year(c, a) or a and _cued_year(c, a - 1) or _cued_year(c, e))


def address(c: Context, q: Num) -> bool:
    """ "575 Wilbraham Road", "16-18 Industrial Avenue", "90049 ZIP code"."""
    return q.p == q.a and not q.kind and q.unit is None and _address(c, q.a, q.cb)


def model_name(c: Context, q: Num) -> bool:
    """A capitalised word before a bare number: "Boeing 737"; but "Leerzeichen 74 Zeichen"
    (German capitalises nouns), "Peter 4 yrs ago", "told Reuters 14 people", "Fortune 500 firms"."""
    a, e, n = q.a, q.cb, c.n
    bare = q.p == a and not q.kind and q.scale == 1 and not year_like(q) and q.unit is None
    noun = c.lex.noun_caps and e < n and c.typ[e] == "w" and c.toks[e][0].isupper()
    return (
        bare and not noun and not _unit_after(c, q, _double_object(c, a)) and _proper_before(c, a)
    )


def _word_context(c: Context, q: Num) -> tuple[str, str, str]:
    """The number's first word, the token before it and the one after it ("." at the end)."""
    e = q.cb
    return c.lows[q.a], c.low(q.a - 1), c.lows[e] if e < c.n else "."


def fraction_not_rank(c: Context, q: Num) -> bool:
    """ "a third of", "about a third are": a fraction, read elsewhere; "a third term" is a rank."""
    a, e, n = q.a, q.cb, c.n
    w, before, after = _word_context(c, q)
    lex = c.lex
    frac = q.ordinal and e == a + 1 and w in lex.fractions
    frac = frac and (before in lex.words or before in lex.article_numbers)
    no_noun = after in lex.noun_stops or after in lex.one_pronoun_after or e == n or c.typ[e] == "p"
    return bool(frac and no_noun)


def hyphenated_fraction(c: Context, q: Num) -> bool:
    """ "one-third": the ordinal is the denominator of a fraction."""
    a = q.a
    if not (q.ordinal and c.low(a - 1) == "-" and c.glued(a) and a > 1):
        return False
    return c.lows[a - 2] in c.lex.words


def ordinal_idiom(c: Context, q: Num) -> bool:
    """An ordinal in a set phrase, not a rank (``ordinal_phrases_before``/``_after`` and
    ``ordinal_idioms``): "at first", "first of all", "the second to last", "second-guess",
    "second nature", "first-hand"."""
    if not q.ordinal:
        return False
    a, e, n, lows, lex = q.a, q.cb, c.n, c.lows, c.lex
    w, before, _ = _word_context(c, q)
    if before in lex.ordinal_phrases_before.get(w, ()):
        return True
    if " ".join(lows[e : e + 2]) in lex.ordinal_phrases_after.get(w, ()):
        return True
    if " ".join(lows[e : e + 2]) in lex.ordinal_phrases_after.get("*", ()):
        return True
    g = e + (e < n and c.toks[e] == "-" and c.glued(e) and c.glued(e + 1))
    return e == a + 1 and g < n and lows[g] in lex.ordinal_idioms.get(w, ())


def adverb_first(c: Context, q: Num) -> bool:
    """ "was first proposed in 2008": when it happened, not a rank."""
    return q.ordinal and q.cb == q.a + 1 and _adverb_first(c, q.a)


def ordinal_name(c: Context, q: Num) -> bool:
    """ "the Second Amendment", "First Lady": a capitalised ordinal before a capitalised word."""
    a = q.a
    return q.ordinal and c.typ[a] == "w" and c.toks[a][0].isupper() and _capitalised_after(c, q.cb)


def name_in_words(c: Context, q: Num) -> bool:
    """ "Air Force One": a capitalised number word after a capitalised word."""
    return c.toks[q.a][0].isupper() and q.p == q.a and _proper_before(c, q.a)


def inside_compound(c: Context, q: Num) -> bool:
    """ "production-four-door": a number word inside a hyphenated compound."""
    a, toks, lex = q.a, c.toks, c.lex
    inside = a > 1 and toks[a - 1] == "-" and c.glued(a) and c.glued(a - 1) and c.typ[a - 2] == "w"
    return inside and c.lows[a - 2] not in lex.words and c.lows[a - 2] not in lex.hyphen_prefixes


def pronoun_one(c: Context, q: Num) -> bool:
    """The pronoun "one" (``pronoun_numbers``): "no one", "the one who", "one for ...",
    "one-off", "if one won't pass", "... had one."."""
    a, e, n = q.a, q.cb, c.n
    w, before, after = _word_context(c, q)
    lex = c.lex
    if w not in lex.pronoun_numbers or e != a + 1 or q.p != a or q.kind:
        return False
    hyphen = after == "-" and c.glued(e)
    verb = after in lex.one_pronoun_after or negated(c, e)
    if before in lex.one_pronoun_before or verb or hyphen:
        return True
    return c.typ[e] == "p" if e < n else False


#: Tried for every number, first.
REJECTS_ANY = (in_url_or_article, base_of_rate, fraction_word_after)
#: Tried for a number written with digits.
REJECTS_DIGITS = (
    glued_code, spaced_acronym_code, spaced_name_code, code_sign_after, time_of_day, reference,
    identifier, numbers_side_by_side, address, model_name,
)  # fmt: skip
#: Tried for a number written in words, in a language whose data sets ``word_filters``.
REJECTS_WORDS = (
    fraction_not_rank, hyphenated_fraction, ordinal_idiom, adverb_first, ordinal_name,
    name_in_words, inside_compound, pronoun_one,
)  # fmt: skip


def reject(c: Context, q: Num) -> bool:
    """Numbers that are names, codes, times, references, fractions or pronouns, not amounts."""
    for rule in REJECTS_ANY:  # plain loops: this runs for every candidate number
        if rule(c, q):
            return True
    if not (q.digits or c.lex.word_filters):
        return False
    for rule in REJECTS_DIGITS if q.digits else REJECTS_WORDS:  # noqa: SIM110 (speed)
        if rule(c, q):
            return True
    return False
