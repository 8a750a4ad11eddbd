"""The settings of the ingest gate: limits, virus check, formats, review."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings

from archive.config.values import GiB, MiB

__all__ = ["GateSettings"]


class GateSettings(BaseSettings):
    """The settings of the ingest gate: limits, virus check, formats, review."""

    max_package_bytes: int = Field(
        default=50 * GiB, description="Largest total unpacked size of one package, in bytes."
    )
    max_file_bytes: int = Field(
        default=20 * GiB, description="Largest single file inside a package, in bytes."
    )
    max_entries: int = Field(default=20_000, description="Most entries in one package zip.")
    max_compression_ratio: float = Field(
        default=200.0,
        description="Largest uncompressed/compressed ratio of a zip entry (zip-bomb guard); "
        "entries under 1 MiB are exempt.",
    )
    max_xml_bytes: int = Field(
        default=16 * MiB, description="Largest metadata XML file accepted, in bytes."
    )
    ingest_refuse_active_content: bool = Field(
        default=False,
        description="Refuse a package whose PDFs carry JavaScript, launch actions or embedded "
        "files, or cannot be scanned for them (PDF002-PDF005); off: they are warnings.",
    )
    ingest_short_retention: Literal["refuse", "warn"] = Field(
        default="refuse",
        description="A dossier kept under 5 years (NĐ 30/2020 Đ31 k3 c: it stays with the "
        "unit): 'refuse' the package (RET001 an error) or only 'warn'.",
    )
    digitized_policy: Literal["warn", "refuse"] = Field(
        default="warn",
        description="Digitized documents below the scan standard (DIG002-005): warn or refuse.",
    )
    virus_scanner: Literal["clamd", "clamscan", "off"] | None = Field(
        default=None,
        description="Virus check of every package before it is stored: 'clamd', 'clamscan' or "
        "'off' (on purpose). Unset: off in development, ingest refused in production.",
    )
    clamd_socket: Path = Field(
        default=Path("/var/run/clamav/clamd.ctl"), description="Unix socket of clamd."
    )
    clamav_database: Path | None = Field(
        default=None,
        description="ClamAV signature folder (clamscan's --database; its versions are recorded); "
        "unset: ClamAV's default, /var/lib/clamav.",
    )
    format_policy: dict[str, Literal["acceptable", "at-risk", "refused"]] = Field(
        default_factory=dict,
        description="PRONOM PUID → acceptable | at-risk | refused, over the default table of "
        "archive/packages/formatpolicy.py (docs/ingest-gate.md).",
    )
    format_unlisted: Literal["acceptable", "at-risk", "refused"] = Field(
        default="at-risk", description="Class of a PUID in no table, and of unidentified files."
    )
    secret_records: Literal["refuse", "isolated"] = Field(
        default="refuse",
        description="Records of access mode 03 (Mật, state secrets; docs/secrets.md): 'refuse' "
        "a package holding one (SEC001), or 'isolated': this instance is kept off every "
        "network, accepts them, and its web page listens on loopback only.",
    )
    ingest_review: bool = Field(
        default=False,
        description="Hold each valid package 'Chờ tiếp nhận' until 'archive review' decides.",
    )
    ingest_workers: int = Field(
        default=0,
        ge=0,
        le=256,
        description="Processes that validate the PDF signatures of packages at ingest, while "
        "this process stores and catalogues (archive ingest --jobs): 0 = one per core; 1 = no "
        "pool, every PDF validated in the ingest process itself.",
    )
    review_days: int = Field(
        default=60, ge=1, description="Days a package may await review before it is overdue."
    )

    @property
    def isolated(self) -> bool:
        """Whether this instance is the isolated one that may keep state secrets."""
        return self.secret_records == "isolated"  # noqa: S105  (a profile's name, no password)
