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
    "concluded": (
        "Hội đồng kết luận về {code}: {result} ({agree}/{size} thành viên đồng ý).",
        "The council concluded on {code}: {result} ({agree} of {size} members agree).",
    ),
    # Refusals of the destruction procedure (ADR 0022): each names what is missing.
    "bad_role": (
        "vai trò '{role}' không hợp lệ; dùng `chair`, `secretary`, `council` hoặc `head`",
        "invalid role '{role}'; use `chair`, `secretary`, `council` or `head`",
    ),
    "role_taken": (
        "hội đồng đã có {role_name}: {name}",
        "the council already has a {role_name}: {name}",
    ),
    "not_role": (
        "{name} không phải {role_name} (xem 'archive disposal council ls')",
        "{name} is not the {role_name} (see 'archive disposal council ls')",
    ),
    "not_council": (
        "{name} không phải thành viên hội đồng xét hủy (xem 'archive disposal council ls')",
        "{name} is not a member of the council (see 'archive disposal council ls')",
    ),
    "dissent_reason": (
        "ý kiến không đồng ý cần nêu lý do (--comment)",
        "a dissenting opinion needs its reason (--comment)",
    ),
    "council_too_small": (
        "hội đồng xét hủy có {size} thành viên, cần ít nhất {minimum}",
        "the council has {size} member(s); at least {minimum} are required",
    ),
    "no_chair": ("hội đồng xét hủy chưa có chủ tịch", "the council has no chair"),
    "no_secretary": ("hội đồng xét hủy chưa có thư ký", "the council has no secretary"),
    "no_quorum": (
        "mới có {votes}/{size} thành viên cho ý kiến, cần ít nhất {needed}",
        "only {votes} of {size} members have given their opinion; {needed} are needed",
    ),
    "chair_silent": (
        "chủ tịch hội đồng ({name}) chưa cho ý kiến",
        "the chair ({name}) has not given an opinion",
    ),
    "concluded_already": (
        "hội đồng đã kết luận về {code} lúc {at}; không nhận thêm ý kiến",
        "the council concluded on {code} at {at}; opinions are closed",
    ),
    "missing_minutes": (
        "thiếu biên bản họp hội đồng xét hủy (hội đồng chưa kết luận: "
        "'archive disposal conclude {code}')",
        "the council's minutes are missing (the council has not concluded: "
        "'archive disposal conclude {code}')",
    ),
    "no_majority": (
        "hội đồng không đề nghị hủy: {agree}/{size} thành viên đồng ý, cần quá nửa ({needed})",
        "the council did not propose destruction: {agree} of {size} members agree; more than "
        "half ({needed}) is needed",
    ),
    "missing_appraisal": (
        "thiếu văn bản thẩm định của cơ quan quản lý lưu trữ (cơ quan {sources} thuộc nguồn "
        "nộp lưu: 'archive disposal attach {code} `TỆP`')",
        "the appraisal of the state archives authority is missing ({sources} deposit at the "
        "historical archives: 'archive disposal attach {code} FILE')",
    ),
    "cannot_decide": (
        "chưa thể ra quyết định hủy {code}: {missing}",
        "the decision on {code} cannot be taken yet: {missing}",
    ),
}
"""Key → (Vietnamese, English)."""
