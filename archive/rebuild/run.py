"""``archive rebuild``: the catalog again, from storage alone, into an empty database.

For each object of the primary store (in object-id order):
1. version v1 is read exactly as ingest read it (``read_stored_aip``) and written with the same
   code (``add_dossier``), with the ingest's PREMIS events from the AIP's PREMIS.xml;
2. each later version is replayed: every preservation manifest it adds
   (``metadata/preservation/lta/<docCode>.json``, written by ``archive preserve run``) gives
   the preservation copy's file row, its validation report, the supersession of the file it
   was made from and the dossier's version, as the preservation job recorded them; every OCR
   manifest (``metadata/preservation/ocr/<docCode>.json``, ``archive ocr run``) gives the
   rendition's file row and its document's ``ocr_jobs`` row (done); every change record it
   adds (``metadata/preservation/changes/…``, ``archive metadata set``) gives the new
   metadata values and the ``metadata modification`` event again;
3. a copy row per store holding the object (unchecked: fixity runs start afresh), and so
   for evidence batches and record objects;
4. evidence-record batches (``urn:archive:evidence:…``) are indexed from their objects
   (``archive.evidence.store.index_batch``) once every dossier is back;
5. the filing tray: each received edXML envelope (``urn:archive:edxml:…``) gives its tray row
   back from its ``tray.json`` (``archive.edxml.restore``);
6. the state the sealed events carry (holds, use requests, the retention schedule, the
   disposal and transfer procedures, packages held for review, revalidation results) is
   folded back (``archive.rebuild.fold``; ADR 0019).
One ``metadata extraction`` event records the rebuild. What deliberately lives only in the
catalog (``archive.rebuild.tables.CATALOG_ONLY``: accounts, sessions) does not come back, nor
anything that followed the last seal — docs/operations.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.audit.models import Event
from archive.audit.stored import restore_events
from archive.catalog.models import Dossier, File
from archive.config import DEFAULT_CRYPTO_SUITE, Settings
from archive.db.engine import unit_of_work
from archive.edxml.restore import EDXML_PREFIX, restore_tray_document
from archive.errors import Conflict
from archive.evidence.store import index_batch
from archive.holdings.copies import upsert_copy
from archive.identifiers import is_batch_object, is_record_object
from archive.metadata.record import CHANGES_PREFIX, ChangeRecord, apply_change
from archive.ocr.record import MANIFEST_PREFIX as OCR_PREFIX
from archive.ocr.record import replay as replay_rendition
from archive.packages.metsbuild import mimetype
from archive.packages.records import add_dossier, add_validation
from archive.packages.stored import read_stored_aip
from archive.rebuild.fold import fold_events
from archive.signatures.models import FileValidation
from archive.storage.copy import version_number
from archive.storage.ocfl import OcflRoot, content_sha256

__all__ = ["RebuildReport", "rebuild"]

LTA_PREFIX = "metadata/preservation/lta/"


@dataclass
class RebuildReport:
    """What the rebuild found."""

    dossiers: int = 0
    documents: int = 0
    files: int = 0
    versions_replayed: int = 0
    evidence_batches: int = 0
    tray_documents: int = 0  # received edXML envelopes (archive.edxml)
    events_restored: int = 0  # from the sealed audit log (archive.audit.seal)
    rows_from_events: dict[str, int] = field(default_factory=dict)  # archive.rebuild.fold
    revalidations: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return dict(self.__dict__)


def _state(inventory: dict[str, Any], version: str) -> dict[str, str]:
    """Logical path → SHA-512 in ``version``."""
    return {p: d for d, paths in inventory["versions"][version]["state"].items() for p in paths}


def _read(ocfl: OcflRoot, object_id: str, inventory: dict[str, Any], digest: str) -> Any:
    content = inventory["manifest"][digest][0]
    with ocfl.store.open(ocfl.content_key(object_id, content)) as fh:
        return json.load(fh)


def _replay(
    session: Session,
    ocfl: OcflRoot,
    dossier: Dossier,
    inventory: dict[str, Any],
    version: str,
    previous: dict[str, str],
    suite: dict[str, str],
    restored: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """Record the preservation copies a version added; returns the version's state. Events
    among ``restored`` (the sealed log's) are not appended again."""
    state = _state(inventory, version)
    sha256_of = content_sha256(inventory)
    for path in sorted(state):
        if previous.get(path) == state[path]:
            continue
        if path.startswith(CHANGES_PREFIX) and path not in previous:
            change = ChangeRecord.from_json(_read(ocfl, dossier.object_id, inventory, state[path]))
            apply_change(session, dossier, change)
            if change.event_id not in restored:
                append_events(session, [change.event()])
            if version_number(version) > version_number(dossier.object_version):
                dossier.object_version = version
            continue
        if path.startswith(OCR_PREFIX):  # an OCR rendition (archive ocr run)
            manifest = _read(ocfl, dossier.object_id, inventory, state[path])
            replay_rendition(session, ocfl, dossier, inventory, state, manifest)
            continue
        if not path.startswith(LTA_PREFIX):
            continue
        manifest = _read(ocfl, dossier.object_id, inventory, state[path])
        digest = state[manifest["current"]]
        content = inventory["manifest"][digest][0]
        copy_version = content.split("/", 1)[0]
        old = session.scalar(
            select(File)
            .where(File.dossier_id == dossier.id, File.path == manifest["source"])
            .where(File.sha512 == manifest["source_sha512"])
            .order_by(File.id.desc())
        )
        if old is None:
            raise Conflict(
                f"{dossier.arc_file_code} {version}: {path} names {manifest['source']}, which "
                "no earlier version holds"
            )
        row = session.scalar(
            select(File).where(
                File.dossier_id == dossier.id,
                File.path == manifest["current"],
                File.version == copy_version,
            )
        )
        if row is None:
            row = File(
                dossier_id=dossier.id,
                document_id=old.document_id,
                role="preservation",
                path=manifest["current"],
                original_name=old.original_name,
                size=ocfl.store.size(ocfl.content_key(dossier.object_id, content)),
                sha256=sha256_of[content],
                sha512=digest,
                mime_type=old.mime_type or mimetype(manifest["current"]),
                format_name=old.format_name,
                format_puid=old.format_puid,
                store=old.store,
                content_path=content,
                version=copy_version,
            )
            session.add(row)
            session.flush()
        report = _read(ocfl, dossier.object_id, inventory, state[manifest["report"]])
        add_validation(session, row, report, manifest["report"], copy_version, suite)
        validation = session.scalar(select(FileValidation).where(FileValidation.file_id == old.id))
        if validation is not None:
            validation.superseded_by = row.id
        if version_number(copy_version) > version_number(dossier.object_version):
            dossier.object_version = copy_version
    return state


def _copy_rows(session: Session, roots: dict[str, OcflRoot], object_id: str) -> None:
    """A copy row per store holding the object, unchecked (fixity runs start afresh)."""
    for name, root in roots.items():
        if root.exists(object_id):
            upsert_copy(session, object_id, name, head=root.inventory(object_id)["head"])


def _rebuild_event(primary: OcflRoot, report: RebuildReport, agents: list[AgentRef]) -> NewEvent:
    return NewEvent(
        "metadata extraction",
        f"Dựng lại danh mục từ kho {primary.store.name}: {report.dossiers} hồ sơ / "
        f"Catalog rebuilt from store {primary.store.name} "
        f"({primary.store.describe()}): {report.dossiers} dossiers, "
        f"{report.documents} documents, {report.files} files",
        agents=agents,
    )


def _restore_tray(sessions: sessionmaker[Session], primary: OcflRoot, object_id: str) -> int:
    with unit_of_work(sessions) as session:
        restore_tray_document(session, primary, object_id)
    return 1


def rebuild(
    settings: Settings,
    sessions: sessionmaker[Session],
    roots: dict[str, OcflRoot],
    primary: OcflRoot,
    agents: list[AgentRef],
) -> RebuildReport:
    """Fill an empty catalog from ``primary`` (module docstring)."""
    with unit_of_work(sessions) as session:
        existing = session.scalar(select(func.count()).select_from(Dossier)) or 0
        events = session.scalar(select(func.count()).select_from(Event)) or 0
    if existing or events:
        raise Conflict(
            f"danh mục không trống ({existing} hồ sơ, {events} sự kiện) / the catalog is not "
            f"empty ({existing} dossiers, {events} events): rebuild only into an empty database "
            "(set ARCHIVE_DATABASE_URL to a new one, then 'archive db upgrade')"
        )
    suite = dict(settings.crypto_suite) or dict(DEFAULT_CRYPTO_SUITE)
    report = RebuildReport()
    with unit_of_work(sessions) as session:  # the sealed chain first, exactly as sealed
        restored = restore_events(session, primary)
    report.events_restored = len(restored)
    sealed = frozenset(restored)
    batches: list[str] = []
    records: list[str] = []
    for object_id in sorted(primary.iter_object_ids()):
        if object_id.startswith(EDXML_PREFIX):  # the filing tray: one row per envelope
            report.tray_documents += _restore_tray(sessions, primary, object_id)
            continue
        if is_batch_object(object_id):  # evidence records: after the dossiers
            batches.append(object_id)
            continue
        if is_record_object(object_id):  # disposal/transfer records, the log: not dossiers
            records.append(object_id)
            continue
        inventory = primary.inventory(object_id)
        record = read_stored_aip(primary, object_id, "v1")
        with unit_of_work(sessions) as session:
            lock_head(session)
            dossier = add_dossier(session, record, store=primary.store.name, suite=suite)
            append_events(session, [e for e in record.events if e.event_id not in restored])
            previous = _state(inventory, "v1")
            for n in range(2, version_number(inventory["head"]) + 1):
                previous = _replay(
                    session, primary, dossier, inventory, f"v{n}", previous, suite, sealed
                )
                report.versions_replayed += 1
            _copy_rows(session, roots, object_id)
            report.dossiers += 1
            report.documents += len(record.documents)
            report.files += (
                session.scalar(
                    select(func.count()).select_from(File).where(File.dossier_id == dossier.id)
                )
                or 0
            )
    for object_id in batches:
        with unit_of_work(sessions) as session:
            index_batch(session, primary, object_id, suite)
            _copy_rows(session, roots, object_id)
        report.evidence_batches += 1
    with unit_of_work(sessions) as session:
        for object_id in records:
            _copy_rows(session, roots, object_id)
    with unit_of_work(sessions) as session:
        folded = fold_events(session, suite)
    report.rows_from_events, report.revalidations = folded.rows, folded.revalidations
    report.problems.extend(folded.problems)
    with unit_of_work(sessions) as session:
        lock_head(session)
        append_events(session, [_rebuild_event(primary, report, agents)])
    return report
