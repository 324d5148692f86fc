"""The one way in: every command, the web page and library users call these functions.

Each runs the pipeline in one order, stage by stage::

    documents -> suppressions -> claims -> embeddings -> candidates -> matches
              -> rules -> suppressed findings apart -> sorted -> Report

and only here: the stages (:mod:`checker.read.claims`, :mod:`checker.compare.match`,
:mod:`checker.rules`, :mod:`checker.archive` for the store) never call each other
up the chain. Candidates come from the documents themselves (:func:`check`) or from
a coverage store's vector index (:func:`check_draft`). The caches (embeddings,
readings, sentence splits; see :mod:`checker.core.kvcache`) never change a result: the
same documents and rules give the same report, cold or warm. Callers do the I/O
(reading options, writing reports).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .compare import stories
from .compare.ahead import EmbedAhead
from .compare.embed import Embedder
from .compare.embed_multi import MultiEmbedder
from .compare.match import (
    FLOOR,
    distinct_claims,
    embed_claims,
    family,
    judge_candidates,
    match_claims,
    repeats_kept,
    similar_pairs,
    texts_to_embed,
)
from .compare.stories import one_story as one_story_of
from .config import Config
from .core.errors import InputError
from .core.model import Claim, Document, Finding, Match, Report, Sighting, Story
from .defaults import (
    Rules,
    configured,
    default_embedder,
    default_rules,
    embedding_backend,
    multilingual_embedder,
    open_store,
    rule_pack,
    same_backend,
    warm_up,
)
from .lang import base_code
from .lang.lexicon import grammar_notes
from .pipeline import Progress, claims_of, judged, prepared, quiet
from .read.claims import extract_claims
from .read.dismiss import Dismissed, dismiss
from .read.documents import document_from_text, read_bytes, read_documents
from .read.suppress import DIRECTIVE
from .rules import RulePack, run_translation_rules, sort_findings

if TYPE_CHECKING:
    from .archive.audit import Audit
    from .archive.coverage import Search
    from .archive.indexing import IndexSummary
    from .compare.translation import Comparison
    from .verify import Verdict

# The store's modules, the translation check and ``verify`` load when a function that uses
# them is called: a report on a folder imports none of them (~60 ms of a warm run).


def __getattr__(name: str):
    if name == "Audit":  # named in __all__: a library user may import it from here
        from .archive.audit import Audit

        return Audit
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "NO_COVERAGE", "NO_FIGURES", "Audit", "Dismissed", "Progress", "Rules", "check", "check_draft",
    "check_translation", "check_translation_documents", "check_translation_files", "claims", "compare_texts", "configured", "default_embedder", "default_rules", "dismiss",
    "embedding_backend",
    "group_stories", "index", "open_store", "read_draft", "rule_pack", "store_notes", "track",
    "verify", "verify_store", "warm_up",
]  # fmt: skip


def _documents(
    items: Sequence[Document | str | Path],
    default_date: dt.date | None,
    each: Callable[[Document], None] | None = None,
):
    docs: list[Document] = [d for d in items if isinstance(d, Document)]
    paths = [p for p in items if not isinstance(p, Document)]
    if each is not None:
        for d in docs:
            each(d)
    if paths:
        docs.extend(read_documents(paths, each=each))
    if default_date is not None:
        docs = [d if d.date else dataclasses.replace(d, date=default_date) for d in docs]
    return docs


def _rounded(timings: dict) -> dict:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in timings.items()}


def check(
    documents: Sequence[Document | str | Path],
    rules: Rules = None,
    *,
    embedder: Embedder | None = None,
    default_date: dt.date | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
    one_story: bool = False,
    multilingual: MultiEmbedder | None = None,
) -> Report:
    """Check a set of articles against each other and return the report.

    ``documents`` may be ``Document`` objects or paths (files or folders); ``rules`` a
    loaded pack, a rules folder, or None for the project's pack (with ``config`` applied
    when given); ``default_date`` dates the articles that carry no date of their own;
    ``progress`` is told how far the run is (see :data:`Progress`). The articles are
    grouped into stories first (:mod:`checker.compare.stories`) and claims meet only inside a
    story; ``one_story`` keeps them all in one. Articles in two or more languages
    (``Document.language``) are grouped, and their claims matched across languages, on
    ``multilingual`` vectors (:mod:`checker.compare.embed_multi`; the process's own when None);
    articles all in one language never load that model.
    """
    t0 = time.perf_counter()
    tell = progress or quiet
    pack = rule_pack(rules, config)
    embedder = embedder or default_embedder(config)
    computed_before = embedder.computed
    timings: dict[str, float] = {}
    # the model embeds on a thread while this one reads; leaving the block waits for it
    with _Ahead(embedder, grouping=not one_story) as ahead:
        tell("reading", 0, 0)
        docs, suppressions = prepared(_documents(documents, default_date, ahead.read), pack)
        tell("reading", len(docs), len(docs))
        t = time.perf_counter()
        claims = claims_of(docs, pack, tell, ahead.claims_read)
        timings["extract"] = time.perf_counter() - t
        t = time.perf_counter()
        tell("embedding", 0, 0)
    comparable, vectors, focus = embed_claims(claims, embedder)  # read from the cache
    tell("embedding", 2 * len(comparable), 2 * len(comparable))
    timings["embed"] = time.perf_counter() - t
    across = None
    if len({d.language for d in docs}) > 1:
        t = time.perf_counter()
        multilingual = multilingual or multilingual_embedder()
        n = len(comparable)
        both = multilingual.embed(texts_to_embed(comparable))
        across = ({d.id: d.language for d in docs}, both[:n], both[n:])
        timings["embed_across"] = time.perf_counter() - t

    t = time.perf_counter()
    if one_story:
        found = one_story_of(docs)
    else:
        found = group_stories(docs, embedder, pack, multilingual if across else None)
    timings["stories"] = time.perf_counter() - t
    # texts the model embedded for this check (claims' and, when grouping, articles' leads)
    timings["embedded_by_model"] = embedder.computed - computed_before

    t = time.perf_counter()
    tell("matching", 0, 1)
    matches = _matched_by_story(found, comparable, vectors, focus, pack, across)
    tell("matching", 1, 1)
    timings["match"] = time.perf_counter() - t

    t = time.perf_counter()
    tell("rules", 0, 1)
    originals = _originals(docs)
    if originals:  # a translation meets its original in the translation check, not as coverage
        matches = [m for m in matches if originals.get(m.a.doc) != m.b.doc
                   and originals.get(m.b.doc) != m.a.doc]  # fmt: skip
    findings, suppressed, flags = judged(pack, docs, claims, matches, suppressions)
    translated, notes = _translations(docs, pack)
    if translated:
        findings = sort_findings([*findings, *translated])
    tell("rules", 1, 1)
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
        timings=_rounded(timings),
        stories=tuple(found),
        notes=grammar_notes(docs) + notes,
    )


class _Ahead(EmbedAhead):
    """What :func:`check`'s stages will embed, embedded on a thread while the check reads:
    each article's two leads as it is read (:func:`group_stories` embeds them when it has two
    articles or more to group; an article with a directive waits for the stage, as its text
    is blanked first), and the texts :func:`~checker.compare.match.embed_claims` embeds for
    each article's claims as they are read anew."""

    def __init__(self, embedder: Embedder, grouping: bool) -> None:
        super().__init__(embedder.embed)
        self.grouping = grouping
        self.waiting: list[Document] = []
        self.seen = 0

    def read(self, doc: Document) -> None:
        self.seen += 1
        if not self.grouping or DIRECTIVE.search(doc.text):
            return
        self.waiting.append(doc)
        if self.seen >= 2:  # two articles: grouping will embed every article's leads
            self.submit([text for d in self.waiting for text in stories.lead_texts(d)])
            self.waiting.clear()

    def claims_read(self, _doc: Document, claims: list[Claim]) -> None:
        self.submit(texts_to_embed([c for c in claims if family(c) is not None]))


