"""S3 object store: the OCFL storage root in a versioned bucket with Object Lock.

Every object version is written with an Object Lock retention (COMPLIANCE by default) until a
date the caller gives, or the store's default horizon. The bucket must be versioned with Object
Lock enabled (``ensure_bucket`` creates such a bucket; ``check_bucket`` refuses any other).

S3 has no atomic rename, so ``publish_tree`` makes a tree *whole* with a completion marker
(docs/decisions/0004-ocfl-on-s3.md): every file is uploaded first, the marker last, with
``If-None-Match: *`` so that of two writers exactly one completes. For OCFL trees the marker is
the one file readers look for: ``0=ocfl_object_1.1`` at an object root, ``inventory.json`` at a
version directory. A run that dies half-way leaves only unreferenced object versions, invisible
to ``OcflRoot``; a retry uploads again and completes.

Uploads carry a SHA-256 checksum the server verifies (per part for multipart uploads) and the
whole object's SHA-256 in the ``x-amz-meta-sha256`` user metadata. Downloads are streamed.
botocore failures are translated into the archive's error tree: a missing key is
``ObjectNotFound``, an unreachable endpoint ``Unavailable``, a missing or unlocked bucket or
refused credentials ``ConfigurationError``.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import math
import os
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Final, Literal, NoReturn

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    NoCredentialsError,
    ParamValidationError,
    PartialCredentialsError,
)
from urllib3.exceptions import HTTPError as Urllib3HTTPError

from archive.errors import (
    ArchiveError,
    ConfigurationError,
    Conflict,
    IntegrityFailure,
    InvalidInput,
    ObjectExists,
    ObjectNotFound,
    Unavailable,
)
from archive.storage.api import Lock

if TYPE_CHECKING:
    from archive.config import Settings

__all__ = [
    "MIN_PART_SIZE",
    "S3ObjectStore",
    "ensure_bucket",
    "make_client",
    "open_s3_store",
]

RetentionMode = Literal["COMPLIANCE", "GOVERNANCE"]

MiB: Final = 1024**2
MIN_PART_SIZE: Final = 5 * MiB  # S3's smallest part (all parts but the last)
MAX_PARTS: Final = 10_000
MAX_KEY_BYTES: Final = 1024
SHA256_META: Final = "sha256"  # x-amz-meta-sha256: hex SHA-256 of the whole object
_NOT_FOUND: Final = frozenset({"404", "NoSuchKey", "NotFound", "NoSuchVersion"})
_PRECONDITION: Final = frozenset({"412", "PreconditionFailed"})
_DENIED: Final = frozenset(
    {"403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken"}
)
_CORRUPT: Final = frozenset(
    {"BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch", "InvalidChecksum"}
)
_NAMASTE_PREFIX: Final = "0="
_INVENTORY: Final = "inventory.json"


def _years_from_now(years: int, now: datetime | None = None) -> datetime:
    now = now or datetime.now(UTC)
    try:
        return now.replace(year=now.year + years)
    except ValueError:  # 29 February
        return now.replace(year=now.year + years, day=28)


def make_client(settings: Settings, *, profile: str | None = None) -> Any:
    """A boto3 S3 client for the settings; credentials come from boto3's standard chain
    (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws, instance roles)."""
    config = Config(
        region_name=settings.s3_region,
        s3={"addressing_style": settings.s3_addressing_style},
        retries={"max_attempts": settings.s3_max_attempts, "mode": "standard"},
        connect_timeout=settings.s3_timeout_s,
        read_timeout=settings.s3_timeout_s,
    )
    session = boto3.session.Session(profile_name=profile) if profile else boto3.session.Session()
    return session.client("s3", endpoint_url=settings.s3_endpoint_url, config=config)


def open_s3_store(
    settings: Settings, *, name: str = "s3", profile: str | None = None
) -> S3ObjectStore:
    """The store described by the settings, after checking its bucket (versioned, locked)."""
    if not settings.s3_bucket:
        raise ConfigurationError(
            "cần đặt ARCHIVE_S3_BUCKET khi ARCHIVE_STORAGE_BACKEND=s3 / "
            "ARCHIVE_S3_BUCKET must be set when ARCHIVE_STORAGE_BACKEND=s3"
        )
    store = S3ObjectStore(
        make_client(settings, profile=profile),
        settings.s3_bucket,
        name=name,
        endpoint=settings.s3_endpoint_url,
        retention_mode=settings.s3_retention_mode,
        horizon_years=settings.s3_permanent_horizon_years,
        part_size=settings.s3_part_size_mib * MiB,
    )
    store.check_bucket()
    return store


def ensure_bucket(client: Any, bucket: str, *, region: str | None = None) -> None:
    """Create ``bucket`` with versioning and Object Lock (or accept it if it already is so).

    For tests and operations (docs/operations.md); the archive never creates buckets itself.
    """
    args: dict[str, Any] = {"Bucket": bucket, "ObjectLockEnabledForBucket": True}
    if region and region != "us-east-1":
        args["CreateBucketConfiguration"] = {"LocationConstraint": region}
    store = S3ObjectStore(client, bucket)
    with store._errors("create bucket"):
        try:
            client.create_bucket(**args)
        except ClientError as exc:
            if _code(exc) != "BucketAlreadyOwnedByYou":
                raise
        client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    store.check_bucket()


def _code(exc: ClientError) -> str:
    error = exc.response.get("Error", {})
    code = str(error.get("Code") or "")
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return code or str(status or "")


def _status(exc: ClientError) -> int:
    return int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii")


@dataclass(frozen=True)
class _File:
    rel: str
    path: Path
    size: int


def _scan(staged: Path) -> list[_File]:
    """Every regular file below ``staged``; symlinks and special files are refused."""
    if not staged.is_dir():
        raise InvalidInput(f"nothing to publish: {staged} is not a directory")
    files: list[_File] = []
    for dirpath, dirnames, filenames in os.walk(staged):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath, name)
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                raise InvalidInput(f"refusing to publish a symlink: {path}")
            if name in filenames:
                if not stat.S_ISREG(mode):
                    raise InvalidInput(f"refusing to publish a special file: {path}")
                files.append(_File(path.relative_to(staged).as_posix(), path, path.stat().st_size))
    if not files:
        raise InvalidInput(f"nothing to publish: {staged} holds no file")
    return files


def _marker(files: list[_File]) -> str | None:
    """The completion marker of a tree: its top-level NAMASTE file, else its top-level
    ``inventory.json``; None for other trees (published only onto an empty prefix)."""
    top = [f.rel for f in files if "/" not in f.rel]
    namaste = sorted(name for name in top if name.startswith(_NAMASTE_PREFIX))
    if namaste:
        return namaste[0]
    return _INVENTORY if _INVENTORY in top else None


def _upload_order(files: list[_File], marker: str | None) -> list[_File]:
    """Content first, then the top-level inventory sidecar and inventory, the marker last."""
    rank = {f"{_INVENTORY}.sha512": 1, _INVENTORY: 2}
    if marker is not None:
        rank[marker] = 3
    return sorted(files, key=lambda f: (rank.get(f.rel, 0), f.rel))


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


class S3ObjectStore:
    """ObjectStore on a versioned S3 bucket with Object Lock (see the module docstring)."""

    def __init__(
        self,
        client: Any,
        bucket: str,
        *,
        name: str = "s3",
        endpoint: str | None = None,
        retention_mode: RetentionMode = "COMPLIANCE",
        horizon_years: int = 10,
        part_size: int = 16 * MiB,
    ) -> None:
        if part_size < MIN_PART_SIZE:
            raise ConfigurationError(f"S3 part size must be at least {MIN_PART_SIZE} bytes")
        self.client = client
        self.bucket = bucket
        self.name = name
        self.endpoint = endpoint
        self.retention_mode: RetentionMode = retention_mode
        self.horizon_years = horizon_years
        self.part_size = part_size

    # ------------------------------------------------------------------ reading

    def describe(self) -> str:
        where = f" at {self.endpoint}" if self.endpoint else ""
        return f"s3://{self.bucket}{where}"

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
        files = _scan(staged)
        for item in files:
            self._check_key(f"{prefix}/{item.rel}")
        until = self._until(retain_until)
        marker = _marker(files)
        marker_key = f"{prefix}/{marker}" if marker else None
        if marker_key is None:
            if self.exists(prefix):
                raise ObjectExists(self.name, prefix)
        elif self._head(marker_key) is not None:
            raise ObjectExists(self.name, prefix)
        ours: dict[str, str] = {}
        try:
            for item in _upload_order(files, marker):
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
        self._upload(key, _File(key, path, path.stat().st_size), until, exclusive=False)

    # ------------------------------------------------------------------ locks

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
        versions = self._versions(key)
        current: dict[str, datetime | None] = {}
        for version in versions:
            with self._errors("read retention", key):
                try:
                    found = self.client.get_object_retention(
                        Bucket=self.bucket, Key=key, VersionId=version
                    )
                    current[version] = found["Retention"]["RetainUntilDate"]
                except ClientError as exc:
                    if _code(exc) != "NoSuchObjectLockConfiguration":
                        raise
                    current[version] = None
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
        now = now or datetime.now(UTC)
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

    # ------------------------------------------------------------------ bucket

    def check_bucket(self) -> None:
        """Refuse a bucket that is missing, unversioned or without Object Lock."""
        how = (
            "xem docs/operations.md để tạo bucket có Object Lock / "
            "see docs/operations.md to create a bucket with Object Lock"
        )
        with self._errors("check bucket"):
            versioning = self.client.get_bucket_versioning(Bucket=self.bucket)
            if versioning.get("Status") != "Enabled":
                raise ConfigurationError(
                    f"bucket {self.describe()} không bật versioning / is not versioned; {how}"
                )
            try:
                lock = self.client.get_object_lock_configuration(Bucket=self.bucket)
            except ClientError as exc:
                if _code(exc) != "ObjectLockConfigurationNotFoundError":
                    raise
                lock = {}
        enabled = lock.get("ObjectLockConfiguration", {}).get("ObjectLockEnabled")
        if enabled != "Enabled":
            raise ConfigurationError(
                f"bucket {self.describe()} không bật Object Lock / has no Object Lock; {how}"
            )

    # ------------------------------------------------------------------ internals

    def _check_key(self, key: str) -> str:
        parts = key.split("/")
        if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise InvalidInput(f"invalid storage key {key!r}")
        if len(key.encode("utf-8")) > MAX_KEY_BYTES:
            raise InvalidInput(f"storage key longer than {MAX_KEY_BYTES} bytes: {key[:80]}…")
        return key

    def _until(self, retain_until: datetime | None) -> datetime:
        if retain_until is None:
            return _years_from_now(self.horizon_years)
        if retain_until.tzinfo is None:
            raise InvalidInput("retain_until must carry a time zone")
        if retain_until <= datetime.now(UTC):
            raise InvalidInput(f"retain_until {retain_until.isoformat()} is not in the future")
        return retain_until.astimezone(UTC)

    def _lock_args(self, until: datetime) -> dict[str, Any]:
        return {"ObjectLockMode": self.retention_mode, "ObjectLockRetainUntilDate": until}

    def _head(self, key: str) -> dict[str, Any] | None:
        with self._errors("read", key):
            try:
                head: dict[str, Any] = self.client.head_object(Bucket=self.bucket, Key=key)
            except ClientError as exc:
                if _code(exc) in _NOT_FOUND or _status(exc) == 404:
                    return None
                raise
        return head

    def _versions(self, key: str) -> list[str]:
        """Version ids of ``key`` (delete markers excluded); ObjectNotFound when none."""
        versions: list[str] = []
        paginator = self.client.get_paginator("list_object_versions")
        with self._errors("list versions", key):
            for page in paginator.paginate(Bucket=self.bucket, Prefix=key):
                versions += [
                    str(v["VersionId"]) for v in page.get("Versions", ()) if v["Key"] == key
                ]
        if not versions:
            raise ObjectNotFound(self.name, key)
        return versions

    def _put(self, key: str, data: bytes, until: datetime, *, exclusive: bool) -> str | None:
        digest = hashlib.sha256(data)
        args: dict[str, Any] = {
            "Bucket": self.bucket,
            "Key": key,
            "Body": data,
            "ChecksumSHA256": _b64(digest.digest()),
            "Metadata": {SHA256_META: digest.hexdigest()},
            **self._lock_args(until),
        }
        if exclusive:
            args["IfNoneMatch"] = "*"
        with self._errors("write", key, exclusive=exclusive):
            response = self.client.put_object(**args)
        version = response.get("VersionId")
        return str(version) if version else None

    def _upload(self, key: str, item: _File, until: datetime, *, exclusive: bool) -> str | None:
        if item.size <= self.part_size:
            return self._put(key, item.path.read_bytes(), until, exclusive=exclusive)
        return self._multipart(key, item, until, exclusive=exclusive)

    def _multipart(self, key: str, item: _File, until: datetime, *, exclusive: bool) -> str | None:
        """Streamed multipart upload; each part's SHA-256 is verified by the server."""
        part_size = max(self.part_size, math.ceil(item.size / MAX_PARTS))
        whole = hashlib.sha256()
        with item.path.open("rb") as fh:
            while chunk := fh.read(MiB):
                whole.update(chunk)
        with self._errors("write", key):
            created = self.client.create_multipart_upload(
                Bucket=self.bucket,
                Key=key,
                ChecksumAlgorithm="SHA256",
                Metadata={SHA256_META: whole.hexdigest()},
                **self._lock_args(until),
            )
        upload_id = created["UploadId"]
        try:
            parts: list[dict[str, Any]] = []
            sent = 0
            with item.path.open("rb") as fh:
                while chunk := fh.read(part_size):
                    sent += len(chunk)
                    number = len(parts) + 1
                    checksum = _b64(hashlib.sha256(chunk).digest())
                    with self._errors("write", key):
                        part = self.client.upload_part(
                            Bucket=self.bucket,
                            Key=key,
                            UploadId=upload_id,
                            PartNumber=number,
                            Body=chunk,
                            ChecksumSHA256=checksum,
                        )
                    parts.append(
                        {"PartNumber": number, "ETag": part["ETag"], "ChecksumSHA256": checksum}
                    )
            if sent != item.size:
                raise InvalidInput(f"{item.path} changed while it was uploaded")
            args: dict[str, Any] = {
                "Bucket": self.bucket,
                "Key": key,
                "UploadId": upload_id,
                "MultipartUpload": {"Parts": parts},
            }
            if exclusive:
                args["IfNoneMatch"] = "*"
            with self._errors("write", key, exclusive=exclusive):
                response = self.client.complete_multipart_upload(**args)
        except BaseException:
            with contextlib.suppress(Exception):
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
            raise
        version = response.get("VersionId")
        return str(version) if version else None

    @contextlib.contextmanager
    def _errors(self, action: str, key: str = "", *, exclusive: bool = False) -> Iterator[None]:
        """Translate botocore failures of one request into the archive's error tree."""
        try:
            yield
        except ArchiveError:
            raise
        except ClientError as exc:
            if exclusive and (_code(exc) in _PRECONDITION or _status(exc) == 412):
                raise ObjectExists(self.name, key) from exc
            self._raise_client_error(exc, action, key)
        except (NoCredentialsError, PartialCredentialsError) as exc:
            raise ConfigurationError(
                f"không có thông tin xác thực S3 / no S3 credentials for {self.describe()}: set "
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)"
            ) from exc
        except ParamValidationError:
            raise
        except (BotoCoreError, Urllib3HTTPError, OSError) as exc:
            after = (
                "an interrupted upload stays invisible; retry when the storage is back"
                if action in ("write", "restore")
                else "retry when the storage is back"
            )
            raise Unavailable(
                f"không kết nối được kho S3 {self.describe()} / S3 storage {self.describe()} "
                f"is unreachable ({action} {key or self.bucket}): {exc}; {after}."
            ) from exc

    def _raise_client_error(self, exc: ClientError, action: str, key: str) -> NoReturn:
        code = _code(exc)
        message = exc.response.get("Error", {}).get("Message", "") or code
        where = f"{self.describe()} ({action} {key or self.bucket})"
        if code in _NOT_FOUND or (_status(exc) == 404 and code != "NoSuchBucket"):
            raise ObjectNotFound(self.name, key) from exc
        if code == "NoSuchBucket":
            raise ConfigurationError(
                f"bucket {self.describe()} không tồn tại / does not exist; create it with "
                "versioning and Object Lock (docs/operations.md)"
            ) from exc
        if code in _DENIED:
            raise ConfigurationError(
                f"S3 từ chối / S3 refused {where}: {code}: {message}; check the credentials "
                "(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and the bucket policy"
            ) from exc
        if code in _CORRUPT:
            raise IntegrityFailure(
                f"{where}: the server rejected the upload's checksum ({code}); nothing was "
                "stored for this key, retry"
            ) from exc
        if code == "InvalidRequest" and "lock" in message.lower():
            raise ConfigurationError(
                f"{where}: {message}; the bucket needs Object Lock (docs/operations.md)"
            ) from exc
        if code == "InvalidArgument":
            raise InvalidInput(f"{where}: {message}") from exc
        raise Unavailable(f"S3 error at {where}: {code}: {message}") from exc
