"""Write the catalog rows of one AIP (read by ``aipread``) inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from archive.catalog.fields import (
    DOCUMENT_AIP_FIELDS,
    DOSSIER_AIP_FIELDS,
    EXT_AIP_DOCUMENT_FIELDS,
    EXT_DOCUMENT_FIELDS,
    EXT_DOSSIER_FIELDS,
    FieldSpec,
)
from archive.catalog.models import Document, Dossier, File, Fonds
from archive.config import DEFAULT_CRYPTO_SUITE
from archive.identifiers import parse_file_code
from archive.packages.aipread import AipRecord
from archive.packages.metsbuild import mimetype
from archive.packages.rules import retention_years
from archive.signatures.horizon import protection_horizon
from archive.signatures.models import FileValidation, Signature

__all__ = ["add_dossier", "add_validation"]


def _year(date_text: str) -> int:
    """The year of a law-format date (DD/MM/YYYY, MM/YYYY or YYYY)."""
    return int(date_text[-4:])


def _typed(spec_kind: str, value: str | None) -> object:
    if value is None or value == "":
        return None
    if spec_kind == "number":
        return int(value)
    if spec_kind == "boolean":
        return value == "1"
    return value


def _apply(target: object, specs: tuple[FieldSpec, ...], values: dict[str, str]) -> None:
    for spec in specs:
        if spec.name in values and hasattr(type(target), spec.attr):
            setattr(target, spec.attr, _typed(spec.kind, values[spec.name]))


def _fonds(session: Session, code: str | None, name: str, organ_id: str) -> Fonds | None:
    if not code:
        return None
    fonds = session.scalar(select(Fonds).where(Fonds.code == code))
    if fonds is None:
        fonds = Fonds(code=code, name=name, organ_id=organ_id)
        session.add(fonds)
    return fonds


def add_dossier(
    session: Session,
    record: AipRecord,
    *,
    store: str,
    suite: Mapping[str, str] = DEFAULT_CRYPTO_SUITE,
) -> Dossier:
    """Create the Dossier, Document and File rows of an AIP; flushes, never commits."""
    values, ext = record.dossier, record.dossier_ext
    code = parse_file_code(ext["fileCode"])
    assert code is not None, ext["fileCode"]
    dossier = Dossier(
        object_id=record.object_id,
        object_version=record.version,
        sip_objid=record.sip_objid,
        package_fingerprint=record.fingerprint,
        ingested_at=record.created,
        status="active",
        file_code=ext["fileCode"],
        organ_id=code.organ_id,
        file_catalog=code.year,
        file_notation=code.notation,
        end_year=_year(values["endDate"]),
        fonds=_fonds(session, record.fonds_code, record.creator_name, code.organ_id),
    )
    _apply(dossier, DOSSIER_AIP_FIELDS, values)
    _apply(dossier, EXT_DOSSIER_FIELDS, ext)
    dossier.maintenance_years = retention_years(values["maintenance"], ext)
    session.add(dossier)
    by_path: dict[str, Document] = {}
    for doc in record.documents:
        row = Document(dossier=dossier, issued_year=_year(doc.values["issuedDate"]))
        _apply(row, DOCUMENT_AIP_FIELDS, doc.values)
        _apply(row, EXT_DOCUMENT_FIELDS, doc.ext)
        _apply(row, EXT_AIP_DOCUMENT_FIELDS, doc.ext)
        row.maintenance_years = retention_years(row.maintenance, doc.ext)
        session.add(row)
        by_path[doc.file_path] = row
    files: dict[str, File] = {}
    for f in record.files:
        files[f.path] = File(
            dossier=dossier,
            document=by_path.get(f.path),
            role=f.role,
            path=f.path,
            original_name=f.original_name,
            size=f.size,
            sha256=f.sha256,
            sha512=f.sha512,
            mime_type=mimetype(f.path),
            format_name=f.format_name,
            format_puid=f.puid,
            format_version=f.format_version,
            format_tool=f.format_tool,
            pdfa=f.pdfa,
            store=store,
            content_path=f.content_path,
            version=record.version,
        )
        session.add(files[f.path])
    session.flush()
    for doc in record.documents:
        doc_code = doc.values.get("docCode", "")
        if doc_code in record.reports:
            path, report = record.reports[doc_code]
            add_validation(session, files[doc.file_path], report, path, record.version, suite)
    return dossier


_LEVEL_RANK = {"B-B": 0, "B-T": 1, "B-LT": 2, "B-LTA": 3}


def add_validation(
    session: Session,
    file: File,
    report: dict[str, Any],
    report_path: str,
    version: str,
    suite: Mapping[str, str] = DEFAULT_CRYPTO_SUITE,
) -> FileValidation:
    """Replace a file's signature rows and validation summary with those of ``report``."""
    session.execute(delete(Signature).where(Signature.file_id == file.id))
    session.execute(delete(FileValidation).where(FileValidation.file_id == file.id))
    for sig in report.get("signatures", []):
        session.add(
            Signature(
                file_id=file.id,
                document_id=file.document_id,
                field=sig["field"],
                kind=sig["kind"],
                signer_subject=sig["signer_subject"][:1000],
                signer_serial=sig["signer_serial"],
                issuer=sig["issuer"][:1000],
                claimed_signing_time=sig.get("claimed_signing_time"),
                timestamp_time=sig.get("timestamp_time"),
                pades_level=sig["pades_level"],
                indication=sig["indication"],
                subindication=sig.get("subindication"),
                trusted=bool(sig["trusted"]),
                revocation_status=sig["revocation_status"],
                modification_level=sig.get("modification_level"),
                not_after=sig.get("not_after"),
                validated_at=report["validated_at"],
            )
        )
    horizon = protection_horizon(report, suite)
    levels = [s["pades_level"] for s in report.get("signatures", []) if s["kind"] != "timestamp"]
    row = FileValidation(
        file_id=file.id,
        validated_at=report["validated_at"],
        bottom_line=report["bottom_line"],
        report_path=report_path,
        report_version=version,
        horizon=horizon.isoformat() if horizon else None,
        pades_level=min(levels, key=_LEVEL_RANK.__getitem__) if levels else None,
    )
    session.add(row)
    session.flush()
    return row