def _originals(docs: Sequence[Document]) -> dict[str, str]:
    """Translation id -> the id of its original, for each article whose front matter names
    (``translation_of:``) another article of ``docs``."""
    ids = {d.id for d in docs}
    return {d.id: d.translation_of for d in docs
            if d.translation_of in ids and d.translation_of != d.id}  # fmt: skip


def _stored_originals(store, drafts: Sequence[Document]) -> list[Document]:
    """The stored articles that drafts name as their original (``translation_of:``) and that
    are not drafts themselves, read again into sentences as the translation check needs."""
    wanted = {d.translation_of for d in drafts if d.translation_of} - {d.id for d in drafts}
    if not wanted:
        return []
    rows = store.document_rows(sorted(wanted))
    loaded = store.load_documents(rows.values())
    return [
        document_from_text(d.text, d.id, path=d.path, date=d.date, outlet=d.outlet,
                           language=d.language, title=d.title, url=d.url, line=d.line)
        for _, d in sorted(loaded.items())
    ]  # fmt: skip


def _translations(docs: Sequence[Document], pack: RulePack) -> tuple[list[Finding], tuple]:
    """The translation check (:func:`check_translation_documents`) of every article that
    declares its original among ``docs``, and a note for each that names none of them."""
    by_id = {d.id: d for d in docs}
    findings: list[Finding] = []
    notes = []
    for doc in docs:
        if doc.translation_of is None:
            continue
        original = by_id.get(doc.translation_of)
        if original is None or original is doc:
            notes.append(
                f"{doc.path or doc.id}: translation_of names {doc.translation_of!r}, which is no "
                "other article of this check: its figures were not checked against an original"
            )
            continue
        from .compare.translation import compare_documents  # loads with a translation only

        comparison = compare_documents(original, doc, pack.semantics)
        findings += run_translation_rules(pack, comparison)
        notes.append(_translation_note(comparison))
    return findings, tuple(notes)


