"""Build the TT 05/2025 AIP_hoso of an accepted SIP as version 1 of an OCFL object.

AIP tree (docs/domain.md §4.3, plus ``submission/``)::

    METS.xml                                              AIP profile, PREMIS amdSec
    metadata/descriptive/EAD.xml                          arcFileCode + TT05 fields
    metadata/preservation/PREMIS.xml                      objects, events, agents
    representations/rep1/METS.xml
    representations/rep1/metadata/descriptive/EAD_doc_<stem>.xml
    representations/rep1/metadata/preservation/PREMIS_rep1.xml
    representations/rep1/data/<original files>            the submitted bytes, moved not copied
    schemas/…                                             XSDs the metadata follows
    submission/…                                          the SIP's own metadata, byte for byte

The original files are renamed from staging into the object (same filesystem), so they are
written exactly once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from archive import __version__
from archive.audit.chain import AgentRef, NewEvent
from archive.catalog.fields import (
    DOCUMENT_AIP_FIELDS,
    DOSSIER_AIP_FIELDS,
    EXT_AIP_DOCUMENT_FIELDS,
    EXT_AIP_DOSSIER_FIELDS,
    EXT_DOCUMENT_FIELDS,
    EXT_DOSSIER_FIELDS,
)
from archive.packages.formatcheck import IdentifiedFormat
from archive.packages.formats import identify
from archive.packages.metsbuild import DocEntry, PackageHeader, rep_mets, root_mets
from archive.packages.metsxml import iso_now, simpledc, to_bytes
from archive.packages.premis import PremisFile, premis_document
from archive.packages.sipread import ParsedSip
from archive.packages.unpack import UnpackedPackage
from archive.resources import schema_path
from archive.storage.digest import Digests
from archive.storage.ocfl import ObjectBuilder

__all__ = ["AIP_SCHEMAS", "AipFile", "BuiltAip", "build_aip", "original_path"]

AIP_SCHEMAS: dict[str, tuple[str, ...]] = {
    "mets.xsd": ("mets", "mets.xsd"),
    "xlink.xsd": ("mets", "xlink.xsd"),
    "premis.xsd": ("premis", "premis-v3-0.xsd"),
    "EAD.xsd": ("tt05", "EAD_AIP.xsd"),
    "EAD_doc.xsd": ("tt05", "EAD_doc_AIP.xsd"),
    "archive-ext.xsd": ("tt05", "archive-ext.xsd"),
}
REP = "representations/rep1"


@dataclass(frozen=True)
class AipFile:
    """A file placed in the AIP."""

    path: str
    role: str  # original | metadata | submission
    digests: Digests
    original_name: str | None = None
    doc_code: str | None = None
    source: str | None = None  # the file's path in the SIP


@dataclass
class BuiltAip:
    """A staged, finished OCFL object ready to publish."""

    object_id: str
    arc_file_code: str
    directory: Path
    inventory: dict[str, object]
    files: list[AipFile]
    events: list[NewEvent]


@dataclass
class _Build:
    sip: ParsedSip
    builder: ObjectBuilder
    arc_file_code: str
    created: str
    files: list[AipFile]
    formats: Mapping[str, IdentifiedFormat]

    def add(self, path: str, data: bytes, role: str = "metadata") -> Digests:
        digests = self.builder.add_bytes(path, data)
        self.files.append(AipFile(path, role, digests))
        return digests

    def file_id(self, path: str) -> str:
        return f"{self.arc_file_code}/{path}"


def original_path(file_rel: str) -> str:
    """Where the original at ``file_rel`` of the package goes in the AIP."""
    return f"{REP}/data/{PurePosixPath(file_rel).name}"


def _move_originals(b: _Build, pkg: UnpackedPackage) -> list[tuple[str, str, Digests]]:
    """Move each document's file into rep1/data; returns (docCode, data name, digests)."""
    out: list[tuple[str, str, Digests]] = []
    for doc in b.sip.documents:
        entry = pkg.entries[doc.file_rel]
        name = PurePosixPath(doc.file_rel).name
        path = original_path(doc.file_rel)
        b.builder.adopt(path, entry.path, entry.digests)
        b.files.append(
            AipFile(path, "original", entry.digests, name, doc.values["docCode"], doc.file_rel)
        )
        out.append((doc.values["docCode"], name, entry.digests))
    return out


def _keep_submission(b: _Build, pkg: UnpackedPackage) -> None:
    originals = {doc.file_rel for doc in b.sip.documents}
    for rel in sorted(b.sip.listed - originals):
        entry = pkg.entries[rel]
        path = f"submission/{rel}"
        b.builder.adopt(path, entry.path, entry.digests)
        b.files.append(AipFile(path, "submission", entry.digests, rel, source=rel))


def _document_records(b: _Build, originals: list[tuple[str, str, Digests]]) -> list[DocEntry]:
    entries: list[DocEntry] = []
    for doc, (_code, name, data) in zip(b.sip.documents, originals, strict=True):
        values = {**doc.values, "arcFileCode": b.arc_file_code, "docOrdinal": str(doc.ordinal)}
        ext = {**doc.ext, **{s.name: doc.values.get(s.name, "") for s in EXT_AIP_DOCUMENT_FIELDS}}
        ead_name = f"EAD_doc_{PurePosixPath(name).stem}.xml"
        record = simpledc(
            values, DOCUMENT_AIP_FIELDS, ext, (*EXT_DOCUMENT_FIELDS, *EXT_AIP_DOCUMENT_FIELDS)
        )
        digests = b.add(f"{REP}/metadata/descriptive/{ead_name}", to_bytes(record))
        entries.append(DocEntry(ead_name, digests, name, data))
    return entries


