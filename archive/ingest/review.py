"""The archivist's decision on packages held for review (``ingest_review``; TT 05/2025
Chương IV, docs/domain.md §4.8): ``archive review ls | show | accept | return``.

Accept runs the ingest pipeline on the pending package, exactly as an ingest without review
does (virus check, validation, signatures, AIP, store, catalog); the row turns "accepted" in the
same catalog transaction that catalogues the dossier, so a crash at any point leaves the package
pending (and a stored but uncatalogued AIP, which the next accept adopts) or accepted, never
both. Return stores nothing and records the reasons. Packages pending longer than
``review_days`` (60, the circular's deadline) are overdue.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.audit.rowstate import with_state
from archive.catalog.models import Dossier
from archive.clock import catalog_time, utc_now
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput, NotFound
from archive.ingest.filing import BothHooks, reviewed_filing, send_filed_replies
from archive.ingest.holding import PENDING_STATE, pending_area
from archive.ingest.pipeline import Ingestor, IngestResult, object_id_for
from archive.packages.aipread import AipRecord
from archive.retention.listobject import create_object, read_file
from archive.review import pending
from archive.review.models import PendingPackage, Receipt
from archive.review.receipts import (
    receipt_document,
    receipt_json,
    receipt_object_id,
    receipt_pdf,
)
from archive.services import Services

__all__ = ["accept_package", "list_pending", "return_package", "show_pending", "tidy"]

STATE_LABELS = {
    "pending": ("Chờ tiếp nhận", "awaiting review"),
    "accepted": ("Đã tiếp nhận", "accepted"),
    "returned": ("Đã trả lại", "returned"),
}


def tidy(archive: Services) -> list[str]:
    """Finish what dead processes left in the pending area (``pending.recover``)."""
    with unit_of_work(archive.sessions) as session:
        states = dict(session.execute(select(PendingPackage.code, PendingPackage.state)).all())
    return pending.recover(
        pending_area(archive.settings), {str(k): str(v) for k, v in states.items()}
    )


def _row_dict(row: PendingPackage, now: datetime) -> dict[str, Any]:
    submitted = datetime.fromisoformat(row.submitted_at)
    waiting = (now - submitted).days
    overdue = row.state == PENDING_STATE and now > datetime.fromisoformat(row.due_at)
    return {
        "code": row.code,
        "state": row.state,
        "state_vi": STATE_LABELS[row.state][0],
        "fileCode": row.file_code,
        "arcFileCode": row.arc_file_code,
        "title": row.title,
        "agency": row.agency,
        "request_code": row.request_code,
        "source": row.source,
        "submitted_at": row.submitted_at,
        "submitted_by": row.submitted_by,
        "due_at": row.due_at,
        "days_waiting": waiting if row.state == PENDING_STATE else None,
        "overdue": overdue,
        "registered_docs": row.registered_docs,
        "received_docs": row.received_docs,
        "files": row.files,
        "bytes": row.size,
        "decided_at": row.decided_at,
        "decided_by": row.decided_by,
        "reason": row.reason,
        "object_id": row.object_id,
    }


def list_pending(
    archive: Services, *, overdue_only: bool = False, everything: bool = False
) -> list[dict[str, Any]]:
    """Packages awaiting review, oldest first (``everything``: decided ones too)."""
    tidy(archive)
    now = utc_now()
    query = select(PendingPackage).order_by(PendingPackage.submitted_at, PendingPackage.id)
    if not everything:
        query = query.where(PendingPackage.state == PENDING_STATE)
    with unit_of_work(archive.sessions) as session:
        rows = [_row_dict(r, now) for r in session.scalars(query)]
    return [r for r in rows if r["overdue"]] if overdue_only else rows


def _get(session: Session, code: str) -> PendingPackage:
    row = session.scalar(select(PendingPackage).where(PendingPackage.code == code))
    if row is None:
        raise NotFound(
            f"không có gói chờ tiếp nhận mã {code} (xem 'archive review ls') / no package "
            f"under review with code {code} (see 'archive review ls')"
        )
    return row


def _must_be_pending(row: PendingPackage) -> None:
    if row.state != PENDING_STATE:
        vi, en = STATE_LABELS[row.state]
        raise Conflict(
            f"gói {row.code} đã được quyết định: {vi} ({row.decided_at}) / package {row.code} "
            f"was already decided: {en} ({row.decided_at})"
        )


def show_pending(archive: Services, code: str) -> dict[str, Any]:
    """One package under review (or decided): its row, the files of its manifest, and the
    findings of its checks at submission."""
    tidy(archive)
    with unit_of_work(archive.sessions) as session:
        row = _get(session, code)
        data = _row_dict(row, utc_now())
        data["findings"] = json.loads(row.findings)
        receipt = session.scalar(select(Receipt).where(Receipt.pending_id == row.id))
    data["receipt"] = None if receipt is None else _receipt_dict(archive, receipt)
    if data["state"] == PENDING_STATE:
        data["manifest"] = pending.read_manifest(pending_area(archive.settings), code)
    return data


def _write_receipt(
    archive: Services,
    row: PendingPackage,
    manifest: dict[str, dict[str, Any]],
    decision: dict[str, Any],
    agent: AgentRef,
) -> Receipt:
    """Store the receipt (JSON + PDF/A) as the record object of ``row``, unless a run that died
    before its catalog commit stored it already; returns its (unsaved) catalog row."""
    object_id = receipt_object_id(row.code)
    if not archive.ocfl.exists(object_id):
        doc = receipt_document(
            row,
            manifest,
            archive_name=archive.settings.agency_name,
            archive_code=archive.settings.agency_code,
            **decision,
        )
        files = {"receipt.json": receipt_json(doc), "receipt.pdf": receipt_pdf(doc)}
        create_object(archive, object_id, files, f"Receipt {decision['kind']} {row.code}", agent)
    kept = {name: read_file(archive, object_id, name) for name in ("receipt.json", "receipt.pdf")}
    return Receipt(
        kind=decision["kind"],
        object_id=object_id,
        created_at=decision["decided_at"],
        json_sha256=hashlib.sha256(kept["receipt.json"]).hexdigest(),
        pdf_sha256=hashlib.sha256(kept["receipt.pdf"]).hexdigest(),
    )


def _decision(
    kind: str, agent: AgentRef, reason: str | None, object_id: str | None
) -> dict[str, Any]:
    return {
        "kind": kind,
        "decided_by": agent.name[:200],
        "decided_at": catalog_time(),
        "reason": reason,
        "object_id": object_id,
    }


def _receipt_dict(archive: Services, receipt: Receipt) -> dict[str, Any]:
    """A receipt as ``review show`` gives it: where it is kept, its digests and its content."""
    content = json.loads(read_file(archive, receipt.object_id, "receipt.json"))
    return {
        "object_id": receipt.object_id,
        "kind": receipt.kind,
        "created_at": receipt.created_at,
        "files": {
            "receipt.json": receipt.json_sha256,
            "receipt.pdf": receipt.pdf_sha256,
        },
        "content": content,
    }


class _Accept:
    """What an accepted package adds to the catalog transaction of its dossier."""

    def __init__(
        self, archive: Services, code: str, agent: AgentRef, manifest: dict[str, Any]
    ) -> None:
        self.archive = archive
        self.code = code
        self.agent = agent
        self.manifest = manifest
        self.receipt: Receipt | None = None

    def before_catalog(self, record: AipRecord) -> None:
        """Store the biên bản giao nhận before the catalog commit (storage first, ADR 0001)."""
        decision = _decision("accepted", self.agent, None, record.object_id)
        with unit_of_work(self.archive.sessions) as session:
            row = _get(session, self.code)
        self.receipt = _write_receipt(self.archive, row, self.manifest, decision, self.agent)

    def in_catalog(self, session: Session, record: AipRecord) -> list[NewEvent]:
        row = _get(session, self.code)
        _must_be_pending(row)
        assert self.receipt is not None
        row.state, row.decided_at = "accepted", self.receipt.created_at
        row.decided_by, row.object_id = self.agent.name[:200], record.object_id
        self.receipt.pending_id = row.id
        session.add(self.receipt)
        session.flush()
        return [
            NewEvent(
                "accession",
                f"Đồng ý tiếp nhận gói {self.code} / package {self.code} accepted",
                outcome_detail=with_state("", row, self.receipt),
                agents=[self.agent],
                objects=[(self.code, "source"), (row.arc_file_code, "outcome")],
            )
        ]


def accept_package(
    archive: Services, ingestor: Ingestor, code: str, agent: AgentRef
) -> IngestResult:
    """Accept a pending package: build and store its AIP as ingest does (with ``ingestor``,
    the archive's pipeline), catalogue it."""
    tidy(archive)
    with unit_of_work(archive.sessions) as session:
        _must_be_pending(_get(session, code))
    area = pending_area(archive.settings)
    manifest = pending.verify(area, code)
    package = pending.package_dir(area, code)
    accept = _Accept(archive, code, agent, manifest)
    # A package built from the filing tray (archive tray assemble) files its documents too.
    tray = reviewed_filing(archive, package, agent)
    ingestor.decision = accept if tray is None else BothHooks(accept, tray)
    result = ingestor.ingest(package, agent)
    if result.ok and tray is not None and tray.filed:
        codes = [d.code for d in tray.docs]
        send_filed_replies(archive, codes, str(result.arc_file_code), agent)
    if result.status == "duplicate":  # catalogued meanwhile from the same package
        record_id = object_id_for(result.arc_file_code or "")
        with unit_of_work(archive.sessions) as session:
            row = _get(session, code)
        decision = _decision("accepted", agent, None, record_id)
        receipt = _write_receipt(archive, row, manifest, decision, agent)
        with unit_of_work(archive.sessions) as session:
            lock_head(session)
            row = _get(session, code)
            row.state, row.decided_at = "accepted", receipt.created_at
            row.decided_by, row.object_id = agent.name[:200], record_id
            receipt.pending_id = row.id
            session.add(receipt)
            session.flush()
            append_events(  # the decision is an event like any other (and so rebuilt)
                session,
                [
                    NewEvent(
                        "accession",
                        f"Đồng ý tiếp nhận gói {code} (hồ sơ đã có) / package {code} accepted "
                        "(dossier already catalogued)",
                        outcome_detail=with_state("", row, receipt),
                        agents=[agent],
                        objects=[(code, "source"), (row.arc_file_code, "outcome")],
                    )
                ],
            )
    if result.ok:
        pending.remove(area, code)
    return result


def return_package(archive: Services, code: str, reason: str, agent: AgentRef) -> dict[str, Any]:
    """Return a pending package with reasons: nothing is stored; the decision is recorded."""
    if not reason.strip():
        raise InvalidInput(
            "cần nêu lý do trả lại (--reason) / a return needs its reasons (--reason)"
        )
    tidy(archive)
    with unit_of_work(archive.sessions) as session:
        row = _get(session, code)
        _must_be_pending(row)
        arc = row.arc_file_code
        catalogued = session.scalar(select(Dossier.id).where(Dossier.arc_file_code == arc))
    if catalogued is None and archive.ocfl.exists(object_id_for(arc)):
        raise Conflict(
            f"một lần tiếp nhận gói {code} bị gián đoạn sau khi lưu vào kho: chạy lại 'archive "
            f"review accept {code}' / an accept of {code} was interrupted after its AIP was "
            f"stored: run 'archive review accept {code}' again"
        )
    manifest = pending.read_manifest(pending_area(archive.settings), code)
    with unit_of_work(archive.sessions) as session:
        row = _get(session, code)
    receipt = _write_receipt(
        archive, row, manifest, _decision("returned", agent, reason.strip(), None), agent
    )
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        row = _get(session, code)
        _must_be_pending(row)
        row.state, row.decided_at = "returned", receipt.created_at
        row.decided_by, row.reason = agent.name[:200], reason.strip()
        receipt.pending_id = row.id
        session.add(receipt)
        session.flush()
        append_events(
            session,
            [
                NewEvent(
                    "ingestion end",
                    f"Trả lại gói {code} / package {code} returned",
                    outcome="failure",
                    outcome_detail=with_state(reason.strip()[:2000], row, receipt),
                    agents=[agent],
                    objects=[(code, "source")],
                )
            ],
        )
        data = _row_dict(row, utc_now())
    pending.remove(pending_area(archive.settings), code)
    return data
