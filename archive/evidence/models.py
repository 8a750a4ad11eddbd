"""Evidence models: RFC 4998 evidence-record batches and the index of the files they cover
(ADR 0006).

Both tables are derived from the batch objects in storage (``archive.evidence.store.index_batch``
rebuilds them).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from archive.db.base import Base

__all__ = ["EvidenceBatch", "EvidenceRecordRow"]


class EvidenceBatch(Base):
    """One Merkle batch: one OCFL object holding its evidence records, one TSA request each.

    ``object_version`` moves on with each renewal (a new OCFL version of the batch object);
    the protection horizon says when the next renewal is due.
    """

    __tablename__ = "evidence_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_id: Mapped[str] = mapped_column(String(100), unique=True)
    object_version: Mapped[str] = mapped_column(String(10))
    # planned: claimed before its object is published (a crash leaves only this row, which the
    # next build adopts or drops); sealed: object stored and records indexed.
    status: Mapped[str] = mapped_column(String(10), index=True)
    created_at: Mapped[str] = mapped_column(String(40))
    leaf_count: Mapped[int] = mapped_column(Integer)
    algorithm: Mapped[str] = mapped_column(String(20))  # digest algorithm of the newest chain
    chains: Mapped[int] = mapped_column(Integer)
    timestamps: Mapped[int] = mapped_column(Integer)
    last_timestamp_at: Mapped[str] = mapped_column(String(40))
    tsa: Mapped[str] = mapped_column(String(1000))
    tsa_not_after: Mapped[str | None] = mapped_column(String(40))
    signature_algorithm: Mapped[str] = mapped_column(String(40))
    horizon: Mapped[str | None] = mapped_column(String(40), index=True)
    audit_from: Mapped[int | None] = mapped_column(Integer)  # events covered by this batch
    audit_to: Mapped[int | None] = mapped_column(Integer)
    # Files of fresh revocation data kept in the batch (revinfo/…), for the next batch to cover.
    revinfo_files: Mapped[int] = mapped_column(Integer, default=0)


class EvidenceRecordRow(Base):
    """Index of one covered file: where its evidence record is kept. Append-only."""

    __tablename__ = "evidence_records"
    __table_args__ = (UniqueConstraint("target_object", "path", "target_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("evidence_batches.id"), index=True)
    leaf_index: Mapped[int] = mapped_column(Integer)
    target_object: Mapped[str] = mapped_column(String(100), index=True)  # OCFL object id
    target_version: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(1000))  # logical path in the target object
    role: Mapped[str] = mapped_column(String(20))  # original | preservation | metadata | audit…
    file_id: Mapped[int | None] = mapped_column(ForeignKey("files.id"), index=True)
    digest: Mapped[str] = mapped_column(String(128))  # hex, algorithm of the first chain
    record_path: Mapped[str] = mapped_column(String(100))  # logical path in the batch object
