"""Registration of dossiers for transfer (đăng ký nộp lưu): eligibility, the request code, the
registration file and the Mục lục, kept in the request's OCFL object."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.rowstate import with_state
from archive.catalog.codes import effective_mode
from archive.catalog.models import Dossier
from archive.clock import event_time
from archive.dates import today
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput
from archive.retention.dossiers import dossier_retention
from archive.retention.holds import refuse_held
from archive.retention.listobject import create_object, json_bytes
from archive.retention.models import Transfer
from archive.retention.tables import write_table
from archive.services import Services
from archive.transfer.batch import MUC_LUC_COLUMNS, batch_object_id, load_dossiers, muc_luc

__all__ = ["register"]


def _eligible(dossier: Dossier) -> None:
    if dossier.status != "active":
        raise Conflict(
            f"{dossier.arc_file_code}: trạng thái {dossier.status} / status is {dossier.status}"
        )
    if not dossier_retention(dossier).permanent:
        raise Conflict(
            f"{dossier.arc_file_code}: chỉ hồ sơ vĩnh viễn (01) được nộp lưu lịch sử / only "
            f"permanent dossiers (01) go to the historical archive"
        )
    secret = [d.doc_code for d in dossier.documents if effective_mode(d.mode) == "03"]
    if dossier.mode == "03" or secret:
        which = f" ({', '.join(sorted(secret))})" if secret else ""
        raise Conflict(
            f"{dossier.arc_file_code}: hồ sơ Mật hoặc có tài liệu Mật (03){which} chỉ nộp lưu "
            f"sau khi giải mật / a secret dossier, or one holding secret documents (mode 03)"
            f"{which}, is transferred only after declassification"
        )


def _new_request(session: Session, dossiers: list[Dossier]) -> tuple[str, list[Transfer]]:
    """Refuse dossiers already registered or held; the year's next request code NL-<year>-NN,
    with a ``registered`` row per dossier."""
    year = today().year
    taken = session.scalars(
        select(Transfer.arc_file_code).where(
            Transfer.arc_file_code.in_([d.arc_file_code for d in dossiers])
        )
    ).all()
    if taken:
        raise Conflict(f"đã đăng ký nộp lưu / already registered: {', '.join(sorted(taken))}")
    refuse_held(session, [d.arc_file_code for d in dossiers], "nộp lưu", "transferred")
    count = session.scalar(
        select(func.count(func.distinct(Transfer.request_code))).where(
            Transfer.request_code.like(f"NL-{year}-%")
        )
    )
    request = f"NL-{year}-{(count or 0) + 1:02d}"
    stamp = event_time()
    rows = [
        Transfer(
            arc_file_code=d.arc_file_code,
            request_code=request,
            state="registered",
            registered_at=stamp,
        )
        for d in dossiers
    ]
    session.add_all(rows)
    session.flush()
    return request, rows


def _registration(
    archive: Services,
    dossiers: list[Dossier],
    request: str,
    agent: AgentRef,
    *,
    contact: str,
    planned: str,
    online: bool,
) -> dict[str, Any]:
    """The registration file's content."""
    originals = [f for d in dossiers for f in d.files if f.role == "original"]
    return {
        "requestCode": request,
        "agency": {"code": archive.settings.agency_code, "name": archive.settings.agency_name},
        "paperAlreadyDeposited": any(
            d.paper_file_code or d.confidence_level in ("02", "03") for d in dossiers
        ),
        "transferCount": int(request.rsplit("-", 1)[1]),
        "summary": f"{len(dossiers)} hồ sơ vĩnh viễn",
        "timeSpan": {
            "start": min((d.start_date for d in dossiers), key=_date_key),
            "end": max((d.end_date for d in dossiers), key=_date_key),
        },
        "totalDossiers": len(dossiers),
        "totalDocuments": sum(d.total_doc for d in dossiers),
        "totalPages": sum(d.number_of_page for d in dossiers),
        "totalSize": sum(f.size for f in originals),
        "plannedDate": planned,
        "transferMode": "trực tuyến" if online else "trực tiếp",
        "contactPerson": contact or agent.name,
        "fonds": sorted({d.fonds.code for d in dossiers if d.fonds}),
        "classificationScheme": "",
        "mucLuc": [
            dict(zip(MUC_LUC_COLUMNS, row, strict=True)) for row in muc_luc(dossiers, request).rows
        ],
    }


def register(
    archive: Services,
    codes: list[str],
    agent: AgentRef,
    out_dir: Path,
    *,
    contact: str = "",
    planned: str = "",
    online: bool = True,
) -> dict[str, Any]:
    """Register dossiers for transfer; writes ``registration-<request>.json`` and the Mục lục
    (CSV, XLSX, PDF) into ``out_dir`` and keeps them in the batch object."""
    if not out_dir.is_dir():
        raise InvalidInput(f"không có thư mục {out_dir} / folder {out_dir} does not exist")
    with unit_of_work(archive.sessions) as session:
        dossiers = load_dossiers(session, codes)
        for d in dossiers:
            _eligible(d)
        request, rows = _new_request(session, dossiers)
        data = _registration(
            archive, dossiers, request, agent, contact=contact, planned=planned, online=online
        )
        table = muc_luc(dossiers, request)
        files: dict[str, bytes] = {"registration.json": json_bytes(data)}
        for fmt in ("csv", "xlsx", "pdf"):
            path = write_table(table, fmt, out_dir / f"muc-luc-{request}.{fmt}")
            files[f"muc-luc.{fmt}"] = path.read_bytes()
        (out_dir / f"registration-{request}.json").write_bytes(files["registration.json"])
        create_object(archive, batch_object_id(request), files, f"Đăng ký nộp lưu {request}", agent)
        append_events(
            session,
            [
                NewEvent(
                    "transfer registration",
                    f"Đăng ký nộp lưu {request}: {len(dossiers)} hồ sơ / transfer request "
                    f"{request} registered with {len(dossiers)} dossier(s)",
                    outcome_detail=with_state("", *rows),
                    agents=[agent, software_agent()],
                    objects=[
                        (request, "outcome"),
                        *((d.arc_file_code, "source") for d in dossiers),
                    ],
                )
            ],
        )
        return data


def _date_key(text: str) -> tuple[int, int, int]:
    parts = [int(p) for p in text.split("/")] if text else [0]
    while len(parts) < 3:
        parts.insert(0, 1)
    return (parts[2], parts[1], parts[0])
