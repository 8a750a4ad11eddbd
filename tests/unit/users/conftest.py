"""A migrated catalog (SQLite and PostgreSQL, through ``catalog_url``) for the user tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from archive.db.engine import make_engine, make_session_factory
from archive.db.migrate import upgrade


@pytest.fixture
def sessions(catalog_url: str) -> Iterator[sessionmaker[Session]]:
    engine: Engine = make_engine(catalog_url)
    upgrade(engine)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()
