"""Deleting an OCFL object's bytes, and holding them, on either backend.

The stores are write-once; this module is the one deliberate way out, used only by executed
disposal decisions and by the explicit deletion of a transferred dossier. It never deletes a
locked byte: on S3 every version under the prefix is checked first (Object Lock retention date,
legal hold), and if any is locked nothing is deleted and the error lists the locked keys.
Locally the files are read-only (0444) in write-once directories: each is made writable,
removed, and its directory fsynced, deepest first; empty layout directories above the object
are removed too.

``set_prefix_legal_hold`` puts or releases the S3 legal hold on every version below a prefix
(the local store has no locks: it reports 0 keys).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive.errors import Conflict, ObjectNotFound
from archive.storage.api import ObjectStore
from archive.storage.local import LocalObjectStore, fsync_dir

__all__ = ["Lock", "erase_prefix", "locks_under", "set_prefix_legal_hold"]


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


def _s3(store: ObjectStore) -> Any | None:
    """The S3 store when ``store`` is one (duck-typed: client + bucket + set_legal_hold)."""
    if hasattr(store, "client") and hasattr(store, "bucket") and hasattr(store, "set_legal_hold"):
        return store
    return None


def _s3_versions(store: Any, prefix: str) -> list[tuple[str, str, bool]]:
    """(key, version id, is delete marker) of everything under ``prefix/``."""
    out: list[tuple[str, str, bool]] = []
    paginator = store.client.get_paginator("list_object_versions")
    with store._errors("list versions", prefix):
        for page in paginator.paginate(Bucket=store.bucket, Prefix=f"{prefix}/"):
            out += [(str(v["Key"]), str(v["VersionId"]), False) for v in page.get("Versions", ())]
            out += [
                (str(v["Key"]), str(v["VersionId"]), True) for v in page.get("DeleteMarkers", ())
            ]
    return out


def locks_under(store: ObjectStore, prefix: str, now: datetime | None = None) -> list[Lock]:
    """Every version below ``prefix`` still under an unexpired retention or a legal hold."""
    s3 = _s3(store)
    if s3 is None:
        return []
    now = now or datetime.now(UTC)
    locks: list[Lock] = []
    for key, version, marker in _s3_versions(s3, prefix):
        if marker:
            continue
        with s3._errors("read lock", key):
            head = s3.client.head_object(Bucket=s3.bucket, Key=key, VersionId=version)
        until = head.get("ObjectLockRetainUntilDate")
        held = head.get("ObjectLockLegalHoldStatus") == "ON"
        locked_until = until if isinstance(until, datetime) and until > now else None
        if locked_until is not None or held:
            locks.append(Lock(key, version, locked_until, held))
    return locks


def erase_prefix(store: ObjectStore, prefix: str) -> int:
    """Delete every byte below ``prefix`` (all versions on S3); returns the keys removed.

    Refuses (Conflict, nothing deleted) while any version is locked; ObjectNotFound when the
    prefix holds nothing.
    """
    locks = locks_under(store, prefix)
    if locks:
        shown = "; ".join(lock.describe() for lock in locks[:20])
        more = f" (+{len(locks) - 20})" if len(locks) > 20 else ""
        raise Conflict(
            f"{store.name}: {len(locks)} phiên bản còn bị khóa, không xóa gì / "
            f"{len(locks)} version(s) still locked, nothing deleted: {shown}{more}"
        )
    s3 = _s3(store)
    if s3 is not None:
        versions = _s3_versions(s3, prefix)
        if not versions:
            raise ObjectNotFound(store.name, prefix)
        for key, version, _marker in versions:
            with s3._errors("delete", key):
                s3.client.delete_object(Bucket=s3.bucket, Key=key, VersionId=version)
        return len({key for key, _v, _m in versions})
    if isinstance(store, LocalObjectStore):
        return _erase_local(store, prefix)
    raise Conflict(f"{store.name}: this store cannot erase objects")


def _erase_local(store: LocalObjectStore, prefix: str) -> int:
    top = store._path(prefix)
    if not top.is_dir():
        raise ObjectNotFound(store.name, prefix)
    removed = 0
    for dirpath, _dirnames, filenames in os.walk(top, topdown=False):
        directory = Path(dirpath)
        os.chmod(directory, stat.S_IRWXU)
        for filename in filenames:
            path = directory / filename
            if not path.is_symlink():
                os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
            path.unlink()
            removed += 1
        fsync_dir(directory)
        if directory != top:
            directory.rmdir()
    top.rmdir()
    parent = top.parent
    fsync_dir(parent)
    while parent != store.root and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
        fsync_dir(parent)
    return removed


def set_prefix_legal_hold(store: ObjectStore, prefix: str, on: bool) -> int:
    """Put (or release) the legal hold on every key below ``prefix``; returns the key count.

    Stores without locks (local) return 0.
    """
    s3 = _s3(store)
    if s3 is None:
        return 0
    keys = sorted({key for key, _v, marker in _s3_versions(s3, prefix) if not marker})
    for key in keys:
        s3.set_legal_hold(key, on)
    return len(keys)
