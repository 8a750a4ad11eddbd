"""The login rate limit, shared through the catalog, and the events of failed logins."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.audit.chain import AgentRef, append_events, verify_chain
from archive.catalog.models import Event, LoginFailure
from archive.db.engine import unit_of_work
from archive.users.logins import LoginLimiter, failed_login_event
from archive.users.service import add_user

ADMIN = AgentRef("person:tuan", "Tuấn", "person")
SECRET = "k" * 32


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_window_slides(sessions: sessionmaker[Session]) -> None:
    clock = Clock()
    limiter = LoginLimiter(sessions, SECRET, 2, 300, clock)
    limiter.failed("user:a", "ip:1")
    assert not limiter.blocked("user:a")
    clock.now += 100
    limiter.failed("user:a", "ip:2")
    assert limiter.blocked("user:a", "ip:9") and not limiter.blocked("user:b", "ip:1")
    clock.now += 201  # the first failure leaves the window
    assert not limiter.blocked("user:a")
    limiter.failed("user:a")
    assert limiter.blocked("user:a")
    limiter.succeeded("user:a")
    assert not limiter.blocked("user:a")


def test_every_web_process_sees_the_same_count(sessions: sessionmaker[Session]) -> None:
    """Two limiters (two `archive serve` workers) share one budget: N workers no longer
    allow N times the tries."""
    clock = Clock()
    first, second = (LoginLimiter(sessions, SECRET, 3, 300, clock) for _ in range(2))
    first.failed("user:lan")
    second.failed("user:lan")
    assert not first.blocked("user:lan")
    first.failed("user:lan")
    assert second.blocked("user:lan") and first.blocked("user:lan")


def test_what_was_typed_is_not_stored(sessions: sessionmaker[Session]) -> None:
    limiter = LoginLimiter(sessions, SECRET, 5, 300, Clock())
    limiter.failed("user:mat-khau-go-nham-o-day", "ip:10.0.0.7")
    with unit_of_work(sessions) as s:
        keys = list(s.scalars(select(LoginFailure.key)))
    assert len(keys) == 2 and all(len(k) == 64 for k in keys)
    assert not any("mat-khau" in k or "10.0.0.7" in k for k in keys)
    # Another home (another session key) does not share the budget.
    assert not LoginLimiter(sessions, "z" * 32, 1, 300, Clock()).blocked("ip:10.0.0.7")


def test_old_failures_are_deleted(sessions: sessionmaker[Session]) -> None:
    clock = Clock()
    limiter = LoginLimiter(sessions, SECRET, 5, 60, clock)
    limiter.failed("user:a")
    clock.now += 61
    limiter.failed("user:b")
    with unit_of_work(sessions) as s:
        assert len(list(s.scalars(select(LoginFailure.id)))) == 1


def test_failed_login_events_name_only_real_accounts(sessions: sessionmaker[Session]) -> None:
    with unit_of_work(sessions) as s:
        add_user(s, "minh", "officer", "mot-mat-khau-dai-2026", ADMIN)
    with unit_of_work(sessions) as s:
        known = failed_login_event(s, "minh", "10.0.0.7")
        typo = failed_login_event(s, "hunter2-my-password", "10.0.0.8")
        append_events(s, [known, typo])
    assert known.outcome == "failure" and "minh" in known.detail and "10.0.0.7" in known.detail
    assert [a.identifier for a in known.agents] == ["user:minh"]
    assert typo.outcome == "failure" and "hunter2" not in typo.detail and not typo.objects
    with unit_of_work(sessions) as s:
        stored = list(s.scalars(select(Event).where(Event.outcome == "failure")))
        assert len(stored) == 2
        assert not any("hunter2" in (e.detail or "") for e in stored)
        assert verify_chain(s).ok
