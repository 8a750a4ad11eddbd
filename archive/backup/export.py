"""What goes into a set: the catalog's rows table by table, the manifest of a store object by
object, and the configuration without its secrets.

The catalog is exported as rows (JSON), not as an engine's dump: the same set restores into
SQLite or PostgreSQL whatever the live catalog runs on (the restore drill uses a SQLite
scratch catalog), an incremental set can hold only the rows that changed, and a destruction
can be purged from every set row by row (ADR 0023)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from pydantic import SecretStr
from sqlalchemy import MetaData, Table, select
from sqlalchemy.engine import Connection, make_url

from archive.config import Settings
from archive.storage.ocfl import OcflRoot, content_sha256

__all__ = [
    "LEFT_OUT_TABLES",
    "catalog_tables",
    "config_files",
    "decode_row",
    "object_entry",
    "row_key",
    "table_rows",
]

LEFT_OUT_TABLES: Final[dict[str, str]] = {
    "alembic_version": "the schema's revision: the set records it, a restore migrates to it",
    "web_sessions": "signed-in browsers: short-lived; after a restore people sign in again",
    "login_limits": "failed sign-in counters: short-lived",
}
"""Catalog tables a set leaves out, and why (docs/operations.md, "Backups")."""

SECRET_NAME = re.compile(r"(password|passphrase|_secret)(?!_env|_file)", re.IGNORECASE)
"""Settings whose value is a secret (their names; ``…_passphrase_env``/``_file`` only name
where the secret is)."""


def catalog_tables(connection: Connection) -> list[Table]:
    """Every table of the catalog a set holds, parents before children."""
    metadata = MetaData()
    metadata.reflect(connection)
    return [t for t in metadata.sorted_tables if t.name not in LEFT_OUT_TABLES]


def row_key(table: Table, row: dict[str, Any]) -> str:
    """The key of a row: its primary key as JSON (every column when the table has none)."""
    columns = [c.name for c in table.primary_key.columns] or sorted(row)
    return json.dumps([row[c] for c in columns], ensure_ascii=False)


def _value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, bytes | memoryview):
        return {"$b64": base64.b64encode(bytes(value)).decode()}
    return str(value)


def decode_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row as read from a part, ready to insert (bytes back from base64)."""
    return {
        k: base64.b64decode(v["$b64"]) if isinstance(v, dict) and "$b64" in v else v
        for k, v in row.items()
    }


def table_rows(connection: Connection, table: Table) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every row of a table (key, row), in primary-key order."""
    order = list(table.primary_key.columns) or list(table.columns)
    for mapping in connection.execute(select(table).order_by(*order)).mappings():
        row = {name: _value(value) for name, value in mapping.items()}
        yield row_key(table, row), row


def object_entry(root: OcflRoot, object_id: str) -> tuple[str, dict[str, Any]]:
    """The manifest entry of one object: the digest of its inventory (the index's digest: an
    object whose inventory did not change did not change), then every file of every version
    with its content path, size and digests."""
    inventory_bytes = root.read_inventory_bytes(object_id)
    inventory: dict[str, Any] = json.loads(inventory_bytes)
    sha256 = content_sha256(inventory)
    contents: dict[str, str] = {}
    for digest, paths in inventory["manifest"].items():
        for path in paths:
            contents[digest] = contents.get(digest, path)
    files = []
    for version, state in sorted(inventory["versions"].items()):
        for digest, logicals in sorted(state["state"].items()):
            content = contents[digest]
            for logical in sorted(logicals):
                files.append(
                    {
                        "version": version,
                        "path": logical,
                        "content": content,
                        "size": root.store.size(root.content_key(object_id, content)),
                        "sha512": digest,
                        "sha256": sha256.get(content),
                    }
                )
    entry = {
        "id": object_id,
        "head": inventory["head"],
        "inventory_sha512": hashlib.sha512(inventory_bytes).hexdigest(),
        "files": files,
    }
    return entry["inventory_sha512"], entry


def _redacted_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.password is None:
        return url
    return parsed.set(password="LEFT-OUT").render_as_string(hide_password=False)  # noqa: S106  (a placeholder, not a password)


def config_files(settings: Settings) -> tuple[dict[str, bytes], list[str]]:
    """The configuration as files of the set (the effective settings as JSON, and the home's
    archive.toml), every secret left out; and the names of what was left out."""
    left_out: list[str] = []
    values: dict[str, Any] = {}
    for name, value in settings.model_dump(mode="json").items():
        if isinstance(getattr(settings, name), SecretStr) or SECRET_NAME.search(name):
            if value is not None:
                left_out.append(name)
            continue
        values[name] = value
    if settings.storage_backend == "local":  # the default is below the home: say where
        values["storage_root"] = str(settings.resolved_storage_root)
    if values.get("database_url"):
        redacted = _redacted_url(values["database_url"])
        if redacted != values["database_url"]:
            left_out.append("database_url (password)")
        values["database_url"] = redacted
    files = {"config/settings.json": json.dumps(values, indent=2, sort_keys=True).encode()}
    toml = settings.home / "archive.toml"
    if toml.is_file():
        files["config/archive.toml"] = _redacted_toml(toml, values)
    return files, sorted(set(left_out))


def _redacted_toml(path: Path, values: dict[str, Any]) -> bytes:
    """archive.toml with the line of every secret setting replaced by a note."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key = line.split("=", 1)[0].strip()
        if "=" in line and SECRET_NAME.search(key):
            lines.append(f"# {key}: left out of the backup (a secret)")
        elif "=" in line and key == "database_url":
            lines.append(f"database_url = {json.dumps(values.get('database_url'))}")
        else:
            lines.append(line)
    text = "\n".join(lines) + "\n"
    tomllib.loads(text)  # still valid TOML
    return text.encode()
