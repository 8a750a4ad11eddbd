"""The OCFL objects that keep a procedure's records: a disposal list's documents (the list,
appraisals, the decision, and after execution the permanent destruction records: metadata,
digests, evidence), and a transfer request's (registration, Mục lục, exports, receipts, records
of deleted local copies)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from archive.audit.chain import AgentRef
from archive.packages.metsxml import iso_now
from archive.services import Services
from archive.storage.records import RecordWriter

__all__ = [
    "add_files",
    "create_object",
    "json_bytes",
    "list_object_id",
    "read_file",
]


def list_object_id(code: str) -> str:
    """OCFL object id of a disposal list."""
    return f"urn:archive:disposal:{code}"


def json_bytes(data: Any) -> bytes:
    """Stable, readable JSON (sorted keys, UTF-8)."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _writer(archive: Services) -> RecordWriter:
    return RecordWriter(archive.ocfl, archive.replica, archive.settings.staging_dir)


def create_object(
    archive: Services, object_id: str, files: dict[str, bytes], message: str, agent: AgentRef
) -> None:
    """Publish version 1 of a new object holding ``files``."""
    _writer(archive).create(
        object_id,
        dict(files),
        created=iso_now(),
        message=message,
        user_name=agent.name,
        user_address=f"urn:archive:agent:{agent.identifier}",
    )


def add_files(
    archive: Services,
    object_id: str,
    files: dict[str, bytes | Path],
    message: str,
    agent: AgentRef,
) -> str:
    """Add a version with ``files``; returns the new version name."""
    return _writer(archive).add(
        object_id,
        dict(files),
        created=iso_now(),
        message=message,
        user_name=agent.name,
        user_address=f"urn:archive:agent:{agent.identifier}",
    )


def read_file(archive: Services, object_id: str, logical: str) -> bytes:
    """Bytes of a logical path in the head version."""
    with archive.ocfl.open_logical(object_id, logical) as fh:
        return fh.read()
