"""Evidence-record batches in storage and their catalog index.

One batch = one OCFL object ``urn:archive:evidence:<uuid>`` (ADR 0006)::

    batch.json                      leaves: which file of which object, version, role, digest
    audit/events-<from>-<to>.jsonl  the audit-log segment the batch covers (one leaf itself)
    ers/<n>.ers                     the evidence record (DER) of leaf n

Renewals add OCFL versions of the batch object that replace every ``ers/<n>.ers``; earlier
versions stay, so every record ever issued remains retrievable. The catalog rows
(``evidence_batches``, ``evidence_records``) are derived: ``index_batch`` rebuilds them from
the object alone.

Crash safety: the batch row is committed as ``planned`` (object id only) before anything is
written; the object is published whole or not at all (``publish_new``); the records are then
indexed and the row sealed in one transaction with the event. A run that died leaves a planned
row: the next build adopts the object if it was published, or drops the row and starts again.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from asn1crypto import cms
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import (
    AgentRef,
    NewEvent,
    append_events,
    canonical,
    event_fields,
    lock_head,
)
from archive.audit.models import Event
from archive.catalog.models import Dossier, File
from archive.clock import catalog_time
from archive.db.engine import unit_of_work
from archive.db.recordobjects import record_objects
from archive.errors import NotFound
from archive.evidence.ers import (
    chain_algorithm,
    initial_record,
    parse_record,
    request_timestamp,
    token_info,
)
from archive.evidence.merkle import MerkleTree, hasher
from archive.evidence.models import EvidenceBatch, EvidenceRecordRow
from archive.faults import checkpoint
from archive.identifiers import BATCH_PREFIX
from archive.services import Services
from archive.storage.ocfl import ObjectBuilder, OcflRoot, scratch

__all__ = [
    "BuildResult",
    "Leaf",
    "batch_horizon",
    "build_batch",
    "crypto_suite",
    "index_batch",
    "read_logical",
    "read_record",
]

MANIFEST = "batch.json"
FORMAT = "archive-evidence-batch/1"


def record_path(index: int) -> str:
    """Logical path of leaf ``index``'s evidence record in its batch object."""
    return f"ers/{index}.ers"


@dataclass(frozen=True)
class Leaf:
    """One file a batch covers."""

    target_object: str
    target_version: str
    path: str
    role: str
    digest: bytes
    file_id: int | None = None

    def as_dict(self, index: int) -> dict[str, Any]:
        """The leaf as batch.json lists it."""
        return {
            "index": index,
            "object": self.target_object,
            "version": self.target_version,
            "path": self.path,
            "role": self.role,
            "digest": self.digest.hex(),
            "record": record_path(index),
        }


@dataclass
class BuildResult:
    """What one build did."""

    object_id: str
    leaves: int
    audit_from: int | None
    audit_to: int | None
    gen_time: str
    adopted: bool = False

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "batch": self.object_id,
            "leaves": self.leaves,
            "audit_events": [self.audit_from, self.audit_to] if self.audit_from else None,
            "timestamp": self.gen_time,
            "adopted": self.adopted,
        }


# --------------------------------------------------------------------------- reading


def read_logical(ocfl: OcflRoot, object_id: str, logical: str, version: str | None = None) -> bytes:
    with ocfl.open_logical(object_id, logical, version) as fh:
        data: bytes = fh.read()
    return data


def read_record(ocfl: OcflRoot, batch_object: str, path: str) -> bytes:
    """The current (head) evidence record of a leaf."""
    return read_logical(ocfl, batch_object, path)


def batch_horizon(
    tsa_not_after: datetime | None,
    algorithm: str,
    signature_algorithm: str,
    suite: Mapping[str, str],
) -> date | None:
    """The earliest of the TSA certificate's expiry and the algorithms' sunsets."""
    candidates = [tsa_not_after.date()] if tsa_not_after else []
    for algo in (algorithm, signature_algorithm):
        if algo in suite:
            candidates.append(date.fromisoformat(suite[algo]))
    return min(candidates) if candidates else None


