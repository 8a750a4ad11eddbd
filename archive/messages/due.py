"""``archive due`` and the page ``/due``: everything that is due (docs/operations.md)."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "menu": ("Việc đến hạn", "Due"),
    "title": ("Việc đến hạn ngày {date}", "Due on {date}"),
    "none": ("Không có việc nào đến hạn.", "Nothing is due."),
    "level": ("Mức", "Level"),
    "work": ("Việc", "Work"),
    "count": ("Số lượng", "Count"),
    "due": ("Hạn", "Due"),
    "subject": ("Đối tượng", "Subject"),
    "action": ("Cần làm", "What to do"),
    "level.red": ("Quá hạn, lỗi", "Overdue, failing"),
    "level.amber": ("Sắp đến hạn", "Coming due"),
    "kind.review": (
        "Gói chờ thẩm tra (trong 60 ngày từ khi nộp)",
        "Packages awaiting review (within 60 days of submission)",
    ),
    "kind.retention": (
        "Hồ sơ hết thời hạn bảo quản, chưa vào danh mục xem xét hủy",
        "Dossiers past their retention, not yet listed for destruction review",
    ),
    "kind.transfer": (
        "Hồ sơ vĩnh viễn cần đăng ký nộp lưu (12 tháng trước hạn)",
        "Permanent dossiers whose transfer must be registered (12 months ahead)",
    ),
    "kind.destruction": (
        "Quyết định hủy chờ thi hành (trong 15 ngày)",
        "Destruction decisions awaiting execution (within 15 days)",
    ),
    "kind.council": (
        "Danh mục hồ sơ xem xét hủy chờ Hội đồng xét hủy cho ý kiến và kết luận",
        "Disposal lists awaiting the council's opinions and conclusion",
    ),
    "kind.use_request": (
        "Yêu cầu sử dụng chờ duyệt",
        "Use requests awaiting a decision",
    ),
    "kind.ocr_failed": ("Việc OCR bị lỗi", "Failed OCR jobs"),
    "kind.edxml_recall": (
        "Văn bản đã lưu bị yêu cầu thu hồi: hồ sơ bị phong tỏa, chờ quyết định",
        "Filed documents recalled by their sender: dossier held, awaiting a decision",
    ),
    "kind.copy_damaged": (
        "Bản lưu hỏng hoặc thiếu trong kho",
        "Damaged or missing copies in a store",
    ),
    "kind.signatures": (
        "Chữ ký cần gia hạn bảo vệ (PAdES-LTA)",
        "Signatures to extend (PAdES-LTA)",
    ),
    "kind.evidence": (
        "Chứng cứ lưu trữ (RFC 4998) cần gia hạn",
        "Evidence records (RFC 4998) to renew",
    ),
    "kind.fixity": (
        "Kiểm tra toàn vẹn không kịp phủ toàn bộ kho trong 3 năm",
        "Fixity checks not on track to cover the holding within 3 years",
    ),
    "kind.backup": (
        "Sao lưu bị lỡ (hằng ngày, toàn bộ hằng tháng, kiểm tra hằng quý)",
        "Backups missed (daily, monthly full, quarterly check)",
    ),
    "kind.inspection": (
        "Hồ sơ chưa được kiểm tra định kỳ trong 3 năm (đỏ: đã quá; vàng: còn dưới 90 ngày)",
        "Dossiers not inspected within 3 years (red: past; amber: within 90 days)",
    ),
    "kind.inspection_failed": (
        "Lỗi kiểm tra định kỳ chưa khắc phục",
        "Inspection failures not yet remedied",
    ),
    "kind.media": (
        "Phương tiện lưu trữ cần chuyển đổi (1 năm trước hết tuổi thọ)",
        "Storage media to migrate (1 year before their rated end)",
    ),
}
