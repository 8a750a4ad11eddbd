"""The ingest pipeline: unpack → virus check → validate → signatures → build AIP → store →
catalog.

Invariants (docs/architecture.md, "Invariants and where they are enforced"), each tested:
- storage is written (whole, atomically) before the catalog commits;
- a failure at any step leaves either nothing or a complete dossier: staging is discarded, and
  an AIP stored by a run that died before its catalog commit is found and adopted by the next
  ingest of the same package (after checking it is the same package);
- the same package twice is recognised (same dossier code and content fingerprint) and nothing
  is stored twice; a different package with an archived dossier code is refused;
- two ingests at once both land (storage publish is exclusive, the catalog serialises).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Generator, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Literal, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.catalog.codes import effective_mode
from archive.catalog.duplicates import held_originals
from archive.catalog.models import Dossier
from archive.clock import catalog_time
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.errors import ArchiveError, ObjectExists
from archive.faults import checkpoint
from archive.findings import Report
from archive.holdings.copies import upsert_copy
from archive.holdings.replication import replicate_new
from archive.identifiers import arc_file_code
from archive.ingest.holding import hold_package, waiting_for
from archive.packages.aip import build_aip, original_path
from archive.packages.aipread import AipRecord
from archive.packages.formatcheck import check_formats
from archive.packages.pdfshare import MAX_FILE_BYTES
from archive.packages.records import add_dossier
from archive.packages.rules import retention_years
from archive.packages.sipread import ParsedSip, read_sip
from archive.packages.stored import read_stored_aip
from archive.packages.unpack import UnpackedPackage, unpack
from archive.packages.viruscheck import VirusScanner, virus_check
from archive.search.extract import StagedText, extract_staged, is_pdf_name
from archive.search.service import update_index_after_ingest
from archive.signatures.api import PendingOutcome, SignatureInput, SignatureStep
from archive.storage.copy import CopyResult
from archive.storage.locks import dossier_lock_date
from archive.storage.ocfl import OcflRoot, discard

__all__ = ["IngestProgress", "IngestResult", "IngestSteps", "Ingestor", "object_id_for", "run"]

Status = Literal["accepted", "duplicate", "recovered", "refused", "pending"]
IngestSteps = Generator[None, None, "IngestResult"]
"""One ingest in two halves (``Ingestor.steps``): it pauses once, nothing stored yet."""
_OBJECT_NS = uuid.UUID("6f1c1c2e-8f5e-4c43-9d8a-2f1f0e1d5a77")


def object_id_for(arc_code: str) -> str:
    """The OCFL object id of a dossier: stable, so a retried ingest finds its own AIP."""
    return f"urn:uuid:{uuid.uuid5(_OBJECT_NS, arc_code)}"


@dataclass
class IngestResult:
    """What happened to one package."""

    source: str
    status: Status
    report: Report
    file_code: str | None = None
    arc_file_code: str | None = None
    object_id: str | None = None
    documents: int = 0
    size: int = 0
    pending_code: str | None = None  # the code of a package held for review

    @property
    def ok(self) -> bool:
        """True unless the package was refused."""
        return self.status != "refused"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "source": self.source,
            "status": self.status,
            "file_code": self.file_code,
            "arc_file_code": self.arc_file_code,
            "object_id": self.object_id,
            "documents": self.documents,
            "bytes": self.size,
            "pending_code": self.pending_code,
            **self.report.as_dict(),
        }


@dataclass
class IngestProgress:
    """How far the current run got, for whoever turns an unexpected failure into a finding
    (``ingest/batch.py``): the dossier whose AIP is stored, and whether its catalog commit
    happened. Before the store, a failure leaves the archive unchanged."""

    arc_file_code: str | None = None
    stored: bool = False
    catalogued: bool = False


class CatalogHook(Protocol):
    """What a decision (``archive review accept``) adds around the catalog commit of a dossier:
    storage writes before it, rows and events inside its transaction."""

    def before_catalog(self, record: AipRecord) -> None:
        """Write what must be stored before the catalog commit."""
        ...

    def in_catalog(self, session: Session, record: AipRecord) -> list[NewEvent]:
        """Change rows in the dossier's catalog transaction; returns events to append."""
        ...


