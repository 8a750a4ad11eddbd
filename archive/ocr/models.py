"""The OCR work of each document: whether it needs a rendition, the rendition made, and the
claims of ``archive ocr run`` workers (several at once, crash-safe).

A row is the catalog's memory of work done; the renditions themselves are in storage (their
manifests, ``metadata/preservation/ocr/<docCode>.json``), and ``archive rebuild`` brings the
``done`` rows back from them. ``not_needed`` rows (the original has a text layer) and failures
are not stored: after a rebuild the next run looks again.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from archive.db.base import Base

__all__ = ["OcrJob"]


class OcrJob(Base):
    """One document's OCR state: ``pending`` (claimed or due), ``done``, ``not_needed``,
    ``failed``."""

    __tablename__ = "ocr_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("files.id"))
    rendition_file_id: Mapped[int | None] = mapped_column(ForeignKey("files.id"))
    pages: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float | None] = mapped_column(Float)
    message: Mapped[str | None] = mapped_column(String(1000))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[str] = mapped_column(String(40))
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[str | None] = mapped_column(String(40))
