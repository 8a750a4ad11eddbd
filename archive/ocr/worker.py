"""``archive ocr run``: plan, then claim and read one document at a time.

Per claimed document: the original is fetched and checked against its SHA-512; the search
extraction's own test says whether it lacks a text layer (``needs_ocr``; otherwise the document
is remembered as ``not_needed``); OCRmyPDF makes the rendition (``archive.ocr.engine``); the
rendition and its manifest are published as a new OCFL version of the dossier (the original is
not touched: same bytes, same path, in every later version too); the catalog records it in one
transaction with its PREMIS event; the dossier is indexed again, so the rendition's words find
the document.

A run that died after publishing but before the catalog commit is finished by the next run:
the manifest in the head version names the source (SHA-512) it was made from, and such a
rendition is *adopted* (catalogued) instead of being made again. A failure (an
``ArchiveError``) is recorded on the document, counted, and the run goes on.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from sqlalchemy import select

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, append_events, lock_head
from archive.catalog.models import Dossier, File
from archive.clock import catalog_time, utc_now
from archive.db.engine import unit_of_work
from archive.errors import ArchiveError, ChecksumMismatch, IntegrityFailure
from archive.faults import checkpoint
from archive.findings import Finding
from archive.holdings.copies import lock_date, upsert_copy
from archive.holdings.replication import replicate_new
from archive.ocr import planning
from archive.ocr.engine import Rendition, make_rendition
from archive.ocr.planning import OcrItem
from archive.ocr.record import (
    catalog_rendition,
    manifest_path,
    rendition_event,
    rendition_path,
    stored_rendition,
)
from archive.preserve.record import head_digest, publish, read_json, steady
from archive.search.extract import extract_text
from archive.search.service import update_index_after_ingest
from archive.services import Services
from archive.storage.digest import copy_with_digests
from archive.storage.ocfl import scratch

__all__ = ["OcrReport", "OcrResult", "run"]

log = logging.getLogger(__name__)

_IMAGE_DPI = 300  # an image original without a resolution of its own is read as 300 dpi


@dataclass
class OcrResult:
    """What a worker did with one document."""

    item: OcrItem
    done: str  # made | adopted | not_needed | failed
    message: str = ""
    version: str | None = None
    pages: int | None = None
    confidence: float | None = None
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            **self.item.as_dict(),
            "done": self.done,
            "message": self.message,
            "version": self.version,
            "pages": self.pages,
            "mean_confidence": self.confidence,
            "seconds": round(self.seconds, 2),
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass
class OcrReport:
    """The outcome of one run."""

    dry_run: bool
    planned: list[OcrItem] = field(default_factory=list)
    results: list[OcrResult] = field(default_factory=list)

    @property
    def failed(self) -> list[OcrResult]:
        """Documents that could not be read (the reason is their message)."""
        return [r for r in self.results if r.done == "failed"]

    def count(self, done: str) -> int:
        """How many results are ``done``."""
        return sum(1 for r in self.results if r.done == done)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "dry_run": self.dry_run,
            "planned": [i.as_dict() for i in self.planned],
            "results": [r.as_dict() for r in self.results],
            "failed": [r.as_dict() for r in self.failed],
        }


def run(
    archive: Services,
    *,
    agent: AgentRef,
    dry_run: bool = False,
    limit: int | None = None,
    now: datetime | None = None,
) -> OcrReport:
    """Plan and (unless ``dry_run``) make the renditions, one claimed document at a time."""
    with unit_of_work(archive.sessions) as session:
        items = planning.plan(session, now or utc_now(), limit)
    report = OcrReport(dry_run, items)
    if dry_run:
        return report
    worker = f"{socket.gethostname()}:{os.getpid()}"
    agents = [agent, software_agent()]
    minutes = archive.settings.ocr_claim_minutes
    for item in items:
        if not planning.claim(archive.sessions, item, worker, minutes):
            continue
        started = time.perf_counter()
        try:
            result = _work(archive, item, agents, worker)
        except ArchiveError as exc:
            result = OcrResult(item, "failed", str(exc))
            planning.fail(archive.sessions, item, worker, str(exc))
        except BaseException:
            planning.release(archive.sessions, item)
            raise
        result.seconds = time.perf_counter() - started
        report.results.append(result)
    return report


@contextmanager
def _workdir(archive: Services) -> Iterator[Path]:
    with scratch(archive.settings.staging_dir, "ocr") as folder:
        yield folder


def _fetch(archive: Services, item: OcrItem, folder: Path) -> Path:
    """The original as the catalog knows it, checked against its SHA-512."""
    path = folder / f"original{PurePosixPath(item.path).suffix.lower()}"
    key = archive.ocfl.content_key(item.object_id, item.content_path)
    with archive.ocfl.store.open(key) as src, path.open("wb") as dst:
        digests = copy_with_digests(src, dst)
    if digests.sha512 != item.sha512:
        raise ChecksumMismatch(key, "SHA-512", item.sha512, digests.sha512)
    return path


def _needs_ocr(archive: Services, item: OcrItem, source: Path) -> str:
    """The search extraction's verdict on the original (``needs_ocr``: no text layer)."""

    @contextmanager
    def opener() -> Iterator[BinaryIO]:
        with source.open("rb") as fh:
            yield fh

    settings = archive.settings
    return extract_text(
        opener,
        name=item.path,
        mime=item.mime,
        size=item.size,
        max_bytes=settings.search_extract_max_bytes,
        max_chars=settings.search_max_text_chars,
    ).status


