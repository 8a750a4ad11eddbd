"""The filing tray (văn bản chờ lập hồ sơ): listing with filters, one document in full."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.db.engine import unit_of_work
from archive.edxml.models import TrayDocument
from archive.errors import NotFound
from archive.services import Services

__all__ = ["TrayFilter", "document_links", "list_tray", "related", "show_tray"]

_LIMIT = 500


@dataclass(frozen=True)
class TrayFilter:
    """What to list: by sender (organ id or part of its name), date range, type, state."""

    sender: str = ""
    since: date | None = None
    until: date | None = None
    type_name: str = ""
    state: str = "received"  # received | filed | withdrawn | all
    limit: int = _LIMIT


def _row(r: TrayDocument) -> dict[str, Any]:
    return {
        "code": r.code,
        "state": r.state,
        "document_identifier": r.document_identifier,
        "sender_id": r.sender_id,
        "sender_name": r.sender_name,
        "code_number": r.code_number,
        "code_notation": r.code_notation,
        "issued_on": r.issued_on,
        "type_name": r.type_name,
        "subject": r.subject,
        "business_type": r.business_type,
        "related_identifier": r.related_identifier,
        "received_at": r.received_at,
        "signed": r.signed,
        "attachments": len(json.loads(r.attachments_json)),
        "object_id": r.object_id,
    }


def list_tray(archive: Services, where: TrayFilter) -> list[dict[str, Any]]:
    """Tray documents matching ``where``, newest issue date first (at most ``limit``)."""
    query = select(TrayDocument)
    if where.state != "all":
        query = query.where(TrayDocument.state == where.state)
    if where.sender:
        pattern = f"%{where.sender}%"
        query = query.where(
            (TrayDocument.sender_id == where.sender) | TrayDocument.sender_name.ilike(pattern)
        )
    if where.since:
        query = query.where(TrayDocument.issued_on >= where.since.isoformat())
    if where.until:
        query = query.where(TrayDocument.issued_on <= where.until.isoformat())
    if where.type_name:
        query = query.where(TrayDocument.type_name.ilike(where.type_name))
    query = query.order_by(TrayDocument.issued_on.desc(), TrayDocument.id.desc())
    with unit_of_work(archive.sessions) as session:
        rows = session.scalars(query.limit(max(1, min(where.limit, _LIMIT)))).all()
        return [_row(r) for r in rows]


def show_tray(archive: Services, code: str) -> dict[str, Any]:
    """One tray document with its mapped metadata, attachments, findings and trace."""
    with unit_of_work(archive.sessions) as session:
        row = session.scalars(select(TrayDocument).where(TrayDocument.code == code)).first()
        if row is None:
            raise NotFound(
                f"không có văn bản {code} trong khay chờ lập hồ sơ / no document {code} in the "
                "filing tray"
            )
        data = _row(row)
        data.update(
            metadata=json.loads(row.metadata_json),
            attachments=json.loads(row.attachments_json),
            findings=json.loads(row.findings_json),
            received_by=row.received_by,
            filed_dossier=row.filed_dossier,
            filed_documents=json.loads(row.filed_documents_json or "[]"),
            recall_state=row.recall_state,
            recall_hold_id=row.recall_hold_id,
        )
        data.update(related(session, row))
    with archive.ocfl.open_logical(data["object_id"], "process/trace.json") as fh:
        data["trace"] = json.loads(fh.read())
    return data


def _link(r: TrayDocument) -> dict[str, Any]:
    docs = json.loads(r.filed_documents_json or "[]")
    return {
        "code": r.code,
        "state": r.state,
        "business_type": r.business_type,
        "document_identifier": r.document_identifier,
        "doc_codes": [d["doc_code"] for d in docs if d.get("doc_code")],
    }


def related(session: Session, row: TrayDocument) -> dict[str, Any]:
    """The update/replacement links of a row: the document it updates or replaces
    (``related``) and the documents that update or replace it (``related_by``)."""
    target = None
    if row.related_identifier and row.business_type in ("update", "replacement"):
        target = session.scalars(
            select(TrayDocument)
            .where(TrayDocument.document_identifier == row.related_identifier)
            .where(TrayDocument.code != row.code)
            .order_by(TrayDocument.id)
        ).first()
    later = session.scalars(
        select(TrayDocument)
        .where(TrayDocument.related_identifier == row.document_identifier)
        .where(TrayDocument.business_type.in_(("update", "replacement")))
        .where(TrayDocument.code != row.code)
        .order_by(TrayDocument.id)
    ).all()
    return {
        "related": _link(target) if target is not None else None,
        "related_by": [_link(r) for r in later],
    }


def document_links(session: Session, arc_file_code: str, doc_code: str) -> dict[str, Any] | None:
    """What the tray knows about a filed document (its page shows it): its envelope's tray
    code, the recall state and the update/replacement links; None if it came from no envelope."""
    rows = session.scalars(
        select(TrayDocument).where(TrayDocument.filed_dossier == arc_file_code)
    ).all()
    for row in rows:
        docs = json.loads(row.filed_documents_json or "[]")
        if any(d.get("doc_code") == doc_code for d in docs):
            return {
                "code": row.code,
                "document_identifier": row.document_identifier,
                "state": row.state,
                "recall_state": row.recall_state,
                "recall_hold_id": row.recall_hold_id,
                "business_type": row.business_type,
                **related(session, row),
            }
    return None
