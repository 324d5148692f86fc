"""One person, two offices: "Foreign Minister Blinken" beside "Secretary of State Antony Blinken".

Machine translation turns an office into its literal equivalent in another
system (Indonesian *Menteri Luar Negeri* becomes "Foreign Minister" for the US
Secretary of State). We find "<office> <Capitalised Name>" with the rule's list
of offices, key people by surname (keeping apart people whose first names
differ), and report a person given offices that the rule does not list as the
same office.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ...core.model import Evidence
from ...core.settings import RuleSetting
from ..base import Context, Hit, Rule, describe

SCOPE = "corpus"
SETTINGS = {
    "titles": RuleSetting(
        list, [], "offices to look for before a name, in any case", items="text", max_items=1000
    ),
    "same_office": RuleSetting(
        list, [], "groups of titles that name the same office", items="texts", max_items=1000
    ),
    "particles": RuleSetting(
        list,
        ["bin", "al", "de", "van", "von", "da", "di", "ibn"],
        "lower-case name parts",
        items="text",
        max_items=100,
    ),
    "max_evidence": RuleSetting(int, 4, "mentions quoted per finding", min=1, max=100),
}
SITUATIONS = ("default",)
BLANKS = frozenset(["person", "titles", "title_a", "title_b", "source_a", "source_b"])


@dataclass(frozen=True)
class Mention:
    doc: str
    start: int
    end: int
    text: str
    office: str
    written: str
    first: str | None
    surname: str


@lru_cache(maxsize=32)
def _pattern(titles: tuple[str, ...], particles: tuple[str, ...]) -> re.Pattern:
    alts = "|".join(
        re.escape(t).replace(r"\ ", r"\s+") for t in sorted(titles, key=len, reverse=True)
    )
    part = "|".join(re.escape(p) for p in particles) or "(?!)"
    cap = r"[A-Z][\w’'\-]*[a-z][\w’'\-]*"
    name = rf"{cap}(?:\s+(?:(?:{part})\s+)?{cap}){{0,3}}"
    return re.compile(rf"\b(?i:(?P<title>{alts}))\s+(?P<name>{name})\b")


def _canonical(settings: dict) -> dict[str, str]:
    out = {t.lower(): t.lower() for t in settings["titles"]}
    for group in settings["same_office"]:
        for t in group:
            out[t.lower()] = group[0].lower()
    return out


def mentions(text: str, doc: str, settings: dict) -> Iterator[Mention]:
    """Each "<title> <Name>" in ``text``, its office as the settings name it."""
    offices = tuple(tuple(group) for group in settings["same_office"])
    yield from _mentions(
        text, doc, tuple(settings["titles"]), tuple(settings["particles"]), offices
    )


@lru_cache(maxsize=4_096)
def _mentions(
    text: str, doc: str, titles: tuple[str, ...], particles: tuple[str, ...], offices: tuple
) -> tuple[Mention, ...]:
    """:func:`mentions`, found once per article text (a desk re-check reads the same stored
    articles of the story again)."""
    return tuple(_found(text, doc, _canonical({"titles": titles, "same_office": offices}),
                        _pattern(titles, particles)))  # fmt: skip


def _found(text: str, doc: str, canonical: dict, pattern: re.Pattern) -> Iterator[Mention]:
    for m in pattern.finditer(text):
        written = " ".join(m.group("title").split())
        names = [
            n.rstrip("’'").removesuffix("’s").removesuffix("'s") for n in m.group("name").split()
        ]
        caps = [n for n in names if n[:1].isupper()]
        if not caps:
            continue
        first = caps[0] if len(caps) > 1 else None
        yield Mention(doc, m.start(), m.end(), m.group(), canonical.get(written.lower(), written.lower()),
                      written, first, caps[-1])  # fmt: skip


def check(ctx: Context, rule: Rule) -> Iterator[Hit]:
    people: dict[str, list[Mention]] = defaultdict(list)
    for doc in ctx.documents.values():
        for m in mentions(doc.text, doc.id, rule.settings):
            people[m.surname].append(m)
    for surname, found in sorted(people.items()):
        firsts = {m.first for m in found if m.first}
        if len(firsts) > 1:
            continue  # two people who share a surname
        offices = Counter(m.office for m in found)
        if len(offices) < 2:
            continue
        (usual, _), *rest = offices.most_common()
        odd = rest[-1][0]
        person = " ".join(x for x in (next(iter(firsts), None), surname) if x)
        odd_m = next(m for m in found if m.office == odd)
        usual_ms = [m for m in found if m.office == usual]
        usual_m = next((m for m in usual_ms if m.doc != odd_m.doc), usual_ms[0])
        written = {o: Counter(m.written for m in found if m.office == o).most_common(1)[0][0]
                   for o in offices}  # fmt: skip
        # Quote the odd title everywhere, then the usual one once per article, up to the cap.
        evidence: list[Evidence] = []
        seen: set[tuple[str, str]] = set()
        for m in sorted(found, key=lambda m: (m.office != odd, m.doc != odd_m.doc, m.doc, m.start)):
            if (m.doc, m.office) in seen or len(evidence) >= rule.settings["max_evidence"]:
                continue
            seen.add((m.doc, m.office))
            evidence.append(Evidence(doc=m.doc, start=m.start, end=m.end, text=m.text))
        fields = {
            "person": person,
            "titles": ", ".join(f"{written[o]} ×{n}" for o, n in offices.most_common()),
            "title_a": odd_m.written,
            "title_b": usual_m.written,
            "source_a": describe(ctx.documents[odd_m.doc]),
            "source_b": describe(ctx.documents[usual_m.doc]),
        }
        yield Hit("artefact", fields, tuple(evidence), details={"offices": dict(offices)})
