"""Catalog writes of ``archive preserve run``: the new OCFL version, the rows, the events.

A copy is published as a new version of the dossier's OCFL object; when another worker (another
document of the dossier) published that version number first (``ObjectExists``), the version is
rebuilt on the new head and published again. The catalog then records, in one transaction, the
copy's ``files`` row, its validation, the supersession of the old validation and the PREMIS
events. Reads of the object ride out another worker's promote of a new version (``steady``).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.audit.rowstate import with_state
from archive.catalog.models import Dossier, File
from archive.clock import catalog_time
from archive.config import DEFAULT_CRYPTO_SUITE, Settings
from archive.db.engine import unit_of_work
from archive.errors import Conflict, IntegrityFailure, ObjectExists
from archive.holdings.copies import lock_date
from archive.packages.records import add_validation
from archive.preserve.model import ItemResult, Status, StoredCopy, WorkItem
from archive.preserve.planning import still_ours
from archive.services import Services
from archive.signatures.models import FileValidation, Signature
from archive.signatures.report import EVENT_OUTCOME, ValidationReport
from archive.storage.ocfl import OcflRoot, content_sha256

__all__ = [
    "catalog_copy",
    "head_digest",
    "publish",
    "read_json",
    "record_revalidation",
    "steady",
    "stored_copy",
    "suite",
]

_T = TypeVar("_T")
_OUTCOME = EVENT_OUTCOME
_PUBLISH_ATTEMPTS = 5


def suite(settings: Settings) -> dict[str, str]:
    """The crypto-suite table of the settings."""
    return dict(settings.crypto_suite) or DEFAULT_CRYPTO_SUITE


# --------------------------------------------------------------------------- reading the object


def steady(ocfl: OcflRoot, object_id: str, read: Callable[[], _T]) -> _T:
    """``read`` the object, riding out another worker's promote of a new version.

    Between replacing the root inventory and its sidecar, a reader sees them disagree; that
    lasts milliseconds and ``recover`` completes it. Damage persists and is raised.
    """
    for attempt in range(3):
        try:
            return read()
        except IntegrityFailure:
            if attempt == 2:
                raise
            time.sleep(0.2 * (attempt + 1))
            ocfl.recover(object_id)
    raise AssertionError("unreachable")


def read_json(ocfl: OcflRoot, object_id: str, logical: str) -> dict[str, Any]:
    """A JSON file of the object's head version."""

    def read() -> dict[str, Any]:
        with ocfl.open_logical(object_id, logical) as fh:
            data: dict[str, Any] = json.load(fh)
        return data

    return steady(ocfl, object_id, read)


def head_digest(inventory: dict[str, Any], logical: str) -> str | None:
    """SHA-512 of a logical path in the head version of ``inventory`` (None: not there)."""
    state = inventory["versions"][inventory["head"]]["state"]
    return next((d for d, paths in state.items() if logical in paths), None)


def stored_copy(
    ocfl: OcflRoot,
    item: WorkItem,
    inventory: dict[str, Any],
    manifest: dict[str, Any],
    report: dict[str, Any],
) -> StoredCopy:
    """The copy named by ``manifest`` as ``inventory`` stores it."""
    current = manifest["current"]
    digest = head_digest(inventory, current)
    if digest is None:
        raise IntegrityFailure(f"{item.object_id}: {current} is not in the head version")
    content = inventory["manifest"][digest][0]
    sha256 = content_sha256(inventory)[content]
    return StoredCopy(
        path=current,
        version=content.split("/", 1)[0],
        content_path=content,
        sha256=sha256,
        sha512=digest,
        size=ocfl.store.size(ocfl.content_key(item.object_id, content)),
        report=report,
        report_path=manifest["report"],
        action=manifest["action"],
    )


# --------------------------------------------------------------------------- new version


def publish(
    archive: Services,
    object_id: str,
    folder: Path,
    files: dict[str, bytes | Path],
    message: str,
    agents: list[AgentRef],
) -> dict[str, Any]:
    """Add a version with ``files``; rebuilt on the new head if another worker won the race."""
    ocfl = archive.ocfl
    with unit_of_work(archive.sessions) as session:
        dossier = session.scalar(select(Dossier).where(Dossier.object_id == object_id))
        # Locked as long as the dossier (a lock past its retention would stop its disposal).
        until = lock_date(dossier) if dossier is not None else None
    for attempt in range(_PUBLISH_ATTEMPTS):
        head = steady(ocfl, object_id, lambda: ocfl.inventory(object_id))
        # Files already in the head with the same bytes (validation data kept at ingest) are
        # left as they are: a version restates only what changes.
        changed = {
            path: source
            for path, source in files.items()
            if isinstance(source, Path) or head_digest(head, path) != _sha512(source)
        }
        add = partial(
            ocfl.add_version,
            object_id,
            folder / f"publish-{attempt}",
            changed,
            created=catalog_time(),
            message=message,
            user_name=agents[0].name,
            user_address=f"urn:archive:agent:{agents[0].identifier}",
            retain_until=until,
        )
        try:
            # add_version reads the root inventory before it stages anything: a read that
            # meets another worker's promote half-way is simply tried again.
            inventory: dict[str, Any] = steady(ocfl, object_id, add)
        except ObjectExists:
            continue  # another document of the dossier got this version number first
        # A concurrent writer may have promoted a later version before our promote landed.
        while ocfl.recover(object_id):
            pass
        return inventory
    raise Conflict(
        f"{object_id}: phiên bản mới bị tranh chấp {_PUBLISH_ATTEMPTS} lần / lost the race "
        f"for a new version {_PUBLISH_ATTEMPTS} times; run again"
    )


