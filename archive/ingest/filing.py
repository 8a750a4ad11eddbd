"""``archive tray assemble``: tray documents filed into a dossier through the whole ingest gate
(docs/edxml.md, "Filing into a dossier").

The archivist names the tray documents and gives a dossier sheet (the dossier's TT 05 fields,
one data row, CSV or XLSX, as ``archive sip build`` reads them). The documents' own fields come
from their envelopes (archive.edxml.filing). The SIP_hoso built from them goes through the
same gate as any package (virus check, validation, formats, signatures, the review policy):

- accepted: the dossier is stored and catalogued, and in the same catalog transaction the tray
  rows become ``filed`` (archive.edxml.filing.FilingHook); then reply 03 (đã tiếp nhận) for
  each document, each an ``edxml status sent`` event;
- refused: nothing is stored, the documents stay waiting, the findings say why;
- held for review (``ingest_review``): the package waits in the review queue and the
  documents stay waiting; ``archive review accept`` files them then (:func:`reviewed_filing`,
  called by archive.ingest.review), in the dossier's catalog transaction, with reply 03.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from sqlalchemy.orm import Session

from archive.audit.chain import AgentRef, NewEvent
from archive.catalog.fields import DOSSIER_SIP_FIELDS, EXT_DOSSIER_FIELDS
from archive.edxml.filing import FilingHook, Waiting, filing_input, package_identity, waiting
from archive.edxml.replies import row_abouts, send_reply
from archive.errors import ArchiveError
from archive.findings import Report
from archive.ingest.pipeline import CatalogHook, Ingestor, IngestResult
from archive.ingest.sheet import read_sheet
from archive.packages.aipread import AipRecord
from archive.packages.sipwrite import write_sip, zip_tree
from archive.services import Services
from archive.storage.ocfl import discard

__all__ = [
    "BothHooks",
    "Filing",
    "assemble",
    "dossier_values",
    "reviewed_filing",
    "send_filed_replies",
]

_DOSSIER: Final = {s.name for s in DOSSIER_SIP_FIELDS}
_EXT: Final = {s.name for s in EXT_DOSSIER_FIELDS}
# Computed from the documents, so the sheet need not (and should not) say them.
_COMPUTED: Final = {"totalDoc", "numberOfPage"}


@dataclass
class Filing:
    """What an assembly did."""

    status: str  # filed | refused | pending (held for review)
    codes: list[str]
    report: Report
    arc_file_code: str | None = None
    pending_code: str | None = None
    documents: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    replies: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "status": self.status,
            "codes": self.codes,
            "arc_file_code": self.arc_file_code,
            "pending_code": self.pending_code,
            "documents": self.documents,
            "replies": self.replies,
            **self.report.as_dict(),
        }


def dossier_values(sheet: Path, report: Report) -> tuple[dict[str, str], dict[str, str]]:
    """The dossier's fields from the first data row of ``sheet`` (findings into ``report``)."""
    read = read_sheet(sheet, report)
    if read is None:
        return {}, {}
    row = read.rows[0][1]
    values = {k: v for k, v in row.items() if k in _DOSSIER and k not in _COMPUTED and v}
    ext = {k: v for k, v in row.items() if k in _EXT and v}
    for key in ("fileCode", "title", "maintenance", "mode"):
        if not values.get(key):
            report.add("SHT002", sheet.name, row=read.rows[0][0], column=key, detail=_MISSING)
    return values, ext


_MISSING: Final = "thiếu giá trị bắt buộc / required value is missing"


def assemble(
    archive: Services,
    ingestor: Ingestor,
    codes: list[str],
    sheet: Path,
    agent: AgentRef,
    *,
    creator: str = "",
) -> Filing:
    """File the tray documents ``codes`` into the dossier the sheet describes."""
    docs = waiting(archive, codes)
    report = Report(sheet.name)
    dossier, ext = dossier_values(sheet, report)
    if not report.ok:
        return Filing("refused", codes, report)
    job = archive.settings.staging_dir / f"tray-assemble-{os.getpid()}-{uuid.uuid4().hex}"
    job.mkdir(parents=True)
    try:
        sip = filing_input(archive, docs, dossier, ext, creator or agent.name, job / "files")
        objid, created = package_identity(docs, dossier.get("fileCode", ""))
        tree = write_sip(sip, job / "tree", objid=objid, created=created)
        package = zip_tree(tree, job / f"{tree.name}.zip")
        hook = FilingHook(archive, docs, agent)
        if not ingestor.hold:  # a package held for review is filed when it is accepted
            ingestor.decision = hook
        result = ingestor.ingest(package, agent)
    finally:
        discard(job)
    return _outcome(archive, docs, result, hook, agent)


def _outcome(
    archive: Services, docs: list[Waiting], result: IngestResult, hook: FilingHook, agent: AgentRef
) -> Filing:
    codes = [d.code for d in docs]
    if result.status == "pending":
        return Filing("pending", codes, result.report, result.arc_file_code, result.pending_code)
    if result.status not in ("accepted", "recovered"):
        return Filing("refused", codes, result.report, result.arc_file_code)
    filing = Filing("filed", codes, result.report, result.arc_file_code, documents=hook.filed)
    filing.replies = send_filed_replies(archive, codes, str(result.arc_file_code), agent)
    return filing


def send_filed_replies(archive: Services, codes: list[str], arc: str, agent: AgentRef) -> list[str]:
    """Reply 03 (đã tiếp nhận) for each filed document, each an ``edxml status sent`` event."""
    replies = []
    for object_id, about in row_abouts(archive, codes):
        description = f"Đã lập hồ sơ / filed: {arc}"
        replies.append(str(send_reply(archive, about, "03", description, object_id, agent)))
    return replies


@dataclass
class BothHooks:
    """Two decisions around one catalog commit: the review's acceptance, then the tray's."""

    first: CatalogHook
    second: FilingHook

    def before_catalog(self, record: AipRecord) -> None:
        """Both hooks' storage writes, in order."""
        self.first.before_catalog(record)
        self.second.before_catalog(record)

    def in_catalog(self, session: Session, record: AipRecord) -> list[NewEvent]:
        """Both hooks' rows, in the one transaction; their events."""
        return [*self.first.in_catalog(session, record), *self.second.in_catalog(session, record)]


def reviewed_filing(archive: Services, package: Path, agent: AgentRef) -> FilingHook | None:
    """The tray's part of accepting a package held for review, when the package was built by
    ``assemble`` (its ``documentation/edxml/VBD-…/``) and its documents still wait."""
    found = [*package.glob("documentation/edxml/*/tray.json")]
    found += package.glob("*/documentation/edxml/*/tray.json")
    codes = sorted({p.parent.name for p in found})
    if not codes:
        return None
    try:
        docs = waiting(archive, codes)
    except ArchiveError:  # withdrawn or filed meanwhile: the dossier is accepted alone
        return None
    return FilingHook(archive, docs, agent)
