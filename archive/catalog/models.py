"""Catalog models: Fonds, Dossier, Document, File (the archival description).

Column names are the snake_case forms of the TT 05/2025 element names (see
``archive.catalog.fields`` and docs/metadata-mapping.md). Dates are kept as the law writes them
(``DD/MM/YYYY``); years used for retention are kept separately as integers.
The catalog is derived data: everything here can be rebuilt from the AIPs in storage.
The other domains keep their tables in their own ``models.py`` (audit, signatures, holdings,
evidence, retention, users), on the same ``Base``; ``archive.schema`` imports them all.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.db.base import Base

__all__ = ["Document", "Dossier", "File", "Fonds"]


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
    # What identified the format (siegfried and its PRONOM release) and the format's version;
    # a PDF/A claim and whether the file bears it out (0010).
    format_version: Mapped[str | None] = mapped_column(String(50))
    format_tool: Mapped[str | None] = mapped_column(String(200))
    pdfa: Mapped[str | None] = mapped_column(String(300))
    store: Mapped[str] = mapped_column(String(50))
    content_path: Mapped[str] = mapped_column(String(1000))  # OCFL content path
    version: Mapped[str] = mapped_column(String(10))

    dossier: Mapped[Dossier] = relationship(back_populates="files")
    document: Mapped[Document | None] = relationship(back_populates="files")
