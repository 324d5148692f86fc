"""The editor's desk's routes: the page, a check, its cards and reports, files to open, index
runs, the store's counts. What the app keeps between requests is
:class:`~checker.web.desk.Desk`; every request passes :class:`~checker.web.guard.Guard`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
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
from checker.web.desk import Desk, Refused, code_points, too_big, utf16
from checker.web.guard import Guard, error_response, read_body

STATIC = Path(__file__).with_name("static")
PAGES = Path(__file__).with_name("templates")


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
                return error_response(exc.status, exc.message)
            except CheckerError as exc:
                return error_response(400, str(exc))

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
            data = await read_body(request, desk.max_body)
        except Refused as exc:
            return error_response(exc.status, exc.message)
        name = request.query_params.get("name") or "draft.md"
        name = Path(name.replace("\\", "/")).name or "draft.md"
        if not data.strip():
            return error_response(400, f"{name}: the draft is empty; paste or open some text first")
        given = request.query_params.get("date") or ""
        try:
            day = dt.date.fromisoformat(given) if given else None
        except ValueError:
            return error_response(400, f"{given[:40]!r} is not a date: give it as 2024-10-07")
        try:
            desk.budget(data.decode("utf-8", errors="replace"), name)
            future = desk.queued(desk._check, data, name, day)
        except Refused as exc:
            return error_response(exc.status, exc.message)
        return await _awaited(future)

    @handled
    def cards(request: Request) -> Response:
        report, doc = desk.report(request.path_params["rid"])
        view = draft_view(report, doc, rules=desk.rules)
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
            raise Refused(413, f"{given}: {too_big(desk.max_body)}")
        data = path.read_bytes()
        api.read_draft(data, path.name, max_bytes=desk.max_body)  # its errors, before the page
        return JSONResponse({"path": given, "name": path.name, "text": data.decode("utf-8-sig")})

    async def index(request: Request) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return error_response(415, 'send the paths as JSON: {"paths": [...]}')
        try:
            body = await read_body(request, desk.max_body)
            paths = json.loads(body or b"null")
        except Refused as exc:
            return error_response(exc.status, exc.message)
        except ValueError:
            return error_response(400, "the body is not valid JSON")
        paths = paths.get("paths") if isinstance(paths, dict) else None
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
            return error_response(
                400, 'give the files or folders to index: {"paths": ["archive/"]}'
            )
        try:
            job = desk.start_index(paths)
        except Refused as exc:
            return error_response(exc.status, exc.message)
        return JSONResponse(job.as_dict(), status_code=202)

    async def dismiss(request: Request) -> Response:
        """The draft with one finding dismissed, in the form its file type keeps (the page
        inserts it into the editor's text, where Ctrl+Z undoes it)."""
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return error_response(415, "send the dismissal as JSON")
        try:
            body = json.loads(await read_body(request, desk.max_body) or b"null")
        except Refused as exc:
            return error_response(exc.status, exc.message)
        except ValueError:
            return error_response(400, "the body is not valid JSON")
        fields = {"text": str, "name": str, "rule": str, "start": int, "end": int, "reason": str}
        if not isinstance(body, dict) or any(
            not isinstance(body.get(k), t) or isinstance(body.get(k), bool)
            for k, t in fields.items()
        ):
            return error_response(400, "give text, name, rule, start, end and reason")
        text = body["text"]
        name = Path(body["name"].replace("\\", "/")).name or "draft.md"
        try:
            start, end = code_points(text, body["start"]), code_points(text, body["end"])
            done = api.dismiss(text, name, rule=body["rule"], start=start, end=end,
                               reason=body["reason"])  # fmt: skip
        except CheckerError as exc:
            return error_response(400, str(exc))
        except ValueError as exc:
            return error_response(400, f"{name}: {exc}")
        form = "front matter" if name.lower().endswith(".txt") else "a comment before the sentence"
        return JSONResponse({"at": utf16(done.text, done.at), "inserted": done.inserted,
                             "form": form})  # fmt: skip

    def index_status(request: Request) -> Response:
        job = desk.jobs.get(request.path_params["job"])
        if job is None:
            return error_response(404, "no such index run")
        return JSONResponse(job.as_dict())

    @handled
    def store_counts(request: Request) -> Response:
        return JSONResponse({"store": str(desk.store_path), **desk.on_worker(desk._counts)})

    def status(request: Request) -> Response:
        return JSONResponse(desk.status())

    @handled
    def rules(request: Request) -> Response:
        html = pages.get_template("rules.html").render(rules=desk.rules.rules)
        return HTMLResponse(html)

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
        Route("/api/dismiss", dismiss, methods=["POST"]),
        Route("/api/index/{job}", index_status),
        Route("/api/store", store_counts),
        Route("/api/status", status),
        Route("/rules", rules),
        Route("/health", health),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
    ]
    return Starlette(routes=routes, middleware=[Middleware(Guard, desk=desk)])


async def _awaited(future) -> Response:
    """A worker's answer, awaited without blocking the event loop."""
    try:
        result = await asyncio.wrap_future(future)
    except Refused as exc:
        return error_response(exc.status, exc.message)
    except CheckerError as exc:
        return error_response(400, str(exc))
    return JSONResponse(result)
