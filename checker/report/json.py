"""The JSON report: the contract machines depend on.

Keys are stable; new keys may be added, existing ones are never renamed or
removed without a version bump. Shape of :func:`to_dict` (and of the document
:func:`render_json` prints)::

    {
      "checker": {
        "version": str,            # checker.__version__, else "0.1.0"
        "model": str,              # the embedding model the claims were matched with
        "rules": [str, ...]        # ids of the rules that ran
      },
      "summary": {
        "documents": int, "claims": int, "findings": int,
        "by_verdict": {verdict: int},   # every verdict of VERDICTS, in that order
                                        # ("agree", "conflict", "update", "artefact",
                                        #  "single-source"), zeros included
        "by_level": {level: int},       # every level of LEVELS: "info", "warning", "error"
        "worst_level": "error" | "warning" | "info" | null,  # null when no findings
        # only when inline comments suppressed findings (they are not in "findings"):
        "suppressed": int, "suppressed_by_rule": {rule: int},
        "dismissed": int           # of those, the ones dismissed with a reason
      },
      "notes": [str, ...],         # what the run says beyond findings, e.g. "no earlier
                                   # coverage of this story in the store" (check)
      "stories": [{               # articles grouped into stories: claims met only inside one
        "id": str, "title": str, "documents": [str, ...]
      }],
      "documents": [{
        "id": str, "path": str|null, "date": "YYYY-MM-DD"|null, "outlet": str|null,
        "language": str, "title": str|null, "url": str|null,
        "translation_of": str|null,  # the id of the article it translates (front matter)
        "flags": [str, ...]        # sorted, e.g. ["machine-translated"]
      }],
      "claims": [{
        "id": str, "doc": str,     # document id
        "sentence": int,           # sentence index in the document
        "start": int, "end": int,  # character offsets of the quantity in the document text
        "text": str,               # the quantity as written == document text[start:end]
        "value": number|null, "low": number|null, "high": number|null,
                                   # the interval the words allow; unbounded -> null;
                                   # integral values are written as integers (51, not 51.0)
        "low_open": bool, "high_open": bool,   # strict bounds ("more than 700")
        "kind": str,               # cardinal, ordinal, percent, money, duration, date, year
        "unit": str|null,          # currency code, unit of measure ("metre") or counted noun
        "per": str|null,           # a rate's period or base ("day", "share")
        "approx": str,             # exact, approximate, lower_bound, upper_bound, range
        "direction": str|null,
        "subject": str, "event": str|null, "entities": [str, ...], "negated": bool,
        "hedged": bool,            # "could reach", "may have died": not a reported fact
        "key_text": str,           # the claim's phrase from the parse, number masked, as embedded
        # read from the dependency parse ("" / [] when not known):
        "role": str,               # modifier, partitive, subject, object, complement,
                                   # change-to ("rose to"), change-by, remainder ("all but")
        "head": str,               # lemma of the counted noun ("state")
        "predicate": str,          # governing verb lemma, with particle ("go into")
        "agent": str,              # who holds, says, requests or pays ("the mayor")
        "modifiers": [str, ...],   # lemmas qualifying what is counted ("medical", "hold")
        "places": [str, ...], "times": [str, ...],   # NER GPE/LOC and DATE of the clause
        "purpose": str,            # what money is for ("new bridge")
        "readings": [number, ...], # other values the same characters may mean
        "notes": [str, ...]        # why, e.g. "continental-separator"
      }],
      "findings": [{
        "rule": str, "verdict": str, "level": "info"|"warning"|"error", "message": str,
        "evidence": [{
          "doc": str, "start": int, "end": int,
          "text": str,             # == document text[start:end]
          "claim": str|null        # claim id when the span is a claim's quantity
        }],
        "details": {...}           # rule-specific facts ("same_quantity": the same-claim
                                   # judge's probability, 0-1, for findings about a pair;
                                   # "similarity": the cosine), made JSON-safe: infinities and
                                   # NaN -> null, dates -> ISO strings, tuples -> lists,
                                   # sets -> sorted lists, other objects -> str
      }],
      # only when the drafts dismissed findings (``checker: dismiss`` comments, the front
      # matter's ``dismissed:``), after "findings": each dismissed finding, with its reason
      "dismissed": [{
        "rule": str, "verdict": str, "level": str, "message": str,
        "doc": str,                # the document whose dismissal covers it
        "figure": str,             # the figure as written == document text[start:end]
        "start": int, "end": int,  # its offsets in the document text
        "line": int|null,          # its file line
        "reason": str,             # why the editor dismissed it
        "dismissal_line": int|null,  # the file line where the dismissal is written
        "evidence": [...], "details": {...}   # as for "findings"
      }],
      "timings": {stage: seconds}  # report.timings, made JSON-safe the same way
    }

The output never contains ``NaN`` or ``Infinity``: everything non-finite is
converted to ``null`` first and :func:`json.dumps` runs with ``allow_nan=False``.
Text is written as UTF-8 (``ensure_ascii=False``), indented by two spaces, except what
could drive a terminal the JSON is printed on: controls (C0 as JSON escapes them, DEL and C1
too), line and paragraph separators and bidi controls are written as ``\\uXXXX`` escapes
(:func:`dumps`); a JSON reader reads back the exact text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import math
import re
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from checker.core.errors import CONTROL_CHARACTERS
from checker.core.model import Claim, Document, Evidence, Finding, Report
from checker.report._common import (
    DismissedFinding,
    checker_version,
    count_by_level,
    count_by_verdict,
    dismissed_findings,
    worst_level,
)

__all__ = ["dumps", "json_safe", "render_json", "to_dict"]

#: The control characters but the line break (the indent's, the only one JSON leaves raw):
#: matching every line break of a large report only to keep it cost a third of rendering.
_CONTROL = re.compile(CONTROL_CHARACTERS.replace("\x00-\x1f", "\x00-\x09\x0b-\x1f", 1))


def dumps(obj: Any, **options: Any) -> str:
    """:func:`json.dumps` with ``ensure_ascii=False`` whose output is inert on a terminal:
    every character of :data:`~checker.core.errors.CONTROL_CHARACTERS` that JSON leaves raw
    (DEL, C1, separators, bidi controls) is written ``\\uXXXX``. Outside strings JSON holds
    only ASCII punctuation and the indent's line breaks, which are kept."""
    text = json.dumps(obj, ensure_ascii=False, **options)
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _number(x: Any) -> int | float | None:
    """A claim number for JSON: non-finite -> None, integral floats -> int."""
    if x is None:
        return None
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, int):
        return x
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(f):
        return None
    return int(f) if f.is_integer() else f


