"""What ``archive evidence …`` and ``archive preserve run`` do with evidence records.

- ``build``: cover every stored file not yet covered (and the audit log) with a new batch;
- ``verify``: a stored document (docCode), a local file the archive holds (found by SHA-256),
  or a standalone ``.ers`` with its data files; offline, from what the archive keeps;
- ``export``: the DER of a stored file's current record;
- ``plan_renewals`` / ``renew``: timestamp or hash-tree renewal of batches whose protection
  horizon comes within ``renewal_margin_days`` (run by ``archive preserve run``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.catalog.models import Document, File
from archive.clock import catalog_time
from archive.config import Settings
from archive.dates import vn_date
from archive.db.engine import unit_of_work
from archive.errors import ArchiveError, Conflict, InvalidInput, NotFound
from archive.evidence.ers import (
    DataObject,
    ErsReport,
    Said,
    hash_tree_renewed,
    last_timestamp_der,
    parse_record,
    renew_hash_tree_leaf,
    request_timestamp,
    timestamp_renewed_der,
    token_info,
    verify_record,
)
from archive.evidence.merkle import MerkleTree, hasher
from archive.evidence.models import EvidenceBatch, EvidenceRecordRow
from archive.evidence.store import (
    MANIFEST,
    BuildResult,
    batch_horizon,
    build_batch,
    crypto_suite,
    index_batch,
    read_logical,
    record_path,
)
from archive.services import Services
from archive.signatures.step import validation_settings
from archive.storage.ocfl import scratch

__all__ = [
    "Renewal",
    "StoredRecord",
    "build",
    "export",
    "plan_renewals",
    "records_for",
    "renew",
    "renew_due",
    "verify_target",
]


def build(archive: Services, *, agent: AgentRef, limit: int | None = None) -> list[BuildResult]:
    """Cover every file not covered yet, in batches of ``evidence_batch_size``."""
    timestamper = archive.timestamper()
    results: list[BuildResult] = []
    while True:
        done = build_batch(archive, timestamper, agent=agent, limit=limit)
        results.extend(done)
        fresh = [r for r in done if not r.adopted]
        if not fresh or limit is not None:
            return results


# --------------------------------------------------------------------------- stored records


@dataclass(frozen=True)
class StoredRecord:
    """Where a stored file's evidence record is."""

    batch_object: str
    record_path: str
    target_object: str
    target_version: str
    path: str
    role: str
    doc_code: str | None


