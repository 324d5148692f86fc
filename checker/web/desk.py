"""The editor's desk: a Starlette app over :mod:`checker.api`, served by ``checker serve``.

One process keeps the configuration, the rule pack, the embedding model and the store open
between requests; every check and store read runs on one worker thread (SQLite connections
belong to the thread that opened them), so a check answers in the time the pipeline takes,
not the time models take to load. Indexing runs on a thread of its own with its own store
connection, through :func:`checker.api.index`: the same staging and transactions as
``checker index``, so killing the server mid-index loses nothing that a rerun does not finish.

The routes are :mod:`checker.web.app`'s; the checks every request passes,
:mod:`checker.web.guard`'s.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from checker import api
from checker.core.errors import CheckerError
from checker.report import (
    draft_view,
)

#: Requests larger than this are refused (413): a draft is a few kB, a long one 100 kB.
MAX_BODY = 5_000_000
#: Files the page may open or index.
SUFFIXES = (".md", ".markdown", ".txt", ".jsonl")
#: At most this many files are listed for the page to open.
MAX_LISTED = 2000
#: Checks whose reports are kept for their cards and downloads.
KEPT_REPORTS = 8
#: What one check on the desk may ask for, so that no editor's draft holds the one worker
#: for long (measured here: 1,000 lines of figures, 2,000 figures, take 13 s warm; a
#: 1,000-word article has 30-60 figures and checks in well under a second). Longer drafts are
#: refused with a sentence pointing to ``checker check``, which has no such limit.
MAX_CHECK_CHARS = 300_000
MAX_CHECK_FIGURES = 800
#: Checks that may wait for the worker; more are answered "busy" at once (503).
MAX_WAITING = 4
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def new_id() -> str:
    """An id for a check or an index run that no other local process can guess (its report
    and its article text are served to whoever names it)."""
    return secrets.token_urlsafe(16)


class Refused(Exception):
    """A request the desk will not serve: its status and one sentence for the editor."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class IndexJob:
    id: str
    paths: list[str]
    state: str = "running"  # running | done | failed
    done: int = 0
    total: int = 0
    message: str = ""
    #: Files left out because a link led outside the desk's folder.
    outside: int = 0
    started: float = field(default_factory=time.monotonic)

    def as_dict(self) -> dict:
        return {
            "job": self.id, "state": self.state, "done": self.done, "total": self.total,
            "message": self.message, "paths": self.paths,
            "seconds": round(time.monotonic() - self.started, 1),
        }  # fmt: skip


