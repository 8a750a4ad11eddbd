"""``archive edxml`` and ``archive tray``: documents from the Trục liên thông (docs/edxml.md)."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "summary": ("Kết quả nhận gói edXML", "edXML envelopes received"),
    "count": (
        "Đã nhận {accepted}/{total} gói vào khay chờ lập hồ sơ.",
        "{accepted}/{total} envelopes taken into the filing tray.",
    ),
    "quarantined": (
        "Gói bị từ chối được giữ trong khu cách ly: {folder}",
        "The refused envelope is kept in the quarantine: {folder}",
    ),
    "tray_title": ("Văn bản chờ lập hồ sơ", "Filing tray"),
    "tray_count": ("{count} văn bản.", "{count} documents."),
    "attachments": ("Tệp đính kèm", "Attachments"),
    "trace": ("Quá trình xử lý (TraceHeaderList)", "Processing history (TraceHeaderList)"),
    "col.file": ("Tệp", "File"),
    "col.status": ("Kết quả", "Result"),
    "col.code": ("Mã trong khay", "Tray code"),
    "col.errors": ("Lỗi", "Errors"),
    "col.number": ("Số, ký hiệu", "Number"),
    "col.date": ("Ngày văn bản", "Date"),
    "col.type": ("Tên loại", "Type"),
    "col.sender": ("Cơ quan gửi", "Sender"),
    "col.subject": ("Trích yếu", "Subject"),
    "col.state": ("Trạng thái", "State"),
    "col.received": ("Thời điểm", "Time"),
    "col.signed": ("Chữ ký số của gói", "Envelope signature"),
    "col.business": ("Nghiệp vụ", "Business type"),
    "col.size": ("Dung lượng (byte)", "Size (bytes)"),
    "col.signatures": ("Chữ ký số PDF", "PDF signatures"),
}
