"""How the web answers an error: one table from the archive's error categories
(:mod:`archive.errors`) to HTTP status, for the JSON API and the pages alike.

Under ``/api/`` the answer is ``{"error": <message in English>, "detail": <the error's text>}``;
elsewhere it is the styled error page in the caller's language (a 401 on a page redirects to
the login form instead). The text of an internal failure (a store or the catalog database out
of reach, bytes that fail their digest, a stored file gone) names hosts, ports and storage keys:
it goes to the server's log with a short reference, and the caller gets only the reference.
A search beyond a bound (:class:`~archive.errors.LimitExceeded`) keeps its own body and page
(:mod:`archive.web.limits`) but takes its status from the same table.

The same two shapes answer what the framework itself refuses (an unknown path: 404, a method
the route does not take: 405 with ``Allow``; :data:`HTTP_KEYS`) and any error nobody expected
(500, :class:`UnexpectedErrors`): no page of the site ever answers the framework's bare JSON.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Final
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from archive.errors import (
    ArchiveError,
    ConfigurationError,
    Conflict,
    IntegrityFailure,
    InvalidInput,
    LimitExceeded,
    NotFound,
    NotSupported,
    ObjectNotFound,
    Unavailable,
)
from archive.messages.catalogue import translator
from archive.web import limits
from archive.web.state import HttpError, state_of

log = logging.getLogger(__name__)

__all__ = [
    "ERROR_TABLE",
    "HTTP_KEYS",
    "ErrorAnswer",
    "UnexpectedErrors",
    "answer_for",
    "error_response",
    "install",
]


@dataclass(frozen=True)
class ErrorAnswer:
    """The HTTP status of an error category and the key of its message
    (archive/messages/web.py)."""

    status: int
    key: str
    internal: bool = False
    """The error's text is for the operator (server log), not the caller: see the module."""


ERROR_TABLE: Final[dict[type[ArchiveError], ErrorAnswer]] = {
    InvalidInput: ErrorAnswer(400, "bad_request"),  # also LimitExceeded, PackageRefused
    NotFound: ErrorAnswer(404, "not_found"),  # also ObjectNotFound
    Conflict: ErrorAnswer(409, "conflict"),  # also ObjectExists
    ObjectNotFound: ErrorAnswer(404, "not_found", internal=True),  # a stored file gone
    IntegrityFailure: ErrorAnswer(500, "error", internal=True),  # also ChecksumMismatch
    NotSupported: ErrorAnswer(501, "not_supported"),  # not this installation's, not a fault
    Unavailable: ErrorAnswer(503, "error", internal=True),
    ConfigurationError: ErrorAnswer(503, "error"),
    ArchiveError: ErrorAnswer(500, "error", internal=True),  # any other
}
"""Category → answer; an error takes the entry of its nearest class in the table."""


HTTP_KEYS: Final[dict[int, str]] = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "bad_request",
    429: "too_many_requests",
}
"""Message keys of the statuses the framework answers by itself (others: ``error``)."""


def answer_for(exc: ArchiveError) -> ErrorAnswer:
    """The table's entry for ``exc``: its own class's, else its nearest base class's."""
    for cls in type(exc).__mro__:
        if cls in ERROR_TABLE:
            return ERROR_TABLE[cls]
    return ERROR_TABLE[ArchiveError]


def install(app: FastAPI) -> None:
    """Answer :class:`HttpError`, every :class:`ArchiveError` and FastAPI's parameter checks."""
    app.add_exception_handler(HttpError, _http_error)
    app.add_exception_handler(ArchiveError, _archive_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _framework_error)


def is_api(request: Request) -> bool:
    """Whether ``request`` is for the JSON API (``/api`` and below)."""
    path = request.url.path
    return path == "/api" or path.startswith("/api/")


async def error_response(
    request: Request,
    status: int,
    key: str,
    detail: str = "",
    headers: Mapping[str, str] | None = None,
) -> Response:
    """JSON under ``/api/``; else the error page (or, for 401, the login form)."""
    if is_api(request):
        extra = dict(headers or {})
        if status == 401:
            extra["www-authenticate"] = "Bearer"
        return JSONResponse(
            {"error": translator("en")(key), "detail": detail}, status_code=status, headers=extra
        )
    if status == 401:
        return RedirectResponse(
            "/login?" + urlencode({"next": str(request.url.path)}), status_code=303
        )
    web = state_of(request)
    try:
        who = await run_in_threadpool(web.principal, request)
    except Exception:  # the failure being answered may be the catalog itself
        who = None
    page = web.page(
        request, "error.html", status, who=who, message_key=key, detail=detail, error_status=status
    )
    page.headers.update(headers or {})
    return page


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HttpError)
    return await error_response(request, exc.status, exc.key, exc.detail)


async def _archive_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ArchiveError)
    answer = answer_for(exc)
    if isinstance(exc, LimitExceeded):
        return await limits.refusal(request, exc, answer.status)
    detail = str(exc)
    if answer.internal:
        reference = secrets.token_hex(4)
        log.error("%s %s: %s [ref %s]", request.method, request.url.path, exc, reference)
        detail = f"ref {reference}"
    return await error_response(request, answer.status, answer.key, detail)


async def _validation_error(request: Request, exc: Exception) -> Response:
    """FastAPI checks the API's typed parameters (``page: int``) before our code runs: give
    its refusals the same status and message as the page's, instead of a 422 in English only.
    Any other refusal keeps FastAPI's 422 (its JSON under ``/api/``, the error page elsewhere)."""
    assert isinstance(exc, RequestValidationError)
    refused = limits.refused_number(exc)
    if refused is not None:
        return await _archive_error(request, refused)
    if is_api(request):
        return await request_validation_exception_handler(request, exc)
    return await error_response(request, 422, "bad_request")


async def _framework_error(request: Request, exc: Exception) -> Response:
    """What Starlette refuses before any route runs: an unknown path (404), a method the path
    does not take (405, keeping its ``Allow`` header), a missing static file."""
    assert isinstance(exc, HTTPException)
    key = HTTP_KEYS.get(exc.status_code, "error")
    detail = "" if exc.detail == _reason(exc.status_code) else str(exc.detail)
    return await error_response(request, exc.status_code, key, detail, exc.headers)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


class UnexpectedErrors:
    """An error no handler expected (a bug, a broken dependency) answers 500 in the site's two
    shapes — the error page, or the API's JSON — instead of Starlette's plain text, and is
    raised on, so the server still logs it. Installed inside the session middleware (the page
    needs the language and the user) and inside the security headers, which it thus also gets.
    An error after the answer started cannot change it: the stream is cut, as before."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            if started:
                raise
            answer = await error_response(Request(scope, receive), 500, "error")
            await answer(scope, receive, send)
            raise
