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
    "saved_rendition": (
        "Đã lưu bản OCR của {code} vào {path} ({size} byte); đây không phải bản gốc.",
        "Saved the OCR rendition of {code} to {path} ({size} bytes); this is not the original.",
    ),
}
"""Key → (Vietnamese, English)."""
