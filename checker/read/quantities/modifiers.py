"""Stage 4, modifiers: what is written after the number (``read_suffix``: percent, currency,
time unit, "or more") and before it (``read_prefix``: sign, currency, approximator or bound,
direction). Both edit the ``Num`` in place (see ``record`` for the fields).
"""

from __future__ import annotations

from .context import Context
from .record import Num


def read_suffix(c: Context, q: Num) -> None:
    """Percent, currency word, time unit and post-modifier ("or more") after the number."""
    if q.vague or q.ordinal:
        return
    lex, toks, lows, n, j = c.lex, c.toks, c.lows, c.n, q.b
    if j < n and q.kind is None:
        if got := c.fwd(j, lex.percent):
            q.kind, q.unit, j = "percent", "%", got[0]
        elif (got := c.fwd(j, lex.cur_suf)) and not q.article and not _sign_of_next(c, got[0]):
            q.kind, q.unit, j = "money", got[1], got[0]  # "10 euros", "10 €"
        elif q.scale > 1 and lows[j] in lex.after_scale_cur and c.low(j + 1) not in lex.of_words:
            q.kind, q.unit, j = "money", lex.after_scale_cur[lows[j]], j + 1
        elif compound_hyphen(c, j) and (cur := lex.cur_suf.table.get((lows[j + 1],))):
            q.kind, q.unit, j = "money", cur, j + 2  # "a 12-cent dividend", "a one-yen bid"
        elif compound_hyphen(c, j) and lows[j + 1] in lex.hyphen_time:
            q.kind, q.unit, j = "duration", lex.hyphen_time[lows[j + 1]], j + 2  # "21-day"
        elif lows[j] in lex.time_fillers and c.low(j + 1) in lex.time and j + 1 < n:
            q.kind, q.unit, j = "duration", lex.time[lows[j + 1]], j + 2  # "five more days"
        elif lows[j] in lex.time and c.typ[j] == "w" and not _money_before(c, q):
            q.kind, q.unit, j = "duration", lex.time[lows[j]], j + 1
            half = c.fwd(j, lex.half_after)  # "a year and a half", "two hours and a half"
            if half and q.value == int(q.value):
                q.value, j = q.value + 0.5, half[0]
    got = None if q.rng else c.fwd(j, lex.post)
    if got and (toks[j] != "+" or c.glued(j)):
        k = got[0] + (got[0] < n and lows[got[0]] in lex.than_words)
        if not (k < n and (c.typ[k] == "d" or lows[k] in lex.words)):
            q.mod, j = got[1], got[0]  # but "no more than 12 and more than 194"
    q.b = j


def _money_before(c: Context, q: Num) -> bool:
    """A currency sign before the digits: "Rp3,2 miliar tahun lalu" is money "last year"
    (tahun lalu), not a duration of 3.2 billion years."""
    return bool(q.digits) and _currency_before(c, q.a) is not None


def _sign_of_next(c: Context, end: int) -> bool:
    """A currency sign ending at token ``end`` that a digit follows: "10 $30" is two amounts,
    the sign belongs to the 30."""
    return c.typ[end - 1] != "w" and end < c.n and c.typ[end] == "d"


def compound_hyphen(c: Context, j: int) -> bool:
    """Token ``j`` is the hyphen of a compound ("21-day"), also as tokenised text writes it,
    with a space on both sides ("a two - day tour", "an 18 - year - old", a time unit
    capitalised in a title: "15 - Week"); a space on one side only is a range or a minus
    sign."""
    if j + 1 >= c.n or c.toks[j] != "-" or c.typ[j + 1] != "w":
        return False
    word = c.toks[j + 1]  # a spaced compound in a title: "Defends 15 - Week Abortion Limit"
    titled = word.istitle() and c.lows[j + 1] in c.lex.hyphen_time
    return c.glued(j) == c.glued(j + 1) and (c.glued(j) or word.islower() or titled)


