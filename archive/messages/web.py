"""The web page's own words (``archive serve``): navigation, forms, headings, the error pages.

Templates ask for them as ``t("key")`` (``archive.messages.catalogue.translator``); the
JSON API names its errors with the English of the same entries. Metadata labels come from
the field tables (``archive.catalog.fields``), code labels from the code lists
(``archive.catalog.codes``) and stored values from the terms (``archive.messages.terms``),
never from here.
"""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "serving": ("Trang web tại {url}", "Web page at {url}"),
    "use_requests": ("Yêu cầu sử dụng", "Use requests"),
    "statistics": ("Thống kê", "Statistics"),
    "export_xlsx": ("Xuất tất cả kết quả (XLSX)", "Export every result (XLSX)"),
    "export_pdf": ("Xuất tất cả kết quả (PDF)", "Export every result (PDF)"),
    "tray_since": ("Từ ngày (dd/mm/yyyy)", "From (dd/mm/yyyy)"),
    "tray_until": ("Đến ngày (dd/mm/yyyy)", "Until (dd/mm/yyyy)"),
    "tray_filter": ("Lọc", "Filter"),
    "tray_empty": ("Không có văn bản nào.", "No document."),
    "tray_bad_date": (
        "Ngày viết dd/mm/yyyy, ví dụ 05/12/2026.",
        "A date is written dd/mm/yyyy, e.g. 05/12/2026.",
    ),
    "tray_findings": ("Kết quả kiểm tra khi nhận", "Findings at intake"),
    "tray_select": ("Chọn", "Select"),
    "tray_assemble": ("Lập hồ sơ từ văn bản đã chọn", "File the selected documents"),
    "tray_assemble_help": (
        "Nhập các trường của hồ sơ, hoặc tải lên bảng kê hồ sơ (CSV, XLSX). Hồ sơ qua toàn bộ "
        "khâu kiểm tra khi nộp lưu; văn bản bị từ chối vẫn chờ lập hồ sơ.",
        "Type the dossier's fields, or upload a dossier sheet (CSV, XLSX). The dossier goes "
        "through the whole ingest gate; if it is refused, the documents still wait.",
    ),
    "tray_sheet_upload": ("Bảng kê hồ sơ (thay cho các trường trên)", "Dossier sheet (instead)"),
    "tray_assemble_button": ("Lập hồ sơ", "File into a dossier"),
    "tray_assemble_refused": (
        "Hồ sơ không qua được khâu kiểm tra; văn bản vẫn chờ lập hồ sơ:",
        "The dossier did not pass the ingest gate; the documents still wait:",
    ),
    "tray_filed_into": ("Đã lập hồ sơ", "Filed into"),
    "tray_recall": ("Yêu cầu thu hồi", "Recall"),
    "tray_related": ("Văn bản liên quan", "Related documents"),
    "tray_updates": ("cập nhật / thay thế văn bản", "updates / replaces"),
    "tray_updated_by": ("được cập nhật / thay thế bởi", "updated / replaced by"),
    "doc_recall_pending": (
        "Văn bản này bị cơ quan gửi yêu cầu thu hồi: hồ sơ bị phong tỏa, chờ người làm lưu "
        "trữ quyết định.",
        "This document is recalled by its sender: the dossier is held until the archivist decides.",
    ),
    "doc_recall_accepted": (
        "Văn bản này đã được đồng ý thu hồi theo yêu cầu của cơ quan gửi (hồ sơ vẫn bị phong tỏa).",
        "This document was withdrawn at its sender's request (the dossier stays held).",
    ),
    "doc_envelope": ("Nhận qua Trục liên thông", "Received over the exchange axis"),
    "use_requests_intro": (
        "Tài liệu sử dụng có điều kiện chỉ được xem khi yêu cầu được duyệt, trong thời hạn "
        "được duyệt.",
        "A conditional-use document opens only once a request is approved, for the period "
        "approved.",
    ),
    "use_request_new": ("Yêu cầu sử dụng một tài liệu", "Ask to use a document"),
    "use_code": ("Mã tài liệu (docCode)", "Document code (docCode)"),
    "use_purpose": ("Mục đích sử dụng", "Purpose of the use"),
    "use_send": ("Gửi yêu cầu", "Send the request"),
    "use_list": ("Các yêu cầu", "Requests"),
    "use_none": ("Chưa có yêu cầu nào.", "No request yet."),
    "use_number": ("Số", "No."),
    "use_requester": ("Người yêu cầu", "Requester"),
    "use_state": ("Trạng thái", "State"),
    "use_until": ("Được xem đến", "Open until"),
    "use_days": ("Số ngày", "Days"),
    "use_approve": ("Duyệt", "Approve"),
    "use_reason": ("Lý do", "Reason"),
    "use_refuse": ("Từ chối", "Refuse"),
    "isolated": (
        'Kho cô lập (secret_records = "isolated"): có thể giữ hồ sơ Mật, máy này không được '
        "nối mạng; trang web chỉ mở trên {host} (loopback), cho chính máy này",
        'Isolated archive (secret_records = "isolated"): it may hold secret records and this '
        "machine must stay off every network; the web page is served on {host} (loopback) "
        "only, to this machine",
    ),
    "app": ("Kho lưu trữ điện tử", "Electronic archive"),
    "search": ("Tìm kiếm", "Search"),
    "search_placeholder": ("vd: quyet dinh 123 dat dai", "e.g. quyet dinh 123 dat dai"),
    "search_button": ("Tìm", "Search"),
    "login": ("Đăng nhập", "Log in"),
    "logout": ("Đăng xuất", "Log out"),
    "user_name": ("Tên đăng nhập", "User name"),
    "password": ("Mật khẩu", "Password"),
    "login_failed": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."),
    "login_blocked": (
        "Đăng nhập sai quá nhiều lần. Hãy thử lại sau ít phút.",
        "Too many failed logins. Try again in a few minutes.",
    ),
    "csrf_failed": (
        "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại.",
        "The form has expired or is invalid. Reload the page and try again.",
    ),
    "results": ("kết quả", "results"),
    "no_results": ("Không tìm thấy văn bản nào.", "No documents found."),
    "filters": ("Lọc theo", "Filter by"),
    "clear_filters": ("Bỏ lọc", "Clear filters"),
    "sort": ("Sắp xếp", "Sort"),
    "sort_relevance": ("Phù hợp nhất", "Relevance"),
    "sort_newest": ("Mới nhất", "Newest"),
    "sort_oldest": ("Cũ nhất", "Oldest"),
    "previous": ("Trang trước", "Previous"),
    "next": ("Trang sau", "Next"),
    "page": ("Trang", "Page"),
    "needs_ocr": ("Không có lớp chữ: cần OCR", "No text layer: needs OCR"),
    "dossier": ("Hồ sơ", "Dossier"),
    "document": ("Văn bản", "Document"),
    "metadata": ("Thông tin hồ sơ (TT 05/2025)", "Dossier metadata (TT 05/2025)"),
    "doc_metadata": ("Thông tin văn bản (TT 05/2025)", "Document metadata (TT 05/2025)"),
    "doc_list": ("Mục lục văn bản", "List of documents"),
    "col_no": ("Số TT", "No."),
    "col_symbol": ("Số, ký hiệu", "Number, symbol"),
    "col_date": ("Ngày tháng", "Date"),
    "col_subject": ("Tên loại và trích yếu nội dung", "Type and subject"),
    "col_organ": ("Tác giả", "Author"),
    "col_pages": ("Số trang", "Pages"),
    "col_note": ("Ghi chú", "Note"),
    "hidden_docs": (
        "Danh sách và số lượng văn bản, số trang chỉ tính những văn bản vai trò của bạn được xem.",
        "The list and the document and page counts cover only the documents your role may see.",
    ),
    "original": ("Bản gốc", "Original"),
    "download": ("Tải bản gốc", "Download the original"),
    "ocr_rendition": ("Bản OCR (không phải bản gốc)", "OCR rendition (not the original)"),
    "ocr_rendition_note": (
        "Bản dẫn xuất PDF/A-2b hai lớp (ảnh và chữ nhận dạng) của bản quét, để đọc và tìm "
        "kiếm; không mang chữ ký số. Bản gốc là tệp ở trên, giữ nguyên từng byte.",
        "A PDF/A-2b two-layer derivative (image and recognised text) of the scan, for reading "
        "and search; it carries no digital signature. The original is the file above, kept "
        "byte for byte.",
    ),
    "download_ocr": ("Tải bản OCR", "Download the OCR rendition"),
    "signatures": ("Chữ ký số", "Digital signatures"),
    "no_signatures": ("Tệp không có chữ ký số.", "The file carries no signature."),
    "verification": ("Báo cáo xác thực chữ ký", "Signature verification report"),
    "audit": ("Nhật ký truy cập và xử lý", "Audit trail"),
    "poe": ("Chuỗi bằng chứng tồn tại (POE)", "Proof-of-existence chain (POE)"),
    "not_found": (
        "Không tìm thấy, hoặc bạn không có quyền xem.",
        "Not found, or you may not see it.",
    ),
    "forbidden": ("Vai trò của bạn không được xem trang này.", "Your role may not see this page."),
    "bad_request": ("Yêu cầu không hợp lệ", "Invalid request"),
    "conflict": (
        "Yêu cầu xung đột với dữ liệu đã lưu trong kho.",
        "The request conflicts with what the archive holds.",
    ),
    "search_limit": ("Câu tìm kiếm vượt quá giới hạn", "The search goes beyond a limit"),
    "search_limit_hint": (
        "Giới hạn giúp máy chủ trả lời nhanh cho mọi người. Hãy sửa câu tìm kiếm theo hướng dẫn "
        "trên, hoặc dùng bộ lọc (năm, cơ quan, tên loại) để thu hẹp kết quả.",
        "The limits keep the server quick for everyone. Change the search as the message says, "
        "or use the filters (year, organ, type) to narrow the results.",
    ),
    "not_supported": (
        "Hệ thống lưu trữ này chưa có chức năng được yêu cầu, hoặc chưa được cấu hình cho nó.",
        "This archive does not provide what was asked, or is not configured for it.",
    ),
    "error": ("Lỗi", "Error"),
    "signed_in_as": ("Đăng nhập với", "Signed in as"),
    "validated_at": ("Xác thực lúc", "Validated at"),
    "bottom_line": ("Kết luận", "Verdict"),
    "kind_personal": ("Chữ ký cá nhân", "Personal signature"),
    "kind_organisation": ("Chữ ký cơ quan, tổ chức", "Agency signature"),
    "kind_timestamp": ("Dấu thời gian", "Timestamp"),
    "kind_unknown": ("Không xác định", "Unknown"),
    "signer": ("Người ký", "Signer"),
    "issuer": ("Cấp bởi", "Issuer"),
    "signing_time": ("Thời điểm ký", "Signing time"),
    "timestamp": ("Dấu thời gian", "Timestamp"),
    "revocation": ("Thu hồi", "Revocation"),
    "trusted": ("Được tin cậy", "Trusted"),
    "explanation": ("Giải thích", "Explanation"),
    "event_time": ("Thời điểm", "Time"),
    "event_type": ("Sự kiện", "Event"),
    "event_detail": ("Nội dung", "Detail"),
    "event_agents": ("Chủ thể", "Agents"),
    "event_outcome": ("Kết quả", "Outcome"),
    "chain_note": (
        "Nhật ký được nối chuỗi băm: mỗi dòng chứa băm của dòng trước; sửa hay xóa một dòng "
        "làm đứt chuỗi (kiểm tra bằng 'archive audit verify').",
        "The trail is hash-chained: each entry holds the hash of the previous one; editing or "
        "deleting an entry breaks the chain (check with 'archive audit verify').",
    ),
    "poe_note": (
        "Các mốc chứng minh văn bản đã tồn tại và không đổi từ thời điểm đó: dấu thời gian của "
        "chữ ký, dấu thời gian tài liệu (kể cả các bản gia hạn PAdES-LTA) và sự kiện tiếp nhận "
        "trong nhật ký chuỗi băm của kho.",
        "What proves the document existed unchanged since when: signature timestamps, document "
        "timestamps (including PAdES-LTA renewals) and the ingest event in the archive's "
        "hash-chained log.",
    ),
    "poe_signature_timestamp": ("Dấu thời gian chữ ký", "Signature timestamp"),
    "poe_doc_timestamp": ("Dấu thời gian tài liệu", "Document timestamp"),
    "poe_archive_event": ("Tiếp nhận vào kho", "Ingest (audit log)"),
    "audit_entry": ("Nhật ký, sự kiện", "Audit log, event"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "size": ("Dung lượng", "Size"),
    "format": ("Định dạng", "Format"),
    "dossier_of": ("Thuộc hồ sơ", "In dossier"),
    "method_not_allowed": (
        "Địa chỉ này không nhận loại yêu cầu này.",
        "This address does not take this kind of request.",
    ),
    "too_large": ("Yêu cầu quá lớn.", "The request is too large."),
    "length_required": (
        "Yêu cầu gửi tệp phải nêu độ dài.",
        "An upload must state its length (Content-Length).",
    ),
    "too_many_requests": (
        "Quá nhiều yêu cầu. Hãy thử lại sau ít phút.",
        "Too many requests. Try again in a few minutes.",
    ),
    "not_readable": (
        "Bản gốc này không phải tệp PDF nên không đọc được trong trình duyệt; hãy tải về.",
        "This original is not a PDF, so it cannot be read in the browser; download it.",
    ),
    "error_status": ("Mã lỗi HTTP", "HTTP status"),
    "back_to_search": ("Về trang tìm kiếm", "Back to the search"),
    "read": ("Đọc", "Read"),
    "read_hint": (
        "Mở bản gốc PDF ngay trong trình duyệt",
        "Open the original PDF in the browser",
    ),
    "file_name": ("Tên tệp", "File name"),
    "file_code": ("Mã hồ sơ", "Dossier code"),
    "arc_file_code": ("Mã hồ sơ lưu trữ", "Archival dossier code"),
    "doc_code": ("Mã lưu trữ của tài liệu", "Document code"),
    "trust_roots": ("Chứng thư gốc được tin cậy", "Trusted roots"),
    "serial": ("Số hiệu chứng thư", "Certificate serial"),
    "skip_to_content": ("Bỏ qua, đến nội dung chính", "Skip to the main content"),
    "skip_to_filters": ("Đến bộ lọc", "Go to the filters"),
    "results_heading": ("Kết quả tìm kiếm", "Search results"),
    "main_nav": ("Điều hướng chính", "Main navigation"),
    "breadcrumbs": ("Vị trí trang", "Breadcrumbs"),
    "pages_nav": ("Chuyển trang kết quả", "Result pages"),
    "language": ("Ngôn ngữ", "Language"),
    "times_note": ("Thời gian theo giờ Việt Nam (UTC+7)", "Times in Vietnam time (UTC+7)"),
    "certify_heading": ("Bản sao có xác thực", "Certified copy"),
    "certify_hint": (
        "Gói DIP (zip): bản gốc nguyên từng bit và trang xác thực PDF/A do lưu trữ ký số "
        "(Thông tư 05/2025 Điều 41–42).",
        "A DIP (zip): the original bit for bit and a PDF/A authentication page signed by the "
        "archive (TT 05/2025 Art. 41–42).",
    ),
    "certify_purpose": ("Mục đích sử dụng", "Purpose of use"),
    "certify_recipient": (
        "Cấp cho (tên đăng nhập; để trống: chính mình)",
        "Issued to (user name; empty: yourself)",
    ),
    "certify_action": ("Cấp bản sao có xác thực", "Issue a certified copy"),
}
"""Key → (Vietnamese, English)."""
