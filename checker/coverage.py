"""Coverage: the library behind ``checker index``, ``check`` and ``track``.

Indexing articles into a :class:`~checker.store.Store` (incremental, safe to
kill), checking a draft's claims against everything stored (vector-index
candidates, the same structural matching and rules as ``check``), and following
one figure over time. The CLI in :mod:`checker.cli_store` only parses options
and prints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .model import Claim, Document, Report


@dataclasses.dataclass
class IndexSummary:
    files: int = 0
    files_unchanged: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    claims: int = 0
    seconds: float = 0.0
    vectors: int = 0

    def line(self) -> str:
        return (
            f"indexed {self.files} file{'s' * (self.files != 1)} "
            f"({self.files_unchanged} unchanged): {self.added} articles added, "
            f"{self.replaced} replaced, {self.unchanged} unchanged, "
            f"{self.duplicates} duplicate{'s' * (self.duplicates != 1)}; "
            f"{self.claims} claims written in {self.seconds:.1f} s"
        )


def _file_digest(path: Path) -> str:
    """The file's bytes and the claims version: an upgrade that reads figures differently
    re-reads files that have not changed."""
    import hashlib

    from .store import claims_version

    h = hashlib.sha256(claims_version().encode())
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def index_paths(
    store,
    paths: Sequence[Path | str],
    pack,
    embedder,
    *,
    batch_size: int = 16,
    default_date: dt.date | None = None,
    progress: bool = False,
) -> IndexSummary:
    """Add every article under ``paths`` to ``store``; skips unchanged files and articles."""
    from .claims import extract_claims
    from .documents import expand_paths, read_documents
    from .match import family
    from .store import Pending, document_hash
    from .vector_index import VectorIndex

    t0 = time.perf_counter()
    summary = IndexSummary()
    files: list[tuple[str, Path]] = []
    for raw in paths:
        files.extend(expand_paths(raw))
    todo: list[tuple[Path, str, list, int]] = []
    for _shown, path in files:
        summary.files += 1
        digest = _file_digest(path)
        key = os.path.abspath(path)
        if store.source_hash(key) == digest:
            summary.files_unchanged += 1
            continue
        docs = read_documents([path], default_date=default_date)
        fresh = []
        for d in docs:
            uid = f"{key}::{d.id}"
            state = store.known(uid, document_hash(d))
            if state == "unchanged":
                summary.unchanged += 1
            elif state == "duplicate":
                summary.duplicates += 1
            else:
                fresh.append((uid, d))
        todo.append((path, digest, fresh, len(docs)))

    total = sum(len(f) for _, _, f, _ in todo)
    bar = None
    if progress and total:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        bar = Progress(
            TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )  # fmt: skip
        bar.start()
        task = bar.add_task("index", total=total)
    try:
        for path, digest, fresh, n_docs in todo:
            key = os.path.abspath(path)
            for i in range(0, len(fresh), batch_size):
                batch = fresh[i : i + batch_size]
                items = []
                all_claims = [extract_claims(d, pack.semantics) for _, d in batch]
                texts: list[str] = []
                for claims in all_claims:
                    comp = [c for c in claims if family(c) is not None]
                    texts += [c.key_text for c in comp] + [c.focus_text for c in comp]
                vectors = embedder.embed(texts)
                pos = 0
                for (uid, d), claims in zip(batch, all_claims, strict=True):
                    n = sum(1 for c in claims if family(c) is not None)
                    kv, fv = vectors[pos : pos + n], vectors[pos + n : pos + 2 * n]
                    pos += 2 * n
                    items.append(Pending(uid, key, d, tuple(claims), kv, fv))
                res = store.add(items)
                summary.added += res.added
                summary.replaced += res.replaced
                summary.unchanged += res.unchanged
                summary.duplicates += res.duplicates
                summary.claims += res.claims
                if bar is not None:
                    bar.advance(task, len(batch))
            store.mark_source(key, digest, n_docs)
    finally:
        if bar is not None:
            bar.stop()
    if summary.added or summary.replaced:
        summary.vectors = sum(VectorIndex.for_store(store).refresh().values())
    summary.seconds = time.perf_counter() - t0
    return summary


# --------------------------------------------------------------------------- check


def check_against_store(
    store,
    drafts: Sequence[Document],
    pack,
    embedder,
    *,
    k: int = 32,
    per_text: int = 20,
    max_candidates: int = 200,
    context: int = 20,
    suppressions: Sequence = (),
) -> Report:
    """The drafts' claims against every stored claim; findings touch the drafts only.

    Candidates come from the vector index of each claim family (``k`` nearest
    embedded texts for the key and for the focus text of each draft claim), are
    expanded to the stored claims with those texts (at most ``per_text`` per
    text, most recent first, ``max_candidates`` per draft claim), re-scored
    exactly (max of key and focus cosines, as in ``check``) and judged by
    :func:`checker.match.judge_candidates`. The rules see the drafts, the
    matched articles and up to ``context`` other nearest candidate articles.
    """
    from .claims import extract_claims
    from .match import embed_claims, family, judge_candidates, similar_pairs
    from .pipeline import finding_order
    from .rules import run_rules
    from .store import document_hash
    from .suppress import split
    from .vector_index import VectorIndex

    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    s = pack.matching
    claims = [c for d in drafts for c in extract_claims(d, pack.semantics)]
    timings["extract"] = time.perf_counter() - t0

    t = time.perf_counter()
    comp, key_v, focus_v = embed_claims(claims, embedder)
    timings["embed"] = time.perf_counter() - t

    t = time.perf_counter()
    # the drafts among themselves (within a draft, as in ``check``)
    internal = list(similar_pairs(comp, key_v, focus_v, s.similarity))
    blocks: dict[str, list[int]] = {}
    for i, c in enumerate(comp):
        blocks.setdefault(family(c), []).append(i)

    # the drafts' own stored versions (same file, or same content) are not evidence
    excluded: set[int] = set()
    for d in drafts:
        uids = [f"{d.path}::{d.id}", f"{os.path.abspath(d.path)}::{d.id}"] if d.path else []
        excluded |= {
            r[0]
            for r in store.db.execute(
                "SELECT id FROM document WHERE hash=? OR uid IN (?, ?)",
                (document_hash(d), *(uids or ["", ""])),
            )
        }

    vindex = VectorIndex.for_store(store)
    wanted: dict[int, list[tuple[int, int, int]]] = {}  # comp index -> (row, key, focus)
    floor = s.similarity - 0.05  # the index is int8 and approximate: re-scored below
    for fam, idx in blocks.items():
        hits_k = _search_above(vindex, fam, key_v[idx], k, floor)
        hits_f = _search_above(vindex, fam, focus_v[idx], k, floor)
        for j, i in enumerate(idx):
            scored: dict[int, float] = {}
            for emb, sim in hits_k[j] + hits_f[j]:
                if sim >= floor:
                    scored[emb] = max(sim, scored.get(emb, -1.0))
            rows: dict[int, tuple[int, int, int]] = {}
            for emb in sorted(scored, key=scored.__getitem__, reverse=True):
                for row, doc_row, ke, fe in store.claims_with_embedding(fam, emb, per_text):
                    if doc_row not in excluded:
                        rows.setdefault(row, (row, ke, fe))
                if len(rows) >= max_candidates:
                    break
            wanted[i] = list(rows.values())[:max_candidates]
    need = {e for rows in wanted.values() for _, ke, fe in rows for e in (ke, fe)}
    vecs = store.vectors(need)
    keep: dict[int, list[tuple[int, float]]] = {}
    for i, rows in wanted.items():
        for row, ke, fe in rows:
            sim = max(float(key_v[i] @ vecs[ke]), float(focus_v[i] @ vecs[fe]))
            if sim >= s.similarity:
                keep.setdefault(i, []).append((row, sim))
    by_row, doc_rows = store.load_claims((r for v in keep.values() for r, _ in v), documents=False)
    # a stored article whose id equals a draft's: rename it in this report
    draft_ids = {d.id for d in drafts}
    renamed: dict[str, str] = {}
    for doc_id in list(doc_rows):
        if doc_id in draft_ids:
            new = f"{doc_id} (stored)"
            doc_rows[new] = doc_rows.pop(doc_id)
            renamed[doc_id] = new
    if renamed:
        from .store import rename_claim

        by_row = {r: (rename_claim(c, renamed[c.doc]) if c.doc in renamed else c)
                  for r, c in by_row.items()}  # fmt: skip
    # pairs in document-id order, as ``check`` orders them by document
    external = [
        (a, b, sim) if a.doc <= b.doc else (b, a, sim)
        for i, v in keep.items()
        for row, sim in v
        for a, b in [(comp[i], by_row[row])]
    ]
    matches = judge_candidates(internal + external, s)
    timings["search"] = time.perf_counter() - t

    t = time.perf_counter()
    used = {c.doc for m in matches for c in (m.a, m.b)} - draft_ids
    # context: the matched articles, and the nearest other candidates (coverage of the story
    # that matched nothing still counts as seen, e.g. for single-source and title rules)
    nearest = sorted(((sim, by_row[row].doc) for v in keep.values() for row, sim in v),
                     reverse=True)  # fmt: skip
    context_ids = set(used)
    for _, doc_id in nearest:
        if len(context_ids) >= len(used) + context:
            break
        context_ids.add(doc_id)
    loaded = store.load_documents({doc_rows[d] for d in context_ids})
    by_doc_row = {row: d for d, row in doc_rows.items()}
    context_docs = sorted(
        (dataclasses.replace(doc, id=by_doc_row[row]) for row, doc in loaded.items()),
        key=lambda d: (d.id not in used, d.id),
    )
    stored_used = [c for c in by_row.values() if c.doc in context_ids]
    all_claims = claims + stored_used
    findings, flags = run_rules(pack, [*drafts, *context_docs], all_claims, matches,
                                only_docs=draft_ids)  # fmt: skip
    findings.sort(key=finding_order)
    kept, suppressed = split(findings, suppressions)
    timings["rules"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    used |= {e.doc for f in (*kept, *suppressed) for e in f.evidence}
    matched_ids = {c.id for m in matches for c in (m.a, m.b)}
    shown_claims = claims + [c for c in stored_used if c.id in matched_ids]
    return Report(
        documents=(*drafts, *[d for d in context_docs if d.id in used]),
        claims=tuple(shown_claims),
        matches=tuple(matches),
        findings=tuple(kept),
        model=embedder.name,
        rules=tuple(r.id for r in pack.enabled),
        flags={k: v for k, v in flags.items() if k in draft_ids or k in used},
        timings={**{k: round(v, 4) for k, v in timings.items()}, "candidates": len(external)},
        suppressed=tuple(suppressed),
    )


def _search_above(vindex, fam: str, queries: np.ndarray, k: int, floor: float, limit: int = 1024):
    """Nearest texts of each query, widening ``k`` while the k-th is still above ``floor``:
    near-duplicates (wire copy) must not crowd out other articles' matches."""
    hits = vindex.search(fam, queries, k)
    while k < limit:
        wider = [i for i, h in enumerate(hits) if len(h) == k and h[-1][1] >= floor]
        if not wider:
            break
        k *= 4
        more = vindex.search(fam, queries[wider], k)
        for i, h in zip(wider, more, strict=True):
            hits[i] = h
    return hits


