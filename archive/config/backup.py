"""The settings of the backup sets (TT 05/2025 Chương V: daily incremental and monthly full
sets of the catalog and the configuration, with a manifest of the store; docs/operations.md,
"Backups")."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings

__all__ = ["BackupSettings"]


class BackupSettings(BaseSettings):
    """Where the backup sets go and how many are kept."""

    backup_backend: Literal["none", "local", "s3"] = Field(
        default="none",
        description="Where backup sets are written: 'none', 'local' (backup_root, a directory "
        "on other media than the stores) or 's3' (backup_s3_bucket/backup_s3_prefix). "
        "Required in production.",
    )
    backup_root: Path | None = Field(
        default=None,
        description="Directory of the backup sets; required when backup_backend is 'local'.",
    )
    backup_s3_endpoint_url: str | None = Field(
        default=None, description="S3 endpoint of an s3 backup target; unset: AWS S3."
    )
    backup_s3_bucket: str = Field(
        default="",
        description="Bucket of an s3 backup target (plain, versioning optional: sets are "
        "pruned and purged of destroyed records); required when backup_backend is 's3'.",
    )
    backup_s3_prefix: str = Field(
        default="backups/", description="Key prefix of the backup sets in backup_s3_bucket."
    )
    backup_s3_region: str = Field(default="us-east-1", description="Region of the backup bucket.")
    backup_s3_profile: str | None = Field(
        default=None,
        description="AWS profile (~/.aws) with the backup bucket's credentials; unset: boto3's "
        "standard credentials.",
    )
    backup_keep_daily: int = Field(
        default=35,
        ge=1,
        le=3660,
        description="How many incremental (daily) sets are kept; older ones are deleted after "
        "a successful run.",
    )
    backup_keep_monthly: int = Field(
        default=36,
        ge=1,
        le=1200,
        description="How many full (monthly) sets are kept (36: the full sets of 3 years); a "
        "full set that a kept incremental builds on is always kept.",
    )
