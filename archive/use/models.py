"""Requests to use a conditional record (mode 02) and the grants their approval gives; the
reading and plain copies made for a person."""

from __future__ import annotations

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from archive.db.base import Base

__all__ = ["Copy", "UseRequest"]


class UseRequest(Base):
    """One person's request for one document, with its purpose; approved for a period (the
    grant, until ``valid_until``), refused with a reason, or expired."""

    __tablename__ = "use_requests"
    __table_args__ = (Index("ix_use_requests_requester_record", "requester", "record"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record: Mapped[str] = mapped_column(String(120))  # docCode
    requester: Mapped[str] = mapped_column(String(100))  # users.name
    purpose: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), index=True)  # pending|approved|refused|expired
    requested_at: Mapped[str] = mapped_column(String(32))
    decided_at: Mapped[str | None] = mapped_column(String(32))
    decided_by: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)  # of a refusal
    valid_until: Mapped[str | None] = mapped_column(String(32))


class Copy(Base):
    """A reading copy (bản đọc, TT 05/2025 Đ37) or a plain copy (bản sao không xác thực, Đ40)
    of one document's original, made for one person: a derivative kept in the home's private
    working area (``file``), never in storage, open until ``valid_until`` and deleted
    (``deleted_at``) some days after (docs/use.md)."""

    __tablename__ = "copies"
    __table_args__ = (Index("ix_copies_holder_record", "holder", "record"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)  # reading|plain
    record: Mapped[str] = mapped_column(String(120))  # docCode
    holder: Mapped[str] = mapped_column(String(100))  # users.name
    issued_at: Mapped[str] = mapped_column(String(32))
    valid_until: Mapped[str] = mapped_column(String(32), index=True)
    deleted_at: Mapped[str | None] = mapped_column(String(32))
    file: Mapped[str] = mapped_column(String(80))  # its name in the working area
    filename: Mapped[str] = mapped_column(String(255))  # as offered to the holder
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
