"""``archive backup``: the backup sets of TT 05/2025 Chương V (docs/operations.md, "Backups")."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "written": (
        "Đã sao lưu {kind} {name} vào {target}: {rows} dòng danh mục, {objects} đối tượng "
        "trong bảng kê kho; đọc lại {files} tệp ({bytes} byte) khớp mã băm.",
        "Backed up ({kind}) {name} to {target}: {rows} catalog row(s), {objects} object(s) in "
        "the store manifest; {files} file(s) ({bytes} bytes) read back, digests match.",
    ),
    "kind.full": ("toàn bộ", "full"),
    "kind.incremental": ("gia tăng", "incremental"),
    "left_out": (
        "Không đưa vào bộ sao lưu (bí mật): {names}",
        "Left out of the set (secrets): {names}",
    ),
    "pruned": ("Đã xóa bộ sao lưu cũ: {names}", "Old sets deleted: {names}"),
    "none": (
        "Chưa có bộ sao lưu nào ở {target}.",
        "No backup set at {target} yet.",
    ),
    "sets": ("Các bộ sao lưu ở {target}", "Backup sets at {target}"),
    "name": ("Bộ sao lưu", "Set"),
    "kind": ("Loại", "Kind"),
    "created": ("Thời gian", "Made"),
    "base": ("Dựa trên", "Builds on"),
    "rows": ("Dòng đổi", "Rows changed"),
    "objects": ("Đối tượng", "Objects"),
    "size": ("Dung lượng", "Size"),
    "purged": ("Đã xóa hồ sơ hủy", "Purged"),
    "partial": (
        "Thư mục dở dang (lần chạy bị dừng, sẽ bị xóa ở lần chạy sau): {names}",
        "Unfinished folders (a run that stopped; the next run deletes them): {names}",
    ),
    "verified": (
        "{name}: đọc lại {files} tệp ({bytes} byte), khớp mã băm.",
        "{name}: {files} file(s) ({bytes} bytes) read back, digests match.",
    ),
    "damaged": ("{name}: HỎNG", "{name}: DAMAGED"),
    "drill_ok": (
        "Diễn tập khôi phục đạt: {sets} bộ sao lưu, {rows} dòng khôi phục vào {home}; chuỗi "
        "nhật ký nguyên vẹn ({events} sự kiện), kho khớp danh mục.",
        "Restore drill passed: {sets} set(s), {rows} row(s) restored into {home}; audit chain "
        "intact ({events} events), stores agree with the catalog.",
    ),
    "drill_failed": (
        "Diễn tập khôi phục KHÔNG ĐẠT ({home}):",
        "Restore drill FAILED ({home}):",
    ),
    "drill_chain": (
        "chuỗi nhật ký hỏng ở sự kiện {seq}: {reason}",
        "audit chain broken at event {seq}: {reason}",
    ),
    "drill_store": (
        "kho {store}: {count} sai lệch (thiếu, thừa, lệch)",
        "store {store}: {count} disagreement(s) (missing, orphans, drift)",
    ),
    "check_ok": (
        "Kiểm tra hệ thống sao lưu đạt; báo cáo: {report}",
        "Backup system check passed; report: {report}",
    ),
    "check_failed": (
        "Kiểm tra hệ thống sao lưu KHÔNG ĐẠT; báo cáo: {report}",
        "Backup system check FAILED; report: {report}",
    ),
    "problem": ("  - {problem}", "  - {problem}"),
    "log_written": (
        "Sổ nhật ký sao lưu (Mẫu 18) đã ghi: {object}",
        "Backup log entry (form 18) written: {object}",
    ),
    "minutes_written": (
        "Biên bản sao lưu dự phòng (Mẫu 19) đã ghi: {object}",
        "Backup minutes (form 19) written: {object}",
    ),
}
