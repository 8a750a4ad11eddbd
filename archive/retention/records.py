"""What is kept of a dossier whose bytes go (destroyed after a disposal decision, or deleted after
the historical archive accepted it): metadata, digests and evidence; and the removal of its
catalog rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from archive.catalog.models import Document, Dossier, File
from archive.catalog.queries import event_trail
from archive.holdings.models import ObjectCopy
from archive.signatures.models import FileValidation, Signature

__all__ = ["record_of", "remove_rows"]


def _evidence(session: Session, dossier: Dossier) -> dict[str, Any]:
    file_ids = [f.id for f in dossier.files]
    validations = session.scalars(
        select(FileValidation).where(FileValidation.file_id.in_(file_ids))
    ).all()
    signatures = session.scalars(select(Signature).where(Signature.file_id.in_(file_ids))).all()
    ids = [dossier.arc_file_code, *(d.doc_code for d in dossier.documents)]
    return {
        "validations": [
            {
                "file": v.file_id,
                "validatedAt": v.validated_at,
                "bottomLine": v.bottom_line,
                "report": v.report_path,
                "horizon": v.horizon,
            }
            for v in validations
        ],
        "signatures": [
            {
                "file": s.file_id,
                "kind": s.kind,
                "signer": s.signer_subject,
                "serial": s.signer_serial,
                "indication": s.indication,
                "level": s.pades_level,
            }
            for s in signatures
        ],
        "events": [
            {
                "seq": e.seq,
                "eventId": e.event_id,
                "type": e.event_type,
                "at": e.occurred_at,
                "outcome": e.outcome,
                "entryHash": e.entry_hash,
            }
            for e in event_trail(session, ids)
        ],
    }


def record_of(session: Session, dossier: Dossier, context: dict[str, Any]) -> dict[str, Any]:
    """What is kept of a dossier whose bytes go: metadata, digests, evidence."""

    def row(obj: object, skip: tuple[str, ...] = ()) -> dict[str, Any]:
        table = obj.__table__  # type: ignore[attr-defined]
        return {c.name: getattr(obj, c.key) for c in table.columns if c.name not in skip}

    return {
        **context,
        "dossier": row(dossier, ("id", "fonds_id")),
        "documents": [row(doc, ("id", "dossier_id")) for doc in dossier.documents],
        "files": [
            {
                "path": f.path,
                "role": f.role,
                "size": f.size,
                "sha256": f.sha256,
                "sha512": f.sha512,
                "version": f.version,
                "contentPath": f.content_path,
            }
            for f in dossier.files
        ],
        "evidence": _evidence(session, dossier),
    }


def remove_rows(session: Session, dossier: Dossier) -> None:
    """Remove a dossier's catalog rows (files, signatures, validations, documents)."""
    file_ids = [f.id for f in dossier.files]
    if file_ids:
        session.execute(delete(Signature).where(Signature.file_id.in_(file_ids)))
        session.execute(delete(FileValidation).where(FileValidation.file_id.in_(file_ids)))
        session.execute(delete(File).where(File.id.in_(file_ids)))
    session.execute(delete(ObjectCopy).where(ObjectCopy.object_id == dossier.object_id))
    session.execute(delete(Document).where(Document.dossier_id == dossier.id))
    session.execute(delete(Dossier).where(Dossier.id == dossier.id))
