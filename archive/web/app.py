"""The ASGI app: server-rendered pages (Jinja2, no JavaScript) and the JSON API.

``create_app(archive)`` takes the :class:`archive.bootstrap.Archive` the CLI also drives, so
pages, API and commands share one core. Every route reads the user from the session cookie or
a bearer token, re-reads their role from the catalog, and asks :mod:`archive.web.records` and
:class:`archive.search.service.SearchService` for data *as that role*: a record the role may
not see is answered exactly like a record that does not exist (404).
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import StreamingResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from archive import __version__
from archive.audit.chain import NewEvent, append_events
from archive.bootstrap import Archive, software_agent
from archive.catalog.codes import label
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.errors import (
    ArchiveError,
    ConfigurationError,
    InvalidInput,
    NotFound,
    Unavailable,
)
from archive.search.api import FACET_FIELDS, SearchResult
from archive.search.service import SearchService
from archive.users.access import Capability, can, visible
from archive.users.service import Principal
from archive.web import limits, records
from archive.web.auth import WebAuth
from archive.web.downloads import Channel, original_response
from archive.web.headers import HeadAsGet, NoStore, is_head
from archive.web.i18n import LANGS, translator
from archive.web.limits import PER_PAGE, search_request
from archive.web.security import check_csrf, csrf_token, safe_next, session_secret

__all__ = ["create_app"]

_SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        b"frame-ancestors 'none'; base-uri 'none'",
    ),
]
_FACET_PARAM = {
    "organ": "organ",
    "type": "type",
    "maintenance": "maintenance",
    "mode": "mode",
    "fonds": "fonds",
    "year": "year",
}


class _SecurityHeaders:
    """Adds the security headers to every HTTP response (pages, API, files)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _HttpError(Exception):
    def __init__(self, status: int, key: str, detail: str = "") -> None:
        self.status = status
        self.key = key
        self.detail = detail


class _Web:
    """Per-app state: the archive, templates, the login limiter, per-thread search services."""

    def __init__(self, archive: Archive, clock: Callable[[], float]) -> None:
        self.archive = archive
        self.settings = archive.settings
        folder = Path(str(files("archive.web") / "templates"))
        self.env = Environment(
            loader=FileSystemLoader(folder),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(label=label, version=__version__)
        self.auth = WebAuth(archive, session_secret(self.settings), clock)
        self._local = threading.local()
        self._services: list[SearchService] = []
        self._lock = threading.Lock()

    def search_service(self) -> SearchService:
        service: SearchService | None = getattr(self._local, "service", None)
        if service is None:
            service = SearchService(self.settings, self.archive.sessions, self.archive.ocfl)
            self._local.service = service
            with self._lock:
                self._services.append(service)
        return service

    def close(self) -> None:
        with self._lock:
            for service in self._services:
                service.close()
            self._services.clear()

    # ------------------------------------------------------------------ who is asking

    def principal(self, request: Request) -> Principal | None:
        return self.auth.principal(request)

    def log(self, who: Principal, event_type: str, detail: str, objects: list[str]) -> None:
        with unit_of_work(self.archive.sessions) as session:
            append_events(
                session,
                [
                    NewEvent(
                        event_type,
                        detail,
                        agents=[who.agent, software_agent()],
                        objects=[(o, "source") for o in objects],
                    )
                ],
            )

    # ------------------------------------------------------------------ rendering

    def lang(self, request: Request) -> str:
        lang = request.session.get("lang")
        return lang if lang in LANGS else "vi"

    def page(
        self,
        request: Request,
        template: str,
        status: int = 200,
        who: Principal | None = None,
        **context: Any,
    ) -> HTMLResponse:
        lang = self.lang(request)
        html = self.env.get_template(template).render(
            request=request,
            lang=lang,
            t=translator(lang),
            user=who,
            csrf=csrf_token(request.session),
            here=str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
            can=lambda cap: who is not None and can(who.role, cap),
            **context,
        )
        return HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})


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


