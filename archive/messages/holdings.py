"""The copies: ``replicate``, ``fixity``, ``repair``, ``rebuild``, ``storage``."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "replicated": (
        "Sao chép {source} → {target}: {copied} mới, {updated} cập nhật, {current} đã đủ, "
        "{failed} lỗi ({bytes} byte)",
        "Replication {source} → {target}: {copied} copied, {updated} updated, {current} "
        "current, {failed} failed ({bytes} bytes)",
    ),
    "fixity_run": (
        "Kho {store}: {objects} đối tượng, {files} tệp, {bytes} byte; {failed} sai lệch",
        "Store {store}: {objects} objects, {files} files, {bytes} bytes; {failed} failed",
    ),
    "fixity_failure": (
        "[bold red]SAI LỆCH TOÀN VẸN[/] {store}: {object}",
        "[bold red]FIXITY FAILURE[/] {store}: {object}",
    ),
    "coverage": ("Độ phủ kiểm tra toàn vẹn", "Fixity coverage"),
    "store": ("Kho", "Store"),
    "objects": ("Đối tượng", "Objects"),
    "checked": ("Đã kiểm ({days} ngày)", "Checked ({days} d)"),
    "never": ("Chưa kiểm", "Never"),
    "failing": ("Hỏng", "Failing"),
    "full_pass": ("Dự kiến phủ hết (ngày)", "Full pass (days)"),
    "goal": ("Đạt 3 năm", "3-year goal"),
    "all_covered": ("đã phủ hết", "all covered"),
    "all_good": (
        "Mọi bản của {code} đều tốt; không làm gì.",
        "Every copy of {code} is good; nothing done.",
    ),
    "restored": (
        "Đã khôi phục {files} tệp của {code} ở kho {store} từ kho {source}",
        "Restored {files} file(s) of {code} in store {store} from store {source}",
    ),
    "rebuilt": (
        "Đã dựng lại: {dossiers} hồ sơ, {documents} văn bản, {files} tệp; chỉ mục tìm kiếm: "
        "{indexed} văn bản.",
        "Rebuilt: {dossiers} dossiers, {documents} documents, {files} files; search index: "
        "{indexed} documents.",
    ),
    "check_ok": (
        "Danh mục dựng lại từ kho khớp với danh mục đang dùng: {tables} bảng, {rows} dòng, "
        "nhật ký tới sự kiện {head}.",
        "The catalog rebuilt from storage matches the live one: {tables} tables, {rows} rows, "
        "events up to {head}.",
    ),
    "check_bad": (
        "Danh mục dựng lại từ kho khác danh mục đang dùng ({differences} chỗ khác; nhật ký tới "
        "sự kiện {head}; chạy 'archive audit seal' nếu vừa có thay đổi):",
        "The catalog rebuilt from storage differs from the live one ({differences} "
        "difference(s); events up to {head}; run 'archive audit seal' if changes just "
        "happened):",
    ),
    "check_values": ("đang dùng {live}, dựng lại {rebuilt}", "live {live}, rebuilt {rebuilt}"),
    "store_checked": ("Kho {store}: {objects} đối tượng", "Store {store}: {objects} objects"),
    "store_ok": ("khớp với danh mục", "matches the catalog"),
    "store_bad": ("không khớp với danh mục", "does not match the catalog"),
    "orphans": ("Đối tượng không có trong danh mục", "Orphans (no catalog row)"),
    "orphans_hint": (
        "nạp lại gói tin để nhận lại, hoặc 'archive rebuild'",
        "re-ingest the package to adopt it, or see 'archive rebuild'",
    ),
    "missing": ("Thiếu trong kho", "Missing from the store"),
    "leftovers": ("Dữ liệu dở dang", "Leftovers"),
    "drift": ("Sai khác", "Drift"),
    "locks": (
        "Kho {store}: gia hạn {keys} khóa của {objects} hồ sơ",
        "Store {store}: {keys} lock(s) of {objects} dossier(s) extended",
    ),
    # What a fixity check found (archive.storage.fixity.FixityResult.said).
    "fixity_unreadable": ("{path}: không đọc được ({error})", "{path}: unreadable ({error})"),
    "fixity_sidecar": (
        "{path}: không khớp tệp mã băm đi kèm",
        "{path}: does not match its sidecar",
    ),
    "fixity_digest": (
        "{path}: mã băm {found}… khác giá trị đã ghi {expected}…",
        "{path}: digest {found}… expected {expected}…",
    ),
    "fixity_catalog": (
        "{path}: SHA-256 trong danh mục {recorded}… khác bản kê của kho {inventory}…",
        "{path}: the catalog's SHA-256 {recorded}… differs from the inventory's {inventory}…",
    ),
    "fixity_missing": ("không có đối tượng trong kho", "object missing from the store"),
    "not_copied": ("không sao chép được {code}", "{code} not copied"),
}
"""Key → (Vietnamese, English)."""
