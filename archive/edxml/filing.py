"""Filing tray documents into a dossier (docs/edxml.md, "Filing into a dossier").

What the edXML domain gives the filing job (``archive/ingest/filing.py``), which runs the
package through the ingest gate:

- :func:`waiting` — the tray rows to file, each one waiting (``received``), else a clear error;
- :func:`filing_input` — the TT 05 SIP_hoso content: one document per attachment, carrying the
  header's metadata (the tray's mapped EAD_doc fields, the dossier's ``maintenance`` and
  ``mode``), and under ``documentation/edxml/<tray code>/`` the envelope byte for byte, its
  trace history (``trace.json``) and the tray's record (``tray.json``); each EAD_doc names its
  envelope's folder in its ``description``, so the METS and EAD_doc link a document to the
  envelope it came in;
- :class:`FilingHook` — what the dossier's catalog commit adds: before it, a version of each
  envelope's record object with ``filing/filing.json`` (so a rebuild knows the document was
  filed, and where); inside its transaction, the rows become ``filed`` with the document codes,
  and an ``edxml filed`` event per row.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent
from archive.catalog.fields import DOCUMENT_SIP_FIELDS, EXT_DOCUMENT_FIELDS
from archive.clock import catalog_time
from archive.db.engine import unit_of_work
from archive.edxml.models import TrayDocument
from archive.errors import Conflict, InvalidInput, NotFound
from archive.packages.aipread import AipRecord
from archive.packages.sipwrite import SipDocument, SipInput
from archive.services import Services
from archive.storage.ocfl import discard

__all__ = ["FILING_NOTE", "FilingHook", "Waiting", "filing_input", "package_identity", "waiting"]

FILING_NOTE: Final = "filing/filing.json"
"""The note a filed envelope's record object gets (archive.edxml.restore reads it)."""
_DOC_FIELDS: Final = {s.name for s in DOCUMENT_SIP_FIELDS}
_EXT_FIELDS: Final = {s.name for s in EXT_DOCUMENT_FIELDS}
_MAX_CODES: Final = 500


@dataclass(frozen=True)
class Waiting:
    """A tray document to file, read from its row."""

    code: str
    object_id: str
    document_identifier: str
    issued_on: str
    received_at: str
    metadata: dict[str, str]
    attachments: list[dict[str, Any]]


def waiting(archive: Services, codes: list[str]) -> list[Waiting]:
    """The rows of ``codes`` (in that order), each one waiting to be filed."""
    if not codes:
        raise InvalidInput("chưa chọn văn bản nào / no document chosen")
    if len(codes) > _MAX_CODES:
        raise InvalidInput(f"tối đa {_MAX_CODES} văn bản / at most {_MAX_CODES} documents")
    if len(set(codes)) != len(codes):
        twice = sorted({c for c in codes if codes.count(c) > 1})
        raise InvalidInput(f"văn bản được chọn hai lần / chosen twice: {', '.join(twice)}")
    with unit_of_work(archive.sessions) as session:
        rows = {
            r.code: r
            for r in session.scalars(select(TrayDocument).where(TrayDocument.code.in_(codes)))
        }
        missing = [c for c in codes if c not in rows]
        if missing:
            raise NotFound(
                f"không có văn bản {', '.join(missing)} trong khay chờ lập hồ sơ / no document "
                f"{', '.join(missing)} in the filing tray"
            )
        done = [f"{c} ({rows[c].state})" for c in codes if rows[c].state != "received"]
        if done:
            raise Conflict(
                f"văn bản không còn chờ lập hồ sơ / not waiting to be filed: {', '.join(done)}"
            )
        return [
            Waiting(
                r.code,
                r.object_id,
                r.document_identifier,
                r.issued_on,
                r.received_at,
                json.loads(r.metadata_json),
                json.loads(r.attachments_json),
            )
            for r in (rows[c] for c in codes)
        ]


def _pages(path: Path) -> str:
    """Pages of a PDF attachment ('' when it cannot be read: the gate then reports it)."""
    try:
        return str(len(PdfReader(path).pages))
    except Exception:  # pypdf raises many kinds of error on a damaged file
        return ""


