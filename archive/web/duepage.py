"""The page of everything that is due (``/due``), for archivists and administrators: the same
report as ``archive due`` (:mod:`archive.due`), red first, each line with what to do."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from archive.clock import utc_now
from archive.dates import today, vn_date
from archive.due import due_report
from archive.web.state import User, Web, need

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/due", response_class=HTMLResponse)
def due_page(request: Request, web: Web, who: User) -> HTMLResponse:
    need(who, "due_report")
    day = today()
    items = due_report(web.archive, day, utc_now())
    return web.page(
        request,
        "due.html",
        who=who,
        items=items,
        day=vn_date(day),
        red=sum(1 for i in items if i.level == "red"),
    )
