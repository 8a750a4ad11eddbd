"""Coded findings of text extraction and indexing (same shape as the ingest findings).

They never refuse anything: the index is derived data. They appear in the ingest report and in
``archive search reindex``'s summary.
"""

from __future__ import annotations

from typing import Any, Final

from archive.findings import Finding, Severity

__all__ = ["SEARCH_CODES", "finding"]

SEARCH_CODES: Final[dict[str, tuple[Severity, str, str]]] = {
    "TXT001": (
        "info",
        "Tệp {path} không có lớp chữ (ảnh quét): cần OCR để tìm theo nội dung",
        "{path} has no text layer (scanned image): needs OCR to be found by its content",
    ),
    "TXT002": (
        "warning",
        "Không trích xuất được chữ từ {path} (chỉ tìm theo siêu dữ liệu): {detail}",
        "Could not extract text from {path} (found by its metadata only): {detail}",
    ),
    "TXT003": (
        "info",
        "Tệp {path} lớn hơn giới hạn trích xuất chữ ({detail}): chỉ tìm theo siêu dữ liệu",
        "{path} is larger than the text extraction limit ({detail}): metadata only",
    ),
    "TXT004": (
        "info",
        "Chữ trích từ {path} bị cắt ở {detail} ký tự (giới hạn search_max_text_chars)",
        "Text extracted from {path} was cut at {detail} characters (search_max_text_chars)",
    ),
    "IDX001": (
        "warning",
        "Chưa cập nhật được chỉ mục tìm kiếm ({detail}); hồ sơ vẫn được lưu. Chạy "
        "'archive search reindex'",
        "The search index was not updated ({detail}); the dossier is stored. Run "
        "'archive search reindex'",
    ),
}


def finding(code: str, path: str = "", **params: Any) -> Finding:
    """A finding from the table above."""
    severity, vi, en = SEARCH_CODES[code]
    params.setdefault("detail", "")
    params.setdefault("path", path)
    return Finding(code, severity, path, vi.format(**params), en.format(**params))
