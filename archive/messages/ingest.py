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
}
"""Key → (Vietnamese, English)."""