def group_stories(
    docs: Sequence[Document],
    embedder: Embedder,
    pack: RulePack,
    multilingual: MultiEmbedder | None = None,
) -> list[Story]:
    """The stories ``docs`` tell (see :mod:`checker.compare.stories`); one article is one story.
    Two articles in two languages are compared on ``multilingual`` vectors when given."""
    if len(docs) < 2:
        return one_story_of(docs)
    across = multilingual.embed if multilingual is not None else None
    return stories.group_articles(docs, embedder.embed, pack.stories, across)


def _matched_by_story(
    found: Sequence[Story], claims: Sequence[Claim], keys, focus, pack: RulePack, across=None
) -> list[Match]:
    """:func:`match_claims` inside each story: claims of two stories never meet. ``across``:
    documents' languages and the claims' multilingual key and focus vectors, when the
    documents are in more than one language."""
    if len(found) <= 1:
        return match_claims(claims, keys, pack.matching, focus, across)
    story_of = stories.stories_by_doc(found)
    rows: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        rows.setdefault(story_of.get(c.doc, ""), []).append(i)
    out: list[Match] = []
    for idx in rows.values():
        if len(idx) > 1:
            part = across and (across[0], across[1][idx], across[2][idx])
            out += match_claims(
                [claims[i] for i in idx], keys[idx], pack.matching, focus[idx], part or None
            )
    out.sort(key=lambda m: (m.a.doc, m.a.start, m.b.doc, m.b.start))
    return out


def compare_texts(a: str, b: str, rules: Rules = None) -> list[Finding]:
    """Findings between two statements, read as two one-line documents ``a`` and ``b``."""
    docs = [document_from_text(a, "a"), document_from_text(b, "b")]
    return list(check(docs, rules).findings)


