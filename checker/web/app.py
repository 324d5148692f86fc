"""The editor's desk: a Starlette app over :mod:`checker.api`, served by ``checker serve``.

One process keeps the configuration, the rule pack, the embedding model and the store open
between requests; every check and store read runs on one worker thread (SQLite connections
belong to the thread that opened them), so a check answers in the time the pipeline takes,
not the time models take to load. Indexing runs on a thread of its own with its own store
connection, through :func:`checker.api.index`: the same staging and transactions as
``checker index``, so killing the server mid-index loses nothing that a rerun does not finish.

Safety (article text is untrusted, and so is anything that can reach the port):

* every page and fragment is rendered by Jinja2 with autoescape (see
  :mod:`checker.report.draft`); the script is a static file and the Content-Security-Policy
  allows scripts and styles from the app's own origin only, no inline script, no plugin,
  no frame;
* request bodies over ``max_body`` (5 MB) are refused with 413 and a sentence saying so;
* the server binds to 127.0.0.1 by default; on another address a token is required and
  checked on every request (header, or ``?token=`` once, which sets a same-site cookie);
  without a token only loopback ``Host`` names are answered (no DNS rebinding), and a
  ``POST`` from another origin is refused;
* a path given by the page (a file to open, a folder to index) must resolve, symlinks
  followed, inside the configured folder.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import itertools
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from checker import api
from checker.core.errors import CheckerError
from checker.report import (
    STYLESHEET,
    TEMPLATES,
    draft_view,
    render,
    render_draft,
    to_dict,
)

#: Requests larger than this are refused (413): a draft is a few kB, a long one 100 kB.
MAX_BODY = 5_000_000
#: Files the page may open or index.
SUFFIXES = (".md", ".markdown", ".txt", ".jsonl")
#: At most this many files are listed for the page to open.
MAX_LISTED = 2000
#: Checks whose reports are kept for their cards and downloads.
KEPT_REPORTS = 8
STATIC = Path(__file__).with_name("static")
PAGES = Path(__file__).with_name("templates")
COOKIE = "checker_token"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


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
    ) -> None:
        self.config = api.configured(config)
        self.rules = api.rule_pack(rules, self.config)
        self.store_path = Path(store) if store else self.config.store_path()
        self.folder = Path(folder or ".").resolve()
        self.token = token or None
        self.max_body = max_body
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="checker-desk")
        self._store = None
        self.jobs: dict[str, IndexJob] = {}
        #: The last checks' reports, for the panel's cards and the downloads (oldest first).
        self.reports: dict[str, tuple] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        if warm:  # load the models now, not on the editor's first check
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
        # A sentence no cache holds, so the parser and the embedding model both load now.
        text = f"The desk started at {time.time_ns()} and 3 people were counted on Monday."
        try:
            doc = api.read_draft(text.encode(), "warm-up.txt")
            api.check_draft(self._open(), [doc], self.rules, config=self.config)
        except Exception:  # noqa: BLE001 - a real check will say what is wrong
            pass

    def _check(self, data: bytes, name: str) -> dict:
        """The marked text at once; the panel's cards and the reports are fetched after."""
        doc = api.read_draft(data, name, max_bytes=self.max_body)
        t0 = time.perf_counter()
        report = api.check_draft(self._open(), [doc], self.rules, config=self.config, record=name)
        seconds = time.perf_counter() - t0
        view = draft_view(report, doc.id, details=False)
        text = data.decode("utf-8-sig", errors="replace")
        with self._lock:
            rid = f"r{next(self._ids)}"
            self.reports[rid] = (report, doc.id)
            while len(self.reports) > KEPT_REPORTS:
                self.reports.pop(next(iter(self.reports)))
        return {
            "id": rid,
            "doc": doc.id,
            "html": render_draft(view, interactive=True, parts=("text",)),
            "body_offset": _offset_of_line(text, doc.line),
            "figures": len(view.figures),
            "findings": len(view.items),
            "summary": view.summary,
            "seconds": round(seconds, 3),
        }

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

    def start_index(self, paths: list[str]) -> IndexJob:
        resolved = [self.resolve(p) for p in paths]
        with self._lock:
            if any(j.state == "running" for j in self.jobs.values()):
                raise Refused(409, "an index run is already going; wait for it to finish")
            job = IndexJob(str(next(self._ids)), [str(p) for p in paths])
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
            job.state = "done"
        except CheckerError as exc:
            job.message, job.state = str(exc), "failed"
        except Exception as exc:  # noqa: BLE001 - shown to the editor, not lost in a thread
            job.message, job.state = f"indexing stopped: {type(exc).__name__}: {exc}", "failed"
        finally:
            self.worker.submit(self._reopen)  # the next check sees the new articles


def _offset_of_line(text: str, line: int) -> int:
    """The offset in ``text`` where 1-based ``line`` starts."""
    pos = 0
    for _ in range(max(line - 1, 0)):
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        pos = nl + 1
    return pos


