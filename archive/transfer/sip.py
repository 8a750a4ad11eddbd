"""The content of one transfer package: a stored dossier's SIP_hoso input (catalog values and
the originals, checked as they are streamed from storage) and its ``documentation/`` files."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from archive.catalog.fields import (
    DOCUMENT_SIP_FIELDS,
    DOSSIER_SIP_FIELDS,
    EXT_DOCUMENT_FIELDS,
    EXT_DOSSIER_FIELDS,
    FieldSpec,
)
from archive.catalog.models import Dossier
from archive.errors import ChecksumMismatch
from archive.packages.sipwrite import SipDocument, SipInput
from archive.retention.listobject import json_bytes
from archive.services import Services
from archive.storage.digest import copy_with_digests

__all__ = ["build_sip", "documentation"]


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _values(row: object, specs: tuple[FieldSpec, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for spec in specs:
        value = _text(getattr(row, spec.attr, None))
        if value not in (None, ""):
            out[spec.name] = value
    return out


def build_sip(archive: Services, dossier: Dossier, request: str, staging: Path) -> SipInput:
    """The SIP_hoso content of a stored dossier: catalog values, and the originals streamed
    from storage into ``staging`` with their SHA-256 checked against the catalog."""
    docs: list[SipDocument] = []
    staging.mkdir(parents=True, exist_ok=True)
    for doc in dossier.documents:
        original = next(f for f in doc.files if f.role == "original")
        name = PurePosixPath(original.path).name
        target = staging / f"{doc.doc_ordinal:07d}-{name}"
        with (
            archive.ocfl.open_logical(dossier.object_id, original.path) as src,
            target.open("wb") as dst,
        ):
            digests = copy_with_digests(src, dst)
        if digests.sha256 != original.sha256:
            raise ChecksumMismatch(
                f"{dossier.arc_file_code}/{original.path}",
                "SHA-256",
                original.sha256,
                digests.sha256,
            )
        values = _values(doc, DOCUMENT_SIP_FIELDS)
        ext = _values(doc, EXT_DOCUMENT_FIELDS)
        if doc.maintenance != "07":
            ext.pop("maintenanceYears", None)
        docs.append(SipDocument(values, name, target, ext))
    dossier_values = _values(dossier, DOSSIER_SIP_FIELDS)
    dossier_ext = _values(dossier, EXT_DOSSIER_FIELDS)
    if dossier.maintenance != "07":
        dossier_ext.pop("maintenanceYears", None)
    return SipInput(
        dossier_values,
        docs,
        dossier.fonds.name if dossier.fonds else archive.settings.agency_name,
        dossier_ext,
        dossier.fonds.code if dossier.fonds else None,
        request,
    )


def documentation(archive: Services, dossier: Dossier, request: str) -> dict[str, bytes]:
    """The agreed extension: preservation metadata, signature validation data and evidence
    records of the dossier, with a manifest."""
    out: dict[str, bytes] = {}
    for f in dossier.files:
        if f.role == "metadata" and "/preservation/" in f"/{f.path}":
            with archive.ocfl.open_logical(dossier.object_id, f.path) as fh:
                out[f"preservation/{f.path}"] = fh.read()
    manifest = {
        "extension": "archive transfer documentation 1.0 (ADR 0008)",
        "requestCode": request,
        "arcFileCode": dossier.arc_file_code,
        "sourceObject": dossier.object_id,
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in sorted(out.items())
        },
    }
    out["transfer.json"] = json_bytes(manifest)
    return out
