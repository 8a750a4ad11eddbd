"""The help of every ``archive`` command (``--help``, docs/cli.md), by the command's path:
``help.archive`` the root, ``help.ls``, ``help.retention.schedule.seed``; the help of options
and arguments is in ``options`` (cli/helptext.py puts them on the commands)."""

from __future__ import annotations

from typing import Final

from archive.messages.helprecords import HELP

__all__ = ["MESSAGES"]

_OWN: Final[dict[str, tuple[str, str]]] = {
    "archive": (
        "Kho lưu trữ điện tử (TT 05/2025/TT-BNV) cho các cơ quan nhà nước Việt Nam.",
        "Electronic archive (TT 05/2025/TT-BNV) for Vietnamese state agencies.",
    ),
    "serve": (
        "Chạy trang web và API",
        "Serve the web page and the JSON API.",
    ),
    "ingest": (
        "Nộp lưu gói SIP_hoso",
        "Ingest TT05 SIP_hoso packages (folders or .zip).",
    ),
    "ls": (
        "Danh sách hồ sơ",
        "List dossiers.",
    ),
    "show": (
        "Xem hồ sơ hoặc tài liệu",
        "Show a dossier (by code) or a document (by docCode).",
    ),
    "get": (
        (
            "Lấy bản gốc (đúng từng byte); có ghi nhật ký.\n\n`-o -` ghi ra đầu ra chuẩn (`archive "
            "get CODE -o - | sha256sum`); thiết bị hoặc ống như /dev/null được ghi tại chỗ; tệp đã "
            "có chỉ bị thay khi có --force."
        ),
        (
            "Write the original bytes of a document; logged.\n\n`-o -` writes to standard output "
            "(`archive get CODE -o - | sha256sum`); a device or pipe such as /dev/null is written "
            "in place; an existing file is replaced only with --force."
        ),
    ),
    "duplicates": (
        "Bản gốc trùng nhau",
        "Originals held more than once (same SHA-256).",
    ),
    "formats": (
        "Kho theo định dạng",
        "The holding by format: files, size, risk (PRONOM).",
    ),
    "stats": (
        (
            "Thống kê tài liệu lưu trữ và khai thác: hồ sơ, văn bản, tệp, dung lượng theo "
            "nhóm; thu nộp, lượt xem, tải, đọc, yêu cầu sử dụng, bản sao đã cấp theo tháng "
            "(giờ Việt Nam); các tài liệu được khai thác nhiều nhất."
        ),
        (
            "Statistics of holdings and use: dossiers, documents, files and size per group; "
            "ingests, views, downloads, readings, use requests and copies issued per month "
            "(Vietnam's time); the most used records."
        ),
    ),
    "demo": (
        (
            "Tạo kho mẫu: hồ sơ có PDF ký số, bản sao, TSA, tài khoản.\n\nGói mẫu tạo một lần rồi "
            'dùng lại: chạy lại sẽ báo "đã có".\n\nChưa có archive.toml thì ghi một tệp: tin cậy '
            "gốc demo, TSA demo, kho bản sao <thư mục kho>/replica. Tài khoản mẫu: "
            "<thư mục kho>/demo-accounts.txt."
        ),
        (
            "A complete sample archive: dossiers with signed PDFs, a replica, a TSA, accounts.\n\n"
            "Packages are made once and reused: a rerun reports them as held already.\n\nIf there "
            "is no archive.toml, writes one: the demo root trusted, the demo TSA, a replica store "
            "in <home>/replica. Demo accounts: <home>/demo-accounts.txt."
        ),
    ),
    "verify": (
        "Xác thực chữ ký số",
        "Verify signatures; exit 0 only when every one is TOTAL_PASSED.",
    ),
    "replicate": (
        (
            "Sao chép sang kho thứ hai (kho bản sao).\n\nMã thoát 1 khi có đối tượng không sao "
            "chép được."
        ),
        (
            "Bring the replica up to the primary store.\n\nExit 1 when an object could not be "
            "copied."
        ),
    ),
    "repair": (
        "Khôi phục bản hỏng từ bản tốt",
        "Restore a damaged copy from a good one.",
    ),
    "rebuild": (
        (
            "Dựng lại danh mục (rồi chỉ mục tìm kiếm) từ kho.\n\nChỉ vào cơ sở dữ liệu trống: trỏ "
            "ARCHIVE_DATABASE_URL tới một cơ sở dữ liệu mới và chạy 'archive db upgrade' trước. "
            "Với --check: dựng lại vào danh mục tạm và so với danh mục đang dùng."
        ),
        (
            "Rebuild the catalog (then the search index) from storage.\n\nInto an empty database "
            "only: point ARCHIVE_DATABASE_URL at a new one and run 'archive db upgrade' first. "
            "With --check: rebuild into a scratch catalog and compare it with the live one."
        ),
    ),
    "init": (
        "Tạo kho lưu trữ (danh mục + kho OCFL)",
        "Create the archive home.",
    ),
    "info": (
        "Thông tin kho: nơi lưu, kiểu lưu trữ, số lượng",
        "Where things are and how much is stored.",
    ),
    "db": (
        "Cơ sở dữ liệu danh mục",
        "Catalog database.",
    ),
    "db.upgrade": (
        "Áp dụng các migration Alembic",
        "Apply the catalog migrations.",
    ),
    "db.check": (
        "Kiểm tra lược đồ khớp với mô hình",
        "Check that the schema matches the models.",
    ),
    "audit": (
        "Nhật ký kiểm toán",
        "Audit log.",
    ),
    "audit.verify": (
        "Kiểm tra toàn bộ chuỗi băm",
        "Verify the whole hash chain; names the first broken link.",
    ),
    "sip": (
        "Gói tin SIP_hoso",
        "Submission packages.",
    ),
    "sip.build": (
        "Đóng gói SIP_hoso từ thư mục + bảng kê",
        "Build a SIP_hoso from a folder and a sheet.",
    ),
    "sip.template": (
        (
            "Bảng kê mẫu cho `sip build`\n\nTiêu đề cột: tên tiếng Việt (tên trường TT05); một "
            "dòng ví dụ; danh sách chọn cho các trường mã"
        ),
        (
            "The metadata sheet to fill for `archive sip build`.\n\nHeaders: Vietnamese label "
            "(TT05 element name); one example row; drop-down lists for the code fields. Columns: "
            "docs/sip-build.md."
        ),
    ),
    "preserve": (
        "Bảo quản chữ ký số dài hạn",
        "Long-term signature preservation.",
    ),
    "preserve.run": (
        (
            "Bổ sung LTA, gia hạn dấu thời gian, kiểm tra lại.\n\nĐồng thời gia hạn hồ sơ bằng "
            "chứng RFC 4998 sắp hết thời hạn bảo vệ (gia hạn dấu thời gian hoặc cây băm, mỗi lô "
            "một yêu cầu TSA), và gia hạn khóa lưu giữ của hồ sơ vĩnh viễn (như 'archive storage "
            "extend-locks'), và xóa tệp bản đọc, bản sao đã hết hạn (như 'archive copy purge')."
            "\n\nMã thoát 1 khi có kết luận thay đổi hoặc có mục thất bại, để cron "
            "cảnh báo."
        ),
        (
            "Augment, renew and revalidate.\n\nAlso renews RFC 4998 evidence records whose "
            "protection horizon is near (timestamp or hash-tree renewal, one TSA request per "
            "batch), and extends the Object Lock horizon of permanent records (as 'archive storage "
            "extend-locks'), and deletes the files of ended reading and plain copies (as 'archive "
            "copy purge').\n\nExit 1 when a verdict changed or an item failed, so cron can alert."
        ),
    ),
    "search": (
        "Tìm kiếm toàn văn",
        "Full-text search. `archive search QUERY` = `archive search query QUERY`.",
    ),
    "search.query": (
        "Tìm văn bản (có dấu hay không dấu)",
        "Find documents, with or without diacritics.",
    ),
    "search.reindex": (
        "Dựng lại chỉ mục từ danh mục và bản gốc",
        "Rebuild the index from catalog and storage.",
    ),
    "search.status": (
        "Chỉ mục ở đâu, bao nhiêu văn bản",
        "Where the index is and how many documents it holds.",
    ),
    "retention": (
        "Thời hạn lưu trữ: bảng thời hạn, hồ sơ đến hạn",
        "Retention schedule and due dates.",
    ),
    "retention.due": (
        "Hồ sơ hết thời hạn lưu trữ đến 31/12 của năm",
        "Dossiers whose retention ends by 31/12.",
    ),
    "retention.schedule": (
        "Bảng thời hạn lưu trữ (CSV)",
        "The retention schedule (CSV).",
    ),
    "retention.schedule.seed": (
        "Nạp bảng thời hạn mẫu (cần đối chiếu)",
        "Load the seed schedule (to be verified).",
    ),
    "retention.schedule.ls": (
        "Xem bảng thời hạn",
        "Show the schedule.",
    ),
    "retention.schedule.export": (
        "Xuất bảng thời hạn ra CSV",
        "Export the schedule as CSV.",
    ),
    "retention.schedule.import": (
        "Nhập bảng thời hạn từ CSV (tất cả hoặc không)",
        "Import a schedule CSV (all or nothing).",
    ),
    "hold": (
        "Phong tỏa hồ sơ (không hủy, không chuyển, không xóa)",
        "Holds (freeze).",
    ),
    "hold.place": (
        "Phong tỏa một hồ sơ",
        "Place a hold on a dossier (S3: legal hold).",
    ),
    "hold.release": (
        "Gỡ phong tỏa",
        "Release a hold.",
    ),
    "hold.ls": (
        "Danh sách phong tỏa",
        "List holds.",
    ),
    "disposal": (
        "Hủy tài liệu hết giá trị: xét hủy, hội đồng, quyết định, thực hiện",
        "Destruction of expired and duplicate records.",
    ),
    "disposal.review": (
        "Lập danh mục hồ sơ hết hạn và trùng, trạng thái 'Xem xét hủy'",
        "List expired and duplicate dossiers for review.",
    ),
    "disposal.ls": (
        "Xem danh mục hủy",
        "Show disposal lists.",
    ),
    "disposal.export": (
        "Xuất danh mục (CSV, XLSX, PDF) với các cột theo quy định",
        "Export the list.",
    ),
    "disposal.opinion": (
        "Thành viên hội đồng cho ý kiến",
        "A council member records an opinion.",
    ),
    "disposal.attach": (
        "Đính kèm văn bản thẩm định",
        "Attach an external appraisal document.",
    ),
    "disposal.decide": (
        "Thủ trưởng ra quyết định hủy",
        "The head records the decision.",
    ),
    "disposal.execute": (
        "Thực hiện hủy theo quyết định",
        "Destroy the dossiers of an approved list.",
    ),
    "disposal.council": (
        "Hội đồng xét hủy và thủ trưởng",
        "The council and the head.",
    ),
    "disposal.council.add": (
        "Thêm thành viên hội đồng hoặc thủ trưởng",
        "Add a council member or the head.",
    ),
    "disposal.council.ls": (
        "Danh sách hội đồng",
        "List council members.",
    ),
    "transfer": (
        "Nộp lưu hồ sơ vĩnh viễn vào Lưu trữ lịch sử",
        "Transfer to the historical archive.",
    ),
    "transfer.due": (
        "Hạn đăng ký (trước 12 tháng) và hạn nộp lưu (5 năm sau năm vào lưu trữ)",
        "Registration and transfer deadlines of permanent, non-secret dossiers.",
    ),
    "transfer.register": (
        "Đăng ký nộp lưu: dữ liệu đăng ký + Mục lục (CSV, XLSX, PDF)",
        "Register dossiers.",
    ),
    "transfer.export": (
        "Xuất gói SIP_hoso (zip) và Mục lục hồ sơ nộp lưu",
        "Write SIP_hoso zips and the list.",
    ),
    "transfer.receipt": (
        "Ghi nhận kết quả của Lưu trữ lịch sử (đồng ý hoặc trả lại).",
        "Record the answer of the historical archive (accepted or returned).",
    ),
    "transfer.ls": (
        "Trạng thái nộp lưu",
        "Transfer states.",
    ),
    "transfer.delete": (
        "Xóa bản tại chỗ sau khi được tiếp nhận (giữ biên bản)",
        "Delete the accepted local copy.",
    ),
    "evidence": (
        "Hồ sơ bằng chứng RFC 4998",
        "RFC 4998 evidence records.",
    ),
    "evidence.build": (
        (
            "Cấp hồ sơ bằng chứng cho mọi tệp chưa có.\n\nMỗi lô một cây Merkle và một yêu cầu TSA "
            "(evidence_batch_size tệp); nhật ký kiểm toán kể từ lô trước cũng được bao phủ."
        ),
        (
            "Cover every file not yet covered.\n\nOne Merkle tree and one TSA request per batch "
            "(evidence_batch_size files); the audit log since the last batch is covered too."
        ),
    ),
    "evidence.verify": (
        (
            "Kiểm tra ngoại tuyến: cây băm, dấu thời gian, chuỗi gia hạn.\n\nMã thoát 0 chỉ khi "
            "mọi hồ sơ bằng chứng còn nguyên vẹn và mọi dấu thời gian được tin cậy."
        ),
        (
            "Verify offline: hash trees, timestamps, renewal chain.\n\nExit 0 only when every "
            "record is intact and every timestamp trusted."
        ),
    ),
    "evidence.export": (
        "Xuất hồ sơ bằng chứng (DER, RFC 4998)",
        "Export evidence records as DER.",
    ),
    "evidence.bundle": (
        (
            "Gói bằng chứng cho bên thứ ba (zip + README).\n\nBản gốc, hồ sơ bằng chứng và thẻ dấu "
            "thời gian, dữ liệu xác thực, các báo cáo và sự kiện PREMIS, kiểm tra được bằng công "
            "cụ thông dụng."
        ),
        (
            "Evidence bundle for a third party (zip + README).\n\nThe original, its evidence "
            "records and timestamp tokens, the validation data, the reports and the PREMIS events, "
            "checkable with standard tools."
        ),
    ),
    "users": (
        "Người dùng trang web và API",
        "Users of the web page and the JSON API.",
    ),
    "users.add": (
        "Tạo người dùng (mật khẩu băm argon2)",
        "Create a user (argon2-hashed password).",
    ),
    "users.token": (
        "Cấp mã truy cập API (hiện một lần)",
        "Issue an API bearer token (shown once).",
    ),
    "users.tokens": (
        "Danh sách mã truy cập API của người dùng (không hiện mã)",
        "List a user's API tokens (never the secret).",
    ),
    "users.revoke": (
        "Thu hồi một mã truy cập API",
        "Revoke an API token (refused at once).",
    ),
    "users.disable": (
        "Khóa người dùng: kết thúc mọi phiên, từ chối mã API",
        (
            "Disable a user: ends every web session at once, their tokens are refused while "
            "disabled."
        ),
    ),
    "users.enable": (
        "Mở khóa người dùng",
        "Enable a disabled user again.",
    ),
    "users.list": (
        "Danh sách người dùng",
        "List the users.",
    ),
    "edxml": (
        "Văn bản điện tử từ Trục liên thông (edXML, QCVN 102:2016)",
        "Documents from the national exchange axis (edXML, QCVN 102:2016).",
    ),
    "edxml.import": (
        "Nhận gói edXML vào khay chờ lập hồ sơ; gói lỗi vào khu cách ly",
        "Take edXML envelopes into the filing tray; refused ones go to the quarantine.",
    ),
    "tray": (
        "Khay văn bản chờ lập hồ sơ",
        "The filing tray: received documents waiting to be filed.",
    ),
    "tray.ls": (
        "Danh sách văn bản trong khay, lọc theo cơ quan gửi, ngày, tên loại",
        "List the tray, filtered by sender, date and type.",
    ),
    "tray.show": (
        "Một văn bản trong khay: đặc tả, tệp đính kèm, chữ ký, quá trình xử lý",
        "One tray document: metadata, attachments, signatures, processing history.",
    ),
    "minutes": (
        "Biên bản do lưu trữ lập và ký số (Mẫu 17–21, hội đồng, giao nhận)",
        "Minutes the archive wrote and signed (forms 17–21, council, hand-over).",
    ),
    "minutes.ls": (
        "Danh sách biên bản, lọc theo thủ tục hoặc mẫu",
        "List the minutes, by procedure or form.",
    ),
    "minutes.show": (
        "Một biên bản: danh mục, các thông tin và bảng",
        "One minutes: catalog entry, facts and table.",
    ),
    "minutes.get": (
        "Ghi tệp PDF/A đã ký (hoặc JSON) của biên bản ra tệp",
        "Write the minutes' signed PDF/A (or its JSON) to a file.",
    ),
    "review": (
        "Xem xét trước khi tiếp nhận",
        "Review packages before they are accepted.",
    ),
    "review.ls": (
        "Gói chờ tiếp nhận",
        "Packages awaiting review (oldest first).",
    ),
    "review.show": (
        "Xem một gói",
        "One package under review, with its checks (and receipt).",
    ),
    "review.accept": (
        "Đồng ý tiếp nhận",
        "Accept: build and store the AIP, catalogue the dossier.",
    ),
    "review.return": (
        "Trả lại kèm lý do",
        "Return the package with reasons: nothing is stored.",
    ),
    "storage": (
        "Kho lưu trữ",
        "Storage.",
    ),
    "storage.verify": (
        (
            "Đối chiếu kho với danh mục: đối tượng thừa, thiếu, còn sót và sai lệch.\n\nMã thoát 1 "
            "khi có chỗ không khớp."
        ),
        "Orphans, missing objects, leftovers and drift.\n\nExit 1 when anything disagrees.",
    ),
    "storage.extend-locks": (
        (
            "Gia hạn khóa lưu giữ của hồ sơ vĩnh viễn.\n\nKhóa còn dưới một nửa "
            "s3_permanent_horizon_years được gia hạn đến hôm nay + thời hạn đó; kho không có khóa "
            "được bỏ qua. 'archive preserve run' cũng làm việc này."
        ),
        (
            "Extend the Object Lock horizon of permanent records.\n\nKeys with less than half of "
            "s3_permanent_horizon_years left are locked to today + the horizon; stores without "
            "locks are skipped. 'archive preserve run' does it too."
        ),
    ),
    "fixity": (
        "Kiểm tra toàn vẹn định kỳ",
        "Periodic fixity audits.",
    ),
    "fixity.run": (
        (
            "Đọc lại và so khớp mã băm.\n\nĐối tượng đến hạn theo chu kỳ của kho, lâu chưa kiểm "
            "tra nhất trước; chạy tiếp được. Mã thoát 1 khi có sai lệch (cũng in ra stderr)."
        ),
        (
            "Read objects back and compare their digests.\n\nObjects due by the store's cadence, "
            "least recently checked first; resumable. Exit 1 on any mismatch (also printed on "
            "stderr)."
        ),
    ),
    "fixity.report": (
        (
            "Độ phủ kiểm tra toàn vẹn theo kho.\n\nMã thoát 1 khi một kho không kịp phủ toàn bộ "
            "trong 3 năm hoặc có đối tượng hỏng."
        ),
        (
            "Fixity coverage per store.\n\nExit 1 when a store is not on track to cover the whole "
            "holding within 3 years or has failing objects."
        ),
    ),
}

MESSAGES: Final[dict[str, tuple[str, str]]] = {**_OWN, **HELP}
"""Key → (Vietnamese, English)."""
