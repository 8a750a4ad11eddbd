"""Review tables: packages waiting for the archivist's decision, and the receipts written."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from archive.db.base import Base

__all__ = ["PendingPackage", "Receipt"]


class PendingPackage(Base):
    """A package submitted for review: "Chờ tiếp nhận" until accepted or returned.

    Its files wait in ``<home>/pending/<code>/`` with a manifest of their SHA-256; the row is
    the only record that they wait (nothing of them is in the store or the holdings)."""

    __tablename__ = "pending_packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    state: Mapped[str] = mapped_column(String(20), index=True)  # pending | accepted | returned
    source: Mapped[str] = mapped_column(String(1000))
    sip_objid: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    file_code: Mapped[str] = mapped_column(String(100), index=True)
    arc_file_code: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(1000))
    agency: Mapped[str] = mapped_column(String(500))
    request_code: Mapped[str | None] = mapped_column(String(200))
    registered_docs: Mapped[int | None] = mapped_column(Integer)
    received_docs: Mapped[int] = mapped_column(Integer)
    files: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(BigInteger)
    submitted_at: Mapped[str] = mapped_column(String(32), index=True)
    submitted_by: Mapped[str] = mapped_column(String(200))
    due_at: Mapped[str] = mapped_column(String(32))
    findings: Mapped[str] = mapped_column(Text, default="[]")  # JSON, at submission
    decided_at: Mapped[str | None] = mapped_column(String(32))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    object_id: Mapped[str | None] = mapped_column(String(100))


class Receipt(Base):
    """A receipt kept as a record object: biên bản giao nhận (accepted) or phiếu trả lại."""

    __tablename__ = "receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    pending_id: Mapped[int] = mapped_column(ForeignKey("pending_packages.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # accepted | returned
    object_id: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[str] = mapped_column(String(32))
    json_sha256: Mapped[str] = mapped_column(String(64))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
