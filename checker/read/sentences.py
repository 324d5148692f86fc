"""Sentences: an article's text cut into sentences, with offsets into the text.

Lines first (a line break always ends a sentence), then pysbd within each line, its output
cached per paragraph (``sentences.sqlite`` beside the embeddings) under a key that holds this
stage's version (:func:`checker.core.versions.splitter`: pysbd's version and settings and this
module's code), then sentences over :data:`MAX_SENTENCE_CHARS` cut at a clause break.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re

from checker.core import versions
from checker.core.kvcache import KVCache, cache_dir
from checker.core.model import Sentence

__all__ = ["MAX_SENTENCE_CHARS", "PYSBD_MAX_CHARS", "split_sentences"]

#: Paragraphs longer than this skip pysbd (super-linear on long inputs) for a regex split.
PYSBD_MAX_CHARS = 20_000
#: A sentence longer than this is cut into pieces at its last clause break ("; ", ", ") or
#: space before the limit, so no reader (the quantity scanner, the claims stage, the parser)
#: ever gets a 1.4 MB "sentence". Real text stays below it: the longest sentence this
#: splitter finds in the 304 benchmark articles has 5,723 characters (a run-on list).
MAX_SENTENCE_CHARS = 10_000


# --------------------------------------------------------------------------- sentences

_segmenter = None  # pysbd's English segmenter, made on first use (a warm run reads the
# splits from the cache and never imports pysbd: ~15 ms)


def _pysbd_segments(paragraph: str) -> list[str]:
    """pysbd's sentence strings for one paragraph (no char spans: we locate them ourselves)."""
    import pysbd
    import pysbd.processor

    global _segmenter
    if _segmenter is None:
        _segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    # ``Segmenter.segment`` re-finds each sentence with a regex over the whole text
    # (quadratic) and silently drops sentences it cannot find; the processor's
    # output is the segmentation itself. A fresh Processor per call keeps this
    # thread-safe (``segment`` stores the text on the shared segmenter).
    language = _segmenter.language_module
    processor = _processor(getattr(language, "Processor", pysbd.processor.Processor))
    result = processor(paragraph, language, char_span=_segmenter.char_span).process()
    return [s for s in result or [] if s and s.strip()]


class _EachSubstitutionOnce:
    """pysbd's abbreviation search, doing each of its substitutions once per line.

    pysbd finds every occurrence of each abbreviation in a line and, for each, substitutes
    over the whole line the periods that follow that abbreviation as it was written ("Mr"
    and "MR" are two): the same substitution again for each occurrence, so a long paragraph
    with many "a"s and "no"s paid a whole-line ``re.sub`` per occurrence (7.6 of the 9.5 s
    the 304 PAC articles took to split, cold). Each substitution only turns a "." into
    "∯", and neither its look-behind (the abbreviation, whose "." is a wildcard or an exact
    ".") nor its look-ahead (":", ",", a space and a lower-case letter...) can begin to match
    because another "." became "∯": done once, it finds nothing the next time, whatever was
    substituted in between. So each is done at its first occurrence, in pysbd's order, and
    the line comes out as pysbd's own (``tests/test_sentences.py`` holds the two to the same
    sentences)."""

    def search_for_abbreviations_in_string(self, text: str) -> str:
        import pysbd.abbreviation_replacer

        lowered = text.lower()
        abbreviations = self.lang.Abbreviation
        done: set[tuple[str, str]] = set()
        for abbr in abbreviations.ABBREVIATIONS:  # pysbd 0.3.4's loop, as written there
            stripped = abbr.strip()
            if stripped not in lowered:
                continue
            found = re.findall(rf"(?:^|\s|\r|\n){stripped}", text, flags=re.IGNORECASE)
            if not found:
                continue
            after = re.findall(r"(?<={" + str(re.escape(stripped)) + "} ).{1}", text)
            for i, written in enumerate(found):
                name = written.strip().lower()
                prepositive = name in abbreviations.PREPOSITIVE_ABBREVIATIONS
                if not prepositive and i < len(after) and str(after[i]).isupper():
                    continue  # pysbd's scan_for_replacements leaves this one alone
                way = (
                    "prepositive" if prepositive
                    else "number" if name in abbreviations.NUMBER_ABBREVIATIONS
                    else "period"
                )  # fmt: skip
                if (way, written.strip()) in done:
                    continue
                done.add((way, written.strip()))
                if way == "prepositive":
                    text = pysbd.abbreviation_replacer.replace_prepositive_abbr(text, written)
                elif way == "number":
                    text = pysbd.abbreviation_replacer.replace_pre_number_abbr(text, written)
                else:
                    text = self.replace_period_of_abbr(text, written)
        return text


