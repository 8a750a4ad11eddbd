"""The S3 store's common ground: limits, key checks, lock arguments, HEAD and version
listings, and the translation of botocore failures into the archive's error tree."""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, Final, Literal, NoReturn

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    NoCredentialsError,
    ParamValidationError,
    PartialCredentialsError,
)
from urllib3.exceptions import HTTPError as Urllib3HTTPError

from archive.clock import utc_now
from archive.errors import (
    ArchiveError,
    ConfigurationError,
    IntegrityFailure,
    InvalidInput,
    ObjectExists,
    ObjectNotFound,
    Unavailable,
)

__all__ = ["MAX_PARTS", "MIN_PART_SIZE", "SHA256_META", "MiB", "RetentionMode", "S3Base"]

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


def years_from_now(years: int, now: datetime | None = None) -> datetime:
    """``now`` (default: the current time, UTC) plus ``years`` (29 February → 28)."""
    now = now or utc_now()
    try:
        return now.replace(year=now.year + years)
    except ValueError:  # 29 February
        return now.replace(year=now.year + years, day=28)


def error_code(exc: ClientError) -> str:
    """The S3 error code of ``exc``, else its HTTP status."""
    error = exc.response.get("Error", {})
    code = str(error.get("Code") or "")
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return code or str(status or "")


def _status(exc: ClientError) -> int:
    return int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)


def b64(digest: bytes) -> str:
    """Base64 of a binary digest (S3 checksum headers)."""
    return base64.b64encode(digest).decode("ascii")


class S3Base:
    """Client, bucket and lock settings of an S3 store, and the helpers every part uses."""

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

    def describe(self) -> str:
        where = f" at {self.endpoint}" if self.endpoint else ""
        return f"s3://{self.bucket}{where}"

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
                if error_code(exc) != "ObjectLockConfigurationNotFoundError":
                    raise
                lock = {}
        enabled = lock.get("ObjectLockConfiguration", {}).get("ObjectLockEnabled")
        if enabled != "Enabled":
            raise ConfigurationError(
                f"bucket {self.describe()} không bật Object Lock / has no Object Lock; {how}"
            )

    def _check_key(self, key: str) -> str:
        parts = key.split("/")
        if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise InvalidInput(f"invalid storage key {key!r}")
        if len(key.encode("utf-8")) > MAX_KEY_BYTES:
            raise InvalidInput(f"storage key longer than {MAX_KEY_BYTES} bytes: {key[:80]}…")
        return key

    def _until(self, retain_until: datetime | None) -> datetime:
        if retain_until is None:
            return years_from_now(self.horizon_years)
        if retain_until.tzinfo is None:
            raise InvalidInput("retain_until must carry a time zone")
        if retain_until <= utc_now():
            raise InvalidInput(f"retain_until {retain_until.isoformat()} is not in the future")
        return retain_until.astimezone(UTC)

    def _lock_args(self, until: datetime) -> dict[str, Any]:
        return {"ObjectLockMode": self.retention_mode, "ObjectLockRetainUntilDate": until}

    def _head(self, key: str) -> dict[str, Any] | None:
        with self._errors("read", key):
            try:
                head: dict[str, Any] = self.client.head_object(Bucket=self.bucket, Key=key)
            except ClientError as exc:
                if error_code(exc) in _NOT_FOUND or _status(exc) == 404:
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

    @contextlib.contextmanager
    def _errors(self, action: str, key: str = "", *, exclusive: bool = False) -> Iterator[None]:
        """Translate botocore failures of one request into the archive's error tree."""
        try:
            yield
        except ArchiveError:
            raise
        except ClientError as exc:
            if exclusive and (error_code(exc) in _PRECONDITION or _status(exc) == 412):
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
        code = error_code(exc)
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
