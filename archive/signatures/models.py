"""Signature models: each signature of an original as last validated, and each original's
latest validation with its protection horizon and the claims of ``archive preserve run``.

Rows are read back from the validation reports stored in the AIP (docs/signatures.md); files
and documents are named by foreign key to the catalog's ``files`` and ``documents``.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from archive.db.base import Base

__all__ = ["FileValidation", "Signature"]


class Signature(Base):
    """One signature or document timestamp of an original, as last validated."""

    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("files.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    field: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # personal | organisation | timestamp
    signer_subject: Mapped[str] = mapped_column(String(1000))
    signer_serial: Mapped[str] = mapped_column(String(100))
    issuer: Mapped[str] = mapped_column(String(1000))
    claimed_signing_time: Mapped[str | None] = mapped_column(String(40))
    timestamp_time: Mapped[str | None] = mapped_column(String(40))
    pades_level: Mapped[str] = mapped_column(String(20))
    indication: Mapped[str] = mapped_column(String(20), index=True)
    subindication: Mapped[str | None] = mapped_column(String(60))
    trusted: Mapped[bool] = mapped_column(Boolean)
    revocation_status: Mapped[str] = mapped_column(String(20))
    modification_level: Mapped[str | None] = mapped_column(String(30))
    not_after: Mapped[str | None] = mapped_column(String(40))
    validated_at: Mapped[str] = mapped_column(String(40))


class FileValidation(Base):
    """The latest signature validation of an original file, and its protection horizon."""

    __tablename__ = "file_validations"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("files.id"), unique=True)
    validated_at: Mapped[str] = mapped_column(String(40), index=True)
    bottom_line: Mapped[str] = mapped_column(String(20), index=True)
    report_path: Mapped[str] = mapped_column(String(1000))
    report_version: Mapped[str] = mapped_column(String(10))
    horizon: Mapped[str | None] = mapped_column(String(40), index=True)
    pades_level: Mapped[str | None] = mapped_column(String(20))
    # Set once the file has been superseded by an augmented (B-LTA) or renewed copy.
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("files.id"))
    # Work claims of `archive preserve run` workers (safe with several at once).
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[str | None] = mapped_column(String(40))
