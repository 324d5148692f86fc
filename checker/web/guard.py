"""The checks every request to the desk passes, and the headers every answer carries.

Safety (article text is untrusted, and so is anything that can reach the port):

* every page and fragment is rendered by Jinja2 with autoescape (see
  :mod:`checker.report.draft`); the script is a static file and the Content-Security-Policy
  allows scripts and styles from the app's own origin only, no inline script, no plugin,
  no frame;
* request bodies over ``max_body`` (5 MB) are refused with 413 and a sentence saying so;
* the server binds to 127.0.0.1 by default; on another address a token is required and
  checked on every request (header, or ``?token=`` once, which sets a same-site cookie and
  is redirected to the same address without it);
  without a token only loopback ``Host`` names are answered (no DNS rebinding), and a
  ``POST`` from another origin is refused;
* a path given by the page (a file to open, a folder to index) must resolve, symlinks
  followed, inside the configured folder.
"""

from __future__ import annotations

import hmac
import ipaddress
from urllib.parse import urlencode, urlsplit

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from checker.web.desk import Desk, Refused, too_big

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


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused past ``limit`` bytes whatever Content-Length said."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refused(413, too_big(limit))
        chunks.append(chunk)
    return b"".join(chunks)


def error_response(status: int, message: str) -> JSONResponse:
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
                return secured(error_response(401, "missing or wrong token: open the address "
                                       "`checker serve` printed, with its ?token="))  # fmt: skip
        else:
            host = urlsplit(f"//{request.headers.get('host', '')}").hostname or ""
            if not is_loopback(host):
                return secured(error_response(421, f"this desk answers on loopback names only, "
                                       f"not {host!r}"))  # fmt: skip
        if request.method not in ("GET", "HEAD"):
            origin = request.headers.get("origin")
            if origin and urlsplit(origin).netloc != request.headers.get("host"):
                return secured(error_response(403, "cross-origin request refused"))
        if desk.token and "token" in request.query_params and request.method in ("GET", "HEAD"):
            # The token becomes a cookie, and leaves the address bar (and the history, and
            # anything the editor copies from it) at once.
            query = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            clean = request.url.path + (f"?{urlencode(query)}" if query else "")
            response = RedirectResponse(clean, status_code=303)
            response.set_cookie(COOKIE, desk.token, httponly=True, samesite="strict")
            return secured(response)
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > desk.max_body:
            return secured(error_response(413, too_big(desk.max_body)))
        try:
            response = await call_next(request)
        except Refused as exc:  # raised while streaming a body
            response = error_response(exc.status, exc.message)
        if set_cookie:
            response.set_cookie(COOKIE, desk.token, httponly=True, samesite="strict")
        return secured(response)


def secured(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Cache-Control", "no-store")
    return response
