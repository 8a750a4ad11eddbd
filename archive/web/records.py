"""What the pages and the API show of dossiers and documents, with access control applied.

Nothing here knows HTTP: each function takes a catalog session, the settings and the asking
role, and returns plain data, or ``None`` when the record does not exist *or* the role may not
see it (the two are indistinguishable to the asker, so restricted records never leak even by
their existence).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from archive.audit.models import Event
from archive.catalog.codes import effective_mode, label
from archive.catalog.fields import (
    DOCUMENT_AIP_FIELDS,
    DOSSIER_AIP_FIELDS,
    EXT_DOCUMENT_FIELDS,
    EXT_DOSSIER_FIELDS,
    FieldSpec,
)
from archive.catalog.models import Document, Dossier, File
from archive.catalog.queries import event_trail
from archive.config import Settings
from archive.errors import NotFound
from archive.signatures.models import FileValidation, Signature
from archive.signatures.step import signature_dir
from archive.storage.ocfl import OcflRoot
from archive.use.service import granted
from archive.users.access import allowed_modes, visible

__all__ = [
    "OriginalRef",
    "audit_trail",
    "document_view",
    "dossier_view",
    "find_visible_document",
    "find_visible_dossier",
    "original_ref",
    "poe_chain",
    "stored_report",
]


@dataclass(frozen=True)
class OriginalRef:
    """Where a document's original is and what it must hash to."""

    doc_code: str
    arc_file_code: str
    path: str
    """Logical path inside the AIP (for the audit event)."""
    filename: str
    size: int
    sha256: str
    mime_type: str
    key: str
    """Storage key of the bytes."""
    rendition: bool = False
    """The document's OCR rendition (``archive ocr run``), never the original."""


def _display(spec: FieldSpec, value: object) -> str:
    if value is None or value == "":
        return ""
    if spec.kind == "boolean":
        return "Có / Yes" if value else "Không / No"
    if spec.kind == "code" and spec.code_list:
        return f"{value} – {label(spec.code_list, str(value))}"
    if spec.kind == "codes" and spec.code_list:
        codes = [c for c in re.split(r"[\s,;]+", str(value)) if c]
        return ", ".join(f"{c} – {label(spec.code_list, c)}" for c in codes)
    return str(value)


def _fields(
    specs: tuple[FieldSpec, ...], row: object, extra: dict[str, object]
) -> list[dict[str, str | int | None]]:
    out: list[dict[str, str | int | None]] = []
    for spec in specs:
        value = extra[spec.name] if spec.name in extra else getattr(row, spec.attr, None)
        shown = _display(spec, value)
        if shown:
            field: dict[str, str | int | None] = {
                "name": spec.name,
                "label_vi": spec.label_vi,
                "label_en": spec.label_en,
                "value": shown,
                "raw": "" if value is None else str(value),
                "kind": spec.kind,
                "codeList": spec.code_list,
            }
            if spec.name == "maintenance":  # code 07 (Khác) is shown with its years
                field["years"] = getattr(row, "maintenance_years", None)
            out.append(field)
    return out


# The access rule is part of the one query that looks a record up: a record the role may not
# see is simply not found, by the same statement, with no extra loading for it, so "hidden"
# and "missing" take the same path and the same time (no timing oracle; docs/web.md). A mode
# outside 01/02/03 matches no allowed mode, so a bad value hides rather than shows.


def find_visible_dossier(
    session: Session, settings: Settings, role: str, code: str
) -> Dossier | None:
    """A dossier by arcFileCode or fileCode, if it exists and ``role`` may see it."""
    modes = sorted(allowed_modes(settings, role))
    return session.scalar(
        select(Dossier)
        .where((Dossier.arc_file_code == code) | (Dossier.file_code == code))
        .where(Dossier.mode.in_(modes))
        .options(selectinload(Dossier.documents), selectinload(Dossier.fonds))
    )


def find_visible_document(
    session: Session, settings: Settings, role: str, doc_code: str, user: str | None = None
) -> Document | None:
    """A document by docCode, if it exists and ``role`` may see it (its own mode and its
    dossier's), or ``user`` holds a grant on it that opens it as conditional (mode 02; the
    grant is looked up whether or not the document exists, so both take the same path)."""
    allowed = set(allowed_modes(settings, role))
    if user is not None and granted(session, user, doc_code):
        allowed.add("02")
    modes = sorted(allowed)
    return session.scalar(
        select(Document)
        .join(Document.dossier)
        .where(Document.doc_code == doc_code)
        .where(Document.mode.in_(modes), Dossier.mode.in_(modes))
        .options(selectinload(Document.files), selectinload(Document.dossier))
    )


_ALL_MODES = frozenset({"01", "02", "03"})


def _symbol(doc: Document) -> str:
    if doc.code_number and doc.code_notation:
        return f"{doc.code_number}/{doc.code_notation}"
    return doc.code_number or doc.code_notation or ""


