"""The ObjectStore port: where AIP bytes live.

A store is a flat key space (``/``-separated keys, as on S3) with write-once semantics:
``publish_tree`` moves a whole staged directory under a new prefix atomically and refuses an
existing one; ``put_bytes`` creates one key exclusively. The only keys ever replaced are the
OCFL root inventories, through ``replace_bytes``. The local backend is in ``local.py``, the S3
backend (Object Lock, ADR 0004) in ``s3.py``; both pass the same contract tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Protocol

__all__ = ["ObjectStore"]


class ObjectStore(Protocol):
    """Write-once key/value storage for the OCFL storage root."""

    name: str

    def describe(self) -> str:
        """Where the store is, for people (a path or a URL)."""
        ...

    def exists(self, key: str) -> bool:
        """Whether ``key`` (a file) or any key below it (a prefix) exists."""
        ...

    def open(self, key: str) -> BinaryIO:
        """Stream the bytes of ``key``; raises ObjectNotFound."""
        ...

    def size(self, key: str) -> int:
        """Size in bytes of ``key``."""
        ...

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        """Every key below ``prefix``, each once, in the backend's order."""
        ...

    def put_bytes(self, key: str, data: bytes) -> None:
        """Create ``key`` with ``data``; refuses to overwrite (ObjectExists)."""
        ...

    def replace_bytes(self, key: str, data: bytes) -> None:
        """Atomically replace a mutable key (only OCFL root inventories are mutable)."""
        ...

    def publish_tree(
        self, staged: Path, prefix: str, *, retain_until: datetime | None = None
    ) -> None:
        """Move a staged directory under ``prefix`` atomically; refuses an existing prefix.

        ``retain_until``: the date before which no byte may be deleted (a dossier's retention
        end); stores with a lock (S3 Object Lock) enforce it, others ignore it.
        """
        ...

    def restore_file(self, key: str, path: Path) -> None:
        """Make the (already verified) bytes of ``path`` the current content of ``key``.

        Only ``archive repair`` calls this, after checking ``path`` against the inventory and
        the catalog: a damaged copy is the one thing ever rewritten (on S3 as a new version,
        the damaged one staying locked as evidence).
        """
        ...
