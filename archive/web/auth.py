"""Who is asking, and logging in and out: the client address (trusted proxies only), bearer
tokens, server-side sessions and the login rate limit, wired for the web app.

The session cookie (Starlette's signed cookie) holds a random session id, the CSRF token and
the language — never the user name; the login itself is the ``web_sessions`` row
(archive.users.sessions), so logout and disabling a user end it at once.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import select
from starlette.requests import Request

from archive.audit.chain import NewEvent, append_events
from archive.bootstrap import Archive, software_agent
from archive.db.engine import unit_of_work
from archive.messages.catalogue import LANGS
from archive.users.logins import LoginLimiter, failed_login_event
from archive.users.models import User
from archive.users.service import Principal, authenticate, user_for_token
from archive.users.sessions import (
    SessionPolicy,
    end_session,
    forget_expired,
    session_user,
    start_session,
)

__all__ = ["LoginOutcome", "WebAuth", "client_address"]

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_MAX_FORWARDED_CHARS = 2000
UNKNOWN_CLIENT = "unknown"


def _ip(text: str | None) -> IPAddress | None:
    if not text or len(text) > 64:
        return None
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped if mapped is not None else address


def client_address(
    peer: str | None, forwarded_for: Sequence[str], trusted: Sequence[IPNetwork]
) -> str:
    """The client's IP address as text (or ``"unknown"``), never raw header text.

    ``X-Forwarded-For`` counts only when the direct peer is a trusted proxy; it is read from
    the right (the hop our proxy added) past the trusted proxies to the first other address.
    A hop that is not a valid IP address makes the whole header ignored (the peer is used)."""
    peer_ip = _ip(peer)
    if peer_ip is None:
        return UNKNOWN_CLIENT

    def is_trusted(ip: IPAddress) -> bool:
        return any(ip.version == net.version and ip in net for net in trusted)

    joined = ",".join(forwarded_for)
    if not joined or not is_trusted(peer_ip) or len(joined) > _MAX_FORWARDED_CHARS:
        return str(peer_ip)
    hops = [_ip(hop) for hop in joined.split(",")]
    if any(hop is None for hop in hops):
        return str(peer_ip)
    client = peer_ip
    for hop in reversed(hops):
        assert hop is not None
        client = hop
        if not is_trusted(hop):
            break
    return str(client)


@dataclass(frozen=True)
class LoginOutcome:
    """What a login attempt came to: ``ok``, ``failed`` (wrong name or password) or
    ``blocked`` (rate limit; ``retry_after_s``)."""

    status: Literal["ok", "failed", "blocked"]
    retry_after_s: float = 0.0


class WebAuth:
    """Authentication of the web app over one archive (every web process builds its own; the
    state they share is in the catalog)."""

    def __init__(
        self, archive: Archive, secret: str, clock: Callable[[], float] = time.time
    ) -> None:
        settings = archive.settings
        self.sessions = archive.sessions
        self.clock = clock
        self.policy = SessionPolicy(settings.web_session_max_age_s, settings.web_session_idle_s)
        self.proxies: list[IPNetwork] = [
            ipaddress.ip_network(p, strict=False) for p in settings.web_trusted_proxies
        ]
        self.limiter = LoginLimiter(
            archive.sessions,
            secret,
            settings.web_login_max_failures,
            settings.web_login_window_s,
            address_free=settings.web_login_address_free,
            max_delay_s=settings.web_login_max_delay_s,
            clock=clock,
        )

    def client(self, request: Request) -> str:
        """The client's address (see :func:`client_address`)."""
        peer = request.client.host if request.client else None
        return client_address(peer, request.headers.getlist("x-forwarded-for"), self.proxies)

    def principal(self, request: Request) -> Principal | None:
        """The user of a bearer token (``Authorization``) or of the session cookie, or None."""
        auth = request.headers.get("authorization", "")
        if auth:
            scheme, _, token = auth.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                return None
            now = datetime.fromtimestamp(self.clock(), UTC)
            with unit_of_work(self.sessions) as session:
                return user_for_token(session, token.strip(), now)
        session_id = request.session.get("sid")
        if not isinstance(session_id, str):
            return None
        with unit_of_work(self.sessions) as session:
            user = session_user(session, session_id, self.policy, self.clock())
            who = Principal(user.name, user.role) if user is not None else None
        if who is None:
            request.session.pop("sid", None)
        return who

    def login(self, request: Request, name: str, password: str) -> LoginOutcome:
        """Check a password under the rate limit; on success start a session (a fresh cookie:
        new id and CSRF token, the language kept). Blocking: run it in a worker thread."""
        client = self.client(request)
        reservation = self.limiter.reserve(name, client)
        if not reservation.allowed:
            return LoginOutcome("blocked", reservation.retry_after_s)
        with unit_of_work(self.sessions) as session:
            who = authenticate(session, name, password)
        if who is None:
            with unit_of_work(self.sessions) as session:
                event = failed_login_event(session, name, client, [software_agent()])
                append_events(session, [event])
            self.limiter.forget_old()
            return LoginOutcome("failed")
        self.limiter.succeeded(name, client, reservation)
        with unit_of_work(self.sessions) as session:
            user = session.scalar(select(User).where(User.name == who.name))
            assert user is not None
            forget_expired(session, self.policy, self.clock())
            session_id = start_session(session, user, self.clock())
            detail = f"Đăng nhập từ {client} / Logged in (web) from {client}"
            append_events(session, [_event(who, detail)])
        lang = request.session.get("lang")
        request.session.clear()
        request.session["sid"] = session_id
        if lang in LANGS:
            request.session["lang"] = lang
        return LoginOutcome("ok")

    def logout(self, request: Request) -> None:
        """End the session (the row is deleted: the old cookie is refused from now on)."""
        session_id = request.session.get("sid")
        who = self.principal(request)
        if isinstance(session_id, str):
            with unit_of_work(self.sessions) as session:
                end_session(session, session_id)
                if who is not None:
                    append_events(session, [_event(who, "Đăng xuất / Logged out (web)")])
        request.session.clear()


def _event(who: Principal, detail: str) -> NewEvent:
    return NewEvent("authentication", detail, agents=[who.agent, software_agent()])
