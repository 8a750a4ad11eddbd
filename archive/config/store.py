"""The settings of where things are kept: home, catalog, storage, replica, fixity, agency."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import BaseSettings

from archive.home import DEFAULT_HOME

__all__ = ["StoreMedia", "StoreSettings"]


class StoreMedia(BaseModel):
    """The media a store is kept on, for the migration rule of TT 05/2025 Chương V."""

    model_config = {"extra": "forbid", "frozen": True}

    media: str = Field(min_length=1, description="What the media are (e.g. 'HDD RAID 6').")
    in_service: date = Field(description="When they went into service (YYYY-MM-DD).")
    rated_years: int = Field(ge=1, le=100, description="Their rated lifetime, in years.")

    def end_of_life(self) -> date:
        """The end of the rated lifetime (29 February falls back to the 28th)."""
        year = self.in_service.year + self.rated_years
        try:
            return self.in_service.replace(year=year)
        except ValueError:
            return self.in_service.replace(year=year, day=28)

    def migration_due(self) -> date:
        """One year before the end of life: the law's latest start of the migration."""
        end = self.end_of_life()
        try:
            return end.replace(year=end.year - 1)
        except ValueError:
            return end.replace(year=end.year - 1, day=28)


class StoreSettings(BaseSettings):
    """The settings of where things are kept: home, catalog, storage, replica, fixity, agency."""

    home: Path = Field(
        default=DEFAULT_HOME,
        description="Data directory: catalog (SQLite), storage root, staging area.",
    )
    environment: Literal["development", "production"] = Field(
        default="development",
        description="'production' refuses demo defaults (agency code, demo PKI).",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the catalog; default sqlite:///<home>/catalog.sqlite3. "
        "PostgreSQL: postgresql+psycopg://user@host/db.",
    )
    storage_backend: Literal["local", "s3"] = Field(
        default="local", description="Object store for AIPs: 'local' (write-once files) or 's3'."
    )
    storage_root: Path | None = Field(
        default=None, description="OCFL storage root of the local backend; default <home>/store."
    )
    s3_endpoint_url: str | None = Field(
        default=None,
        description="S3 endpoint of the s3 backend (MinIO, Ceph RGW, SeaweedFS…); unset: AWS "
        "S3 in s3_region. Credentials come from boto3's standard variables (AWS_ACCESS_KEY_ID…).",
    )
    s3_bucket: str = Field(
        default="",
        description="Bucket holding the OCFL storage root; must be versioned with Object Lock. "
        "Required when storage_backend is 's3'.",
    )
    s3_region: str = Field(default="us-east-1", description="Region of the S3 bucket.")
    s3_addressing_style: Literal["path", "virtual", "auto"] = Field(
        default="path",
        description="S3 URL style: 'path' (endpoint/bucket/key, works everywhere) or 'virtual' "
        "(bucket.endpoint/key).",
    )
    s3_retention_mode: Literal["COMPLIANCE", "GOVERNANCE"] = Field(
        default="COMPLIANCE",
        description="Object Lock mode of every stored object version; COMPLIANCE cannot be "
        "lifted by anyone before the retention date.",
    )
    s3_permanent_horizon_years: int = Field(
        default=10,
        ge=1,
        description="Object Lock retention, in years from today, given to objects without a "
        "dossier retention date (permanent records); the preservation job extends it.",
    )
    s3_part_size_mib: int = Field(
        default=16,
        ge=5,
        le=5120,
        description="Files larger than this (MiB) are uploaded in parts of this size.",
    )
    s3_max_attempts: int = Field(
        default=5, ge=1, description="Attempts per S3 request before it fails (with back-off)."
    )
    s3_timeout_s: float = Field(
        default=60.0, gt=0, description="S3 connect and read timeout, in seconds."
    )
    replica_backend: Literal["none", "local", "s3"] = Field(
        default="none",
        description="Second, independent copy of every object (TT05: two copies on separate "
        "media): 'none', 'local' (replica_root) or 's3' (replica_s3_*).",
    )
    replica_root: Path | None = Field(
        default=None,
        description="OCFL storage root of a local replica; must be on other media than "
        "storage_root. Required when replica_backend is 'local'.",
    )
    replica_s3_endpoint_url: str | None = Field(
        default=None, description="S3 endpoint of an s3 replica; unset: AWS S3."
    )
    replica_s3_bucket: str = Field(
        default="",
        description="Bucket of an s3 replica (versioned, Object Lock); required when "
        "replica_backend is 's3'.",
    )
    replica_s3_region: str = Field(default="us-east-1", description="Region of the replica bucket.")
    replica_s3_profile: str | None = Field(
        default=None,
        description="AWS profile (~/.aws) with the replica's credentials; unset: the same "
        "credentials as the primary store.",
    )
    replication: Literal["sync", "deferred"] = Field(
        default="sync",
        description="'sync': ingest (and archive ocr run) write the replica too; 'deferred': "
        "'archive replicate' catches up (run it from cron).",
    )
    fixity_cadence_days: int = Field(
        default=365,
        ge=1,
        le=1095,
        description="A full fixity pass of the primary store is due every this many days.",
    )
    replica_fixity_cadence_days: int = Field(
        default=1095,
        ge=1,
        le=1095,
        description="A full fixity pass of the replica is due every this many days (the law's "
        "ceiling is 3 years).",
    )
    fixity_rate_mb_s: float = Field(
        default=0.0,
        ge=0,
        description="Default read rate limit of 'archive fixity run' in MB/s; 0: unlimited.",
    )
    agency_code: str = Field(
        default="000.00.00.H99",
        description="Mã cơ quan lưu trữ: identifier of the archive's own agency, prefixed to "
        "fileCode to form arcFileCode. Must be set in production.",
    )
    agency_name: str = Field(
        default="Lưu trữ cơ quan (mẫu)", description="Name of the archive's agency (PREMIS agent)."
    )
    agency_place: str = Field(
        default="Hà Nội",
        description="Địa danh: the place the agency's minutes are drawn up in, printed before "
        "their date ('Hà Nội, ngày … tháng … năm …'; docs/minutes.md).",
    )
    store_media: dict[str, StoreMedia] = Field(
        default_factory=dict,
        description="The media of each store (by store name: 'local', 'replica', …): what they "
        "are, when they went into service and their rated lifetime in years. TT 05/2025 Chương "
        "V: migration is due at least 1 year before the end ('archive due' reports it).",
    )
    sqlite_busy_timeout_s: float = Field(
        default=60.0, description="How long a SQLite writer waits for the lock, in seconds."
    )

    @field_validator("agency_code")
    @classmethod
    def _check_agency_code(cls, value: str) -> str:
        from archive.identifiers import ORGAN_ID_RE

        if not ORGAN_ID_RE.fullmatch(value):
            raise ValueError(
                f"agency_code {value!r} is not a 13-character organ identifier DDD.DD.DD.XNN"
            )
        return value
