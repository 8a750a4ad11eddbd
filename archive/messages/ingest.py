"""``archive ingest`` and ``archive sip``: packages in, and packages built."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "summary": ("Kết quả nộp lưu", "Ingest summary"),
    "package": ("Gói tin", "Package"),
    "documents": ("Tài liệu", "Documents"),
    "errors": ("Lỗi", "Errors"),
    "progress": ("Đang nộp lưu", "Ingesting"),
    "accepted": (
        "{accepted}/{total} gói được tiếp nhận",
        "{accepted}/{total} packages accepted",
    ),
    "held": (
        ", {held} gói đã có trong kho (không lưu lại)",
        ", {held} already held (not stored again)",
    ),
    "refused": (", {refused} gói bị từ chối", ", {refused} refused"),
    "pending": (
        ", {pending} gói chờ tiếp nhận (archive review)",
        ", {pending} awaiting review (archive review)",
    ),
    # archive sip build | template
    "built": ("[green]Đã tạo gói[/] {path}", "[green]Built[/] {path}"),
    "not_built": (
        "[red]Không tạo được gói[/]: sửa các lỗi trên rồi chạy lại.",
        "[red]No package built[/]: fix the errors above and run again.",
    ),
    "template_written": (
        "Đã ghi bảng kê mẫu {out}: mỗi dòng một tài liệu, thay dòng ví dụ rồi chạy "
        "archive sip build THƯ_MỤC --metadata {out}",
        "Wrote the sheet {out}: one row per document; replace the example row, then run "
        "archive sip build FOLDER --metadata {out}",
    ),
    # archive review: packages held for review (ingest_review)
    "review_title": ("Gói chờ tiếp nhận", "Packages awaiting review"),
    "review_code": ("Mã", "Code"),
    "review_agency": ("Cơ quan", "Agency"),
    "review_received": ("Ngày nhận", "Received"),
    "review_days": ("Số ngày", "Days"),
    "review_state": ("Trạng thái", "State"),
    "review_overdue": ("quá hạn", "overdue"),
    "review_count": ("{count} gói, {late} quá hạn.", "{count} packages, {late} overdue."),
    "review_accepted": (
        "{code}: đã tiếp nhận, hồ sơ {arc_file_code}.",
        "{code}: accepted as {arc_file_code}.",
    ),
    "review_not_accepted": (
        "{code}: không tiếp nhận được, gói vẫn chờ.",
        "{code}: not accepted; it is still pending.",
    ),
    "review_returned": ("{code}: đã trả lại.", "{code}: returned."),
    "review_receipt": (
        "[bold]{title}[/] số {number}: {decision}; đối chiếu: {count}; {object_id} "
        "(receipt.pdf, receipt.json)",
        "[bold]{title}[/] no. {number}: {decision}; count: {count}; {object_id} "
        "(receipt.pdf, receipt.json)",
    ),
    "review_complete": ("đủ", "complete"),
    "review_short": ("chưa đủ, thiếu {missing}", "incomplete, {missing} missing"),
    # One package under review (archive review show): its fields.
    "review_field.fileCode": ("Mã hồ sơ", "File code"),
    "review_field.agency": ("Cơ quan", "Agency"),
    "review_field.request_code": ("Mã yêu cầu nộp lưu", "Request code"),
    "review_field.submitted_at": ("Ngày nhận", "Received"),
    "review_field.submitted_by": ("Người nộp", "Submitted by"),
    "review_field.due_at": ("Hạn xem xét", "Review due"),
    "review_field.days_waiting": ("Số ngày chờ", "Days waiting"),
    "review_field.overdue": ("Quá hạn", "Overdue"),
    "review_field.registered_docs": ("Số tài liệu đăng ký", "Documents registered"),
    "review_field.received_docs": ("Số tài liệu nhận", "Documents received"),
    "review_field.files": ("Số tệp", "Files"),
    "review_field.bytes": ("Dung lượng", "Size"),
    "review_field.decided_at": ("Ngày quyết định", "Decided"),
    "review_field.decided_by": ("Người quyết định", "Decided by"),
    "review_field.reason": ("Lý do", "Reason"),
    "review_field.object_id": ("Mã đối tượng", "Object id"),
}
"""Key → (Vietnamese, English)."""
