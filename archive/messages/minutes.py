"""``archive minutes`` and the minutes the procedures write (docs/minutes.md)."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "missing": ("Biên bản thiếu {what}", "The minutes lack {what}"),
    "too_long": (
        "Giá trị {what} của biên bản dài quá {limit} ký tự",
        "The minutes' {what} is longer than {limit} characters",
    ),
    "control_character": (
        "Giá trị {what} của biên bản chứa ký tự điều khiển",
        "The minutes' {what} holds a control character",
    ),
    "too_many": (
        "Biên bản có quá {limit} {what}",
        "The minutes have more than {limit} {what}",
    ),
    "row_width": (
        "Dòng {row} có {got} ô, mẫu {form} cần {want} ô (sau cột STT)",
        "Row {row} has {got} cells, form {form} needs {want} (after the No. column)",
    ),
    "exists": (
        "Đã có biên bản {form} số {number} của {procedure}",
        "Minutes {form} no. {number} of {procedure} are already written",
    ),
    "stored_differs": (
        "Kho đã giữ {object_id} với nội dung khác; không ghi đè",
        "The store already holds {object_id} with other content; nothing overwritten",
    ),
    "no_signing_key": (
        "Chưa đặt khóa ký số của lưu trữ (archive_signing_key): không lập được biên bản, không "
        "thực hiện gì",
        "The archive's signing key (archive_signing_key) is not set: no minutes can be signed, "
        "nothing was done",
    ),
    "not_found": ("Không có biên bản {ident}", "No minutes {ident}"),
    "damaged": (
        "Tệp {name} của {object_id} không khớp mã băm trong danh mục; chạy 'archive repair "
        "{object_id}'",
        "{name} of {object_id} does not match the catalog's digest; run 'archive repair "
        "{object_id}'",
    ),
    "unknown_form": (
        "Không có mẫu biên bản {form} (có: {known})",
        "No form of minutes {form} (known: {known})",
    ),
    "bad_procedure": (
        "Thủ tục phải có dạng LOẠI:MÃ (ví dụ disposal:HUY-2026-01), không phải {value}",
        "A procedure is KIND:CODE (e.g. disposal:HUY-2026-01), not {value}",
    ),
    "none": ("Chưa có biên bản nào.", "No minutes yet."),
    "count": ("{count} biên bản.", "{count} minutes."),
    "saved": ("Đã lưu {path} ({size} byte).", "Saved {path} ({size} bytes)."),
    "col_id": ("Số", "No."),
    "col_form": ("Mẫu", "Form"),
    "col_procedure": ("Thủ tục", "Procedure"),
    "col_number": ("Số biên bản", "Number"),
    "col_date": ("Ngày", "Date"),
    "col_title": ("Tên biên bản", "Title"),
    "heading": ("Biên bản", "Minutes"),
}
