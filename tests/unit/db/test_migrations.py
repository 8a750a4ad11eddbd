"""Alembic migrations on both engines: schema in sync with the models, reversible, and the
audit log's append-only triggers in force."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import DBAPIError

from archive.audit.chain import NewEvent, append_events
from archive.catalog.models import Event
from archive.db.base import Base
from archive.db.engine import make_engine, make_session_factory, unit_of_work
from archive.db.migrate import current_revision, downgrade, drift, head_revision, upgrade

CATALOG_TABLES = set(Base.metadata.tables)


@pytest.fixture
def engine(catalog_url: str) -> Iterator[Engine]:
    engine = make_engine(catalog_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _append_one(engine: Engine) -> None:
    with unit_of_work(make_session_factory(engine)) as session:
        append_events(session, [NewEvent(event_type="ingestion", detail="first event")])


def test_upgrade_head_on_empty_database_matches_models(engine: Engine) -> None:
    assert current_revision(engine) is None
    assert not _tables(engine) & CATALOG_TABLES

    upgrade(engine)

    assert current_revision(engine) == head_revision()
    assert _tables(engine) >= CATALOG_TABLES
    assert drift(engine) == []


def test_upgrade_is_idempotent(engine: Engine) -> None:
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_downgrade_to_base_then_upgrade_again(engine: Engine) -> None:
    upgrade(engine)
    _append_one(engine)

    downgrade(engine, "base")

    assert current_revision(engine) is None
    assert not _tables(engine) & CATALOG_TABLES

    upgrade(engine)

    assert current_revision(engine) == head_revision()
    assert _tables(engine) >= CATALOG_TABLES
    assert drift(engine) == []
    with engine.connect() as conn:  # the triggers came back too
        assert conn.scalar(select(Event.seq)) is None
    _append_one(engine)
    with engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
        conn.execute(text("DELETE FROM events"))


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param("UPDATE events SET detail = 'rewritten' WHERE seq = 1", id="update"),
        pytest.param("DELETE FROM events WHERE seq = 1", id="delete"),
    ],
)
def test_events_are_append_only(engine: Engine, statement: str) -> None:
    upgrade(engine)
    _append_one(engine)
    factory = make_session_factory(engine)

    with pytest.raises(DBAPIError, match="append-only"), unit_of_work(factory) as session:
        session.execute(text(statement))

    with unit_of_work(factory) as session:
        rows = session.scalars(select(Event)).all()
        assert [(row.seq, row.detail) for row in rows] == [(1, "first event")]


def test_truncate_of_events_is_refused_on_postgresql(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        upgrade(engine)
        _append_one(engine)
        with engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text("TRUNCATE events CASCADE"))
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM events")) == 1
    finally:
        engine.dispose()