# --------------------------------------------------------------------------- track


@dataclasses.dataclass(frozen=True)
class Sighting:
    claim: Claim
    doc: Document
    similarity: float


def _query_shape(query: str, pack) -> tuple[str, str | None]:
    """What the query counts and its event, read as if it had a number: ('hostage', 'hold')."""
    from .claims import extract_claims, head_subject
    from .documents import document_from_text

    for text in (f"7 {query}", f"the 7th {query}"):
        found = extract_claims(document_from_text(text, "query", language="en"), pack.semantics)
        if found and (found[0].subject or found[0].event):
            return head_subject(found[0]), found[0].event
    return "", None


def track_claims(
    store, query: str, pack, embedder, *, min_similarity: float = 0.5, k: int = 256
) -> list[Sighting]:
    """Stored claims about ``query``, oldest first (undated last)."""
    from .claims import head_subject, normalise_subject
    from .vector_index import VectorIndex

    qv = embedder.embed([query])
    vindex = VectorIndex.for_store(store)
    rows: dict[int, tuple[int, int]] = {}
    for fam in store.families():
        (hits,) = vindex.search(fam, qv, k)
        for emb, sim in hits:
            if sim >= min_similarity - 0.05:
                for row, _doc, ke, fe in store.claims_with_embedding(fam, emb, 10_000):
                    rows[row] = (ke, fe)
    vecs = store.vectors(e for pair in rows.values() for e in pair)
    scored = {}
    for row, (ke, fe) in rows.items():
        sim = max(float(qv[0] @ vecs[ke]), float(qv[0] @ vecs[fe]))
        if sim >= min_similarity:
            scored[row] = sim
    by_row, docs = store.load_claims(scored)
    subject, event = _query_shape(query, pack)
    subject = normalise_subject(subject) if subject else ""
    out = []
    for row, c in by_row.items():
        if c.negated:
            continue
        if event and c.event and c.event != event:
            continue  # "hostages held" is not "hostages released"
        head = head_subject(c)
        if subject and head and head != subject:
            from rapidfuzz import fuzz

            if fuzz.ratio(head, subject) < pack.matching.subject_ratio:
                continue
        out.append(Sighting(c, docs[c.doc], scored[row]))
    out.sort(key=lambda s: (s.doc.date is None, s.doc.date or dt.date.min, s.doc.outlet or "",
                            s.doc.id, s.claim.start))  # fmt: skip
    return out


