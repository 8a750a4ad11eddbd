"""The search form's parameters, read within the search bounds, and how a refusal is shown.

The bounds themselves are checked in the search layer (:mod:`archive.search.limits`), which every
door passes through; this module only turns URL parameters into a
:class:`~archive.search.api.SearchRequest` with the same checks and messages, and maps a
:class:`~archive.errors.LimitExceeded` to HTTP 400: JSON under ``/api/``, a page otherwise.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams

from archive.config import Settings
from archive.errors import InvalidInput, LimitExceeded
from archive.search.api import SORTS, Filters, SearchRequest
from archive.search.limits import SearchLimits, page_window, parse_number, refuse
from archive.web.i18n import translator

__all__ = ["PER_PAGE", "install", "search_request"]

PER_PAGE = 10
"""Hits on a page when ``per_page`` is not given."""


def search_request(params: QueryParams, settings: Settings) -> tuple[SearchRequest, int, int]:
    """The request a search page or ``/api/search`` asks for, and its page and page size."""
    limits = SearchLimits.from_settings(settings)
    year = parse_number(params.get("year"), "year")
    page = parse_number(params.get("page"), "page")
    per_page = parse_number(params.get("per_page"), "per_page")
    page = 1 if page is None else page
    per_page = PER_PAGE if per_page is None else per_page
    offset, limit = page_window(page, per_page, limits)
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise InvalidInput(f"sort: {', '.join(SORTS)}")
    req = SearchRequest(
        text=params.get("q", ""),
        filters=Filters(
            organs=tuple(params.getlist("organ")),
            types=tuple(params.getlist("type")),
            year_from=year if year is not None else parse_number(params.get("from"), "from"),
            year_to=year if year is not None else parse_number(params.get("to"), "to"),
            maintenance=tuple(params.getlist("maintenance")),
            modes=tuple(params.getlist("mode")),
            fonds=tuple(params.getlist("fonds")),
        ),
        sort=sort,
        offset=offset,
        limit=limit,
    )
    return req, page, per_page


def install(app: FastAPI) -> None:
    """Answer a refused search with 400 (more specific than the app's ArchiveError handler)."""
    app.add_exception_handler(LimitExceeded, _limit_exceeded)
    app.add_exception_handler(RequestValidationError, _not_a_number)


async def _limit_exceeded(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LimitExceeded)
    if request.url.path.startswith("/api/"):
        return JSONResponse(
            {
                "error": translator("en")("search_limit"),
                "detail": str(exc),
                "limit": exc.code,
                "allowed": exc.allowed,
                "message_vi": exc.message_vi,
                "message_en": exc.message_en,
            },
            status_code=400,
        )
    web: Any = request.app.state.web  # archive.web.app._Web; typed loosely to avoid a cycle
    who = await run_in_threadpool(web.principal, request)
    response: Response = web.page(
        request,
        "search_limit.html",
        400,
        who=who,
        message_vi=exc.message_vi,
        message_en=exc.message_en,
        q=request.query_params.get("q", "")[:1000],  # shown back for editing, not searched
    )
    return response


async def _not_a_number(request: Request, exc: Exception) -> Response:
    """FastAPI checks the API's typed parameters (``page: int``) before our code runs: give
    its refusals the same 400 and message as the page's, instead of a 422 in English only."""
    assert isinstance(exc, RequestValidationError)
    for error in exc.errors():
        loc = error.get("loc", ())
        if len(loc) == 2 and loc[0] == "query":
            found = str(error.get("input", ""))
            return await _limit_exceeded(request, refuse("number", "", found[:40], str(loc[1])))
    return await request_validation_exception_handler(request, exc)
