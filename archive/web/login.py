"""Logging in and out of the web page (forms with a CSRF token); the work itself — rate limit,
password check, server-side session, audit events — is :class:`archive.web.auth.WebAuth`.
"""

from __future__ import annotations

import math

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from archive.web.security import check_csrf, safe_next
from archive.web.state import HttpError, Web

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, web: Web, next: str = "/search") -> HTMLResponse:
    return web.page(request, "login.html", next=safe_next(next, "/search"))


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, web: Web) -> Response:
    form = await request.form()
    name = str(form.get("name", "")).strip().lower()[:100]
    password = str(form.get("password", ""))
    target = safe_next(str(form.get("next", "")), "/search")
    if not check_csrf(request.session, str(form.get("csrf", ""))):
        return web.page(request, "login.html", 403, next=target, error="csrf_failed")
    outcome = await run_in_threadpool(web.auth.login, request, name, password)
    if outcome.status == "blocked":
        page = web.page(request, "login.html", 429, next=target, error="login_blocked")
        page.headers["retry-after"] = str(max(1, math.ceil(outcome.retry_after_s)))
        return page
    if outcome.status == "failed":
        return web.page(request, "login.html", 401, next=target, error="login_failed")
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
async def logout(request: Request, web: Web) -> Response:
    form = await request.form()
    if not check_csrf(request.session, str(form.get("csrf", ""))):
        raise HttpError(403, "csrf_failed")
    await run_in_threadpool(web.auth.logout, request)
    return RedirectResponse("/login", status_code=303)