def _premis_files(
    b: _Build, content_paths: dict[str, str], roles: set[str], reports: dict[str, dict[str, Any]]
) -> list[PremisFile]:
    out: list[PremisFile] = []
    for f in b.files:
        if f.role not in roles:
            continue
        report = reports.get(f.doc_code or "", {}) if f.role == "original" else {}
        found = b.formats.get(f.source or "")
        if found is not None:
            name, puid, version, notes = found.name, found.puid, found.version, found.notes
        else:  # a file the archive wrote: its format is known
            fmt = identify(f.path)
            name, puid, version, notes = fmt.name, fmt.puid, "", ()
        out.append(
            PremisFile(
                b.file_id(f.path),
                f.original_name or PurePosixPath(f.path).name,
                f.digests.size,
                f.digests.sha256,
                name,
                puid,
                content_paths.get(f.path, f"v1/content/{f.path}"),
                f.doc_code,
                tuple(report.get("signatures", [])),
                version,
                notes,
            )
        )
    return out


def _events(b: _Build, before: list[NewEvent], agents: list[AgentRef]) -> list[NewEvent]:
    dossier = (b.arc_file_code, "outcome")
    sip = (b.sip.objid, "source")
    return [
        *before,
        NewEvent(
            "information package creation",
            f"AIP_hoso tạo từ SIP {b.sip.objid} / AIP_hoso built from SIP {b.sip.objid}",
            agents=agents,
            objects=[sip, dossier],
        ),
        NewEvent(
            "ingestion",
            f"Lưu trữ hồ sơ {b.arc_file_code} vào kho OCFL / Stored in the OCFL store",
            agents=agents,
            objects=[
                dossier,
                *((doc.values["docCode"], "outcome") for doc in b.sip.documents),
                *((b.file_id(f.path), "outcome") for f in b.files if f.role == "original"),
            ],
        ),
    ]


def build_aip(
    sip: ParsedSip,
    pkg: UnpackedPackage,
    *,
    directory: Path,
    object_id: str,
    arc_file_code: str,
    events_before: list[NewEvent],
    agents: list[AgentRef],
    fingerprint: str,
    extra_files: dict[str, bytes] | None = None,
    signature_reports: dict[str, dict[str, Any]] | None = None,
    formats: Mapping[str, IdentifiedFormat] | None = None,
) -> BuiltAip:
    """Assemble the AIP in ``directory`` (staging) and write its OCFL inventory. ``formats``
    gives the identified format of each file of the SIP, by its path in the SIP."""
    b = _Build(
        sip, ObjectBuilder(directory, object_id), arc_file_code, iso_now(), [], formats or {}
    )
    reports = signature_reports or {}
    originals = _move_originals(b, pkg)
    _keep_submission(b, pkg)
    docs = _document_records(b, originals)
    for path, data in sorted((extra_files or {}).items()):
        b.add(path, data)
    dossier = {**sip.dossier, "arcFileCode": arc_file_code}
    ead = b.add(
        "metadata/descriptive/EAD.xml",
        to_bytes(
            simpledc(
                dossier,
                DOSSIER_AIP_FIELDS,
                {**sip.dossier_ext, "fileCode": sip.dossier["fileCode"]},
                (*EXT_DOSSIER_FIELDS, *EXT_AIP_DOSSIER_FIELDS),
            )
        ),
    )
    schemas = {
        name: b.add(f"schemas/{name}", schema_path(*parts).read_bytes())
        for name, parts in AIP_SCHEMAS.items()
    }
    content = {f.path: b.builder.content_path(f.path) for f in b.files}
    rep_premis = b.add(
        f"{REP}/metadata/preservation/PREMIS_rep1.xml",
        to_bytes(
            premis_document(
                _premis_files(b, content, {"original"}, reports), software_version=__version__
            )
        ),
    )
    head = PackageHeader(
        object_id,
        "AIP",
        sip.dossier.get("title", ""),
        sip.creator_name,
        b.created,
        sip.fonds_code,
        sip.submission_agreement,
        {"Submission": {f.path: f.digests for f in b.files if f.role == "submission"}},
    )
    rep = b.add(f"{REP}/METS.xml", rep_mets(head, docs, rep_premis))
    events = _events(b, events_before, agents)
    premis = b.add(
        "metadata/preservation/PREMIS.xml",
        to_bytes(
            premis_document(
                _premis_files(b, content, {"original", "metadata", "submission"}, reports),
                events,
                __version__,
            )
        ),
    )
    b.add("METS.xml", root_mets(head, ead, rep, schemas, premis))
    inventory = b.builder.finish(
        created=iso_now(),
        message=f"Ingest of SIP {sip.objid}; package sha256:{fingerprint}",
        user_name=agents[0].name if agents else "archive",
        user_address=f"urn:archive:agent:{agents[0].identifier if agents else 'archive'}",
    )
    return BuiltAip(object_id, arc_file_code, directory, inventory, b.files, events)