def direction_before(c: Context, p: int) -> str | None:
    """The change verb before token ``p``: "rose 5%", "fell by 74 points", "rose to over 9,000",
    "cut the deficit by $2 trillion" (``_object_change``)."""
    if p in c.pending:
        return c.pending[p]
    got = c.back(p - (c.low(p - 1) in c.lex.direction_skip), c.lex.dirs)
    if got is None:
        return _object_change(c, p) if c.low(p - 1) in c.lex.change_by else None
    bare = got[0] and c.lows[got[0]] in c.lex.bare_directions
    name = c.toks[got[0] - 1][:1].isupper() and got[0] - 1 > 0  # "Blackmores up 9.4 per cent"
    particle = c.low(got[0] + 1) in c.lex.change_by  # "bring prices down by 10 cents"
    if bare and c.lows[got[0] - 1] not in c.lex.be_words and not (name or particle):
        return None  # "called up 360,000"; but "shares were up 5%", "up 5%" after a comma
    return got[1]


def _object_change(c: Context, by: int) -> str | None:
    """ "reduce emissions by 0.7%", "lower the deficit by $2 trillion": a verb that changes its
    object, the object (a few lower-case words, no clause or preposition), then "by" at token
    ``by - 1``. Only the verbs of ``object_change_up/down`` count: "won the race by 5 points"
    is a margin, and a noun ("an increase in sales by 5%") is not the verb."""
    lex = c.lex
    for k in range(by - 2, max(by - 7, c.floor - 1), -1):
        w = c.lows[k]
        if w in lex.object_change:
            return lex.object_change[w] if k < by - 2 else None
        if c.typ[k] != "w" or not c.toks[k].islower() or w in lex.object_stops:
            return None
    return None


def _moves_up(c: Context, k: int, particle: str) -> bool:
    """Is token ``k`` a verb of movement (``movement_verbs``) or of rising before "up to"
    ("went up to", "inching back up to", "edged up to"; not "cut up to")? ``particle`` is the
    bound's first word ("up"): "edged" + "up" is a rise."""
    w = c.low(k)
    table = c.lex.dirs.table
    return w in c.lex.movement_verbs or table.get((w,)) == "up" or (w, particle) in table