# ------------------------------------------------------------------ request handling


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused past ``limit`` bytes whatever Content-Length said."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refused(413, _too_big(limit))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(limit: int) -> str:
    return f"the request is over the {limit / 1e6:g} MB limit; check a shorter text"


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class Guard(BaseHTTPMiddleware):
    """Token, Host and Origin checks, the body limit, and the security headers."""

    def __init__(self, app, desk: Desk) -> None:
        super().__init__(app)
        self.desk = desk

    async def dispatch(self, request: Request, call_next) -> Response:
        desk = self.desk
        set_cookie = False
        if desk.token:
            given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
            given = given or request.cookies.get(COOKIE, "")
            if not given and "token" in request.query_params:
                given, set_cookie = request.query_params["token"], True
            if not given or not hmac.compare_digest(given.encode(), desk.token.encode()):
                return _secured(_error(401, "missing or wrong token: open the address "
                                       "`checker serve` printed, with its ?token="))  # fmt: skip
        else:
            host = urlsplit(f"//{request.headers.get('host', '')}").hostname or ""
            if not is_loopback(host):
                return _secured(_error(421, f"this desk answers on loopback names only, "
                                       f"not {host!r}"))  # fmt: skip
        if request.method not in ("GET", "HEAD"):
            origin = request.headers.get("origin")
            if origin and urlsplit(origin).netloc != request.headers.get("host"):
                return _secured(_error(403, "cross-origin request refused"))
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > desk.max_body:
            return _secured(_error(413, _too_big(desk.max_body)))
        try:
            response = await call_next(request)
        except Refused as exc:  # raised while streaming a body
            response = _error(exc.status, exc.message)
        if set_cookie:
            response.set_cookie(COOKIE, desk.token, httponly=True, samesite="strict")
        return _secured(response)


def _secured(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def create_app(desk: Desk) -> Starlette:
    """The ASGI app over ``desk``."""
    pages = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(PAGES), str(TEMPLATES)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    def handled(fn):
        def run(request: Request) -> Response:
            try:
                return fn(request)
            except Refused as exc:
                return _error(exc.status, exc.message)
            except CheckerError as exc:
                return _error(400, str(exc))

        return run

    @handled
    def page(request: Request) -> Response:
        counts = desk.on_worker(desk._counts)
        html = pages.get_template("page.html").render(
            store=str(desk.store_path), folder=str(desk.folder), counts=counts,
            files=desk.files(), max_mb=f"{desk.max_body / 1e6:g}",
        )  # fmt: skip
        return HTMLResponse(html)

    def stylesheet(request: Request) -> Response:
        return Response(STYLESHEET.read_text(encoding="utf-8"), media_type="text/css")

    async def check(request: Request) -> Response:
        try:
            data = await _body(request, desk.max_body)
        except Refused as exc:
            return _error(exc.status, exc.message)
        name = request.query_params.get("name") or "draft.md"
        name = Path(name.replace("\\", "/")).name or "draft.md"
        if not data.strip():
            return _error(400, f"{name}: the draft is empty; paste or open some text first")
        return await _threaded(desk, desk._check, data, name)

    @handled
    def cards(request: Request) -> Response:
        report, doc = desk.report(request.path_params["rid"])
        view = draft_view(report, doc)
        return HTMLResponse(render_draft(view, interactive=True, parts=("cards",)))

    @handled
    def report_as(request: Request) -> Response:
        report, _ = desk.report(request.path_params["rid"])
        fmt = request.path_params["fmt"]
        if fmt == "json":
            return JSONResponse(to_dict(report))
        if fmt == "md":
            return PlainTextResponse(render(report, "markdown"), media_type="text/markdown")
        raise Refused(404, "reports come as .json or .md")

    @handled
    def files(request: Request) -> Response:
        return JSONResponse({"folder": str(desk.folder), "files": desk.files()})

    @handled
    def open_file(request: Request) -> Response:
        given = request.query_params.get("path", "")
        path = desk.resolve(given)
        if not path.is_file() or path.suffix.lower() not in (".md", ".markdown", ".txt"):
            raise Refused(400, f"{given}: a draft is one .md or .txt file")
        if path.stat().st_size > desk.max_body:
            raise Refused(413, f"{given}: {_too_big(desk.max_body)}")
        data = path.read_bytes()
        api.read_draft(data, path.name, max_bytes=desk.max_body)  # its errors, before the page
        return JSONResponse({"path": given, "name": path.name, "text": data.decode("utf-8-sig")})

    async def index(request: Request) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return _error(415, 'send the paths as JSON: {"paths": [...]}')
        try:
            body = await _body(request, desk.max_body)
            paths = json.loads(body or b"null")
        except Refused as exc:
            return _error(exc.status, exc.message)
        except ValueError:
            return _error(400, "the body is not valid JSON")
        paths = paths.get("paths") if isinstance(paths, dict) else None
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
            return _error(400, 'give the files or folders to index: {"paths": ["archive/"]}')
        try:
            job = desk.start_index(paths)
        except Refused as exc:
            return _error(exc.status, exc.message)
        return JSONResponse(job.as_dict(), status_code=202)

    def index_status(request: Request) -> Response:
        job = desk.jobs.get(request.path_params["job"])
        if job is None:
            return _error(404, "no such index run")
        return JSONResponse(job.as_dict())

    @handled
    def store_counts(request: Request) -> Response:
        return JSONResponse({"store": str(desk.store_path), **desk.on_worker(desk._counts)})

    def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    routes = [
        Route("/", page),
        Route("/static/checker.css", stylesheet),
        Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/check/{rid}/cards", cards),
        Route("/api/check/{rid}/report.{fmt}", report_as),
        Route("/api/files", files),
        Route("/api/file", open_file),
        Route("/api/index", index, methods=["POST"]),
        Route("/api/index/{job}", index_status),
        Route("/api/store", store_counts),
        Route("/health", health),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
    ]
    return Starlette(routes=routes, middleware=[Middleware(Guard, desk=desk)])


async def _threaded(desk: Desk, fn, *args) -> Response:
    """``fn`` on the desk's worker thread, awaited without blocking the event loop."""
    try:
        result = await asyncio.wrap_future(desk.worker.submit(fn, *args))
    except Refused as exc:
        return _error(exc.status, exc.message)
    except CheckerError as exc:
        return _error(400, str(exc))
    return JSONResponse(result)
