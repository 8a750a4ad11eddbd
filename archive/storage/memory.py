"""In-memory object store: the ObjectStore and LockingStore ports held in a dictionary.

For fast tests (as pyHanko keeps a dummy for each port), it honours the same contract as the
local and S3 backends: exclusive creation, whole and exclusive ``publish_tree``, listing,
``replace_bytes`` and ``restore_file`` as new versions, and the locks of S3 Object Lock —
every version carries a retain-until date (the one the caller gives, else today +
``horizon_years``; ``horizon_years=0`` leaves such versions unlocked) and a legal hold; a
date is only ever extended, and ``erase`` refuses (Conflict, nothing deleted) while any version
below the prefix is locked. Every operation takes one lock, so concurrent writers see the same
exclusivity as on the real backends. ``clock`` lets a test move time instead of sleeping.
"""

from __future__ import annotations

import io
import itertools
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from archive.clock import utc_now
from archive.errors import Conflict, InvalidInput, ObjectExists, ObjectNotFound
from archive.storage.api import Lock
from archive.storage.staged import scan_staged

__all__ = ["MemoryObjectStore"]


@dataclass
class _Version:
    id: str
    data: bytes
    retain_until: datetime | None
    legal_hold: bool = False


def _check_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise InvalidInput(f"invalid storage key {key!r}")
    return key


def _utc_now() -> datetime:
    return utc_now()


