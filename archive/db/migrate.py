"""Run Alembic migrations from code; the migration scripts live in archive/db/migrations.

Opening an archive only compares the catalog's revision with :data:`HEAD`, which needs neither
Alembic nor the migration scripts: Alembic is imported by the functions that migrate or compare
schemas (start-up time of every command). tests/unit/db/test_migrations.py checks that
:data:`HEAD` is the head of the scripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy import Engine, MetaData, column, inspect, select, table

from archive.errors import ConfigurationError

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["HEAD", "current_revision", "downgrade", "drift", "head_revision", "upgrade"]

MIGRATIONS = Path(__file__).parent / "migrations"

HEAD: Final = "0021"
"""The newest revision in migrations/versions: update it with each new migration."""

VERSION_TABLE: Final = "alembic_version"
"""Where Alembic keeps the revision of a database (its default; env.py keeps it)."""


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the catalog schema up to ``revision``."""
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the catalog schema down to ``revision`` ('base' drops everything)."""
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def head_revision() -> str:
    """The newest revision shipped with this code."""
    return HEAD


def script_head() -> str:
    """The head revision according to the migration scripts themselves (Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database.

    Read straight from Alembic's version table, as Alembic itself reads it.
    """
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        version = table(VERSION_TABLE, column("version_num"))
        rows = list(conn.execute(select(version.c.version_num)).scalars())
    if len(rows) > 1:
        raise ConfigurationError(
            f"bảng {VERSION_TABLE} có nhiều phiên bản / the catalog is at several revisions: "
            f"{', '.join(rows)}"
        )
    return rows[0] if rows else None


def drift(engine: Engine, metadata: MetaData) -> list[object]:
    """Differences between the models (``archive.schema.metadata``) and the migrated schema
    (empty when in sync). The caller passes the metadata: the database layer knows no domain."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(ctx, metadata))