def index_batch(
    session: Session, ocfl: OcflRoot, object_id: str, suite: Mapping[str, str]
) -> EvidenceBatch:
    """Create or refresh the catalog rows of a batch from its object in storage.

    This is what ``archive rebuild`` calls for every object ``is_batch_object`` accepts.
    """
    inventory = ocfl.inventory(object_id)
    manifest = json.loads(read_logical(ocfl, object_id, MANIFEST))
    leaves = manifest["leaves"]
    er = parse_record(read_logical(ocfl, object_id, leaves[0]["record"]))
    chains = er["archive_time_stamp_sequence"]
    last = token_info(chains[-1][-1]["time_stamp"])
    algorithm = chain_algorithm(chains[-1])
    horizon = batch_horizon(last.tsa_not_after, algorithm, last.signature_algorithm, suite)
    row = session.scalar(select(EvidenceBatch).where(EvidenceBatch.object_id == object_id))
    if row is None:
        row = EvidenceBatch(object_id=object_id)
        session.add(row)
    row.object_version = inventory["head"]
    row.status = "sealed"
    row.created_at = manifest["created"]
    row.leaf_count = len(leaves)
    row.algorithm = algorithm
    row.chains = len(chains)
    row.timestamps = sum(len(c) for c in chains)
    row.last_timestamp_at = last.gen_time.isoformat()
    row.tsa = last.tsa
    row.tsa_not_after = last.tsa_not_after.isoformat() if last.tsa_not_after else None
    row.signature_algorithm = last.signature_algorithm
    row.horizon = horizon.isoformat() if horizon else None
    audit = manifest.get("audit") or {}
    row.audit_from, row.audit_to = audit.get("from"), audit.get("to")
    head = inventory["versions"][inventory["head"]]["state"]
    row.revinfo_files = sum(p.startswith("revinfo/") for paths in head.values() for p in paths)
    session.flush()
    known = session.scalar(
        select(func.count())
        .select_from(EvidenceRecordRow)
        .where(EvidenceRecordRow.batch_id == row.id)
    )
    if not known:
        files = {
            (o, p, v): i
            for i, o, p, v in session.execute(
                select(File.id, Dossier.object_id, File.path, File.version).join(Dossier)
            )
        }
        targets = {leaf["object"] for leaf in leaves}
        taken: set[tuple[str, str, str]] = set(
            session.execute(
                select(
                    EvidenceRecordRow.target_object,
                    EvidenceRecordRow.path,
                    EvidenceRecordRow.target_version,
                ).where(EvidenceRecordRow.target_object.in_(targets))
            ).all()
        )
        # A file covered by another batch as well (two builds at once) keeps that batch's row.
        session.add_all(
            EvidenceRecordRow(
                batch_id=row.id,
                leaf_index=leaf["index"],
                target_object=leaf["object"],
                target_version=leaf["version"],
                path=leaf["path"],
                role=leaf["role"],
                file_id=files.get((leaf["object"], leaf["path"], leaf["version"])),
                digest=leaf["digest"],
                record_path=leaf["record"],
            )
            for leaf in leaves
            if (leaf["object"], leaf["path"], leaf["version"]) not in taken
        )
    return row


# --------------------------------------------------------------------------- building


def pending_leaves(session: Session, algorithm: str, limit: int) -> list[Leaf]:
    """Stored files (originals, copies, metadata, submission) without an evidence record."""
    covered = select(EvidenceRecordRow.id).where(
        EvidenceRecordRow.target_object == Dossier.object_id,
        EvidenceRecordRow.path == File.path,
        EvidenceRecordRow.target_version == File.version,
    )
    rows = session.execute(
        select(File, Dossier.object_id)
        .join(Dossier, File.dossier_id == Dossier.id)
        .where(~covered.exists())
        .order_by(File.id)
        .limit(limit)
    )
    out = []
    for file, object_id in rows:
        digest = {"sha256": file.sha256, "sha512": file.sha512}.get(algorithm)
        if digest is None:
            raise NotFound(f"catalog keeps no {algorithm} digest of stored files; use sha256")
        out.append(
            Leaf(object_id, file.version, file.path, file.role, bytes.fromhex(digest), file.id)
        )
    return out


