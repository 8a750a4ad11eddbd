"""The hash-chained audit log on both engines: linking, tamper detection, concurrent appends."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from archive.audit.chain import GENESIS, AgentRef, NewEvent, append_events, verify_chain
from archive.audit.models import Agent, AuditHead, Event, EventLink
from archive.db.engine import make_engine, make_session_factory, unit_of_work
from archive.db.migrate import upgrade

ARCHIVIST = AgentRef("urn:archive:agent:nguyen-van-a", "Nguyễn Văn A", "person")


@pytest.fixture
def engine(catalog_url: str) -> Iterator[Engine]:
    engine = make_engine(catalog_url)
    upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


def _append(factory: sessionmaker[Session], *details: str) -> list[Event]:
    with unit_of_work(factory) as session:
        return append_events(session, [NewEvent(event_type="ingestion", detail=d) for d in details])


def _all_events(factory: sessionmaker[Session]) -> list[Event]:
    with unit_of_work(factory) as session:
        return list(session.scalars(select(Event).order_by(Event.seq)))


def _lift_append_only(conn: Connection) -> None:
    """What an attacker with the database owner's rights can do first."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TRIGGER events_no_update"))
        conn.execute(text("DROP TRIGGER events_no_delete"))
    else:
        conn.execute(text("ALTER TABLE events DISABLE TRIGGER USER"))


def _tamper(engine: Engine, *statements: str) -> None:
    with engine.begin() as conn:
        _lift_append_only(conn)
        for statement in statements:
            conn.execute(text(statement))


def test_appended_events_are_numbered_and_linked(factory: sessionmaker[Session]) -> None:
    _append(factory, "one")
    _append(factory, "two", "three")

    events = _all_events(factory)
    assert [e.seq for e in events] == [1, 2, 3]
    assert [e.detail for e in events] == ["one", "two", "three"]
    assert events[0].prev_hash == GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.entry_hash for e in events[:-1]]
    assert len({e.entry_hash for e in events}) == 3

    with unit_of_work(factory) as session:
        head = session.get(AuditHead, 1)
        assert head is not None
        assert (head.seq, head.entry_hash) == (3, events[-1].entry_hash)
        report = verify_chain(session)
    assert report.ok, report
    assert (report.checked, report.head_seq, report.first_broken_seq) == (3, 3, None)


def test_agents_and_objects_are_recorded_and_hashed(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    new = NewEvent(
        event_type="ingestion",
        detail="Tiếp nhận hồ sơ",
        agents=[ARCHIVIST],
        objects=[("dossier:1", "outcome"), ("file:7", "source")],
    )
    with unit_of_work(factory) as session:
        append_events(session, [new])
        append_events(session, [NewEvent(event_type="fixity check", detail="ok")])

    with unit_of_work(factory) as session:
        assert session.scalars(select(Agent.identifier)).all() == [ARCHIVIST.identifier]
        links = session.execute(select(EventLink.event_seq, EventLink.identifier)).all()
        assert sorted(links) == [(1, "dossier:1"), (1, "file:7")]
        event = session.get(Event, 1)
        assert event is not None
        assert json.loads(event.agents_json) == [
            {"id": ARCHIVIST.identifier, "role": "implementer"}
        ]
        assert verify_chain(session).ok

    _tamper(engine, "UPDATE events SET agents_json = '[]' WHERE seq = 1")
    with unit_of_work(factory) as session:
        report = verify_chain(session)
    assert not report.ok
    assert report.first_broken_seq == 1


def test_edited_event_breaks_the_chain(engine: Engine, factory: sessionmaker[Session]) -> None:
    events = _append(factory, "one", "two", "three")

    _tamper(engine, "UPDATE events SET detail = 'forged' WHERE seq = 2")

    with unit_of_work(factory) as session:
        report = verify_chain(session)
    assert not report.ok
    assert report.first_broken_seq == 2
    assert report.first_broken_event == events[1].event_id
    assert "edited" in report.reason
    assert report.checked == 1


def test_event_removed_from_the_end_is_reported(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    _append(factory, "one", "two", "three")

    _tamper(engine, "DELETE FROM events WHERE seq = 3")  # the head still names event 3

    with unit_of_work(factory) as session:
        report = verify_chain(session)
    assert not report.ok
    assert report.first_broken_seq == 3
    assert report.head_seq == 3
    assert report.checked == 2
    assert "removed from the end" in report.reason


def test_event_removed_from_the_middle_is_reported(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    events = _append(factory, "one", "two", "three")

    _tamper(engine, "DELETE FROM events WHERE seq = 2")

    with unit_of_work(factory) as session:
        report = verify_chain(session)
    assert not report.ok
    assert "event 2 is missing" in report.reason
    # The missing event itself is named as the first broken link.
    assert report.first_broken_seq == 2
    assert report.first_broken_event is None
    assert events[2].seq == 3
    assert report.checked == 1


def _wait_until_blocked(engine: Engine, timeout_s: float = 10.0) -> None:
    """Give the second writer time to reach (and, on PostgreSQL, block on) the chain head."""
    if engine.dialect.name == "sqlite":
        time.sleep(0.3)  # it waits inside BEGIN IMMEDIATE; nothing to observe from outside
        return
    deadline = time.monotonic() + timeout_s
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
            conn.rollback()
            if waiting:
                return
            time.sleep(0.02)
    pytest.fail("the second writer never waited for the first one")


def test_first_appends_on_an_empty_chain_serialise(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    """Two writers race for the very first append, when no audit_head row exists yet."""
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            _append(factory, "second")
        except BaseException as exc:
            errors.append(exc)

    first = factory()
    try:
        append_events(first, [NewEvent(event_type="ingestion", detail="first")])  # not committed
        thread = threading.Thread(target=second_writer)
        thread.start()
        _wait_until_blocked(engine)
        first.commit()
    finally:
        first.close()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert errors == []

    assert [(e.seq, e.detail) for e in _all_events(factory)] == [(1, "first"), (2, "second")]
    with unit_of_work(factory) as session:
        assert verify_chain(session).ok


def test_concurrent_appends_form_one_contiguous_chain(factory: sessionmaker[Session]) -> None:
    per_thread, threads_n = 20, 2
    start = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            start.wait(timeout=30)
            for i in range(per_thread):
                with unit_of_work(factory) as session:
                    append_events(session, [NewEvent(event_type="test", detail=f"{name}-{i}")])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(f"w{n}",)) for n in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "writers did not finish"
    assert errors == []

    events = _all_events(factory)
    assert [e.seq for e in events] == list(range(1, per_thread * threads_n + 1))
    for name in ("w0", "w1"):  # each writer's events kept their own order
        mine = [e.detail for e in events if e.detail.startswith(f"{name}-")]
        assert mine == [f"{name}-{i}" for i in range(per_thread)]
    with unit_of_work(factory) as session:
        report = verify_chain(session)
    assert report.ok, report
    assert report.checked == report.head_seq == per_thread * threads_n
