"""What the retention services need from an archive home, and shared helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from archive.audit.chain import AgentRef
from archive.catalog.models import Document, Dossier
from archive.config import Settings
from archive.errors import NotFound
from archive.retention.dates import Retention, due_date, longest, retention_of
from archive.storage.ocfl import OcflRoot, object_path

__all__ = [
    "RetentionContext",
    "dossier_due",
    "dossier_retention",
    "load_dossier",
    "now_iso",
    "object_prefix",
]


@dataclass(frozen=True)
class RetentionContext:
    """Settings, catalog sessions, OCFL root and the software agent of one archive home."""

    settings: Settings
    sessions: sessionmaker[Session]
    ocfl: OcflRoot
    software: AgentRef


def now_iso() -> str:
    """The current time, ISO 8601 UTC with microseconds (as the audit log writes it)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def object_prefix(object_id: str) -> str:
    """Storage prefix of an OCFL object."""
    return object_path(object_id)


def load_dossier(session: Session, code: str) -> Dossier:
    """A dossier by arcFileCode or fileCode, with documents and files; NotFound names the code."""
    dossier = session.scalar(
        select(Dossier)
        .where((Dossier.arc_file_code == code) | (Dossier.file_code == code))
        .options(
            selectinload(Dossier.documents).selectinload(Document.files),
            selectinload(Dossier.files),
            selectinload(Dossier.fonds),
        )
    )
    if dossier is None:
        raise NotFound(f"không có hồ sơ mã {code} / no dossier with code {code} (see 'archive ls')")
    return dossier


def dossier_retention(dossier: Dossier) -> Retention:
    """The longest retention of the dossier and its documents (LLT 2024 Đ15 k4)."""
    own = retention_of(dossier.maintenance, dossier.maintenance_years)
    docs = [retention_of(d.maintenance, d.maintenance_years) for d in dossier.documents]
    return longest([own, *docs])


def dossier_due(dossier: Dossier) -> str | None:
    """Review date (DD/MM/YYYY) of a dossier's longest retention; None when permanent."""
    due = due_date(dossier.end_year, dossier_retention(dossier))
    return None if due is None else due.strftime("%d/%m/%Y")
