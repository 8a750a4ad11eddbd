"""The help of every option and argument of the ``archive`` commands (``--help``,
docs/cli.md): ``options.<command path>:<parameter>`` (``options.retention.due:year``), or
``options.*:<parameter>`` for a parameter of that name in every command that has none of its
own (``options.*:as_json``). Parameters are named as in the code (cli/helptext.py)."""

from __future__ import annotations

from typing import Final

from archive.messages.helprecords import OPTIONS

__all__ = ["MESSAGES"]

_OWN: Final[dict[str, tuple[str, str]]] = {
    "archive:home": (
        "Thư mục dữ liệu",
        "Data directory.",
    ),
    "archive:lang": (
        "Ngôn ngữ: vi (mặc định) | en.",
        "Language: vi (default) | en.",
    ),
    "archive:version": (
        "In phiên bản rồi thoát.",
        "Show the version and exit.",
    ),
    "archive:install_completion": (
        "Cài gợi ý lệnh cho shell đang dùng.",
        "Install completion for the current shell.",
    ),
    "archive:show_completion": (
        "In mã gợi ý lệnh cho shell đang dùng, để chép hoặc tự cài.",
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
    "serve:host": (
        "Địa chỉ lắng nghe",
        "Listen address.",
    ),
    "serve:port": (
        "Cổng",
        "Port.",
    ),
    "serve:workers": (
        "Số tiến trình",
        "Worker processes (≈ CPU cores).",
    ),
    "ingest:paths": (
        "Gói SIP_hoso (.zip hoặc thư mục).",
        "SIP_hoso packages (.zip or folders).",
    ),
    "*:as_json": (
        "In kết quả dạng JSON.",
        "JSON output.",
    ),
    "ingest:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "get:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "verify:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "replicate:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "repair:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "rebuild:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "rebuild:check": (
        "Dựng lại vào một danh mục tạm rồi so từng dòng với danh mục đang dùng (không thay đổi "
        "gì); mã thoát 1 khi có chỗ khác",
        "Rebuild into a scratch catalog and compare it row for row with the live one (changes "
        "nothing); exit 1 on any difference.",
    ),
    "preserve.run:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "retention.schedule.seed:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "retention.schedule.import:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "hold.place:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "hold.release:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "disposal.review:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "disposal.export:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "disposal.opinion:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "disposal.conclude:agent": ("Người thực hiện", "Acting person."),
    "disposal.attach:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "disposal.decide:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "disposal.execute:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "disposal.council.add:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "transfer.register:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "transfer.export:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "transfer.receipt:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "transfer.delete:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "evidence.build:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "evidence.verify:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "evidence.bundle:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "review.accept:agent": (
        "Người quyết định",
        "Deciding person.",
    ),
    "review.return:agent": (
        "Người quyết định",
        "Deciding person.",
    ),
    "storage.extend-locks:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "fixity.run:agent": (
        "Người thực hiện",
        "Acting person.",
    ),
    "show:code": (
        "arcFileCode, fileCode hoặc docCode.",
        "arcFileCode, fileCode or docCode.",
    ),
    "hold.place:code": (
        "arcFileCode hoặc fileCode.",
        "arcFileCode or fileCode.",
    ),
    "disposal.ls:code": (
        "Mã danh mục",
        "List code (HUY-YYYY-NN).",
    ),
    "disposal.export:code": (
        "Mã danh mục",
        "List code.",
    ),
    "disposal.conclude:code": ("Mã danh mục", "List code."),
    "disposal.opinion:code": (
        "Mã danh mục",
        "List code.",
    ),
    "disposal.attach:code": (
        "Mã danh mục",
        "List code.",
    ),
    "disposal.decide:code": (
        "Mã danh mục",
        "List code.",
    ),
    "disposal.execute:code": (
        "Mã danh mục",
        "List code.",
    ),
    "transfer.delete:code": (
        "Mã hồ sơ đã được tiếp nhận",
        "Accepted dossier.",
    ),
    "review.show:code": (
        "Mã gói",
        "Package code (CTN-…).",
    ),
    "review.accept:code": (
        "Mã gói",
        "Package code (CTN-…).",
    ),
    "review.return:code": (
        "Mã gói",
        "Package code (CTN-…).",
    ),
    "get:doc_code": (
        "docCode của tài liệu",
        "Document code.",
    ),
    "evidence.bundle:doc_code": (
        "docCode của tài liệu",
        "The document's docCode.",
    ),
    "get:output": (
        "Tệp ghi ra; '-' là đầu ra chuẩn",
        "Output file; '-' for standard output.",
    ),
    "get:force": (
        "Ghi đè tệp đã có",
        "Replace an existing file.",
    ),
    "sip.template:force": (
        "Ghi đè tệp đã có",
        "Replace a file.",
    ),
    "demo:sips_only": (
        (
            "Chỉ chép các gói SIP mẫu (tạo một lần trong <thư mục kho>/demo-pki/sips) và "
            "chứng thư gốc demo đã ký chúng (demo-root.cert.pem) vào thư mục này, không nộp lưu"
        ),
        (
            "Only copy the sample SIPs (made once in <home>/demo-pki/sips) and the demo root "
            "certificate they are signed under (demo-root.cert.pem) into this directory, without "
            "ingesting."
        ),
    ),
    "verify:target": (
        "docCode, mã hồ sơ, hoặc đường dẫn tệp PDF.",
        "docCode, dossier code, or the path of a PDF file.",
    ),
    "repair:target": (
        "arcFileCode, fileCode hoặc mã đối tượng.",
        "arcFileCode, fileCode or object id.",
    ),
    "evidence.verify:target": (
        "docCode, tệp lưu trong kho, hoặc tệp .ers",
        "docCode, a stored file, or .ers.",
    ),
    "evidence.export:target": (
        "docCode hoặc tệp lưu trong kho",
        "docCode or file.",
    ),
    "verify:at": (
        "Xác thực tại thời điểm (ISO 8601).",
        "Verify as at this time (ISO 8601).",
    ),
    "evidence.verify:at": (
        "Kiểm tra tại thời điểm (ISO 8601).",
        "Verify as at this time (ISO 8601).",
    ),
    "verify:html": (
        "Ghi báo cáo HTML",
        "Write an HTML report.",
    ),
    "replicate:limit": (
        "Tối đa N hồ sơ",
        "At most N.",
    ),
    "preserve.run:limit": (
        "Tối đa N tệp",
        "At most N files.",
    ),
    "evidence.build:limit": (
        "Một lô tối đa N tệp",
        "One batch of at most N files.",
    ),
    "fixity.run:limit": (
        "Tối đa N đối tượng",
        "At most N.",
    ),
    "replicate:everything": (
        "Kiểm tra mọi hồ sơ",
        "Check every dossier, not only those behind.",
    ),
    "review.ls:everything": (
        "Cả gói đã quyết định",
        "Decided packages too.",
    ),
    "fixity.run:everything": (
        "Mọi đối tượng, không chỉ đến hạn",
        "All objects, not only due ones.",
    ),
    "repair:source": (
        "Kho nguồn",
        "Source store.",
    ),
    "init:trust_demo_root": (
        (
            "Cho kho mới tin cậy chứng thư gốc demo (demo-root.cert.pem của `archive demo "
            "--sips-only`) để nộp lưu các gói mẫu; ghi archive.toml, bị từ chối trong production"
        ),
        (
            "Make this home trust a demo root (the demo-root.cert.pem of `archive demo "
            "--sips-only`) to ingest the sample packages; writes archive.toml, refused in "
            "production."
        ),
    ),
    "sip.build:folder": (
        "Thư mục tài liệu.",
        "Folder of the documents.",
    ),
    "sip.build:metadata": (
        "Bảng kê CSV/XLSX, tiêu đề cột = tên trường TT05.",
        "CSV/XLSX sheet, column headers = TT05 field names.",
    ),
    "sip.build:out": (
        "Tệp .zip ghi ra (mặc định <tên thư mục>.zip)",
        "Output zip (default <folder name>.zip).",
    ),
    "sip.template:out": (
        "Tệp ghi ra, .xlsx hoặc .csv",
        "File to write, .xlsx or .csv.",
    ),
    "retention.schedule.export:out": (
        "Tệp CSV ghi ra",
        "CSV file to write.",
    ),
    "disposal.export:out": (
        "Tệp ghi ra",
        "Output file.",
    ),
    "transfer.register:out": (
        "Thư mục ghi dữ liệu đăng ký (tạo nếu chưa có)",
        "Output folder (created if missing).",
    ),
    "transfer.export:out": (
        "Thư mục ghi gói (tạo nếu chưa có)",
        "Output folder (created if missing).",
    ),
    "evidence.export:out": (
        "Tệp .ers ghi ra (DER).",
        "The .ers file to write (DER).",
    ),
    "evidence.bundle:out": (
        "Tệp .zip ghi ra",
        "The .zip to write.",
    ),
    "sip.build:creator": (
        "Cơ quan lập hồ sơ",
        "Creating agency.",
    ),
    "sip.build:fonds": (
        "Mã phông",
        "Fonds code.",
    ),
    "search.query:fonds": (
        "Mã phông",
        "Fonds code (repeatable).",
    ),
    "preserve.run:dry_run": (
        "Chỉ liệt kê",
        "Only list the work.",
    ),
    "search.query:text": (
        'Từ khóa; "cụm từ"; tiền tố*',
        'Words; "phrase"; prefix*.',
    ),
    "search.query:organ": (
        "Cơ quan ban hành (lặp lại được)",
        "Issuing agency (repeatable).",
    ),
    "search.query:type_": (
        "Mã loại văn bản, vd 02 Quyết định",
        "typeName code (repeatable).",
    ),
    "search.query:year": (
        "Năm ban hành",
        "Year of issue.",
    ),
    "retention.due:year": (
        "Đến hết năm",
        "Up to the end of this year (default: this year).",
    ),
    "disposal.review:year": (
        "Hết hạn đến 31/12 của năm",
        "Expired by 31/12 of this year (default: before today).",
    ),
    "transfer.due:year": (
        "Đến hết năm",
        "Up to the end of this year (default: this year).",
    ),
    "search.query:year_from": (
        "Từ năm",
        "From year.",
    ),
    "search.query:year_to": (
        "Đến năm",
        "To year.",
    ),
    "search.query:maintenance": (
        "Mã thời hạn bảo quản 01–07",
        "Retention code (repeatable).",
    ),
    "search.query:mode": (
        "Chế độ sử dụng 01–03",
        "Access mode (repeatable).",
    ),
    "search.query:sort": (
        "Thứ tự",
        "Order.",
    ),
    "search.query:page": (
        "Trang",
        "Page number (from 1).",
    ),
    "search.query:per_page": (
        "Kết quả mỗi trang",
        "Results per page (at most search_max_page_size, 100).",
    ),
    "search.query:role": (
        "Tìm với quyền của vai trò này",
        "Search with this role's access rights.",
    ),
    "disposal.council.add:role": (
        "`chair` (chủ tịch) | `secretary` (thư ký) | `council` (thành viên hội đồng) | `head` "
        "(thủ trưởng).",
        "`chair` | `secretary` | `council` (a member of the council) | `head` (the head of the "
        "agency).",
    ),
    "users.add:role": (
        "Vai trò",
        "Role.",
    ),
    "retention.schedule.import:csv_file": (
        "Tệp CSV (UTF-8)",
        "CSV file (UTF-8).",
    ),
    "hold.place:reason": (
        "Lý do",
        "Reason.",
    ),
    "hold.release:reason": (
        "Lý do",
        "Reason.",
    ),
    "review.return:reason": (
        "Lý do trả lại",
        "Reasons for the return.",
    ),
    "hold.release:hold_id": (
        "Số phong tỏa",
        "Hold number ('archive hold ls').",
    ),
    "hold.ls:all_": (
        "Cả phong tỏa đã gỡ",
        "Include released.",
    ),
    "disposal.export:fmt": (
        "Định dạng: csv | xlsx | pdf.",
        "Format: csv | xlsx | pdf.",
    ),
    "disposal.export:level": (
        "`dossiers` (hồ sơ) | `documents` (tài liệu).",
        "`dossiers` | `documents`.",
    ),
    "disposal.opinion:vote": (
        "agree (đồng ý) | disagree (không đồng ý).",
        "agree | disagree.",
    ),
    "disposal.opinion:comment": (
        "Ý kiến; bắt buộc nêu lý do khi không đồng ý",
        "Comment; the reason, required with disagree.",
    ),
    "disposal.attach:file": (
        "Văn bản thẩm định",
        "Appraisal document.",
    ),
    "disposal.decide:file": (
        "Tệp quyết định",
        "Decision file.",
    ),
    "transfer.receipt:file": (
        "Tệp CSV/JSON, các cột `arcFileCode`, `result`, `reason`.",
        "A CSV/JSON file, columns `arcFileCode`, `result`, `reason`.",
    ),
    "disposal.decide:number": (
        "Số quyết định",
        "Decision number.",
    ),
    "disposal.decide:date": (
        "Ngày quyết định DD/MM/YYYY.",
        "Date of the decision, DD/MM/YYYY.",
    ),
    "disposal.decide:reject": (
        "Không phê duyệt",
        "Reject.",
    ),
    "disposal.council.add:name": (
        "Tài khoản",
        "Account name (archive users add); the --agent of their acts.",
    ),
    "users.add:name": (
        "Tên đăng nhập",
        "User name (a-z, 0-9, . _ -).",
    ),
    "users.token:name": (
        "Tên đăng nhập",
        "User name.",
    ),
    "users.tokens:name": (
        "Tên đăng nhập",
        "User name.",
    ),
    "users.disable:name": (
        "Tên đăng nhập",
        "User name.",
    ),
    "users.enable:name": (
        "Tên đăng nhập",
        "User name.",
    ),
    "*:dossiers": (
        "Mã hồ sơ (lặp lại)",
        "Dossier code (repeat).",
    ),
    "transfer.register:contact": (
        "Người liên hệ",
        "Contact person.",
    ),
    "transfer.register:planned": (
        "Ngày dự kiến DD/MM/YYYY",
        "Planned date.",
    ),
    "transfer.register:offline": (
        "Nộp trực tiếp (không trực tuyến).",
        "Handed over in person (not online).",
    ),
    "evidence.verify:data": (
        "Tệp dữ liệu của .ers",
        "Data file(s) the .ers covers.",
    ),
    "evidence.bundle:allow_restricted": (
        "Cho phép tài liệu chế độ 02/03 (người nhận được phép)",
        "Allow access mode 02/03.",
    ),
    "users.add:password_stdin": (
        "Đọc mật khẩu từ stdin",
        "Read the password from stdin.",
    ),
    "users.token:expires": (
        "Hết hạn sau bao nhiêu ngày (mặc định web_token_days = 90)",
        "Days until the token expires (default: web_token_days, 90).",
    ),
    "users.revoke:token_id": (
        "Số của mã (archive users tokens)",
        "Token id.",
    ),
    "review.ls:overdue": (
        "Chỉ gói quá hạn 60 ngày",
        "Only packages past the deadline.",
    ),
    "*:store": (
        "Tên kho",
        "Store name (default all).",
    ),
    "fixity.run:rate": (
        "Giới hạn MB/s",
        "Read-rate limit in MB/s (0: none).",
    ),
    "fixity.report:days": (
        "Cửa sổ N ngày",
        "Window in days.",
    ),
}

MESSAGES: Final[dict[str, tuple[str, str]]] = {**_OWN, **OPTIONS}
"""Key → (Vietnamese, English)."""
