"""``archive preserve run``: keep signed originals provable over time.

Per file (original, or its current preservation copy), in this order of urgency:

- **augment**: a B-T/B-LT original whose last verdict is TOTAL_PASSED gets a PAdES-LTA
  preservation copy (DSS + document timestamp). An INDETERMINATE one is not augmented (its
  validation data cannot be gathered while it does not validate); it is revalidated on schedule
  and augmented once it passes. B-B files are never augmented (``augment.B_B_REFUSAL``);
- **renew**: a B-LTA file whose protection horizon is within ``renewal_margin_days`` gets a new
  archive timestamp (``update_archival_timestamp_chain``). A renewal that would not move the
  horizon later (the new timestamp's algorithms or TSA certificate end no later) is not stored:
  the item fails with the reason, so the operator changes the TSA or reviews the crypto-suite
  table instead of the job adding a useless version every night;
- **revalidate**: anything validated longer ago than ``revalidate_after_days`` is validated again;
  a change of verdict or of any signature's status (for example newly revoked) is reported
  loudly (``ItemResult.changed``, the CLI exits 1).

Copies are written as a new OCFL version of the dossier: ``representations/rep2/data/<name>``
(the original's path with ``rep1`` → ``rep2``), a manifest ``metadata/preservation/lta/
<docCode>.json`` (source path and SHA-512, copy path, report, action, TSA, time), the copy's
report ``metadata/preservation/signatures/<docCode>/lta-report.json`` and the validation data
gathered (beside the ingest report). The original in ``representations/rep1/data`` is never
touched and stays a byte prefix of the copy. A copy is only stored when it validates no worse
than what it preserves.

Workers and crashes:

- each file is claimed with a conditional UPDATE (not superseded, no live claim) before work
  starts, so several workers (processes, hosts) can run at once; a claim lapses after
  ``preserve_claim_minutes`` so the work of a dead worker is taken over;
- two documents of one dossier share an OCFL object: when another worker published the version
  number first (``ObjectExists``), the version is rebuilt on the new head and published again;
- each file is committed on its own. A run that died after publishing the version but before the
  catalog commit is finished by the next run: the manifest in the head version names the source
  it was made from (SHA-512), and a copy the catalog does not know yet is *adopted* (catalogued,
  events recorded) instead of being made again.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.catalog.models import Document, Dossier, File, FileValidation, Signature
from archive.catalog.records import add_validation
from archive.db.engine import unit_of_work
from archive.errors import (
    ArchiveError,
    ChecksumMismatch,
    Conflict,
    IntegrityFailure,
    NotSupported,
    ObjectExists,
)
from archive.holdings.copies import lock_date
from archive.services import Services
from archive.signatures.augment import augment, timestamper_for
from archive.signatures.horizon import DEFAULT_CRYPTO_SUITE, protection_horizon
from archive.signatures.report import ValidationReport
from archive.signatures.step import PyHankoSignatureStep, signature_dir, validation_settings
from archive.signatures.validate import ValidationSettings, validate_pdf
from archive.storage.digest import copy_with_digests, file_digests
from archive.storage.ocfl import content_sha256, scratch

__all__ = ["ItemResult", "PreserveReport", "WorkItem", "copy_path", "manifest_path", "plan", "run"]

_T = TypeVar("_T")
_RANK = {"TOTAL_FAILED": 0, "INDETERMINATE": 1, "TOTAL_PASSED": 2}
_OUTCOME = {"TOTAL_PASSED": "success", "INDETERMINATE": "warning", "TOTAL_FAILED": "failure"}
_PUBLISH_ATTEMPTS = 5


def manifest_path(doc_code: str) -> str:
    """AIP path of the manifest of a document's preservation copy."""
    return f"metadata/preservation/lta/{doc_code}.json"


def copy_path(original: str) -> str:
    """AIP path of the preservation copy of an original: its path in representation rep2."""
    parts = original.split("/")
    if len(parts) > 3 and parts[0] == "representations" and parts[2] == "data":
        return "/".join(["representations", "rep2", *parts[2:]])
    return f"representations/rep2/data/{PurePosixPath(original).name}"


