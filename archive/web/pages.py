"""The server-rendered HTML pages (Jinja2, no JavaScript): search, dossier, document, original
(downloaded, or read in the browser), verification report, audit trails, and the language
switch.

Every page but the language switch needs a logged-in user (:data:`~archive.web.state.User`;
anonymous callers are sent to the login page) and shows data as that user's role may see it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from archive.db.engine import unit_of_work
from archive.edxml.tray import document_links
from archive.messages.catalogue import LANGS
from archive.search.api import FACET_FIELDS, SearchResult
from archive.users.access import visible
from archive.web import records
from archive.web.headers import is_head
from archive.web.limits import search_request
from archive.web.security import safe_next
from archive.web.state import HttpError, User, Web, need
from archive.web.views import download, viewed_document, viewed_dossier

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_FACET_PARAM = {
    "organ": "organ",
    "type": "type",
    "maintenance": "maintenance",
    "mode": "mode",
    "fonds": "fonds",
    "year": "year",
}
_FACET_LISTS = {"type": "typeName", "maintenance": "maintenance", "mode": "mode"}
"""Facets whose values are codes, and the code list that labels them."""


@router.get("/")
def index() -> RedirectResponse:
    return RedirectResponse("/search", status_code=303)


@router.get("/lang/{code}")
def switch_lang(request: Request, code: str, next: str = "/") -> Response:
    if code in LANGS:
        request.session["lang"] = code
    return RedirectResponse(safe_next(next), status_code=303)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, web: Web, who: User) -> HTMLResponse:
    req, page, per_page = search_request(request.query_params, web.settings)
    result = web.search_service().search(req, who.role)
    active = [
        (k, v)
        for k, v in request.query_params.multi_items()
        if k not in ("q", "page", "sort", "per_page")
    ]
    return web.page(
        request,
        "search.html",
        who=who,
        q=req.text,
        sort=req.sort,
        result=result,
        facets=_facet_views(request, result),
        links=_page_links(request, page, per_page, result.total),
        page_no=page,
        first=req.offset + 1 if result.hits else 0,
        last=req.offset + len(result.hits),
        active=active,
        facet_fields=FACET_FIELDS,
        facet_lists=_FACET_LISTS,
    )


@router.get("/dossiers/{code}", response_class=HTMLResponse)
def dossier_page(request: Request, web: Web, who: User, code: str) -> HTMLResponse:
    view = viewed_dossier(web, request, who, code, "web")
    return web.page(request, "dossier.html", who=who, d=view)


@router.get("/documents/{code}", response_class=HTMLResponse)
def document_page(request: Request, web: Web, who: User, code: str) -> HTMLResponse:
    view = viewed_document(web, request, who, code, "web")
    certifier = who.role in web.settings.certify_roles
    with unit_of_work(web.archive.sessions) as session:
        # Received over the exchange axis: its envelope, a recall, the documents it updates.
        exchange = document_links(session, view["arcFileCode"], view["docCode"])
    return web.page(
        request, "document.html", who=who, d=view, certifier=certifier, exchange=exchange
    )


@router.get("/documents/{code}/original")
def document_original(request: Request, web: Web, who: User, code: str) -> Response:
    return download(web, request, who, code, "web")


@router.get("/documents/{code}/rendition/ocr")
def document_rendition(request: Request, web: Web, who: User, code: str) -> Response:
    """The OCR rendition (PDF/A-2b two-layer), a derivative: never offered as the original."""
    return download(web, request, who, code, "web", rendition=True)


@router.get("/documents/{code}/read")
def document_read(request: Request, web: Web, who: User, code: str) -> Response:
    """The original PDF for the browser's own viewer (``inline``); checked, limited and logged
    like a download."""
    return download(web, request, who, code, "web", inline=True)


@router.get("/documents/{code}/verification", response_class=HTMLResponse)
def verification_page(request: Request, web: Web, who: User, code: str) -> HTMLResponse:
    need(who, "verification")
    archive = web.archive
    with unit_of_work(archive.sessions) as session:
        report = records.stored_report(session, web.settings, archive.ocfl, who.role, code)
    if report is None:
        raise HttpError(404, "not_found")
    if not is_head(request):
        web.log(
            who,
            "access",
            f"Xem báo cáo xác thực chữ ký {code} / Verification report viewed (web)",
            [code],
        )
    return web.page(request, "verification.html", who=who, r=report)


@router.get("/dossiers/{code}/audit", response_class=HTMLResponse)
def dossier_audit(request: Request, web: Web, who: User, code: str) -> HTMLResponse:
    need(who, "audit_trail")
    settings = web.settings
    with unit_of_work(web.archive.sessions) as session:
        dossier = records.find_visible_dossier(session, settings, who.role, code)
        if dossier is None:
            raise HttpError(404, "not_found")
        target = dossier.arc_file_code
        shown = [
            d.doc_code
            for d in dossier.documents
            if visible(settings, who.role, d.mode, dossier.mode)
        ]
        hidden = tuple(d.doc_code for d in dossier.documents if d.doc_code not in shown)
        events = records.audit_trail(session, [target, dossier.object_id, *shown], hidden)
    return web.page(request, "audit.html", who=who, target=target, kind="dossier", events=events)


@router.get("/documents/{code}/audit", response_class=HTMLResponse)
def document_audit(request: Request, web: Web, who: User, code: str) -> HTMLResponse:
    need(who, "audit_trail")
    with unit_of_work(web.archive.sessions) as session:
        doc = records.find_visible_document(session, web.settings, who.role, code)
        if doc is None:
            raise HttpError(404, "not_found")
        original = next((f for f in doc.files if f.role == "original"), None)
        ids = [doc.doc_code]
        if original is not None:
            ids.append(f"{doc.dossier.arc_file_code}/{original.path}")
        events = records.audit_trail(session, ids)
    return web.page(request, "audit.html", who=who, target=code, kind="document", events=events)


def _facet_views(request: Request, result: SearchResult) -> list[dict[str, Any]]:
    """Each facet's buckets with the link that adds (or removes) that filter."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    out = []
    for facet in result.facets:
        param = _FACET_PARAM[facet.field]
        buckets = []
        for b in facet.buckets:
            active = (param, b.value) in items
            if active:
                new = [i for i in items if i != (param, b.value)]
            elif param == "year":
                new = [i for i in items if i[0] not in ("year", "from", "to")] + [(param, b.value)]
            else:
                new = [*items, (param, b.value)]
            buckets.append(
                {
                    "value": b.value,
                    "label": b.label,
                    "count": b.count,
                    "active": active,
                    "href": "/search?" + urlencode(new),
                }
            )
        out.append({"field": facet.field, "buckets": buckets})
    return out


def _page_links(request: Request, page: int, per_page: int, total: int) -> dict[str, str | None]:
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    last = max((total + per_page - 1) // per_page, 1)
    return {
        "prev": "/search?" + urlencode([*items, ("page", str(page - 1))]) if page > 1 else None,
        "next": "/search?" + urlencode([*items, ("page", str(page + 1))]) if page < last else None,
    }
