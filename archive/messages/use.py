"""``archive access`` and ``archive copy``, the request page and the copies page: requests to use
conditional records, reading copies and plain copies (docs/use.md)."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "title": ("Yêu cầu sử dụng tài liệu có điều kiện", "Requests to use conditional records"),
    "id": ("Số", "No."),
    "record": ("Tài liệu", "Document"),
    "requester": ("Người yêu cầu", "Requester"),
    "purpose": ("Mục đích", "Purpose"),
    "until": ("Được dùng đến", "Open until"),
    "saved": ("Yêu cầu số {id} ({record}): {state}", "Request {id} ({record}): {state}"),
    "copies_title": ("Bản đọc và bản sao", "Reading and plain copies"),
    "my_copies": ("Bản sao của tôi", "My copies"),
    "copies_intro": (
        "Bản đọc (Điều 37 Thông tư 05/2025/TT-BNV) chỉ xem trong trình duyệt, không tải về, "
        "đọc được {reading} ngày; bản sao không xác thực (Điều 40) tải về được trong {plain} "
        "ngày. Hết hạn thì không mở được nữa; tệp bị xóa {purge} ngày sau đó. Trình duyệt "
        "nào cũng có thể lưu lại những gì nó hiển thị: bản đọc mang tên cơ quan, tên người "
        "đọc và ngày cấp trên mọi trang.",
        "A reading copy (TT 05/2025 art. 37) is shown in the browser only, never downloaded, "
        "for {reading} days; a plain copy (art. 40) may be downloaded for {plain} days. After "
        "that it opens nothing, and its file is deleted {purge} days later. Any browser can "
        "save what it shows: a reading copy carries the agency's name, the reader's name and "
        "the date on every page.",
    ),
    "copies_none": ("Chưa có bản đọc, bản sao nào.", "No reading or plain copies yet."),
    "copy_id": ("Số", "No."),
    "copy_kind": ("Loại", "Kind"),
    "copy_holder": ("Cấp cho", "Issued to"),
    "copy_issued": ("Ngày cấp", "Issued"),
    "copy_until": ("Hạn dùng", "Open until"),
    "copy_read": ("Xem bản đọc", "View the reading copy"),
    "copy_make": ("Tạo bản sao", "Make a plain copy"),
    "copy_open": ("Đọc", "Read"),
    "copy_download": ("Tải về", "Download"),
    "copies_heading": ("Bản đọc, bản sao", "Reading and plain copies"),
    "copies_note": (
        "Bản đọc: xem trong trình duyệt, không tải về, có tên cơ quan ở lề dưới mỗi trang. "
        "Bản sao không xác thực: tải về được, có chữ «BẢN SAO» ở góc trên bên phải trang đầu.",
        "Reading copy: shown in the browser, never downloaded, with the agency's name in the "
        "bottom margin of each page. Plain copy: downloadable, marked as a copy top-right of "
        "the first page.",
    ),
    "copy_written": (
        "Bản sao số {id} của {record} đã ghi ra {out}; hạn đến {until}",
        "Plain copy {id} of {record} written to {out}; open until {until}",
    ),
    "copies_purged": (
        "Đã xóa tệp của {count} bản đọc, bản sao hết hạn",
        "Deleted the files of {count} ended copies",
    ),
    "out_folder": (
        "Không có thư mục {folder} để ghi bản sao",
        "No folder {folder} to write the copy into",
    ),
}
