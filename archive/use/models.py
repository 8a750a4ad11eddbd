"""Requests to use a conditional record (mode 02) and the grants their approval gives."""

from __future__ import annotations

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from archive.db.base import Base

__all__ = ["UseRequest"]


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
