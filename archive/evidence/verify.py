"""``archive verify``: the auditor's verdict on a stored document, a whole dossier, or any PDF.

For stored documents the validation also uses what the archive kept at ingest (certificates,
OCSP responses and CRLs stored beside the report in the AIP), so a verdict can be redone when
the CA's services are long gone. Verifying a stored document is logged as a PREMIS event.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.catalog.models import Document, Dossier, File
from archive.catalog.queries import find_document, find_dossier
from archive.clock import utc_now
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.errors import InvalidInput, NotFound
from archive.services import Services
from archive.signatures.report import EVENT_OUTCOME, BottomLine, ValidationReport, overall
from archive.signatures.step import looks_like_pdf, signature_dir, validation_settings
from archive.signatures.validate import ValidationSettings, validate_pdf
from archive.storage.digest import file_digests
from archive.storage.ocfl import OcflRoot

__all__ = ["Verification", "kept_validation_data", "render_html", "verify", "verify_file"]


@dataclass
class Verification:
    """Reports for every file verified, with the overall bottom line."""

    target: str
    reports: list[ValidationReport]
    kind: str = "file"  # file | document | dossier

    @property
    def bottom_line(self) -> BottomLine:
        """The worst verdict over the signed files (NO_SIGNATURE when none is signed)."""
        return overall([r.bottom_line for r in self.reports])

    def as_dict(self) -> dict[str, Any]:
        """A file or document: its report (file, sha256, bottom_line, signatures…); a dossier:
        every document's report under ``files``, whatever their number."""
        if len(self.reports) == 1 and self.kind != "dossier":
            return {"target": self.target, **self.reports[0].as_dict()}
        return {
            "target": self.target,
            "bottom_line": self.bottom_line,
            "files": [r.as_dict() for r in self.reports],
        }


@contextmanager
def _stored_copy(ocfl: OcflRoot, object_id: str, logical: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="archive-verify-") as tmp:
        path = Path(tmp) / Path(logical).name
        with ocfl.open_logical(object_id, logical) as src, path.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
        yield path


def kept_validation_data(
    ocfl: OcflRoot, object_id: str, doc_code: str, cfg: ValidationSettings
) -> ValidationSettings:
    """The validation settings plus the certificates and revocation data kept in the AIP."""
    inventory = ocfl.inventory(object_id)
    state = inventory["versions"][inventory["head"]]["state"]
    prefix = signature_dir(doc_code) + "/"
    blobs: dict[str, list[bytes]] = {"certs": [], "ocsp": [], "crl": []}
    for paths in state.values():
        for path in paths:
            kind = path.removeprefix(prefix).split("/")[0]
            if path.startswith(prefix) and kind in blobs and path.endswith(".der"):
                with ocfl.open_logical(object_id, path) as fh:
                    blobs[kind].append(fh.read())
    return replace(
        cfg,
        known_certs=[*cfg.known_certs, *blobs["certs"]],
        known_ocsps=[*cfg.known_ocsps, *blobs["ocsp"]],
        known_crls=[*cfg.known_crls, *blobs["crl"]],
    )


def _documents(session: Any, target: str) -> tuple[str, list[Document]]:
    dossier: Dossier | None = find_dossier(session, target)
    if dossier is not None:
        return "dossier", list(dossier.documents)
    doc = find_document(session, target)
    return "document", [doc] if doc is not None else []


def verify_file(settings: Settings, path: Path, *, at: datetime | None) -> Verification:
    """Verify any PDF file with the archive's trust settings (no archive needed, not logged)."""
    cfg = replace(validation_settings(settings), at=at)
    try:
        report, _ = validate_pdf(path, cfg)
    except OSError as exc:  # the file, not its contents: unreadable, vanished, a device
        raise InvalidInput(
            f"không đọc được tệp {path} / cannot read the file {path}: {exc.strerror or exc}"
        ) from exc
    return Verification(str(path), [report], "file")


def _unsigned(path: Path, name: str, at: datetime | None) -> ValidationReport:
    """The report on a stored original that is not a PDF: no signature to validate."""
    digests = file_digests(path)
    now = utc_now()
    return ValidationReport(
        file=name,
        sha256=digests.sha256,
        size=digests.size,
        validated_at=now.isoformat(),
        validation_time=(at or now).isoformat(),
        trust_roots=[],
    )


def _current_file(files: Iterable[File]) -> str | None:
    """What a document's signatures are proven by now: its newest preservation copy (PAdES
    B-LTA, ``archive preserve run``) when there is one, else its original."""
    copies = [f for f in files if f.role == "preservation"]
    if copies:
        return max(copies, key=lambda f: (int(f.version[1:]), f.id)).path
    return next((f.path for f in files if f.role == "original"), None)


def verify(archive: Services, target: str, *, at: datetime | None, agent: AgentRef) -> Verification:
    """Verify a PDF path, a stored docCode, or every document of a dossier."""
    path = Path(target)
    if path.is_file():
        return verify_file(archive.settings, path, at=at)
    cfg = replace(validation_settings(archive.settings), at=at)
    with unit_of_work(archive.sessions) as session:
        kind, found = _documents(session, target)
        docs = [
            (d.doc_code, d.dossier.object_id, d.dossier.arc_file_code, current)
            for d in found
            for current in [_current_file(d.files)]
            if current is not None
        ]
    if not docs:
        raise NotFound(
            f"không có tệp, hồ sơ hay tài liệu '{target}' / no file, dossier or document '{target}'"
        )
    reports: list[ValidationReport] = []
    for doc_code, object_id, _arc, logical in docs:
        name = f"{doc_code} ({logical})"
        with _stored_copy(archive.ocfl, object_id, logical) as copy:
            if looks_like_pdf(copy):
                kept = kept_validation_data(archive.ocfl, object_id, doc_code, cfg)
                # An RFC 4998 evidence record over the file proves when its contents existed.
                from archive.evidence.bridge import evidence_poe

                poe = evidence_poe(archive, doc_code, logical, copy, kept)
                if poe is not None:
                    kept = poe.apply(kept)
                report, _ = validate_pdf(copy, kept, name=name)
                if poe is not None:
                    report.poe.append(poe.summary)
            else:
                report = _unsigned(copy, name, at)
        reports.append(report)
    with unit_of_work(archive.sessions) as session:
        append_events(
            session,
            [
                NewEvent(
                    "validation",
                    f"Kiểm tra chữ ký số theo yêu cầu / Signature verification on request: "
                    f"{r.file} → {r.bottom_line}",
                    outcome=EVENT_OUTCOME[r.bottom_line],  # type: ignore[arg-type]
                    agents=[agent],
                    objects=[(code, "source")],
                )
                for (code, *_), r in zip(docs, reports, strict=True)
            ],
        )
    return Verification(target, reports, kind)


def render_html(verification: Verification) -> str:
    """A report a non-engineer can read (Vietnamese, with English)."""
    env = Environment(
        loader=PackageLoader("archive.evidence", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    return env.get_template("report.html.j2").render(v=verification)
