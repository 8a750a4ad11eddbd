"""Read-only catalog queries used by the CLI, the web and the core services."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from archive.audit.models import Event, EventLink
from archive.catalog.codes import effective_mode
from archive.catalog.models import Document, Dossier, File

__all__ = [
    "catalog_counts",
    "dossier_mode",
    "event_trail",
    "find_document",
    "find_dossier",
    "list_dossiers",
    "secret_documents",
]


def dossier_mode(dossier: Dossier) -> str:
    """The strictest access mode of a dossier and of every document it holds: a document's own
    mode wins over its dossier's (docs/domain.md §5.5), so a Công khai (01) dossier holding a
    Mật (03) document is listed, planned and transferred as Mật."""
    return effective_mode(dossier.mode, *(d.mode for d in dossier.documents))


def list_dossiers(session: Session) -> list[Dossier]:
    """Every dossier (with its documents, for ``dossier_mode``), newest ingest first."""
    return list(
        session.scalars(
            select(Dossier)
            .options(selectinload(Dossier.documents))
            .order_by(Dossier.ingested_at.desc(), Dossier.id.desc())
        )
    )


def find_dossier(session: Session, code: str) -> Dossier | None:
    """A dossier by arcFileCode or fileCode, with its documents and files loaded."""
    return session.scalar(
        select(Dossier)
        .where((Dossier.arc_file_code == code) | (Dossier.file_code == code))
        .options(selectinload(Dossier.documents), selectinload(Dossier.files))
    )


def find_document(session: Session, doc_code: str) -> Document | None:
    """A document by docCode, with its dossier and files loaded."""
    return session.scalar(
        select(Document)
        .where(Document.doc_code == doc_code)
        .options(selectinload(Document.files), selectinload(Document.dossier))
    )


def event_trail(session: Session, identifiers: list[str]) -> list[Event]:
    """Events naming any of ``identifiers`` (or paths below them), oldest first."""
    clauses = [EventLink.identifier == i for i in identifiers]
    clauses += [EventLink.identifier.like(f"{i}/%") for i in identifiers]
    seqs = select(EventLink.event_seq).where(or_(*clauses))
    return list(session.scalars(select(Event).where(Event.seq.in_(seqs)).order_by(Event.seq)))


def catalog_counts(session: Session) -> dict[str, int]:
    """How much the catalog holds."""
    return {
        "dossiers": session.scalar(select(func.count(Dossier.id))) or 0,
        "documents": session.scalar(select(func.count(Document.id))) or 0,
        "files": session.scalar(select(func.count(File.id))) or 0,
        "bytes": session.scalar(select(func.coalesce(func.sum(File.size), 0))) or 0,
        "events": session.scalar(select(func.count(Event.seq))) or 0,
    }


def secret_documents(session: Session) -> int:
    """How many documents are Mật (03), by their own mode or their dossier's (docs/secrets.md)."""
    return (
        session.scalar(
            select(func.count(Document.id))
            .join(Document.dossier)
            .where(or_(Document.mode == "03", Dossier.mode == "03"))
        )
        or 0
    )
