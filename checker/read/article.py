"""One article: a :class:`~checker.core.model.Document` from its text and metadata, its
language when the metadata does not say, and its sentences (split once, cached)."""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import re
import warnings
from collections.abc import Iterator

from checker import lang
from checker.core.model import Dismissal, Document
from checker.read.fields import parse_date
from checker.read.sentences import split_sentences

#: False inside :func:`unsplit`: documents are read without their sentences.
_SPLIT: contextvars.ContextVar[bool] = contextvars.ContextVar("split", default=True)


@contextlib.contextmanager
def unsplit() -> Iterator[None]:
    """Read documents without splitting them into sentences (``sentences=()``), to be split
    later by :func:`with_sentences`: ``checker index`` stores what it read before the slow
    work (pysbd on a cold cache: about 0.1 s an article) begins."""
    token = _SPLIT.set(False)
    try:
        yield
    finally:
        _SPLIT.reset(token)


def with_sentences(doc: Document) -> Document:
    """``doc`` with its sentences, as :func:`document_from_text` gives them."""
    return doc if doc.sentences else dataclasses.replace(doc, sentences=split_sentences(doc.text))


def document_from_text(
    text: str,
    id: str,
    *,
    path: str | None = None,
    date: dt.date | dt.datetime | str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    title: str | None = None,
    url: str | None = None,
    line: int = 1,
    dismissals: tuple[Dismissal, ...] = (),
    translation_of: str | None = None,
) -> Document:
    """A ``Document`` with its sentences; ``language=None`` means detect it from the text."""
    if date is not None:
        date = parse_date(path or id, line, date)
    language = language or detect_language(text)
    if not lang.supported(language):  # flagged in every report (model.Report), never read as en
        warnings.warn(
            f"{path or id}: no number data for language {language!r}, its figures are not read",
            lang.UnsupportedLanguageWarning,
            stacklevel=2,
        )
    return Document(
        id=id,
        text=text,
        path=path,
        date=date,
        outlet=outlet,
        language=language,
        title=title,
        url=url,
        line=line,
        sentences=split_sentences(text) if _SPLIT.get() else (),
        dismissals=dismissals,
        translation_of=translation_of,
    )


def document_from_fields(
    body: str, doc_id: str, shown: str, fields: dict, default_date: dt.date | None, line: int
) -> Document:
    """One document from a body and its checked metadata (front matter or a JSONL row)."""
    return document_from_text(
        body,
        doc_id,
        path=shown,
        date=fields.get("date") or default_date,
        outlet=fields.get("outlet"),
        language=fields.get("language"),
        title=fields.get("title"),
        url=fields.get("url"),
        line=line,
        dismissals=fields.get("dismissals", ()),
        translation_of=fields.get("translation_of"),
    )


def _stop_words() -> dict[str, frozenset[str]]:
    """Language -> its stop words, from ``checker/lang/identify.yaml`` (read once)."""
    global _STOP_WORDS
    if _STOP_WORDS is None:
        data = lang.load_neutral("identify")["stop_words"]
        _STOP_WORDS = {code: frozenset(str(words).split()) for code, words in data.items()}
    return _STOP_WORDS


_STOP_WORDS: dict[str, frozenset[str]] | None = None

_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """Guess the article language by counting stop words in its first ~2000 words.

    Returns a code of ``checker/lang/identify.yaml``, also of a language without number data
    (which the caller flags, see :func:`document_from_text`). A text with three stop words or
    more is the language with most; a shorter one is English unless it has no English stop
    word and two or more of one language, more than any other ("Pelo menos 1.500 pessoas" is
    Portuguese, "Ten people died" English);
    a text with none, or a tie, is ``"en"``.
    """
    words = _WORD.findall(text[:30_000].lower())[:2000]
    stops = _stop_words()
    scores = {code: 0 for code in stops}
    for w in words:
        for code, words_of in stops.items():
            if w in words_of:
                scores[code] += 1
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top > second and (top >= 3 or top >= 2 and scores.get("en", 0) == 0):
        return best
    return "en"
