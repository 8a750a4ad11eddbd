"""Statistics (``archive stats``, the /stats page; docs/statistics.md)."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "written": ("Đã ghi {path}", "Written: {path}"),
    "chart_desc": (
        "Biểu đồ {what} theo {by}; số liệu ở bảng bên cạnh.",
        "Chart of {what} by {by}; the numbers are in the table beside it.",
    ),
    "group_by": ("Thống kê theo", "Group by"),
    "from": ("Từ ngày", "From"),
    "to": ("Đến ngày", "To"),
    "show": ("Xem", "Show"),
    "download_xlsx": ("Tải bảng tính (XLSX)", "Download the workbook (XLSX)"),
    "size": ("Dung lượng", "Size"),
    "kind": ("Loại", "Kind"),
    "holdings_note": ("Hồ sơ đang lưu giữ, tính đến hôm nay.", "Dossiers held today."),
    "export_title": ("Danh sách văn bản tìm được", "Documents found"),
    "export_subtitle": (
        "Tìm: {query} · {count} văn bản · xuất lúc {when}",
        "Search: {query} · {count} documents · exported at {when}",
    ),
    "export_doc_code": ("Mã định danh văn bản", "Document code"),
    "export_symbol": ("Số, ký hiệu", "Number and notation"),
    "export_issued": ("Ngày ban hành", "Date issued"),
    "export_type": ("Tên loại", "Type"),
    "export_subject": ("Trích yếu nội dung", "Subject"),
    "export_organ": ("Cơ quan ban hành", "Issuing organ"),
    "export_dossier": ("Hồ sơ", "Dossier"),
    "export_written": ("Đã ghi {count} văn bản vào {path}", "{count} documents written to {path}"),
    "title": ("Thống kê tài liệu lưu trữ", "Archive statistics"),
    "period": ("Thời gian thống kê", "Period"),
    "sheet_holdings": ("Tài liệu lưu trữ", "Holdings"),
    "sheet_growth": ("Thu nộp theo tháng", "Growth per month"),
    "sheet_activity": ("Khai thác theo tháng", "Use per month"),
    "sheet_records": ("Khai thác theo tài liệu", "Use per record"),
    "by_year": ("Năm", "Year"),
    "by_organ": ("Cơ quan, tổ chức", "Organ"),
    "by_type": ("Tên loại văn bản", "Document type"),
    "by_mode": ("Chế độ sử dụng", "Access mode"),
    "by_format": ("Định dạng tệp", "File format"),
    "by_retention": ("Thời hạn bảo quản", "Retention period"),
    "dossiers": ("Hồ sơ", "Dossiers"),
    "documents": ("Văn bản", "Documents"),
    "files": ("Tệp gốc", "Original files"),
    "bytes": ("Dung lượng (byte)", "Size (bytes)"),
    "total": ("Tổng cộng", "Total"),
    "month": ("Tháng", "Month"),
    "views": ("Lượt xem", "Views"),
    "downloads": ("Lượt tải bản gốc", "Downloads"),
    "readings": ("Lượt đọc trên trình duyệt", "Readings in the browser"),
    "requests": ("Yêu cầu sử dụng", "Use requests"),
    "approved": ("Yêu cầu được duyệt", "Requests approved"),
    "refused": ("Yêu cầu bị từ chối", "Requests refused"),
    "reading_copies": ("Bản đọc đã cấp", "Reading copies issued"),
    "plain_copies": ("Bản sao đã cấp", "Plain copies issued"),
    "certified_copies": ("Bản sao chứng thực đã cấp", "Certified copies issued"),
    "deliveries": ("Lượt tải và đọc bản gốc", "Downloads and readings"),
    "code": ("Mã hồ sơ, văn bản", "Record code"),
    "record_title": ("Tiêu đề", "Title"),
    "mode": ("Chế độ sử dụng", "Access mode"),
    "restricted": (
        "Tài liệu hạn chế không hiển thị ({records} tài liệu)",
        "Restricted records not shown ({records} records)",
    ),
    "truncated": (
        "Chỉ hiển thị {count} nhóm đầu tiên",
        "Only the first {count} groups are shown",
    ),
    "no_restricted": (
        "Không có lượt khai thác tài liệu hạn chế",
        "No use of restricted records",
    ),
}