def _adoptable(archive: Services, item: OcrItem) -> dict[str, Any] | None:
    """The manifest of a rendition of this very original, published by a run that died before
    its catalog commit."""
    ocfl = archive.ocfl
    inventory = steady(ocfl, item.object_id, lambda: ocfl.inventory(item.object_id))
    if head_digest(inventory, manifest_path(item.doc_code)) is None:
        return None
    manifest = read_json(ocfl, item.object_id, manifest_path(item.doc_code))
    if manifest.get("source_sha512") != item.sha512:
        return None
    return manifest


def _manifest(item: OcrItem, rendition: Rendition) -> dict[str, Any]:
    return {
        "kind": "ocr-rendition",
        "doc_code": item.doc_code,
        "source": item.path,
        "source_sha512": item.sha512,
        "rendition": rendition_path(item.path),
        "note": "A rendition for reading and search (PDF/A-2b, image and text), never the "
        "original; the original is the source file, unchanged.",
        "languages": list(rendition.languages),
        "tools": rendition.tools,
        "pages": rendition.pages,
        "words": rendition.words,
        "mean_confidence": rendition.confidence,
        "format": {
            "puid": rendition.puid,
            "name": rendition.format_name,
            "version": rendition.format_version,
            "tool": rendition.format_tool,
        },
        "created": catalog_time(),
    }


def _work(archive: Services, item: OcrItem, agents: list[AgentRef], worker: str) -> OcrResult:
    manifest = _adoptable(archive, item)
    done = "adopted"
    if manifest is None:
        with _workdir(archive) as folder:
            source = _fetch(archive, item, folder)
            status = _needs_ocr(archive, item, source)
            if status != "needs_ocr":
                planning.finish(archive.sessions, item, worker, "not_needed", f"text: {status}")
                return OcrResult(item, "not_needed", f"text: {status}")
            settings = archive.settings
            rendition = make_rendition(
                source,
                folder / "rendition.pdf",
                languages=tuple(settings.ocr_languages),
                jobs=settings.ocr_jobs,
                timeout_s=settings.ocr_timeout_s,
                image_dpi=_IMAGE_DPI if item.image else None,
            )
            manifest = _manifest(item, rendition)
            files: dict[str, bytes | Path] = {
                manifest["rendition"]: rendition.path,
                manifest_path(item.doc_code): (
                    json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
                ).encode(),
            }
            message = f"OCR rendition of {item.doc_code}"
            publish(archive, item.object_id, folder, files, message, agents)
        done = "made"
    checkpoint("ocr_published")
    version = _catalog(archive, item, manifest, agents, worker)
    checkpoint("ocr_catalogued")
    _replicate(archive, item, agents)
    findings = update_index_after_ingest(
        archive.settings, archive.sessions, archive.ocfl, item.arc_file_code
    )
    return OcrResult(
        item,
        done,
        version=version,
        pages=int(manifest["pages"]),
        confidence=manifest.get("mean_confidence"),
        findings=findings,
    )


def _replicate(archive: Services, item: OcrItem, agents: list[AgentRef]) -> None:
    """With ``replication = "sync"``, the new version goes to the replica now, as an ingest's
    does; if it cannot, ``archive replicate`` catches up (the copy row stays behind)."""
    replica = archive.replica
    if replica is None or archive.settings.replication != "sync":
        return
    with unit_of_work(archive.sessions) as session:
        dossier = session.scalar(select(Dossier).where(Dossier.object_id == item.object_id))
        until = lock_date(dossier) if dossier is not None else None
    try:
        with _workdir(archive) as folder:
            done, event = replicate_new(
                archive.ocfl, replica, item.arc_file_code, item.object_id, folder, until, agents
            )
    except ArchiveError as exc:
        log.warning("replica not updated for %s: %s", item.arc_file_code, exc)
        return
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        upsert_copy(
            session,
            item.object_id,
            replica.store.name,
            head=done.head,
            state="ok",
            replicated_at=catalog_time(),
        )
        append_events(session, [event])


def _catalog(
    archive: Services,
    item: OcrItem,
    manifest: dict[str, Any],
    agents: list[AgentRef],
    worker: str,
) -> str:
    """The rendition's rows and event, in one transaction; returns its version."""
    ocfl = archive.ocfl
    inventory = steady(ocfl, item.object_id, lambda: ocfl.inventory(item.object_id))
    stored = stored_rendition(ocfl, item.object_id, inventory, manifest["rendition"])
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        job = planning.still_ours(session, item, worker)
        source = session.get(File, item.file_id)
        dossier = session.get(Dossier, source.dossier_id) if source is not None else None
        if source is None or dossier is None:
            raise IntegrityFailure(f"{item.doc_code}: the original's row is gone")
        catalog_rendition(session, dossier, source, stored, manifest, job)
        append_events(
            session, [rendition_event(manifest, item.arc_file_code, stored.version, agents)]
        )
    return stored.version
