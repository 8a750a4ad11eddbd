"""``archive ls``, ``archive show``, ``archive get``: the dossiers and documents held."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "dossiers": ("Hồ sơ lưu trữ", "Archived dossiers"),
    "docs": ("Số TL", "Docs"),
    "field": ("Trường", "Field"),
    "value": ("Giá trị", "Value"),
    "fonds": ("Phông", "Fonds"),
    "ingested_at": ("Nộp lưu lúc", "Ingested at"),
    "doc_list": ("Mục lục văn bản", "List of documents"),
    "col_no": ("Số TT", "No."),
    "col_symbol": ("Số, ký hiệu", "Number, symbol"),
    "col_date": ("Ngày tháng", "Date"),
    "col_subject": ("Tên loại và trích yếu nội dung", "Type and subject"),
    "doc_code": ("Mã lưu trữ của tài liệu", "Document code"),
    "in_dossier": ("Thuộc hồ sơ (mã hồ sơ lưu trữ)", "In dossier (archival code)"),
    "files": ("Tệp của tài liệu", "Files of the document"),
    "file": ("Tệp", "File"),
    "size": ("Dung lượng", "Size"),
    "format": ("Định dạng", "Format"),
    "events": ("Nhật ký truy cập và xử lý", "Audit trail"),
    "event_at": ("Thời điểm", "Time"),
    "event": ("Sự kiện", "Event"),
    "outcome": ("Kết quả", "Outcome"),
    "detail": ("Nội dung", "Detail"),
    "no_such_code": (
        "không có hồ sơ hay tài liệu mã {code}",
        "no dossier or document with code {code}",
    ),
    "written": ("Đã ghi {size} byte vào {output}", "Wrote {size} bytes to {output}"),
    "metadata_changed": (
        "Đã sửa đặc tả {code} (phiên bản mới {version}): {changes}",
        "Metadata of {code} changed (new version {version}): {changes}",
    ),
    # archive duplicates | formats
    "duplicates_title": ("Bản gốc trùng nhau (SHA-256)", "Originals held more than once (SHA-256)"),
    "duplicates_count": ("{count} nhóm trùng nhau.", "{count} groups of identical originals."),
    "formats_title": ("Tài liệu theo định dạng (PRONOM)", "Holding by format (PRONOM)"),
    "version": ("Phiên bản", "Version"),
    "file_count": ("Số tệp", "Files"),
    "risk": ("Rủi ro", "Risk"),
    "unidentified": ("chưa nhận dạng", "not identified"),
    "formats_total": ("Tổng: {files} tệp, {size}.", "Total: {files} files, {size}."),
}
"""Key → (Vietnamese, English)."""