def track_table(sightings: Sequence[Sighting], width: int = 110) -> str:
    from .report._common import clean, truncate

    if not sightings:
        return "No stored claim matches.\n"
    rows = [("date", "outlet", "figure", "sentence")]
    for s in sightings:
        c = s.claim
        a, b = c.start - c.sentence_start, c.end - c.sentence_start
        t = c.sentence_text
        sentence = clean(t[:a]) + "[" + clean(t[a:b]) + "]" + clean(t[b:])
        rows.append((
            s.doc.date.isoformat() if s.doc.date else "undated",
            truncate(clean(s.doc.outlet or s.doc.id), 24),
            truncate(clean(c.quantity.text), 18),
            truncate(sentence.strip(), width),
        ))  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join([r[0].ljust(widths[0]), r[1].ljust(widths[1]), r[2].ljust(widths[2]), r[3]])
             for r in rows]  # fmt: skip
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 8)
    outlets = {s.doc.outlet or s.doc.id for s in sightings}
    lines.append("")
    n, m = len(sightings), len(outlets)
    lines.append(f"{n} claim{'s' * (n != 1)} from {m} outlet{'s' * (m != 1)}")
    return "\n".join(lines) + "\n"


_MARKERS = {"exact": "o", "approximate": "D", "lower_bound": "^", "upper_bound": "v", "range": "s"}
_APPROX_LABEL = {"exact": "exact", "approximate": "about", "lower_bound": "at least",
                 "upper_bound": "up to", "range": "range"}  # fmt: skip