def records_for(archive: Services, target: str) -> list[StoredRecord]:
    """The records of a document's files (docCode), or of the stored file ``target`` names."""
    with unit_of_work(archive.sessions) as session:
        query = (
            select(EvidenceRecordRow, EvidenceBatch.object_id, Document.doc_code)
            .join(EvidenceBatch, EvidenceBatch.id == EvidenceRecordRow.batch_id)
            .join(File, File.id == EvidenceRecordRow.file_id, isouter=True)
            .join(Document, Document.id == File.document_id, isouter=True)
        )
        path = Path(target)
        if path.is_file():
            sha256 = _sha256_file(path)
            if session.scalar(select(File.id).where(File.sha256 == sha256).limit(1)) is None:
                raise NotFound(
                    f"{target}: kho không lưu tệp nào có nội dung này / the archive holds no "
                    f"file with this content (SHA-256 {sha256}); for a standalone record give "
                    f"the .ers file and this file as --data"
                )
            query = query.where(File.sha256 == sha256)
        else:
            if archive_doc := session.scalar(select(Document).where(Document.doc_code == target)):
                query = query.where(File.document_id == archive_doc.id)
            else:
                raise NotFound(
                    f"không có tài liệu mã {target} / no document with docCode {target} (nor a "
                    f"file of that name): give a docCode, a file the archive holds, or an .ers "
                    f"file with --data"
                )
        rows = session.execute(query.order_by(EvidenceRecordRow.id)).all()
    if not rows:
        raise NotFound(
            f"{target}: chưa có hồ sơ bằng chứng / no evidence record yet; run 'archive "
            f"evidence build'"
        )
    return [
        StoredRecord(b, r.record_path, r.target_object, r.target_version, r.path, r.role, code)
        for r, b, code in rows
    ]


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _stored_data(archive: Services, rec: StoredRecord, folder: Path) -> DataObject:
    out = folder / hashlib.sha256(f"{rec.target_object}/{rec.path}".encode()).hexdigest()
    opened = archive.ocfl.open_logical(rec.target_object, rec.path, rec.target_version)
    with opened as src, out.open("wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    return DataObject(rec.path, path=out)


def verify_target(
    archive: Services | None,
    settings: Settings,
    target: str,
    *,
    data: Sequence[Path] = (),
    at: datetime | None = None,
    agent: AgentRef | None = None,
) -> list[ErsReport]:
    """Verify the record(s) of ``target`` offline; logs a validation event for stored ones."""
    trust = validation_settings(settings).trust
    path = Path(target)
    if path.suffix.lower() in (".ers", ".er") or (path.is_file() and archive is None):
        if not path.is_file():
            raise InvalidInput(f"không có tệp {target} / no such file: {target}")
        missing = [str(d) for d in data if not d.is_file()]
        if missing:
            raise InvalidInput(
                f"không có tệp dữ liệu / data file(s) not found: {', '.join(missing)}"
            )
        objects = [DataObject(d.name, path=d) for d in data]
        return [verify_record(path.read_bytes(), objects, trust, at=at, name=path.name)]
    if archive is None:
        raise InvalidInput(f"{target}: not an .ers file and no archive to look it up in")
    records = records_for(archive, target)
    reports = []
    with scratch(settings.staging_dir, "ers") as folder:
        for rec in records:
            der = read_logical(archive.ocfl, rec.batch_object, rec.record_path)
            objects = [_stored_data(archive, rec, folder)]
            objects += [DataObject(d.name, path=d) for d in data]
            name = f"{rec.doc_code or rec.target_object}:{rec.path}"
            reports.append(verify_record(der, objects, trust, at=at, name=name))
    if agent is not None:
        ok = all(r.valid for r in reports)
        with unit_of_work(archive.sessions) as session:
            append_events(
                session,
                [
                    NewEvent(
                        "validation",
                        f"Kiểm tra hồ sơ bằng chứng RFC 4998 của {target} / RFC 4998 evidence "
                        f"record verification of {target}: {'valid' if ok else 'INVALID'}",
                        outcome="success" if ok else "failure",
                        outcome_detail="; ".join(r.reason for r in reports if not r.valid),
                        agents=[agent, software_agent()],
                        objects=[(target, "source")],
                    )
                ],
            )
    return reports


def export(archive: Services, target: str, out: Path) -> list[Path]:
    """Write the current record(s) of ``target`` as DER; several files get numbered names."""
    if out.is_dir() or not out.parent.is_dir():  # the user's mistake first, before any lookup
        raise InvalidInput(f"không ghi được vào {out} / cannot write {out}: give a file path")
    records = records_for(archive, target)
    written = []
    for n, rec in enumerate(records):
        dest = out if len(records) == 1 else out.with_name(f"{out.stem}-{n + 1}{out.suffix}")
        dest.write_bytes(read_logical(archive.ocfl, rec.batch_object, rec.record_path))
        written.append(dest)
    return written


# --------------------------------------------------------------------------- renewal


@dataclass
class Renewal:
    """One batch due for renewal, and what was done."""

    batch: str
    kind: str  # timestamp | hash-tree
    horizon: str | None
    reason: str
    said: Said = ("evidence.renew_other", {})
    """``reason`` as an entry of the message catalogue, for the adapters."""
    done: bool = False
    message: str = ""
    new_horizon: str | None = None
    version: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "batch": self.batch,
            "kind": self.kind,
            "horizon": self.horizon,
            "reason": self.reason,
            "done": self.done,
            "message": self.message,
            "new_horizon": self.new_horizon,
            "version": self.version,
        }


def plan_renewals(archive: Services, now: datetime) -> list[Renewal]:
    """Batches whose horizon is within ``renewal_margin_days`` of ``now``."""
    suite = crypto_suite(archive)
    margin = timedelta(days=archive.settings.renewal_margin_days)
    limit = (now + margin).date()
    with unit_of_work(archive.sessions) as session:
        rows = list(
            session.scalars(
                select(EvidenceBatch)
                .where(EvidenceBatch.status == "sealed", EvidenceBatch.horizon <= limit.isoformat())
                .order_by(EvidenceBatch.horizon)
            )
        )
        out = []
        for row in rows:
            sunset = suite.get(row.algorithm)
            if sunset and date.fromisoformat(sunset) <= limit:
                kind = "hash-tree"
                reason = f"{row.algorithm} sunset {sunset}"
                said: Said = (
                    "evidence.renew_hash",
                    {"algorithm": row.algorithm, "sunset": vn_date(sunset)},
                )
            else:
                kind = "timestamp"
                until = (row.tsa_not_after or "?")[:10]
                signing = suite.get(row.signature_algorithm, "?")
                reason = (
                    f"TSA certificate until {until}, {row.signature_algorithm} sunset {signing}"
                )
                said = (
                    "evidence.renew_timestamp",
                    {
                        "until": vn_date(until),
                        "algorithm": row.signature_algorithm,
                        "sunset": vn_date(signing),
                    },
                )
            out.append(Renewal(row.object_id, kind, row.horizon, reason, said))
    return out


