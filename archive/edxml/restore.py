"""The filing tray again from storage (``archive rebuild``): each ``urn:archive:edxml:…``
object's ``tray.json`` gives its row back.

What comes back: every column, as intake wrote it; the time and person of receipt from the
object's first version (``created``, ``user``); the state ``withdrawn`` when a later version
holds ``withdrawal/withdrawal.json`` (archive.edxml.recall); ``filed``, with its dossier and
document codes, when it holds ``filing/filing.json`` (archive.edxml.filing); the recall of a
filed document from ``recall/recall.json`` and ``recall/decision.json`` (accepted: withdrawn).
Else ``received``.
"""

from __future__ import annotations

import json
from typing import Any, Final

from sqlalchemy.orm import Session

from archive.edxml.models import TrayDocument
from archive.storage.ocfl import OcflRoot

__all__ = ["EDXML_PREFIX", "restore_tray_document"]

EDXML_PREFIX: Final = "urn:archive:edxml:"
"""OCFL ids of received envelopes (archive.edxml.intake.object_id_for)."""


def _part(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _note(ocfl: OcflRoot, object_id: str, head: dict[str, Any], logical: str) -> dict[str, Any]:
    """A JSON note of the object's head version ({} when it has none)."""
    if not any(logical in paths for paths in head.values()):
        return {}
    with ocfl.open_logical(object_id, logical) as fh:
        note: dict[str, Any] = json.loads(fh.read())
    return note


def restore_tray_document(session: Session, ocfl: OcflRoot, object_id: str) -> TrayDocument:
    """Add the tray row of the envelope object ``object_id``, from its ``tray.json``."""
    with ocfl.open_logical(object_id, "tray.json", "v1") as fh:
        record: dict[str, Any] = json.loads(fh.read())
    inventory = ocfl.inventory(object_id)
    first = inventory["versions"]["v1"]
    head = inventory["versions"][inventory["head"]]["state"]
    withdrawn = any("withdrawal/withdrawal.json" in paths for paths in head.values())
    filing = _note(ocfl, object_id, head, "filing/filing.json")
    recall = _note(ocfl, object_id, head, "recall/recall.json")
    decision = _note(ocfl, object_id, head, "recall/decision.json")
    header = record.get("header", {})
    meta = record.get("ead_doc", {})
    row = TrayDocument(
        code=record["code"],
        state=(
            "withdrawn"
            if withdrawn or decision.get("decision") == "accepted"
            else "filed"
            if filing
            else "received"
        ),
        object_id=object_id,
        envelope_sha256=record["envelope_sha256"],
        document_identifier=record.get("document_identifier", ""),
        sender_id=str(_part(header, "From").get("OrganId", "")),
        sender_name=meta.get("organName", ""),
        code_number=meta.get("codeNumber", ""),
        code_notation=meta.get("codeNotation", ""),
        issued_on=record.get("issued_on", ""),
        type_name=str(_part(header, "DocumentType").get("TypeName", "")),
        subject=meta.get("subject", ""),
        business_type=record.get("business_type", "new"),
        related_identifier=record.get("related_identifier"),
        received_at=str(first.get("created", "")),
        received_by=str(first.get("user", {}).get("name", "")),
        signed=record.get("signed", "unsigned"),
        metadata_json=json.dumps(meta, ensure_ascii=False),
        attachments_json=json.dumps(record.get("attachments", []), ensure_ascii=False),
        findings_json=json.dumps(record.get("findings", []), ensure_ascii=False),
        filed_dossier=filing.get("dossier"),
        filed_documents_json=json.dumps(filing["documents"]) if filing else None,
        recall_state=(decision.get("decision") or "pending") if recall else None,
        recall_hold_id=recall.get("hold"),
    )
    session.add(row)
    session.flush()
    return row
