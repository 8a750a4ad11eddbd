"""Recall (thu hồi) of a received document that is still in the tray (docs/edxml.md,
"Recall"): a ``Status`` envelope with StatusCode 13, or a document envelope with
BussinessDocType 1, naming the DocumentId of a document waiting in the tray.

The document is withdrawn: a new version of its record object adds ``withdrawal/`` (the recall
envelope byte for byte and ``withdrawal.json``), then its row's state becomes ``withdrawn``, an
``edxml withdrawn`` event is appended, and reply 15 (đồng ý thu hồi) is written. A recall of a
document the tray does not hold as waiting (unknown, or already filed) is answered 16 (từ chối),
with the reason. Nothing is deleted: the envelope stays in storage, the row in the tray.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.clock import catalog_time
from archive.db.engine import unit_of_work
from archive.edxml.header import Envelope
from archive.edxml.models import TrayDocument
from archive.edxml.status import About, Sender, write_status
from archive.services import Services
from archive.storage.ocfl import discard

__all__ = ["Recall", "recall", "recalled_id"]


@dataclass(frozen=True)
class Recall:
    """What a recall did: the tray code withdrawn ('' if none), the reply code and file."""

    code: str
    reply_code: str
    reply: str
    reason: str


def recalled_id(env: Envelope) -> str:
    """The DocumentId a recall names ('' when the envelope is not a recall)."""
    if env.kind == "status" and str(env.header.get("StatusCode")) == "13":
        target = env.header.get("ResponseFor")
        return str(target.get("DocumentId", "")) if isinstance(target, dict) else ""
    if env.kind == "document" and env.business_type == "recall":
        return str(env.business.get("DocumentId", "") or env.document_id)
    return ""


def _about(row: TrayDocument | None, document_id: str, env: Envelope) -> About:
    if row is not None:
        meta = json.loads(row.metadata_json)
        return About(
            row.sender_id,
            row.code_number,
            row.code_notation,
            meta.get("issuedDate", ""),
            row.document_identifier,
        )
    sender = env.header.get("From")
    organ = str(sender.get("OrganId", "")) if isinstance(sender, dict) else ""
    return About(organ, "", "", "", document_id)


def recall(archive: Services, env: Envelope, path: Path, me: Sender, agent: AgentRef) -> Recall:
    """Withdraw the named document from the tray if it waits there; answer 15 or 16."""
    document_id = recalled_id(env)
    with unit_of_work(archive.sessions) as session:
        row = session.scalars(
            select(TrayDocument).where(TrayDocument.document_identifier == document_id)
        ).first()
        state = row.state if row is not None else ""
        object_id, code = (row.object_id, row.code) if row is not None else ("", "")
        about = _about(row, document_id, env)
    if state != "received":
        reason = (
            f"Không có văn bản {document_id} chờ lập hồ sơ (trạng thái: {state or 'không có'}) / "
            f"no document {document_id} waiting in the tray (state: {state or 'none'})"
        )
        reply = write_status(archive.settings.resolved_exchange_outbox, about, "16", reason, me)
        return Recall("", "16", str(reply), reason)
    _store_withdrawal(archive, object_id, path, document_id, agent)
    with unit_of_work(archive.sessions) as session:
        row = session.scalars(select(TrayDocument).where(TrayDocument.code == code)).one()
        row.state = "withdrawn"
        append_events(
            session,
            [
                NewEvent(
                    event_type="edxml withdrawn",
                    detail=f"{code}: {document_id} ({path.name})",
                    agents=[agent, software_agent()],
                    objects=[(object_id, "outcome")],
                )
            ],
        )
    reply = write_status(archive.settings.resolved_exchange_outbox, about, "15", "", me)
    return Recall(code, "15", str(reply), "")


def _store_withdrawal(
    archive: Services, object_id: str, path: Path, document_id: str, agent: AgentRef
) -> None:
    """Version of the record object that holds the recall envelope and its note."""
    note = {"document_identifier": document_id, "recall": path.name, "at": catalog_time()}
    job = archive.settings.staging_dir / f"edxml-recall-{os.getpid()}-{uuid.uuid4().hex}"
    job.mkdir(parents=True)
    try:
        archive.ocfl.add_version(
            object_id,
            job,
            {
                "withdrawal/envelope.xml": path,
                "withdrawal/withdrawal.json": (
                    json.dumps(note, ensure_ascii=False, indent=2) + "\n"
                ).encode(),
            },
            created=note["at"],
            message="edXML recall: document withdrawn from the tray",
            user_name=agent.name,
            user_address=f"urn:archive:agent:{agent.identifier}",
        )
    finally:
        discard(job)
