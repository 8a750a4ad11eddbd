"""A transfer request (lần nộp lưu): its OCFL object, its Mục lục hồ sơ nộp lưu, the dossiers it
names, and the state of every transfer row."""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalog.codes import label
from archive.catalog.models import Dossier
from archive.catalog.queries import dossier_mode
from archive.errors import InvalidInput
from archive.retention.dossiers import load_dossier
from archive.retention.models import Transfer
from archive.retention.tables import Table
from archive.services import Services

__all__ = ["MUC_LUC_COLUMNS", "batch_object_id", "load_dossiers", "muc_luc", "transfers"]

MUC_LUC_COLUMNS: Final = (
    "STT",
    "Mã hồ sơ",
    "Tiêu đề hồ sơ",
    "Thời gian bắt đầu",
    "Thời gian kết thúc",
    "Số lượng trang",
    "Mức độ tiếp cận",
    "Ghi chú",
)


def batch_object_id(request_code: str) -> str:
    """OCFL object of a transfer request (registration, Mục lục, receipts, deletion records)."""
    return f"urn:archive:transfer:{request_code}"


def muc_luc(dossiers: list[Dossier], request: str) -> Table:
    """The Mục lục hồ sơ nộp lưu of a request: one row per dossier."""
    rows = [
        [
            n,
            d.file_code,
            d.title,
            d.start_date,
            d.end_date,
            d.number_of_page,
            # a document's own mode wins: the dossier is listed at its strictest document's
            label("mode", dossier_mode(d)),
            d.description or "",
        ]
        for n, d in enumerate(dossiers, start=1)
    ]
    return Table(
        f"MỤC LỤC HỒ SƠ NỘP LƯU — {request}",
        MUC_LUC_COLUMNS,
        rows,
        widths=(5, 30, 45, 12, 12, 8, 15, 15),
    )


def load_dossiers(session: Session, codes: list[str]) -> list[Dossier]:
    """The named dossiers (by mã hồ sơ); refuses an empty list or an unknown code."""
    if not codes:
        raise InvalidInput("cần ít nhất một hồ sơ (--dossier) / give at least one --dossier")
    return [load_dossier(session, c) for c in codes]


def transfers(archive: Services) -> list[dict[str, Any]]:
    """Every transfer row."""
    with archive.sessions() as session:
        return [
            {
                "arcFileCode": t.arc_file_code,
                "requestCode": t.request_code,
                "state": t.state,
                "registeredAt": t.registered_at,
                "exportedAt": t.exported_at,
                "package": t.package_name,
                "packageSha256": t.package_sha256,
                "answeredAt": t.answered_at,
                "reason": t.answer_reason,
                "deletedAt": t.deleted_at,
            }
            for t in session.scalars(select(Transfer).order_by(Transfer.id))
        ]