@dataclass(frozen=True)
class WorkItem:
    """One file that needs attention, and why."""

    validation_id: int
    file_id: int
    document_id: int | None
    doc_code: str
    object_id: str
    arc_file_code: str
    path: str
    content_path: str
    sha512: str
    action: str  # augment | renew | revalidate
    bottom_line: str
    horizon: str | None
    pades_level: str | None


@dataclass
class ItemResult:
    """What a worker did with one item."""

    item: WorkItem
    done: str  # augmented | renewed | revalidated | failed
    before: str
    after: str | None = None
    message: str = ""
    changes: list[str] = field(default_factory=list)  # signature statuses that moved
    horizon: str | None = None  # after the work
    version: str | None = None  # OCFL version of a new copy

    @property
    def changed(self) -> bool:
        """The verdict or a signature's status moved (a loud event for operators)."""
        return bool(self.changes) or (self.after is not None and self.after != self.before)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "doc_code": self.item.doc_code,
            "file": self.item.path,
            "action": self.item.action,
            "done": self.done,
            "before": self.before,
            "after": self.after,
            "changed": self.changed,
            "changes": self.changes,
            "message": self.message,
            "horizon_before": self.item.horizon,
            "horizon": self.horizon,
            "version": self.version,
        }


@dataclass
class PreserveReport:
    """The outcome of one run."""

    dry_run: bool
    planned: list[WorkItem] = field(default_factory=list)
    results: list[ItemResult] = field(default_factory=list)
    # RFC 4998 evidence-record batches due for renewal, and what was done (archive.evidence).
    evidence: list[Any] = field(default_factory=list)

    @property
    def evidence_failed(self) -> list[Any]:
        """Evidence renewals that could not be done (the reason is their message)."""
        return [] if self.dry_run else [r for r in self.evidence if not r.done]

    @property
    def failed(self) -> list[ItemResult]:
        """Items that could not be done (the reason is their message)."""
        return [r for r in self.results if r.done == "failed"]

    @property
    def changed(self) -> list[ItemResult]:
        """Items whose verdict or signature status changed."""
        return [r for r in self.results if r.changed]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "dry_run": self.dry_run,
            "planned": [
                {
                    "doc_code": i.doc_code,
                    "file": i.path,
                    "action": i.action,
                    "pades_level": i.pades_level,
                    "horizon": i.horizon,
                    "bottom_line": i.bottom_line,
                }
                for i in self.planned
            ],
            "results": [r.as_dict() for r in self.results],
            "changed": [r.as_dict() for r in self.changed],
            "failed": [r.as_dict() for r in self.failed],
            "evidence": [r.as_dict() for r in self.evidence],
        }


# --------------------------------------------------------------------------- planning


def _action(v: FileValidation, now: datetime, settings: Any) -> str | None:
    margin = (now + timedelta(days=settings.renewal_margin_days)).date().isoformat()
    if v.pades_level in ("B-T", "B-LT") and v.bottom_line == "TOTAL_PASSED":
        return "augment"
    if (
        v.pades_level == "B-LTA"
        and v.bottom_line != "TOTAL_FAILED"
        and v.horizon is not None
        and v.horizon <= margin
    ):
        return "renew"
    stale = (now - timedelta(days=settings.revalidate_after_days)).isoformat()
    if v.validated_at < stale:
        return "revalidate"
    return None


def _free(now: datetime) -> Any:
    """Rows no live claim holds."""
    return or_(
        FileValidation.claimed_until.is_(None), FileValidation.claimed_until < now.isoformat()
    )


