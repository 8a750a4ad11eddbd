"""Export of registered dossiers: one SIP_hoso zip per dossier and the Mục lục hồ sơ nộp lưu."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.rowstate import with_state
from archive.catalog.models import Dossier
from archive.clock import event_time
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput
from archive.retention.holds import refuse_held
from archive.retention.listobject import add_files, json_bytes
from archive.retention.models import Transfer
from archive.retention.tables import write_table
from archive.services import Services
from archive.storage.digest import file_digests
from archive.storage.ocfl import discard
from archive.transfer.batch import batch_object_id, load_dossiers, muc_luc
from archive.transfer.package import write_transfer_sip, zip_package
from archive.transfer.sip import build_sip, documentation

__all__ = ["ExportResult", "export"]

_NAMESPACE: Final = uuid.UUID("6f1d4c1e-7c55-4a5e-9a43-0b7c2e6d8f10")


@dataclass
class ExportResult:
    """Packages written by one export."""

    request_code: str
    packages: list[dict[str, Any]] = field(default_factory=list)
    muc_luc: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"requestCode": self.request_code, "packages": self.packages, "mucLuc": self.muc_luc}


def _check_export(session: Session, dossiers: list[Dossier]) -> str:
    """The request all ``dossiers`` belong to; refuses unregistered, answered or held ones."""
    rows = {
        t.arc_file_code: t
        for t in session.scalars(
            select(Transfer).where(Transfer.arc_file_code.in_([d.arc_file_code for d in dossiers]))
        )
    }
    for d in dossiers:
        row = rows.get(d.arc_file_code)
        if row is None:
            raise Conflict(
                f"{d.arc_file_code}: chưa đăng ký nộp lưu ('archive transfer register') / "
                "not registered for transfer"
            )
        if row.state not in ("registered", "exported", "returned"):
            raise Conflict(f"{d.arc_file_code}: trạng thái {row.state} / state {row.state}")
    requests = {rows[d.arc_file_code].request_code for d in dossiers}
    if len(requests) != 1:
        raise InvalidInput(
            f"các hồ sơ thuộc nhiều lần đăng ký / dossiers belong to several requests: "
            f"{', '.join(sorted(requests))}; export them separately"
        )
    refuse_held(session, [d.arc_file_code for d in dossiers], "nộp lưu", "transferred")
    return requests.pop()


def _write_packages(
    archive: Services,
    dossiers: list[Dossier],
    request: str,
    out_dir: Path,
    result: ExportResult,
) -> None:
    """Write ``NNN<OBJID>.zip`` per dossier into ``out_dir`` (staging discarded either way)."""
    staging = archive.settings.staging_dir / f"transfer-{os.getpid()}-{uuid.uuid4().hex}"
    try:
        for n, d in enumerate(dossiers, start=1):
            objid = f"uuid-{uuid.uuid5(_NAMESPACE, f'{request}/{d.arc_file_code}')}"
            zip_path = out_dir / f"{n:03d}{objid}.zip"
            if zip_path.exists():
                raise Conflict(f"{zip_path} đã có / already exists; choose an empty folder")
            package = write_transfer_sip(
                build_sip(archive, d, request, staging / f"{n}-originals"),
                documentation(archive, d, request),
                staging / str(n),
                objid=objid,
            )
            zip_package(package.folder, zip_path)
            discard(staging / str(n))
            discard(staging / f"{n}-originals")
            result.packages.append(
                {
                    "arcFileCode": d.arc_file_code,
                    "objid": objid,
                    "zip": zip_path.name,
                    "sha256": file_digests(zip_path).sha256,
                    "size": zip_path.stat().st_size,
                }
            )
    finally:
        discard(staging)


def _record_export(
    archive: Services, codes: list[str], request: str, result: ExportResult, agent: AgentRef
) -> None:
    """Check the registration again, then mark the rows exported and keep the export's list."""
    with unit_of_work(archive.sessions) as session:
        again = load_dossiers(session, codes)
        if _check_export(session, again) != request:
            raise Conflict(f"{request}: đăng ký đã thay đổi / the registration changed; retry")
        stamp = event_time()
        rows: dict[str, Transfer] = {}
        for p in result.packages:
            row = session.scalars(
                select(Transfer).where(Transfer.arc_file_code == p["arcFileCode"])
            ).one()
            rows[p["arcFileCode"]] = row
            row.state = "exported"
            row.exported_at = stamp
            row.package_name = p["zip"]
            row.package_sha256 = p["sha256"]
        add_files(
            archive,
            batch_object_id(request),
            {f"exports/{stamp[:19].replace(':', '')}.json": json_bytes(result.as_dict())},
            f"Export of {request}",
            agent,
        )
        append_events(
            session,
            [
                NewEvent(
                    "transfer",
                    f"Xuất gói SIP_hoso nộp lưu {p['arcFileCode']} ({request}) / SIP_hoso "
                    f"exported for transfer",
                    outcome_detail=with_state(
                        f"{p['zip']} sha256:{p['sha256']}", rows[p["arcFileCode"]]
                    ),
                    agents=[agent, software_agent()],
                    objects=[(p["arcFileCode"], "source"), (request, "source")],
                )
                for p in result.packages
            ],
        )


def export(archive: Services, codes: list[str], out_dir: Path, agent: AgentRef) -> ExportResult:
    """Write one SIP_hoso zip per dossier (``NNN<OBJID>.zip``) and the Mục lục (CSV, PDF).

    The catalog is read in one short transaction, the packages are written outside any (a long
    export must not hold the catalog's write lock), and the states are recorded at the end
    after checking again that nothing changed meanwhile."""
    if not out_dir.is_dir():
        raise InvalidInput(f"không có thư mục {out_dir} / folder {out_dir} does not exist")
    with unit_of_work(archive.sessions) as session:
        dossiers = load_dossiers(session, codes)
        request = _check_export(session, dossiers)
    result = ExportResult(request)
    _write_packages(archive, dossiers, request, out_dir, result)
    table = muc_luc(dossiers, request)
    for fmt in ("csv", "pdf"):
        path = write_table(table, fmt, out_dir / f"muc-luc-ho-so-nop-luu-{request}.{fmt}")
        result.muc_luc.append(path.name)
    _record_export(archive, codes, request, result, agent)
    return result
