"""Retention models: the retention schedule, holds, the disposal procedure (lists, items,
opinions, attachments, council, destruction records) and transfers to the historical archive
(docs/retention.md).

Dossiers are named by arcFileCode (not a foreign key): these rows outlive the dossier rows a
destruction removes. ``Transfer`` is kept here, not in ``archive.transfer``, because retention
reads it (due dates) and retention never imports transfer (tests/test_architecture.py).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.db.base import Base

__all__ = [
    "CouncilMember",
    "DestructionRecord",
    "DisposalAttachment",
    "DisposalItem",
    "DisposalList",
    "DisposalOpinion",
    "Hold",
    "RetentionRule",
    "Transfer",
]


class RetentionRule(Base):
    """One row of the retention schedule: a group of records and how long they are kept."""

    __tablename__ = "retention_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    group_name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(1000))
    maintenance: Mapped[str] = mapped_column(String(2))
    maintenance_years: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(300))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(String(1000))


class Hold(Base):
    """A hold (freeze) on a dossier: while active it cannot be destroyed, transferred or deleted."""

    __tablename__ = "holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    arc_file_code: Mapped[str] = mapped_column(String(120), index=True)
    reason: Mapped[str] = mapped_column(String(2000))
    placed_by: Mapped[str] = mapped_column(String(200))
    placed_at: Mapped[str] = mapped_column(String(40))
    released_by: Mapped[str | None] = mapped_column(String(200))
    released_at: Mapped[str | None] = mapped_column(String(40))
    release_reason: Mapped[str | None] = mapped_column(String(2000))


class CouncilMember(Base):
    """A member of the Hội đồng xét hủy (role ``council``) or the head of the agency (``head``)."""

    __tablename__ = "council_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[str] = mapped_column(String(40))


class DisposalList(Base):
    """Danh mục tài liệu hết giá trị: one yearly review, its decision and its execution."""

    __tablename__ = "disposal_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))  # review | approved | rejected | executed
    object_id: Mapped[str] = mapped_column(String(100))  # OCFL object of the list's documents
    proposed_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[str] = mapped_column(String(40))
    decision_number: Mapped[str | None] = mapped_column(String(50))
    decision_date: Mapped[str | None] = mapped_column(String(10))
    decision_path: Mapped[str | None] = mapped_column(String(300))
    decision_sha256: Mapped[str | None] = mapped_column(String(64))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[str | None] = mapped_column(String(40))
    executed_by: Mapped[str | None] = mapped_column(String(200))
    executed_at: Mapped[str | None] = mapped_column(String(40))
    # The council's conclusion (its minutes): the vote, who closed the review, and the minutes
    # kept in the list's object (ADR 0022). None until the council concludes.
    council_result: Mapped[str | None] = mapped_column(String(10))  # destroy | keep
    council_agree: Mapped[int | None] = mapped_column(Integer)
    council_votes: Mapped[int | None] = mapped_column(Integer)
    council_size: Mapped[int | None] = mapped_column(Integer)
    council_closed_by: Mapped[str | None] = mapped_column(String(200))
    council_closed_at: Mapped[str | None] = mapped_column(String(40))
    council_minutes_path: Mapped[str | None] = mapped_column(String(300))

    items: Mapped[list[DisposalItem]] = relationship(
        back_populates="disposal_list", order_by="DisposalItem.id"
    )


class DisposalItem(Base):
    """A dossier on a disposal list ("Xem xét hủy"), with the values the law's list shows."""

    __tablename__ = "disposal_items"
    __table_args__ = (UniqueConstraint("list_id", "arc_file_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("disposal_lists.id"), index=True)
    arc_file_code: Mapped[str] = mapped_column(String(120), index=True)
    reason: Mapped[str] = mapped_column(String(20))  # expired | duplicate
    reason_text: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(30))  # Xem xét hủy | Đã hủy | Giữ lại
    title: Mapped[str] = mapped_column(String(1000))
    maintenance: Mapped[str] = mapped_column(String(2))
    maintenance_years: Mapped[int | None] = mapped_column(Integer)
    total_doc: Mapped[int] = mapped_column(Integer)
    number_of_page: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(String(500))

    disposal_list: Mapped[DisposalList] = relationship(back_populates="items")


class DisposalOpinion(Base):
    """A council member's opinion on a disposal list, recorded in the system."""

    __tablename__ = "disposal_opinions"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("disposal_lists.id"), index=True)
    member: Mapped[str] = mapped_column(String(200))
    vote: Mapped[str] = mapped_column(String(10))  # agree | disagree
    comment: Mapped[str | None] = mapped_column(String(2000))
    recorded_at: Mapped[str] = mapped_column(String(40))


class DisposalAttachment(Base):
    """A document of the procedure (appraisal, decision), stored in the list's OCFL object."""

    __tablename__ = "disposal_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("disposal_lists.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # appraisal | decision
    name: Mapped[str] = mapped_column(String(300))
    path: Mapped[str] = mapped_column(String(500))  # logical path in the list's object
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[str] = mapped_column(String(40))


class DestructionRecord(Base):
    """The permanent record of one destroyed dossier (append-only, kept after the bytes go)."""

    __tablename__ = "destruction_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("disposal_lists.id"), index=True)
    arc_file_code: Mapped[str] = mapped_column(String(120), unique=True)
    object_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(1000))
    decision_number: Mapped[str] = mapped_column(String(50))
    destroyed_by: Mapped[str] = mapped_column(String(200))
    destroyed_at: Mapped[str] = mapped_column(String(40))
    record_path: Mapped[str] = mapped_column(String(500))  # in the list's OCFL object
    record_sha256: Mapped[str] = mapped_column(String(64))
    files_json: Mapped[str] = mapped_column(Text)  # [{path, size, sha256, sha512}]
    # What was erased where: {holder: keys removed} (primary, replica, other holders).
    erased_json: Mapped[str | None] = mapped_column(Text)


class Transfer(Base):
    """One dossier's transfer to the historical archive (Lưu trữ lịch sử)."""

    __tablename__ = "transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    arc_file_code: Mapped[str] = mapped_column(String(120), unique=True)
    request_code: Mapped[str] = mapped_column(String(100), index=True)
    state: Mapped[str] = mapped_column(String(20))  # registered|exported|accepted|returned|…
    registered_at: Mapped[str] = mapped_column(String(40))
    exported_at: Mapped[str | None] = mapped_column(String(40))
    package_name: Mapped[str | None] = mapped_column(String(300))
    package_sha256: Mapped[str | None] = mapped_column(String(64))
    answered_at: Mapped[str | None] = mapped_column(String(40))
    answer_reason: Mapped[str | None] = mapped_column(String(2000))
    deleted_at: Mapped[str | None] = mapped_column(String(40))
