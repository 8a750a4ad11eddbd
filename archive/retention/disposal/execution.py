"""Execution of an approved disposal list: every guard re-checked before anything is deleted,
the permanent destruction records kept in the list's OCFL object, then the bytes erased, the
destruction minutes (Mẫu 21) signed and stored, and the catalog rows replaced by destruction
records, with the minutes catalogued, in one transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.rowstate import with_state
from archive.catalog.models import Dossier
from archive.clock import event_time
from archive.dates import today as local_today
from archive.db.engine import unit_of_work
from archive.errors import Conflict
from archive.faults import checkpoint
from archive.minutes.forms import MinutesSpec
from archive.minutes.service import Stored, minutes_wanted, record_minutes, store_minutes
from archive.retention.dates import due_date
from archive.retention.disposal.lists import DESTROYED_STATUS, REVIEW_STATUS, load_list
from archive.retention.disposal.minutes import destruction_spec
from archive.retention.disposal.review import kept_copy
from archive.retention.dossiers import dossier_retention, erase_copies, storage_locks
from archive.retention.holds import refuse_held
from archive.retention.listobject import add_files, json_bytes
from archive.retention.models import DestructionRecord, DisposalItem, DisposalList
from archive.retention.records import record_of, remove_rows
from archive.services import Services

__all__ = ["ExecutionReport", "execute"]


@dataclass
class ExecutionReport:
    """What an execution destroyed."""

    code: str
    destroyed: list[dict[str, Any]] = field(default_factory=list)
    minutes: dict[str, Any] | None = None
    """The destruction minutes (Mẫu 21) written: their catalog number and object id."""

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"code": self.code, "destroyed": self.destroyed, "minutes": self.minutes}


def _check_item(
    session: Session, item: DisposalItem, dossier: Dossier, on_list: set[str], today: date
) -> None:
    retention = dossier_retention(dossier)
    if item.reason == "expired":
        due = due_date(dossier.end_year, retention)
        if due is None or due >= today:
            raise Conflict(
                f"{item.arc_file_code}: chưa hết thời hạn lưu trữ (hồ sơ hoặc tài liệu trong hồ "
                f"sơ có thời hạn dài hơn: {retention.label}) / not expired: the dossier or one of "
                f"its documents is kept longer ({retention.label}, "
                f"{'permanent' if due is None else f'until {due:%d/%m/%Y}'})"
            )
        return
    others = list(
        session.scalars(
            select(Dossier)
            .where(Dossier.status == "active", Dossier.id != dossier.id)
            .options(selectinload(Dossier.documents), selectinload(Dossier.files))
        )
    )
    if kept_copy(dossier, others, on_list) is None:
        raise Conflict(
            f"{item.arc_file_code}: không còn hồ sơ giữ bản trùng với thời hạn bằng hoặc dài hơn "
            f"/ no remaining dossier keeps its originals with an equal or longer retention"
        )


def _decision(d: DisposalList) -> dict[str, Any]:
    return {
        "disposalList": d.code,
        "decision": {
            "number": d.decision_number,
            "date": d.decision_date,
            "file": d.decision_path,
            "sha256": d.decision_sha256,
            "by": d.decided_by,
        },
    }


def _load_dossier(session: Session, arc_file_code: str) -> Dossier | None:
    return session.scalar(
        select(Dossier)
        .where(Dossier.arc_file_code == arc_file_code)
        .options(selectinload(Dossier.documents), selectinload(Dossier.files))
    )


def _checked_dossiers(
    archive: Services, session: Session, d: DisposalList, today: date
) -> dict[str, Dossier]:
    """The dossiers still to destroy on an approved list, after every guard: holds, expiry or
    the kept copy of a duplicate, and storage locks. Nothing is deleted when one fails."""
    code = d.code
    if d.status != "approved":
        raise Conflict(
            f"danh mục {code} chưa được phê duyệt hủy (trạng thái {d.status}) / list {code} "
            f"is not approved for destruction (status {d.status})"
        )
    pending = [i for i in d.items if i.status == REVIEW_STATUS]
    codes = [i.arc_file_code for i in pending]
    refuse_held(session, codes, "hủy", "destroyed")
    dossiers: dict[str, Dossier] = {}
    for item in pending:
        dossier = _load_dossier(session, item.arc_file_code)
        if dossier is None:
            raise Conflict(
                f"{item.arc_file_code}: không còn trong danh mục / no longer in the catalog"
            )
        _check_item(session, item, dossier, set(codes), today)
        dossiers[item.arc_file_code] = dossier
    locked = [
        lock for dossier in dossiers.values() for lock in storage_locks(archive, dossier.object_id)
    ]
    if locked:
        raise Conflict(
            f"còn {len(locked)} khóa lưu trữ chưa hết hạn, không hủy gì / {len(locked)} "
            f"storage lock(s) not expired yet, nothing destroyed: " + "; ".join(locked[:20])
        )
    return dossiers


def _keep_records(
    archive: Services,
    session: Session,
    d: DisposalList,
    dossiers: dict[str, Dossier],
    agent: AgentRef,
) -> dict[str, bytes]:
    """Write each dossier's destruction record (and its AIP metadata) into the list's object;
    returns the records by mã hồ sơ."""
    records = {
        arc: json_bytes(record_of(session, dossier, _decision(d)))
        for arc, dossier in dossiers.items()
    }
    kept: dict[str, bytes | Path] = {
        f"destroyed/{arc}/record.json": data for arc, data in records.items()
    }
    for arc, dossier in dossiers.items():
        if not archive.ocfl.exists(dossier.object_id):
            continue  # erased by an earlier run that died before the catalog step
        for f in dossier.files:
            if f.role != "original":
                with archive.ocfl.open_logical(dossier.object_id, f.path) as fh:
                    kept[f"destroyed/{arc}/aip/{f.path}"] = fh.read()
    add_files(archive, d.object_id, kept, f"Destruction records of {d.code}", agent)
    return records


def _erase(archive: Services, dossiers: dict[str, Dossier]) -> None:
    """Erase the dossiers' bytes from every store and their entries from the search index."""
    search = archive.search
    try:
        for arc, dossier in dossiers.items():
            erase_copies(archive, dossier.object_id)
            search.remove_dossier(arc)
    finally:
        search.close()


