"""The help of the commands that change or read the archive's own records: the sealed audit
log, OCR renditions, metadata corrections and requests to use a record. Kept apart from
help.py and options.py (which merge these entries in) so that neither outgrows its module;
keys as there: ``HELP`` by command path, ``OPTIONS`` by ``<command path>:<parameter>``."""

from __future__ import annotations

from typing import Final

__all__ = ["HELP", "OPTIONS"]

HELP: Final[dict[str, tuple[str, str]]] = {
    "audit.seal": (
        "Niêm phong nhật ký vào kho: ghi các sự kiện chưa niêm phong thành một đoạn mới của đối "
        "tượng urn:archive:audit:log, rồi ghi sự kiện niêm phong. Tự chạy khi kết thúc mỗi công "
        "việc và trong lúc 'archive serve' chạy.",
        "Seal the audit log into storage: the events not yet sealed become one new segment of "
        "the object urn:archive:audit:log, then an 'audit seal' event. Runs by itself at the end "
        "of jobs and while 'archive serve' runs.",
    ),
    "ocr": (
        "Nhận dạng chữ văn bản quét",
        "OCR renditions of scanned documents.",
    ),
    "ocr.run": (
        "Tạo bản OCR PDF/A-2b hai lớp cho mọi văn bản có bản gốc không có lớp chữ, thành phiên "
        "bản mới bên cạnh bản gốc không đổi; chữ của bản OCR vào chỉ mục tìm kiếm.",
        "Make a PDF/A-2b two-layer OCR rendition of every document whose original has no text "
        "layer, as a new version beside the untouched original; its text feeds the index.",
    ),
    "metadata": (
        "Sửa đặc tả, giải mật",
        "Correct metadata, declassify (docs/secrets.md).",
    ),
    "metadata.set": (
        "Sửa đặc tả hồ sơ, tài liệu, kể cả chế độ sử dụng (giải mật 03→02→01): một phiên bản "
        "mới của đặc tả (giữ giá trị cũ), một sự kiện PREMIS, danh mục và chỉ mục cập nhật "
        "cùng lúc. Mã và giá trị băm không sửa được; đổi chế độ sử dụng cần số và ngày quyết "
        "định.",
        "Change the metadata of a dossier or document, the access mode included (declassify "
        "03→02→01): a new version of the descriptive metadata (the old values kept), a PREMIS "
        "event, the catalog and the index updated at once. Codes and checksums cannot change; "
        "a change of access mode needs the decision's number and date.",
    ),
    "access": (
        "Yêu cầu sử dụng tài liệu có điều kiện",
        "Requests to use conditional records (mode 02).",
    ),
    "access.request": (
        "Yêu cầu sử dụng một tài liệu có điều kiện, nêu mục đích",
        "Ask to use one conditional document, with a purpose.",
    ),
    "access.approve": (
        "Duyệt yêu cầu trong một thời hạn",
        "Approve a request for a period.",
    ),
    "access.refuse": (
        "Từ chối yêu cầu, nêu lý do",
        "Refuse a request, with its reason.",
    ),
    "access.ls": (
        "Các yêu cầu sử dụng (quyền đã hết hạn được đóng trước)",
        "Use requests (grants past their end are closed first).",
    ),
}
"""Command path → (Vietnamese, English)."""

