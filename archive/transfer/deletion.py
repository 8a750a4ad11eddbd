"""Deletion of the local copy of a dossier the historical archive accepted: an explicit, logged
step, refused while the dossier is held or a storage lock is unexpired, which first keeps a
record (metadata, digests, evidence) in the request's OCFL object."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.rowstate import with_state
from archive.catalog.models import Dossier
from archive.clock import event_time
from archive.db.engine import unit_of_work
from archive.errors import Conflict, NotFound
from archive.faults import checkpoint
from archive.retention.dossiers import erase_copies, storage_locks
from archive.retention.holds import refuse_held
from archive.retention.listobject import add_files, json_bytes
from archive.retention.models import Transfer
from archive.retention.records import record_of, remove_rows
from archive.services import Services
from archive.transfer.batch import batch_object_id

__all__ = ["delete_transferred"]


def _accepted(session: Session, code: str) -> tuple[Transfer, Dossier]:
    """The transfer row and dossier of ``code`` (mã hồ sơ lưu trữ or mã hồ sơ); refused unless
    the historical archive accepted it."""
    row = session.scalar(select(Transfer).where(Transfer.arc_file_code == code))
    dossier = session.scalar(
        select(Dossier)
        .where((Dossier.arc_file_code == code) | (Dossier.file_code == code))
        .options(selectinload(Dossier.documents), selectinload(Dossier.files))
    )
    if dossier is not None and row is None:
        row = session.scalar(
            select(Transfer).where(Transfer.arc_file_code == dossier.arc_file_code)
        )
    if row is None or dossier is None:
        raise NotFound(f"{code}: không có hồ sơ đã nộp lưu / no transferred dossier {code}")
    if row.state != "accepted":
        raise Conflict(
            f"{row.arc_file_code}: chỉ xóa bản tại chỗ sau khi Lưu trữ lịch sử tiếp nhận "
            f"(trạng thái {row.state}) / the local copy is deleted only after acceptance "
            f"(state {row.state})"
        )
    return row, dossier


def _keep_record(
    archive: Services, session: Session, row: Transfer, dossier: Dossier, agent: AgentRef
) -> bytes:
    """Write the deletion record into the request's object; returns it."""
    record = record_of(
        session,
        dossier,
        {
            "transfer": row.request_code,
            "package": row.package_name,
            "packageSha256": row.package_sha256,
            "acceptedAt": row.answered_at,
        },
    )
    data = json_bytes(record)
    kept: dict[str, bytes | Path] = {f"deleted/{row.arc_file_code}/record.json": data}
    add_files(
        archive,
        batch_object_id(row.request_code),
        kept,
        f"Record of the deleted local copy of {row.arc_file_code}",
        agent,
    )
    return data


def delete_transferred(archive: Services, code: str, agent: AgentRef) -> dict[str, Any]:
    """Delete the local copy of an accepted dossier, keeping a record in the batch object."""
    with unit_of_work(archive.sessions) as session:
        row, dossier = _accepted(session, code)
        refuse_held(session, [row.arc_file_code], "xóa", "deleted")
        locks = storage_locks(archive, dossier.object_id)
        if locks:
            raise Conflict(
                f"còn {len(locks)} khóa lưu trữ chưa hết hạn, không xóa gì / {len(locks)} "
                "storage lock(s) not expired yet, nothing deleted: " + "; ".join(locks[:20])
            )
        data = _keep_record(archive, session, row, dossier, agent)
        erase_copies(archive, dossier.object_id)  # skips copies an earlier run erased already
        checkpoint("transfer_local_copy_erased")
        search = archive.search
        try:
            search.remove_dossier(row.arc_file_code)
        finally:
            search.close()
        docs = [d.doc_code for d in dossier.documents]
        remove_rows(session, dossier)
        row.state = "deleted"
        row.deleted_at = event_time()
        append_events(
            session,
            [
                NewEvent(
                    "deletion",
                    f"Xóa bản tại chỗ của hồ sơ đã nộp lưu {row.arc_file_code} / local copy of "
                    f"transferred dossier {row.arc_file_code} deleted",
                    outcome_detail=with_state(
                        f"record {row.request_code}/deleted/{row.arc_file_code}/"
                        f"record.json sha256:{hashlib.sha256(data).hexdigest()}",
                        row,
                    ),
                    agents=[agent, software_agent()],
                    objects=[(row.arc_file_code, "source"), *((c, "source") for c in docs)],
                )
            ],
        )
        return {"arcFileCode": row.arc_file_code, "state": row.state, "deletedAt": row.deleted_at}