@functools.cache
def _processor(base: type) -> type:
    """``base`` (pysbd's processor) with :class:`_EachSubstitutionOnce` in its language's
    abbreviation replacer."""

    def abbreviations_replacer(self):
        import pysbd.abbreviation_replacer

        replacer = getattr(self.lang, "AbbreviationReplacer", None)
        replacer = replacer or pysbd.abbreviation_replacer.AbbreviationReplacer
        return _replacer(replacer)(self.text, self.lang)

    return type("Processor", (base,), {"abbreviations_replacer": abbreviations_replacer})


@functools.cache
def _replacer(base: type) -> type:
    return type("AbbreviationReplacer", (_EachSubstitutionOnce, base), {})


@functools.cache
def _split_cache() -> KVCache:
    """pysbd's output per paragraph, beside the embeddings: it is most of the time a warm
    ``checker report`` spends on reading its input (~15 ms per news article)."""
    return KVCache(cache_dir() / "sentences.sqlite", "segments", "data", "TEXT")


def _split_key(paragraph: str) -> str:
    payload = f"{versions.splitter()}\0{paragraph}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(payload).hexdigest()


def _segments_of(paragraphs: list[str]) -> dict[str, list[str] | None]:
    """pysbd's segments for each paragraph (None where pysbd failed), from the cache where
    it has them, else from pysbd, stored for the next run; one look-up for the lot."""
    keys = {p: _split_key(p) for p in dict.fromkeys(paragraphs)}
    cache = _split_cache()
    stored = cache.get_many(keys.values())
    out: dict[str, list[str] | None] = {}
    fresh: dict[str, str] = {}
    for para, key in keys.items():
        if key in stored:
            try:
                value = json.loads(stored[key])
                if value is None or (
                    isinstance(value, list) and all(isinstance(v, str) for v in value)
                ):
                    out[para] = value
                    continue
            except ValueError:
                pass  # a damaged row: split again
        try:
            out[para] = _pysbd_segments(para)
        except Exception:  # pysbd has regex corner cases; never lose the text over them
            out[para] = None
        fresh[key] = json.dumps(out[para])  # ASCII: lone surrogates survive as escapes
    cache.put_many(fresh)
    return out


#: Line breaks: a newline always ends a sentence (headlines, datelines).
_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x85]")


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences of ``text`` with offsets into it; every ``text[s.start:s.end] == s.text``.

    Lines are split first (a line break always ends a sentence), then pysbd
    splits each line; very long lines use a regex split instead. Sentences are
    stripped of surrounding whitespace and never contain a line break.
    """
    ranges: list[tuple[int, int]] = []
    pos = 0
    for m in _LINE_BREAK.finditer(text):
        ranges.append((pos, m.start()))
        pos = m.end()
    ranges.append((pos, len(text)))
    ranges = [(s, e) for s, e in ranges if text[s:e].strip()]
    segments = _segments_of([text[s:e] for s, e in ranges if e - s <= PYSBD_MAX_CHARS])
    spans: list[tuple[int, int]] = []
    split: dict[str, list[tuple[int, int]]] = {}  # a repeated line is split once
    for s, e in ranges:
        para = text[s:e]
        rel = split.get(para)
        if rel is None:
            rel = split[para] = []
            _split_paragraph(para, 0, e - s, rel, segments.get(para))
        spans.extend((s + a, s + b) for a, b in rel)
    if any(e - s > MAX_SENTENCE_CHARS for s, e in spans):
        spans = [piece for s, e in spans for piece in _pieces(text, s, e)]
    return tuple(Sentence(i, s, e, text[s:e]) for i, (s, e) in enumerate(spans))


_CLAUSE_BREAK = re.compile(r"[;:,]\s+|\s+[–—-]+\s+")
_SPACE = re.compile(r"\s+")


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``MAX_SENTENCE_CHARS``, each cut after the
    last clause break in its second half, else at the last space, else (one 10,000-character
    word) at the limit; pieces are stripped of surrounding whitespace."""
    out: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        half = start + MAX_SENTENCE_CHARS // 2
        cut = None
        for pattern in (_CLAUSE_BREAK, _SPACE):
            last = None
            for m in pattern.finditer(text, half, limit):
                last = m
            if last is not None:
                cut = last.end()
                break
        cut = cut or limit
        e = cut
        while e > start and text[e - 1].isspace():
            e -= 1
        if e > start:
            out.append((start, e))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))
    return out