def _destroy_item(
    session: Session,
    d: DisposalList,
    item: DisposalItem,
    record: bytes,
    agent: AgentRef,
    stamp: str,
) -> tuple[NewEvent, dict[str, Any]]:
    """Replace a destroyed dossier's catalog rows by its destruction record; the event and the
    report entry."""
    code = d.code
    dossier = _load_dossier(session, item.arc_file_code)
    assert dossier is not None
    files = [
        {"path": f.path, "size": f.size, "sha256": f.sha256, "sha512": f.sha512}
        for f in dossier.files
    ]
    record_path = f"destroyed/{item.arc_file_code}/record.json"
    destruction = DestructionRecord(
        list_id=d.id,
        arc_file_code=item.arc_file_code,
        object_id=dossier.object_id,
        title=dossier.title,
        decision_number=d.decision_number or "",
        destroyed_by=agent.name,
        destroyed_at=stamp,
        record_path=record_path,
        record_sha256=hashlib.sha256(record).hexdigest(),
        files_json=json.dumps(files, ensure_ascii=False),
    )
    session.add(destruction)
    docs = [doc.doc_code for doc in dossier.documents]
    remove_rows(session, dossier)
    item.status = DESTROYED_STATUS
    session.flush()
    event = NewEvent(
        "deaccession",
        f"Hủy hồ sơ {item.arc_file_code} theo quyết định số {d.decision_number} / "
        f"{item.arc_file_code} destroyed under decision {d.decision_number}",
        outcome_detail=with_state(
            f"{len(files)} file(s) erased; record {code}/{record_path}", destruction, item
        ),
        agents=[agent, software_agent()],
        objects=[
            (item.arc_file_code, "source"),
            *((c, "source") for c in docs),
            (f"{code}/{record_path}", "outcome"),
        ],
    )
    entry = {
        "arcFileCode": item.arc_file_code,
        "files": len(files),
        "record": f"{code}/{record_path}",
    }
    return event, entry


def _record_destruction(
    archive: Services,
    code: str,
    records: dict[str, bytes],
    agent: AgentRef,
    minutes: Stored | None,
) -> ExecutionReport:
    """The catalog step, in one transaction: destruction records, rows removed, list executed."""
    report = ExecutionReport(code)
    stamp = event_time()
    with unit_of_work(archive.sessions) as session:
        d = load_list(session, code)
        events: list[NewEvent] = []
        for item in d.items:
            if item.arc_file_code not in records:
                continue
            event, entry = _destroy_item(
                session, d, item, records[item.arc_file_code], agent, stamp
            )
            events.append(event)
            report.destroyed.append(entry)
        d.status = "executed"
        d.executed_by = agent.name
        d.executed_at = stamp
        session.flush()
        events.append(
            NewEvent(
                "disposal executed",
                f"Thực hiện hủy danh mục {code}: {len(report.destroyed)} hồ sơ / list {code} "
                f"executed: {len(report.destroyed)} dossier(s) destroyed",
                outcome_detail=with_state("", d),
                agents=[agent, software_agent()],
                objects=[(code, "source")],
            )
        )
        append_events(session, events)
        if minutes is not None:
            written = record_minutes(session, minutes, agent=agent)
            report.minutes = {"id": written.id, "object_id": written.object_id}
    return report


def execute(
    archive: Services, code: str, agent: AgentRef, *, today: date | None = None
) -> ExecutionReport:
    """Destroy every dossier of an approved list; all guards are checked before any deletion."""
    today = today or local_today()
    spec: MinutesSpec | None = None
    with unit_of_work(archive.sessions) as session:
        d = load_list(session, code)
        dossiers = _checked_dossiers(archive, session, d, today)
        if minutes_wanted(archive.settings):  # refused in production without the key
            spec = destruction_spec(archive, d, dossiers, agent, today)
        records = _keep_records(archive, session, d, dossiers, agent)
    checkpoint("disposal_recorded")
    # Storage first (the records above are safe), then the catalog in one transaction.
    _erase(archive, dossiers)
    checkpoint("disposal_erased")
    minutes = None if spec is None else store_minutes(archive, spec, agent=agent)
    return _record_destruction(archive, code, records, agent, minutes)
