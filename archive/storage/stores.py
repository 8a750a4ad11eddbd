"""Which stores an archive has: the primary (``storage_backend``) and, when configured, the
replica (``replica_backend``), the second independent copy TT05 Ch. V asks for.

The S3 backend (boto3) is imported only when configured: start-up time of local archives."""

from __future__ import annotations

from pathlib import Path

from archive.config import Settings
from archive.errors import ConfigurationError
from archive.storage.api import ObjectStore
from archive.storage.local import LocalObjectStore

__all__ = ["PRIMARY", "REPLICA", "open_primary", "open_replica"]

PRIMARY = "primary"
REPLICA = "replica"


def open_primary(settings: Settings) -> ObjectStore:
    """The primary store (its name stays the backend's: 'local' or 's3')."""
    if settings.storage_backend == "s3":
        from archive.storage.s3 import open_s3_store

        return open_s3_store(settings)
    return LocalObjectStore(settings.resolved_storage_root, "local")


def open_replica(settings: Settings, *, create: bool = False) -> ObjectStore | None:
    """The replica store, named 'replica', or None when none is configured."""
    if settings.replica_backend == "none":
        return None
    if settings.replica_backend == "s3":
        from archive.storage.s3 import open_s3_store

        if not settings.replica_s3_bucket:
            raise ConfigurationError(
                "cần đặt ARCHIVE_REPLICA_S3_BUCKET khi ARCHIVE_REPLICA_BACKEND=s3 / "
                "ARCHIVE_REPLICA_S3_BUCKET must be set when ARCHIVE_REPLICA_BACKEND=s3"
            )
        replica = settings.model_copy(
            update={
                "s3_endpoint_url": settings.replica_s3_endpoint_url,
                "s3_bucket": settings.replica_s3_bucket,
                "s3_region": settings.replica_s3_region,
            }
        )
        return open_s3_store(replica, name=REPLICA, profile=settings.replica_s3_profile)
    if settings.replica_root is None:
        raise ConfigurationError(
            "cần đặt ARCHIVE_REPLICA_ROOT khi ARCHIVE_REPLICA_BACKEND=local / "
            "ARCHIVE_REPLICA_ROOT must be set when ARCHIVE_REPLICA_BACKEND=local"
        )
    root = settings.replica_root.resolve()
    if settings.storage_backend == "local" and _overlaps(root, settings.resolved_storage_root):
        raise ConfigurationError(
            f"bản sao {root} trùng với kho chính / the replica root {root} overlaps the primary "
            f"storage root {settings.resolved_storage_root}: put it on other media"
        )
    if create:
        root.mkdir(parents=True, exist_ok=True)
    elif not root.is_dir():
        raise ConfigurationError(
            f"không thấy kho bản sao {root} / replica root {root} does not exist: mount it or "
            "run 'archive init' to create it"
        )
    return LocalObjectStore(root, REPLICA)


def _overlaps(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)
