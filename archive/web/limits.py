"""The search form's parameters, read within the search bounds, and how a refusal is shown.

The bounds themselves are checked in the search layer (:mod:`archive.search.limits`), which every
door passes through; this module only turns URL parameters into a
:class:`~archive.search.api.SearchRequest` with the same checks and messages, and shows a
:class:`~archive.errors.LimitExceeded` (HTTP 400, archive.web.errors): JSON under ``/api/``, a
page otherwise.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams

from archive.config import Settings
from archive.errors import InvalidInput, LimitExceeded
from archive.messages.catalogue import translator
from archive.search.api import SORTS, Filters, SearchRequest
from archive.search.limits import SearchLimits, page_window, parse_number, refuse
from archive.web.state import state_of

__all__ = ["PER_PAGE", "refusal", "refused_number", "search_request"]

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


def refused_number(exc: RequestValidationError) -> LimitExceeded | None:
    """FastAPI's refusal of a typed query parameter (``page=abc`` on the API) as the refusal
    the page gives the same text, or None if it is about something else."""
    for error in exc.errors():
        loc = error.get("loc", ())
        if len(loc) == 2 and loc[0] == "query":
            found = str(error.get("input", ""))
            return refuse("number", "", found[:40], str(loc[1]))
    return None


async def refusal(request: Request, exc: LimitExceeded, status: int) -> Response:
    """A refused search: JSON naming the bound under ``/api/``, else the search-limit page
    (``status`` comes from the error table, archive.web.errors)."""
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
            status_code=status,
        )
    web = state_of(request)
    who = await run_in_threadpool(web.principal, request)
    return web.page(
        request,
        "search_limit.html",
        status,
        who=who,
        message_vi=exc.message_vi,
        message_en=exc.message_en,
        q=request.query_params.get("q", "")[:1000],  # shown back for editing, not searched
    )