def pending_revinfo(session: Session, ocfl: OcflRoot, algorithm: str) -> list[Leaf]:
    """Revocation data fetched after earlier batches' timestamps (``revinfo/…``), not yet
    covered: the next batch proves when it existed, which past validation needs (it trusts
    revocation data only with a proof of existence from before the certificate expired)."""
    covered = select(EvidenceRecordRow.id).where(
        EvidenceRecordRow.target_object == EvidenceBatch.object_id,
        EvidenceRecordRow.role == "revinfo",
    )
    batches = session.scalars(
        select(EvidenceBatch.object_id).where(
            EvidenceBatch.status == "sealed", EvidenceBatch.revinfo_files > 0, ~covered.exists()
        )
    )
    h = hasher(algorithm)
    out = []
    for object_id in batches:
        inventory = ocfl.inventory(object_id)
        head = inventory["head"]
        for paths in inventory["versions"][head]["state"].values():
            for path in sorted(p for p in paths if p.startswith("revinfo/")):
                data = read_logical(ocfl, object_id, path)
                out.append(Leaf(object_id, head, path, "revinfo", h(data)))
    return out


def pending_records(session: Session, ocfl: OcflRoot, algorithm: str) -> list[Leaf]:
    """The files of the record objects the catalog names (minutes, disposal lists, transfer
    requests, receipts, edXML envelopes; ``db.recordobjects``) whose head version no batch
    covers yet: each new version of a record object is covered by the next batch."""
    found = record_objects(session)
    covered: set[tuple[str, str, str]] = set()
    ids = [r.object_id for r in found]
    for start in range(0, len(ids), 500):
        covered.update(
            session.execute(
                select(
                    EvidenceRecordRow.target_object,
                    EvidenceRecordRow.path,
                    EvidenceRecordRow.target_version,
                ).where(EvidenceRecordRow.target_object.in_(ids[start : start + 500]))
            ).all()
        )
    h = hasher(algorithm)
    out = []
    for record in found:
        if not ocfl.exists(record.object_id):
            continue  # a missing object is fixity's finding, not a leaf
        inventory = ocfl.inventory(record.object_id)
        head = str(inventory["head"])
        for paths in inventory["versions"][head]["state"].values():
            for path in sorted(p for p in paths if (record.object_id, p, head) not in covered):
                data = read_logical(ocfl, record.object_id, path)
                out.append(Leaf(record.object_id, head, path, "record", h(data)))
    return out


def audit_segment(session: Session) -> tuple[int, int, bytes] | None:
    """The audit events no batch covers yet, as canonical JSON lines (with their hashes)."""
    start = (session.scalar(select(func.max(EvidenceBatch.audit_to))) or 0) + 1
    rows = list(session.scalars(select(Event).where(Event.seq >= start).order_by(Event.seq)))
    if all(BATCH_PREFIX in r.objects_json for r in rows):
        return None  # nothing but the events of earlier batches: covered by the next real one
    lines = [canonical({**event_fields(r), "entry_hash": r.entry_hash}) + b"\n" for r in rows]
    return rows[0].seq, rows[-1].seq, b"".join(lines)


def _recover_planned(archive: Services) -> list[BuildResult]:
    """Adopt batches a dead run published; forget those it never published."""
    done: list[BuildResult] = []
    with unit_of_work(archive.sessions) as session:
        planned = list(
            session.scalars(select(EvidenceBatch).where(EvidenceBatch.status == "planned"))
        )
        for row in planned:
            if archive.ocfl.exists(row.object_id):
                lock_head(session)
                sealed = index_batch(session, archive.ocfl, row.object_id, crypto_suite(archive))
                session.flush()
                done.append(_result(sealed, adopted=True))
                append_events(session, [_event(sealed, adopted=True)])
            else:
                session.execute(delete(EvidenceBatch).where(EvidenceBatch.id == row.id))
    return done


def _drop_planned(archive: Services, object_id: str) -> None:
    with unit_of_work(archive.sessions) as session:
        session.execute(
            delete(EvidenceBatch).where(
                EvidenceBatch.object_id == object_id, EvidenceBatch.status == "planned"
            )
        )


def crypto_suite(archive: Services) -> dict[str, str]:
    from archive.config import DEFAULT_CRYPTO_SUITE

    return dict(archive.settings.crypto_suite) or DEFAULT_CRYPTO_SUITE


