"""Engine and unit of work.

Services take a Session and may flush, never commit; ``unit_of_work`` owns commit and rollback
(STYLE rule 2). On SQLite every transaction starts with BEGIN IMMEDIATE so that two writers
serialise on the lock instead of failing half-way (the audit chain reads its head, then appends).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from archive.errors import Unavailable

__all__ = ["make_engine", "make_session_factory", "unit_of_work"]


def make_engine(url: str, *, busy_timeout_s: float = 60.0) -> Engine:
    """Create the catalog engine with the per-dialect settings the archive relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": busy_timeout_s, "isolation_level": None}
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except OperationalError as exc:
        session.rollback()
        raise Unavailable(
            "cơ sở dữ liệu danh mục không dùng được, bước này chưa ghi gì; chạy lại khi cơ sở "
            "dữ liệu hoạt động trở lại / catalog database error, nothing of this step was "
            f"recorded; run it again when the database is back: {exc.orig}"
        ) from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
