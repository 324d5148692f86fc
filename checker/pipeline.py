"""The whole check, stage by stage: documents -> claims -> embeddings -> matches -> findings.

Pure apart from the caches (embeddings, readings, sentence splits; see
:mod:`checker.kvcache`), which never change a result: the same documents and rules
give the same report, cold or warm. Callers do the I/O (reading files, writing reports).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from .claims import extract_claims
from .documents import document_from_text, read_documents
from .embed import Embedder
from .match import embed_claims, match_claims
from .model import LEVEL_RANK, Document, Finding, Report
from .rules import RulePack, load_rules, run_rules
from .suppress import prepare, split


@cache
def default_embedder() -> Embedder:
    """One embedder per process: the model loads once, whatever calls ``check``."""
    return Embedder()


@cache
def default_rules() -> RulePack:
    return load_rules()


def check(
    documents: Sequence[Document | str | Path],
    rules: RulePack | str | Path | None = None,
    *,
    embedder: Embedder | None = None,
    default_date: dt.date | None = None,
) -> Report:
    """Check a set of articles against each other and return the report.

    ``documents`` may be ``Document`` objects or paths (files or folders);
    ``rules`` a loaded pack, a rules folder, or None for the project's pack;
    ``default_date`` dates the articles that carry no date of their own.
    """
    t0 = time.perf_counter()
    pack = (
        rules if isinstance(rules, RulePack) else (load_rules(rules) if rules else default_rules())
    )
    embedder = embedder or default_embedder()
    docs: list[Document] = [d for d in documents if isinstance(d, Document)]
    paths = [p for p in documents if not isinstance(p, Document)]
    if paths:
        docs.extend(read_documents(paths))
    if default_date is not None:
        docs = [d if d.date else dataclasses.replace(d, date=default_date) for d in docs]
    # Inline "<!-- checker: ignore RULE -->" comments: blanked out, their findings counted apart.
    rule_ids = [r.id for r in pack.rules]
    prepared = [prepare(d, rule_ids) for d in docs]
    docs = [d for d, _ in prepared]
    timings: dict[str, float] = {}
    t = time.perf_counter()
    claims = [c for d in docs for c in extract_claims(d, pack.semantics)]
    timings["extract"] = time.perf_counter() - t

    t = time.perf_counter()
    comparable, vectors, focus = embed_claims(claims, embedder)
    timings["embed"] = time.perf_counter() - t
    timings["embedded_by_model"] = embedder.computed

    t = time.perf_counter()
    matches = match_claims(comparable, vectors, pack.matching, focus)
    timings["match"] = time.perf_counter() - t

    t = time.perf_counter()
    findings, flags = run_rules(pack, docs, claims, matches)
    findings, suppressed = split(findings, [sup for _, sup in prepared])
    findings.sort(key=finding_order)
    timings["rules"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    return Report(
        documents=tuple(docs),
        claims=tuple(claims),
        matches=tuple(matches),
        findings=tuple(findings),
        model=embedder.name,
        rules=tuple(r.id for r in pack.enabled),
        flags=flags,
        suppressed=tuple(suppressed),
        timings={k: round(v, 4) if isinstance(v, float) else v for k, v in timings.items()},
    )


def finding_order(f: Finding) -> tuple:
    first = f.evidence[0] if f.evidence else None
    return (
        -LEVEL_RANK[f.level],
        f.verdict,
        f.rule,
        first.doc if first else "",
        first.start if first else 0,
    )


def compare_texts(a: str, b: str, rules: RulePack | str | Path | None = None) -> list[Finding]:
    """Findings between two statements, read as two one-line documents ``a`` and ``b``."""
    docs = [document_from_text(a, "a"), document_from_text(b, "b")]
    return list(check(docs, rules).findings)
