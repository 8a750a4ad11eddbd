"""Opening the S3 store: the boto3 client, the store of the settings (bucket checked), and
``ensure_bucket`` for tests and operations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from archive.errors import ConfigurationError
from archive.storage.s3.base import MiB, error_code
from archive.storage.s3.store import S3ObjectStore

if TYPE_CHECKING:
    from archive.config import Settings

__all__ = ["ensure_bucket", "make_client", "open_s3_store"]


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
            if error_code(exc) != "BucketAlreadyOwnedByYou":
                raise
        client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    store.check_bucket()