def plan(
    session: Session, settings: Any, now: datetime, limit: int | None = None
) -> list[WorkItem]:
    """Files needing work, most urgent first (augment, renew, then revalidate)."""
    rows = session.execute(
        select(FileValidation, File, Document, Dossier)
        .join(File, FileValidation.file_id == File.id)
        .join(Document, File.document_id == Document.id)
        .join(Dossier, File.dossier_id == Dossier.id)
        .where(FileValidation.superseded_by.is_(None))
        .where(_free(now))
        .order_by(FileValidation.horizon, FileValidation.validated_at, FileValidation.id)
    ).all()
    order = {"augment": 0, "renew": 1, "revalidate": 2}
    items = [
        WorkItem(
            validation_id=v.id,
            file_id=f.id,
            document_id=f.document_id,
            doc_code=d.doc_code,
            object_id=s.object_id,
            arc_file_code=s.arc_file_code,
            path=f.path,
            content_path=f.content_path,
            sha512=f.sha512,
            action=action,
            bottom_line=v.bottom_line,
            horizon=v.horizon,
            pades_level=v.pades_level,
        )
        for v, f, d, s in rows
        if (action := _action(v, now, settings))
    ]
    items.sort(key=lambda i: order[i.action])
    return items[:limit] if limit else items


# --------------------------------------------------------------------------- claims


def _claim(sessions: Any, item: WorkItem, worker: str, minutes: int) -> bool:
    """Take the item unless it is done or another live worker holds it."""
    now = datetime.now(UTC)  # not the planning time: a long run must not hand out lapsed claims
    with unit_of_work(sessions) as session:
        result = session.execute(
            update(FileValidation)
            .where(FileValidation.id == item.validation_id)
            .where(FileValidation.superseded_by.is_(None))
            .where(_free(now))
            .values(claimed_by=worker, claimed_until=(now + timedelta(minutes=minutes)).isoformat())
        )
        return bool(getattr(result, "rowcount", 0) == 1)


def _release(archive: Services, item: WorkItem) -> None:
    try:
        with unit_of_work(archive.sessions) as session:
            session.execute(
                update(FileValidation)
                .where(FileValidation.id == item.validation_id)
                .values(claimed_by=None, claimed_until=None)
            )
    except ArchiveError:
        pass  # the claim lapses by itself


# --------------------------------------------------------------------------- storage helpers


def _steady(ocfl: Any, object_id: str, read: Callable[[], _T]) -> _T:
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


@contextmanager
def _workdir(archive: Services) -> Iterator[Path]:
    """Scratch space in the staging area (same filesystem as the store); named so that
    ``bootstrap._clean_staging`` removes it if this process dies."""
    with scratch(archive.settings.staging_dir, "preserve") as folder:
        yield folder


def _fetch(archive: Services, item: WorkItem, folder: Path) -> Path:
    """The bytes the catalog knows for the item, checked against its SHA-512."""
    path = folder / PurePosixPath(item.path).name
    key = archive.ocfl.content_key(item.object_id, item.content_path)
    with archive.ocfl.store.open(key) as src, path.open("wb") as dst:
        digests = copy_with_digests(src, dst)
    if digests.sha512 != item.sha512:
        raise ChecksumMismatch(key, "SHA-512", item.sha512, digests.sha512)
    return path


def _read_json(archive: Services, object_id: str, logical: str) -> dict[str, Any]:
    def read() -> dict[str, Any]:
        with archive.ocfl.open_logical(object_id, logical) as fh:
            data: dict[str, Any] = json.load(fh)
        return data

    return _steady(archive.ocfl, object_id, read)


def _head_digest(inventory: dict[str, Any], logical: str) -> str | None:
    state = inventory["versions"][inventory["head"]]["state"]
    return next((d for d, paths in state.items() if logical in paths), None)


@dataclass(frozen=True)
class _Copy:
    """A preservation copy as stored: where, which version, digests, and its report."""

    path: str
    version: str
    content_path: str
    sha256: str
    sha512: str
    size: int
    report: dict[str, Any]
    report_path: str
    action: str


def _stored_copy(
    archive: Services,
    item: WorkItem,
    inventory: dict[str, Any],
    manifest: dict[str, Any],
    report: dict[str, Any],
) -> _Copy:
    current = manifest["current"]
    digest = _head_digest(inventory, current)
    if digest is None:
        raise IntegrityFailure(f"{item.object_id}: {current} is not in the head version")
    content = inventory["manifest"][digest][0]
    sha256 = content_sha256(inventory)[content]
    return _Copy(
        path=current,
        version=content.split("/", 1)[0],
        content_path=content,
        sha256=sha256,
        sha512=digest,
        size=archive.ocfl.store.size(archive.ocfl.content_key(item.object_id, content)),
        report=report,
        report_path=manifest["report"],
        action=manifest["action"],
    )


