"""``archive metadata set``: change the metadata of a stored dossier or document.

In this order (storage is the truth; docs/architecture.md, ADR 0001):
1. the change is checked (fields that may change, values, the decision a change of access mode
   needs, no Mật record on a networked archive) against the catalog's current values;
2. a new OCFL version of the dossier's AIP is published with the new EAD.xml or EAD_doc, the
   METS files restamped, and the change record (``archive.metadata.record``); the old values
   stay in the earlier version and in the record;
3. one catalog transaction sets the new values (every access decision reads them from there)
   and appends the ``metadata modification`` event;
4. the dossier's documents are indexed again.
A crash after 2 leaves the new version in storage and the catalog as it was: ``archive
rebuild`` applies it, and running the same command again completes it: it finds the stored
change the catalog does not know yet (the same record, the same values) and records that one,
without a second version (``_stored_earlier``).
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, append_events, lock_head
from archive.catalog.fields import DOCUMENT_AIP_FIELDS, DOSSIER_AIP_FIELDS
from archive.catalog.models import Document, Dossier
from archive.catalog.queries import find_document, find_dossier
from archive.clock import catalog_time, event_time
from archive.db.engine import unit_of_work
from archive.errors import ArchiveError, Conflict, InvalidInput, NotFound, Unavailable
from archive.faults import checkpoint
from archive.holdings.copies import lock_date
from archive.metadata.changes import Decision, Kind, check_changes, spec_of
from archive.metadata.ead import restamp, set_values
from archive.metadata.record import CHANGES_PREFIX, ChangeRecord, apply_change
from archive.services import Services
from archive.storage.copy import copy_object
from archive.storage.ocfl import discard

__all__ = ["Target", "set_metadata"]

log = logging.getLogger(__name__)
REP = "representations/rep1"
_REP_METS = f"{REP}/METS.xml"


@dataclass(frozen=True)
class Target:
    """The record a change is about, as the catalog holds it now."""

    code: str
    kind: Kind
    arc_file_code: str
    object_id: str
    ead_path: str  # logical path of its EAD.xml or EAD_doc
    old: dict[str, str]


def _ead_doc_path(doc: Document) -> str:
    original = next(f for f in doc.files if f.role == "original")
    return f"{REP}/metadata/descriptive/EAD_doc_{PurePosixPath(original.path).stem}.xml"


def _target(session: Session, code: str, values: dict[str, str]) -> Target:
    """The record named by ``code``; the change checked against its kind."""
    dossier = find_dossier(session, code)
    row: Dossier | Document | None = dossier
    kind: Kind = "dossier"
    if dossier is None:
        row, kind = find_document(session, code), "document"
    if row is None:
        raise NotFound(f"không có hồ sơ hay tài liệu {code} / no dossier or document {code}")
    parent = row if isinstance(row, Dossier) else row.dossier
    if parent.status != "active":
        raise Conflict(
            f"{code}: hồ sơ đang ở trạng thái {parent.status}, không sửa đặc tả / the dossier is "
            f"{parent.status}: its metadata is no longer changed here"
        )
    check_changes(kind, values)
    old = {n: _text(getattr(row, spec_of(kind, n).attr, None)) for n in values}
    if isinstance(row, Dossier):
        ead = "metadata/descriptive/EAD.xml"
        return Target(row.arc_file_code, kind, row.arc_file_code, row.object_id, ead, old)
    path = _ead_doc_path(row)
    return Target(row.doc_code, kind, parent.arc_file_code, parent.object_id, path, old)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _check_mode(
    archive: Services,
    target: Target,
    changes: dict[str, tuple[str, str]],
    decision: Decision | None,
) -> None:
    """A change of access mode needs its decision; a networked archive takes no Mật."""
    if "mode" not in changes:
        return
    if decision is None:
        raise InvalidInput(
            "đổi chế độ sử dụng (giải mật, điều chỉnh) cần quyết định: --decision SỐ "
            "--decision-date DD/MM/YYYY / a change of access mode (declassification) needs its "
            "decision: --decision NUMBER --decision-date DD/MM/YYYY"
        )
    if changes["mode"][1] == "03" and not archive.settings.isolated:
        raise Conflict(
            f"{target.code}: kho nối mạng không giữ hồ sơ, tài liệu Mật (03) "
            '(secret_records = "refuse", docs/secrets.md) / a networked archive keeps no secret '
            'record (mode 03; secret_records = "refuse", docs/secrets.md)'
        )


def _read(archive: Services, object_id: str, logical: str) -> bytes:
    with archive.ocfl.open_logical(object_id, logical) as fh:
        return fh.read()


def _new_files(archive: Services, target: Target, new: dict[str, str]) -> dict[str, bytes]:
    """The EAD (or EAD_doc) with the new values and the METS files restamped."""
    specs = DOSSIER_AIP_FIELDS if target.kind == "dossier" else DOCUMENT_AIP_FIELDS
    ead = set_values(_read(archive, target.object_id, target.ead_path), new, specs)
    files = {target.ead_path: ead}
    root = _read(archive, target.object_id, "METS.xml")
    if target.kind == "dossier":
        files["METS.xml"] = restamp(root, {target.ead_path: ead})
        return files
    rep = restamp(
        _read(archive, target.object_id, _REP_METS),
        {target.ead_path.removeprefix(f"{REP}/"): ead},
    )
    files[_REP_METS] = rep
    files["METS.xml"] = restamp(root, {_REP_METS: rep})
    return files


def _publish(archive: Services, target: Target, files: dict[str, bytes], agent: AgentRef) -> str:
    """The new version of the AIP; returns its name. The replica follows, best effort."""
    with unit_of_work(archive.sessions) as session:
        dossier = find_dossier(session, target.arc_file_code)
        until = lock_date(dossier) if dossier is not None else None
    job = archive.settings.staging_dir / f"metadata-{os.getpid()}-{uuid.uuid4().hex}"
    try:
        inventory = archive.ocfl.add_version(
            target.object_id,
            job,
            dict(files),
            created=catalog_time(),
            message=f"Metadata modification of {target.code}",
            user_name=agent.name,
            user_address=f"urn:archive:agent:{agent.identifier}",
            retain_until=until,
        )
    finally:
        discard(job)
    if archive.replica is not None:
        try:
            job.mkdir(parents=True)
            copy_object(archive.ocfl, archive.replica, target.object_id, job)
        except ArchiveError as exc:  # the next `archive replicate` catches up
            log.warning("replica copy of %s failed: %s", target.object_id, exc)
        finally:
            discard(job)
    return str(inventory["head"])


def _paths(version: dict[str, Any]) -> set[str]:
    return {path for paths in version["state"].values() for path in paths}


def _stored_earlier(
    archive: Services, target: Target, changes: dict[str, tuple[str, str]]
) -> tuple[str, ChangeRecord] | None:
    """The version and change record of this very change, when an earlier run stored it and
    stopped before the catalog recorded it (storage is a version ahead of the catalog)."""
    with unit_of_work(archive.sessions) as session:
        dossier = find_dossier(session, target.arc_file_code)
        known = dossier.object_version if dossier is not None else None
    inventory = archive.ocfl.inventory(target.object_id)
    head, versions = str(inventory["head"]), inventory["versions"]
    if head == known or known not in versions:
        return None
    added = _paths(versions[head]) - _paths(versions[known])
    for path in sorted(p for p in added if p.startswith(CHANGES_PREFIX)):
        with archive.ocfl.open_logical(target.object_id, path, head) as fh:
            record = ChangeRecord.from_json(json.loads(fh.read()))
        if record.code == target.code and record.changes == changes:
            return head, record
    return None


def set_metadata(
    archive: Services,
    code: str,
    values: dict[str, str],
    *,
    reason: str,
    decision: Decision | None,
    agent: AgentRef,
) -> dict[str, Any]:
    """Change the metadata of one dossier or document (module docstring); returns what
    changed, the new version and the event id."""
    if not reason.strip():
        raise InvalidInput("cần lý do (--reason) / give the reason (--reason)")
    with unit_of_work(archive.sessions) as session:
        target = _target(session, code, values)
    changes = {n: (target.old[n], v) for n, v in values.items() if target.old[n] != v}
    if not changes:
        raise InvalidInput(
            f"{target.code}: các giá trị đã như vậy, không có gì thay đổi / the values are "
            "already these: nothing changes"
        )
    _check_mode(archive, target, changes, decision)
    record = ChangeRecord(
        target.code,
        target.kind,
        changes,
        reason.strip(),
        decision.as_dict() if decision else None,
        [agent, software_agent()],
        f"urn:uuid:{uuid.uuid4()}",
        event_time(),
    )
    earlier = _stored_earlier(archive, target, changes)
    if earlier is not None:
        version, record = earlier  # completed, not written twice
    else:
        files = _new_files(archive, target, {n: new for n, (_, new) in changes.items()})
        name = f"{CHANGES_PREFIX}{record.event_id.removeprefix('urn:uuid:')}.json"
        files[name] = record.as_json()
        version = _publish(archive, target, files, agent)
        checkpoint("metadata_stored")
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        dossier = find_dossier(session, target.arc_file_code)
        assert dossier is not None
        apply_change(session, dossier, record)
        dossier.object_version = version
        append_events(session, [record.event()])
    _reindex(archive, target.arc_file_code)
    return {
        "code": target.code,
        "kind": target.kind,
        "version": version,
        "changes": {k: {"old": o, "new": n} for k, (o, n) in changes.items()},
        "reason": record.reason,
        "decision": record.decision,
        "eventId": record.event_id,
    }


def _reindex(archive: Services, arc_file_code: str) -> None:
    """The dossier's documents indexed again with the new values (and modes)."""
    try:
        archive.search.index_dossier(arc_file_code)
    except Exception as exc:  # any backend error; the catalog and storage are already right
        log.warning("index update after a metadata change failed: %s", exc, exc_info=True)
        raise Unavailable(
            f"đã lưu thay đổi nhưng chưa cập nhật được chỉ mục tìm kiếm: chạy 'archive search "
            f"reindex' / the change is stored but the search index could not be updated: run "
            f"'archive search reindex' ({type(exc).__name__}: {exc})"
        ) from exc
