"""The settings of destruction (TT 05/2025 Ch. VII, docs/retention.md): the composition of the
Hội đồng xét hủy and the agencies whose destruction needs the appraisal of the state archives
authority."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings

from archive.config.values import MiB

__all__ = ["DisposalSettings"]


class DisposalSettings(BaseSettings):
    """The council's composition and the deposit source list (ADR 0022)."""

    disposal_council_min_members: int = Field(
        default=5,
        ge=3,
        le=50,
        description="Fewest members of the Hội đồng xét hủy (chair and secretary included) "
        "before it may conclude its review; a review concludes only when at least this many "
        "members, and more than half of the council, have given their opinion (ADR 0022).",
    )
    disposal_deposit_sources: list[str] = Field(
        default_factory=list,
        description="Agency codes (agency_code, a dossier's organ id) and fonds codes of the "
        "agencies in the list of sources that deposit records at the historical archives "
        "(nguồn nộp lưu): a destruction of their records needs the appraisal of the state "
        "archives authority (thẩm định) attached before the head decides.",
    )
    disposal_max_upload_bytes: int = Field(
        default=20 * MiB,
        ge=1024,
        le=1024 * MiB,
        description="Largest document (the signed decision, an appraisal) the disposal pages "
        "accept in one upload; a larger request is refused before it is read.",
    )
    disposal_list_duplicates_at_ingest: bool = Field(
        default=True,
        description='List a dossier "Xem xét hủy" as it is ingested when the ingest gate '
        "finds every one of its originals already kept by an earlier dossier with a retention "
        "at least as long (DUP002); off, duplicates wait for the yearly review.",
    )
