"""The JSON API under ``/api`` (described at ``/api/openapi.json``): search, dossier, document
and original file, each as the caller's role may see it; requests to use a conditional record.

The caller authenticates with ``Authorization: Bearer <token>`` or the web login's session
cookie; errors answer ``{"error": ..., "detail": ...}`` (archive.web.errors).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.responses import StreamingResponse

from archive.db.engine import unit_of_work
from archive.use.service import (
    approve,
    as_dict,
    close_expired,
    list_requests,
    refuse,
    request_use,
)
from archive.users.service import Principal
from archive.web.limits import PER_PAGE, search_request
from archive.web.state import HttpError, User, Web, WebState, current_user
from archive.web.views import download, viewed_document, viewed_dossier

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/search", summary="Search documents (as the caller's role)")
def api_search(
    request: Request,
    web: Web,
    q: str = "",
    page: int = 1,
    per_page: int = PER_PAGE,
    sort: str = "relevance",
    organ: list[str] | None = None,
    type: list[str] | None = None,
    year: int | None = None,
    maintenance: list[str] | None = None,
    mode: list[str] | None = None,
    fonds: list[str] | None = None,
) -> dict[str, object]:
    """Hits (snippets as HTML with `<mark>`), exact total and facet counts, all limited to
    the access modes of the caller's role. Repeat a filter for "any of"."""
    del q, page, per_page, sort, organ, type, year, maintenance, mode, fonds  # read below
    # Not the User dependency: FastAPI checks the typed parameters above after dependencies,
    # and a malformed number answers 400 before the login is looked at.
    who = current_user(request)
    req, _, _ = search_request(request.query_params, web.settings)
    return web.search_service().search(req, who.role).as_dict(req, who.role)


@router.get("/dossiers/{code}", summary="A dossier and its document list")
def api_dossier(request: Request, web: Web, who: User, code: str) -> dict[str, Any]:
    """TT05 metadata with Vietnamese and English labels, and the Mục lục văn bản."""
    return viewed_dossier(web, request, who, code, "API")


@router.get("/documents/{code}", summary="A document's metadata")
def api_document(request: Request, web: Web, who: User, code: str) -> dict[str, Any]:
    """Metadata, original file (name, size, SHA-256) and signature status."""
    return viewed_document(web, request, who, code, "API")


@router.get(
    "/documents/{code}/original",
    summary="Download the original file",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def api_original(request: Request, web: Web, who: User, code: str) -> Response:
    """The original bytes as stored; the `X-Content-SHA256` header carries the recorded
    digest. The stream is cut short (never completed) if the stored bytes do not match."""
    return download(web, request, who, code, "API")


@router.get(
    "/documents/{code}/rendition/ocr",
    summary="Download the OCR rendition (not the original)",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/pdf": {}}}},
)
def api_rendition(request: Request, web: Web, who: User, code: str) -> Response:
    """The document's OCR rendition (`archive ocr run`): a PDF/A-2b two-layer derivative of a
    scanned original, for reading and search; never the original. 404 when there is none."""
    return download(web, request, who, code, "API", rendition=True)


# --------------------------------------------------------------------------- use requests
# Requests to use a conditional record (docs/use.md). Writes take a bearer token only: a
# session cookie rides along with any cross-site form, so it never authorises a write here.


class UseRequestIn(BaseModel):
    """A request for one conditional document."""

    code: str = Field(max_length=120, description="docCode of the document.")
    purpose: str = Field(max_length=2000, description="Why the document is needed.")


class ApprovalIn(BaseModel):
    """The period of a grant (default: use_grant_default_days)."""

    days: int | None = Field(default=None, description="Days the grant lasts.")


class RefusalIn(BaseModel):
    """The reason of a refusal (required)."""

    reason: str = Field(max_length=2000)


def _writer(request: Request) -> Principal:
    if not request.headers.get("authorization", "").lower().startswith("bearer "):
        raise HttpError(401, "login")
    return current_user(request)


def _use(web: WebState, work: Callable[[Session], Any]) -> dict[str, Any]:
    with unit_of_work(web.archive.sessions) as session:
        return as_dict(work(session))


@router.get("/use-requests", summary="Use requests (one's own; an approver's: all)")
def api_use_requests(web: Web, who: User, everything: bool = False) -> list[dict[str, Any]]:
    """Open requests (pending, approved) unless `everything`; grants past their end are closed
    first."""
    with unit_of_work(web.archive.sessions) as session:
        close_expired(session, who.agent)
        return list_requests(session, web.settings, who.name, everything=everything)


@router.post("/use-requests", status_code=201, summary="Ask to use a conditional document")
def api_use_request(request: Request, web: Web, body: UseRequestIn) -> dict[str, Any]:
    """A pending request of the caller; 404 for a code that is not a conditional document."""
    who = _writer(request)
    return _use(
        web,
        lambda s: request_use(s, web.settings, who.name, body.code, body.purpose, who.agent),
    )


@router.post("/use-requests/{request_id}/approve", summary="Approve a use request")
def api_use_approve(
    request: Request, web: Web, request_id: int, body: ApprovalIn
) -> dict[str, Any]:
    """Only a role of `use_approver_roles`, never for one's own request."""
    who = _writer(request)
    return _use(web, lambda s: approve(s, web.settings, request_id, who.name, who.agent, body.days))


@router.post("/use-requests/{request_id}/refuse", summary="Refuse a use request")
def api_use_refuse(request: Request, web: Web, request_id: int, body: RefusalIn) -> dict[str, Any]:
    """Only a role of `use_approver_roles`; the reason is kept and logged."""
    who = _writer(request)
    return _use(
        web, lambda s: refuse(s, web.settings, request_id, who.name, body.reason, who.agent)
    )
