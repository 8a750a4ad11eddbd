"""The S3 store itself: reading, exclusive writes, whole-tree publishing through a completion
marker (and the clean-up after a race), repair uploads. Uploads are in ``upload.py``, Object
Lock and erasure in ``locking.py``, errors and key checks in ``base.py``."""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from botocore.exceptions import BotoCoreError
from urllib3.exceptions import HTTPError as Urllib3HTTPError

from archive.errors import ObjectExists, ObjectNotFound, Unavailable
from archive.storage.s3.base import SHA256_META, MiB
from archive.storage.s3.locking import S3Locking
from archive.storage.s3.upload import S3Uploads, completion_marker, upload_order
from archive.storage.staged import StagedFile, scan_staged

__all__ = ["S3ObjectStore"]


class _S3Reader(io.RawIOBase):
    """A streamed GET body as a raw binary stream; network failures become Unavailable."""

    def __init__(self, store: S3ObjectStore, key: str, body: Any) -> None:
        super().__init__()
        self._store = store
        self._key = key
        self._body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        try:
            data = self._body.read(len(view))
        except (BotoCoreError, Urllib3HTTPError, OSError) as exc:
            raise Unavailable(
                f"{self._store.describe()}: đọc {self._key} bị ngắt / reading {self._key} "
                f"was interrupted: {exc}"
            ) from exc
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            with contextlib.suppress(Exception):
                self._body.close()
        super().close()


class S3ObjectStore(S3Uploads, S3Locking):
    """ObjectStore (and LockingStore) on a versioned S3 bucket with Object Lock (see the
    package docstring)."""

    # ------------------------------------------------------------------ reading

    def exists(self, key: str) -> bool:
        self._check_key(key)
        if self._head(key) is not None:
            return True
        with self._errors("list", key):
            found = self.client.list_objects_v2(Bucket=self.bucket, Prefix=f"{key}/", MaxKeys=1)
        return bool(found.get("Contents"))

    def open(self, key: str) -> BinaryIO:
        self._check_key(key)
        with self._errors("read", key):
            response = self.client.get_object(Bucket=self.bucket, Key=key)
        return io.BufferedReader(_S3Reader(self, key, response["Body"]), buffer_size=MiB)

    def size(self, key: str) -> int:
        self._check_key(key)
        head = self._head(key)
        if head is None:
            raise ObjectNotFound(self.name, key)
        return int(head["ContentLength"])

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        """Every key below ``prefix`` (or ``prefix`` itself when it is a key), each once, in
        the server's listing order (UTF-8 byte order on AWS, MinIO and Ceph; SeaweedFS lists
        directory by directory)."""
        if prefix:
            self._check_key(prefix)
        paginator = self.client.get_paginator("list_objects_v2")
        listed = False
        with self._errors("list", prefix):
            pages = paginator.paginate(Bucket=self.bucket, Prefix=f"{prefix}/" if prefix else "")
            for page in pages:
                for item in page.get("Contents", ()):
                    listed = True
                    yield str(item["Key"])
        if prefix and not listed and self._head(prefix) is not None:
            yield prefix

    def sha256(self, key: str) -> str | None:
        """The whole-object SHA-256 recorded at upload (``x-amz-meta-sha256``), if any."""
        self._check_key(key)
        head = self._head(key)
        if head is None:
            raise ObjectNotFound(self.name, key)
        value = head.get("Metadata", {}).get(SHA256_META)
        return str(value) if value else None

    # ------------------------------------------------------------------ writing

    def put_bytes(self, key: str, data: bytes, *, retain_until: datetime | None = None) -> None:
        self._check_key(key)
        self._put(key, data, self._until(retain_until), exclusive=True)

    def replace_bytes(self, key: str, data: bytes, *, retain_until: datetime | None = None) -> None:
        """Write a new version of ``key``; earlier versions stay, each under its own lock."""
        self._check_key(key)
        self._put(key, data, self._until(retain_until), exclusive=False)

    def publish_tree(
        self, staged: Path, prefix: str, *, retain_until: datetime | None = None
    ) -> None:
        """Upload a staged tree under ``prefix``, whole and exclusively, then remove ``staged``.

        Refuses (ObjectExists) when the prefix already holds a completed tree, or when another
        writer completes it first. After a failure nothing is visible through the completion
        marker and ``staged`` is kept, so the caller can retry.
        """
        self._check_key(prefix)
        files = scan_staged(staged)
        for item in files:
            self._check_key(f"{prefix}/{item.rel}")
        until = self._until(retain_until)
        marker = completion_marker(files)
        marker_key = f"{prefix}/{marker}" if marker else None
        if marker_key is None:
            if self.exists(prefix):
                raise ObjectExists(self.name, prefix)
        elif self._head(marker_key) is not None:
            raise ObjectExists(self.name, prefix)
        ours: dict[str, str] = {}
        try:
            for item in upload_order(files, marker):
                key = f"{prefix}/{item.rel}"
                if key == marker_key or marker_key is None:
                    self._upload(key, item, until, exclusive=True)
                    continue
                if self._head(marker_key) is not None:  # another writer completed it first
                    raise ObjectExists(self.name, prefix)
                version = self._upload(key, item, until, exclusive=False)
                if version:
                    ours[key] = version
        except ObjectExists:
            self._yield_to_winner(ours, until)
            raise
        self._settle(ours, until)
        shutil.rmtree(staged, ignore_errors=True)

    def _settle(self, ours: dict[str, str], until: datetime) -> None:
        """After completing a tree, make sure the current version of every key is ours.

        A losing concurrent writer may have uploaded a key after us (it stops as soon as it sees
        the marker); its versions stay locked but unreferenced, and ours is made current again.
        """
        for key, version in ours.items():
            head = self._head(key)
            if head is None or head.get("VersionId") != version:
                self._make_current(key, version, until)

    def _yield_to_winner(self, ours: dict[str, str], until: datetime) -> None:
        """We lost the tree to another writer: where one of our uploads is the current version
        of a key, make the version written before it (the winner's) current again."""
        for key, version in ours.items():
            head = self._head(key)
            if head is None or head.get("VersionId") != version:
                continue
            paginator = self.client.get_paginator("list_object_versions")
            with self._errors("list versions", key):
                older = [
                    str(v["VersionId"])
                    for page in paginator.paginate(Bucket=self.bucket, Prefix=key)
                    for v in page.get("Versions", ())  # newest first, as S3 lists them
                    if v["Key"] == key and v["VersionId"] != version
                ]
            if older:
                self._make_current(key, older[0], until)

    def _make_current(self, key: str, version: str, until: datetime) -> None:
        """Copy an existing version of ``key`` on top of it (a new, locked version)."""
        with self._errors("restore", key):
            self.client.copy_object(
                Bucket=self.bucket,
                Key=key,
                CopySource={"Bucket": self.bucket, "Key": key, "VersionId": version},
                MetadataDirective="COPY",
                ChecksumAlgorithm="SHA256",
                **self._lock_args(until),
            )

    def restore_file(self, key: str, path: Path) -> None:
        """Upload ``path`` as a new current version of ``key``, locked at least as long as the
        version it replaces (the damaged version stays, locked, as evidence)."""
        self._check_key(key)
        until = self._until(None)
        head = self._head(key)
        if head is not None:
            current = head.get("ObjectLockRetainUntilDate")
            if isinstance(current, datetime) and current > until:
                until = current
        self._upload(key, StagedFile(key, path, path.stat().st_size), until, exclusive=False)