class Desk:
    """What the app keeps between requests: configuration, rules, the store, index jobs."""

    def __init__(
        self,
        *,
        store: Path | str | None = None,
        folder: Path | str | None = None,
        config: Path | str | None = None,
        rules: Path | str | None = None,
        token: str | None = None,
        max_body: int = MAX_BODY,
        warm: bool = True,
        create: bool = True,
    ) -> None:
        self.config = api.configured(config)
        self.rules = api.rule_pack(rules, self.config)
        self.store_path = Path(store) if store else self.config.store_path()
        if not create and not self.store_path.exists():
            # a misspelt --store would otherwise start an empty store, and every draft would
            # pass with "worst level: none" against nothing
            raise CheckerError(
                f"{self.store_path}: no such store; index articles into it first (checker "
                f"index ARTICLES --store {self.store_path}) or give --create to start an empty one"
            )
        self.folder = Path(folder or ".").resolve()
        self.token = token or None
        self.max_body = max_body
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="checker-desk")
        self._store = None
        self.jobs: dict[str, IndexJob] = {}
        #: The last checks' reports, for the panel's cards and the downloads (oldest first).
        self.reports: dict[str, tuple] = {}
        self._lock = threading.Lock()
        #: While the models load: {"what", "step", "steps", "started"}; None once ready.
        self.loading: dict | None = None
        self.waiting = 0  # checks submitted and not finished
        if warm:  # load the models now, not on the editor's first check
            self.loading = {"what": "the store", "step": 0, "steps": 4, "started": time.monotonic()}
            self.worker.submit(self._warm)

    # -------------------------------------------------------------- on the worker thread

    def _open(self):
        if self._store is None:
            try:
                self._store = api.open_store(self.config, self.store_path, create=True)
            except CheckerError:  # a read-only place: a store there can still check
                self._store = api.open_store(self.config, self.store_path, create=False)
        return self._store

    def _warm(self) -> None:
        t0 = time.monotonic()

        def phase(what: str) -> None:
            self.loading = {"what": what, "step": self.loading["step"] + 1, "steps": 4,
                            "started": t0}  # fmt: skip

        try:
            phase("the store")
            store = self._open()
            api.warm_up(store, self.rules, self.config, phase=phase)
            phase("the store's search index")
            doc = api.read_draft(b"On Monday 3 people were counted.", "warm-up.txt")
            api.check_draft(store, [doc], self.rules, config=self.config)
        except Exception:  # noqa: BLE001 - a real check will say what is wrong
            pass
        finally:
            self.loading = None

    def status(self) -> dict:
        """Whether the desk is ready; while it loads, what and since when (for the page)."""
        loading = self.loading
        if loading is None:
            return {"ready": True}
        return {
            "ready": False, "loading": loading["what"], "step": loading["step"],
            "steps": loading["steps"], "seconds": round(time.monotonic() - loading["started"], 1),
        }  # fmt: skip

    def _check(self, data: bytes, name: str, day: dt.date | None = None) -> dict:
        """The figures to mark at once, as offsets into the text sent; the panel's cards and
        the reports are fetched after."""
        doc = api.read_draft(data, name, max_bytes=self.max_body)
        t0 = time.perf_counter()
        report = api.check_draft(self._open(), [doc], self.rules, config=self.config,
                                 record=name, default_date=day)  # fmt: skip
        seconds = time.perf_counter() - t0
        checked = next(d for d in report.documents if d.id == doc.id)
        view = draft_view(report, doc.id, details=False, rules=self.rules)
        text = data.decode("utf-8-sig", errors="replace")
        with self._lock:
            rid = new_id()
            self.reports[rid] = (report, doc.id)
            while len(self.reports) > KEPT_REPORTS:
                self.reports.pop(next(iter(self.reports)))
        figures, lost = marks(text, offset_of_line(text, doc.line), view, checked.text)
        return {
            "id": rid,
            "doc": doc.id,
            "title": view.title,
            "name": name,
            "date": checked.date.isoformat() if checked.date else None,
            "dated": doc.date is not None,  # the draft says its own date
            "marks": figures,
            "unplaced": lost,
            "figures": len(view.figures),
            "findings": len([i for i in view.items if not i.dismissed]),
            "dismissed": len([i for i in view.items if i.dismissed]),
            "summary": view.summary,
            "compared": compared(report, doc.id),
            "notes": list(report.notes),
            "seconds": round(seconds, 3),
        }  # fmt: skip

    def report(self, rid: str):
        with self._lock:
            found = self.reports.get(rid)
        if found is None:
            raise Refused(404, "that check is no longer kept here; check the draft again")
        return found

    def _counts(self) -> dict:
        return self._open().counts()

    def _reopen(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # -------------------------------------------------------------- from request handlers

    def on_worker(self, fn, *args):
        """Run ``fn`` on the worker thread and wait for it (from a sync handler's thread)."""
        return self.worker.submit(fn, *args).result()

    def budget(self, text: str, name: str) -> None:
        """Refuse at once a draft too big to check without keeping other editors waiting."""
        if len(text) > MAX_CHECK_CHARS:
            raise Refused(413, f"{name}: too large to check at once here ({len(text):,} "
                          f"characters; the desk checks up to {MAX_CHECK_CHARS:,}): check it in "
                          f"parts, or with checker check {name}")  # fmt: skip
        figures = sum(1 for _ in NUMBER.finditer(text))
        if figures > MAX_CHECK_FIGURES:
            raise Refused(413, f"{name}: too many figures to check at once here ({figures:,}; "
                          f"the desk checks up to {MAX_CHECK_FIGURES:,} a draft): check it in "
                          f"parts, or with checker check {name}")  # fmt: skip

    def queued(self, fn, *args):
        """``fn`` submitted to the worker, unless too many checks already wait (503)."""
        with self._lock:
            if self.waiting >= MAX_WAITING:
                raise Refused(503, f"the desk is busy: {self.waiting} checks are waiting; "
                              "try again in a moment")  # fmt: skip
            self.waiting += 1
        future = self.worker.submit(fn, *args)

        def done(_):
            with self._lock:
                self.waiting -= 1

        future.add_done_callback(done)
        return future

    def resolve(self, given: str) -> Path:
        """``given`` (relative to the folder, or absolute) as a path inside the folder."""
        given = (given or "").strip()
        if not given or "\x00" in given:
            raise Refused(400, "name a file or folder")
        path = (self.folder / given).resolve()
        if not path.is_relative_to(self.folder):
            raise Refused(403, f"{given}: outside the folder this desk serves ({self.folder})")
        if not path.exists():
            raise Refused(404, f"{given}: no such file or folder in {self.folder}")
        return path

    def files(self) -> list[str]:
        """The article files under the folder (hidden folders skipped), relative, sorted."""
        out: list[str] = []
        for path in sorted(self.folder.rglob("*")):
            rel = path.relative_to(self.folder)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if path.suffix.lower() in SUFFIXES and path.is_file():
                out.append(rel.as_posix())
                if len(out) >= MAX_LISTED:
                    break
        return out

    def inside(self, paths: list[str]) -> tuple[list[Path], int]:
        """The article files the given paths name, each resolved (links followed) and kept only
        inside the folder; and how many were left out because a link led outside it."""
        files: list[Path] = []
        outside = 0
        for path in (self.resolve(p) for p in paths):
            if path.is_file():
                files.append(path)
                continue
            for top, dirs, names in os.walk(path):  # links to folders are not walked into
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                        continue
                    real = (Path(top) / name).resolve()
                    if not real.is_relative_to(self.folder):
                        outside += 1
                    elif real.is_file():
                        files.append(real)
        return list(dict.fromkeys(files)), outside

    def start_index(self, paths: list[str]) -> IndexJob:
        resolved, outside = self.inside(paths)
        if not resolved:
            where = f" ({outside} led outside it by a link)" if outside else ""
            raise Refused(400, f"no article files (.md, .txt, .jsonl) to index there{where}")
        with self._lock:
            if any(j.state == "running" for j in self.jobs.values()):
                raise Refused(409, "an index run is already going; wait for it to finish")
            job = IndexJob(new_id(), [str(p) for p in paths], outside=outside)
            self.jobs[job.id] = job
        threading.Thread(target=self._index, args=(job, resolved), daemon=True).start()
        return job

    def _index(self, job: IndexJob, paths: list[Path]) -> None:
        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        try:
            with api.open_store(self.config, self.store_path) as st:
                summary = api.index(st, paths, self.rules, config=self.config,
                                    on_progress=progress)  # fmt: skip
                counts = st.counts()
            job.message = (
                f"{summary.line()}; store: {counts['documents']} articles, "
                f"{counts['claims']} claims"
            )
            if job.outside:
                job.message += f"; {job.outside} file(s) left out: a link led outside {self.folder}"
            job.state = "done"
        except CheckerError as exc:
            job.message, job.state = str(exc), "failed"
        except Exception as exc:  # noqa: BLE001 - shown to the editor, not lost in a thread
            job.message, job.state = f"indexing stopped: {type(exc).__name__}: {exc}", "failed"
        finally:
            self.worker.submit(self._reopen)  # the next check sees the new articles


def offset_of_line(text: str, line: int) -> int:
    """The offset in ``text`` where 1-based ``line`` starts."""
    pos = 0
    for _ in range(max(line - 1, 0)):
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        pos = nl + 1
    return pos


def too_big(limit: int) -> str:
    return f"the request is over the {limit / 1e6:g} MB limit; check a shorter text"


def utf16(text: str, offset: int) -> int:
    """Code-point ``offset`` of ``text`` as the page's JavaScript counts it (UTF-16 units)."""
    return offset + sum(1 for ch in text[:offset] if ord(ch) > 0xFFFF)


def _astral(text: str) -> list[int]:
    """The code-point offsets of ``text``'s characters above U+FFFF (two UTF-16 units each),
    in order: :func:`utf16` of many offsets by bisection, not a scan of the text each."""
    return [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []


def code_points(text: str, units: int) -> int:
    """The page's UTF-16 ``units`` offset of ``text`` as a Python (code point) offset."""
    if not 0 <= units <= len(text) * 2:
        raise ValueError(f"offset {units} is outside the text")
    n = pos = 0
    while pos < len(text) and n < units:
        n += 2 if ord(text[pos]) > 0xFFFF else 1
        pos += 1
    if n != units:
        raise ValueError(f"offset {units} falls inside a character")
    return pos


def marks(text: str, body_at: int, view, body: str) -> tuple[list[dict], int]:
    """The view's figures as marks on ``text`` (the draft as the page holds it: front matter
    included), in UTF-16 offsets, and how many figures could not be placed (the reader's text
    differs from the page's there: never mark the wrong characters)."""
    out, lost = [], 0
    items = {i.id: i for i in view.items}
    astral = _astral(text)
    for fig in view.figures:
        a, b = body_at + fig.start, body_at + fig.end
        if text[a:b] != body[fig.start : fig.end]:
            lost += 1
            continue
        cards = [items[f] for f in fig.findings if f in items]
        out.append({
            "id": fig.id, "start": a + bisect.bisect_left(astral, a),
            "end": b + bisect.bisect_left(astral, b), "text": fig.text,
            "verdict": fig.verdict, "level": fig.level, "label": fig.label,
            "findings": list(fig.findings),
            "headline": next((c.headline for c in cards if not c.dismissed), ""),
        })  # fmt: skip
    return out, lost


def compared(report, draft: str) -> dict:
    """Which story the draft was compared within and with which articles (newest first)."""
    docs = {d.id: d for d in report.documents}
    story = next((st for st in report.stories if draft in st.documents), None)
    if story is None:
        return {"story": "", "title": "", "articles": []}
    articles = []
    for did in story.documents:
        if did == draft:
            continue
        d = docs.get(did)
        articles.append({
            "id": did, "outlet": (d.outlet if d else "") or "",
            "date": d.date.isoformat() if d is not None and d.date else "",
            "title": (d.title if d else "") or "",
        })  # fmt: skip
    articles.sort(key=lambda a: a["date"], reverse=True)
    return {"story": story.id, "title": story.title, "articles": articles}
