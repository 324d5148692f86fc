"""The stages every check runs, in one order, for every entry point: :func:`checker.api.check`
and :func:`~checker.api.check_draft` (articles against each other, or a draft against its
story in the store) and :func:`~checker.verify.verify_documents` (one statement against a
source) all read claims, and judge their matches, with these functions::

    prepared (inline suppressions blanked out) -> claims_of -> ... matches ...
        -> judged (rules; suppressed findings apart; many findings about one repeated
           claim grouped into one; sorted) -> flags

How the matches are found is each entry point's own: stories and the learned judge for
articles, the store's vector index for a draft, a one-to-one assignment for a statement.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .core.model import Claim, Document, Finding, Match
from .lang.lexicon import language
from .read.claims import extract_claims, extract_claims_of
from .read.kept import claims_of_documents
from .read.suppress import Suppressions, prepare, split
from .rules import RulePack, group_findings, run_rules, sort_findings

#: ``progress(stage, done, total)``: told as a long run moves on. Stages, in order: "reading"
#: (articles, done = total once read), "claims" (per article), "embedding" (texts; one call
#: when the embedder is done, total 0 while it runs), "matching" and "rules" (0 of 1, then 1
#: of 1). It never changes a result.
Progress = Callable[[str, int, int], None]


def quiet(stage: str, done: int, total: int) -> None:
    return None


def prepared(docs: Sequence[Document], pack: RulePack) -> tuple[list[Document], list[Suppressions]]:
    """Inline "<!-- checker: ignore RULE -->" comments: blanked out of the text, kept to set
    their findings apart."""
    ids = [r.id for r in pack.rules]
    pairs = [prepare(d, ids) for d in docs]
    return [d for d, _ in pairs], [s for _, s in pairs]


def claims_of(
    docs: Sequence[Document],
    pack: RulePack,
    progress: Progress = quiet,
    fresh: Callable[[Document, list[Claim]], None] | None = None,
) -> list[Claim]:
    """Every claim of ``docs``, article by article (kept on disk by what they are read from:
    :mod:`checker.read.kept`); ``fresh(document, claims)`` after each article read anew."""
    done = lambda i: progress("claims", i, len(docs))  # noqa: E731
    per_doc = claims_of_documents(
        docs, pack.semantics, extract_claims, done=done, fresh=fresh, read_many=extract_claims_of
    )
    return [c for claims in per_doc for c in claims]


def judged(
    pack: RulePack,
    docs: Sequence[Document],
    claims: Sequence[Claim],
    matches: Sequence[Match],
    suppressions: Sequence[Suppressions] = (),
    only_docs: set[str] | None = None,
    extra: Sequence[Finding] = (),
) -> tuple[list[Finding], list[Finding], dict]:
    """The rules' findings (with the entry point's own ``extra`` findings), sorted, with the
    suppressed ones set apart, and many findings about one repeated claim grouped into one
    (``grouping`` in ``_settings.yaml``); and the documents' flags."""
    findings, flags = run_rules(pack, list(docs), list(claims), list(matches), only_docs=only_docs)
    kept, suppressed = split(sort_findings([*findings, *extra]), suppressions)
    return (
        sort_findings(group_findings(kept, claims, pack.grouping)),
        suppressed,
        flagged(flags, docs),
    )


def flagged(flags: dict, docs: Sequence[Document]) -> dict:
    """The rules' flags, and each document's language flag: ``unsupported-language`` without
    number data (its figures were not read), ``claims-without-grammar`` without claims data
    (its claims were read without a parse; the report's notes say what that means)."""
    out = {k: list(v) if isinstance(v, list | tuple) else [v] for k, v in flags.items()}
    for d in docs:
        flag = language(d.language).flag
        if flag and flag not in out.setdefault(d.id, []):
            out[d.id].append(flag)
    return {k: v for k, v in out.items() if v}