def track_plot(sightings: Sequence[Sighting], query: str, path: Path) -> int:
    """Draw the figure over time; returns the number of claims plotted (dated only)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    dated = [
        s for s in sightings if s.doc.date is not None and math.isfinite(s.claim.quantity.value)
    ]
    undated = len(sightings) - len(dated)
    outlets = sorted({s.doc.outlet or s.doc.id for s in dated})
    palette = plt.get_cmap("tab10")
    color = {o: palette(i % 10) for i, o in enumerate(outlets)}
    fams = sorted({s.claim.kind for s in dated}) or ["cardinal"]
    fig, axes = plt.subplots(len(fams), 1, figsize=(10, 3.4 + 2.6 * len(fams)), squeeze=False,
                             sharex=True)  # fmt: skip
    for ax, kind in zip(axes[:, 0], fams, strict=True):
        pts = [s for s in dated if s.claim.kind == kind]
        pts.sort(key=lambda s: s.doc.date)
        if pts:
            xs = [s.doc.date for s in pts]
            ys = [s.claim.quantity.value for s in pts]
            ax.plot(xs, ys, color="0.75", linewidth=1.2, zorder=1)
        for s in pts:
            q = s.claim.quantity
            c = color[s.doc.outlet or s.doc.id]
            lo = q.low if math.isfinite(q.low) else None
            hi = q.high if math.isfinite(q.high) else None
            if lo is not None and hi is not None and hi > lo:
                ax.vlines(s.doc.date, lo, hi, color=c, alpha=0.45, linewidth=3, zorder=2)
            ax.scatter([s.doc.date], [q.value], marker=_MARKERS.get(q.approx, "o"), s=70,
                       color=c, edgecolor="black", linewidth=0.6, zorder=3)  # fmt: skip
            ax.annotate(q.text, (s.doc.date, q.value), textcoords="offset points", xytext=(6, 6),
                        fontsize=8, color="0.25")  # fmt: skip
        label = {"ordinal": "ordinal (nth)", "percent": "percent", "money": "amount"}.get(kind,
                                                                                         "count")  # fmt: skip
        ax.set_ylabel(label)
        ax.grid(True, axis="y", color="0.9")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if kind != "ordinal" and pts and max(s.claim.quantity.value for s in pts) >= 10_000:
            ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax = axes[-1, 0]
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(mdates.AutoDateLocator()))
    n_out = len(outlets)
    subtitle = f"{len(dated)} dated claims from {n_out} outlet{'s' * (n_out != 1)}"
    if undated:
        subtitle += f"; {undated} undated not shown"
    fig.suptitle(f"\u201c{query}\u201d over time", fontsize=14, x=0.01, ha="left")
    axes[0, 0].set_title(subtitle, fontsize=9, loc="left", color="0.35")
    handles = [Line2D([], [], marker="o", linestyle="", color=color[o], label=o) for o in outlets]
    kinds_seen = sorted({s.claim.quantity.approx for s in dated})
    handles += [Line2D([], [], marker=_MARKERS.get(a, "o"), linestyle="", color="0.4",
                       label=_APPROX_LABEL.get(a, a)) for a in kinds_seen]  # fmt: skip
    if any(
        math.isfinite(s.claim.quantity.low)
        and math.isfinite(s.claim.quantity.high)
        and s.claim.quantity.high > s.claim.quantity.low
        for s in dated
    ):
        handles.append(Line2D([], [], color="0.4", alpha=0.45, linewidth=3,
                              label="what the wording allows"))  # fmt: skip
    if handles:
        fig.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False,
                   fontsize=8)  # fmt: skip
    if not dated:
        axes[0, 0].text(0.5, 0.5, "no dated claims to plot", ha="center", va="center",
                        transform=axes[0, 0].transAxes, color="0.4")  # fmt: skip
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, bbox_inches="tight", dpi=110)
    plt.close(fig)
    return len(dated)
