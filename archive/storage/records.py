"""The one writer of the archive's record objects (the sealed audit log, disposal lists,
transfer requests, receipts): version 1 published whole, later versions added, and the
replica brought up to date at once (best effort: a replica that is down is logged, and the
next write of the object, or ``archive replicate``, catches up)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from archive.errors import ArchiveError
from archive.storage.copy import copy_object
from archive.storage.ocfl import ObjectBuilder, OcflRoot, scratch

__all__ = ["RecordWriter", "Source"]

Source = Path | bytes
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordWriter:
    """Writes record objects to ``primary`` (and ``replica``), staging under ``staging``."""

    primary: OcflRoot
    replica: OcflRoot | None
    staging: Path

    def write(
        self,
        object_id: str,
        files: dict[str, Source],
        *,
        created: str,
        message: str,
        user_name: str,
        user_address: str,
    ) -> str:
        """Add ``files`` to the object, creating it when it does not exist yet; returns the
        version written."""
        write = self.add if self.primary.exists(object_id) else self.create
        return write(
            object_id,
            files,
            created=created,
            message=message,
            user_name=user_name,
            user_address=user_address,
        )

    def create(
        self,
        object_id: str,
        files: dict[str, Source],
        *,
        created: str,
        message: str,
        user_name: str,
        user_address: str,
    ) -> str:
        """Publish version 1 of a new object holding ``files`` (ObjectExists if it is there)."""
        with scratch(self.staging, "record") as work:
            builder = ObjectBuilder(work / "object", object_id)
            for logical, source in sorted(files.items()):
                if isinstance(source, Path):
                    with source.open("rb") as fh:
                        builder.add_stream(logical, fh)
                else:
                    builder.add_bytes(logical, source)
            builder.finish(
                created=created, message=message, user_name=user_name, user_address=user_address
            )
            self.primary.publish_new(object_id, work / "object")
        self.replicate(object_id)
        return "v1"

    def add(
        self,
        object_id: str,
        files: dict[str, Source],
        *,
        created: str,
        message: str,
        user_name: str,
        user_address: str,
    ) -> str:
        """Add a version with ``files`` (new or replaced logical paths); returns its name."""
        with scratch(self.staging, "record") as work:
            inventory = self.primary.add_version(
                object_id,
                work / "versions",
                dict(files),
                created=created,
                message=message,
                user_name=user_name,
                user_address=user_address,
            )
        self.replicate(object_id)
        return str(inventory["head"])

    def replicate(self, object_id: str) -> None:
        """Bring the replica's copy of the object up to date, now (best effort)."""
        if self.replica is None:
            return
        try:
            with scratch(self.staging, "record-copy") as job:
                copy_object(self.primary, self.replica, object_id, job)
        except ArchiveError as exc:
            log.warning("replica copy of %s failed: %s", object_id, exc)