def _publish(
    archive: Services,
    item: WorkItem,
    folder: Path,
    files: dict[str, bytes | Path],
    message: str,
    agents: list[AgentRef],
) -> dict[str, Any]:
    """Add a version with ``files``; rebuilt on the new head if another worker won the race."""
    ocfl = archive.ocfl
    with unit_of_work(archive.sessions) as session:
        dossier = session.scalar(select(Dossier).where(Dossier.object_id == item.object_id))
        # Locked as long as the dossier (a lock past its retention would stop its disposal).
        until = lock_date(dossier) if dossier is not None else None
    for attempt in range(_PUBLISH_ATTEMPTS):
        head = _steady(ocfl, item.object_id, lambda: ocfl.inventory(item.object_id))
        # Files already in the head with the same bytes (validation data kept at ingest) are
        # left as they are: a version restates only what changes.
        changed = {
            path: source
            for path, source in files.items()
            if isinstance(source, Path) or _head_digest(head, path) != _sha512(source)
        }
        add = partial(
            ocfl.add_version,
            item.object_id,
            folder / f"publish-{attempt}",
            changed,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            message=message,
            user_name=agents[0].name,
            user_address=f"urn:archive:agent:{agents[0].identifier}",
            retain_until=until,
        )
        try:
            # add_version reads the root inventory before it stages anything: a read that
            # meets another worker's promote half-way is simply tried again.
            inventory: dict[str, Any] = _steady(ocfl, item.object_id, add)
        except ObjectExists:
            continue  # another document of the dossier got this version number first
        # A concurrent writer may have promoted a later version before our promote landed.
        while ocfl.recover(item.object_id):
            pass
        return inventory
    raise Conflict(
        f"{item.object_id}: phiên bản mới bị tranh chấp {_PUBLISH_ATTEMPTS} lần / lost the race "
        f"for a new version {_PUBLISH_ATTEMPTS} times; run again"
    )


def _sha512(data: bytes) -> str:
    return hashlib.sha512(data).hexdigest()


# --------------------------------------------------------------------------- augment and renew


def _original_path(archive: Services, item: WorkItem) -> str:
    if item.action == "augment":
        return item.path
    with unit_of_work(archive.sessions) as session:
        path = session.scalar(
            select(File.path)
            .where(File.document_id == item.document_id, File.role == "original")
            .order_by(File.id)
        )
    return path or item.path


def _adoptable(archive: Services, item: WorkItem) -> _Copy | None:
    """A copy made from this very file by a run that died before its catalog commit."""
    ocfl = archive.ocfl
    inventory = _steady(ocfl, item.object_id, lambda: ocfl.inventory(item.object_id))
    if _head_digest(inventory, manifest_path(item.doc_code)) is None:
        return None
    manifest = _read_json(archive, item.object_id, manifest_path(item.doc_code))
    if manifest.get("source_sha512") != item.sha512:
        return None  # made from something else: an older copy, already catalogued
    current = _head_digest(inventory, manifest["current"])
    if current is None or current == item.sha512:
        return None
    report = _read_json(archive, item.object_id, manifest["report"])
    return _stored_copy(archive, item, inventory, manifest, report)


def _suite(settings: Any) -> dict[str, str]:
    """The crypto-suite table of the settings."""
    return dict(settings.crypto_suite) or DEFAULT_CRYPTO_SUITE


