"""Reading copies and plain copies on the web page (TT 05/2025 Đ37, Đ40; docs/use.md): the two
actions of the document page, the page "Bản sao của tôi", and the delivery of a copy.

A reading copy (bản đọc) is only ever sent ``inline``, for the browser's own PDF viewer, with
``Cache-Control: no-store`` and no link anywhere to download it; its download route answers 404.
A browser can still save what it shows (the viewer's own button, a screenshot): the marks on
every page say whose copy it is. A plain copy (bản sao) is sent as an attachment. Both open only
to their holder, only until their end, only while the holder may open the document; anything
else is the same 404 as a copy that does not exist. Each delivery is a ``dissemination`` event,
written once the last byte left. The work is :mod:`archive.use.copies`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse

from archive.audit.agents import software_agent
from archive.audit.chain import append_events
from archive.db.engine import unit_of_work
from archive.errors import ChecksumMismatch, NotFound
from archive.use.copies import Kind, as_dict, delivery_event, issue, list_copies, open_copy
from archive.users.service import Principal
from archive.web.downloads import CHUNK, content_disposition
from archive.web.headers import is_head
from archive.web.security import check_csrf
from archive.web.state import HttpError, User, Web, WebState

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/copies", response_class=HTMLResponse)
def my_copies(request: Request, web: Web, who: User) -> HTMLResponse:
    with unit_of_work(web.archive.sessions) as session:
        rows = list_copies(session, who.name)
    settings = web.settings
    return web.page(
        request,
        "copies.html",
        who=who,
        rows=rows,
        days={
            "reading": settings.reading_copy_days,
            "plain": settings.plain_copy_days,
            "purge": settings.copy_purge_after_days,
        },
    )


async def _issue(request: Request, web: WebState, who: Principal, code: str, kind: Kind) -> int:
    form = await request.form()
    if not check_csrf(request.session, str(form.get("csrf", ""))):
        raise HttpError(403, "csrf_failed")
    return await run_in_threadpool(_issued, web, who, code, kind)


def _issued(web: WebState, who: Principal, code: str, kind: Kind) -> int:
    archive = web.archive
    try:
        with unit_of_work(archive.sessions) as session:
            row = issue(session, web.settings, archive.ocfl, who.name, code, kind, who.agent)
            return row.id
    except NotFound:
        raise HttpError(404, "not_found") from None  # hidden or missing: one answer


@router.post("/documents/{code}/reading-copy")
async def reading_copy(request: Request, web: Web, who: User, code: str) -> Response:
    """Xem bản đọc: the holder's open reading copy (made now if there is none), in the viewer."""
    copy_id = await _issue(request, web, who, code, "reading")
    return RedirectResponse(f"/copies/{copy_id}/read", status_code=303)


@router.post("/documents/{code}/plain-copy")
async def plain_copy(request: Request, web: Web, who: User, code: str) -> Response:
    """Tạo bản sao: a plain copy, then the page of copies where it is downloaded."""
    copy_id = await _issue(request, web, who, code, "plain")
    return RedirectResponse(f"/copies#copy-{copy_id}", status_code=303)


@router.get("/copies/{copy_id}/read")
def read_copy(request: Request, web: Web, who: User, copy_id: int) -> Response:
    """A reading copy, inline only."""
    return _deliver(request, web, who, copy_id, "reading")


@router.get("/copies/{copy_id}/file")
def download_copy(request: Request, web: Web, who: User, copy_id: int) -> Response:
    """A plain copy, as an attachment; a reading copy is never found here."""
    return _deliver(request, web, who, copy_id, "plain")


def _deliver(request: Request, web: WebState, who: Principal, copy_id: int, kind: Kind) -> Response:
    try:
        with unit_of_work(web.archive.sessions) as session:
            row, path = open_copy(session, web.settings, who.name, copy_id, kind)
            copy = as_dict(row)
    except NotFound:
        raise HttpError(404, "not_found") from None
    headers = {
        "content-length": str(copy["size"]),
        "content-disposition": content_disposition(copy["filename"], inline=kind == "reading"),
        "x-content-sha256": copy["sha256"],
        "cache-control": "no-store",
    }
    if is_head(request):
        return Response(status_code=200, media_type="application/pdf", headers=headers)
    return StreamingResponse(
        _stream(web, who, path, copy),
        media_type="application/pdf",
        headers=headers,
    )


def _stream(web: WebState, who: Principal, path: Path, copy: dict[str, Any]) -> Iterator[bytes]:
    """The copy's bytes, the last chunk held back until they match the recorded SHA-256; the
    event follows the last chunk (success) or the break (failure)."""
    digest = hashlib.sha256()
    held: bytes | None = None
    delivered = False
    try:
        with path.open("rb") as src:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                if held is not None:
                    yield held
                held = chunk
        if digest.hexdigest() != copy["sha256"]:
            raise ChecksumMismatch(path.name, "SHA-256", copy["sha256"], digest.hexdigest())
        if held is not None:
            yield held
        delivered = True
    finally:
        event = delivery_event(copy, [who.agent, software_agent()], "web", delivered=delivered)
        with unit_of_work(web.archive.sessions) as session:
            append_events(session, [event])
