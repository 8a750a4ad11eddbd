"""Deleting an OCFL object's bytes, and holding them, on any backend.

The stores are write-once; this module is the one deliberate way out, used only by executed
disposal decisions and by the explicit deletion of a transferred dossier. It never deletes a
locked byte: on a locking store (S3 Object Lock, ``LockingStore``) every version under the
prefix is checked first (retention date, legal hold), and if any is locked nothing is deleted
and the error lists the locked keys. The deletion itself is the store's (``ObjectStore.erase``):
locally the read-only files are made writable, removed and their directories fsynced, deepest
first, empty layout directories above the object too; on S3 every version is deleted.

``set_prefix_legal_hold`` puts or releases the legal hold on every version below a prefix
(a store without locks, such as the local one, reports 0 keys).
"""

from __future__ import annotations

from datetime import datetime

from archive.errors import Conflict
from archive.storage.api import Lock, LockingStore, ObjectStore

__all__ = ["Lock", "erase_prefix", "locks_under", "set_prefix_legal_hold"]


def locks_under(store: ObjectStore, prefix: str, now: datetime | None = None) -> list[Lock]:
    """Every version below ``prefix`` still under an unexpired retention or a legal hold."""
    if not isinstance(store, LockingStore):
        return []
    return store.locks(prefix, now)


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
    return store.erase(prefix)


def set_prefix_legal_hold(store: ObjectStore, prefix: str, on: bool) -> int:
    """Put (or release) the legal hold on every key below ``prefix``; returns the key count.

    Stores without locks (local) return 0.
    """
    if not isinstance(store, LockingStore):
        return 0
    keys = store.versioned_keys(prefix)
    for key in keys:
        store.set_legal_hold(key, on)
    return len(keys)
