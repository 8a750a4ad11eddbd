"""Catalog models: Fonds, Dossier, Document, File, Agent, Event.

Column names are the snake_case forms of the TT 05/2025 element names (see
``archive.catalog.fields`` and docs/metadata-mapping.md). Dates are kept as the law writes them
(``DD/MM/YYYY``); years used for retention are kept separately as integers.
The catalog is derived data: everything here can be rebuilt from the AIPs in storage.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.db.base import Base

__all__ = [
    "Agent",
    "ApiToken",
    "AuditHead",
    "Document",
    "Dossier",
    "Event",
    "EventLink",
    "File",
    "Fonds",
    "User",
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


class Agent(Base):
    """PREMIS agent: a person, an organisation or a piece of software."""

    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    identifier: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    agent_type: Mapped[str] = mapped_column(String(30))  # person | organization | software
    note: Mapped[str | None] = mapped_column(String(500))


class Event(Base):
    """PREMIS event, one link of the append-only hash-chained audit log.

    ``entry_hash`` = SHA-256 over the canonical JSON of every other column and ``prev_hash``;
    agents and linked objects are part of the hashed JSON. Database triggers refuse UPDATE and
    DELETE on this table.
    """

    __tablename__ = "events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    event_id: Mapped[str] = mapped_column(String(60), unique=True)
    event_type: Mapped[str] = mapped_column(String(60), index=True)
    occurred_at: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(20))
    outcome_detail: Mapped[str] = mapped_column(Text)
    agents_json: Mapped[str] = mapped_column(Text)
    objects_json: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


class EventLink(Base):
    """Index from an object identifier (dossier, document, file) to the events naming it.

    Derived from ``Event.objects_json``; kept for fast audit-trail queries.
    """

    __tablename__ = "event_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_seq: Mapped[int] = mapped_column(ForeignKey("events.seq"), index=True)
    identifier: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(30))


class AuditHead(Base):
    """The single row naming the last link of the chain; locked to append (FOR UPDATE)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))


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


# --------------------------------------------------------------------------- web users (issue #6)


class User(Base):
    """A person who logs in to the web page or the JSON API, with one role (archive.users)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(30))
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, PHC string
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[str] = mapped_column(String(40))


class ApiToken(Base):
    """A bearer token of the JSON API; only the SHA-256 of the token is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[str] = mapped_column(String(40))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
