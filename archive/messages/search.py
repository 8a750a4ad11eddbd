"""``archive search``: full-text search, the index."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "results": ("Kết quả tìm kiếm", "Search results"),
    "symbol_date": ("Số, ký hiệu; ngày", "Number; date"),
    "subject": ("Tên loại và trích yếu", "Type and subject"),
    "summary": (
        "{first}–{last} / {total} kết quả ({ms} ms)",
        "{first}–{last} of {total} results ({ms} ms)",
    ),
    "fallback": (
        "Không có văn bản nào chứa đủ các từ đã gõ; dưới đây là những văn bản gần nhất, chứa một "
        "phần các từ đó.",
        "No document has all the words typed; these are the closest matches, with some of them.",
    ),
    "indexing": ("Đang lập chỉ mục", "Indexing"),
    "indexed": (
        "Đã lập chỉ mục {documents} văn bản của {dossiers} hồ sơ ({backend}, {seconds} s)",
        "Indexed {documents} documents of {dossiers} dossiers ({backend}, {seconds} s)",
    ),
}
"""Key → (Vietnamese, English)."""
