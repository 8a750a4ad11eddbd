"""The help of the commands that change or read the archive's own records: the sealed audit
log, OCR renditions, metadata corrections, requests to use a record and copies, and the
backups' options. Kept apart from
help.py and options.py (which merge these entries in) so that neither outgrows its module;
keys as there: ``HELP`` by command path, ``OPTIONS`` by ``<command path>:<parameter>``."""

from __future__ import annotations

from typing import Final

__all__ = ["HELP", "OPTIONS"]

HELP: Final[dict[str, tuple[str, str]]] = {
    "due": (
        "Mọi việc đến hạn, một danh sách: gói chờ thẩm tra, hồ sơ hết hạn bảo quản, đăng ký nộp "
        "lưu, quyết định hủy chờ thi hành, yêu cầu sử dụng, việc OCR lỗi, bản lưu hỏng, chữ ký và "
        "chứng cứ cần gia hạn, kiểm tra toàn vẹn và kiểm tra định kỳ trong 3 năm, lỗi kiểm tra "
        "chưa khắc phục, phương tiện lưu trữ cần chuyển đổi, sao lưu bị lỡ, văn bản đã lưu bị "
        "thu hồi. Đỏ: quá hạn hoặc lỗi (mã thoát 1); vàng: sắp đến hạn.",
        "Everything due, in one list: packages awaiting review, dossiers past their retention, "
        "transfer registrations, destruction decisions awaiting execution, use requests, failed "
        "OCR jobs, damaged copies, signatures and evidence records to renew, fixity and "
        "inspection within 3 years, open inspection failures, storage media to migrate, backups "
        "missed, recalls of filed documents. Red: overdue or failing (exit code 1); amber: "
        "coming due.",
    ),
    "inspection": (
        "Kiểm tra định kỳ (TT 05/2025 Ch. V): kế hoạch năm phủ toàn bộ kho trong 3 năm, kiểm "
        "tra, lỗi và khắc phục.",
        "Periodic inspection (TT 05/2025 Ch. V): a yearly plan that covers the holding within 3 "
        "years, its run, the failures and their remedies.",
    ),
    "inspection.plan": (
        "Lập kế hoạch kiểm tra năm: mỗi phông một phần ba số hồ sơ, hồ sơ chưa kiểm tra hoặc "
        "kiểm tra lâu nhất trước, cộng mọi hồ sơ sẽ quá 3 năm trong năm đó.",
        "Make the year's inspection plan: a third of each fonds, the never or longest ago "
        "inspected first, plus every dossier whose 3 years run out that year.",
    ),
    "inspection.show": (
        "Kế hoạch kiểm tra (năm, hoặc kế hoạch mới nhất) và tiến độ",
        "An inspection plan (a year, or the latest) and its progress.",
    ),
    "inspection.run": (
        "Kiểm tra các hồ sơ của kế hoạch chưa kiểm tra: toàn vẹn mọi bản lưu, và đặc tả trong "
        "danh mục so với tệp lưu (số lượng, dung lượng, giá trị băm, mã); mã thoát 1 khi có lỗi.",
        "Inspect the plan's dossiers not yet inspected: fixity of every copy, and the catalog "
        "against the stored files (counts, sizes, checksums, codes); exit 1 on any failure.",
    ),
    "inspection.failures": (
        "Các lỗi phát hiện khi kiểm tra, với địa chỉ lưu (kho, đối tượng, phiên bản, đường dẫn)",
        "The failures found, with their storage address (store, object, version, path).",
    ),
    "inspection.remedy": (
        "Khắc phục một lỗi: khôi phục từ bản lưu ở kho kia hoặc sửa đặc tả theo bản lưu "
        "(`--by copy|metadata`); bộ sao lưu không giữ nội dung tệp (`--by backup` bị từ chối); "
        "mỗi bước ghi nhật ký.",
        "Remedy a failure: restore from the other store's copy (copy), or correct the metadata "
        "to what storage holds (metadata); a backup set holds no file's bytes (backup: "
        "refused); each step logged.",
    ),
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
    "copy.certify": (
        "Cấp bản sao có xác thực dạng DIP (Thông tư 05/2025 Điều 41–42): một tệp zip gồm bản "
        "gốc nguyên từng bit và trang xác thực PDF/A do lưu trữ ký số (archive_signing_key), "
        "kèm METS và PREMIS; ghi sự kiện cấp bản sao vào nhật ký.",
        "Issue a certified copy as a DIP (TT 05/2025 Art. 41–42): a zip with the original bit "
        "for bit and a PDF/A authentication page signed with the archive's key "
        "(archive_signing_key), with METS and PREMIS; logs a 'certified copy issued' event.",
    ),
    "access.request": (
        "Yêu cầu sử dụng một tài liệu có điều kiện, nêu mục đích",
        "Ask to use one conditional document, with a purpose.",
    ),
    "access.approve": (
        "Duyệt yêu cầu trong một thời hạn",
        "Approve a request for a period.",
    ),
    "copy": (
        "Bản đọc, bản sao không xác thực, bản sao có xác thực",
        "Reading copies, plain copies and certified copies (docs/use.md).",
    ),
    "copy.plain": (
        "Tạo bản sao không xác thực (Điều 40 Thông tư 05/2025/TT-BNV) của một tài liệu cho một "
        "người được mở tài liệu đó và ghi ra tệp: chữ «BẢN SAO» ở góc trên bên phải trang đầu; "
        "bản gốc không đổi. Bản đọc chỉ xem trên trang web, không có lệnh xuất.",
        "Make a plain copy (TT 05/2025 art. 40) of a document for a person who may open it, "
        "and write it to a file: marked as a copy top-right of the first page; the original "
        "is unchanged. Reading copies are read on the web page only: no command exports one.",
    ),
    "copy.ls": (
        "Bản đọc và bản sao đã cấp, với hạn dùng",
        "Reading and plain copies issued, with their end.",
    ),
    "copy.purge": (
        "Xóa tệp của bản đọc, bản sao đã hết hạn quá copy_purge_after_days ngày (cũng chạy "
        "trong 'archive preserve run')",
        "Delete the files of copies ended more than copy_purge_after_days days ago (also run "
        "by 'archive preserve run').",
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
    "backup.run:full": ("Bộ toàn bộ", "A full set."),
    "backup.run:incremental": (
        "Bộ gia tăng (toàn bộ nếu chưa có bộ toàn bộ)",
        "An incremental set (full when there is no full set).",
    ),
    "backup.run:agent": ("Người sao lưu", "Acting person."),
    "backup.verify:set_name": ("Tên bộ sao lưu; không nêu: mọi bộ", "Set name; none: every set."),
    "backup.restore-drill:set_name": (
        "Tên bộ sao lưu; không nêu: bộ mới nhất",
        "Set name; none: the latest.",
    ),
    "backup.restore-drill:into": (
        "Giữ thư mục lưu trữ đã khôi phục ở đây (thư mục mới)",
        "Keep the restored home here (a new folder).",
    ),
    "backup.restore-drill:agent": ("Người thực hiện", "Acting person."),
    "backup.check:agent": ("Người kiểm tra", "Acting person."),
    "inspection.plan:year": (
        "Năm của kế hoạch (mặc định năm nay)",
        "The plan's year (default this year).",
    ),
    "inspection.plan:agent": ("Người thực hiện", "Acting person."),
    "inspection.show:year": (
        "Năm của kế hoạch (mặc định kế hoạch mới nhất)",
        "The plan's year (default the latest).",
    ),
    "inspection.run:year": (
        "Năm của kế hoạch (mặc định kế hoạch mới nhất)",
        "The plan's year (default the latest).",
    ),
    "inspection.run:limit": ("Kiểm tra nhiều nhất N hồ sơ", "Inspect at most N dossiers."),
    "inspection.run:agent": ("Người thực hiện", "Acting person."),
    "inspection.failures:everything": ("Cả lỗi đã khắc phục", "Remedied failures too."),
    "inspection.remedy:failure": (
        "Số của lỗi ('archive inspection failures')",
        "The failure's number ('archive inspection failures').",
    ),
    "inspection.remedy:by": (
        "Cách khắc phục: `copy` | `backup` | `metadata` (mặc định theo loại lỗi)",
        "How: copy | backup | metadata (default by the failure's kind).",
    ),
    "inspection.remedy:source": (
        "Kho lấy bản tốt (khi `--by copy`)",
        "The store holding the good copy (with copy).",
    ),
    "inspection.remedy:agent": ("Người thực hiện", "Acting person."),
    "due:on": (
        "Ngày xem DD/MM/YYYY (mặc định hôm nay)",
        "The day to report on, DD/MM/YYYY (default today).",
    ),
    "search.query:xlsx": (
        "Ghi mọi kết quả (không chỉ một trang) ra tệp XLSX; ghi vào nhật ký.",
        "Write every result (not one page) to an XLSX file; logged.",
    ),
    "search.query:pdf": (
        "Ghi mọi kết quả (không chỉ một trang) ra tệp PDF; ghi vào nhật ký.",
        "Write every result (not one page) to a PDF file; logged.",
    ),
    "stats:by": (
        "Nhóm theo: `year` | `organ` | `type` | `mode` | `format` | `retention`.",
        "Group by: `year` | `organ` | `type` | `mode` | `format` | `retention`.",
    ),
    "stats:start": (
        "Từ ngày (dd/mm/yyyy; mặc định: 12 tháng gần nhất).",
        "From this day (dd/mm/yyyy; default: the last 12 months).",
    ),
    "stats:end": (
        "Đến ngày (dd/mm/yyyy; mặc định: hôm nay).",
        "Up to this day (dd/mm/yyyy; default: today).",
    ),
    "stats:xlsx": (
        "Ghi báo cáo ra tệp XLSX.",
        "Write the report to an XLSX file.",
    ),
    "edxml.import:watch": (
        "Theo dõi thư mục nhận: nhận mọi tệp .xml mới, chuyển tệp đã xử lý vào processed/",
        "Watch the drop folder: import every new .xml file, move handled ones into processed/.",
    ),
    "edxml.import:interval": (
        "Số giây giữa hai lần xem thư mục (--watch)",
        "Seconds between two looks at the folder (--watch).",
    ),
    "minutes.ls:procedure": (
        "Thủ tục LOẠI:MÃ (disposal:HUY-2026-01, transfer:…)",
        "Procedure KIND:CODE (disposal:HUY-2026-01, transfer:…).",
    ),
    "minutes.ls:form": (
        "Mẫu: destruction-m21, handover, backup-log-m18, backup-m19, inspection-m17, "
        "incident-m20 (đủ ở docs/minutes.md)",
        "Form: council, destruction-m21, handover, backup-log-m18, backup-m19, inspection-m17, "
        "incident-m20.",
    ),
    "minutes.show:ident": (
        "Số biên bản trong danh mục hoặc mã đối tượng",
        "The minutes' catalog number or object id.",
    ),
    "minutes.get:ident": (
        "Số biên bản trong danh mục hoặc mã đối tượng",
        "The minutes' catalog number or object id.",
    ),
    "minutes.get:output": ("Tệp ghi ra", "File to write."),
    "minutes.get:as_json": ("Ghi JSON thay cho PDF", "Write the JSON instead of the PDF."),
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
    "tray.assemble:codes": (
        "Mã các văn bản trong khay (VBD-…), theo thứ tự trong hồ sơ",
        "Tray codes (VBD-…) of the documents, in their order in the dossier.",
    ),
    "tray.assemble:dossier_sheet": (
        "Bảng kê hồ sơ (CSV hoặc XLSX): một dòng tiêu đề là tên trường TT 05 (mã hồ sơ, tiêu đề, "
        "thời hạn, chế độ sử dụng, …), một dòng giá trị",
        "Dossier sheet (CSV or XLSX): a header row of TT 05 field names (fileCode, title, "
        "maintenance, mode, …), one row of values.",
    ),
    "tray.recall-decide:code": (
        "Mã văn bản trong khay (VBD-…) bị yêu cầu thu hồi",
        "Tray code (VBD-…) of the recalled document.",
    ),
    "tray.recall-decide:accept": (
        "Đồng ý thu hồi: văn bản được đánh dấu đã thu hồi, hồ sơ vẫn bị phong tỏa (trạng thái 15)",
        "Accept the recall: the document is marked withdrawn, the dossier stays held (15).",
    ),
    "tray.recall-decide:refuse": (
        "Từ chối thu hồi: gỡ phong tỏa (trạng thái 16)",
        "Refuse the recall: the hold is released (16).",
    ),
    "tray.recall-decide:reason": (
        "Lý do, gửi trong trạng thái trả lời và ghi vào nhật ký",
        "Reason, sent in the reply and recorded in the audit log.",
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
    "copy.certify:code": (
        "docCode của tài liệu",
        "The document's docCode.",
    ),
    "copy.certify:purpose": (
        "Mục đích sử dụng bản sao (in trên trang xác thực)",
        "Purpose of the copy (printed on the authentication page).",
    ),
    "copy.certify:out": (
        "Thư mục (có sẵn) nhận tệp zip",
        "Existing folder that receives the zip.",
    ),
    "copy.certify:user": (
        "Người cấp (tên đăng nhập; vai trò phải thuộc certify_roles)",
        "The issuing user (a role of certify_roles).",
    ),
    "copy.certify:recipient": (
        "Người được cấp bản sao (mặc định: người cấp); tài liệu 02 cần yêu cầu sử dụng còn hạn "
        "của người này",
        "Who the copy is for (default: the issuer); a mode 02 document needs their live grant.",
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
    "copy.plain:code": (
        "docCode của tài liệu",
        "The document's docCode.",
    ),
    "copy.plain:user": (
        "Người nhận bản sao (tên đăng nhập)",
        "The user name of the person the copy is for.",
    ),
    "copy.plain:out": (
        "Tệp PDF ghi bản sao ra",
        "The PDF file to write the copy to.",
    ),
    "copy.ls:user": (
        "Chỉ bản sao của người dùng này",
        "This user's copies only.",
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