def _check_copy(
    item: WorkItem, report: ValidationReport, action: str, suite: dict[str, str]
) -> str | None:
    """The copy must validate no worse, and a renewal must move the horizon later."""
    if _RANK[report.bottom_line] < _RANK[item.bottom_line]:
        worst = min(report.signatures, key=lambda s: _RANK[s.indication], default=None)
        why = (
            f"{worst.field}: {worst.status}, {worst.messages_en[0]}"
            if worst
            else report.error or ""
        )
        if worst is not None and worst.subindication == "NO_POE":
            why += " (right after a new timestamp: is this host's clock behind the TSA's?)"
        raise Conflict(
            f"{item.doc_code}: bản {action} xác thực {report.bottom_line} (trước: "
            f"{item.bottom_line}), không lưu / the {action} copy validates {report.bottom_line} "
            f"(was {item.bottom_line}; {why}): not stored"
        )
    horizon = protection_horizon(report.as_dict(), suite)
    new = horizon.isoformat() if horizon else None
    if item.action == "renew" and (new is None or (item.horizon and new <= item.horizon)):
        stamps = [s for s in report.signatures if s.kind == "timestamp" and s.timestamp_time]
        newest = max(stamps, key=lambda s: s.timestamp_time or "") if stamps else None
        limit = (
            f"{newest.digest_algorithm} / {newest.signature_algorithm}, TSA certificate until "
            f"{(newest.not_after or '')[:10]}"
            if newest
            else "no timestamp"
        )
        raise Conflict(
            f"{item.doc_code}: gia hạn không kéo dài hạn bảo vệ ({item.horizon} → {new}), không "
            f"lưu; cần dịch vụ cấp dấu thời gian có thuật toán/chứng thư mạnh hơn hoặc xem lại "
            f"bảng thuật toán / renewal would not move the protection horizon ({item.horizon} → "
            f"{new}; newest timestamp: {limit}): not stored. Use a TSA whose certificate and "
            f"algorithms last longer, or review the crypto-suite table"
        )
    return new


def _augment(
    archive: Services,
    item: WorkItem,
    cfg: ValidationSettings,
    agents: list[AgentRef],
    worker: str,
) -> ItemResult:
    adopted = _adoptable(archive, item)
    if adopted is not None:
        result = ItemResult(
            item,
            adopted.action,
            item.bottom_line,
            adopted.report["bottom_line"],
            f"bản đã lưu ở {adopted.version} được ghi nhận / copy stored in {adopted.version} by "
            f"an interrupted run adopted",
            version=adopted.version,
        )
        _catalog_copy(archive, item, adopted, agents, result, worker)
        return result
    timestamper = timestamper_for(archive.settings.tsa_url)
    original = _original_path(archive, item)
    current = copy_path(original)
    name = PurePosixPath(current).name
    with _workdir(archive) as folder:
        source = _fetch(archive, item, folder)
        out = folder / f"lta-{name}"
        done = augment(source, out, cfg, timestamper)
        report, data = validate_pdf(out, cfg, name=name)
        horizon = _check_copy(item, report, done.action, _suite(archive.settings))
        base = signature_dir(item.doc_code)
        report_path = f"{base}/lta-report.json"
        step = PyHankoSignatureStep(archive.settings)
        extra = {
            (report_path if k == f"{base}/report.json" else k): v
            for k, v in step.files_for(item.doc_code, report, data).items()
        }
        manifest = {
            "docCode": item.doc_code,
            "original": original,
            "source": item.path,
            "source_sha512": item.sha512,
            "current": current,
            "sha512": file_digests(out).sha512,
            "report": report_path,
            "action": done.action,
            "tsa": archive.settings.tsa_url,
            "at": datetime.now(UTC).isoformat(),
        }
        files: dict[str, bytes | Path] = {
            current: out,
            **extra,
            manifest_path(item.doc_code): (json.dumps(manifest, indent=2) + "\n").encode(),
        }
        inventory = _publish(
            archive,
            item,
            folder,
            files,
            f"{done.action} {item.doc_code} to PAdES B-LTA",
            agents,
        )
    copy = _stored_copy(archive, item, inventory, manifest, report.as_dict())
    result = ItemResult(
        item,
        done.action,
        item.bottom_line,
        report.bottom_line,
        f"{done.size_before} → {done.size_after} B",
        horizon=horizon,
        version=copy.version,
    )
    _catalog_copy(archive, item, copy, agents, result, worker)
    return result


def _still_ours(session: Session, item: WorkItem, worker: str) -> FileValidation:
    """The item's validation row, still claimed by this worker and not superseded."""
    row = session.get(FileValidation, item.validation_id)
    if row is None or row.superseded_by is not None or row.claimed_by != worker:
        raise Conflict(
            f"{item.doc_code}: một tiến trình khác đã tiếp nhận / taken over by another worker "
            f"(claim lapsed); nothing recorded"
        )
    return row


