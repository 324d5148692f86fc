"""Language data, one folder per language (the shape of dateparser's and quantulum3's data).

``checker/lang/<code>/numbers.yaml`` holds a language's number words, scales, separators,
bounds and approximators, currency and unit words, and the switches the scanner's grammar
reads (see ``README.md`` here for every key and the checklist for adding a language);
``<code>/claims.yaml`` the word lists of the claims stage, the spaCy pipeline that parses
the language and what its labels mean (``en``, ``fr``; see :mod:`checker.lang.lexicon`). Language-neutral data sits
beside the folders: ``units.yaml`` (unit sizes) and ``identify.yaml`` (stop words that name
the language of a text, also of languages without number data).

A language is *supported* when its folder has a ``numbers.yaml``. Text in any other language
is never read as English: :func:`checker.read.quantities.extract_quantities` finds nothing in it
and warns (:class:`UnsupportedLanguageWarning`), and the document is flagged
``unsupported-language`` (see :mod:`checker.read.documents`). Text in a supported language
without claims data is never parsed as English either: its claims are read without grammar and
the document is flagged ``claims-without-grammar`` (:data:`NO_GRAMMAR_NOTE` says what that
means).
"""

from __future__ import annotations

import functools
from pathlib import Path

from ..core import keptyaml, versions

__all__ = [
    "NO_GRAMMAR_FLAG",
    "NO_GRAMMAR_NOTE",
    "UNSUPPORTED_FLAG",
    "UnsupportedLanguageWarning",
    "base_code",
    "load",
    "load_neutral",
    "supported",
    "supported_languages",
]

HERE = Path(__file__).resolve().parent
#: The document flag of a text in a language without number data.
UNSUPPORTED_FLAG = "unsupported-language"
#: The document flag of a text in a language with number data but no claims data (no parse).
NO_GRAMMAR_FLAG = "claims-without-grammar"
#: What that flag means, one line (a report's notes say it once per run).
NO_GRAMMAR_NOTE = (
    "claims read without grammar: the figures are found, but what each counts is guessed from"
    " the words beside it (no event, agent, place or time), so matching them is weaker"
)


class UnsupportedLanguageWarning(UserWarning):
    """A text in a language the checker has no number data for: its figures are not read."""


def base_code(lang: str | None) -> str:
    """The language part of a tag, lower-cased: "de-AT" -> "de", "pt_BR" -> "pt"; None -> "en"."""
    return (lang or "en").lower().replace("_", "-").split("-")[0]


@functools.cache
def supported_languages() -> frozenset[str]:
    """The codes of the folders that hold a ``numbers.yaml``."""
    return frozenset(p.parent.name for p in HERE.glob("*/numbers.yaml"))


def supported(lang: str | None) -> bool:
    """Is there number data for ``lang`` ("pt-BR" counts as "pt")?"""
    return base_code(lang) in supported_languages()


def _read(path: Path, loader_name: str = "CSafeLoader") -> dict:
    """``path`` parsed by PyYAML's loader ``loader_name`` (libyaml's when present: fast; its
    pure-Python twin otherwise), kept once parsed (:func:`read_yaml`)."""
    return read_yaml(path.read_text("utf-8"), loader_name) or {}


def read_yaml(text: str, loader_name: str):
    """``text`` parsed by PyYAML's loader ``loader_name``, from :mod:`checker.core.keptyaml`
    when it was parsed before: a warm run reads the language files without importing PyYAML
    (~15 ms) or parsing them (~15 ms)."""
    return keptyaml.kept(text, _version(loader_name), functools.partial(_parse, loader_name))


@functools.cache
def _version(loader_name: str) -> bytes:
    return versions.digest("pyyaml", versions.library("pyyaml"), loader_name).encode()


def _parse(loader_name: str, text: str):
    import yaml

    loader = getattr(yaml, loader_name, None) or getattr(yaml, loader_name.removeprefix("C"))
    return yaml.load(text, Loader=loader)


@functools.cache
def load(lang: str, name: str = "numbers") -> dict:
    """``checker/lang/<lang>/<name>.yaml`` parsed, once. KeyError for a language without it."""
    path = HERE / base_code(lang) / f"{name}.yaml"
    if not path.is_file():
        raise KeyError(f"no {name} data for language {lang!r}")
    return _read(path)


@functools.cache
def load_neutral(name: str) -> dict:
    """A language-neutral file beside the folders: ``units``, ``identify``."""
    return _read(HERE / f"{name}.yaml")