def _split_paragraph(
    text: str, start: int, end: int, out: list[tuple[int, int]], segments: list[str] | None
) -> None:
    """Sentences of ``text[start:end]`` from pysbd's ``segments`` for it (None: regex split)."""
    para = text[start:end]
    bounds: list[int] | None = None
    if segments is not None and len(para) <= PYSBD_MAX_CHARS:
        try:
            bounds = _align(para, segments)
        except Exception:  # as for pysbd itself: never lose the text over a corner case
            bounds = None
    if bounds is None:
        bounds = _regex_bounds(para, 0)
    # pysbd reads "on Saturday, May 22." as a list item "22." and cuts before it: a boundary
    # with no sentence-ending mark before it is not one.
    bounds = [b for b in bounds if _ends_sentence(para, b)]
    prev = 0
    for b in [*bounds, len(para)]:
        s, e = prev, b
        while s < e and para[s].isspace():
            s += 1
        while e > s and para[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((start + s, start + e))
        prev = max(prev, b)


def _ends_sentence(para: str, b: int) -> bool:
    """Is there text before ``b`` whose last visible character is not a letter or digit?"""
    i = b - 1
    while i >= 0 and para[i].isspace():
        i -= 1
    return i >= 0 and not para[i].isalnum()


def _align(para: str, segments: list[str]) -> list[int]:
    """End offsets in ``para`` of each segment, found from a moving cursor.

    Segment i spans from the previous end to its own end, so whatever pysbd
    dropped or altered still lands in some sentence. Returns the regex split
    for the rest of the paragraph if a segment cannot be located.
    """
    bounds: list[int] = []
    cursor = 0
    for seg in segments:
        seg = seg.strip()
        idx = para.find(seg, cursor)
        if idx >= 0 and not para[cursor:idx].strip():
            cursor = idx + len(seg)
        else:
            end = _align_loose(para, cursor, seg)
            if end is None and idx >= 0:
                end = idx + len(seg)  # skipped text merges into this sentence
            if end is None:
                return bounds + _regex_bounds(para, cursor)
            cursor = end
        bounds.append(cursor)
    return bounds


def _align_loose(para: str, cursor: int, seg: str) -> int | None:
    """Match ``seg`` at ``cursor`` ignoring whitespace; the end offset, or None."""
    i = cursor
    n = len(para)
    for ch in seg:
        if ch.isspace():
            continue
        while i < n and para[i].isspace():
            i += 1
        if i >= n or para[i] != ch:
            return None
        i += 1
    return i


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


#: Words after which a period does not end a sentence in the regex fallback.
_ABBREVIATIONS = _words(
    """
    mr mrs ms dr prof sr jr st mt ft lt gen col capt cpt maj sgt cmdr adm gov sen rep pres
    rev hon no nos vol vols p pp fig figs art sec ch ed eds est approx dept univ assn inc
    ltd co corp bros vs etc al cf ie eg jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thurs fri sat sun u.s u.k u.n e.g i.e a.m p.m
    """
)

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _regex_bounds(para: str, start: int) -> list[int]:
    """Sentence end offsets in ``para[start:]`` from punctuation followed by a capital."""
    bounds = []
    for m in _SENTENCE_END.finditer(para, start):
        if para[m.start()] == ".":
            w = _WORD_BEFORE.search(para, max(start, m.start() - 40), m.start())
            word = w.group(1).lower().strip(".") if w else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        bounds.append(m.end())
    return bounds
