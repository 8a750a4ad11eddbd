"""``archive evidence``: RFC 4998 evidence records."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "nothing_new": ("Không có tệp mới cần cấp.", "Nothing new to cover."),
    "adopted": (" (tiếp nhận lô bị gián đoạn)", " (interrupted batch adopted)"),
    "built": (
        "Lô {batch}: {files} tệp, dấu thời gian {at}",
        "Batch {batch}: {files} files, timestamp {at}",
    ),
    "batch": ("Lô", "Batch"),
    "verification": ("Kiểm tra hồ sơ bằng chứng", "Evidence record verification"),
    "record": ("Hồ sơ bằng chứng", "Record"),
    "chain": ("Chuỗi", "Chain"),
    "algorithm": ("Thuật toán", "Algorithm"),
    "time": ("Thời điểm", "Time"),
    "integrity": ("Toàn vẹn", "Integrity"),
    "trusted": ("Tin cậy", "Trusted"),
    "good": ("đạt", "ok"),
    "bad": ("KHÔNG ĐẠT", "FAILED"),
    "valid": (
        "hợp lệ: {timestamps} dấu thời gian lưu trữ, dữ liệu đã tồn tại từ {at}",
        "valid: {timestamps} archive timestamp(s), data existed at {at}",
    ),
    "bundle_written": ("Đã ghi {out} ({files} tệp)", "Wrote {out} ({files} files)"),
}
"""Key → (Vietnamese, English)."""