class Ingestor:
    """Runs the pipeline for one package at a time; safe to use from several processes."""

    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        ocfl: OcflRoot,
        signatures: SignatureStep,
        software: AgentRef,
        replica: OcflRoot | None = None,
        scanner: VirusScanner | None = None,
    ) -> None:
        self.settings = settings
        self.scanner = scanner
        # ingest_review: a valid package is held for review, unless a decision runs the pipeline.
        self.hold = settings.ingest_review
        self.decision: CatalogHook | None = None
        self.sessions = sessions
        self.ocfl = ocfl
        self.signatures = signatures
        self.software = software
        self.replica = replica
        self.progress = IngestProgress()

    @contextmanager
    def _job(self) -> Iterator[Path]:
        job = self.settings.staging_dir / f"ingest-{os.getpid()}-{uuid.uuid4().hex}"
        try:
            yield job
        finally:
            discard(job)

    def ingest(self, source: Path, agent: AgentRef) -> IngestResult:
        """Ingest one SIP_hoso (folder or .zip)."""
        return run(self.steps(source, agent))

    def steps(self, source: Path, agent: AgentRef) -> IngestSteps:
        """``ingest`` as a generator that pauses once: when the package is unpacked, scanned and
        read, and the validation of its signatures has started (in the worker pool, if the
        signature step has one), before anything is looked up in the catalog or stored.

        A batch (``ingest/batch.py``) starts the next package there, so that the workers
        validate it while this process stores and catalogues the one before: the catalog still
        has one writer, and the packages still reach it one at a time, in order.
        """
        self.progress = IngestProgress()
        with self._job() as job:
            pkg, report = unpack(source, job / "sip", self.settings)
            if pkg is None:
                return IngestResult(str(source), "refused", report)
            checkpoint("unpacked")
            files = sorted((rel, entry.path) for rel, entry in pkg.entries.items())
            found, scanned = virus_check(files, self.scanner, self.settings, [agent, self.software])
            report.extend(found)
            if not report.ok:  # infected, or not checked: nothing is read further
                return IngestResult(str(source), "refused", report)
            checkpoint("scanned")
            sip = read_sip(pkg, self.settings, report)
            if sip is None:
                return IngestResult(str(source), "refused", report)
            pending = self.signatures.start(self._signature_inputs(pkg, sip))
            texts = self._start_texts(pkg, sip)
            try:
                yield
                return self._accept(pkg, sip, report, job, agent, scanned, (pending, texts))
            finally:
                pending.cancel()  # no effect once its outcome was taken
                for text in texts:
                    text.cancel()

    def _result(
        self, pkg: UnpackedPackage, sip: ParsedSip, report: Report, status: Status, arc: str
    ) -> IngestResult:
        size = sum(e.digests.size for e in pkg.entries.values())
        return IngestResult(
            pkg.source,
            status,
            report,
            str(sip.file_code),
            arc,
            object_id_for(arc),
            len(sip.documents),
            size,
        )

    def _accept(
        self,
        pkg: UnpackedPackage,
        sip: ParsedSip,
        report: Report,
        job: Path,
        agent: AgentRef,
        scanned: NewEvent,
        started: tuple[PendingOutcome, list[Future[StagedText]]],
    ) -> IngestResult:
        pending, texts = started
        arc = arc_file_code(self.settings.agency_code, str(sip.file_code))
        object_id = object_id_for(arc)
        known = self._known(sip, pkg, report, arc)
        if known is not None:
            return self._result(pkg, sip, report, known, arc)
        held = self.hold and self.decision is None
        if held and (waiting := waiting_for(self.sessions, str(sip.file_code))) is not None:
            return self._waiting(pkg, sip, report, arc, waiting.code, waiting.fingerprint)
        if self.ocfl.exists(object_id):
            return self._adopt(pkg, sip, report, arc, job)
        self._flag_duplicates(pkg, sip, report)
        agents = [agent, self.software]
        files = {rel: entry.path for rel, entry in pkg.entries.items()}
        digests = {rel: entry.digests.sha256 for rel, entry in pkg.entries.items()}
        formats = check_formats(files, self.settings, agents, digests)
        report.extend(formats.findings)
        if not report.ok:  # a refused format: no signature work for a refused package
            return self._result(pkg, sip, report, "refused", arc)
        checkpoint("validated")
        outcome = pending.outcome(agents)
        report.extend(outcome.findings)
        if not report.ok:
            return self._result(pkg, sip, report, "refused", arc)
        if held:
            code = hold_package(self.settings, self.sessions, pkg, sip, report, arc, agents)
            return replace(self._result(pkg, sip, report, "pending", arc), pending_code=code)
        built = build_aip(
            sip,
            pkg,
            directory=job / "object",
            object_id=object_id,
            arc_file_code=arc,
            events_before=[
                replace(scanned, objects=[(sip.objid, "source"), (arc, "outcome")]),
                replace(formats.event, objects=[(sip.objid, "source"), (arc, "outcome")]),
                *self._validation_events(sip, report, arc, agents),
                *outcome.events,
            ],
            agents=agents,
            fingerprint=pkg.fingerprint,
            extra_files=outcome.extra_files,
            signature_reports=outcome.reports,
            formats=formats.formats,
        )
        checkpoint("aip_built")
        try:
            self.ocfl.publish_new(object_id, built.directory, retain_until=_lock_date(sip))
        except ObjectExists:
            return self._adopt(pkg, sip, report, arc, job)
        self.progress = IngestProgress(arc, stored=True)
        checkpoint("stored")
        return self._catalog(pkg, sip, report, arc, "accepted", job, texts=texts)

    def _waiting(
        self,
        pkg: UnpackedPackage,
        sip: ParsedSip,
        report: Report,
        arc: str,
        code: str,
        fingerprint: str,
    ) -> IngestResult:
        """A package of this dossier already waits for review: this one again, or another."""
        if fingerprint == pkg.fingerprint:
            report.add("REV001", "", value=code)
            return replace(self._result(pkg, sip, report, "pending", arc), pending_code=code)
        report.add("REV002", "metadata/descriptive/EAD.xml", value=code, detail=str(sip.file_code))
        return self._result(pkg, sip, report, "refused", arc)

    def _replicate(
        self, sip: ParsedSip, report: Report, arc: str, job: Path
    ) -> tuple[CopyResult, NewEvent] | None:
        """Write the second copy now (``replication = "sync"``); a failure is REP001."""
        if self.replica is None:
            return None
        try:
            return replicate_new(
                self.ocfl,
                self.replica,
                arc,
                object_id_for(arc),
                job / "replica",
                _lock_date(sip),
                [self.software],
            )
        except ArchiveError as exc:
            report.add("REP001", "", detail=str(exc))
            return None

    def _known(
        self, sip: ParsedSip, pkg: UnpackedPackage, report: Report, arc: str
    ) -> Status | None:
        """'duplicate' if this package is archived already, 'refused' if another one is."""
        with unit_of_work(self.sessions) as session:
            fingerprint = session.scalar(
                select(Dossier.package_fingerprint).where(Dossier.arc_file_code == arc)
            )
        if fingerprint is None:
            return None
        if fingerprint == pkg.fingerprint:
            report.add("DUP001", "", value=str(sip.file_code))
            return "duplicate"
        report.add("ID005", "metadata/descriptive/EAD.xml", value=str(sip.file_code))
        return "refused"

    def _flag_duplicates(self, pkg: UnpackedPackage, sip: ParsedSip, report: Report) -> None:
        """DUP002 for each original whose bytes the archive (or this package) already holds."""
        digests = {doc.file_rel: pkg.entries[doc.file_rel].digests.sha256 for doc in sip.documents}
        with unit_of_work(self.sessions) as session:
            held = held_originals(session, digests.values())
        seen: dict[str, str] = {}
        for doc in sip.documents:
            sha = digests[doc.file_rel]
            if sha in held:
                copy = held[sha]
                value = f"{copy.doc_code or copy.path} ({copy.arc_file_code})"
                report.add("DUP002", doc.file_rel, value=value)
            elif sha in seen:
                report.add("DUP002", doc.file_rel, value=seen[sha])
            seen.setdefault(sha, doc.values["docCode"])

    def _adopt(
        self, pkg: UnpackedPackage, sip: ParsedSip, report: Report, arc: str, job: Path
    ) -> IngestResult:
        """An AIP for this dossier is stored but not catalogued (a crashed or concurrent run)."""
        self.progress = IngestProgress(arc, stored=True)
        record = read_stored_aip(self.ocfl, object_id_for(arc))
        if record.fingerprint != pkg.fingerprint:
            report.add("ID005", "metadata/descriptive/EAD.xml", value=str(sip.file_code))
            return self._result(pkg, sip, report, "refused", arc)
        return self._catalog(pkg, sip, report, arc, "recovered", job, record)

    def _catalog(
        self,
        pkg: UnpackedPackage,
        sip: ParsedSip,
        report: Report,
        arc: str,
        status: Status,
        job: Path,
        record: AipRecord | None = None,
        texts: list[Future[StagedText]] | None = None,
    ) -> IngestResult:
        record = record or read_stored_aip(self.ocfl, object_id_for(arc))
        copied = self._replicate(sip, report, arc, job)
        checkpoint("replicated")
        if copied is None and _declares_backup(sip):
            report.add("REP002", "metadata/descriptive/EAD.xml")
        if self.decision is not None:
            self.decision.before_catalog(record)
        try:
            with unit_of_work(self.sessions) as session:
                lock_head(session)
                if session.scalar(select(Dossier.id).where(Dossier.arc_file_code == arc)):
                    raise _AlreadyCatalogued
                add_dossier(
                    session,
                    record,
                    store=self.ocfl.store.name,
                    suite=self.settings.crypto_suite,
                )
                append_events(session, record.events)
                upsert_copy(session, record.object_id, self.ocfl.store.name, head=record.version)
                if copied is not None and self.replica is not None:
                    done, event = copied
                    upsert_copy(
                        session,
                        record.object_id,
                        self.replica.store.name,
                        head=done.head,
                        replicated_at=catalog_time(),
                    )
                    append_events(session, [event])
                if self.decision is not None:
                    append_events(session, self.decision.in_catalog(session, record))
                checkpoint("catalog_flushed")
        except _AlreadyCatalogued:
            self.progress.catalogued = True
            report.add("DUP001", "", value=str(sip.file_code))
            return self._result(pkg, sip, report, "duplicate", arc)
        self.progress.catalogued = True
        checkpoint("cataloged")
        # The index is derived data: this never raises, a failure is an IDX001 finding.
        staged = _extracted(texts or [])
        report.extend(
            update_index_after_ingest(self.settings, self.sessions, self.ocfl, arc, staged)
        )
        return self._result(pkg, sip, report, status, arc)

    def _start_texts(self, pkg: UnpackedPackage, sip: ParsedSip) -> list[Future[StagedText]]:
        """The search text of each PDF original, extracted by a worker of the signature step
        (none: no workers, the index reads the stored files after the catalog commit).

        The workers get the bytes: the staged file moves into the object meanwhile. Files
        larger than ``pdfshare``'s bound stay with the index, so a batch holds little in memory;
        so do the documents the index does not read (mode 03 unless ``search_index_restricted``).
        """
        arc = arc_file_code(self.settings.agency_code, str(sip.file_code))
        bounds = (self.settings.search_extract_max_bytes, self.settings.search_max_text_chars)
        futures: list[Future[StagedText]] = []
        for doc in sip.documents:
            entry = pkg.entries[doc.file_rel]
            hidden = effective_mode(doc.values.get("mode"), sip.dossier.get("mode")) == "03"
            if hidden and not self.settings.search_index_restricted:
                continue
            if not is_pdf_name(doc.file_rel) or entry.digests.size > min(MAX_FILE_BYTES, bounds[0]):
                continue
            path = original_path(doc.file_rel)
            data = entry.path.read_bytes()
            args = (data, path, entry.digests.sha256, f"{arc}/{path}", bounds)
            future = self.signatures.offload(extract_staged, *args)
            if future is None:
                return []
            futures.append(future)
        return futures

    def _signature_inputs(self, pkg: UnpackedPackage, sip: ParsedSip) -> list[SignatureInput]:
        return [
            SignatureInput(
                doc.values["docCode"],
                pkg.entries[doc.file_rel].path,
                PurePosixPath(doc.file_rel).name,
                is_main=_is_main_document(doc.values),
            )
            for doc in sip.documents
        ]

    def _validation_events(
        self, sip: ParsedSip, report: Report, arc: str, agents: list[AgentRef]
    ) -> list[NewEvent]:
        warnings = "; ".join(f"{f.code} {f.message_vi}" for f in report.findings)
        objects = [(sip.objid, "source"), (arc, "outcome")]
        return [
            NewEvent(
                "fixity check",
                f"Kiểm tra SHA-256 của {len(sip.listed)} tệp theo METS / SHA-256 of "
                f"{len(sip.listed)} files checked against METS",
                agents=agents,
                objects=objects,
            ),
            NewEvent(
                "validation",
                "Kiểm tra cấu trúc gói, lược đồ METS/EAD/EAD_doc, danh mục mã, mã hồ sơ / "
                "Package structure, METS/EAD/EAD_doc schemas, code lists, identifiers",
                outcome="warning"
                if any(f.severity == "warning" for f in report.findings)
                else "success",
                outcome_detail=warnings,
                agents=agents,
                objects=objects,
            ),
        ]


