"""Restoring a chain of sets (a full set and the incremental sets after it) into a catalog,
and the configuration of a scratch home beside it.

The catalog is migrated to the revision the sets were made at, emptied of what the
migrations seed, filled table by table (parents first) with each row as the last set of the
chain leaves it, then migrated to the head. On PostgreSQL the id sequences are moved past
the restored ids, so that new rows do not collide."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, delete, func, select, text
from sqlalchemy.engine import Connection

from archive.backup.export import decode_row
from archive.backup.sets import SetManifest, read_part
from archive.backup.target import BackupTarget
from archive.db.engine import make_engine
from archive.db.migrate import upgrade

__all__ = ["RestoreReport", "chain_rows", "restore_catalog", "scratch_toml"]

BATCH = 1000


@dataclass
class RestoreReport:
    """What a restore put back."""

    sets: list[str]
    rows: dict[str, int] = field(default_factory=dict)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The store's manifest as the chain leaves it: object id → entry."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (the manifest as a count)."""
        return {"sets": self.sets, "rows": self.rows, "objects": len(self.objects)}


def chain_rows(target: BackupTarget, chain: list[SetManifest], part: str) -> dict[str, Any]:
    """A part as the chain leaves it: key → row (a full set's rows, then each incremental
    set's changes)."""
    rows: dict[str, Any] = {}
    for manifest in chain:
        if part not in manifest.files:
            continue
        for line in read_part(target.read(manifest.name, part)):
            if line.get("x"):
                rows.pop(line["k"], None)
            else:
                rows[line["k"]] = line["r"]
    return rows


def _insert(connection: Connection, table: Any, rows: Iterator[dict[str, Any]]) -> int:
    batch: list[dict[str, Any]] = []
    count = 0
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            connection.execute(table.insert(), batch)
            count += len(batch)
            batch = []
    if batch:
        connection.execute(table.insert(), batch)
        count += len(batch)
    return count


def _sequences(connection: Connection, metadata: MetaData) -> None:
    for table in metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key and table.name != "audit_head":
            top = connection.execute(select(func.max(table.c.id))).scalar()
            if top is not None:
                connection.execute(
                    text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                    {"t": table.name, "v": top},
                )


def restore_catalog(target: BackupTarget, chain: list[SetManifest], url: str) -> RestoreReport:
    """Fill the empty catalog at ``url`` from a chain (module docstring)."""
    report = RestoreReport([m.name for m in chain])
    engine = make_engine(url)
    try:
        upgrade(engine, chain[-1].revision)
        with engine.begin() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            tables = [t for t in metadata.sorted_tables if t.name != "alembic_version"]
            for table in reversed(tables):
                connection.execute(delete(table))
            for table in tables:
                part = f"catalog/{table.name}.jsonl.gz"
                rows = chain_rows(target, chain, part)
                report.rows[table.name] = _insert(
                    connection, table, (decode_row(r) for r in rows.values())
                )
            if connection.dialect.name == "postgresql":
                _sequences(connection, metadata)
        upgrade(engine)
    finally:
        engine.dispose()
    store = chain[-1].raw["store"]["name"]
    report.objects = chain_rows(target, chain, f"store/{store}.jsonl.gz")
    return report


def _toml_value(value: Any) -> str:
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # strings, numbers, booleans: TOML alike


def scratch_toml(settings_json: dict[str, Any], home: Path) -> str:
    """archive.toml of a scratch home: the settings of the set (secrets were left out), its
    catalog SQLite in the home, the same stores (read only by the drill), no backups of its
    own, never production."""
    values = dict(settings_json)
    for name in ("database_url", "search_index_dir", "exchange_outbox"):
        values.pop(name, None)
    values.update(home=str(home), environment="development", backup_backend="none")
    lines = [f"{k} = {_toml_value(v)}" for k, v in sorted(values.items()) if v is not None]
    return "\n".join(lines) + "\n"
