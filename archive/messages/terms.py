"""Terms: values the archive stores in English or as identifiers, as people read them.

Keys are ``<kind>.<value>``, the value exactly as stored (``event.fixity check``,
``severity.error``); :func:`archive.messages.catalogue.term` looks them up and shows an
unknown value as it is. JSON output and the API keep the stored values; only what people
read is translated.

PREMIS event types follow the Library of Congress event-type vocabulary
(id.loc.gov/vocabulary/preservation/eventType) where the archive uses its terms, and the
archive's own names for the retention, transfer and account events (docs/retention.md,
docs/web.md).
"""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # Finding severities (archive.findings).
    "severity.error": ("lỗi", "error"),
    "severity.warning": ("cảnh báo", "warning"),
    "severity.info": ("thông tin", "info"),
    # Roles of the web page and the API (archive.users.access).
    "role.officer": ("cán bộ nghiệp vụ", "records officer"),
    "role.archivist": ("lưu trữ viên", "archivist"),
    "role.auditor": ("thanh tra, kiểm toán", "auditor"),
    "role.admin": ("quản trị hệ thống", "administrator"),
    # Roles in the disposal procedure (archive.retention.disposal.council).
    "council_role.council": ("thành viên hội đồng xét hủy", "council member"),
    "council_role.head": ("thủ trưởng cơ quan", "head of the agency"),
    # PREMIS event types written to the audit log.
    "event.access": ("truy cập", "access"),
    "event.accession": ("tiếp nhận vào kho lưu trữ", "accession"),
    "event.appraisal": ("thẩm định", "appraisal"),
    "event.audit seal": ("niêm phong nhật ký vào kho", "audit seal"),
    "event.authentication": ("đăng nhập", "authentication"),
    "event.council member added": ("thêm thành viên hội đồng", "council member added"),
    "event.creation": ("tạo bản dẫn xuất (bản OCR)", "creation"),
    "event.deaccession": ("hủy tài liệu", "deaccession"),
    "event.deletion": ("xóa", "deletion"),
    "event.digital signature generation": (
        "tạo chữ ký số, dấu thời gian",
        "digital signature generation",
    ),
    "event.disposal decision": ("quyết định hủy", "disposal decision"),
    "event.disposal executed": ("thực hiện hủy", "disposal executed"),
    "event.disposal list exported": ("xuất danh mục hủy", "disposal list exported"),
    "event.disposal review": ("xét hủy", "disposal review"),
    "event.dissemination": ("cung cấp bản gốc", "dissemination"),
    "event.edxml received": ("nhận văn bản điện tử (edXML)", "edXML document received"),
    "event.edxml refused": ("từ chối gói edXML", "edXML envelope refused"),
    "event.edxml status sent": ("gửi trạng thái edXML", "edXML status sent"),
    "event.fixity check": ("kiểm tra toàn vẹn", "fixity check"),
    "event.format identification": ("xác định định dạng", "format identification"),
    "event.hold placed": ("phong tỏa", "hold placed"),
    "event.hold released": ("gỡ phong tỏa", "hold released"),
    "event.information package creation": ("tạo gói lưu trữ", "information package creation"),
    "event.ingestion": ("tiếp nhận vào kho", "ingestion"),
    "event.ingestion end": ("kết thúc tiếp nhận", "ingestion end"),
    "event.ingestion start": ("bắt đầu tiếp nhận", "ingestion start"),
    "event.metadata extraction": ("trích xuất thông tin", "metadata extraction"),
    "event.metadata modification": ("sửa đặc tả", "metadata modification"),
    "event.use request": ("yêu cầu sử dụng tài liệu", "use request"),
    "event.use request approved": ("duyệt yêu cầu sử dụng", "use request approved"),
    "event.use request refused": ("từ chối yêu cầu sử dụng", "use request refused"),
    "event.use grant expired": ("hết hạn sử dụng tài liệu", "use grant expired"),
    "event.policy assignment": ("gán chính sách bảo quản", "policy assignment"),
    "event.recovery": ("khôi phục", "recovery"),
    "event.replication": ("sao chép sang kho thứ hai", "replication"),
    "event.retention schedule change": (
        "thay đổi bảng thời hạn lưu trữ",
        "retention schedule change",
    ),
    "event.token issuance": ("cấp mã truy cập API", "token issuance"),
    "event.token revocation": ("thu hồi mã truy cập API", "token revocation"),
    "event.transfer": ("nộp lưu", "transfer"),
    "event.transfer receipt": ("ghi nhận kết quả nộp lưu", "transfer receipt"),
    "event.transfer registration": ("đăng ký nộp lưu", "transfer registration"),
    "event.user activation": ("mở khóa người dùng", "user activation"),
    "event.user creation": ("tạo người dùng", "user creation"),
    "event.user deactivation": ("khóa người dùng", "user deactivation"),
    "event.validation": ("kiểm tra, xác thực", "validation"),
    "event.virus check": ("kiểm tra virus", "virus check"),
    # PREMIS event outcomes and agent roles.
    "outcome.success": ("thành công", "success"),
    "outcome.failure": ("không thành công", "failure"),
    "outcome.warning": ("có cảnh báo", "warning"),
    "agent_role.implementer": ("người thực hiện", "implementer"),
    "agent_role.executing program": ("phần mềm thực hiện", "executing program"),
    "agent_role.authorizer": ("người phê duyệt", "authorizer"),
    "agent_role.validator": ("bên xác thực", "validator"),
    # Signatures (archive.signatures): kind, verdict, revocation.
    "signature_kind.personal": ("cá nhân", "personal"),
    "signature_kind.organisation": ("cơ quan, tổ chức", "agency"),
    "signature_kind.timestamp": ("dấu thời gian", "timestamp"),
    "indication.TOTAL_PASSED": ("Hợp lệ", "Valid"),
    "indication.INDETERMINATE": ("Chưa xác định được", "Indeterminate"),
    "indication.TOTAL_FAILED": ("Không hợp lệ", "Invalid"),
    "indication.NO_SIGNATURE": ("Không có chữ ký", "No signature"),
    "revocation.good": ("chưa bị thu hồi", "not revoked"),
    "revocation.revoked": ("đã bị thu hồi", "revoked"),
    "revocation.unknown": ("chưa xác định được", "unknown"),
    # Attribute names of a certificate's subject and issuer (X.500 names as pyHanko writes
    # them: "Common Name: …, Organization: …").
    "name_part.Common Name": ("Tên", "Common Name"),
    "name_part.Title": ("Chức danh", "Title"),
    "name_part.Organization": ("Tổ chức", "Organization"),
    "name_part.Organizational Unit": ("Đơn vị", "Organizational Unit"),
    "name_part.Country": ("Quốc gia", "Country"),
    "name_part.Locality": ("Địa phương", "Locality"),
    "name_part.State/Province": ("Tỉnh/thành phố", "State/Province"),
    "name_part.Street Address": ("Địa chỉ", "Street Address"),
    "name_part.Email Address": ("Thư điện tử", "Email Address"),
    "name_part.Serial Number": ("Số định danh", "Serial Number"),
    "name_part.User ID": ("Mã người dùng", "User ID"),
    "name_part.Given Name": ("Tên riêng", "Given Name"),
    "name_part.Surname": ("Họ", "Surname"),
    # Facets of the search (archive.search.api.FACET_FIELDS).
    "facet.organ": ("Cơ quan ban hành", "Issuing body"),
    "facet.type": ("Tên loại", "Type"),
    "facet.year": ("Năm", "Year"),
    "facet.maintenance": ("Thời hạn lưu trữ", "Retention"),
    "facet.mode": ("Chế độ sử dụng", "Access mode"),
    "facet.fonds": ("Phông", "Fonds"),
    # Ingest results (archive.ingest.pipeline.IngestResult.status).
    "ingest_status.accepted": ("đã tiếp nhận", "accepted"),
    "ingest_status.recovered": ("đã hoàn tất (khôi phục)", "completed (recovered)"),
    "ingest_status.duplicate": ("đã có, không lưu lại", "already archived"),
    "ingest_status.refused": ("bị từ chối", "refused"),
    "ingest_status.pending": ("chờ tiếp nhận", "awaiting review"),
    # Packages held for review (archive.ingest.review.STATE_LABELS) and their receipts.
    "review_state.pending": ("chờ tiếp nhận", "awaiting review"),
    "review_state.accepted": ("đã tiếp nhận", "accepted"),
    "review_state.returned": ("đã trả lại", "returned"),
    "receipt.accepted": ("Biên bản giao nhận tài liệu lưu trữ số", "Receipt of delivery"),
    "receipt.returned": ("Phiếu trả lại gói tin", "Return notice"),
    "decision.accepted": ("đồng ý tiếp nhận", "accepted"),
    "decision.returned": ("trả lại", "returned"),
    # Format risk of the holding (archive formats; archive.packages.formatpolicy).
    "format_risk.acceptable": ("chấp nhận được", "acceptable"),
    "format_risk.at-risk": ("có rủi ro", "at risk"),
    "format_risk.refused": ("không chấp nhận", "refused"),
    # Text layers of the search index (archive.search: text_status).
    "text_status.ok": ("có lớp chữ", "text layer"),
    "text_status.needs_ocr": ("không có lớp chữ: cần OCR", "no text layer: needs OCR"),
    "text_status.failed": ("không đọc được", "unreadable"),
    "text_status.too_large": ("quá lớn để đọc", "too large to read"),
    "text_status.unsupported": ("định dạng chưa hỗ trợ", "format not supported"),
    "text_status.missing": ("thiếu tệp", "file missing"),
    # Preservation (archive preserve run): planned actions and what was done.
    "preserve_action.augment": ("bổ sung PAdES-LTA", "augment"),
    "preserve_action.renew": ("gia hạn dấu thời gian", "renew"),
    "preserve_action.revalidate": ("kiểm tra lại", "revalidate"),
    "preserve_done.augmented": ("đã bổ sung PAdES-LTA", "augmented"),
    "preserve_done.renewed": ("đã gia hạn", "renewed"),
    "preserve_done.revalidated": ("đã kiểm tra lại", "revalidated"),
    "preserve_done.failed": ("không thực hiện được", "failed"),
    "ocr_done.made": ("đã tạo bản OCR", "made"),
    "ocr_done.adopted": ("đã ghi nhận bản OCR có sẵn", "adopted"),
    "ocr_done.not_needed": ("đã có lớp chữ", "has a text layer"),
    "ocr_done.failed": ("không nhận dạng được", "failed"),
    # Evidence records (RFC 4998): renewals and the archive timestamps of a record.
    "renewal_kind.timestamp": ("gia hạn dấu thời gian", "timestamp renewal"),
    "renewal_kind.hash-tree": ("gia hạn cây băm", "hash-tree renewal"),
    "ers_kind.initial": ("lần đầu", "initial"),
    "ers_kind.timestamp-renewal": ("gia hạn dấu thời gian", "timestamp renewal"),
    "ers_kind.hash-tree-renewal": ("gia hạn cây băm", "hash-tree renewal"),
    # Disposal lists and votes, transfer states (docs/retention.md).
    "disposal_status.review": ("đang xét hủy", "under review"),
    "disposal_status.approved": ("đã phê duyệt", "approved"),
    "disposal_status.rejected": ("không được phê duyệt", "rejected"),
    "disposal_status.executed": ("đã hủy", "executed"),
    "vote.agree": ("đồng ý", "agree"),
    "vote.disagree": ("không đồng ý", "disagree"),
    "use.pending": ("chờ duyệt", "pending"),
    "use.approved": ("đã duyệt", "approved"),
    "use.refused": ("bị từ chối", "refused"),
    "use.expired": ("hết hạn", "expired"),
    "transfer_state.registered": ("đã đăng ký", "registered"),
    "transfer_state.exported": ("đã xuất gói", "exported"),
    "transfer_state.accepted": ("đã được tiếp nhận", "accepted"),
    "transfer_state.returned": ("bị trả lại", "returned"),
    "transfer_state.deleted": ("đã xóa bản tại chỗ", "local copy deleted"),
}
"""Term → (Vietnamese, English)."""
