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
    "yearly_listed": (
        "Danh mục hằng năm {code}: {count} hồ sơ 'Xem xét hủy' chờ hội đồng.",
        "This year's list {code}: {count} dossier(s) for the council's review.",
    ),
    "concluded": (
        "Hội đồng kết luận về {code}: {result} ({agree}/{size} thành viên đồng ý).",
        "The council concluded on {code}: {result} ({agree} of {size} members agree).",
    ),
    # The disposal pages (archive/web/disposalpages.py).
    "page_title": ("Hủy tài liệu hết giá trị", "Destruction of records"),
    "page_intro": (
        "Danh mục tài liệu hết giá trị, ý kiến của Hội đồng xét hủy, quyết định của thủ trưởng "
        "và việc thực hiện hủy.",
        "Lists of records to destroy, the council's opinions, the head's decision and the "
        "execution.",
    ),
    "page_none": ("Chưa có danh mục hủy nào.", "No disposal list yet."),
    "page_seat": ("Vị trí của bạn: {seat}", "Your seat: {seat}"),
    "col_items": ("Số hồ sơ", "Dossiers"),
    "col_status": ("Trạng thái", "Status"),
    "col_council": ("Hội đồng", "Council"),
    "col_title": ("Tiêu đề hồ sơ", "Dossier title"),
    "col_kept": ("Thời hạn lưu trữ", "Retention"),
    "years_kept": ("{years} năm", "{years} years"),
    "col_docs": ("Tổng số tài liệu", "Documents"),
    "col_pages": ("Tổng số trang", "Pages"),
    "col_reason": ("Lý do hủy", "Reason"),
    "col_note": ("Ghi chú", "Note"),
    "col_member": ("Thành viên", "Member"),
    "col_seat": ("Vị trí", "Seat"),
    "col_vote": ("Ý kiến", "Opinion"),
    "col_why": ("Lý do", "Reason"),
    "restricted": ("(hạn chế tiếp cận)", "(restricted)"),
    "no_opinion": ("chưa cho ý kiến", "no opinion yet"),
    "items_title": ("Hồ sơ trong danh mục", "Dossiers on the list"),
    "council_title": ("Ý kiến của Hội đồng xét hủy", "The council's opinions"),
    "your_opinion": ("Ý kiến của bạn", "Your opinion"),
    "agree": ("Đồng ý hủy", "Agree to destroy"),
    "disagree": ("Không đồng ý", "Disagree"),
    "reason": ("Lý do (bắt buộc khi không đồng ý)", "Reason (required to disagree)"),
    "send_opinion": ("Ghi ý kiến", "Record my opinion"),
    "conclude_title": ("Kết luận của hội đồng", "The council's conclusion"),
    "conclude_button": (
        "Kết thúc phiên xét hủy và lập biên bản",
        "Close the review and write the minutes",
    ),
    "conclusion": (
        "{result}: {agree}/{size} thành viên đồng ý ({votes} ý kiến); {by} kết luận lúc {at}.",
        "{result}: {agree} of {size} members agree ({votes} opinions); concluded by {by} at {at}.",
    ),
    "minutes_item": ("{title} số {number}", "{title} no. {number}"),
    "not_concluded": ("Hội đồng chưa kết luận.", "The council has not concluded."),
    "appraisal_title": (
        "Văn bản thẩm định của cơ quan quản lý lưu trữ",
        "Appraisal of the state archives authority",
    ),
    "attachments_none": ("Chưa có văn bản nào.", "No document yet."),
    "file": ("Tệp PDF (tối đa {size})", "PDF file (at most {size})"),
    "attach_button": ("Đính kèm", "Attach"),
    "decision_title": ("Quyết định của thủ trưởng", "The head's decision"),
    "decision_number": ("Số quyết định", "Decision number"),
    "decision_date": ("Ngày quyết định (dd/mm/yyyy)", "Decision date (dd/mm/yyyy)"),
    "approve": ("Phê duyệt hủy", "Approve the destruction"),
    "reject": ("Không phê duyệt", "Reject"),
    "decide_button": ("Ghi quyết định", "Record the decision"),
    "decision_done": (
        "Quyết định số {number} ngày {date} của {by}: {status}.",
        "Decision {number} of {date} by {by}: {status}.",
    ),
    "execution_title": ("Thực hiện hủy", "Execution"),
    "execute_button": ("Thực hiện hủy", "Destroy now"),
    "executed": ("Đã hủy lúc {at}, người thực hiện {by}.", "Destroyed at {at} by {by}."),
    "execution_due": (
        "Thời hạn thực hiện: 15 ngày kể từ ngày quyết định.",
        "Due within 15 days of the decision.",
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
