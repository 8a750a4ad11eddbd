"""The web login rate limit, shared by every web process through the catalog, and the audit
events of failed logins.

Two limits, both decided in **one transaction that reserves the attempt before the password is
checked** (:meth:`LoginLimiter.reserve`), so parallel requests cannot all slip past a count
that is only written after their checks:

- **per account and address**: at most ``max_attempts`` passwords are checked for one account
  name from one client address in any ``window_s`` seconds (a sliding window: the times of the
  reserved attempts are kept). A successful login clears that count. Other addresses are not
  affected, so nobody can lock someone else out of their account by failing on purpose;
- **per address**: after ``address_free`` failures (over all accounts), every further attempt
  from the address must wait a delay that doubles per failure (1 s, 2 s, 4 s, …) up to
  ``max_delay_s``; an address with no attempt for ``window_s`` is forgotten. This slows
  guessing over many accounts from one address.

Atomicity: the state of each key is one row of ``login_limits``, locked before it is read —
``INSERT … ON CONFLICT DO UPDATE`` takes the row lock on PostgreSQL (a concurrent reservation of
the same key waits for this transaction, then reads what it wrote), and on SQLite every
transaction begins with ``BEGIN IMMEDIATE`` (archive.db.engine), so writers run one at a time.
Refused attempts (HTTP 429) change nothing and write no event: they cannot extend a limit.

Keys are HMACs under the web session key: the table never holds what was typed into the name
field (often a password, typed into the wrong box) nor the address.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from archive.audit.chain import AgentRef, NewEvent
from archive.db.engine import unit_of_work
from archive.users.models import LoginLimit, User
from archive.users.service import Principal

__all__ = ["LoginLimiter", "Reservation", "failed_login_event"]


@dataclass(frozen=True)
class Reservation:
    """The answer of :meth:`LoginLimiter.reserve`: whether the password may be checked, else
    how many seconds to wait (for ``Retry-After``)."""

    allowed: bool
    retry_after_s: float = 0.0
    at: float = 0.0


def _times(text: str) -> list[float]:
    return [float(t) for t in text.split()] if text else []


class LoginLimiter:
    """The login rate limit over the catalog (see the module's description)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        secret: str,
        max_attempts: int,
        window_s: float,
        *,
        address_free: int = 10,
        max_delay_s: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.sessions = sessions
        self.max_attempts = max_attempts
        self.window_s = window_s
        self.address_free = address_free
        self.max_delay_s = min(max_delay_s, window_s)
        self._secret = secret.encode()
        self._clock = clock

    def _keys(self, name: str, address: str) -> tuple[str, str]:
        def mac(text: str) -> str:
            return hmac.new(self._secret, text.encode(), hashlib.sha256).hexdigest()

        return mac(f"pair:{name}\n{address}"), mac(f"addr:{address}")

    def delay(self, failures: int) -> float:
        """Seconds the next attempt from an address with ``failures`` failures must wait."""
        over = failures - self.address_free
        return 0.0 if over <= 0 else min(2.0 ** min(over - 1, 30), self.max_delay_s)

    def _lock(self, session: Session, key: str, now: float) -> LoginLimit:
        """The row of ``key``, created if missing, locked until the transaction ends."""
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(LoginLimit).values(
            key=key, attempts="", failures=0, next_at=0.0, updated_at=now
        )
        # The no-op update makes PostgreSQL lock an existing row (DO NOTHING would not).
        session.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"key": key}))
        row = session.scalar(
            select(LoginLimit)
            .where(LoginLimit.key == key)
            .execution_options(populate_existing=True)
        )
        assert row is not None
        return row

    def reserve(self, name: str, address: str) -> Reservation:
        """Reserve one password check for ``name`` from ``address``, or say how long to wait."""
        pair_key, addr_key = self._keys(name, address)
        with unit_of_work(self.sessions) as session:
            now = self._clock()
            pair = self._lock(session, pair_key, now)  # always pair first: no lock cycles
            addr = self._lock(session, addr_key, now)
            recent = [t for t in _times(pair.attempts) if t > now - self.window_s]
            if len(recent) >= self.max_attempts:
                return Reservation(False, min(recent) + self.window_s - now)
            failures = addr.failures if addr.updated_at > now - self.window_s else 0
            if failures and addr.next_at > now:
                return Reservation(False, addr.next_at - now)
            pair.attempts = " ".join(repr(t) for t in [*recent, now])
            pair.updated_at = now
            # Counted as a failure until the password proves right (then refunded).
            addr.failures = failures + 1
            addr.next_at = now + self.delay(failures + 1)
            addr.updated_at = now
        return Reservation(True, at=now)

    def succeeded(self, name: str, address: str, reservation: Reservation) -> None:
        """The password was right: clear the account's count from this address and give the
        address back the failure its reservation assumed."""
        pair_key, addr_key = self._keys(name, address)
        with unit_of_work(self.sessions) as session:
            session.execute(
                update(LoginLimit).where(LoginLimit.key == pair_key).values(attempts="")
            )
            addr = session.get(LoginLimit, addr_key, with_for_update=True)
            if addr is not None and addr.updated_at >= reservation.at and addr.failures > 0:
                addr.failures -= 1
                addr.next_at = min(addr.next_at, reservation.at + self.delay(addr.failures))

    def forget_old(self) -> None:
        """Delete the rows no attempt has touched for a whole window (rows another transaction
        holds are skipped, never waited for)."""
        cutoff = self._clock() - self.window_s
        with unit_of_work(self.sessions) as session:
            stale = (
                select(LoginLimit.key)
                .where(LoginLimit.updated_at <= cutoff)
                .limit(1000)
                .with_for_update(skip_locked=True)
            )
            keys = list(session.scalars(stale))
            if keys:
                session.execute(
                    delete(LoginLimit).where(
                        LoginLimit.key.in_(keys), LoginLimit.updated_at <= cutoff
                    )
                )


def failed_login_event(
    session: Session, name: str, client: str, agents: Sequence[AgentRef] = ()
) -> NewEvent:
    """The PREMIS event of a failed login. It names the account only when one by that name
    exists; otherwise the typed name is left out (it may be a password). ``client`` must be a
    parsed IP address (archive.web.auth), never header text."""
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
