"""``archive retention``, ``archive hold``, ``archive disposal``: retention, holds and the
destruction procedure (TT 05/2025 Ch. VII, docs/retention.md)."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "end_year": ("Năm kết thúc", "End year"),
    "due": ("Hết hạn", "Due"),
    "due_title": (
        "Hồ sơ hết hạn lưu trữ đến 31/12/{year}",
        "Dossiers whose retention ends by 31/12/{year}",
    ),
    "count": ("{count} hồ sơ.", "{count} dossier(s)."),
    "seeded": ("Đã thêm {count} dòng.", "Added {count} row(s)."),
    "seed_source": (
        "Nguồn: TT 09/2011/TT-BNV (docs/domain.md §6.2) — cần đối chiếu với thông tư hiện "
        "hành (TT 10/2022 Phụ lục I).",
        "Source: TT 09/2011/TT-BNV (docs/domain.md §6.2) — to be verified against the current "
        "circular (TT 10/2022 Phụ lục I).",
    ),
    "schedule": ("Bảng thời hạn lưu trữ", "Retention schedule"),
    "group": ("Nhóm", "Group"),
    "records": ("Hồ sơ, tài liệu", "Records"),
    "verified": ("Đã xác minh", "Verified"),
    "imported": ("Đã nhập {count} dòng.", "Imported {count} row(s)."),
    "hold_placed": ("Đã phong tỏa {code} (số {id}).", "Hold {id} placed on {code}."),
    "hold_released": ("Đã gỡ phong tỏa {id}.", "Hold {id} released."),
    "holds": ("Phong tỏa", "Holds"),
    "by": ("Người thực hiện", "By"),
    "at": ("Lúc", "At"),
    "released": ("Đã gỡ lúc", "Released at"),
    # archive disposal
    "member_added": ("Đã thêm {name} ({role}).", "Added {name} ({role})."),
    "review": (
        "Danh mục {code}: {count} hồ sơ '{status}'.",
        "List {code}: {count} dossier(s) '{status}' (for review).",
    ),
    "skipped_held": ("  bỏ qua (đang phong tỏa): {code}", "  skipped (held): {code}"),
    "lists": ("Danh mục hủy", "Disposal lists"),
    "list_code": ("Mã", "Code"),
    "opinions": ("Ý kiến", "Opinions"),
    "decision": ("Quyết định", "Decision"),
    "opinion_recorded": ("Đã ghi ý kiến.", "Opinion recorded."),
    "stored": ("Đã lưu {path}", "Stored {path}"),
    "decided": ("{code}: {status}", "{code}: {status}"),
    "destroyed": (
        "Đã hủy {code} (biên bản {record})",
        "Destroyed {code} (record {record})",
    ),
    "council": ("Hội đồng xét hủy và thủ trưởng", "The council and the head"),
    "added_by": ("Người thêm", "Added by"),
    "added_at": ("Lúc thêm", "Added at"),
}
"""Key → (Vietnamese, English)."""