def _doc_row(doc: Document, dossier: Dossier) -> dict[str, Any]:
    return {
        "docCode": doc.doc_code,
        "ordinal": doc.doc_ordinal,
        "symbol": _symbol(doc),
        "issuedDate": doc.issued_date,
        "typeName": doc.type_name,
        "typeLabel": label("typeName", doc.type_name),
        "subject": doc.subject,
        "organName": doc.organ_name,
        "numberOfPage": doc.number_of_page,
        "mode": effective_mode(doc.mode, dossier.mode),
        "modeLabel": label("mode", effective_mode(doc.mode, dossier.mode)),
        "description": doc.description or "",
    }


def dossier_view(
    session: Session, settings: Settings, role: str, code: str
) -> dict[str, Any] | None:
    """The dossier's TT05 metadata (Vietnamese labels) and its Mục lục văn bản: the documents
    ``role`` may see, in order.

    For a role that may not see every access mode (``restrictedView``), the counts are those of
    the listed documents — ``totalDoc`` their number, ``numberOfPage`` their pages — and
    ``numberOfPaper`` (sheets, not kept per document) is left out: the stored counts would tell
    how many documents are hidden. The note saying so is shown to such a role on *every*
    dossier, so it tells nothing about this one."""
    dossier = find_visible_dossier(session, settings, role, code)
    if dossier is None:
        return None
    docs = [d for d in dossier.documents if visible(settings, role, d.mode, dossier.mode)]
    restricted = allowed_modes(settings, role) != _ALL_MODES
    counts: dict[str, object] = {}
    if restricted:
        counts = {
            "totalDoc": len(docs),
            "numberOfPage": sum(d.number_of_page for d in docs),
            "numberOfPaper": None,
        }
    return {
        "arcFileCode": dossier.arc_file_code,
        "fileCode": dossier.file_code,
        "title": dossier.title,
        "mode": dossier.mode,
        "modeLabel": label("mode", dossier.mode),
        "fonds": {"code": dossier.fonds.code, "name": dossier.fonds.name}
        if dossier.fonds
        else None,
        "ingestedAt": dossier.ingested_at,
        "fields": _fields(DOSSIER_AIP_FIELDS + EXT_DOSSIER_FIELDS, dossier, counts),
        "documents": [_doc_row(d, dossier) for d in docs],
        "restrictedView": restricted,
    }


def _original(doc: Document) -> File | None:
    return next((f for f in doc.files if f.role == "original"), None)


def _rendition(doc: Document) -> File | None:
    """The latest OCR rendition of a scanned original (a derivative, not the original)."""
    made = sorted((f for f in doc.files if f.role == "rendition"), key=lambda f: f.id)
    return made[-1] if made else None


def document_view(
    session: Session, settings: Settings, role: str, doc_code: str, user: str | None = None
) -> dict[str, Any] | None:
    """A document's metadata, its original file and its signatures' status as last validated
    (``user``: see ``find_visible_document``)."""
    doc = find_visible_document(session, settings, role, doc_code, user)
    if doc is None:
        return None
    dossier = doc.dossier
    original = _original(doc)
    signatures: list[dict[str, Any]] = []
    validation: dict[str, Any] | None = None
    if original is not None:
        for sig in session.scalars(
            select(Signature).where(Signature.file_id == original.id).order_by(Signature.id)
        ):
            signatures.append(
                {
                    "field": sig.field,
                    "kind": sig.kind,
                    "signer": sig.signer_subject,
                    "issuer": sig.issuer,
                    "claimedSigningTime": sig.claimed_signing_time,
                    "timestampTime": sig.timestamp_time,
                    "padesLevel": sig.pades_level,
                    "indication": sig.indication,
                    "subindication": sig.subindication,
                    "trusted": sig.trusted,
                    "revocationStatus": sig.revocation_status,
                    "validatedAt": sig.validated_at,
                }
            )
        fv = session.scalar(select(FileValidation).where(FileValidation.file_id == original.id))
        if fv is not None:
            validation = {
                "bottomLine": fv.bottom_line,
                "validatedAt": fv.validated_at,
                "padesLevel": fv.pades_level,
                "horizon": fv.horizon,
            }
    return {
        **_doc_row(doc, dossier),
        "arcFileCode": dossier.arc_file_code,
        "dossierFileCode": dossier.file_code,
        "dossierTitle": dossier.title,
        "fields": _fields(
            DOCUMENT_AIP_FIELDS + EXT_DOCUMENT_FIELDS,
            doc,
            {"arcFileCode": dossier.arc_file_code},
        ),
        "original": None
        if original is None
        else {
            "name": original.original_name or original.path.rsplit("/", 1)[-1],
            "size": original.size,
            "sha256": original.sha256,
            "mimeType": original.mime_type or "application/octet-stream",
            "format": original.format_name or "",
        },
        "rendition": None
        if (made := _rendition(doc)) is None
        else {
            "name": _rendition_name(made),
            "size": made.size,
            "sha256": made.sha256,
            "format": f"{made.format_name or 'PDF/A'} {made.format_version or ''}".strip(),
            "puid": made.format_puid,
        },
        "validation": validation,
        "signatures": signatures,
    }