OPTIONS: Final[dict[str, tuple[str, str]]] = {
    "edxml.import:watch": (
        "Theo dõi thư mục nhận: nhận mọi tệp .xml mới, chuyển tệp đã xử lý vào processed/",
        "Watch the drop folder: import every new .xml file, move handled ones into processed/.",
    ),
    "edxml.import:interval": (
        "Số giây giữa hai lần xem thư mục (--watch)",
        "Seconds between two looks at the folder (--watch).",
    ),
    "tray.ls:sender": (
        "Cơ quan gửi: mã định danh hoặc một phần tên",
        "Sender: organ identifier or part of its name.",
    ),
    "tray.ls:since": ("Văn bản từ ngày (dd/mm/yyyy)", "Documents dated from (dd/mm/yyyy)."),
    "tray.ls:until": ("Văn bản đến ngày (dd/mm/yyyy)", "Documents dated until (dd/mm/yyyy)."),
    "tray.ls:type_name": (
        "Tên loại văn bản như gói edXML ghi, ví dụ Công văn",
        "Document type name as the envelope writes it (TypeName).",
    ),
    "tray.ls:state": (
        "Trạng thái: received (chờ lập hồ sơ, mặc định), filed (đã lập hồ sơ), withdrawn (đã "
        "thu hồi)",
        "State: received (waiting, default), filed, withdrawn.",
    ),
    "tray.ls:everything": (
        "Mọi văn bản, đã lập hồ sơ và đã thu hồi cũng hiện",
        "Every document, filed and withdrawn ones too.",
    ),
    "edxml.import:envelopes": (
        "Tệp gói edXML hoặc thư mục chứa các tệp .xml",
        "edXML envelope files, or folders of .xml files.",
    ),
    "tray.show:code": (
        "Mã văn bản trong khay (VBD-…)",
        "The document's tray code (VBD-…).",
    ),
    "*:agent": (
        "Người thực hiện, ghi vào nhật ký",
        "Acting person, recorded in the audit log.",
    ),
    "ingest:jobs": (
        "Số tiến trình xác thực chữ ký (mặc định: ingest_workers, 0 = mỗi lõi một tiến trình; "
        "1 = không dùng nhóm tiến trình)",
        "Signature validation processes (default: ingest_workers, 0 = one per core; 1 = no pool).",
    ),
    "audit.verify:from_storage": (
        "Kiểm tra nhật ký đã niêm phong trong từng kho, không cần danh mục",
        "Verify the sealed log in each store, without the catalog.",
    ),
    "get:rendition": (
        "'ocr': bản OCR (không phải bản gốc)",
        "'ocr': the OCR rendition, not the original.",
    ),
    "ocr.run:dry_run": (
        "Chỉ liệt kê việc cần làm",
        "Only list the work.",
    ),
    "ocr.run:limit": (
        "Tối đa N văn bản",
        "At most N documents.",
    ),
    "metadata.set:code": (
        "arcFileCode, fileCode hoặc docCode",
        "arcFileCode, fileCode or docCode.",
    ),
    "metadata.set:assignments": (
        "TRƯỜNG=GIÁ_TRỊ, ví dụ mode=01 (lặp lại được)",
        "FIELD=VALUE, e.g. mode=01 (repeatable).",
    ),
    "metadata.set:reason": (
        "Lý do sửa",
        "Why the metadata changes.",
    ),
    "metadata.set:decision": (
        "Số quyết định (bắt buộc khi đổi chế độ sử dụng)",
        "Number of the decision (required to change the access mode).",
    ),
    "metadata.set:decision_date": (
        "Ngày quyết định DD/MM/YYYY",
        "Date of the decision, DD/MM/YYYY.",
    ),
    "access.request:code": (
        "docCode của tài liệu",
        "The document's docCode.",
    ),
    "access.request:purpose": (
        "Mục đích sử dụng",
        "Purpose of the use.",
    ),
    "access.request:user": (
        "Người yêu cầu (tên đăng nhập)",
        "The requester's user name.",
    ),
    "access.approve:request_id": (
        "Số yêu cầu",
        "Request number.",
    ),
    "access.approve:by": (
        "Người duyệt (tên đăng nhập)",
        "The deciding user's name.",
    ),
    "access.approve:days": (
        "Số ngày được sử dụng",
        "Days the grant lasts.",
    ),
    "access.refuse:request_id": (
        "Số yêu cầu",
        "Request number.",
    ),
    "access.refuse:by": (
        "Người từ chối (tên đăng nhập)",
        "The deciding user's name.",
    ),
    "access.refuse:reason": (
        "Lý do từ chối",
        "Reason of the refusal.",
    ),
    "access.ls:user": (
        "Như người dùng này thấy",
        "As this user sees them.",
    ),
    "access.ls:everything": (
        "Cả yêu cầu đã đóng",
        "Closed ones too.",
    ),
}
"""``<command path>:<parameter>`` → (Vietnamese, English)."""
