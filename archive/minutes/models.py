"""The catalog of minutes: one row per minutes object, so that a procedure finds its minutes."""

from __future__ import annotations

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from archive.db.base import Base

__all__ = ["Minutes"]


class Minutes(Base):
    """Minutes (biên bản) kept as the record object ``object_id`` (minutes.pdf, signed, and
    minutes.json); written once, never changed."""

    __tablename__ = "minutes"
    __table_args__ = (
        UniqueConstraint("form", "procedure_kind", "procedure_code", "number"),
        Index("ix_minutes_procedure", "procedure_kind", "procedure_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    object_id: Mapped[str] = mapped_column(String(200), unique=True)
    form: Mapped[str] = mapped_column(String(30))
    procedure_kind: Mapped[str] = mapped_column(String(30))
    procedure_code: Mapped[str] = mapped_column(String(100))
    number: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    place: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[str] = mapped_column(String(10))  # ISO date
    written_at: Mapped[str] = mapped_column(String(40))
    written_by: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(10))  # the OCFL version holding it
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    json_sha256: Mapped[str] = mapped_column(String(64))