def _rendition_name(file: File) -> str:
    return file.path.rsplit("/", 1)[-1].removesuffix(".pdf") + ".ocr.pdf"


def original_ref(
    session: Session,
    settings: Settings,
    ocfl: OcflRoot,
    role: str,
    doc_code: str,
    user: str | None = None,
    *,
    rendition: bool = False,
) -> OriginalRef | None:
    """Where to read a visible document's original (or, ``rendition``, its OCR rendition)
    from, and its recorded digest."""
    doc = find_visible_document(session, settings, role, doc_code, user)
    pick = _rendition if rendition else _original
    original = pick(doc) if doc is not None else None
    if doc is None or original is None:
        return None
    name = (
        _rendition_name(original)
        if rendition
        else original.original_name or original.path.rsplit("/", 1)[-1]
    )
    return OriginalRef(
        doc_code=doc.doc_code,
        arc_file_code=doc.dossier.arc_file_code,
        path=original.path,
        filename=name.rsplit("/", 1)[-1],
        size=original.size,
        sha256=original.sha256,
        mime_type=original.mime_type or "application/octet-stream",
        key=ocfl.content_key(doc.dossier.object_id, original.content_path),
        rendition=rendition,
    )


def stored_report(
    session: Session, settings: Settings, ocfl: OcflRoot, role: str, doc_code: str
) -> dict[str, Any] | None:
    """The signature validation report kept in the AIP at ingest (signatures, POE), or an
    empty report when the document has none; ``None`` when not visible."""
    doc = find_visible_document(session, settings, role, doc_code)
    if doc is None:
        return None
    object_id = doc.dossier.object_id
    logical = f"{signature_dir(doc.doc_code)}/report.json"
    try:
        with ocfl.open_logical(object_id, logical) as fh:
            report: dict[str, Any] = json.loads(fh.read().decode("utf-8"))
    except NotFound:
        report = {"file": doc.doc_code, "signatures": [], "poe": [], "bottom_line": None}
    report["docCode"] = doc.doc_code
    report["subject"] = doc.subject
    report["arcFileCode"] = doc.dossier.arc_file_code
    report["chain"] = poe_chain(session, doc)
    return report


def poe_chain(session: Session, doc: Document) -> list[dict[str, str]]:
    """What proves the document existed, unchanged, and when, oldest first: the timestamps on
    its signatures, the document timestamps of the original and of every preservation copy
    (PAdES-LTA renewals), and the archive's own ingest event in the hash-chained log."""
    files = {f.id: f for f in doc.files if f.role in ("original", "preservation")}
    chain: list[dict[str, str]] = []
    if files:
        rows = session.scalars(
            select(Signature).where(Signature.file_id.in_(files)).order_by(Signature.id)
        )
        for sig in rows:
            if not sig.timestamp_time:
                continue
            kind = "doc_timestamp" if sig.kind == "timestamp" else "signature_timestamp"
            chain.append(
                {
                    "time": sig.timestamp_time,
                    "kind": kind,
                    "what": f"{files[sig.file_id].path} · {sig.field}",
                    # The TSA of a signature timestamp is not kept in the catalog (the report
                    # in the AIP has it); a document timestamp's signer is the TSA itself.
                    "by": sig.signer_subject if kind == "doc_timestamp" else "—",
                    "indication": sig.indication,
                }
            )
    for event in event_trail(session, [doc.doc_code]):
        if event.event_type == "ingestion":
            chain.append(
                {
                    "time": event.occurred_at,
                    "kind": "archive_event",
                    "what": event.detail,
                    "by": f"#{event.seq} {event.entry_hash[:16]}…",  # the log's own entry
                    "indication": event.outcome,
                }
            )
    return sorted(chain, key=lambda item: item["time"])


def audit_trail(
    session: Session, identifiers: list[str], hidden: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Events naming these identifiers (or paths below them), oldest first. Only the type, time,
    detail, agents and outcome are shown (not the linked objects), and an event whose detail
    names a ``hidden`` record (a document the asker may not see) is left out."""
    events: list[Event] = event_trail(session, identifiers)
    return [
        {
            "seq": e.seq,
            "eventType": e.event_type,
            "occurredAt": e.occurred_at,
            "detail": e.detail,
            "outcome": e.outcome,
            "agents": [{"id": a["id"], "role": a["role"]} for a in json.loads(e.agents_json)],
            "entryHash": e.entry_hash,
        }
        for e in events
        if not any(code in e.detail for code in hidden)
    ]
