"""HTTP-level hardening of every answer: the security headers, HEAD answered like GET without a
body, and ``Cache-Control: no-store`` on everything but the static assets.

All three are ASGI middlewares, so they cover pages, the JSON API, downloads and error answers
alike, whatever route produced them.
"""

from __future__ import annotations

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "HEAD_SCOPE_KEY",
    "SECURITY_HEADERS",
    "HeadAsGet",
    "NoStore",
    "SecurityHeaders",
    "is_head",
]

HEAD_SCOPE_KEY = "archive.head"
"""Set in the ASGI scope of a HEAD request turned into a GET (see :func:`is_head`)."""

SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        b"frame-ancestors 'none'; base-uri 'none'",
    ),
]
"""Added to every answer that does not set them itself (see :class:`SecurityHeaders`)."""


def is_head(request: Request) -> bool:
    """Whether this GET is really a HEAD: the route answers as for GET, but must not log a view
    or a download (nothing was shown or delivered) nor read a file it will not send."""
    return bool(request.scope.get(HEAD_SCOPE_KEY))


class HeadAsGet:
    """Routes a HEAD request as a GET and drops the body of the answer (RFC 9110 §9.3.2: same
    status and headers as GET, ``Content-Length`` included). FastAPI routes declared with
    ``@app.get`` answer only GET, so without this every HEAD would get 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET", HEAD_SCOPE_KEY: True}, receive, headers_only)


class NoStore:
    """Sets ``Cache-Control: no-store`` on every answer outside ``/static/``: API answers and
    pages name records (and who may see them), which must not stay in a shared proxy's cache
    or the browser's disk cache after logout. Static assets (CSS) name nothing and may be
    cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith("/static/"):
            await self.app(scope, receive, send)
            return

        async def with_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() != b"cache-control"
                ]
                message = {**message, "headers": [*headers, (b"cache-control", b"no-store")]}
            await send(message)

        await self.app(scope, receive, with_no_store)


class SecurityHeaders:
    """Adds the security headers to every HTTP response (pages, API, files)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
