"""``archive verify`` and ``archive preserve run``: signatures, verdicts, long-term
preservation."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # archive verify
    "verification": ("Kết quả xác thực chữ ký số", "Signature verification"),
    "field": ("Trường chữ ký", "Signature field"),
    "signer": ("Người ký", "Signer"),
    "explanation": ("Giải thích", "Explanation"),
    "no_signature": ("không có chữ ký", "no signature"),
    "overall": ("Kết luận chung", "Overall"),
    "html_written": ("Đã ghi báo cáo HTML: {path}", "HTML report written to {path}"),
    # archive preserve run
    "nothing_due": (
        "Không có việc cần làm: không tệp nào đến hạn bổ sung LTA, gia hạn dấu thời gian "
        "hay kiểm tra lại, không lô bằng chứng nào đến hạn gia hạn.",
        "Nothing to do: no file is due for augmentation, timestamp renewal or "
        "revalidation, and no evidence batch is due for renewal.",
    ),
    "dry_run": ("Chạy thử: không thực hiện gì.", "Dry run: nothing was done."),
    "preservation": ("Bảo quản chữ ký số", "Signature preservation"),
    "action": ("Việc", "Action"),
    "before": ("Trước", "Before"),
    "after": ("Sau", "After"),
    "skipped": ("bỏ qua", "skipped"),
    "evidence_renewal": ("Gia hạn hồ sơ bằng chứng (RFC 4998)", "Evidence-record renewal"),
    "renewal": ("Cách gia hạn", "Renewal"),
    "status_changed": (
        "[bold red]THAY ĐỔI TRẠNG THÁI CHỮ KÝ[/] {where}",
        "[bold red]SIGNATURE STATUS CHANGED[/] {where}",
    ),
    "failed": ("Không thực hiện được", "Failed"),
    "renewal_failed": ("Không gia hạn được", "Renewal failed"),
    "locks_extended": (
        "Kho {store}: gia hạn khóa của {objects} hồ sơ vĩnh viễn → {until}",
        "Store {store}: lock of {objects} permanent dossier(s) extended → {until}",
    ),
}
"""Key → (Vietnamese, English)."""
