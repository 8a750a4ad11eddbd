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
    # Certified copies (archive copy certify; docs/use.md, ADR 0017).
    "certify_title": ("Trang xác thực bản sao", "Authentication page of a certified copy"),
    "certify_action": ("Cấp bản sao có xác thực", "Issue a certified copy"),
    "certify_reason": ("Cấp bản sao có xác thực", "Certified copy issued"),
    "certified": (
        "Đã cấp bản sao có xác thực {code}: {path} (SHA-256 {digest})",
        "Certified copy of {code} issued: {path} (SHA-256 {digest})",
    ),
    "page_auth_code": ("Mã xác thực lưu trữ", "Archive authentication code"),
    "page_archive": ("Tên lưu trữ", "Archive"),
    "page_recipient": ("Người được cấp bản sao", "Issued to"),
    "page_doc_code": ("Mã lưu trữ của tài liệu gốc", "docCode of the original"),
    "page_number": ("Số và ký hiệu", "Number and notation"),
    "page_type": ("Tên loại", "Document type"),
    "page_subject": ("Trích yếu nội dung", "Subject"),
    "page_file": ("Tệp bản gốc", "Original file"),
    "page_sha256": ("Mã băm SHA-256 của bản gốc", "SHA-256 of the original"),
    "page_verdict": (
        "Kết quả kiểm tra chữ ký số của bản gốc",
        "Signature verdict of the original",
    ),
    "page_purpose": ("Mục đích sử dụng", "Purpose of use"),
    "page_issued": ("Ngày cấp", "Date of issue"),
    "page_copies": ("Số lượng bản", "Number of copies"),
    "page_signed_by": (
        "Lưu trữ ký số trang này ({signer}); chữ ký số được thể hiện bằng chữ “BẢN SAO” "
        "(Thông tư 05/2025 Điều 41). Bản gốc trong gói giữ nguyên từng bit, cùng chữ ký của nó.",
        "The archive signs this page ({signer}); the signature is rendered as the copy mark "
        "at the top of the page (TT 05/2025 Art. 41). The original in the package is kept bit "
        "for bit, with its own signatures.",
    ),
    "no_signing_key": (
        "chưa cấu hình khóa ký số của lưu trữ (archive_signing_key, "
        "ARCHIVE_ARCHIVE_SIGNING_KEY): không cấp được bản sao có xác thực, không ký được biên bản",
        "the archive's signing key is not configured (archive_signing_key, "
        "ARCHIVE_ARCHIVE_SIGNING_KEY): no certified copy can be issued, no minutes signed",
    ),
    "no_signing_cert": (
        "khóa archive_signing_key không phải PKCS#12 nên cần chứng thư số archive_signing_cert",
        "archive_signing_key is not PKCS#12, so archive_signing_cert (its certificate) is needed",
    ),
    "signing_key_unreadable": (
        "không đọc được khóa ký số của lưu trữ {path} (archive_signing_key; sai mật khẩu hay "
        "sai định dạng?)",
        "cannot read the archive's signing key {path} (archive_signing_key; wrong passphrase "
        "or format?)",
    ),
    "passphrase_missing": (
        "biến môi trường {name} (archive_signing_passphrase_env) chưa được đặt",
        "the environment variable {name} (archive_signing_passphrase_env) is not set",
    ),
    "passphrase_unreadable": (
        "không đọc được tệp mật khẩu {path} (archive_signing_passphrase_file)",
        "cannot read the passphrase file {path} (archive_signing_passphrase_file)",
    ),
    "crl_unreadable": (
        "không đọc được danh sách thu hồi {path} (archive_signing_crls)",
        "cannot read the revocation list {path} (archive_signing_crls)",
    ),
    "tsa_unavailable": (
        "không lấy được dấu thời gian (tsa_url): {reason}",
        "no timestamp could be had (tsa_url): {reason}",
    ),
    "signing_failed": (
        "không ký số được tài liệu của lưu trữ (trang xác thực, biên bản): {reason}",
        "the archive's document (authentication page, minutes) could not be signed: {reason}",
    ),
    "no_user": ("không có người dùng {user}", "no user {user}"),
    "certify_role": (
        "{user} ({role}) không có quyền cấp bản sao có xác thực (certify_roles: {roles})",
        "{user} ({role}) may not issue certified copies (certify_roles: {roles})",
    ),
    "certify_not_found": (
        "không có tài liệu mã {code} để cấp bản sao",
        "no document with docCode {code} to copy",
    ),
    "certify_needs_grant": (
        "{code} là tài liệu sử dụng có điều kiện (02): {recipient} cần một yêu cầu sử dụng đã "
        "được duyệt và còn hạn (archive access request)",
        "{code} is a conditional-use document (02): {recipient} needs an approved use request "
        "that has not ended (archive access request)",
    ),
    "certify_no_purpose": (
        "cần nêu mục đích sử dụng bản sao (--purpose)",
        "give the purpose of the copy (--purpose)",
    ),
    "certify_purpose_long": (
        "mục đích sử dụng dài quá {most} ký tự",
        "the purpose is longer than {most} characters",
    ),
    "certify_recipient": (
        "tên người được cấp bản sao phải có 1–{most} ký tự",
        "the name of whom the copy is for must have 1–{most} characters",
    ),
    "certify_no_folder": (
        "{path} không phải thư mục có sẵn",
        "{path} is not an existing folder",
    ),
}
