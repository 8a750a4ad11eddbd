"""How the web answers an error: one table from the archive's error categories
(:mod:`archive.errors`) to HTTP status, for the JSON API and the pages alike.

Under ``/api/`` the answer is ``{"error": <message in English>, "detail": <the error's text>}``;
elsewhere it is the styled error page in the caller's language (a 401 on a page redirects to
the login form instead). A search beyond a bound (:class:`~archive.errors.LimitExceeded`) keeps
its own body and page (:mod:`archive.web.limits`) but takes its status from the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from archive.errors import (
    ArchiveError,
    ConfigurationError,
    Conflict,
    IntegrityFailure,
    InvalidInput,
    LimitExceeded,
    NotFound,
    NotSupported,
    Unavailable,
)
from archive.web import limits
from archive.web.i18n import translator
from archive.web.state import HttpError, state_of

__all__ = ["ERROR_TABLE", "ErrorAnswer", "answer_for", "install"]


@dataclass(frozen=True)
class ErrorAnswer:
    """The HTTP status of an error category and the key of its message (archive.web.i18n)."""

    status: int
    key: str


ERROR_TABLE: Final[dict[type[ArchiveError], ErrorAnswer]] = {
    InvalidInput: ErrorAnswer(400, "bad_request"),  # also LimitExceeded, PackageRefused
    NotFound: ErrorAnswer(404, "not_found"),  # also ObjectNotFound
    Conflict: ErrorAnswer(409, "conflict"),  # also ObjectExists
    IntegrityFailure: ErrorAnswer(500, "error"),  # also ChecksumMismatch
    NotSupported: ErrorAnswer(500, "error"),
    Unavailable: ErrorAnswer(503, "error"),
    ConfigurationError: ErrorAnswer(503, "error"),
    ArchiveError: ErrorAnswer(500, "error"),  # any other
}
"""Category → answer; an error takes the entry of its nearest class in the table."""


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


async def error_response(request: Request, status: int, key: str, detail: str = "") -> Response:
    """JSON under ``/api/``; else the error page (or, for 401, the login form)."""
    if request.url.path.startswith("/api/"):
        return JSONResponse(
            {"error": translator("en")(key), "detail": detail},
            status_code=status,
            headers={"www-authenticate": "Bearer"} if status == 401 else None,
        )
    if status == 401:
        return RedirectResponse(
            "/login?" + urlencode({"next": str(request.url.path)}), status_code=303
        )
    web = state_of(request)
    who = await run_in_threadpool(web.principal, request)
    return web.page(
        request, "error.html", status, who=who, message_key=key, detail=detail, error_status=status
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HttpError)
    return await error_response(request, exc.status, exc.key, exc.detail)


async def _archive_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ArchiveError)
    answer = answer_for(exc)
    if isinstance(exc, LimitExceeded):
        return await limits.refusal(request, exc, answer.status)
    return await error_response(request, answer.status, answer.key, str(exc))


async def _validation_error(request: Request, exc: Exception) -> Response:
    """FastAPI checks the API's typed parameters (``page: int``) before our code runs: give
    its refusals the same status and message as the page's, instead of a 422 in English only."""
    assert isinstance(exc, RequestValidationError)
    refused = limits.refused_number(exc)
    if refused is None:
        return await request_validation_exception_handler(request, exc)
    return await _archive_error(request, refused)
