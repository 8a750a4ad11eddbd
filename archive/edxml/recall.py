"""Recall (thu hồi) of a received document that is still in the tray (docs/edxml.md,
"Recall"): a ``Status`` envelope with StatusCode 13, or a document envelope with
BussinessDocType 1, naming the DocumentId of a document waiting in the tray.

The document is withdrawn: a new version of its record object adds ``withdrawal/`` (the recall
envelope byte for byte and ``withdrawal.json``), then its row's state becomes ``withdrawn``, an
``edxml withdrawn`` event is appended, and reply 15 (đồng ý thu hồi) is written. A recall of a
document the tray does not hold as waiting (unknown, or already filed) is answered 16 (từ chối),
with the reason. Nothing is deleted: the envelope stays in storage, the row in the tray.

A recall of a document already filed into a dossier (docs/edxml.md, "Recall of an archived
document"; ADR 0025) freezes the dossier under a hold (archive.retention.holds), keeps the
recall envelope in a version of the envelope's object (``recall/``), marks the row's recall
``pending`` (shown in ``archive due`` and on the document's page) and sends no reply yet: the
archivist decides (:func:`decide_recall`). Accepted: the document is marked withdrawn, the hold
stays, reply 15. Refused: the hold is released, reply 16.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.clock import catalog_time
from archive.db.engine import unit_of_work
from archive.edxml.header import Envelope
from archive.edxml.models import TrayDocument
from archive.edxml.replies import about_row, send_reply
from archive.edxml.status import About, Sender, write_status
from archive.errors import Conflict, InvalidInput, NotFound
from archive.retention.holds import place_hold, release_hold
from archive.services import Services
from archive.storage.ocfl import discard

__all__ = ["RECALL_NOTE", "Recall", "decide_recall", "recall", "recalled_id"]

RECALL_NOTE = "recall/recall.json"
"""The note of a recall of a filed document (archive.edxml.restore reads it)."""


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
        return about_row(row)
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
        # One recall per filed document: after the archivist's decision, another is answered
        # 16 (ADR 0025), and one pending already waits for its decision.
        first_recall = row is not None and row.recall_state is None
        dossier = row.filed_dossier if row is not None else None
    if state == "filed" and dossier and first_recall:
        return _freeze(archive, code, object_id, dossier, path, document_id, agent)
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
    files: dict[str, bytes | Path] = {
        "withdrawal/envelope.xml": path,
        "withdrawal/withdrawal.json": _json(note),
    }
    _version(archive, object_id, files, "edXML recall: document withdrawn from the tray", agent)


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def _version(
    archive: Services,
    object_id: str,
    files: dict[str, bytes | Path],
    message: str,
    agent: AgentRef,
) -> None:
    """A new version of the envelope's record object adding ``files``."""
    job = archive.settings.staging_dir / f"edxml-recall-{os.getpid()}-{uuid.uuid4().hex}"
    job.mkdir(parents=True)
    try:
        archive.ocfl.add_version(
            object_id,
            job,
            files,
            created=catalog_time(),
            message=message,
            user_name=agent.name,
            user_address=f"urn:archive:agent:{agent.identifier}",
        )
    finally:
        discard(job)


def _freeze(
    archive: Services,
    code: str,
    object_id: str,
    dossier: str,
    path: Path,
    document_id: str,
    agent: AgentRef,
) -> Recall:
    """A recall of a filed document: hold its dossier, keep the recall, wait for the archivist."""
    reason = (
        f"Yêu cầu thu hồi văn bản {document_id} ({code}) / recall of document {document_id} "
        f"({code}): {path.name}"
    )
    hold = place_hold(archive, dossier, reason, agent)
    note = {
        "document_identifier": document_id,
        "dossier": dossier,
        "hold": hold.id,
        "recall": path.name,
        "at": catalog_time(),
    }
    files: dict[str, bytes | Path] = {"recall/envelope.xml": path, RECALL_NOTE: _json(note)}
    _version(archive, object_id, files, "edXML recall of a filed document: frozen", agent)
    with unit_of_work(archive.sessions) as session:
        row = session.scalars(select(TrayDocument).where(TrayDocument.code == code)).one()
        row.recall_state = "pending"
        row.recall_hold_id = hold.id
        append_events(
            session,
            [
                NewEvent(
                    event_type="edxml recall received",
                    detail=f"{code}: {document_id} in {dossier}, hold {hold.id} ({path.name})",
                    agents=[agent, software_agent()],
                    objects=[(object_id, "source"), (dossier, "outcome")],
                )
            ],
        )
    return Recall(code, "", "", reason)


def decide_recall(
    archive: Services, code: str, accept: bool, reason: str, agent: AgentRef
) -> dict[str, Any]:
    """The archivist's decision on a pending recall: 15 (accepted) or 16 (refused)."""
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("cần nêu lý do / a reason is required (--reason)")
    with unit_of_work(archive.sessions) as session:
        row = session.scalars(select(TrayDocument).where(TrayDocument.code == code)).first()
        if row is None:
            raise NotFound(
                f"không có văn bản {code} trong khay / no document {code} in the filing tray"
            )
        if row.recall_state != "pending" or row.recall_hold_id is None:
            raise Conflict(
                f"văn bản {code} không có yêu cầu thu hồi chờ quyết định / no recall of {code} "
                "awaits a decision"
            )
        object_id, hold_id, about = row.object_id, row.recall_hold_id, about_row(row)
    decision = "accepted" if accept else "refused"
    note = {"decision": decision, "reason": reason, "by": agent.name, "at": catalog_time()}
    message = f"edXML recall {decision} by the archivist"
    _version(archive, object_id, {"recall/decision.json": _json(note)}, message, agent)
    if not accept:
        release_hold(archive, hold_id, f"Từ chối thu hồi / recall refused: {reason}", agent)
    with unit_of_work(archive.sessions) as session:
        row = session.scalars(select(TrayDocument).where(TrayDocument.code == code)).one()
        row.recall_state = decision
        if accept:
            row.state = "withdrawn"
        append_events(
            session,
            [
                NewEvent(
                    event_type="edxml recall decided",
                    detail=f"{code}: {decision} — {reason}",
                    agents=[agent, software_agent()],
                    objects=[(object_id, "outcome")],
                )
            ],
        )
    reply_code = "15" if accept else "16"
    reply = send_reply(archive, about, reply_code, reason, object_id, agent)
    return {"code": code, "decision": decision, "reply_code": reply_code, "reply": str(reply)}
