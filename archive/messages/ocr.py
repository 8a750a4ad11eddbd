"""``archive ocr``: OCR renditions of scanned documents (issue #18)."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "title": ("Bản OCR của văn bản quét", "OCR renditions of scanned documents"),
    "nothing_due": (
        "Không có văn bản nào cần nhận dạng chữ.",
        "No document needs OCR.",
    ),
    "dry_run": (
        "Chạy thử: chưa nhận dạng văn bản nào.",
        "Dry run: nothing was read.",
    ),
    "summary": (
        "Đã tạo {made} bản OCR ({pages} trang), {not_needed} văn bản đã có lớp chữ, {failed} lỗi.",
        "Made {made} OCR renditions ({pages} pages), {not_needed} documents already had a "
        "text layer, {failed} failed.",
    ),
    "failed": ("Không nhận dạng được", "OCR failed"),
    "confidence": ("Độ tin cậy TB", "Mean confidence"),
    "pages": ("Trang", "Pages"),
    "rendition": (
        "Bản OCR (bản dẫn xuất PDF/A-2b để đọc và tìm kiếm, không phải bản gốc)",
        "OCR rendition (a PDF/A-2b derivative for reading and search, not the original)",
    ),
    "download_rendition": (
        "Tải bản OCR (không phải bản gốc)",
        "Download the OCR rendition (not the original)",
    ),
    "no_rendition": (
        "Văn bản {code} chưa có bản OCR (chạy 'archive ocr run').",
        "Document {code} has no OCR rendition yet (run 'archive ocr run').",
    ),
    "saved_rendition": (
        "Đã lưu bản OCR của {code} vào {path} ({size} byte); đây không phải bản gốc.",
        "Saved the OCR rendition of {code} to {path} ({size} bytes); this is not the original.",
    ),
}
"""Key → (Vietnamese, English)."""