def _sort_key(x: Any) -> tuple[str, str]:
    return (type(x).__name__, repr(x))


def json_safe(obj: Any) -> Any:
    """A copy of ``obj`` that :func:`json.dumps` accepts with ``allow_nan=False``.

    Non-finite floats become None, dates/times ISO strings, tuples and lists
    lists, sets sorted lists, mappings dicts with string keys, dataclasses
    dicts of their fields, enums their value; anything else its ``str``.
    """
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dt.date | dt.datetime | dt.time):
        return obj.isoformat()
    if isinstance(obj, dt.timedelta):
        return obj.total_seconds()
    if isinstance(obj, enum.Enum):
        return json_safe(obj.value)
    if isinstance(obj, Mapping):
        return {_key(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [json_safe(v) for v in obj]
    if isinstance(obj, set | frozenset):
        items = [json_safe(v) for v in obj]
        try:
            return sorted(items)
        except TypeError:
            return sorted(items, key=_sort_key)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: json_safe(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, PurePath):
        return str(obj)
    if isinstance(obj, bytes):
        return obj.decode("utf-8", "replace")
    if hasattr(obj, "item") and callable(obj.item):  # numpy scalars
        try:
            return json_safe(obj.item())
        except (TypeError, ValueError):
            pass
    if hasattr(obj, "tolist") and callable(obj.tolist):  # numpy arrays
        try:
            return json_safe(obj.tolist())
        except (TypeError, ValueError):
            pass
    return str(obj)


def _key(k: Any) -> str:
    if isinstance(k, str):
        return k
    safe = json_safe(k)
    return safe if isinstance(safe, str) else json.dumps(safe, ensure_ascii=False)


def _document(doc: Document, flags: Mapping[str, Any]) -> dict[str, Any]:
    doc_flags = flags.get(doc.id) or []
    if isinstance(doc_flags, str):
        doc_flags = [doc_flags]
    return {
        "id": doc.id,
        "path": None if doc.path is None else str(doc.path),
        "date": doc.date.isoformat() if doc.date is not None else None,
        "outlet": doc.outlet,
        "language": doc.language,
        "title": doc.title,
        "url": doc.url,
        "translation_of": doc.translation_of,
        "flags": sorted(str(f) for f in doc_flags),
    }


def _claim(c: Claim) -> dict[str, Any]:
    q = c.quantity
    return {
        "id": c.id,
        "doc": c.doc,
        "sentence": c.sentence,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "value": _number(q.value),
        "low": _number(q.low),
        "high": _number(q.high),
        "low_open": bool(q.low_open),
        "high_open": bool(q.high_open),
        "kind": q.kind,
        "unit": q.unit,
        "per": q.per,
        "approx": q.approx,
        "direction": q.direction,
        "subject": c.subject,
        "event": c.event,
        "entities": [str(e) for e in c.entities],
        "negated": bool(c.negated),
        "hedged": bool(c.hedged),
        "key_text": c.key_text,
        "role": c.role,
        "head": c.head,
        "predicate": c.predicate,
        "agent": c.agent,
        "modifiers": list(c.modifiers),
        "places": list(c.places),
        "times": list(c.times),
        "purpose": c.purpose,
        "readings": [_number(r) for r in q.readings],
        "notes": [str(n) for n in q.notes],
    }


def _evidence(ev: Evidence) -> dict[str, Any]:
    return {"doc": ev.doc, "start": ev.start, "end": ev.end, "text": ev.text, "claim": ev.claim}


def _finding(f: Finding) -> dict[str, Any]:
    details = json_safe(f.details) if f.details else {}
    return {
        "rule": f.rule,
        "verdict": f.verdict,
        "level": f.level,
        "message": f.message,
        "evidence": [_evidence(ev) for ev in f.evidence],
        "details": details if isinstance(details, dict) else {"value": details},
    }


def _suppressed(report: Report) -> dict[str, Any]:
    by_rule: dict[str, int] = {}
    for f in report.suppressed:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    return {
        "suppressed": len(report.suppressed),
        "suppressed_by_rule": dict(sorted(by_rule.items())),
        "dismissed": len(dismissed_findings(report)),
    }


def _dismissed(d: DismissedFinding) -> dict[str, Any]:
    f = _finding(d.finding)
    return {
        "rule": f["rule"],
        "verdict": f["verdict"],
        "level": f["level"],
        "message": f["message"],
        "doc": d.doc,
        "figure": d.figure,
        "start": d.start,
        "end": d.end,
        "line": d.line,
        "reason": d.reason,
        "dismissal_line": d.dismissal_line,
        "evidence": f["evidence"],
        "details": f["details"],
    }


def to_dict(report: Report) -> dict[str, Any]:
    """The report as the plain, JSON-safe dict described in this module's docstring."""
    flags = report.flags or {}
    timings = json_safe(report.timings or {})
    dismissed = [_dismissed(d) for d in dismissed_findings(report)]
    return {
        "checker": {
            "version": checker_version(),
            "model": report.model,
            "rules": [str(r) for r in report.rules],
        },
        "summary": {
            "documents": len(report.documents),
            "claims": len(report.claims),
            "findings": len(report.findings),
            "by_verdict": count_by_verdict(report),
            "by_level": count_by_level(report),
            "worst_level": worst_level(report),
            **(_suppressed(report) if report.suppressed else {}),
        },
        "notes": list(report.notes),
        "stories": [
            {"id": st.id, "title": st.title, "documents": list(st.documents)}
            for st in report.stories
        ],
        "documents": [_document(d, flags) for d in report.documents],
        "claims": [_claim(c) for c in report.claims],
        "findings": [_finding(f) for f in report.findings],
        **({"dismissed": dismissed} if dismissed else {}),
        "timings": timings if isinstance(timings, dict) else {},
    }


def render_json(report: Report) -> str:
    """:func:`to_dict` as UTF-8 JSON indented by two, newline-terminated; never NaN/Infinity."""
    return dumps(to_dict(report), indent=2, allow_nan=False) + "\n"
