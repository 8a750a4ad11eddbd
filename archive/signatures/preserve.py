"""``archive preserve run``: keep signed originals provable over time.

Per file (original, or its current preservation copy), in this order of urgency:

- **augment**: a B-T/B-LT original gets a PAdES-LTA preservation copy (DSS + document timestamp);
- **renew**: a B-LTA copy whose protection horizon is within ``renewal_margin_days`` gets a new
  archive timestamp (``update_archival_timestamp_chain``);
- **revalidate**: anything validated longer ago than ``revalidate_after_days`` is validated again;
  a change of verdict (for example newly revoked) is reported loudly.

Copies are written as a new OCFL version of the dossier (``representations/rep2/data/<name>``,
with a manifest in ``metadata/preservation/lta/<docCode>.json`` and the new report beside the
first one); the original in ``representations/rep1/data`` is never touched. Each file is claimed
with a conditional UPDATE before work starts, so several workers can run at once, and each file
is committed on its own, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.catalog.models import Document, Dossier, File, FileValidation
from archive.catalog.records import add_validation
from archive.db.engine import unit_of_work
from archive.errors import ArchiveError
from archive.signatures.augment import augment, timestamper_for
from archive.signatures.step import PyHankoSignatureStep, signature_dir, validation_settings
from archive.signatures.validate import ValidationSettings, validate_pdf

__all__ = ["PreserveReport", "WorkItem", "plan", "run"]


@dataclass(frozen=True)
class WorkItem:
    """One file that needs attention, and why."""

    validation_id: int
    file_id: int
    doc_code: str
    object_id: str
    arc_file_code: str
    path: str
    action: str  # augment | renew | revalidate
    bottom_line: str
    horizon: str | None


@dataclass
class ItemResult:
    """What a worker did with one item."""

    item: WorkItem
    done: str  # augmented | renewed | revalidated | skipped | failed
    before: str
    after: str | None = None
    message: str = ""

    @property
    def changed(self) -> bool:
        """The verdict moved (a loud event for operators)."""
        return self.after is not None and self.after != self.before

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
            "message": self.message,
            "horizon": self.item.horizon,
        }


@dataclass
class PreserveReport:
    """The outcome of one run."""

    dry_run: bool
    planned: list[WorkItem] = field(default_factory=list)
    results: list[ItemResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "dry_run": self.dry_run,
            "planned": [
                {
                    "doc_code": i.doc_code,
                    "file": i.path,
                    "action": i.action,
                    "horizon": i.horizon,
                    "bottom_line": i.bottom_line,
                }
                for i in self.planned
            ],
            "results": [r.as_dict() for r in self.results],
            "changed": [r.as_dict() for r in self.results if r.changed],
            "failed": [r.as_dict() for r in self.results if r.done == "failed"],
        }


def _action(v: FileValidation, now: datetime, settings: Any) -> str | None:
    margin = (now + timedelta(days=settings.renewal_margin_days)).date().isoformat()
    if v.pades_level in ("B-T", "B-LT") and v.bottom_line != "TOTAL_FAILED":
        return "augment"
    if v.pades_level == "B-LTA" and v.horizon is not None and v.horizon <= margin:
        return "renew"
    stale = (now - timedelta(days=settings.revalidate_after_days)).isoformat()
    if v.validated_at < stale:
        return "revalidate"
    return None


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
        .where(
            or_(
                FileValidation.claimed_until.is_(None),
                FileValidation.claimed_until < now.isoformat(),
            )
        )
        .order_by(FileValidation.horizon, FileValidation.validated_at)
    ).all()
    order = {"augment": 0, "renew": 1, "revalidate": 2}
    items = [
        WorkItem(
            v.id,
            f.id,
            d.doc_code,
            s.object_id,
            s.arc_file_code,
            f.path,
            action,
            v.bottom_line,
            v.horizon,
        )
        for v, f, d, s in rows
        if (action := _action(v, now, settings))
    ]
    items.sort(key=lambda i: order[i.action])
    return items[:limit] if limit else items


def _claim(sessions: Any, item: WorkItem, worker: str, until: datetime, now: datetime) -> bool:
    with unit_of_work(sessions) as session:
        result = session.execute(
            update(FileValidation)
            .where(FileValidation.id == item.validation_id)
            .where(
                or_(
                    FileValidation.claimed_until.is_(None),
                    FileValidation.claimed_until < now.isoformat(),
                )
            )
            .values(claimed_by=worker, claimed_until=until.isoformat())
        )
        return bool(getattr(result, "rowcount", 0) == 1)


@contextmanager
def _local_copy(archive: Any, item: WorkItem) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(
        prefix="archive-preserve-", dir=archive.settings.staging_dir
    ) as tmp:
        path = Path(tmp) / PurePosixPath(item.path).name
        with archive.ocfl.open_logical(item.object_id, item.path) as src, path.open("wb") as dst:
            while chunk := src.read(1024 * 1024):
                dst.write(chunk)
        yield path


def _kept(archive: Any, item: WorkItem, cfg: ValidationSettings) -> ValidationSettings:
    from archive.signatures.verify import kept_validation_data

    return kept_validation_data(archive.ocfl, item.object_id, item.doc_code, cfg)


def _revalidate(
    archive: Any, item: WorkItem, cfg: ValidationSettings, agents: list[AgentRef]
) -> ItemResult:
    with _local_copy(archive, item) as copy:
        report, _ = validate_pdf(copy, _kept(archive, item, cfg), name=item.path)
    result = ItemResult(item, "revalidated", item.bottom_line, report.bottom_line)
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        file = session.get(File, item.file_id)
        assert file is not None
        previous = session.get(FileValidation, item.validation_id)
        report_path = previous.report_path if previous else ""
        version = previous.report_version if previous else ""
        add_validation(session, file, report.as_dict(), report_path, version)
        append_events(session, [_validation_event(item, report.bottom_line, result, agents)])
    return result


def _validation_event(
    item: WorkItem, after: str, result: ItemResult, agents: list[AgentRef]
) -> NewEvent:
    loud = " — THAY ĐỔI / CHANGED" if result.changed else ""
    outcome = {"TOTAL_PASSED": "success", "INDETERMINATE": "warning", "TOTAL_FAILED": "failure"}[
        after
    ]
    return NewEvent(
        "validation",
        f"Kiểm tra lại chữ ký số / Periodic signature revalidation of {item.path}: "
        f"{item.bottom_line} → {after}{loud}",
        outcome=outcome,  # type: ignore[arg-type]
        agents=agents,
        objects=[(item.doc_code, "source"), (f"{item.arc_file_code}/{item.path}", "source")],
    )


def _augment(
    archive: Any, item: WorkItem, cfg: ValidationSettings, agents: list[AgentRef]
) -> ItemResult:
    timestamper = timestamper_for(archive.settings.tsa_url)
    name = PurePosixPath(item.path).name
    with _local_copy(archive, item) as copy:
        out = copy.with_name(f"lta-{name}")
        done = augment(copy, out, cfg, timestamper)
        report, data = validate_pdf(out, cfg, name=name)
        step = PyHankoSignatureStep(archive.settings)
        base = signature_dir(item.doc_code)
        extra = {
            k.replace(f"{base}/report.json", f"{base}/lta-report.json"): v
            for k, v in step.files_for(item.doc_code, report, data).items()
        }
        current = f"representations/rep2/data/{name}"
        original = f"representations/rep1/data/{name}"
        manifest = {
            "docCode": item.doc_code,
            "original": original,
            "current": current,
            "report": f"{base}/lta-report.json",
            "action": done.action,
            "at": datetime.now(UTC).isoformat(),
        }
        files: dict[str, bytes | Path] = {
            current: out,
            **extra,
            f"metadata/preservation/lta/{item.doc_code}.json": (
                json.dumps(manifest, indent=2) + "\n"
            ).encode(),
        }
        inventory = archive.ocfl.add_version(
            item.object_id,
            archive.settings.staging_dir,
            files,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            message=f"{done.action} {item.doc_code} to PAdES B-LTA",
            user_name=agents[0].name,
            user_address=f"urn:archive:agent:{agents[0].identifier}",
        )
    result = ItemResult(
        item,
        done.action,
        item.bottom_line,
        report.bottom_line,
        f"{done.size_before} → {done.size_after} B",
    )
    _catalog_copy(
        archive, item, inventory, current, report.as_dict(), manifest, done.action, agents, result
    )
    return result


def _catalog_copy(
    archive: Any,
    item: WorkItem,
    inventory: dict[str, Any],
    current: str,
    report: dict[str, Any],
    manifest: dict[str, str],
    action: str,
    agents: list[AgentRef],
    result: ItemResult,
) -> None:
    version = inventory["head"]
    state = inventory["versions"][version]["state"]
    digest = next(d for d, paths in state.items() if current in paths)
    sha256 = next(
        h
        for h, paths in inventory["fixity"]["sha256"].items()
        if inventory["manifest"][digest][0] in paths
    )
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        old = session.get(File, item.file_id)
        assert old is not None
        copy = File(
            dossier_id=old.dossier_id,
            document_id=old.document_id,
            role="preservation",
            path=current,
            original_name=old.original_name,
            size=archive.ocfl.store.size(
                archive.ocfl.content_key(item.object_id, inventory["manifest"][digest][0])
            ),
            sha256=sha256,
            sha512=digest,
            mime_type=old.mime_type,
            format_name=old.format_name,
            format_puid=old.format_puid,
            store=old.store,
            content_path=inventory["manifest"][digest][0],
            version=version,
        )
        session.add(copy)
        session.flush()
        add_validation(session, copy, report, manifest["report"], version)
        session.execute(
            update(FileValidation)
            .where(FileValidation.file_id == old.id)
            .values(superseded_by=copy.id, claimed_by=None, claimed_until=None)
        )
        dossier = session.get(Dossier, old.dossier_id)
        assert dossier is not None
        dossier.object_version = version
        append_events(
            session,
            [
                NewEvent(
                    "digital signature generation",
                    f"Bổ sung dữ liệu xác thực và dấu thời gian lưu trữ (PAdES-LTA, {action}) cho "
                    f"{item.doc_code} / PAdES-LTA archive timestamp ({action}); original unchanged",
                    agents=agents,
                    objects=[
                        (item.doc_code, "source"),
                        (f"{item.arc_file_code}/{item.path}", "source"),
                        (f"{item.arc_file_code}/{current}", "outcome"),
                    ],
                ),
                _validation_event(
                    replace(item, path=current), report["bottom_line"], result, agents
                ),
            ],
        )


def run(
    archive: Any,
    *,
    agent: AgentRef,
    dry_run: bool = False,
    limit: int | None = None,
    now: datetime | None = None,
) -> PreserveReport:
    """Plan and (unless ``dry_run``) do the work, one claimed file at a time."""
    now = now or datetime.now(UTC)
    with unit_of_work(archive.sessions) as session:
        items = plan(session, archive.settings, now, limit)
    report = PreserveReport(dry_run, items)
    if dry_run:
        return report
    worker = f"{socket.gethostname()}:{os.getpid()}"
    until = now + timedelta(minutes=archive.settings.preserve_claim_minutes)
    cfg = validation_settings(archive.settings)
    from archive.bootstrap import software_agent

    agents = [agent, software_agent()]
    for item in items:
        if not _claim(archive.sessions, item, worker, until, now):
            continue
        try:
            work = _augment if item.action in ("augment", "renew") else _revalidate
            report.results.append(work(archive, item, cfg, agents))
        except ArchiveError as exc:
            report.results.append(ItemResult(item, "failed", item.bottom_line, None, str(exc)))
            _release(archive, item)
    return report


def _release(archive: Any, item: WorkItem) -> None:
    with unit_of_work(archive.sessions) as session:
        session.execute(
            update(FileValidation)
            .where(FileValidation.id == item.validation_id)
            .values(claimed_by=None, claimed_until=None)
        )