def create_app(archive: Archive, clock: Callable[[], float] = time.time) -> FastAPI:
    """The web app over ``archive`` (pages under ``/``, JSON API under ``/api``); ``clock``
    (seconds since the epoch) decides session and token expiry and the login limit."""
    settings = archive.settings
    settings.check_production()
    web = _Web(archive, clock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Synchronous endpoints run in this pool. Its default (40 threads) lets 20 busy requests
        # fight over 2 cores and the GIL, and some wait seconds; a pool near the core count
        # serves them in arrival order instead (docs/performance.md, "Web").
        to_thread.current_default_thread_limiter().total_tokens = web_threads(settings)
        yield
        web.close()

    app = FastAPI(
        lifespan=lifespan,
        title="archive API",
        version=__version__,
        description="Kho lưu trữ điện tử — JSON API. Authenticate with the session cookie of "
        "the web login or `Authorization: Bearer <token>` from `archive users token NAME`.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        # No automatic /path/ → /path redirect: Starlette builds its Location from the Host
        # header, so a forged Host made this site redirect to any other (open redirect).
        redirect_slashes=False,
    )
    secure = (
        settings.web_secure_cookies
        if settings.web_secure_cookies is not None
        else settings.environment == "production"
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie="archive_session",
        max_age=settings.web_session_max_age_s,
        same_site="lax",
        https_only=secure,
    )
    app.add_middleware(_SecurityHeaders)
    app.add_middleware(NoStore)
    app.add_middleware(HeadAsGet)  # outermost: everything inside sees a GET
    app.mount("/static", StaticFiles(directory=str(files("archive.web") / "static")), name="static")
    app.state.web = web
    limits.install(app)

    # ------------------------------------------------------------------ errors

    @app.exception_handler(_HttpError)
    async def http_error(request: Request, exc: _HttpError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(
                {"error": translator("en")(exc.key), "detail": exc.detail},
                status_code=exc.status,
                headers={"www-authenticate": "Bearer"} if exc.status == 401 else None,
            )
        if exc.status == 401:
            return RedirectResponse(
                "/login?" + urlencode({"next": str(request.url.path)}), status_code=303
            )
        who = await _run(lambda: web.principal(request))
        return web.page(
            request, "error.html", exc.status, who=who, message_key=exc.key, detail=exc.detail
        )

    @app.exception_handler(ArchiveError)
    async def archive_error(request: Request, exc: ArchiveError) -> Response:
        status, key = 500, "error"
        if isinstance(exc, InvalidInput):
            status, key = 400, "bad_request"
        elif isinstance(exc, NotFound):
            status, key = 404, "not_found"
        elif isinstance(exc, Unavailable | ConfigurationError):
            status = 503
        return await http_error(request, _HttpError(status, key, str(exc)))

    def need_user(request: Request) -> Principal:
        who = web.principal(request)
        if who is None:
            raise _HttpError(401, "login")
        return who

    def need(who: Principal, capability: Capability) -> None:
        if not can(who.role, capability):
            raise _HttpError(403, "forbidden")

    # ------------------------------------------------------------------ login

    @app.get("/", include_in_schema=False)
    def index() -> RedirectResponse:
        return RedirectResponse("/search", status_code=303)

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str = "/search") -> HTMLResponse:
        return web.page(request, "login.html", next=safe_next(next, "/search"))

    @app.post("/login", response_class=HTMLResponse, include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await request.form()
        name = str(form.get("name", "")).strip().lower()[:100]
        password = str(form.get("password", ""))
        target = safe_next(str(form.get("next", "")), "/search")
        if not check_csrf(request.session, str(form.get("csrf", ""))):
            return web.page(request, "login.html", 403, next=target, error="csrf_failed")
        outcome = await _run(lambda: web.auth.login(request, name, password))
        if outcome.status == "blocked":
            page = web.page(request, "login.html", 429, next=target, error="login_blocked")
            page.headers["retry-after"] = str(max(1, math.ceil(outcome.retry_after_s)))
            return page
        if outcome.status == "failed":
            return web.page(request, "login.html", 401, next=target, error="login_failed")
        return RedirectResponse(target, status_code=303)

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        form = await request.form()
        if not check_csrf(request.session, str(form.get("csrf", ""))):
            raise _HttpError(403, "csrf_failed")
        await _run(lambda: web.auth.logout(request))
        return RedirectResponse("/login", status_code=303)

    @app.get("/lang/{code}", include_in_schema=False)
    def switch_lang(request: Request, code: str, next: str = "/") -> Response:
        if code in LANGS:
            request.session["lang"] = code
        return RedirectResponse(safe_next(next), status_code=303)

    # ------------------------------------------------------------------ pages

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request) -> HTMLResponse:
        who = need_user(request)
        req, page, per_page = search_request(request.query_params, settings)
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
        )

    def viewed_dossier(request: Request, code: str, via: str) -> tuple[Principal, dict[str, Any]]:
        who = need_user(request)
        with unit_of_work(archive.sessions) as session:
            view = records.dossier_view(session, settings, who.role, code)
        if view is None:
            raise _HttpError(404, "not_found")
        arc = view["arcFileCode"]
        if not is_head(request):  # a HEAD shows nothing: no view to log
            web.log(who, "access", f"Xem hồ sơ {arc} / Dossier viewed ({via})", [arc])
        return who, view

    def viewed_document(request: Request, code: str, via: str) -> tuple[Principal, dict[str, Any]]:
        who = need_user(request)
        with unit_of_work(archive.sessions) as session:
            view = records.document_view(session, settings, who.role, code)
        if view is None:
            raise _HttpError(404, "not_found")
        doc = view["docCode"]
        if not is_head(request):
            web.log(who, "access", f"Xem văn bản {doc} / Document viewed ({via})", [doc])
        return who, view

    @app.get("/dossiers/{code}", response_class=HTMLResponse, include_in_schema=False)
    def dossier_page(request: Request, code: str) -> HTMLResponse:
        who, view = viewed_dossier(request, code, "web")
        return web.page(request, "dossier.html", who=who, d=view)

    @app.get("/documents/{code}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, code: str) -> HTMLResponse:
        who, view = viewed_document(request, code, "web")
        return web.page(request, "document.html", who=who, d=view)

    @app.get("/documents/{code}/original", include_in_schema=False)
    def document_original(request: Request, code: str) -> Response:
        return _download(request, code, "web")

    @app.get("/documents/{code}/verification", response_class=HTMLResponse, include_in_schema=False)
    def verification_page(request: Request, code: str) -> HTMLResponse:
        who = need_user(request)
        need(who, "verification")
        with unit_of_work(archive.sessions) as session:
            report = records.stored_report(session, settings, archive.ocfl, who.role, code)
        if report is None:
            raise _HttpError(404, "not_found")
        if not is_head(request):
            web.log(
                who,
                "access",
                f"Xem báo cáo xác thực chữ ký {code} / Verification report viewed (web)",
                [code],
            )
        return web.page(request, "verification.html", who=who, r=report)

    @app.get("/dossiers/{code}/audit", response_class=HTMLResponse, include_in_schema=False)
    def dossier_audit(request: Request, code: str) -> HTMLResponse:
        who = need_user(request)
        need(who, "audit_trail")
        with unit_of_work(archive.sessions) as session:
            dossier = records.find_visible_dossier(session, settings, who.role, code)
            if dossier is None:
                raise _HttpError(404, "not_found")
            target = dossier.arc_file_code
            shown = [
                d.doc_code
                for d in dossier.documents
                if visible(settings, who.role, d.mode, dossier.mode)
            ]
            hidden = tuple(d.doc_code for d in dossier.documents if d.doc_code not in shown)
            events = records.audit_trail(session, [target, dossier.object_id, *shown], hidden)
        return web.page(
            request, "audit.html", who=who, target=target, kind="dossier", events=events
        )

    @app.get("/documents/{code}/audit", response_class=HTMLResponse, include_in_schema=False)
    def document_audit(request: Request, code: str) -> HTMLResponse:
        who = need_user(request)
        need(who, "audit_trail")
        with unit_of_work(archive.sessions) as session:
            doc = records.find_visible_document(session, settings, who.role, code)
            if doc is None:
                raise _HttpError(404, "not_found")
            original = next((f for f in doc.files if f.role == "original"), None)
            ids = [doc.doc_code]
            if original is not None:
                ids.append(f"{doc.dossier.arc_file_code}/{original.path}")
            events = records.audit_trail(session, ids)
        return web.page(request, "audit.html", who=who, target=code, kind="document", events=events)

    # ------------------------------------------------------------------ downloads

    def _download(request: Request, code: str, channel: Channel) -> Response:
        who = need_user(request)
        with unit_of_work(archive.sessions) as session:
            ref = records.original_ref(session, settings, archive.ocfl, who.role, code)
        if ref is None:
            raise _HttpError(404, "not_found")
        return original_response(archive, who, ref, channel, head=is_head(request))

    # ------------------------------------------------------------------ JSON API

    @app.get("/api/search", tags=["api"], summary="Search documents (as the caller's role)")
    def api_search(
        request: Request,
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
        who = need_user(request)
        req, _, _ = search_request(request.query_params, settings)
        return web.search_service().search(req, who.role).as_dict(req, who.role)

    @app.get("/api/dossiers/{code}", tags=["api"], summary="A dossier and its document list")
    def api_dossier(request: Request, code: str) -> dict[str, Any]:
        """TT05 metadata with Vietnamese and English labels, and the Mục lục văn bản."""
        return viewed_dossier(request, code, "API")[1]

    @app.get("/api/documents/{code}", tags=["api"], summary="A document's metadata")
    def api_document(request: Request, code: str) -> dict[str, Any]:
        """Metadata, original file (name, size, SHA-256) and signature status."""
        return viewed_document(request, code, "API")[1]

    @app.get(
        "/api/documents/{code}/original",
        tags=["api"],
        summary="Download the original file",
        response_class=StreamingResponse,
        responses={200: {"content": {"application/octet-stream": {}}}},
    )
    def api_original(request: Request, code: str) -> Response:
        """The original bytes as stored; the `X-Content-SHA256` header carries the recorded
        digest. The stream is cut short (never completed) if the stored bytes do not match."""
        return _download(request, code, "API")

    return app


def web_threads(settings: Settings) -> int:
    """Requests one web process works on at once (``web_threads``; 0: 2 × CPUs, at least 4)."""
    return settings.web_threads or max(4, 2 * (os.cpu_count() or 1))


async def _run(fn: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn)
