"""The minutes page (biên bản, docs/minutes.md): the minutes the archive wrote, by procedure,
each with its signed PDF/A to download. Archivists and administrators only (``minutes``): they
run the procedures the minutes record, and destruction minutes name the destroyed dossiers."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from archive.minutes.service import list_minutes, read_minutes
from archive.web.state import User, Web, need

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/minutes", response_class=HTMLResponse)
def minutes_page(
    request: Request, web: Web, who: User, kind: str = Query("", max_length=30)
) -> HTMLResponse:
    need(who, "minutes")
    rows = [m.as_dict() for m in list_minutes(web.archive, kind=kind.strip() or None)]
    return web.page(request, "minutes.html", who=who, rows=rows, kind=kind.strip())


@router.get("/minutes/{ident}/minutes.pdf")
def minutes_pdf(web: Web, who: User, ident: int) -> Response:
    """The signed PDF/A, as stored (its SHA-256 checked against the catalog first)."""
    need(who, "minutes")
    data = read_minutes(web.archive, str(ident), "pdf")
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="bien-ban-{ident}.pdf"'},
    )