class MemoryObjectStore:
    """ObjectStore and LockingStore in memory (see the module docstring)."""

    def __init__(
        self,
        name: str = "memory",
        *,
        horizon_years: int = 10,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.name = name
        self.horizon_years = horizon_years
        self._clock = clock
        self._mutex = threading.RLock()
        self._keys: dict[str, list[_Version]] = {}  # every version, oldest first
        self._ids = itertools.count(1)

    def describe(self) -> str:
        return f"memory://{self.name}"

    # ------------------------------------------------------------------ reading

    def exists(self, key: str) -> bool:
        _check_key(key)
        with self._mutex:
            return key in self._keys or any(k.startswith(f"{key}/") for k in self._keys)

    def open(self, key: str) -> BinaryIO:
        return io.BytesIO(self._current(key).data)

    def size(self, key: str) -> int:
        return len(self._current(key).data)

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        """Every key below ``prefix`` (or ``prefix`` itself when it is a key), sorted."""
        if prefix:
            _check_key(prefix)
        with self._mutex:
            if prefix in self._keys:
                keys = [prefix]
            else:
                below = f"{prefix}/" if prefix else ""
                keys = sorted(k for k in self._keys if k.startswith(below))
        yield from keys

    # ------------------------------------------------------------------ writing

    def put_bytes(self, key: str, data: bytes, *, retain_until: datetime | None = None) -> None:
        _check_key(key)
        until = self._until(retain_until)
        with self._mutex:
            if key in self._keys:
                raise ObjectExists(self.name, key)
            self._refuse_nesting(key)
            self._add(key, data, until)

    def replace_bytes(self, key: str, data: bytes, *, retain_until: datetime | None = None) -> None:
        """Add a new current version of ``key``; earlier versions stay, each under its lock."""
        _check_key(key)
        until = self._until(retain_until)
        with self._mutex:
            if key not in self._keys:
                self._refuse_nesting(key)
            self._add(key, bytes(data), until)

    def publish_tree(
        self, staged: Path, prefix: str, *, retain_until: datetime | None = None
    ) -> None:
        """Add every file of ``staged`` below ``prefix`` at once, then remove ``staged``;
        refuses (ObjectExists, nothing added, ``staged`` kept) a prefix that holds anything."""
        _check_key(prefix)
        files = scan_staged(staged)
        contents = {_check_key(f"{prefix}/{f.rel}"): f.path.read_bytes() for f in files}
        until = self._until(retain_until)
        with self._mutex:
            if prefix in self._keys or any(k.startswith(f"{prefix}/") for k in self._keys):
                raise ObjectExists(self.name, prefix)
            self._refuse_nesting(prefix)
            for key, data in contents.items():
                self._add(key, data, until)
        shutil.rmtree(staged, ignore_errors=True)

    def restore_file(self, key: str, path: Path) -> None:
        """Add the bytes of ``path`` as the current version of ``key``, locked at least as long
        as the version it replaces (which stays, as on S3)."""
        _check_key(key)
        data = path.read_bytes()
        until = self._until(None)
        with self._mutex:
            versions = self._keys.get(key)
            if versions is None:
                self._refuse_nesting(key)
            else:
                current = versions[-1].retain_until
                if current is not None and (until is None or current > until):
                    until = current
            self._add(key, data, until)

    def erase(self, prefix: str) -> int:
        """Delete every version below ``prefix``; refuses while any is locked (Conflict)."""
        _check_key(prefix)
        with self._mutex:
            keys = [k for k in self._keys if k.startswith(f"{prefix}/")]
            if not keys:
                raise ObjectNotFound(self.name, prefix)
            locked = self._locks(keys, self._clock())
            if locked:
                raise Conflict(
                    f"{self.name}: {len(locked)} version(s) still locked, nothing deleted: "
                    + "; ".join(lock.describe() for lock in locked[:20])
                )
            for key in keys:
                del self._keys[key]
        return len(keys)

    # ------------------------------------------------------------------ locks

    def retention(self, key: str) -> datetime | None:
        """Retain-until date of the current version of ``key`` (None: not locked)."""
        return self._current(key).retain_until

    def legal_hold(self, key: str) -> bool:
        """Whether the current version of ``key`` is under legal hold."""
        return self._current(key).legal_hold

    def extend_retention(self, key: str, until: datetime) -> None:
        """Lock every version of ``key`` until ``until``; a lock is never shortened (Conflict)."""
        _check_key(key)
        until = self._future(until)
        with self._mutex:
            versions = self._versions(key)
            for version in versions:
                date = version.retain_until
                if date is not None and until < date:
                    raise Conflict(
                        f"{self.name}: {key} is locked until {date:%Y-%m-%d}; a lock is "
                        f"extended, never shortened (asked {until:%Y-%m-%d}) "
                        f"[version {version.id}]"
                    )
            for version in versions:
                version.retain_until = until

    def set_legal_hold(self, key: str, on: bool) -> None:
        """Put every version of ``key`` under legal hold, or release it."""
        _check_key(key)
        with self._mutex:
            for version in self._versions(key):
                version.legal_hold = on

    def versioned_keys(self, prefix: str) -> list[str]:
        """Every key below ``prefix``, sorted (a key here always has a current version)."""
        _check_key(prefix)
        with self._mutex:
            return sorted(k for k in self._keys if k.startswith(f"{prefix}/"))

    def locks(self, prefix: str, now: datetime | None = None) -> list[Lock]:
        """Every version below ``prefix`` still under an unexpired retention or a legal hold."""
        _check_key(prefix)
        with self._mutex:
            keys = sorted(k for k in self._keys if k.startswith(f"{prefix}/"))
            return self._locks(keys, now or self._clock())

    # ------------------------------------------------------------------ internals

    def _locks(self, keys: list[str], now: datetime) -> list[Lock]:
        out: list[Lock] = []
        for key in keys:
            for version in self._keys[key]:
                until = version.retain_until
                locked_until = until if until is not None and until > now else None
                if locked_until is not None or version.legal_hold:
                    out.append(Lock(key, version.id, locked_until, version.legal_hold))
        return out

    def _current(self, key: str) -> _Version:
        _check_key(key)
        with self._mutex:
            return self._versions(key)[-1]

    def _versions(self, key: str) -> list[_Version]:
        versions = self._keys.get(key)
        if not versions:
            raise ObjectNotFound(self.name, key)
        return versions

    def _add(self, key: str, data: bytes, until: datetime | None) -> None:
        version = _Version(str(next(self._ids)), bytes(data), until)
        self._keys.setdefault(key, []).append(version)

    def _refuse_nesting(self, key: str) -> None:
        """A key cannot lie below another key, nor have keys below it (as on a filesystem)."""
        parts = key.split("/")
        for n in range(1, len(parts)):
            parent = "/".join(parts[:n])
            if parent in self._keys:
                raise ObjectExists(self.name, parent)
        if any(k.startswith(f"{key}/") for k in self._keys):
            raise ObjectExists(self.name, key)

    def _until(self, retain_until: datetime | None) -> datetime | None:
        """The lock date of a new version: the caller's (in the future, with a time zone),
        else today + ``horizon_years`` (None, no lock, when the horizon is 0)."""
        now = self._clock()
        if retain_until is None:
            if self.horizon_years <= 0:
                return None
            try:
                return now.replace(year=now.year + self.horizon_years)
            except ValueError:  # 29 February
                return now.replace(year=now.year + self.horizon_years, day=28)
        return self._future(retain_until)

    def _future(self, until: datetime) -> datetime:
        if until.tzinfo is None:
            raise InvalidInput("retain_until must carry a time zone")
        if until <= self._clock():
            raise InvalidInput(f"retain_until {until.isoformat()} is not in the future")
        return until.astimezone(UTC)