def check_draft(
    store,
    drafts: Sequence[Document | str | Path],
    rules: Rules = None,
    *,
    embedder: Embedder | None = None,
    config: Config | None = None,
    search: Search | None = None,
    context: int = 20,
    default_date: dt.date | None = None,
    record: str | None = None,
    multilingual: MultiEmbedder | None = None,
) -> Report:
    """The drafts' claims against the stored articles of their own story; findings touch
    the drafts only.

    Candidates come from the store's vector index (``search``, see
    :func:`checker.archive.coverage.store_candidates`); the stored articles they come from are scored
    against the drafts as two articles of one story are (:func:`checker.archive.coverage.in_story`), and only those of
    the drafts' story stay. They and the drafts' pairs among themselves are judged by the
    same judge and rules as :func:`check`. The report's one story names the articles it
    compared with; when the store holds no article of the story, the report says "no
    earlier coverage of this story" and holds no pair findings. A draft without a date is
    dated ``default_date``, today unless given.

    What the store itself must say (articles indexed by a checker that read figures
    differently, articles an interrupted index left staged) is in the report's notes and a
    :class:`~checker.archive.store.StoreWarning`. With ``record`` (what was checked, e.g. the drafts'
    names), the findings are recorded in the store's history; a store that cannot be written
    still checks, with a warning.

    A store indexed ``--across-languages`` holds multilingual vectors of every article: the
    drafts' claims are embedded also by ``multilingual`` (the process's own when None) and
    search those of the stored articles in other languages than their draft's
    (:func:`checker.archive.coverage.across_candidates`); a draft and a stored article in two
    languages meet on those vectors only, for their claims and for their story, as in
    :func:`check`. A store without them, or holding no other language, never loads that model.
    """
    from .archive.coverage import (
        Search,
        across_candidates,
        context_documents,
        in_story,
        other_languages,
        store_candidates,
    )
    from .archive.store import StoreWarning

    t0 = time.perf_counter()
    pack = rule_pack(rules, config)
    embedder = same_backend(store, embedder or default_embedder(config))
    today = default_date or dt.date.today()
    drafts, suppressions = prepared(_documents(drafts, today), pack)
    s = pack.matching
    timings: dict[str, float] = {}
    claims = claims_of(drafts, pack)
    timings["extract"] = time.perf_counter() - t0

    t = time.perf_counter()
    comp, key_v, focus_v = embed_claims(claims, embedder)
    timings["embed"] = time.perf_counter() - t

    t = time.perf_counter()
    rows = distinct_claims(comp, repeats_kept(s.max_candidates))  # a line said 1,000 times
    if len(rows) < len(comp):
        comp, key_v, focus_v = [comp[i] for i in rows], key_v[rows], focus_v[rows]
    internal = list(similar_pairs(comp, key_v, focus_v, FLOOR, s.max_candidates))
    found = store_candidates(store, drafts, comp, key_v, focus_v, s, search or Search())
    multi = None
    across = store.across_languages()  # the store holds vectors across languages
    if across:
        multi_key = multi_focus = None
        if other_languages(store, drafts) and comp:
            t_across = time.perf_counter()
            multi = multilingual or multilingual_embedder()
            both = multi.embed(texts_to_embed(comp))
            multi_key, multi_focus = both[: len(comp)], both[len(comp) :]
            timings["embed_across"] = time.perf_counter() - t_across
        found = across_candidates(store, drafts, comp, found, multi_key, multi_focus,
                                  search or Search())  # fmt: skip
    offered = len(found.doc_rows)  # stored articles with a figure like one of the drafts'
    found, story_docs = in_story(store, found, drafts, embedder, pack.stories, multi)
    languages = {d.id: d.language for d in [*drafts, *story_docs]}
    if across and len(set(languages.values())) > 1:  # pairs across languages: the judge is told
        matches = judge_candidates(internal + found.pairs, s, languages=languages)
    else:
        matches = judge_candidates(internal + found.pairs, s)
    timings["search"] = time.perf_counter() - t

    t = time.perf_counter()
    draft_ids = {d.id for d in drafts}
    shown = context_documents(found, matches, draft_ids, context, story_docs)
    rule_docs = [*drafts, *shown.documents]
    findings, suppressed, flags = judged(
        pack, rule_docs, claims + shown.claims, matches, suppressions, draft_ids
    )
    originals = _stored_originals(store, drafts)
    translated, translation_notes = _translations([*drafts, *originals], pack)
    if translated:
        findings = sort_findings([*findings, *translated])
    notes = store_notes(store)
    for note in notes:
        warnings.warn(note, StoreWarning, stacklevel=2)
    notes += grammar_notes(drafts) + translation_notes
    if not story_docs:
        notes += (NO_COVERAGE if offered else NO_FIGURES,)
        findings = [f for f in findings if f.verdict != "single-source"]
    if record is not None:
        try:
            store.record_run("check", record, findings, suppressed)
        except Exception as exc:  # noqa: BLE001 - a read-only store still checks
            warnings.warn(f"findings not recorded: {exc}", StoreWarning, stacklevel=2)
    timings["rules"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    used = shown.used | {e.doc for f in (*findings, *suppressed) for e in f.evidence}
    matched = {c.id for m in matches for c in (m.a, m.b)}
    story = stories.story_of([*drafts, *story_docs])
    shown_docs = [d for d in shown.documents if d.id in used]
    shown_docs += [d for d in originals if d.id in used and d.id not in {x.id for x in shown_docs}]
    return Report(
        documents=(*drafts, *shown_docs),
        claims=tuple(claims + [c for c in shown.claims if c.id in matched]),
        matches=tuple(matches),
        findings=tuple(findings),
        model=embedder.name,
        rules=tuple(r.id for r in pack.enabled),
        flags={k: v for k, v in flags.items() if k in draft_ids or k in used},
        timings={**_rounded(timings), "candidates": len(found.pairs)},
        suppressed=tuple(suppressed),
        stories=(story,),
        notes=notes,
    )


def store_notes(store) -> tuple[str, ...]:
    """What a check against ``store`` must say about the store itself: articles whose claims
    another version of checker read, articles an interrupted ``checker index`` left staged."""
    notes = []
    if stale := store.stale_documents():
        notes.append(
            f"{store.path}: {stale} article(s) were indexed by a checker that read figures "
            "differently; run `checker index` on them again"
        )
    if staged := store.staged_count():
        notes.append(
            f"{store.path}: {staged} article(s) staged by an interrupted `checker index` are "
            "not searchable yet; run it again to finish them"
        )
    if store.across_languages() and (missing := store.missing_across()):
        notes.append(
            f"{store.path}: {missing} article(s) have no vectors across languages yet (an "
            "interrupted `checker index`?): drafts in other languages do not reach them; run "
            "it again to finish them"
        )
    return tuple(notes)


#: What a draft is told when the stored articles with figures like its own all tell other
#: stories ...
NO_COVERAGE = (
    "no earlier coverage of this story's figures in the store "
    "(stored articles with similar figures tell other stories)"
)
#: ... and when no stored article has a figure comparable with the draft's (the store may
#: hold the story, with no figure to compare).
NO_FIGURES = (
    "no earlier coverage of this story's figures in the store "
    "(no stored article has a figure comparable with this draft's)"
)


def index(
    store,
    paths: Sequence[Path | str],
    rules: Rules = None,
    *,
    embedder: Embedder | None = None,
    config: Config | None = None,
    batch_size: int = 16,
    default_date: dt.date | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    limit: int | None = None,
    across_languages: bool = False,
) -> IndexSummary:
    """Add every article under ``paths`` to ``store`` (incremental; safe to kill).

    ``on_progress(done, total)`` hears of each batch of articles written (and of unchanged
    ones passed over; the CLI's bar and the web page's draw it). With ``workers`` (a
    new local Dask cluster of that many processes) or ``scheduler`` (the address of a running
    one), the per-article work (sentences, claims, vectors) runs on the cluster's workers and
    this process writes the results: the same store as without. ``limit`` stops after that
    many new articles (a later run indexes the rest).

    ``across_languages`` asks the store to hold multilingual vectors of every article from
    now on (recorded in the store: every later run keeps them up to date, and
    :func:`check_draft` searches them), so that a draft meets stored articles of other
    languages; the articles already stored get theirs in this run. Indexing then takes
    about 1.7 times as long (docs/store.md).
    """
    from .archive import cluster
    from .archive.indexing import index_paths
    from .archive.store import claims_version

    embedder = same_backend(store, embedder or default_embedder(config))
    pack = rule_pack(rules, config)
    if across_languages and not store.across_languages():
        store.hold_across_languages()
    multilingual = multilingual_embedder() if store.across_languages() else None
    options = dict(batch_size=batch_size, default_date=default_date,
                   on_progress=on_progress, limit=limit, multilingual=multilingual)  # fmt: skip
    if workers is None and scheduler is None:
        return index_paths(store, paths, pack, embedder, **options)
    with cluster.connect(workers, scheduler) as running:
        runner = cluster.DaskRunner(
            running.client, pack.semantics, embedder.backend,
            threads=cluster.threads_per_worker(running), expect_version=claims_version(),
        )  # fmt: skip
        return index_paths(store, paths, pack, embedder, runner=runner, **options)


def verify_store(path: str | Path) -> Audit:
    """The whole store at ``path`` checked: file, pages, rows, references, vectors, the vector
    index against the table (``checker store verify``); a path that is no store file is a
    :class:`~checker.archive.store.StoreError`."""
    from .archive.audit import audit_store

    return audit_store(path)


def read_draft(data: bytes, name: str = "draft.md", *, max_bytes: int = 20_000_000) -> Document:
    """A draft given as bytes (pasted into or dropped on a page), read as the ``.md`` or
    ``.txt`` file ``name`` would be: front matter, the same errors naming ``name``
    (:class:`checker.core.errors.InputError`: empty, binary, not UTF-8, malformed front matter)."""
    if not name.lower().endswith((".md", ".markdown", ".txt")):
        raise InputError(name, None, "a draft is one .md or .txt file")
    (doc,) = read_bytes(data, name, max_bytes=max_bytes)
    return doc


def track(
    store,
    query: str,
    rules: Rules = None,
    *,
    embedder: Embedder | None = None,
    config: Config | None = None,
    min_similarity: float = 0.5,
) -> list[Sighting]:
    """Every stored claim about ``query`` ("hostages held by Hamas"), oldest first."""
    from .archive.track import track_claims

    pack = rule_pack(rules, config)
    embedder = same_backend(store, embedder or default_embedder(config))
    return track_claims(store, query, pack, embedder, min_similarity=min_similarity)


def claims(
    paths: Sequence[Document | str | Path], rules: Rules = None, *, config: Config | None = None
) -> list[tuple[Document, list[Claim]]]:
    """Every document under ``paths`` with its claims, in reading order."""
    pack = rule_pack(rules, config)
    return [(d, extract_claims(d, pack.semantics)) for d in _documents(paths, None)]


def verify(
    statement: str,
    source: str | Path | Document | Sequence[Document | Path],
    rules: Rules = None,
    *,
    embedder: Embedder | None = None,
    config: Config | None = None,
) -> Verdict:
    """Does ``source`` (text, a file, a Document or several) support the figures in
    ``statement``? supported / contradicted / unsupported, figure by figure."""
    from .verify import verify_documents

    pack = rule_pack(rules, config)
    if isinstance(source, Document):
        src = source
    elif isinstance(source, str):
        src = document_from_text(source, "source")
    else:
        docs = _documents([source] if isinstance(source, Path) else source, None)
        src = docs[0] if len(docs) == 1 else _joined(docs)
    stmt = document_from_text(statement, "statement", language=src.language)
    return verify_documents(stmt, src, pack, embedder or default_embedder(config))


def _joined(docs: list[Document]) -> Document:
    if not docs:
        raise ValueError("no source documents")
    text = "\n\n".join(d.text for d in docs)
    return document_from_text(text, "source", language=docs[0].language)


def check_translation(
    source: str,
    target: str,
    source_language: str | None = None,
    target_language: str | None = None,
    rules: Rules = None,
    *,
    config: Config | None = None,
) -> Report:
    """Every figure of ``source`` checked in its translation ``target``: the same
    :class:`~checker.core.model.Report`, findings and levels as :func:`check`. The languages
    are detected from the texts when not given (:func:`checker.read.article.detect_language`).

    The sentences are aligned by order and figures (:mod:`checker.compare.align`), then each
    source figure is looked for in its aligned target sentence, each read in its own
    language's conventions (:mod:`checker.compare.translation`); the ``translation-*`` rules
    say which differences an editor hears about."""
    src = document_from_text(source, "source", language=source_language)
    tgt = document_from_text(target, "target", language=target_language)
    return check_translation_documents(src, tgt, rules, config=config)


def check_translation_files(
    source: str | Path,
    target: str | Path,
    source_language: str | None = None,
    target_language: str | None = None,
    rules: Rules = None,
    *,
    config: Config | None = None,
) -> Report:
    """:func:`check_translation` on two files, each one article (``.txt`` or ``.md``, front
    matter read as by ``checker report``); a language given here overrides the file's."""
    docs = []
    for path, code in ((source, source_language), (target, target_language)):
        found = read_documents([path])
        if len(found) != 1:
            raise InputError(str(path), None, f"holds {len(found)} articles; give one article "
                             "per file (the original, then its translation)")  # fmt: skip
        doc = found[0]
        if code:
            doc = dataclasses.replace(doc, language=base_code(code))
        docs.append(doc)
    return check_translation_documents(docs[0], docs[1], rules, config=config)


def check_translation_documents(
    source: Document, target: Document, rules: Rules = None, *, config: Config | None = None
) -> Report:
    """:func:`check_translation` on two documents (read from files, with their front matter)."""
    from .compare.translation import compare_documents

    t0 = time.perf_counter()
    pack = rule_pack(rules, config)
    if source.id == target.id:
        target = dataclasses.replace(target, id=f"{target.id} (translation)")
    comparison = compare_documents(source, target, pack.semantics)
    findings = sort_findings(run_translation_rules(pack, comparison))
    t = time.perf_counter() - t0
    return Report(
        documents=(source, target),
        claims=tuple(_figure_claims(comparison)),
        matches=(),
        findings=tuple(findings),
        model="none (sentences aligned by order, figures, length and names)",
        rules=tuple(r.id for r in pack.enabled if r.kind.startswith("translation-")),
        timings={"total": round(t, 4), "sentence_pairs": len(comparison.beads)},
        stories=(Story("translation", (source.id, target.id)),),
        notes=(_translation_note(comparison),),
    )


def _figure_claims(comparison: Comparison) -> list[Claim]:
    """The figures of both texts as claims (what the writers count and quote)."""
    out: dict[str, Claim] = {}
    for p in comparison.pairs:
        for doc, q in ((comparison.source, p.source), (comparison.target, p.target)):
            if q is None:
                continue
            cid = f"{doc.id}:{q.start}"
            sent = next((x for x in doc.sentences if x.start <= q.start < x.end), None)
            out[cid] = Claim(
                id=cid, doc=doc.id, sentence=sent.index if sent else 0, quantity=q,
                subject="", event=None, key_text="",
                sentence_text=sent.text if sent else "", sentence_start=sent.start if sent else 0,
            )  # fmt: skip
    return sorted(out.values(), key=lambda c: (c.doc != comparison.source.id, c.start))


def _translation_note(c: Comparison) -> str:
    pairs = sum(1 for b in c.beads if b.source and b.target)
    figures = sum(1 for p in c.pairs if p.source is not None)
    same = sum(1 for p in c.pairs if p.source is not None and p.same)
    return (
        f"translation: {c.source.id} ({c.source.language}) -> {c.target.id} "
        f"({c.target.language}): {len(c.source.sentences)} sentences against "
        f"{len(c.target.sentences)}, {pairs} aligned pairs; {same} of {figures} figures of "
        "the original found unchanged"
    )