def _copy_out(archive: Services, object_id: str, logical: str, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.ocfl.open_logical(object_id, logical, "v1") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return target


def _document(doc: Waiting, main: bool, dossier: dict[str, str], path: Path) -> SipDocument:
    meta = doc.metadata
    values = {k: v for k, v in meta.items() if k in _DOC_FIELDS}
    ext = {k: v for k, v in meta.items() if k in _EXT_FIELDS}
    for key in ("maintenance", "mode"):
        if dossier.get(key):
            values[key] = dossier[key]
    if not main or not values.get("numberOfPage"):
        values["numberOfPage"] = _pages(path) or values.get("numberOfPage", "")
    # The link to the envelope, readable in the EAD_doc (the METS lists the folder).
    link = f"edXML {doc.code}: documentation/edxml/{doc.code}/envelope.xml"
    values["description"] = " — ".join(p for p in (meta.get("description", ""), link) if p)[:500]
    return SipDocument(values, path.name, path, ext)


def filing_input(
    archive: Services,
    docs: list[Waiting],
    dossier: dict[str, str],
    dossier_ext: dict[str, str],
    creator: str,
    job: Path,
) -> SipInput:
    """The SIP_hoso content of ``docs`` filed into ``dossier``; files copied into ``job``."""
    documents: list[SipDocument] = []
    documentation: dict[str, Path | bytes] = {}
    file_code = dossier.get("fileCode", "")
    for doc in docs:
        for i, item in enumerate(doc.attachments, start=1):
            name = f"{doc.code}-{i:02d}-{Path(item['name']).name}"
            path = _copy_out(archive, doc.object_id, item["path"], job / "data" / name)
            sip_doc = _document(doc, i == 1, dossier, path)
            sip_doc.values["docCode"] = f"{file_code}.{len(documents) + 1:07d}"
            documents.append(sip_doc)
        folder = f"edxml/{doc.code}"
        for logical, name in (
            ("envelope.xml", "envelope.xml"),
            ("process/trace.json", "trace.json"),
            ("tray.json", "tray.json"),
        ):
            target = job / "documentation" / doc.code / name
            documentation[f"{folder}/{name}"] = _copy_out(archive, doc.object_id, logical, target)
    values = dict(dossier)
    dates = sorted(d.issued_on for d in docs if d.issued_on)
    if dates:
        values.setdefault("startDate", _dd_mm_yyyy(dates[0]))
        values.setdefault("endDate", _dd_mm_yyyy(dates[-1]))
    values.setdefault("language", "01")
    values["totalDoc"] = str(len(documents))
    pages = [d.values.get("numberOfPage", "") for d in documents]
    if all(p.isdigit() for p in pages):
        values["numberOfPage"] = str(sum(int(p) for p in pages))
    return SipInput(values, documents, creator, dossier_ext, documentation=documentation)


_PACKAGE_NS: Final = uuid.UUID("1b0e6f7c-3a51-4c8e-9d21-5f0c2b7e9a14")


def package_identity(docs: list[Waiting], file_code: str) -> tuple[str, datetime]:
    """The SIP's OBJID and creation time, fixed by what is filed: the same documents into the
    same dossier give the same package, so a run again after a crash finds the AIP it stored
    (same fingerprint) and completes it instead of refusing it as another package."""
    key = "|".join([file_code, *(d.code for d in docs)])
    created = max(datetime.fromisoformat(d.received_at) for d in docs)
    return f"uuid-{uuid.uuid5(_PACKAGE_NS, key)}", created


def _dd_mm_yyyy(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


@dataclass
class FilingHook:
    """The tray's part of the dossier's catalog commit (``Ingestor.decision``)."""

    archive: Services
    docs: list[Waiting]
    agent: AgentRef
    filed: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def _filed(self, record: AipRecord) -> dict[str, list[dict[str, str]]]:
        """Tray code → [{attachment, doc_code}] from the stored AIP's documents."""
        by_name = {Path(d.file_path).name: d.values.get("docCode", "") for d in record.documents}
        out: dict[str, list[dict[str, str]]] = {}
        for doc in self.docs:
            out[doc.code] = [
                {
                    "attachment": item["path"],
                    "doc_code": by_name.get(f"{doc.code}-{i:02d}-{Path(item['name']).name}", ""),
                }
                for i, item in enumerate(doc.attachments, start=1)
            ]
        return out

    def before_catalog(self, record: AipRecord) -> None:
        """A version of each envelope's object noting where it was filed (once)."""
        self.filed = self._filed(record)
        arc = record.dossier_ext.get("arcFileCode") or record.dossier.get("arcFileCode", "")
        for doc in self.docs:
            head = self.archive.ocfl.inventory(doc.object_id)
            state = head["versions"][head["head"]]["state"]
            if any(FILING_NOTE in paths for paths in state.values()):
                continue  # a retry after a crash: the note is there already
            note = {
                "dossier": arc,
                "object_id": record.object_id,
                "documents": self.filed[doc.code],
                "at": catalog_time(),
            }
            _add_note(self.archive, doc.object_id, note, self.agent)

    def in_catalog(self, session: Session, record: AipRecord) -> list[NewEvent]:
        """The rows become ``filed``; one ``edxml filed`` event each."""
        arc = record.dossier_ext.get("arcFileCode") or record.dossier.get("arcFileCode", "")
        events: list[NewEvent] = []
        for doc in self.docs:
            row = session.scalars(select(TrayDocument).where(TrayDocument.code == doc.code)).one()
            row.state = "filed"
            row.filed_dossier = arc
            row.filed_documents_json = json.dumps(self.filed.get(doc.code, []))
            codes = ", ".join(d["doc_code"] for d in self.filed.get(doc.code, []))
            events.append(
                NewEvent(
                    event_type="edxml filed",
                    detail=f"{doc.code} → {arc}: {codes}",
                    agents=[self.agent, software_agent()],
                    objects=[(doc.object_id, "source"), (arc, "outcome")],
                )
            )
        return events


def _add_note(archive: Services, object_id: str, note: dict[str, Any], agent: AgentRef) -> None:
    job = archive.settings.staging_dir / f"edxml-filing-{os.getpid()}-{uuid.uuid4().hex}"
    job.mkdir(parents=True)
    try:
        archive.ocfl.add_version(
            object_id,
            job,
            {FILING_NOTE: (json.dumps(note, ensure_ascii=False, indent=2) + "\n").encode()},
            created=note["at"],
            message="edXML document filed into a dossier",
            user_name=agent.name,
            user_address=f"urn:archive:agent:{agent.identifier}",
        )
    finally:
        discard(job)
