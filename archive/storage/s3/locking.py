"""Object Lock on the S3 store: retention dates (only ever extended), legal holds, the locks
below a prefix, and the deletion of every version of a prefix (``erase``, which the server
refuses for a locked version; ``archive.storage.erase`` checks the locks first)."""

from __future__ import annotations

from datetime import datetime

from botocore.exceptions import ClientError

from archive.clock import utc_now
from archive.errors import Conflict, ObjectNotFound
from archive.storage.api import Lock
from archive.storage.s3.base import S3Base, error_code

__all__ = ["S3Locking"]


class S3Locking(S3Base):
    """The ``LockingStore`` operations of the S3 store, and ``erase``."""

    def retention(self, key: str) -> datetime | None:
        """Retain-until date of the current version of ``key`` (None: not locked)."""
        self._check_key(key)
        head = self._head(key)
        if head is None:
            raise ObjectNotFound(self.name, key)
        value = head.get("ObjectLockRetainUntilDate")
        return value if isinstance(value, datetime) else None

    def legal_hold(self, key: str) -> bool:
        """Whether the current version of ``key`` is under legal hold."""
        self._check_key(key)
        head = self._head(key)
        if head is None:
            raise ObjectNotFound(self.name, key)
        return head.get("ObjectLockLegalHoldStatus") == "ON"

    def extend_retention(self, key: str, until: datetime) -> None:
        """Lock every version of ``key`` until ``until``; a lock is never shortened (Conflict)."""
        self._check_key(key)
        until = self._until(until)
        current = self._retention_dates(key)
        for version, date in current.items():
            if date is not None and until < date:
                raise Conflict(
                    f"{self.name}: {key} được khóa đến {date:%d/%m/%Y}; thời hạn khóa chỉ được "
                    f"gia hạn, không rút ngắn / {key} is locked until {date:%Y-%m-%d}; a lock "
                    f"is extended, never shortened (asked {until:%Y-%m-%d}) [version {version}]"
                )
        for version, date in current.items():
            if date is not None and until == date:
                continue
            with self._errors("extend retention", key):
                self.client.put_object_retention(
                    Bucket=self.bucket,
                    Key=key,
                    VersionId=version,
                    Retention={"Mode": self.retention_mode, "RetainUntilDate": until},
                )

    def _retention_dates(self, key: str) -> dict[str, datetime | None]:
        """Retain-until date of every version of ``key`` (None: no retention)."""
        current: dict[str, datetime | None] = {}
        for version in self._versions(key):
            with self._errors("read retention", key):
                try:
                    found = self.client.get_object_retention(
                        Bucket=self.bucket, Key=key, VersionId=version
                    )
                    current[version] = found["Retention"]["RetainUntilDate"]
                except ClientError as exc:
                    if error_code(exc) != "NoSuchObjectLockConfiguration":
                        raise
                    current[version] = None
        return current

    def set_legal_hold(self, key: str, on: bool) -> None:
        """Put every version of ``key`` under legal hold, or release it."""
        self._check_key(key)
        status = "ON" if on else "OFF"
        for version in self._versions(key):
            with self._errors("legal hold", key):
                self.client.put_object_legal_hold(
                    Bucket=self.bucket, Key=key, VersionId=version, LegalHold={"Status": status}
                )

    def versioned_keys(self, prefix: str) -> list[str]:
        """Every key below ``prefix`` with at least one version (delete markers aside)."""
        return sorted({key for key, _v, marker in self._prefix_versions(prefix) if not marker})

    def locks(self, prefix: str, now: datetime | None = None) -> list[Lock]:
        """Every version below ``prefix`` still under an unexpired retention or a legal hold."""
        now = now or utc_now()
        locks: list[Lock] = []
        for key, version, marker in self._prefix_versions(prefix):
            if marker:
                continue
            with self._errors("read lock", key):
                head = self.client.head_object(Bucket=self.bucket, Key=key, VersionId=version)
            until = head.get("ObjectLockRetainUntilDate")
            held = head.get("ObjectLockLegalHoldStatus") == "ON"
            locked_until = until if isinstance(until, datetime) and until > now else None
            if locked_until is not None or held:
                locks.append(Lock(key, version, locked_until, held))
        return locks

    def erase(self, prefix: str) -> int:
        """Delete every version (and delete marker) below ``prefix``; returns the key count."""
        versions = self._prefix_versions(prefix)
        if not versions:
            raise ObjectNotFound(self.name, prefix)
        for key, version, _marker in versions:
            with self._errors("delete", key):
                self.client.delete_object(Bucket=self.bucket, Key=key, VersionId=version)
        return len({key for key, _v, _m in versions})

    def _prefix_versions(self, prefix: str) -> list[tuple[str, str, bool]]:
        """(key, version id, is delete marker) of everything under ``prefix/``."""
        out: list[tuple[str, str, bool]] = []
        paginator = self.client.get_paginator("list_object_versions")
        with self._errors("list versions", prefix):
            for page in paginator.paginate(Bucket=self.bucket, Prefix=f"{prefix}/"):
                out += [
                    (str(v["Key"]), str(v["VersionId"]), False) for v in page.get("Versions", ())
                ]
                out += [
                    (str(v["Key"]), str(v["VersionId"]), True)
                    for v in page.get("DeleteMarkers", ())
                ]
        return out
