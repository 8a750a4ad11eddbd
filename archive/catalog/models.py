"""Catalog models: Fonds, Dossier, Document, File (the archival description).

Column names are the snake_case forms of the TT 05/2025 element names (see
``archive.catalog.fields`` and docs/metadata-mapping.md). Dates are kept as the law writes them
(``DD/MM/YYYY``); years used for retention are kept separately as integers.
The catalog is derived data: everything here can be rebuilt from the AIPs in storage.
The web accounts' tables (users, tokens, sessions, login limits) are in ``archive.users.models``.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.db.base import Base

__all__ = [
    "Document",
    "Dossier",
    "File",
    "Fonds",
]


class Fonds(Base):
    """Phông lưu trữ: the records of one creating body."""

    __tablename__ = "fonds"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    organ_id: Mapped[str | None] = mapped_column(String(13))

    dossiers: Mapped[list[Dossier]] = relationship(back_populates="fonds")


class Dossier(Base):
    """Hồ sơ: one AIP_hoso, stored as one OCFL object."""

    __tablename__ = "dossiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    fonds_id: Mapped[int | None] = mapped_column(ForeignKey("fonds.id"))
    object_id: Mapped[str] = mapped_column(String(100), unique=True)
    object_version: Mapped[str] = mapped_column(String(10))
    sip_objid: Mapped[str] = mapped_column(String(100))
    package_fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    ingested_at: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20), default="active")
    # Mã hồ sơ and its parts (NĐ30 PL VI: OrganId, FileCatalog, FileNotation).
    file_code: Mapped[str] = mapped_column(String(100), unique=True)
    arc_file_code: Mapped[str] = mapped_column(String(120), unique=True)
    organ_id: Mapped[str] = mapped_column(String(13), index=True)
    file_catalog: Mapped[int] = mapped_column(Integer)
    file_notation: Mapped[str] = mapped_column(String(20))
    # TT05 EAD.xml elements.
    title: Mapped[str] = mapped_column(String(1000))
    maintenance: Mapped[str] = mapped_column(String(2), index=True)
    maintenance_years: Mapped[int | None] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(2), index=True)
    language: Mapped[str] = mapped_column(String(100))
    start_date: Mapped[str] = mapped_column(String(10))
    end_date: Mapped[str] = mapped_column(String(10))
    end_year: Mapped[int] = mapped_column(Integer, index=True)
    keyword: Mapped[str | None] = mapped_column(String(100))
    total_doc: Mapped[int] = mapped_column(Integer)
    number_of_paper: Mapped[int | None] = mapped_column(Integer)
    number_of_page: Mapped[int] = mapped_column(Integer)
    format: Mapped[str | None] = mapped_column(String(2))
    infor_sign: Mapped[str | None] = mapped_column(String(30))
    confidence_level: Mapped[str | None] = mapped_column(String(2))
    paper_file_code: Mapped[str | None] = mapped_column(String(100))
    risk_recovery: Mapped[bool | None] = mapped_column(Boolean)
    risk_recovery_status: Mapped[str | None] = mapped_column(String(2))
    description: Mapped[str | None] = mapped_column(String(2000))
    creator: Mapped[str | None] = mapped_column(String(30))

    fonds: Mapped[Fonds | None] = relationship(back_populates="dossiers")
    documents: Mapped[list[Document]] = relationship(
        back_populates="dossier", order_by="Document.doc_ordinal"
    )
    files: Mapped[list[File]] = relationship(back_populates="dossier", order_by="File.path")


class Document(Base):
    """Tài liệu / văn bản: one document of a dossier, with its EAD_doc metadata."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("dossier_id", "doc_ordinal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    doc_code: Mapped[str] = mapped_column(String(100), unique=True)
    doc_ordinal: Mapped[int] = mapped_column(Integer)
    doc_id: Mapped[str | None] = mapped_column(String(25))
    maintenance: Mapped[str] = mapped_column(String(2))
    maintenance_years: Mapped[int | None] = mapped_column(Integer)
    type_name: Mapped[str] = mapped_column(String(2), index=True)
    code_number: Mapped[str | None] = mapped_column(String(11))
    code_notation: Mapped[str | None] = mapped_column(String(30))
    issued_date: Mapped[str] = mapped_column(String(10))
    issued_year: Mapped[int] = mapped_column(Integer, index=True)
    organ_name: Mapped[str] = mapped_column(String(200), index=True)
    subject: Mapped[str] = mapped_column(String(500))
    language: Mapped[str] = mapped_column(String(100))
    number_of_page: Mapped[int] = mapped_column(Integer)
    infor_sign: Mapped[str | None] = mapped_column(String(30))
    keyword: Mapped[str | None] = mapped_column(String(100))
    mode: Mapped[str] = mapped_column(String(2), index=True)
    confidence_level: Mapped[str | None] = mapped_column(String(2))
    autograph: Mapped[str | None] = mapped_column(String(2000))
    format: Mapped[str | None] = mapped_column(String(2))
    risk_recovery: Mapped[bool | None] = mapped_column(Boolean)
    risk_recovery_status: Mapped[str | None] = mapped_column(String(2))
    process: Mapped[bool | None] = mapped_column(Boolean)
    description: Mapped[str | None] = mapped_column(String(500))
    # NĐ 30/2020 Phụ lục VI input fields, when the source system sends them.
    signer_position: Mapped[str | None] = mapped_column(String(100))
    signer_full_name: Mapped[str | None] = mapped_column(String(50))
    recipients: Mapped[str | None] = mapped_column(String(2000))
    priority: Mapped[int | None] = mapped_column(Integer)
    issued_amount: Mapped[int | None] = mapped_column(Integer)
    due_date: Mapped[str | None] = mapped_column(String(10))
    arrival_date: Mapped[str | None] = mapped_column(String(10))
    arrival_number: Mapped[int | None] = mapped_column(Integer)
    to_places: Mapped[str | None] = mapped_column(String(1000))

    dossier: Mapped[Dossier] = relationship(back_populates="documents")
    files: Mapped[list[File]] = relationship(back_populates="document")


class File(Base):
    """One file of an AIP: an original, or a metadata file the archive wrote."""

    __tablename__ = "files"
    __table_args__ = (UniqueConstraint("dossier_id", "path", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # original | metadata | submission
    path: Mapped[str] = mapped_column(String(1000))  # logical path inside the AIP
    original_name: Mapped[str | None] = mapped_column(String(1000))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    sha512: Mapped[str] = mapped_column(String(128))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    format_name: Mapped[str | None] = mapped_column(String(100))
    format_puid: Mapped[str | None] = mapped_column(String(30))
    store: Mapped[str] = mapped_column(String(50))
    content_path: Mapped[str] = mapped_column(String(1000))  # OCFL content path
    version: Mapped[str] = mapped_column(String(10))

    dossier: Mapped[Dossier] = relationship(back_populates="files")
    document: Mapped[Document | None] = relationship(back_populates="files")


# --------------------------------------------------------------------------------------------
# Retention, holds, disposal and transfer to the historical archive (issue #7).
# Dossiers are named by arcFileCode (not a foreign key): these rows outlive the dossier rows a
# destruction removes.

__all__ += [
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