def _sha512(data: bytes) -> str:
    return hashlib.sha512(data).hexdigest()


# --------------------------------------------------------------------------- catalog rows


def _version_number(version: str) -> int:
    return int(version[1:])


def _copy_row(session: Session, old: File, copy: StoredCopy) -> File:
    """The copy's ``files`` row (already there when an earlier attempt got this far)."""
    row = session.scalar(
        select(File).where(
            File.dossier_id == old.dossier_id,
            File.path == copy.path,
            File.version == copy.version,
        )
    )
    if row is None:
        row = File(
            dossier_id=old.dossier_id,
            document_id=old.document_id,
            role="preservation",
            path=copy.path,
            original_name=old.original_name,
            size=copy.size,
            sha256=copy.sha256,
            sha512=copy.sha512,
            mime_type=old.mime_type,
            format_name=old.format_name,
            format_puid=old.format_puid,
            store=old.store,
            content_path=copy.content_path,
            version=copy.version,
        )
        session.add(row)
        session.flush()
    return row


def catalog_copy(
    archive: Services,
    item: WorkItem,
    copy: StoredCopy,
    agents: list[AgentRef],
    result: ItemResult,
    worker: str,
) -> None:
    """Record the copy, its validation, the supersession and the events, in one transaction."""
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        still_ours(session, item, worker)
        old = session.get(File, item.file_id)
        assert old is not None
        row = _copy_row(session, old, copy)
        validation = add_validation(
            session, row, copy.report, copy.report_path, copy.version, suite(archive.settings)
        )
        result.horizon = validation.horizon
        session.execute(
            update(FileValidation)
            .where(FileValidation.file_id == old.id)
            .values(superseded_by=row.id, claimed_by=None, claimed_until=None)
        )
        dossier = session.get(Dossier, old.dossier_id)
        assert dossier is not None
        if _version_number(copy.version) > _version_number(dossier.object_version):
            dossier.object_version = copy.version
        append_events(
            session,
            [
                NewEvent(
                    "digital signature generation",
                    f"Bổ sung dữ liệu xác thực và dấu thời gian lưu trữ (PAdES-LTA, {copy.action}) "
                    f"cho {item.doc_code} / PAdES-LTA archive timestamp ({copy.action}) in "
                    f"{copy.version}; original unchanged",
                    agents=agents,
                    objects=[
                        (item.doc_code, "source"),
                        (f"{item.arc_file_code}/{item.path}", "source"),
                        (f"{item.arc_file_code}/{copy.path}", "outcome"),
                    ],
                ),
                _validation_event(
                    replace(item, path=copy.path), copy.report["bottom_line"], result, agents
                ),
            ],
        )


def _statuses(rows: list[Any]) -> dict[str, Status]:
    return {r.field: Status(r.indication, r.subindication, r.revocation_status) for r in rows}


def record_revalidation(
    archive: Services,
    item: WorkItem,
    report: ValidationReport,
    agents: list[AgentRef],
    worker: str,
) -> ItemResult:
    """Record a new validation of the item's file, naming every signature status that moved."""
    result = ItemResult(item, "revalidated", item.bottom_line, report.bottom_line)
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        previous = still_ours(session, item, worker)
        file = session.get(File, item.file_id)
        assert file is not None
        before = _statuses(
            list(session.scalars(select(Signature).where(Signature.file_id == file.id)))
        )
        after = _statuses(report.signatures)
        result.moves = [
            (name, before.get(name), after.get(name))
            for name in sorted(set(before) | set(after))
            if before.get(name) != after.get(name)
        ]
        result.changes = [f"{name}: {was or '—'} → {now or '—'}" for name, was, now in result.moves]
        validation = add_validation(
            session,
            file,
            report.as_dict(),
            previous.report_path,
            previous.report_version,
            suite(archive.settings),
        )
        result.horizon = validation.horizon
        state = {
            "file": [item.arc_file_code, file.path, file.version],
            "report": report.as_dict(),
            "report_path": previous.report_path,
            "report_version": previous.report_version,
        }
        event = _validation_event(item, report.bottom_line, result, agents)
        event = replace(event, outcome_detail=with_state(event.outcome_detail, revalidation=state))
        append_events(session, [event])
    return result


def _validation_event(
    item: WorkItem, after: str, result: ItemResult, agents: list[AgentRef]
) -> NewEvent:
    loud = " — THAY ĐỔI / CHANGED" if result.changed else ""
    return NewEvent(
        "validation",
        f"Kiểm tra lại chữ ký số / Periodic signature revalidation of {item.path}: "
        f"{item.bottom_line} → {after}{loud}",
        outcome=_OUTCOME[after],  # type: ignore[arg-type]
        outcome_detail="; ".join(result.changes),
        agents=agents,
        objects=[(item.doc_code, "source"), (f"{item.arc_file_code}/{item.path}", "source")],
    )