def _version_number(version: str) -> int:
    return int(version[1:])


def _catalog_copy(
    archive: Services,
    item: WorkItem,
    copy: _Copy,
    agents: list[AgentRef],
    result: ItemResult,
    worker: str,
) -> None:
    """Record the copy, its validation, the supersession and the events, in one transaction."""
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        _still_ours(session, item, worker)
        old = session.get(File, item.file_id)
        assert old is not None
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
        validation = add_validation(
            session, row, copy.report, copy.report_path, copy.version, _suite(archive.settings)
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


# --------------------------------------------------------------------------- revalidate


def _statuses(rows: list[Any]) -> dict[str, str]:
    return {
        r.field: f"{r.indication}{'/' + r.subindication if r.subindication else ''} "
        f"({r.revocation_status})"
        for r in rows
    }


def _revalidate(
    archive: Services,
    item: WorkItem,
    cfg: ValidationSettings,
    agents: list[AgentRef],
    worker: str,
) -> ItemResult:
    from archive.signatures.verify import kept_validation_data

    ocfl = archive.ocfl
    with _workdir(archive) as folder:
        copy = _fetch(archive, item, folder)
        kept = _steady(
            ocfl,
            item.object_id,
            lambda: kept_validation_data(ocfl, item.object_id, item.doc_code, cfg),
        )
        report, _ = validate_pdf(copy, kept, name=item.path)
    result = ItemResult(item, "revalidated", item.bottom_line, report.bottom_line)
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        previous = _still_ours(session, item, worker)
        file = session.get(File, item.file_id)
        assert file is not None
        before = _statuses(
            list(session.scalars(select(Signature).where(Signature.file_id == file.id)))
        )
        after = _statuses(report.signatures)
        result.changes = [
            f"{name}: {before.get(name, '—')} → {after.get(name, '—')}"
            for name in sorted(set(before) | set(after))
            if before.get(name) != after.get(name)
        ]
        validation = add_validation(
            session,
            file,
            report.as_dict(),
            previous.report_path,
            previous.report_version,
            _suite(archive.settings),
        )
        result.horizon = validation.horizon
        append_events(session, [_validation_event(item, report.bottom_line, result, agents)])
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


# --------------------------------------------------------------------------- run


def run(
    archive: Services,
    *,
    agent: AgentRef,
    dry_run: bool = False,
    limit: int | None = None,
    now: datetime | None = None,
) -> PreserveReport:
    """Plan and (unless ``dry_run``) do the work, one claimed file at a time.

    ``now`` is the planning time (which files are due); claims always use the clock.
    """
    now = now or datetime.now(UTC)
    with unit_of_work(archive.sessions) as session:
        items = plan(session, archive.settings, now, limit)
    report = PreserveReport(dry_run, items)
    from archive.evidence.service import renew_due

    if dry_run:
        report.evidence = renew_due(archive, agent=agent, now=now, dry_run=True)
        return report
    worker = f"{socket.gethostname()}:{os.getpid()}"
    cfg = validation_settings(archive.settings)
    agents = [agent, software_agent()]
    no_tsa = None
    try:
        timestamper_for(archive.settings.tsa_url)
    except NotSupported as exc:
        no_tsa = str(exc)
    for item in items:
        if no_tsa and item.action in ("augment", "renew"):
            # Said plainly, and nothing is claimed or written.
            report.results.append(ItemResult(item, "failed", item.bottom_line, None, no_tsa))
            continue
        if not _claim(archive.sessions, item, worker, archive.settings.preserve_claim_minutes):
            continue
        work = _augment if item.action in ("augment", "renew") else _revalidate
        try:
            report.results.append(work(archive, item, cfg, agents, worker))
        except ArchiveError as exc:
            report.results.append(ItemResult(item, "failed", item.bottom_line, None, str(exc)))
            _release(archive, item)
        except BaseException:
            _release(archive, item)
            raise
    report.evidence = renew_due(archive, agent=agent, now=now, dry_run=False)
    return report
