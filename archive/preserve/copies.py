"""Making the copies: PAdES-LTA augmentation and archive-timestamp renewal through pyHanko, and
revalidation of what is stored.

A copy is only stored when it validates no worse than what it preserves, and a renewal only
when it moves the protection horizon later (``check_copy``). A copy that a run published but
did not catalog before it died is adopted instead of being made again (``adoptable``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import select

from archive.audit.chain import AgentRef
from archive.catalog.models import File
from archive.clock import utc_now
from archive.db.engine import unit_of_work
from archive.errors import ChecksumMismatch, Conflict
from archive.evidence.verify import kept_validation_data
from archive.preserve import record
from archive.preserve.model import (
    ItemResult,
    StoredCopy,
    WorkItem,
    copy_path,
    manifest_path,
)
from archive.services import Services
from archive.signatures.augment import augment
from archive.signatures.horizon import protection_horizon
from archive.signatures.report import ValidationReport
from archive.signatures.step import PyHankoSignatureStep, signature_dir
from archive.signatures.validate import ValidationSettings, validate_pdf
from archive.storage.digest import copy_with_digests, file_digests
from archive.storage.ocfl import scratch

__all__ = ["adoptable", "augment_item", "check_copy", "revalidate_item"]

# A copy that no longer shows the original's signatures is as bad as a failed one.
_RANK = {"NO_SIGNATURE": 0, "TOTAL_FAILED": 0, "INDETERMINATE": 1, "TOTAL_PASSED": 2}


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


def adoptable(archive: Services, item: WorkItem) -> StoredCopy | None:
    """A copy made from this very file by a run that died before its catalog commit."""
    ocfl = archive.ocfl
    inventory = record.steady(ocfl, item.object_id, lambda: ocfl.inventory(item.object_id))
    if record.head_digest(inventory, manifest_path(item.doc_code)) is None:
        return None
    manifest = record.read_json(ocfl, item.object_id, manifest_path(item.doc_code))
    if manifest.get("source_sha512") != item.sha512:
        return None  # made from something else: an older copy, already catalogued
    current = record.head_digest(inventory, manifest["current"])
    if current is None or current == item.sha512:
        return None
    report = record.read_json(ocfl, item.object_id, manifest["report"])
    return record.stored_copy(ocfl, item, inventory, manifest, report)


def check_copy(
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


def augment_item(
    archive: Services,
    item: WorkItem,
    cfg: ValidationSettings,
    agents: list[AgentRef],
    worker: str,
) -> ItemResult:
    """Augment (B-T/B-LT) or renew (B-LTA) the item's file into a new preservation copy."""
    adopted = adoptable(archive, item)
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
        record.catalog_copy(archive, item, adopted, agents, result, worker)
        return result
    with _workdir(archive) as folder:
        copy, result = _make_copy(archive, item, cfg, agents, folder)
    record.catalog_copy(archive, item, copy, agents, result, worker)
    return result


def _make_copy(
    archive: Services,
    item: WorkItem,
    cfg: ValidationSettings,
    agents: list[AgentRef],
    folder: Path,
) -> tuple[StoredCopy, ItemResult]:
    """Make, check and publish the copy as a new version of the dossier (not yet catalogued)."""
    settings = archive.settings
    timestamper = archive.timestamper()
    original = _original_path(archive, item)
    current = copy_path(original)
    name = PurePosixPath(current).name
    source = _fetch(archive, item, folder)
    out = folder / f"lta-{name}"
    done = augment(source, out, cfg, timestamper)
    report, data = validate_pdf(out, cfg, name=name)
    horizon = check_copy(item, report, done.action, record.suite(settings))
    base = signature_dir(item.doc_code)
    report_path = f"{base}/lta-report.json"
    step = PyHankoSignatureStep(settings)
    extra = {
        (report_path if k == f"{base}/report.json" else k): v
        for k, v in step.files_for(item.doc_code, report, data).items()
    }
    manifest: dict[str, Any] = {
        "docCode": item.doc_code,
        "original": original,
        "source": item.path,
        "source_sha512": item.sha512,
        "current": current,
        "sha512": file_digests(out).sha512,
        "report": report_path,
        "action": done.action,
        "tsa": settings.tsa_url,
        "at": utc_now().isoformat(),
    }
    files: dict[str, bytes | Path] = {
        current: out,
        **extra,
        manifest_path(item.doc_code): (json.dumps(manifest, indent=2) + "\n").encode(),
    }
    message = f"{done.action} {item.doc_code} to PAdES B-LTA"
    inventory = record.publish(archive, item.object_id, folder, files, message, agents)
    copy = record.stored_copy(archive.ocfl, item, inventory, manifest, report.as_dict())
    result = ItemResult(
        item,
        done.action,
        item.bottom_line,
        report.bottom_line,
        f"{done.size_before} → {done.size_after} B",
        horizon=horizon,
        version=copy.version,
    )
    return copy, result


def revalidate_item(
    archive: Services,
    item: WorkItem,
    cfg: ValidationSettings,
    agents: list[AgentRef],
    worker: str,
) -> ItemResult:
    """Validate the item's file again, with the validation data the AIP keeps."""
    ocfl = archive.ocfl
    with _workdir(archive) as folder:
        copy = _fetch(archive, item, folder)
        kept = record.steady(
            ocfl,
            item.object_id,
            lambda: kept_validation_data(ocfl, item.object_id, item.doc_code, cfg),
        )
        report, _ = validate_pdf(copy, kept, name=item.path)
    return record.record_revalidation(archive, item, report, agents, worker)
