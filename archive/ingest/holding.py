"""Holding a valid package for review (``ingest_review``): the last step of ingest when the
archivist decides (TT 05/2025 Chương IV, docs/domain.md §4.8).

The package's staged files move whole into the pending area with a manifest
(``archive.review.pending``), a row "Chờ tiếp nhận" is committed with an ``ingestion start``
event, then the folder takes its final name. Nothing enters the store or the holdings.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.audit.rowstate import with_state
from archive.clock import catalog_time, utc_now
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.findings import Report
from archive.packages.sipread import ParsedSip
from archive.packages.unpack import UnpackedPackage
from archive.review import pending
from archive.review.models import PendingPackage

__all__ = ["PENDING_STATE", "hold_package", "pending_area", "waiting_for"]

PENDING_STATE = "pending"
"""The row state of "Chờ tiếp nhận"."""


def pending_area(settings: Settings) -> Path:
    """The pending area of a home (on the home's file system, like staging)."""
    return (settings.home / "pending").resolve()


def waiting_for(sessions: sessionmaker[Session], file_code: str) -> PendingPackage | None:
    """The package of this dossier waiting for review, if any."""
    with unit_of_work(sessions) as session:
        return session.scalar(
            select(PendingPackage).where(
                PendingPackage.file_code == file_code, PendingPackage.state == PENDING_STATE
            )
        )


def hold_package(
    settings: Settings,
    sessions: sessionmaker[Session],
    pkg: UnpackedPackage,
    sip: ParsedSip,
    report: Report,
    arc: str,
    agents: list[AgentRef],
) -> str:
    """Keep the checked package for review; returns its code (``CTN-…``)."""
    now = utc_now()
    code = f"CTN-{now:%Y%m%d}-{uuid.uuid4().hex[:8]}"
    area = pending_area(settings)
    pending.hold(pkg.root, area, code, {rel: e.digests for rel, e in pkg.entries.items()})
    total = sum(e.digests.size for e in pkg.entries.values())
    registered = sip.dossier.get("totalDoc", "")
    with unit_of_work(sessions) as session:
        lock_head(session)
        row = PendingPackage(
            code=code,
            state=PENDING_STATE,
            source=pkg.source[:1000],
            sip_objid=sip.objid,
            fingerprint=pkg.fingerprint,
            file_code=str(sip.file_code),
            arc_file_code=arc,
            title=sip.dossier.get("title", "")[:1000],
            agency=(sip.creator_name or sip.file_code.organ_id)[:500],
            request_code=sip.submission_agreement,
            registered_docs=int(registered) if registered.isdigit() else None,
            received_docs=len(sip.documents),
            files=len(pkg.entries),
            size=total,
            submitted_at=catalog_time(now),
            submitted_by=agents[0].name[:200],
            due_at=catalog_time(now + timedelta(days=settings.review_days)),
            findings=json.dumps([f.as_dict() for f in report.findings], ensure_ascii=False),
        )
        session.add(row)
        session.flush()
        append_events(
            session,
            [
                NewEvent(
                    "ingestion start",
                    f"Gói {sip.objid} hợp lệ, chờ tiếp nhận ({code}) / valid package held for "
                    f"review ({code})",
                    outcome_detail=with_state("", row),
                    agents=agents,
                    objects=[(sip.objid, "source"), (code, "outcome")],
                )
            ],
        )
    pending.publish(area, code)
    return code
