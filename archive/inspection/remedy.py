"""``archive inspection remedy FAILURE``: put right what an inspection found, each step an
audit event (TT 05/2025 Ch. V: fix the fields, restore from backups,
re-digitize).

- ``copy``: a damaged or missing copy restored from a good one (``archive repair``, its
  ``recovery`` event), and its minutes, Mẫu 20 (``inspection.minutes``);
- ``backup``: refused, nothing changed: the backup sets keep the catalog, the configuration and
  the store manifest, not the files' bytes (ADR 0023), so a copy comes back from the other
  store (``copy``) and a lost catalog from ``archive backup restore-drill --into``;
- ``metadata``: the catalog corrected to what storage holds (storage is the truth, ADR 0001):
  a field through the correction procedure (``archive metadata set``: a new version of the
  AIP's metadata and its ``metadata modification`` event), a file's size or digests from the
  stored inventory; then every copy checked again.
Each remedy closes the failure (and the others it put right) with an ``inspection remedy``
event. Counts and documents missing on one side need a person (re-ingest, re-digitize).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.catalog.fields import DOCUMENT_AIP_FIELDS, DOSSIER_AIP_FIELDS
from archive.catalog.models import Document, Dossier, File
from archive.catalog.queries import find_document, find_dossier
from archive.clock import catalog_time, utc_now
from archive.dates import today as local_today
from archive.dates import vn_datetime
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput, NotFound, NotSupported
from archive.faults import checkpoint
from archive.holdings.fixity import check_copy
from archive.holdings.repair import repair
from archive.inspection.match import normalized
from archive.inspection.minutes import incident_minutes
from archive.inspection.models import InspectionFailure
from archive.metadata.service import set_metadata
from archive.minutes.service import minutes_wanted
from archive.services import Services
from archive.storage.ocfl import content_sha256

__all__ = ["COPY_KINDS", "METADATA_KINDS", "remedy"]

COPY_KINDS = frozenset({"fixity", "missing"})
METADATA_KINDS = frozenset({"field", "size", "checksum"})
WAYS = ("copy", "backup", "metadata")


def _open(archive: Services, failure_id: int) -> InspectionFailure:
    with unit_of_work(archive.sessions) as session:
        row = session.get(InspectionFailure, failure_id)
        if row is None:
            raise NotFound(
                f"không có lỗi kiểm tra số {failure_id} / no inspection failure {failure_id} "
                "('archive inspection failures')"
            )
        if row.state != "open":
            raise Conflict(
                f"lỗi {failure_id} đã được khắc phục / failure {failure_id} is already remedied: "
                f"{row.remedy}"
            )
        session.expunge(row)
    return row


def _way(failure: InspectionFailure, by: str | None) -> str:
    if by is not None and by not in WAYS:
        raise InvalidInput(f"--by {by!r}: {' | '.join(WAYS)}")
    way = by or ("copy" if failure.kind in COPY_KINDS else "metadata")
    if way == "backup":
        raise NotSupported(
            "bộ sao lưu giữ danh mục, cấu hình và bảng kê kho, không giữ nội dung tệp (ADR "
            "0023): khôi phục bản lưu từ kho kia (--by copy); danh mục mất thì khôi phục bằng "
            "archive backup restore-drill --into / the backup sets keep the catalog, the "
            "configuration and the store manifest, not the files' bytes (ADR 0023): restore the "
            "copy from the other store (--by copy); a lost catalog comes back with archive "
            "backup restore-drill --into — nothing was changed"
        )
    wanted = COPY_KINDS if way == "copy" else METADATA_KINDS
    if failure.kind not in wanted:
        raise InvalidInput(
            f"lỗi loại {failure.kind} không khắc phục được bằng --by {way}; loại này cần người "
            f"xử lý (nộp lại, số hóa lại) / a {failure.kind} failure cannot be remedied with "
            f"--by {way}: it needs a person (submit again, re-digitize)"
        )
    return way


def _from_copy(
    archive: Services, failure: InspectionFailure, agents: list[AgentRef], source: str | None
) -> tuple[str, str]:
    done = repair(
        archive.sessions,
        archive.roots(),
        failure.object_id,
        archive.settings.staging_dir,
        agents,
        source=source,
    )
    if not done.changed:
        return f"every copy passes its check now; nothing restored (source {done.source})", ""
    restored = "; ".join(f"{s}: {', '.join(p)}" for s, p in done.restored.items() if p)
    return f"restored from store {done.source}: {restored}"[:4000], done.source


def _incident(
    archive: Services, failure: InspectionFailure, said: str, source: str, agent: AgentRef
) -> int:
    """Mẫu 20 of a copy restored; returns its id."""
    written = incident_minutes(
        archive,
        failure_id=failure.id,
        address=f"{failure.store}:{failure.object_id}:{failure.version}:{failure.path}",
        found=f"[{failure.kind}] {failure.detail}",
        done=said,
        source=source,
        agent=agent,
        day=local_today(),
        at=vn_datetime(utc_now()),
    )
    return written.id


def _file_row(archive: Services, failure: InspectionFailure) -> str:
    """The catalog row of a file set from the stored inventory of its version."""
    root = archive.roots()[failure.store]
    inventory = root.inventory(failure.object_id)
    sha256 = content_sha256(inventory).get(failure.path)
    sha512 = next(d for d, c in inventory["manifest"].items() if failure.path in c)
    size = root.store.size(root.content_key(failure.object_id, failure.path))
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        row = session.scalar(
            select(File)
            .join(Dossier, File.dossier_id == Dossier.id)
            .where(Dossier.object_id == failure.object_id, File.content_path == failure.path)
        )
        if row is None:
            raise NotFound(f"{failure.path}: no catalog row of this file any more")
        said = f"{row.path}: {row.size} → {size} bytes, SHA-256 {row.sha256[:16]}… → "
        row.size, row.sha512 = size, sha512
        row.sha256 = sha256 or row.sha256
        return said + f"{row.sha256[:16]}…"


def _already(archive: Services, code: str, name: str, value: str) -> bool:
    """Whether the catalog already holds ``value`` for the element ``name`` of ``code``."""
    with unit_of_work(archive.sessions) as session:
        row: Dossier | Document | None = find_dossier(session, code)
        row = row or find_document(session, code)
        specs = DOSSIER_AIP_FIELDS if isinstance(row, Dossier) else DOCUMENT_AIP_FIELDS
        spec = next((s for s in specs if s.name == name), None)
        if row is None or spec is None:
            return False
        return normalized(spec.kind, getattr(row, spec.attr, None)) == normalized(spec.kind, value)


def _metadata(archive: Services, failure: InspectionFailure, agent: AgentRef) -> str:
    if failure.kind != "field":
        said = _file_row(archive, failure)
    else:
        fix: dict[str, str] = json.loads(failure.correction or "{}")
        if _already(archive, fix["code"], fix["field"], fix["value"]):
            # A remedy that died after its correction, before closing: close it now.
            return f"{fix['code']} {fix['field']} already as stored"
        changed = set_metadata(
            archive,
            fix["code"],
            {fix["field"]: fix["value"]},
            reason=f"kiểm tra định kỳ, lỗi số {failure.id}: sửa theo bản lưu / inspection "
            f"failure {failure.id}: set to what storage holds",
            decision=None,
            agent=agent,
        )
        said = f"{fix['code']} {fix['field']} corrected, version {changed['version']}"
    for root in archive.roots().values():  # the copy rows agree with the catalog again
        check_copy(
            archive.sessions,
            root,
            failure.arc_file_code,
            failure.object_id,
            [agent, software_agent()],
        )
    return said


def _close(
    archive: Services, failure: InspectionFailure, way: str, said: str, agents: list[AgentRef]
) -> list[int]:
    """Close ``failure`` and, for a copy restored, the object's other copy failures."""
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        query = select(InspectionFailure).where(InspectionFailure.state == "open")
        if way == "copy":
            query = query.where(
                InspectionFailure.object_id == failure.object_id,
                InspectionFailure.kind.in_(COPY_KINDS),
            )
        elif failure.kind in ("size", "checksum"):  # one file row, set whole
            query = query.where(
                InspectionFailure.object_id == failure.object_id,
                InspectionFailure.path == failure.path,
                InspectionFailure.kind.in_(("size", "checksum")),
            )
        else:
            query = query.where(InspectionFailure.id == failure.id)
        rows = list(session.scalars(query))
        now = catalog_time()
        for row in rows:
            row.state, row.remedy, row.remedied_at = "remedied", f"{way}: {said}", now
            row.remedied_by = agents[0].name
        ids = sorted(r.id for r in rows)
        where = f"{failure.store}:{failure.object_id}:{failure.version}:{failure.path}"
        append_events(
            session,
            [
                NewEvent(
                    "inspection remedy",
                    f"Khắc phục lỗi kiểm tra {', '.join(map(str, ids))} của "
                    f"{failure.arc_file_code} ({way}) / Inspection failure(s) "
                    f"{', '.join(map(str, ids))} of {failure.arc_file_code} remedied ({way})",
                    outcome_detail=f"{where}: {said}"[:4000],
                    agents=agents,
                    objects=[(failure.arc_file_code, "outcome"), (where, "outcome")],
                )
            ],
        )
    return ids


def remedy(
    archive: Services,
    failure_id: int,
    agent: AgentRef,
    *,
    by: str | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    """Remedy one failure (module docstring); returns what was done."""
    failure = _open(archive, failure_id)
    way = _way(failure, by)
    signs = minutes_wanted(archive.settings)  # refused in production without the key
    agents = [agent, software_agent()]
    minutes: int | None = None
    if way == "copy":
        said, restored_from = _from_copy(archive, failure, agents, source)
        if signs and restored_from:
            minutes = _incident(archive, failure, said, restored_from, agent)
    else:
        said = _metadata(archive, failure, agent)
    checkpoint("inspection_remedied")  # done, not yet closed: the same remedy again closes it
    closed = _close(archive, failure, way, said, agents)
    return {
        "minutes": minutes,
        "failure": failure_id,
        "arc_file_code": failure.arc_file_code,
        "by": way,
        "done": said,
        "closed": closed,
    }
