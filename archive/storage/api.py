"""The ObjectStore port: where AIP bytes live.

A store is a flat key space (``/``-separated keys, as on S3) with write-once semantics:
``publish_tree`` moves a whole staged directory under a new prefix atomically and refuses an
existing one; ``put_bytes`` creates one key exclusively. The only keys ever replaced are the
OCFL root inventories, through ``replace_bytes``. The local backend is in ``local.py``, the S3
backend (Object Lock, ADR 0004) in ``s3/``, an in-memory one for tests in ``memory.py``; all
pass the same contract tests.

A store that can lock what it holds (retain-until dates, legal holds: S3 Object Lock, the
in-memory store) also implements ``LockingStore``; callers ask with
``isinstance(store, LockingStore)`` (a runtime-checkable protocol), never with a backend class.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

__all__ = ["Lock", "LockingStore", "ObjectStore"]


@dataclass(frozen=True)
class Lock:
    """A stored version that cannot be deleted yet."""

    key: str
    version: str
    retain_until: datetime | None
    legal_hold: bool

    def describe(self) -> str:
        """``key (until YYYY-MM-DD, legal hold)``."""
        why = []
        if self.retain_until is not None:
            why.append(f"retained until {self.retain_until:%Y-%m-%d}")
        if self.legal_hold:
            why.append("legal hold")
        return f"{self.key} ({', '.join(why)})"


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

    def erase(self, prefix: str) -> int:
        """Delete every byte below ``prefix`` (every version where the store keeps versions);
        returns the number of keys removed; ObjectNotFound when the prefix holds nothing.

        The one deliberate way out of a write-once store: call it only through
        ``archive.storage.erase.erase_prefix``, which refuses while anything is locked.
        """
        ...


@runtime_checkable
class LockingStore(ObjectStore, Protocol):
    """A store whose stored versions can be locked: retain-until dates (only ever extended)
    and legal holds. A store that cannot lock does not implement this protocol."""

    horizon_years: int
    """Years a version written without a date stays locked (permanent records)."""

    def retention(self, key: str) -> datetime | None:
        """Retain-until date of the current version of ``key`` (None: not locked)."""
        ...

    def legal_hold(self, key: str) -> bool:
        """Whether the current version of ``key`` is under legal hold."""
        ...

    def extend_retention(self, key: str, until: datetime) -> None:
        """Lock every version of ``key`` until ``until``; a lock is never shortened (Conflict)."""
        ...

    def set_legal_hold(self, key: str, on: bool) -> None:
        """Put every version of ``key`` under legal hold, or release it."""
        ...

    def versioned_keys(self, prefix: str) -> list[str]:
        """Every key below ``prefix`` with at least one stored version, current or not."""
        ...

    def locks(self, prefix: str, now: datetime | None = None) -> list[Lock]:
        """Every version below ``prefix`` still under an unexpired retention or a legal hold."""
        ...