def _result(row: EvidenceBatch, *, adopted: bool = False) -> BuildResult:
    return BuildResult(
        row.object_id, row.leaf_count, row.audit_from, row.audit_to, row.last_timestamp_at, adopted
    )


def _event(
    row: EvidenceBatch, *, adopted: bool = False, agents: list[AgentRef] | None = None
) -> NewEvent:
    note = (
        " (lô của lần chạy bị gián đoạn / batch of an interrupted run, adopted)" if adopted else ""
    )
    return NewEvent(
        "digital signature generation",
        f"Tạo hồ sơ bằng chứng RFC 4998 cho {row.leaf_count} tệp, một dấu thời gian lưu trữ / "
        f"RFC 4998 evidence records for {row.leaf_count} files under one archive timestamp "
        f"({row.algorithm}, {row.last_timestamp_at}, TSA {row.tsa}){note}",
        agents=agents or [software_agent()],
        objects=[(row.object_id, "outcome")],
    )


def build_batch(
    archive: Services, timestamper: Any, *, agent: AgentRef, limit: int | None = None
) -> list[BuildResult]:
    """Cover pending files (and the audit log since the last batch) with one new batch.

    Returns what was done: batches adopted from an interrupted run, then the new batch (none
    when nothing is pending).
    """
    results = _recover_planned(archive)
    settings = archive.settings
    algorithm = settings.evidence_hash_algorithm
    size = min(limit or settings.evidence_batch_size, settings.evidence_batch_size)
    object_id = f"{BATCH_PREFIX}{uuid.uuid4()}"
    with unit_of_work(archive.sessions) as session:
        leaves = pending_leaves(session, algorithm, size)
        leaves += pending_revinfo(session, archive.ocfl, algorithm)
        leaves += pending_records(session, archive.ocfl, algorithm)
        segment = audit_segment(session)
        if not leaves and segment is None:
            return results
        now = catalog_time()
        session.add(
            EvidenceBatch(
                object_id=object_id, object_version="v0", status="planned", created_at=now,
                leaf_count=0, algorithm=algorithm, chains=0, timestamps=0, last_timestamp_at="",
                tsa="", signature_algorithm="", revinfo_files=0,
            )
        )  # fmt: skip
    if segment is not None:
        first, last, body = segment
        seg_path = f"audit/events-{first:09d}-{last:09d}.jsonl"
        leaves.append(Leaf(object_id, "v1", seg_path, "audit", hasher(algorithm)(body)))
    tree = MerkleTree(b"".join(leaf.digest for leaf in leaves), algorithm)
    try:
        token = request_timestamp(timestamper, tree.root, algorithm)
    except BaseException:
        _drop_planned(archive, object_id)  # nothing was written: leave nothing behind
        raise
    checkpoint("evidence-timestamped")
    manifest = {
        "format": FORMAT,
        "id": object_id,
        "created": now,
        "algorithm": algorithm,
        "root": tree.root.hex(),
        "audit": {"from": segment[0], "to": segment[1], "path": seg_path} if segment else None,
        "leaves": [leaf.as_dict(i) for i, leaf in enumerate(leaves)],
    }
    agents = [agent, software_agent()]
    with scratch(settings.staging_dir, "ers") as folder:
        builder = ObjectBuilder(folder / "object", object_id)
        builder.add_bytes(MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode())
        if segment is not None:
            builder.add_bytes(seg_path, segment[2])
        from archive.evidence.revinfo import fresh_revocation

        stamped = token_info(cms.ContentInfo.load(token)).gen_time
        for path, der in fresh_revocation(archive, leaves, folder, stamped).items():
            builder.add_bytes(path, der)
        for i in range(len(leaves)):
            builder.add_bytes(record_path(i), initial_record(tree, i, token))
        builder.finish(
            created=now,
            message=f"RFC 4998 evidence records for {len(leaves)} files",
            user_name=agent.name,
            user_address=f"urn:archive:agent:{agent.identifier}",
        )
        checkpoint("evidence-staged")
        archive.ocfl.publish_new(object_id, folder / "object")
    checkpoint("evidence-published")
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        row = index_batch(session, archive.ocfl, object_id, crypto_suite(archive))
        session.flush()
        append_events(session, [_event(row, agents=agents)])
        results.append(_result(row))
    return results
