"""The ASGI app: server-rendered pages (Jinja2, no JavaScript) and the JSON API.

``create_app(archive)`` takes the :class:`archive.bootstrap.Archive` the CLI also drives, so
pages, API and commands share one core. It only assembles the parts: the per-app state
(:mod:`archive.web.state`), the middlewares (sessions; :mod:`archive.web.headers`), the routers
(:mod:`archive.web.login`, :mod:`archive.web.pages`, :mod:`archive.web.api`) and the error
answers (:mod:`archive.web.errors`). Every route reads the user from the session cookie or a
bearer token, re-reads their role from the catalog, and asks for data *as that role*: a record
the role may not see is answered exactly like a record that does not exist (404).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib.resources import files

from anyio import to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from archive import __version__
from archive.bootstrap import Archive
from archive.config import Settings
from archive.web import (
    api,
    certifypages,
    copies,
    disposalpages,
    duepage,
    errors,
    inspectionpage,
    login,
    minutespages,
    pages,
    statspage,
    traypages,
    usepages,
)
from archive.web.headers import HeadAsGet, NoStore, SecurityHeaders
from archive.web.security import session_secret
from archive.web.state import WebState

__all__ = ["SEAL_CHECK_S", "create_app", "seal_every", "web_threads"]

_DESCRIPTION = (
    "Kho lưu trữ điện tử — JSON API. Authenticate with the session cookie of "
    "the web login or `Authorization: Bearer <token>` from `archive users token NAME`."
)


SEAL_CHECK_S = 60.0
"""How often ``archive serve`` asks whether the audit log is due to be sealed."""


def seal_every(archive: Archive, stop: threading.Event, interval: float) -> None:
    """Until ``stop``: every ``interval`` seconds, seal the audit log if it is due (by count or
    age: a web process never ends a job); when the server stops, whatever waits."""
    while not stop.wait(interval):
        archive.seal_audit_if_due(job=False)
    archive.seal_audit_if_due(force=True)


def create_app(archive: Archive, clock: Callable[[], float] = time.time) -> FastAPI:
    """The web app over ``archive`` (pages under ``/``, JSON API under ``/api``); ``clock``
    (seconds since the epoch) decides session and token expiry and the login limit."""
    settings = archive.settings
    settings.check_production()
    web = WebState(archive, clock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Synchronous endpoints run in this pool. Its default (40 threads) lets 20 busy requests
        # fight over 2 cores and the GIL, and some wait seconds; a pool near the core count
        # serves them in arrival order instead (docs/performance.md, "Web").
        to_thread.current_default_thread_limiter().total_tokens = web_threads(settings)
        stop = threading.Event()
        sealer = threading.Thread(
            target=seal_every, args=(archive, stop, SEAL_CHECK_S), name="audit-seal", daemon=True
        )
        sealer.start()
        yield
        stop.set()
        sealer.join(timeout=30)
        web.close()

    app = FastAPI(
        lifespan=lifespan,
        title="archive API",
        version=__version__,
        description=_DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        # No automatic /path/ → /path redirect: Starlette builds its Location from the Host
        # header, so a forged Host made this site redirect to any other (open redirect).
        redirect_slashes=False,
    )
    app.state.web = web
    _add_middleware(app, settings)
    app.mount("/static", StaticFiles(directory=str(files("archive.web") / "static")), name="static")
    app.include_router(login.router)
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(usepages.router)
    app.include_router(duepage.router)
    app.include_router(inspectionpage.router)
    app.include_router(copies.router)
    app.include_router(statspage.router)
    app.include_router(certifypages.router)
    app.include_router(traypages.router)
    app.include_router(minutespages.router)
    app.include_router(disposalpages.router)
    errors.install(app)
    return app


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    """Innermost the answer to unexpected errors, then the signed session cookie, the security
    headers and no-store; HEAD handling outermost (the last added is the outermost)."""
    app.add_middleware(errors.UnexpectedErrors)
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
    app.add_middleware(SecurityHeaders)
    app.add_middleware(NoStore)
    app.add_middleware(HeadAsGet)  # outermost: everything inside sees a GET


def web_threads(settings: Settings) -> int:
    """Requests one web process works on at once (``web_threads``; 0: 2 × CPUs, at least 4)."""
    return settings.web_threads or max(4, 2 * (os.cpu_count() or 1))
