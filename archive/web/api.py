"""The JSON API under ``/api`` (described at ``/api/openapi.json``): search, dossier, document
and original file, each as the caller's role may see it.

The caller authenticates with ``Authorization: Bearer <token>`` or the web login's session
cookie; errors answer ``{"error": ..., "detail": ...}`` (archive.web.errors).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.responses import StreamingResponse

from archive.web.limits import PER_PAGE, search_request
from archive.web.state import User, Web, current_user
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
