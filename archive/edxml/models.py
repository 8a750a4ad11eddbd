"""The filing tray (văn bản chờ lập hồ sơ): documents received over the Trục liên thông.

Each row points at the OCFL object that keeps the envelope verbatim, its decoded attachments,
the trace history and ``tray.json`` (the row's content); the row is an index of that object.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from archive.db.base import Base

__all__ = ["TrayDocument"]


class TrayDocument(Base):
    """A received document waiting to be filed into a dossier (or filed, or withdrawn)."""

    __tablename__ = "tray_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    state: Mapped[str] = mapped_column(String(20), index=True)  # received | filed | withdrawn
    object_id: Mapped[str] = mapped_column(String(200), unique=True)
    envelope_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    document_identifier: Mapped[str] = mapped_column(String(100), index=True)
    sender_id: Mapped[str] = mapped_column(String(20), index=True)
    sender_name: Mapped[str] = mapped_column(String(200))
    code_number: Mapped[str] = mapped_column(String(20))
    code_notation: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[str] = mapped_column(String(10), index=True)  # ISO date
    type_name: Mapped[str] = mapped_column(String(100), index=True)
    subject: Mapped[str] = mapped_column(String(500))
    business_type: Mapped[str] = mapped_column(String(20))  # new | recall | update | replacement
    related_identifier: Mapped[str | None] = mapped_column(String(100))
    received_at: Mapped[str] = mapped_column(String(32), index=True)
    received_by: Mapped[str] = mapped_column(String(200))
    signed: Mapped[str] = mapped_column(String(20))  # valid | unsigned
    metadata_json: Mapped[str] = mapped_column(Text)  # EAD_doc fields mapped from the header
    attachments_json: Mapped[str] = mapped_column(Text)
    findings_json: Mapped[str] = mapped_column(Text, default="[]")
    filed_dossier: Mapped[str | None] = mapped_column(String(100), index=True)  # arcFileCode
    # [{"attachment": "attachments/001-…", "doc_code": arcDocCode}] once filed (0022)
    filed_documents_json: Mapped[str | None] = mapped_column(Text)
    # A recall of a filed document: pending (frozen, the archivist decides) | accepted | refused
    recall_state: Mapped[str | None] = mapped_column(String(20), index=True)
    recall_hold_id: Mapped[int | None] = mapped_column(Integer)
