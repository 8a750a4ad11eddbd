"""Server-side web sessions: a login is a row of ``web_sessions``; the cookie carries only a
random id (256 bits), of which the catalog keeps the SHA-256.

A session ends at logout (:func:`end_session`), when its user is disabled
(:func:`end_user_sessions`), after ``idle_s`` seconds without a request, or ``max_age_s``
seconds after the login, whichever comes first. Every check reads the catalog, so an ended
session is refused at once by every web process.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from archive.users.models import User, WebSession

__all__ = [
    "SessionPolicy",
    "end_session",
    "end_user_sessions",
    "forget_expired",
    "session_user",
    "start_session",
]

_TOUCH_EVERY_S = 60.0  # last_seen_at is written at most once a minute per session


@dataclass(frozen=True)
class SessionPolicy:
    """How long sessions last, in seconds: since the login, and since the last request."""

    max_age_s: float
    idle_s: float


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_session(session: Session, user: User, now: float) -> str:
    """A new session for ``user``; returns the id to put in the cookie (shown nowhere else)."""
    session_id = secrets.token_urlsafe(32)
    session.add(
        WebSession(id_sha256=_digest(session_id), user_id=user.id, created_at=now, last_seen_at=now)
    )
    return session_id


def session_user(
    session: Session, session_id: str, policy: SessionPolicy, now: float
) -> User | None:
    """The active user of a live session, or None; an expired session is deleted."""
    row = session.execute(
        select(WebSession, User)
        .join(User, User.id == WebSession.user_id)
        .where(WebSession.id_sha256 == _digest(session_id))
    ).first()
    if row is None:
        return None
    web_session, user = row
    expired = (
        now - web_session.created_at >= policy.max_age_s
        or now - web_session.last_seen_at >= policy.idle_s
    )
    if expired or not user.active:
        session.delete(web_session)
        return None
    if now - web_session.last_seen_at >= _TOUCH_EVERY_S:
        web_session.last_seen_at = now
    return user


def end_session(session: Session, session_id: str) -> None:
    """Log out: the session is deleted; its cookie is worth nothing from now on."""
    session.execute(delete(WebSession).where(WebSession.id_sha256 == _digest(session_id)))


def end_user_sessions(session: Session, user_id: int) -> int:
    """Delete every session of a user (when the account is disabled); returns how many."""
    count = session.scalar(
        select(func.count()).select_from(WebSession).where(WebSession.user_id == user_id)
    )
    session.execute(delete(WebSession).where(WebSession.user_id == user_id))
    return int(count or 0)


def forget_expired(session: Session, policy: SessionPolicy, now: float) -> None:
    """Delete the sessions past either timeout (called at each login, keeps the table small)."""
    session.execute(
        delete(WebSession).where(
            (WebSession.created_at <= now - policy.max_age_s)
            | (WebSession.last_seen_at <= now - policy.idle_s)
        )
    )
