"""The login rate limit (reserved before the password is checked, shared through the catalog),
on SQLite and PostgreSQL, and the events of failed logins."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.audit.chain import AgentRef, append_events, verify_chain
from archive.audit.models import Event
from archive.db.engine import unit_of_work
from archive.users.logins import LoginLimiter, failed_login_event
from archive.users.models import LoginLimit
from archive.users.service import add_user, authenticate

ADMIN = AgentRef("person:tuan", "Tuấn", "person")
SECRET = "k" * 32
PASSWORD = "mot-mat-khau-dai-2026"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def limiter(sessions: sessionmaker[Session], clock: Clock, **kw: float) -> LoginLimiter:
    options = {"address_free": 10, "max_delay_s": 60.0, **kw}
    return LoginLimiter(
        sessions,
        SECRET,
        int(options.pop("max_attempts", 5)),
        options.pop("window_s", 300.0),
        address_free=int(options["address_free"]),
        max_delay_s=options["max_delay_s"],
        clock=clock,
    )


def test_thirty_parallel_attempts_check_at_most_five_passwords(
    sessions: sessionmaker[Session],
) -> None:
    """Real concurrent transactions: every attempt reserves, then (if allowed) checks the
    password with argon2; the number of checks never passes the limit."""
    with unit_of_work(sessions) as s:
        add_user(s, "minh", "officer", PASSWORD, ADMIN)
    limit = limiter(sessions, Clock())
    checked = 0
    lock = threading.Lock()
    start = threading.Barrier(30)

    def attempt(_: int) -> bool:
        nonlocal checked
        start.wait()
        if not limit.reserve("minh", "10.0.0.7").allowed:
            return False
        with lock:
            checked += 1
        with unit_of_work(sessions) as s:
            assert authenticate(s, "minh", "wrong-password-x") is None
        return True

    with ThreadPoolExecutor(30) as pool:
        allowed = list(pool.map(attempt, range(30)))
    assert allowed.count(True) == checked == 5


def test_the_window_slides_and_success_clears_the_pair(sessions: sessionmaker[Session]) -> None:
    clock = Clock()
    limit = limiter(sessions, clock, max_attempts=2)
    assert limit.reserve("a", "1.1.1.1").allowed
    clock.now += 100
    assert limit.reserve("a", "1.1.1.1").allowed
    refused = limit.reserve("a", "1.1.1.1")
    assert not refused.allowed and refused.retry_after_s == 200
    assert limit.reserve("a", "2.2.2.2").allowed  # another address: its own budget
    assert limit.reserve("b", "1.1.1.1").allowed  # another account: its own budget
    clock.now += 201  # the first attempt leaves the window
    ok = limit.reserve("a", "1.1.1.1")
    assert ok.allowed and not limit.reserve("a", "1.1.1.1").allowed
    limit.succeeded("a", "1.1.1.1", ok)
    assert limit.reserve("a", "1.1.1.1").allowed


def test_nobody_can_lock_someone_else_out(sessions: sessionmaker[Session]) -> None:
    """An attacker failing on purpose uses up only their own address's budget."""
    clock = Clock()
    limit = limiter(sessions, clock)
    for _ in range(5):
        assert limit.reserve("lan", "203.0.113.9").allowed
    for _ in range(50):  # refused attempts change nothing and extend nothing
        assert not limit.reserve("lan", "203.0.113.9").allowed
        clock.now += 1
    assert limit.reserve("lan", "10.1.2.3").allowed  # Lan, at her desk
    clock.now += 250  # 300 s after the attacker's first attempt, not after the last refusal
    assert limit.reserve("lan", "203.0.113.9").allowed


def test_the_delay_of_an_address_grows_over_accounts(sessions: sessionmaker[Session]) -> None:
    clock = Clock()
    limit = limiter(sessions, clock, address_free=3, max_delay_s=8)
    for n in range(3):
        assert limit.reserve(f"user{n}", "198.51.100.1").allowed
    assert [limit.delay(f) for f in range(3, 9)] == [0, 1, 2, 4, 8, 8]
    assert limit.reserve("user3", "198.51.100.1").allowed  # 4th failure: next waits 1 s
    refused = limit.reserve("user4", "198.51.100.1")
    assert not refused.allowed and refused.retry_after_s == 1
    clock.now += 1
    assert limit.reserve("user4", "198.51.100.1").allowed  # 5th: next waits 2 s
    clock.now += 1
    assert not limit.reserve("user5", "198.51.100.1").allowed
    assert limit.reserve("user5", "198.51.100.2").allowed  # other addresses are not slowed
    clock.now += 301  # a whole window without attempts: the address is forgotten
    for n in range(3):
        assert limit.reserve(f"other{n}", "198.51.100.1").allowed


def test_every_web_process_sees_the_same_count(sessions: sessionmaker[Session]) -> None:
    """Two limiters (two `archive serve` workers) share one budget."""
    clock = Clock()
    first, second = (limiter(sessions, clock, max_attempts=3) for _ in range(2))
    assert first.reserve("lan", "10.0.0.1").allowed
    assert second.reserve("lan", "10.0.0.1").allowed
    assert first.reserve("lan", "10.0.0.1").allowed
    assert not second.reserve("lan", "10.0.0.1").allowed
    assert not first.reserve("lan", "10.0.0.1").allowed


def test_what_was_typed_is_not_stored(sessions: sessionmaker[Session]) -> None:
    limiter(sessions, Clock()).reserve("mat-khau-go-nham-o-day", "10.0.0.7")
    with unit_of_work(sessions) as s:
        keys = list(s.scalars(select(LoginLimit.key)))
    assert len(keys) == 2 and all(len(k) == 64 for k in keys)
    assert not any("mat-khau" in k or "10.0.0.7" in k for k in keys)


def test_old_rows_are_deleted(sessions: sessionmaker[Session]) -> None:
    clock = Clock()
    limit = limiter(sessions, clock, window_s=60)
    limit.reserve("a", "10.0.0.1")
    clock.now += 61
    limit.reserve("b", "10.0.0.2")
    limit.forget_old()
    with unit_of_work(sessions) as s:
        assert len(list(s.scalars(select(LoginLimit.key)))) == 2  # b's pair and address


def test_failed_login_events_name_only_real_accounts(sessions: sessionmaker[Session]) -> None:
    with unit_of_work(sessions) as s:
        add_user(s, "minh", "officer", PASSWORD, ADMIN)
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