def read_prefix(c: Context, q: Num) -> bool:
    """Sign, currency, "between", approximator or bound, and direction before the number."""
    lex, toks, p = c.lex, c.toks, q.a
    sign = p - 1 >= c.floor and toks[p - 1] in ("-", "−") and c.glued(p)
    sign = sign and (not c.glued(p - 1) or toks[p - 2] in ("<", ">", "=", "(", "["))  # "<-30"
    loose = p < 2 or c.typ[p - 2] != "d" or q.kind == "percent"  # "CAC 40 -1.7%", not "3 -1"
    acronym = p >= 2 and c.typ[p - 2] == "w" and len(toks[p - 2]) > 1 and toks[p - 2].isupper()
    if sign and acronym and q.kind is None and q.plain and not c.glued(p - 1):
        return False  # "SARS -2", "MH -17": a code with a stray space, not minus 19
    if sign and q.digits and not q.rng and not q.ordinal and loose:
        q.value, q.readings, p = -q.value, tuple(-x for x in q.readings), p - 1
        if q.kind == "percent":
            q.direction = "down"  # "CAC -1.7%", as "+5%" is up
    elif not (q.rng or q.ordinal or q.vague) and q.value > 0:
        k = p - 1 - (toks[p - 1] == "-" and c.glued(p) and c.glued(p - 1))  # "minus-5"
        neg = k >= c.floor and c.lows[k] in lex.negators and (k == p - 1 or c.glued(k + 1))
        if neg and c.back(p, lex.mods) is None:  # "minus 5", but French "au moins 7 500"
            q.value, q.readings, p = -q.value, tuple(-x for x in q.readings), k
    if p - 1 >= c.floor and toks[p - 1] == "+" and c.glued(p):
        if q.kind != "percent":
            return False  # "+44 20 ...": a phone number
        q.direction, p = "up", p - 1
    if q.kind is None and not (q.ordinal or q.vague) and (pre := _percent_of(c, p)) is not None:
        q.kind, q.unit, p = "percent", "%", pre  # "percent of 10": the rate named first
    if q.digits and q.kind in (None, "money") and not q.ordinal and (got := _currency_before(c, p)):
        q.kind, q.unit, p = "money", got[1], got[0]
    elif (
        q.digits
        and toks[p - 1] in lex.mangled_currency
        and c.glued(p)
        and q.kind is None
        and (q.scale > 1 or q.plain is None or len(q.plain) >= 3)
    ):  # "PS6m", "PS21,700": a "£" lost in encoding (but "PS5" is a games console)
        q.kind, q.unit, p = "money", lex.mangled_currency[toks[p - 1]], p - 1
    if q.rng and (c.low(p - 1) in lex.range_between or c.low(p - 1) in lex.range_from):
        p -= 1
    if q.rng and (got := c.back(p, lex.mods)) and got[1] in ("about", "nearly"):
        if not (c.lows[got[0]] in lex.about_words and c.low(got[0] - 1) in lex.about_blockers):
            p, q.notes = got[0], (*q.notes, "approximate")  # "about 2000 - 2500": still a range
    elif not (q.rng or q.vague or q.ordinal):
        got = c.back(p, lex.mods)
        attributive = compound_hyphen(c, q.cb)  # "over a 75-year period": when, not a bound
        if got is None and not attributive and (fill := c.back(p, lex.fillers)):
            got = c.back(fill[0], lex.mods)  # "nearly a total of 2.3 million"
        if got and c.lows[got[0]] in lex.about_words and c.low(got[0] - 1) in lex.about_blockers:
            got = None  # "talking about one pause"
        odd = got and toks[got[0]] in ("<", ">") and got[0] > 0 and c.glued(got[0])
        if odd and toks[got[0] - 1] in ("<", "=", ">"):
            return False  # "<>30", "=>30": not a comparison we read
        up_to = got and tuple(c.lows[got[0] : p]) in lex.up_to.table
        if up_to and _moves_up(c, got[0] - 1, c.lows[got[0]]):
            q.direction, got = "up", None  # "inching back up to 4.8 percent": a move, not a cap
        if got is None and not attributive and (apart := c.back(p, lex.mods_apart)):
            q.mod = q.mod or apart[1]  # "under the age of 18": a bound; the words stay outside
        if got:
            q.mod, p = q.mod or got[1], got[0]
            money = q.digits and q.kind in (None, "money") and (cur := _currency_before(c, p))
            if money:  # "$less than 3200", "Rs more than 2 million": the sign before the bound
                q.kind, q.unit, p = "money", q.unit or cur[1], cur[0]
    collected = q.kind == "money" and c.low(p - 1) in lex.collect_verbs  # "raised $80 million"
    q.direction, q.p = q.direction or (None if collected else direction_before(c, p)), p
    return True


def _currency_before(c: Context, p: int) -> tuple[int, object] | None:
    """The currency written just before token ``p``.

    Letters before a sign name a currency only as written: "A$5", "US$5", "Rs 5", never the
    article in "a $42 million renovation" (read as "$" alone), and a lone capital must be
    glued to its sign ("A $42 million" opening a sentence is "$").
    """
    got = c.back(p, c.lex.cur_pre)
    if got is None:
        return None
    for k in range(got[0], p - 1):
        article = c.toks[k].islower() or (len(c.toks[k]) == 1 and not c.glued(k + 1))
        if c.typ[k] == "w" and c.typ[k + 1] == "p" and article:
            sign = c.lex.cur_pre.table.get((c.lows[p - 1],))
            return (p - 1, sign) if sign is not None else None
    return got


def _percent_of(c: Context, p: int) -> int | None:
    """Start of "percent of" / "per cent of" just before token ``p``, when no number leads it.

    "per cent of 210" is 210%; "20 per cent of 210" is left to the 20, and "a percent of" or
    "the percentage of" (a share, not a rate) are not read this way.
    """
    if c.low(p - 1) not in c.lex.of_words or not (got := c.back(p - 1, c.lex.percent)):
        return None
    k = got[0] - 1
    if k >= c.floor and (c.typ[k] != "p" or c.toks[k] == "%"):
        return None  # "20 percent of 210", "the percentage of 40", "a percent of"
    return got[0]
