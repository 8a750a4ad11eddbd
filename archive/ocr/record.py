"""Where a rendition lives in the AIP, its manifest, and the catalog rows and PREMIS event that
record it (also replayed by ``archive rebuild`` from the manifest alone).

- the rendition: ``representations/ocr/data/<the original's path below data/>`` with ``.pdf``;
- its manifest: ``metadata/preservation/ocr/<docCode>.json`` — the source it was made from
  (path and SHA-512), the tools and their versions, the languages, pages, words and mean
  confidence, the format the identifier reported;
- a ``files`` row of role ``rendition`` (never ``original``), the document's ``ocr_jobs`` row
  ``done``, the dossier's version, and one ``creation`` event naming the tools, versions,
  languages and mean confidence, with the original as source and the rendition as outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.chain import AgentRef, NewEvent
from archive.catalog.models import Dossier, File
from archive.clock import catalog_time
from archive.errors import IntegrityFailure
from archive.ocr.models import OcrJob
from archive.preserve.record import head_digest
from archive.storage.copy import version_number
from archive.storage.ocfl import OcflRoot, content_sha256

__all__ = [
    "MANIFEST_PREFIX",
    "ROLE",
    "StoredRendition",
    "catalog_rendition",
    "manifest_path",
    "rendition_event",
    "rendition_path",
    "replay",
    "stored_rendition",
]

ROLE: Final = "rendition"
MANIFEST_PREFIX: Final = "metadata/preservation/ocr/"


def manifest_path(doc_code: str) -> str:
    """AIP path of the manifest of a document's OCR rendition."""
    return f"{MANIFEST_PREFIX}{doc_code}.json"


def rendition_path(original: str) -> str:
    """AIP path of the OCR rendition of an original: representation ``ocr``, suffix ``.pdf``."""
    parts = original.split("/")
    tail = parts[3:] if len(parts) > 3 and parts[0] == "representations" else parts[-1:]
    return str(PurePosixPath("representations/ocr/data", *tail).with_suffix(".pdf"))


@dataclass(frozen=True)
class StoredRendition:
    """A rendition as the head version stores it."""

    path: str
    version: str
    content_path: str
    sha256: str
    sha512: str
    size: int


def stored_rendition(
    ocfl: OcflRoot,
    object_id: str,
    inventory: dict[str, Any],
    path: str,
    digest: str | None = None,
) -> StoredRendition:
    """The rendition at ``path`` as ``inventory``'s head version (or ``digest``) stores it."""
    digest = digest or head_digest(inventory, path)
    if digest is None:
        raise IntegrityFailure(f"{object_id}: {path} is not in the head version")
    content = inventory["manifest"][digest][0]
    return StoredRendition(
        path=path,
        version=content.split("/", 1)[0],
        content_path=content,
        sha256=content_sha256(inventory)[content],
        sha512=digest,
        size=ocfl.store.size(ocfl.content_key(object_id, content)),
    )


def rendition_event(
    manifest: dict[str, Any], arc_file_code: str, version: str, agents: list[AgentRef]
) -> NewEvent:
    """The PREMIS event of a rendition: tools, versions, languages and mean confidence."""
    tools = ", ".join(f"{name} {v}" for name, v in sorted(manifest["tools"].items()))
    languages = "+".join(manifest["languages"])
    confidence = manifest.get("mean_confidence")
    conf = "—" if confidence is None else f"{confidence:.1f}"
    return NewEvent(
        "creation",
        f"Tạo bản OCR (PDF/A-2b hai lớp) của {manifest['doc_code']}, không thay bản gốc / "
        f"OCR rendition (PDF/A-2b two-layer) of {manifest['doc_code']} in {version}; "
        f"original unchanged. Tools: {tools}; languages: {languages}; pages: "
        f"{manifest['pages']}; words: {manifest['words']}; mean confidence: {conf}",
        outcome_detail=f"format {manifest['format']['puid']} ({manifest['format']['tool']})",
        agents=agents,
        objects=[
            (manifest["doc_code"], "source"),
            (f"{arc_file_code}/{manifest['source']}", "source"),
            (f"{arc_file_code}/{manifest['rendition']}", "outcome"),
        ],
    )


def catalog_rendition(
    session: Session,
    dossier: Dossier,
    source: File,
    stored: StoredRendition,
    manifest: dict[str, Any],
    job: OcrJob | None,
) -> File:
    """The rendition's ``files`` row (kept when an earlier attempt wrote it), the document's
    ``ocr_jobs`` row done, the dossier's version; the caller appends the event."""
    row = session.scalar(
        select(File).where(
            File.dossier_id == dossier.id,
            File.path == stored.path,
            File.version == stored.version,
        )
    )
    fmt = manifest["format"]
    if row is None:
        row = File(
            dossier_id=dossier.id,
            document_id=source.document_id,
            role=ROLE,
            path=stored.path,
            original_name=None,
            size=stored.size,
            sha256=stored.sha256,
            sha512=stored.sha512,
            mime_type="application/pdf",
            format_name=fmt.get("name"),
            format_puid=fmt.get("puid"),
            format_version=fmt.get("version"),
            format_tool=fmt.get("tool"),
            pdfa="PDF/A-2B",
            store=source.store,
            content_path=stored.content_path,
            version=stored.version,
        )
        session.add(row)
        session.flush()
    if job is None:
        assert source.document_id is not None
        job = OcrJob(document_id=source.document_id, attempts=0)
        session.add(job)
    job.state = "done"
    job.source_file_id = source.id
    job.rendition_file_id = row.id
    job.pages = int(manifest["pages"])
    job.confidence = manifest.get("mean_confidence")
    job.message = None
    job.updated_at = catalog_time()
    job.claimed_by = job.claimed_until = None
    if version_number(stored.version) > version_number(dossier.object_version):
        dossier.object_version = stored.version
    session.flush()
    return row


def replay(
    session: Session,
    ocfl: OcflRoot,
    dossier: Dossier,
    inventory: dict[str, Any],
    state: dict[str, str],
    manifest: dict[str, Any],
) -> File:
    """``archive rebuild``: a rendition's rows again from its manifest and the version's
    ``state`` (logical path → SHA-512). Its ``creation`` event is in the audit log, which a
    rebuild does not invent again (as for preservation copies)."""
    source = session.scalar(
        select(File)
        .where(File.dossier_id == dossier.id, File.path == manifest["source"])
        .where(File.sha512 == manifest["source_sha512"])
        .order_by(File.id)
    )
    if source is None:
        raise IntegrityFailure(
            f"{dossier.arc_file_code}: the OCR manifest of {manifest['doc_code']} names "
            f"{manifest['source']}, which no version holds"
        )
    path = manifest["rendition"]
    stored = stored_rendition(ocfl, dossier.object_id, inventory, path, state.get(path))
    return catalog_rendition(session, dossier, source, stored, manifest, None)
