"""The filing tray (văn bản chờ lập hồ sơ): listing with filters, one document in full."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from archive.db.engine import unit_of_work
from archive.edxml.models import TrayDocument
from archive.errors import NotFound
from archive.services import Services

__all__ = ["TrayFilter", "list_tray", "show_tray"]

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
        )
    with archive.ocfl.open_logical(data["object_id"], "process/trace.json") as fh:
        data["trace"] = json.loads(fh.read())
    return data
