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
    # Why an evidence record is not valid (archive.evidence.ers.ErsReport.said).
    "ers_broken": ("không toàn vẹn", "integrity broken"),
    "ers_untrusted": ("dấu thời gian không được tin cậy", "timestamps not trusted"),
    "ers_no_data": (
        "không có dữ liệu đi kèm: không kiểm tra được dữ liệu có được bao phủ",
        "no data object supplied: coverage of the data cannot be checked",
    ),
    "ers_data_not_covered": (
        "chuỗi {chain}, dấu thời gian lưu trữ {index} ({kind}, {day}): "
        "cây băm không bao phủ dữ liệu {names}",
        "chain {chain}, archive timestamp {index} ({kind}, {day}): "
        "data object(s) {names} not covered by its hash tree",
    ),
    "ers_renewal_not_covered": (
        "chuỗi {chain}, dấu thời gian lưu trữ {index} ({kind}, {day}): "
        "cây băm không bao phủ dấu thời gian được gia hạn",
        "chain {chain}, archive timestamp {index} ({kind}, {day}): "
        "renewed timestamp not covered by its hash tree",
    ),
    "ers_imprint": (
        "chuỗi {chain}, dấu thời gian lưu trữ {index} ({kind}, {day}): "
        "cây băm không khớp giá trị băm trong dấu thời gian",
        "chain {chain}, archive timestamp {index} ({kind}, {day}): "
        "hash tree does not reduce to the message imprint",
    ),
    "ers_token": (
        "chuỗi {chain}, dấu thời gian lưu trữ {index} ({kind}, {day}): "
        "chữ ký của dấu thời gian không nguyên vẹn hoặc không hợp lệ ({problem})",
        "chain {chain}, archive timestamp {index} ({kind}, {day}): "
        "time-stamp token signature not intact/valid ({problem})",
    ),
    "ers_order": (
        "chuỗi {chain}, dấu thời gian lưu trữ {index} ({kind}, {day}): "
        "được tạo trước dấu thời gian lưu trữ liền trước",
        "chain {chain}, archive timestamp {index} ({kind}, {day}): "
        "generated before the previous archive timestamp",
    ),
    "ers_not_trusted": (
        "chuỗi {chain}, dấu thời gian lưu trữ {index}: TSA {tsa} không được tin cậy lúc "
        "{at} ({problem})",
        "chain {chain}, archive timestamp {index}: TSA {tsa} not trusted at {at} ({problem})",
    ),
    # Why an evidence batch is due for renewal (archive.evidence.service.plan_renewals).
    "renew_hash": (
        "thuật toán băm {algorithm} hết hạn dùng ngày {sunset}",
        "{algorithm} sunset {sunset}",
    ),
    "renew_timestamp": (
        "chứng thư TSA có hiệu lực đến {until}, thuật toán ký {algorithm} hết hạn dùng ngày "
        "{sunset}",
        "TSA certificate until {until}, {algorithm} sunset {sunset}",
    ),
    "renew_other": ("đến hạn gia hạn", "due for renewal"),
    "bundle_written": ("Đã ghi {out} ({files} tệp)", "Wrote {out} ({files} files)"),
}
"""Key → (Vietnamese, English)."""
