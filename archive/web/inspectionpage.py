"""The page of periodic inspection (``/inspections``, docs/operations.md "Inspection"): the
latest plan and its progress, the runs and the failures with their storage address, for
archivists, auditors and administrators (``inspections``). It reads only; the work is done
with ``archive inspection``. Failures name the dossier and the field, never its values."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from archive.db.engine import unit_of_work
from archive.errors import NotFound
from archive.inspection.views import failures, plan_view, runs
from archive.web.state import User, Web, need

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/inspections", response_class=HTMLResponse)
def inspections_page(request: Request, web: Web, who: User) -> HTMLResponse:
    need(who, "inspections")
    with unit_of_work(web.archive.sessions) as session:
        plan: dict[str, Any] | None
        try:
            plan = plan_view(session, None)
        except NotFound:
            plan = None
        done = runs(session, limit=20)
        found = failures(session, everything=True, limit=200)
    return web.page(request, "inspections.html", who=who, plan=plan, runs=done, failures=found)
