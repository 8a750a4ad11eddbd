"""Disposal lists (danh mục tài liệu hết giá trị): loading, showing, the law's table and its
export, and the documents stored with a list (appraisals, the decision)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.catalog.codes import label
from archive.clock import event_time
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput, NotFound
from archive.minutes.forms import Procedure
from archive.minutes.service import minutes_of
from archive.retention.listobject import add_files, read_file
from archive.retention.models import DisposalAttachment, DisposalItem, DisposalList, DisposalOpinion
from archive.retention.tables import Table, write_table
from archive.services import Services

__all__ = [
    "DESTROYED_STATUS",
    "DOCUMENT_COLUMNS",
    "LIST_COLUMNS",
    "REVIEW_STATUS",
    "export_list",
    "list_table",
    "show_list",
]

REVIEW_STATUS: Final = "Xem xét hủy"
DESTROYED_STATUS: Final = "Đã hủy"


def item_dict(item: DisposalItem) -> dict[str, Any]:
    return {
        "arcFileCode": item.arc_file_code,
        "title": item.title,
        "maintenance": item.maintenance,
        "maintenanceYears": item.maintenance_years,
        "totalDoc": item.total_doc,
        "numberOfPage": item.number_of_page,
        "reason": item.reason,
        "reasonText": item.reason_text,
        "dueDate": item.due_date,
        "status": item.status,
        "note": item.note,
    }


def load_list(session: Session, code: str) -> DisposalList:
    disposal = session.scalar(
        select(DisposalList)
        .where(DisposalList.code == code)
        .options(selectinload(DisposalList.items))
    )
    if disposal is None:
        raise NotFound(
            f"không có danh mục hủy {code} / no disposal list {code} ('archive disposal ls')"
        )
    return disposal


def show_list(archive: Services, code: str | None = None) -> list[dict[str, Any]]:
    """Disposal lists (or one), with items, opinions and attachments."""
    with archive.sessions() as session:
        if code is not None:
            lists = [load_list(session, code)]
        else:
            lists = list(session.scalars(select(DisposalList).order_by(DisposalList.id)))
        out = []
        for d in lists:
            opinions = session.scalars(
                select(DisposalOpinion)
                .where(DisposalOpinion.list_id == d.id)
                .order_by(DisposalOpinion.id)
            )
            attachments = session.scalars(
                select(DisposalAttachment).where(DisposalAttachment.list_id == d.id)
            )
            out.append(
                {
                    "code": d.code,
                    "year": d.year,
                    "status": d.status,
                    "proposedBy": d.proposed_by,
                    "createdAt": d.created_at,
                    "decision": {
                        "number": d.decision_number,
                        "date": d.decision_date,
                        "file": d.decision_path,
                        "sha256": d.decision_sha256,
                        "by": d.decided_by,
                        "at": d.decided_at,
                    },
                    "executedBy": d.executed_by,
                    "executedAt": d.executed_at,
                    "items": [item_dict(i) for i in d.items],
                    "opinions": [
                        {
                            "member": o.member,
                            "vote": o.vote,
                            "comment": o.comment,
                            "at": o.recorded_at,
                        }
                        for o in opinions
                    ],
                    "attachments": [
                        {
                            "kind": a.kind,
                            "name": a.name,
                            "path": a.path,
                            "sha256": a.sha256,
                            "size": a.size,
                        }
                        for a in attachments
                    ],
                    "minutes": [
                        m.as_dict() for m in minutes_of(session, Procedure("disposal", d.code))
                    ],
                }
            )
        return out


LIST_COLUMNS: Final = (
    "STT",
    "Mã lưu trữ hồ sơ",
    "Tiêu đề hồ sơ",
    "Thời hạn lưu trữ",
    "Tổng số tài liệu",
    "Tổng số trang",
    "Lý do hủy",
    "Ghi chú",
)


DOCUMENT_COLUMNS: Final = (
    "STT",
    "Mã lưu trữ tài liệu",
    "Tên loại và trích yếu nội dung",
    "Thời hạn lưu trữ",
    "Tổng số trang",
    "Lý do hủy",
    "Ghi chú",
)


def _kept(code: str, years: int | None) -> str:
    return label("maintenance", code) if years is None else f"{years} năm"


def list_table(archive: Services, code: str, level: str = "dossiers") -> Table:
    """The disposal list with the columns of TT 05/2025 Ch. VII: one row per dossier
    (``dossiers``) or per document (``documents``, read from the stored ``list.json``)."""
    if level not in ("dossiers", "documents"):
        raise InvalidInput(
            f"mức {level!r}: dùng dossiers hoặc documents / level must be dossiers or documents"
        )
    with archive.sessions() as session:
        d = load_list(session, code)
        subtitle = f"Năm {d.year}; lập bởi {d.proposed_by}; trạng thái {d.status}"
        title = f"DANH MỤC TÀI LIỆU LƯU TRỮ SỐ HẾT GIÁ TRỊ — {d.code}"
        if level == "documents":
            stored = json.loads(read_file(archive, d.object_id, "list.json"))
            docs = [doc for item in stored["items"] for doc in item.get("documents", [])]
            rows: list[list[object]] = [
                [
                    n,
                    doc["arcDocCode"],
                    doc["typeAndSubject"],
                    _kept(doc["maintenance"], doc["maintenanceYears"]),
                    doc["numberOfPage"],
                    doc["reasonText"],
                    doc["note"] or "",
                ]
                for n, doc in enumerate(docs, start=1)
            ]
            return Table(
                title, DOCUMENT_COLUMNS, rows, subtitle=subtitle, widths=(5, 32, 50, 10, 8, 25, 20)
            )
        rows = [
            [
                n,
                i.arc_file_code,
                i.title,
                _kept(i.maintenance, i.maintenance_years),
                i.total_doc,
                i.number_of_page,
                i.reason_text,
                "; ".join(x for x in (i.note, i.status) if x),
            ]
            for n, i in enumerate(d.items, start=1)
        ]
        return Table(
            title, LIST_COLUMNS, rows, subtitle=subtitle, widths=(5, 28, 40, 10, 8, 8, 25, 20)
        )


def export_list(
    archive: Services,
    code: str,
    fmt: str,
    out: Path,
    agent: AgentRef,
    *,
    level: str = "dossiers",
) -> Path:
    """Write the list (``dossiers`` or ``documents`` rows) as ``fmt`` (csv, xlsx, pdf); logged."""
    write_table(list_table(archive, code, level), fmt, out)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    with unit_of_work(archive.sessions) as session:
        append_events(
            session,
            [
                NewEvent(
                    "disposal list exported",
                    f"Xuất danh mục hủy {code} ({fmt}, {level}) / disposal list {code} "
                    f"exported as {fmt} ({level})",
                    outcome_detail=f"{out.name} sha256:{digest}",
                    agents=[agent, software_agent()],
                    objects=[(code, "source")],
                )
            ],
        )
    return out


def _safe_name(path: Path) -> str:
    name = re.sub(r"[^\w.\-]+", "_", path.name, flags=re.UNICODE).strip("._")
    if not name:
        raise InvalidInput(f"tên tệp {path.name!r} không dùng được / unusable file name")
    return name


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise InvalidInput(f"không có tệp {path} / no file {path}")
    data = path.read_bytes()
    if not data:
        raise InvalidInput(f"tệp {path} rỗng / {path} is empty")
    return data


def store_attachment(
    archive: Services,
    session: Session,
    d: DisposalList,
    kind: str,
    path: Path,
    agent: AgentRef,
) -> DisposalAttachment:
    data = _read(path)
    logical = f"{kind}/{_safe_name(path)}"
    taken = session.scalar(
        select(DisposalAttachment).where(
            DisposalAttachment.list_id == d.id, DisposalAttachment.path == logical
        )
    )
    if taken is not None:
        raise Conflict(f"{logical} đã có trong {d.code} / already attached to {d.code}")
    add_files(archive, d.object_id, {logical: data}, f"{kind} {path.name} for {d.code}", agent)
    row = DisposalAttachment(
        list_id=d.id,
        kind=kind,
        name=path.name,
        path=logical,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        added_by=agent.name,
        added_at=event_time(),
    )
    session.add(row)
    return row
