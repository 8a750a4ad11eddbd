"""The OCFL objects that keep a procedure's records: a disposal list's documents (the list,
appraisals, the decision, and after execution the permanent destruction records: metadata,
digests, evidence), and a transfer request's (registration, Mục lục, exports, receipts, records
of deleted local copies)."""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from archive.audit.chain import AgentRef
from archive.errors import ArchiveError
from archive.packages.metsxml import iso_now
from archive.services import Services
from archive.storage.copy import copy_object
from archive.storage.ocfl import ObjectBuilder, discard

__all__ = [
    "add_files",
    "create_object",
    "json_bytes",
    "list_object_id",
    "read_file",
]

log = logging.getLogger(__name__)


def list_object_id(code: str) -> str:
    """OCFL object id of a disposal list."""
    return f"urn:archive:disposal:{code}"


def json_bytes(data: Any) -> bytes:
    """Stable, readable JSON (sorted keys, UTF-8)."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


@contextmanager
def _job(archive: Services) -> Iterator[Path]:
    job = archive.settings.staging_dir / f"disposal-{os.getpid()}-{uuid.uuid4().hex}"
    try:
        yield job
    finally:
        discard(job)


def create_object(
    archive: Services, object_id: str, files: dict[str, bytes], message: str, agent: AgentRef
) -> None:
    """Publish version 1 of a new object holding ``files``."""
    with _job(archive) as job:
        builder = ObjectBuilder(job / "object", object_id)
        for logical, data in sorted(files.items()):
            builder.add_bytes(logical, data)
        builder.finish(
            created=iso_now(),
            message=message,
            user_name=agent.name,
            user_address=f"urn:archive:agent:{agent.identifier}",
        )
        archive.ocfl.publish_new(object_id, job / "object")
    _replicate(archive, object_id)


def add_files(
    archive: Services,
    object_id: str,
    files: dict[str, bytes | Path],
    message: str,
    agent: AgentRef,
) -> str:
    """Add a version with ``files``; returns the new version name."""
    with _job(archive) as job:
        inventory = archive.ocfl.add_version(
            object_id,
            job,
            files,
            created=iso_now(),
            message=message,
            user_name=agent.name,
            user_address=f"urn:archive:agent:{agent.identifier}",
        )
    _replicate(archive, object_id)
    return str(inventory["head"])


def _replicate(archive: Services, object_id: str) -> None:
    """Bring the replica's copy of a record object up to date (best effort: the primary copy is
    written; a replica that is down is logged, and the next write of the object catches up)."""
    if archive.replica is None:
        return
    try:
        with _job(archive) as job:
            job.mkdir(parents=True)
            copy_object(archive.ocfl, archive.replica, object_id, job)
    except ArchiveError as exc:
        log.warning("replica copy of %s failed: %s", object_id, exc)


def read_file(archive: Services, object_id: str, logical: str) -> bytes:
    """Bytes of a logical path in the head version."""
    with archive.ocfl.open_logical(object_id, logical) as fh:
        return fh.read()
