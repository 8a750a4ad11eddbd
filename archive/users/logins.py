"""Failed web logins: a rate limit shared by every web process, and their audit events.

The limit counts failures per user name and per client address in a sliding window, in the
catalog (table ``login_failures``), so ``archive serve --workers N`` allows the same number of
tries as one process. Keys are stored as an HMAC under the web session key: the table never
holds what was typed into the name field (often a password, typed into the wrong box).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from archive.audit.chain import AgentRef, NewEvent
from archive.catalog.models import LoginFailure, User
from archive.db.engine import unit_of_work
from archive.users.service import Principal

__all__ = ["LoginLimiter", "failed_login_event"]


class LoginLimiter:
    """At most ``max_failures`` failed logins per key within ``window_s`` seconds."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        secret: str,
        max_failures: int,
        window_s: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.sessions = sessions
        self.max_failures = max_failures
        self.window_s = window_s
        self._secret = secret.encode()
        self._clock = clock

    def _digest(self, key: str) -> str:
        return hmac.new(self._secret, key.encode(), hashlib.sha256).hexdigest()

    def blocked(self, *keys: str) -> bool:
        """Whether any key has used up its failures in the window."""
        since = self._clock() - self.window_s
        digests = [self._digest(k) for k in keys]
        with unit_of_work(self.sessions) as session:
            most = session.scalar(
                select(func.count(LoginFailure.id).label("n"))
                .where(LoginFailure.key.in_(digests), LoginFailure.failed_at > since)
                .group_by(LoginFailure.key)
                .order_by(func.count(LoginFailure.id).desc())
                .limit(1)
            )
        return (most or 0) >= self.max_failures

    def failed(self, *keys: str) -> None:
        """Record one failed attempt for every key (and forget failures older than the window)."""
        now = self._clock()
        with unit_of_work(self.sessions) as session:
            session.execute(
                delete(LoginFailure).where(LoginFailure.failed_at <= now - self.window_s)
            )
            session.add_all(LoginFailure(key=self._digest(k), failed_at=now) for k in keys)

    def succeeded(self, *keys: str) -> None:
        """Forget the failures of these keys."""
        digests = [self._digest(k) for k in keys]
        with unit_of_work(self.sessions) as session:
            session.execute(delete(LoginFailure).where(LoginFailure.key.in_(digests)))


def failed_login_event(
    session: Session, name: str, client: str, agents: Sequence[AgentRef] = ()
) -> NewEvent:
    """The PREMIS event of a failed login. It names the account only when one by that name
    exists; otherwise the typed name is left out (it may be a password)."""
    user = session.scalar(select(User).where(User.name == name)) if name else None
    if user is not None:
        who = Principal(user.name, user.role)
        detail = (
            f"Đăng nhập thất bại: tài khoản {user.name}, từ {client} / "
            f"Failed login (web): account {user.name}, from {client}"
        )
        return NewEvent(
            "authentication",
            detail,
            outcome="failure",
            agents=[who.agent, *agents],
            objects=[(f"user:{user.name}", "source")],
        )
    detail = (
        f"Đăng nhập thất bại: tên đăng nhập không tồn tại (không ghi lại), từ {client} / "
        f"Failed login (web): unknown user name (not recorded), from {client}"
    )
    return NewEvent("authentication", detail, outcome="failure", agents=list(agents))
