"""The page of requests to use conditional records (docs/use.md): a person asks for a
document with a purpose; an approver (``use_approver_roles``) approves it for a period or
refuses it with a reason. Forms with a CSRF token, no JavaScript; each answer redirects back
to the page (post, redirect, get). The work is :mod:`archive.use.service`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from archive.db.engine import unit_of_work
from archive.errors import ArchiveError
from archive.use.service import approve, close_expired, list_requests, refuse, request_use
from archive.web.errors import answer_for
from archive.web.security import check_csrf
from archive.web.state import HttpError, User, Web, WebState

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _page(
    request: Request, web: WebState, who: Any, status: int = 200, error: str = ""
) -> HTMLResponse:
    with unit_of_work(web.archive.sessions) as session:
        close_expired(session, who.agent)
        rows = list_requests(session, web.settings, who.name, everything=True)
    return web.page(
        request,
        "use_requests.html",
        status,
        who=who,
        rows=rows,
        approver=who.role in web.settings.use_approver_roles,
        error=error,
    )


@router.get("/use-requests", response_class=HTMLResponse)
def use_requests(request: Request, web: Web, who: User) -> HTMLResponse:
    return _page(request, web, who)


async def _act(
    request: Request, web: WebState, who: Any, work: Callable[[Session, dict[str, str]], Any]
) -> Response:
    """Check the form's CSRF token, do ``work`` in one transaction, and go back to the page;
    a refusal of the core is shown on the page, in both languages, with its status."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    if not check_csrf(request.session, form.get("csrf", "")):
        raise HttpError(403, "csrf_failed")
    return await run_in_threadpool(_finish, request, web, who, work, form)


def _finish(
    request: Request,
    web: WebState,
    who: Any,
    work: Callable[[Session, dict[str, str]], Any],
    form: dict[str, str],
) -> Response:
    try:
        with unit_of_work(web.archive.sessions) as session:
            work(session, form)
    except ArchiveError as exc:
        return _page(request, web, who, answer_for(exc).status, str(exc))
    return RedirectResponse("/use-requests", status_code=303)


@router.post("/use-requests")
async def ask(request: Request, web: Web, who: User) -> Response:
    return await _act(
        request,
        web,
        who,
        lambda s, f: request_use(
            s, web.settings, who.name, f.get("code", "").strip(), f.get("purpose", ""), who.agent
        ),
    )


@router.post("/use-requests/{request_id}/approve")
async def approve_form(request: Request, web: Web, who: User, request_id: int) -> Response:
    def work(session: Session, form: dict[str, str]) -> Any:
        days = form.get("days", "").strip()
        return approve(
            session,
            web.settings,
            request_id,
            who.name,
            who.agent,
            int(days) if days.isdigit() else None,
        )

    return await _act(request, web, who, work)


@router.post("/use-requests/{request_id}/refuse")
async def refuse_form(request: Request, web: Web, who: User, request_id: int) -> Response:
    return await _act(
        request,
        web,
        who,
        lambda s, f: refuse(s, web.settings, request_id, who.name, f.get("reason", ""), who.agent),
    )