def run(steps: IngestSteps) -> IngestResult:
    """Run an ingest's steps to the end (without pausing)."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            result: IngestResult = done.value
            return result


def _extracted(texts: list[Future[StagedText]]) -> dict[str, StagedText]:
    """The texts the workers extracted, by path; one that failed (its worker died, the pool was
    stopped) is left to the index, which then reads the stored file as it always did."""
    out: dict[str, StagedText] = {}
    for text in texts:
        if not text.cancelled() and text.exception() is None:
            done = text.result()
            out[done.path] = done
    return out


def _lock_date(sip: ParsedSip) -> datetime | None:
    """Until when the stored bytes stay locked: the longest retention of the dossier and its
    documents, from the end year (None: permanent, the store's horizon applies)."""
    periods = [retention_years(sip.dossier["maintenance"], sip.dossier_ext)]
    periods += [
        retention_years(d.values["maintenance"], d.ext)
        for d in sip.documents
        if d.values.get("maintenance")
    ]
    return dossier_lock_date(int(sip.dossier["endDate"][-4:]), periods)


def _declares_backup(sip: ParsedSip) -> bool:
    """Whether the submitter says a backup copy exists (riskRecoveryStatus 01)."""
    records = [sip.dossier, *(d.values for d in sip.documents)]
    return any(r.get("riskRecoveryStatus") == "01" for r in records)


def _is_main_document(values: dict[str, str]) -> bool:
    """An administrative document born electronic (NĐ30 two-signature rule applies): not a map,
    drawing or 'other' (typeName 30–32), and not a digitised paper copy (confidenceLevel 02)."""
    return (
        values.get("typeName") not in ("30", "31", "32") and values.get("confidenceLevel") != "02"
    )


class _AlreadyCatalogued(Exception):
    """Another ingest catalogued this dossier first."""
