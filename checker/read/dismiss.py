"""A dismissal written into a draft: :func:`dismiss`, what the desk's "Dismiss" calls.

A dismissal says "this one finding (one rule about one figure) stands, and why", stored in
the draft in the form its file type suits, and read back by every command
(:mod:`checker.read.suppress` for the comment, :func:`checker.read.fields.dismissals` for
the front matter):

* Markdown: a comment at the start of the sentence that holds the figure::

      <!-- checker: dismiss conflict "98" reason: the ministry's own count -->

* plain text, where a comment would be article text: an entry of the front matter's
  ``dismissed:`` list, with a few words of the sentence as ``context``::

      dismissed:
        - {rule: "conflict", figure: "98", reason: "the ministry's own count", context: "rose to 98 on"}

:func:`dismiss` is pure: it takes the draft as the editor has it and returns the new text
and the ONE string it inserted, and where, so the page can undo it by taking that string
out again. It reads nothing and writes nothing.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from checker.core.errors import InputError
from checker.core.model import Sentence
from checker.read.fields import DISMISSED, dismissals, split_front_matter
from checker.read.sentences import split_sentences
from checker.read.suppress import DIRECTIVE, following

__all__ = ["Dismissed", "dismiss"]

#: Drafts that take the comment form; ``.txt`` takes the front matter.
MARKDOWN = (".md", ".markdown")
TEXT = (".txt",)
#: A rule id as a dismissal can hold it (rule files' ids are of this shape).
_RULE = re.compile(r"[\w.]+(?:-[\w.]+)*")
#: Words either side of the figure a ``context`` starts with; grown until it is unique.
CONTEXT_WORDS = 2


@dataclass(frozen=True)
class Dismissed:
    """What :func:`dismiss` did: the new ``text``, and the one string ``inserted`` at
    offset ``at`` of it (``text[at:at + len(inserted)] == inserted``); taking it out there
    gives the draft back as it was."""

    text: str
    at: int
    inserted: str


def dismiss(text: str, name: str, *, rule: str, start: int, end: int, reason: str) -> Dismissed:
    """Dismiss the finding of ``rule`` about the figure at ``text[start:end]``, for ``reason``.

    ``text`` is the whole draft file (front matter included), ``name`` its file name,
    ``start``/``end`` Python string offsets of the figure in ``text``. A ``.md`` or
    ``.markdown`` draft gets a comment at the start of the sentence holding the figure
    (sentences as the pipeline splits them); a ``.txt`` draft an entry in its front
    matter's ``dismissed:`` list (the key, or the whole block, made when missing). The
    reason is stored on one line (whitespace runs become one space); in a comment, ``--``
    becomes ``- -`` so no reason can close the comment early.

    Anything that cannot be dismissed (an empty reason, a span that is not one figure of the
    article's text, a rule id no dismissal can name, a ``dismissed:`` that is no list) is an
    ``InputError`` naming ``name`` and the line.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix not in MARKDOWN + TEXT:
        raise InputError(name, None, "a dismissal is written into a .md, .markdown or .txt draft")
    meta, lines, body, body_line = split_front_matter(name, text, strict=suffix in MARKDOWN)
    body_at = len(text) - len(body)
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise InputError(name, None, f"no figure at {start}-{end} of a {len(text)}-character text")
    line = body_line + body.count("\n", 0, max(start - body_at, 0))
    if start < body_at:
        raise InputError(name, text.count("\n", 0, start) + 1, "the span is in the front matter")
    figure = text[start:end]
    if not figure.strip() or figure != figure.strip() or "\n" in figure or "\r" in figure:
        raise InputError(name, line, f"{figure!r} is not one figure as written (one line, "
                         "no spaces around it)")  # fmt: skip
    if not _RULE.fullmatch(rule or ""):
        raise InputError(name, line, f"{rule!r} is not a rule id")
    flat = _one_line(reason if isinstance(reason, str) else "")
    if not flat:
        raise InputError(name, line, "a dismissal needs a reason")
    blanked = _blanked(body)
    sentences = split_sentences(blanked)
    a, b = start - body_at, end - body_at
    sentence = next((s for s in sentences if s.start <= a and b <= s.end), None)
    if sentence is None or blanked[a:b] != figure:
        raise InputError(name, line, f"{figure!r} is not inside one sentence of the article")
    if suffix in MARKDOWN:
        return _comment(text, name, body_at, sentence, rule, figure, flat, (a, b), line)
    return _front_matter(text, name, meta, lines, body_at, sentences, sentence, rule, figure,
                         flat, (a, b))  # fmt: skip


# --------------------------------------------------------------------------- the comment


def _comment(
    text: str, name: str, body_at: int, sentence: Sentence, rule: str, figure: str,
    reason: str, span: tuple[int, int], line: int,
) -> Dismissed:  # fmt: skip
    """The comment before the sentence; checked: read back, it covers the figure's sentence."""
    inserted = f"<!-- checker: dismiss {rule} {_comment_string(figure)} reason: "
    inserted += f"{_comment_reason(reason)} --> "
    at = body_at + sentence.start
    new = text[:at] + inserted + text[at:]
    # as the pipeline will read it: comments blanked, split, the sentence after this one
    body = _blanked(new[body_at:])
    sentences = split_sentences(body)
    starts = [s.start for s in sentences]
    i = following(starts, sentence.start + len(inserted) - 1)
    a, b = span[0] + len(inserted), span[1] + len(inserted)
    if i is None or not (sentences[i].start <= a and b <= sentences[i].end):
        raise InputError(name, line, "cannot place a dismissal comment before this sentence")
    return Dismissed(new, at, inserted)


def _comment_string(figure: str) -> str:
    """The figure in double quotes as JSON escapes it, with no ``--`` left."""
    return _json_string(figure).replace("--", "-\\u002d")


def _comment_reason(reason: str) -> str:
    """``--`` (which ends a comment in HTML, and starts ``-->``) split into ``- -``."""
    return re.sub(r"-(?=-)", "- ", reason)


# --------------------------------------------------------------------------- the front matter


def _front_matter(
    text: str, name: str, meta: dict, lines, body_at: int, sentences: tuple[Sentence, ...],
    sentence: Sentence, rule: str, figure: str, reason: str, span: tuple[int, int],
) -> Dismissed:  # fmt: skip
    """An entry of ``dismissed:`` in one contiguous insertion; checked: read back, the
    front matter holds one more dismissal, this one."""
    context = _context(sentences, sentence, figure, span)
    item = (
        f"{{rule: {_yaml_string(rule)}, figure: {_yaml_string(figure)}, "
        f"reason: {_yaml_string(reason)}, context: {_yaml_string(context)}}}"
    )
    nl = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    before = dismissals(name, meta.get(DISMISSED), lines)
    if body_at == 0:  # no front matter: a whole block
        at, inserted = 0, f"---{nl}{DISMISSED}:{nl}  - {item}{nl}---{nl}"
    elif DISMISSED not in meta:  # before the closing line
        at = text.rfind("\n", 0, body_at - 1) + 1
        inserted = f"{DISMISSED}:{nl}  - {item}{nl}"
    else:
        at, inserted = _into_list(text, name, meta[DISMISSED], lines, body_at, item, nl)
    new = text[:at] + inserted + text[at:]
    meta2, lines2, body2, _ = split_front_matter(name, new, strict=False)
    after = dismissals(name, meta2.get(DISMISSED), lines2)
    got = [d for d in after if (d.rule, d.figure, d.reason, d.context) == (rule, figure, reason,
                                                                          context)]  # fmt: skip
    if len(after) != len(before) + 1 or not got or body2 != text[body_at:]:
        raise InputError(name, lines.line((DISMISSED,)), "cannot add a dismissal to this front "
                         f"matter's '{DISMISSED}:' as written; add it by hand")  # fmt: skip
    return Dismissed(new, at, inserted)


def _into_list(
    text: str, name: str, value, lines, body_at: int, item: str, nl: str
) -> tuple[int, str]:
    """Where an item goes in an existing ``dismissed:`` (block list: after its last line;
    flow list: right after ``[``; empty: after the key), and the item as inserted there."""
    key_line = lines.line((DISMISSED,)) or 1
    starts = [0] + [m.end() for m in re.finditer("\n", text[:body_at])]
    key_at = starts[key_line - 1]
    key_end = text.find("\n", key_at)
    m = re.match(rf"{DISMISSED}\s*:[ \t]*(?P<rest>.*?)\s*$", text[key_at:key_end])
    rest = "" if m is None else re.sub(r"(^|\s)#.*$", "", m.group("rest"))
    if m is not None and rest.startswith("["):
        at = key_at + m.start("rest") + 1
        return at, item + (", " if value else "")
    if m is None or rest or not (value is None or isinstance(value, list)):
        raise InputError(name, key_line, f"cannot add to '{DISMISSED}:' as written: "
                         "make it a list of dismissals")  # fmt: skip
    last, indent = key_line, "  "
    found_dash = False
    for n in range(key_line + 1, len(starts)):  # file lines up to the closing one
        row = text[starts[n - 1] : starts[n]].rstrip("\r\n")
        if row.rstrip() in ("---", "..."):  # the closing line
            break
        if not row.strip() or row.lstrip().startswith("#"):
            continue
        if not (row[0] in " \t" or re.match(r"-(\s|$)", row)):
            break
        if not found_dash and (dash := re.match(r"(\s*)-(\s|$)", row)):
            indent, found_dash = dash.group(1), True
        last = n
    return starts[last], f"{indent}- {item}{nl}"


def _context(
    sentences: tuple[Sentence, ...], sentence: Sentence, figure: str, span: tuple[int, int]
) -> str:
    """Words of ``sentence`` around the figure, the figure's included, as few as make it the
    only sentence that holds them (the whole sentence when another one reads the same)."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence.text)]
    a, b = span[0] - sentence.start, span[1] - sentence.start
    first = next(i for i, (_, e) in enumerate(words) if e > a)
    last = max(i for i, (s, _) in enumerate(words) if s < b)
    others = [s.text for s in sentences if s is not sentence and figure in s.text]
    k = CONTEXT_WORDS
    while True:
        lo, hi = max(first - k, 0), min(last + k, len(words) - 1)
        context = sentence.text[words[lo][0] : words[hi][1]]
        if not any(context in o for o in others) or (lo == 0 and hi == len(words) - 1):
            return context
        k += 1


# --------------------------------------------------------------------------- text


def _blanked(text: str) -> str:
    """``text`` with its ``checker:`` comments blanked, as the pipeline reads it."""
    return DIRECTIVE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def _one_line(reason: str) -> str:
    """A reason as stored: control characters and lone surrogates out, whitespace runs (line
    breaks included) one space, trimmed."""
    kept = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in reason)
    return " ".join(kept.split())


def _json_string(s: str) -> str:
    r"""``s`` in double quotes, escaped as JSON does (``\"``, ``\\``, ``\n``, ``\uXXXX``)."""
    return _quoted(s, lambda c: False)


@functools.cache
def _yaml_raw() -> re.Pattern[str]:
    """Characters YAML takes raw (others PyYAML's reader refuses, or reads as line breaks,
    and are escaped as ``\\uXXXX`` in a YAML double-quoted string); compiled on first use,
    as ``re`` takes ~7 ms over ranges this wide and a report never writes a dismissal."""
    return re.compile(
        "[\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    )


def _yaml_string(s: str) -> str:
    """``s`` as a YAML double-quoted scalar that reads back as ``s``, on one line."""
    return _quoted(s, lambda c: _yaml_raw().fullmatch(c) is None)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}  # fmt: skip


def _quoted(s: str, escape) -> str:
    out = []
    for c in s:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif ord(c) < 0x20 or escape(c):
            out.append(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'
