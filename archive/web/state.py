"""What every request of one web app shares, and the FastAPI dependencies that hand it out.

:class:`WebState` lives on ``app.state.web``: the archive, the templates, the authentication
(sessions, tokens, login limit) and one search service per worker thread. Routes ask for it,
and for the caller, through the dependencies below (:data:`Web`, :data:`User`) instead of
closing over ``create_app``'s locals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from archive import __version__
from archive.audit.chain import NewEvent, append_events
from archive.bootstrap import Archive, software_agent
from archive.db.engine import unit_of_work
from archive.messages.catalogue import LANGS, term, translator
from archive.messages.values import subject_text
from archive.retention.disposal.council import seat_of
from archive.search.service import SearchService
from archive.users.access import Capability, can
from archive.users.service import Principal
from archive.web.auth import WebAuth
from archive.web.display import code_label, field_value, file_size, time_html, yes_no
from archive.web.security import csrf_token, session_secret

__all__ = [
    "HttpError",
    "User",
    "Web",
    "WebState",
    "current_user",
    "need",
    "state_of",
    "web_state",
]


class HttpError(Exception):
    """An answer decided by the web layer itself (401 log in, 403 forbidden, 404 not visible):
    ``key`` names the message (archive/messages/web.py), ``detail`` is shown under it."""

    def __init__(self, status: int, key: str, detail: str = "") -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.detail = detail


class WebState:
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
        self.env.globals.update(version=__version__)
        self.env.filters.update(when=time_html, day=partial(time_html, with_time=False))
        self.auth = WebAuth(archive, session_secret(self.settings), clock)
        self._local = threading.local()
        self._services: list[SearchService] = []
        self._lock = threading.Lock()

    def search_service(self) -> SearchService:
        """This worker thread's search service (opened on first use, closed by :meth:`close`)."""
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

    def principal(self, request: Request) -> Principal | None:
        return self.auth.principal(request)

    def log(self, who: Principal, event_type: str, detail: str, objects: list[str]) -> None:
        """Append one event by ``who`` (and this software) about ``objects`` to the audit log."""
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

    def council_seat(self, name: str) -> str | None:
        """``name``'s seat in the destruction procedure (the menu shows its pages), or None."""
        with self.archive.sessions() as session:
            return seat_of(session, name)

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
        """``template`` rendered in the caller's language, with the CSRF token and ``can``."""
        lang = self.lang(request)
        html = self.env.get_template(template).render(
            request=request,
            lang=lang,
            t=translator(lang),
            user=who,
            csrf=csrf_token(request.session),
            here=str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
            can=lambda cap: who is not None and can(who.role, cap),
            code_label=lambda list_name, code: code_label(list_name, code, lang),
            field_value=lambda field: field_value(field, lang),
            yes_no=lambda value: yes_no(value, lang),
            term=lambda kind, value: term(kind, value, lang),
            subject=lambda name: subject_text(name, lang),
            file_size=lambda size: file_size(size, lang),
            council_seat=lambda: who is not None and self.council_seat(who.name),
            **context,
        )
        return HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})


def state_of(request: Request) -> WebState:
    """The :class:`WebState` of the app serving ``request``."""
    state: WebState = request.app.state.web
    return state


async def web_state(request: Request) -> WebState:
    """The app's :class:`WebState` (dependency; async, so it costs no worker thread)."""
    return state_of(request)


def current_user(request: Request) -> Principal:
    """The caller (bearer token or session cookie), re-read from the catalog; 401 if none."""
    who = state_of(request).principal(request)
    if who is None:
        raise HttpError(401, "login")
    return who


def need(who: Principal, capability: Capability) -> None:
    """403 unless ``who``'s role has ``capability``."""
    if not can(who.role, capability):
        raise HttpError(403, "forbidden")


Web = Annotated[WebState, Depends(web_state)]
User = Annotated[Principal, Depends(current_user)]
