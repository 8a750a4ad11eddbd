"""Evidence records as proofs of existence for PDF signatures (``archive verify``).

A valid evidence record over a PDF's bytes proves that everything inside those bytes existed at
its first archive timestamp: every signature value and every certificate, OCSP response and
CRL of the DSS. The validation data the archive kept beside the PDF at ingest (its own files,
covered by the same batch) is asserted at that time too. pyHanko's AdES engine takes these as
known proofs of existence (``ValidationSettings.known_poes``), so a B-T or B-LT signature
whose certificate has long expired still validates at its proven time (docs/evidence.md,
"Bridge to signatures"; a B-B signature does not: pyHanko's past validation needs a
signature timestamp).
Nothing is asserted unless the record verifies, integrity and trust both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePosixPath

from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import select

from archive.db.engine import unit_of_work
from archive.errors import NotFound
from archive.evidence.ers import DataObject, verify_record
from archive.evidence.models import EvidenceBatch, EvidenceRecordRow
from archive.evidence.revinfo import revinfo_prefix
from archive.evidence.service import records_for
from archive.evidence.store import read_logical, read_record
from archive.services import Services
from archive.signatures.validate import ValidationSettings, quiet_pyhanko, read_dss

__all__ = ["EvidencePoe", "evidence_poe"]


@dataclass(frozen=True)
class EvidencePoe:
    """Proofs of existence drawn from a verified evidence record, or why there are none, and
    the revocation data fetched right after the record's timestamp."""

    poes: list[tuple[bytes, datetime]]
    summary: dict[str, str]
    ocsps: list[bytes] = field(default_factory=list)
    crls: list[bytes] = field(default_factory=list)
    certs: list[bytes] = field(default_factory=list)

    def apply(self, cfg: ValidationSettings) -> ValidationSettings:
        """``cfg`` with these proofs and revocation data added."""
        return replace(
            cfg,
            known_poes=[*cfg.known_poes, *self.poes],
            known_ocsps=[*cfg.known_ocsps, *self.ocsps],
            known_crls=[*cfg.known_crls, *self.crls],
            known_certs=[*cfg.known_certs, *self.certs],
        )


def _fresh_revinfo(
    archive: Services, batch: str, record: str, cfg: ValidationSettings
) -> tuple[dict[str, list[bytes]], list[tuple[bytes, datetime]]]:
    """The revocation data fetched after ``record``'s timestamp, and proofs of its existence
    from the later batch that covers it (only those whose records verify)."""
    index = int(PurePosixPath(record).stem)
    prefix = revinfo_prefix(index)
    inventory = archive.ocfl.inventory(batch)
    out: dict[str, list[bytes]] = {"ocsp": [], "crl": [], "certs": []}
    blobs: dict[str, bytes] = {}
    for paths in inventory["versions"][inventory["head"]]["state"].values():
        for path in paths:
            kind = path.removeprefix(prefix).split("/")[0]
            if path.startswith(prefix) and kind in out:
                blobs[path] = read_logical(archive.ocfl, batch, path)
                out[kind].append(blobs[path])
    poes: list[tuple[bytes, datetime]] = []
    if not blobs:
        return out, poes
    with unit_of_work(archive.sessions) as session:
        rows = session.execute(
            select(EvidenceRecordRow.path, EvidenceBatch.object_id, EvidenceRecordRow.record_path)
            .join(EvidenceBatch, EvidenceBatch.id == EvidenceRecordRow.batch_id)
            .where(EvidenceRecordRow.target_object == batch, EvidenceRecordRow.path.in_(blobs))
        ).all()
    for path, holder, rec_path in rows:
        der = read_record(archive.ocfl, holder, rec_path)
        report = verify_record(der, [DataObject(path, blobs[path])], cfg.trust, at=cfg.at)
        if report.valid and report.first_time is not None:
            poes.append((hashlib.sha256(blobs[path]).digest(), report.first_time))
    return out, poes


def _pdf_objects(path: Path) -> list[bytes]:
    """SHA-256 of each signature value and each DSS object of a PDF."""
    out: list[bytes] = []
    with quiet_pyhanko(), path.open("rb") as fh:
        try:
            reader = PdfFileReader(fh, strict=False)
            for sig in reader.embedded_signatures:
                out.append(hashlib.sha256(sig.signer_info["signature"].native).digest())
                # pyHanko identifies a signature timestamp by its own signature value.
                for attr in sig.signer_info["unsigned_attrs"] or []:
                    if attr["type"].native != "signature_time_stamp_token":
                        continue
                    for token in attr["values"]:
                        for info in token["content"]["signer_infos"]:
                            out.append(hashlib.sha256(info["signature"].native).digest())
            certs, ocsps, crls = read_dss(reader)
        except Exception:  # a broken PDF may make pyHanko raise anything: no POE from it
            return out
    out += [hashlib.sha256(x.dump()).digest() for x in (*certs, *ocsps, *crls)]
    return out


def evidence_poe(
    archive: Services, doc_code: str, logical: str, copy: Path, cfg: ValidationSettings
) -> EvidencePoe | None:
    """POEs for the stored file ``logical`` of ``doc_code`` (its bytes at ``copy``); None when
    it has no evidence record."""
    try:
        records = [r for r in records_for(archive, doc_code) if r.path == logical]
    except NotFound:
        return None
    if not records:
        return None
    rec = records[-1]
    der = read_record(archive.ocfl, rec.batch_object, rec.record_path)
    report = verify_record(der, [DataObject(logical, path=copy)], cfg.trust, at=cfg.at)
    summary = {
        "source": "RFC 4998 evidence record",
        "batch": rec.batch_object,
        "record": rec.record_path,
        "valid": str(report.valid).lower(),
        "reason": report.reason,
    }
    if not report.valid or report.first_time is None:
        return EvidencePoe([], summary)
    when = report.first_time
    summary["time"] = when.isoformat()
    kept = [
        hashlib.sha256(b).digest() for b in (*cfg.known_certs, *cfg.known_ocsps, *cfg.known_crls)
    ]
    fresh, fresh_poes = _fresh_revinfo(archive, rec.batch_object, rec.record_path, cfg)
    summary["revocation_data_after"] = str(sum(len(v) for v in fresh.values()))
    summary["revocation_data_proven"] = str(len(fresh_poes))
    return EvidencePoe(
        [(d, when) for d in (*_pdf_objects(copy), *kept)] + fresh_poes,
        summary,
        fresh["ocsp"],
        fresh["crl"],
        fresh["certs"],
    )
