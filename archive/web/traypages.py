"""The filing tray page (văn bản chờ lập hồ sơ, docs/edxml.md): documents received as edXML
envelopes, filtered by sender, date and type; one document with its metadata, attachments,
signatures and processing history. Archivists and administrators only (``filing_tray``):
received documents are not yet classified, so nobody else sees them."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from archive.edxml.tray import TrayFilter, list_tray, show_tray
from archive.errors import ArchiveError
from archive.web.errors import answer_for
from archive.web.state import User, Web, need

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_STATES = ("received", "filed", "withdrawn", "all")


def _date(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date() if text.strip() else None
    except ValueError:
        return None


@router.get("/tray", response_class=HTMLResponse)
def tray(
    request: Request,
    web: Web,
    who: User,
    sender: str = Query("", max_length=200),
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
    type_name: str = Query("", alias="type", max_length=100),
    state: str = Query("received", max_length=10),
) -> HTMLResponse:
    need(who, "filing_tray")
    bad = [
        name
        for name, value in (("since", since), ("until", until))
        if value.strip() and _date(value) is None
    ]
    where = TrayFilter(
        sender=sender.strip(),
        since=_date(since),
        until=_date(until),
        type_name=type_name.strip(),
        state=state if state in _STATES else "received",
    )
    rows = [] if bad else list_tray(web.archive, where)
    return web.page(
        request,
        "tray.html",
        400 if bad else 200,
        who=who,
        rows=rows,
        form={
            "sender": sender,
            "since": since,
            "until": until,
            "type": type_name,
            "state": where.state,
        },
        states=_STATES,
        bad_dates=bad,
    )


@router.get("/tray/{code}", response_class=HTMLResponse)
def tray_document(request: Request, web: Web, who: User, code: str) -> HTMLResponse:
    need(who, "filing_tray")
    if len(code) > 40:
        code = code[:40]
    try:
        data = show_tray(web.archive, code)
    except ArchiveError as exc:
        answer = answer_for(exc)
        return web.page(
            request, "tray_document.html", answer.status, who=who, doc=None, error=str(exc)
        )
    return web.page(request, "tray_document.html", who=who, doc=data, error="")
