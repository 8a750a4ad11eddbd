"""Receipts of the review: biên bản giao nhận (accepted) and phiếu trả lại (returned).

Each is written twice, as JSON (for systems) and as PDF/A-2b (for people and the file), and
kept as a record object ``urn:archive:receipt:<code>`` in the store (like disposal lists and
transfer requests). Content (TT 05/2025 Chương IV, docs/domain.md §4.8; NĐ 30/2020 Phụ lục V
for the biên bản, §2.5): the request code, the submitting agency, the dossier, the counts
registered and received ("đủ" or "chưa đủ, thiếu N"), the total size, the SHA-256 of every file,
and the decision (who, when, why).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from fpdf import FPDF

from archive.review.models import PendingPackage

__all__ = [
    "KIND_TITLES",
    "count_result",
    "receipt_document",
    "receipt_json",
    "receipt_object_id",
    "receipt_pdf",
]

_FONT_DIR: Final = Path(__file__).resolve().parents[1] / "demo" / "fonts"
_FAMILY: Final = "DejaVu"
KIND_TITLES: Final = {
    "accepted": ("BIÊN BẢN GIAO NHẬN TÀI LIỆU LƯU TRỮ SỐ", "Receipt of delivery (accepted)"),
    "returned": ("PHIẾU TRẢ LẠI GÓI TIN", "Return notice (returned)"),
}


def receipt_object_id(code: str) -> str:
    """The OCFL object holding the receipt of pending package ``code``."""
    return f"urn:archive:receipt:{code}"


def count_result(registered: int | None, received: int) -> str:
    """``đủ`` or ``chưa đủ, thiếu N`` (TT 05/2025 Chương IV)."""
    if registered is None or received >= registered:
        return "đủ"
    return f"chưa đủ, thiếu {registered - received}"


def receipt_document(
    row: PendingPackage,
    manifest: dict[str, dict[str, Any]],
    *,
    kind: str,
    decided_by: str,
    decided_at: str,
    reason: str | None,
    object_id: str | None,
    archive_name: str,
    archive_code: str,
) -> dict[str, Any]:
    """The receipt as data (its JSON form)."""
    title_vi, title_en = KIND_TITLES[kind]
    return {
        "kind": kind,
        "title": title_vi,
        "title_en": title_en,
        "number": row.code,
        "request_code": row.request_code or row.sip_objid,
        "agency": row.agency,
        "archive": {"name": archive_name, "code": archive_code},
        "dossier": {
            "fileCode": row.file_code,
            "arcFileCode": row.arc_file_code,
            "title": row.title,
        },
        "counts": {
            "registered": row.registered_docs,
            "received": row.received_docs,
            "files": row.files,
            "result": count_result(row.registered_docs, row.received_docs),
        },
        "total_size": row.size,
        "package_sha256": row.fingerprint,
        "checksums": [
            {"path": rel, "size": entry["size"], "sha256": entry["sha256"]}
            for rel, entry in sorted(manifest.items())
        ],
        "submitted": {"at": row.submitted_at, "by": row.submitted_by, "source": row.source},
        "decision": {
            "result": kind,
            "label": "Đồng ý tiếp nhận" if kind == "accepted" else "Trả lại",
            "reason": reason,
            "by": decided_by,
            "at": decided_at,
        },
        "object_id": object_id,
    }


def _line(pdf: FPDF, label: str, value: object) -> None:
    pdf.set_font(_FAMILY, "B", 9)
    pdf.cell(55, 5.5, label)
    pdf.set_font(_FAMILY, "", 9)
    pdf.multi_cell(0, 5.5, "" if value is None else str(value), new_x="LMARGIN", new_y="NEXT")


def receipt_pdf(doc: dict[str, Any]) -> bytes:
    """The receipt as PDF/A-2b (fonts embedded, XMP and output intent by fpdf2)."""
    pdf = FPDF(enforce_compliance="PDFA_2B")
    pdf.set_creation_date(datetime.fromisoformat(doc["decision"]["at"]))
    pdf.add_font(_FAMILY, "", _FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(_FAMILY, "B", _FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_title(f"{doc['title']} {doc['number']}")
    pdf.set_creator("archive")
    pdf.add_page()
    pdf.set_font(_FAMILY, "", 10)
    pdf.multi_cell(0, 5, doc["archive"]["name"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FAMILY, "B", 13)
    pdf.multi_cell(0, 8, doc["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FAMILY, "", 9)
    pdf.multi_cell(0, 5, f"Số / No. {doc['number']}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    counts, decision = doc["counts"], doc["decision"]
    for label, value in (
        ("Mã yêu cầu / Request", doc["request_code"]),
        ("Cơ quan giao / Agency", doc["agency"]),
        ("Mã hồ sơ / Dossier", doc["dossier"]["fileCode"]),
        ("Tiêu đề / Title", doc["dossier"]["title"]),
        ("Số tài liệu đăng ký / Registered", counts["registered"]),
        ("Số tài liệu nhận / Received", counts["received"]),
        ("Kết quả đối chiếu / Count", counts["result"]),
        ("Số tệp / Files", counts["files"]),
        ("Tổng dung lượng / Total size", f"{doc['total_size']} byte"),
        ("SHA-256 gói / Package", doc["package_sha256"]),
        ("Ngày nhận / Received on", doc["submitted"]["at"]),
        ("Quyết định / Decision", decision["label"]),
        ("Lý do / Reasons", decision["reason"] or ""),
        ("Người quyết định / By", decision["by"]),
        ("Thời gian / At", decision["at"]),
        ("Gói AIP / AIP object", doc["object_id"] or ""),
    ):
        _line(pdf, label, value)
    pdf.ln(2)
    pdf.set_font(_FAMILY, "B", 9)
    pdf.cell(0, 6, "Tệp và mã băm SHA-256 / Files and SHA-256", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FAMILY, "", 6.5)
    for entry in doc["checksums"]:
        text = f"{entry['path']}  ({entry['size']} B)\n    {entry['sha256']}"
        pdf.multi_cell(0, 3.4, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def receipt_json(doc: dict[str, Any]) -> bytes:
    """Stable, readable JSON."""
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