def renew(archive: Services, item: Renewal, *, agent: AgentRef) -> Renewal:
    """Renew one batch: one TSA request, one new OCFL version of the batch object."""
    ocfl = archive.ocfl
    timestamper = archive.timestamper()
    manifest = json.loads(read_logical(ocfl, item.batch, MANIFEST))
    leaves = manifest["leaves"]
    raw = [read_logical(ocfl, item.batch, leaf["record"]) for leaf in leaves]
    if item.kind == "timestamp":
        # Every record of a batch ends with the same archive timestamp: one request renews all.
        first = parse_record(raw[0])
        algorithm = _chain_alg(first)
        token = request_timestamp(
            timestamper, hasher(algorithm)(last_timestamp_der(first)), algorithm
        )
        new = [timestamp_renewed_der(der, token) for der in raw]
    else:
        records = [parse_record(der) for der in raw]
        algorithm = archive.settings.evidence_renewal_hash_algorithm
        digests = []
        for leaf, er in zip(leaves, records, strict=True):
            hashed = hashlib.new(algorithm)
            with ocfl.open_logical(leaf["object"], leaf["path"], leaf["version"]) as fh:
                while chunk := fh.read(1 << 20):
                    hashed.update(chunk)
            digests.append(renew_hash_tree_leaf(er, hashed.digest(), algorithm))
        tree = MerkleTree(b"".join(digests), algorithm)
        token = request_timestamp(timestamper, tree.root, algorithm)
        new = [hash_tree_renewed(er, tree, i, token) for i, er in enumerate(records)]
    _check_moves_horizon(archive, item, token, algorithm)
    files: dict[str, bytes | Path] = {record_path(i): der for i, der in enumerate(new)}
    with scratch(archive.settings.staging_dir, "ers") as folder:
        ocfl.add_version(
            item.batch,
            folder / "version",
            files,
            created=catalog_time(),
            message=f"RFC 4998 {item.kind} renewal",
            user_name=agent.name,
            user_address=f"urn:archive:agent:{agent.identifier}",
        )
    from archive.faults import checkpoint

    checkpoint("evidence-renewed")
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        row = index_batch(session, ocfl, item.batch, crypto_suite(archive))
        item.done, item.new_horizon, item.version = True, row.horizon, row.object_version
        item.message = f"{row.algorithm}, {row.timestamps} archive timestamps, TSA {row.tsa}"
        append_events(
            session,
            [
                NewEvent(
                    "digital signature generation",
                    f"Gia hạn hồ sơ bằng chứng ({item.kind}) cho {row.leaf_count} tệp / RFC 4998 "
                    f"{item.kind} renewal of {row.leaf_count} evidence records in "
                    f"{row.object_version} ({item.reason}; horizon {item.horizon} → {row.horizon})",
                    agents=[agent, software_agent()],
                    objects=[(item.batch, "outcome")],
                )
            ],
        )
    return item


def _check_moves_horizon(
    archive: Services, item: Renewal, token_der: bytes, algorithm: str
) -> None:
    """A renewal that would not move the horizon later is not stored (said plainly)."""
    from asn1crypto import cms

    info = token_info(cms.ContentInfo.load(token_der))
    horizon = batch_horizon(
        info.tsa_not_after, algorithm, info.signature_algorithm, crypto_suite(archive)
    )
    new = horizon.isoformat() if horizon else None
    if new is None or (item.horizon is not None and new <= item.horizon):
        raise Conflict(
            f"{item.batch}: gia hạn không kéo dài hạn bảo vệ ({item.horizon} → {new}), không lưu; "
            f"cần dịch vụ cấp dấu thời gian có chứng thư/thuật toán dài hạn hơn / renewal would "
            f"not move the protection horizon ({item.horizon} → {new}; TSA '{info.tsa}' "
            f"certificate until {info.tsa_not_after:%Y-%m-%d}, {algorithm}, "
            f"{info.signature_algorithm}): not stored. Use a TSA whose certificate and "
            f"algorithms last longer, or review the crypto-suite table"
        )


def renew_due(archive: Services, *, agent: AgentRef, now: datetime, dry_run: bool) -> list[Renewal]:
    """Plan (and unless ``dry_run``, do) the evidence renewals due at ``now``; one failure does
    not stop the others, its reason is the item's message."""
    if not dry_run:
        sync_batches(archive)
    due = plan_renewals(archive, now)
    if dry_run:
        return due
    for item in due:
        try:
            renew(archive, item, agent=agent)
        except ArchiveError as exc:
            item.message = str(exc)
    return due


def _chain_alg(er: Any) -> str:
    from archive.evidence.ers import chain_algorithm

    return chain_algorithm(er["archive_time_stamp_sequence"][-1])


def sync_batches(archive: Services) -> int:
    """Re-index batches whose catalog row is behind their object (a renewal that died)."""
    count = 0
    with unit_of_work(archive.sessions) as session:
        for row in session.scalars(select(EvidenceBatch).where(EvidenceBatch.status == "sealed")):
            if archive.ocfl.inventory(row.object_id)["head"] != row.object_version:
                index_batch(session, archive.ocfl, row.object_id, crypto_suite(archive))
                count += 1
    return count
