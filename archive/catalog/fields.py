"""The TT 05/2025 metadata fields, as data (docs/domain.md §4.4, §4.5, §2.6).

One table per record kind. Parsing, the metadata sheet of ``archive sip build``, the generated
XSDs and the documentation all read these tables; nothing else lists the fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "DOCUMENT_AIP_FIELDS",
    "DOCUMENT_SIP_FIELDS",
    "DOSSIER_AIP_FIELDS",
    "DOSSIER_SIP_FIELDS",
    "EXT_AIP_DOCUMENT_FIELDS",
    "EXT_AIP_DOSSIER_FIELDS",
    "EXT_DOCUMENT_FIELDS",
    "EXT_DOSSIER_FIELDS",
    "EXT_NS",
    "FieldSpec",
    "Kind",
]

Kind = Literal["string", "number", "date", "boolean", "code", "codes"]

# Namespace of the archive's extension elements inside EAD.xml / EAD_doc (ADR 0003).
EXT_NS: Final = "urn:vn-archive:ext:1"


@dataclass(frozen=True)
class FieldSpec:
    """One metadata element: its law name, Vietnamese label, type, length and code list."""

    name: str
    label_vi: str
    label_en: str
    kind: Kind = "string"
    max_len: int | None = None
    code_list: str | None = None
    required: bool = False
    # Date formats accepted (for kind == "date"), as strptime patterns.
    date_formats: tuple[str, ...] = ("%d/%m/%Y",)

    @property
    def attr(self) -> str:
        """The snake_case attribute name used by the catalog models."""
        out = []
        for ch in self.name:
            if ch.isupper():
                out.append("_")
                out.append(ch.lower())
            else:
                out.append(ch)
        return "".join(out)


_AIP_DATES = ("%d/%m/%Y", "%m/%Y", "%Y")

# EAD.xml of SIP_hoso: 18 elements under <simpledc>, in the order of the circular's table.
DOSSIER_SIP_FIELDS: Final = (
    FieldSpec("fileCode", "Mã hồ sơ", "Dossier code", max_len=100, required=True),
    FieldSpec("title", "Tiêu đề hồ sơ", "Title", max_len=1000, required=True),
    FieldSpec(
        "maintenance", "Thời hạn lưu trữ", "Retention", "code", 100, "maintenance", required=True
    ),
    FieldSpec("mode", "Chế độ sử dụng", "Access mode", "code", 30, "mode", required=True),
    FieldSpec("language", "Ngôn ngữ", "Language", "codes", 100, "language", required=True),
    FieldSpec("startDate", "Thời gian bắt đầu", "Start date", "date", required=True),
    FieldSpec("endDate", "Thời gian kết thúc", "End date", "date", required=True),
    FieldSpec("keyword", "Từ khóa", "Keywords", max_len=100),
    FieldSpec("totalDoc", "Tổng số tài liệu trong hồ sơ", "Documents", "number", 10, required=True),
    FieldSpec("numberOfPaper", "Số lượng tờ", "Sheets", "number", 10),
    FieldSpec("numberOfPage", "Số lượng trang", "Pages", "number", 10, required=True),
    FieldSpec("format", "Tình trạng vật lý", "Physical state", "code", 50, "format"),
    FieldSpec("inforSign", "Ký hiệu thông tin", "Information code", max_len=30),
    FieldSpec(
        "confidenceLevel", "Mức độ tin cậy", "Confidence level", "code", 40, "confidenceLevel"
    ),
    FieldSpec("paperFileCode", "Mã hồ sơ gốc giấy", "Paper file code", max_len=100),
    FieldSpec("riskRecovery", "Chế độ dự phòng", "Backup copy kept", "boolean", 1),
    FieldSpec(
        "riskRecoveryStatus",
        "Tình trạng dự phòng",
        "Backup status",
        "code",
        2,
        "riskRecoveryStatus",
    ),
    FieldSpec("description", "Ghi chú", "Note", max_len=2000),
)


def _aip_dossier_fields() -> tuple[FieldSpec, ...]:
    out: list[FieldSpec] = []
    for spec in DOSSIER_SIP_FIELDS:
        if spec.name == "fileCode":
            out.append(
                FieldSpec(
                    "arcFileCode",
                    "Mã hồ sơ lưu trữ",
                    "Archival dossier code",
                    max_len=100,
                    required=True,
                )
            )
        elif spec.kind == "date":
            out.append(
                FieldSpec(
                    spec.name,
                    spec.label_vi,
                    spec.label_en,
                    "date",
                    required=spec.required,
                    date_formats=_AIP_DATES,
                )
            )
        else:
            out.append(spec)
    return tuple(out)


# EAD.xml of AIP_hoso: arcFileCode replaces fileCode; dates may be MM/YYYY or YYYY.
DOSSIER_AIP_FIELDS: Final = _aip_dossier_fields()

# EAD_doc of SIP_hoso (the 21 elements of the official sample).
DOCUMENT_SIP_FIELDS: Final = (
    FieldSpec("docId", "Mã định danh tài liệu", "Document identifier", max_len=25),
    FieldSpec("docCode", "Mã lưu trữ của tài liệu", "Document code", max_len=100, required=True),
    FieldSpec("maintenance", "Thời hạn lưu trữ", "Retention", "code", 100, "maintenance"),
    FieldSpec(
        "typeName", "Tên loại tài liệu", "Document type", "code", 10, "typeName", required=True
    ),
    FieldSpec("codeNumber", "Số của tài liệu", "Number", max_len=11),
    FieldSpec("codeNotation", "Ký hiệu của tài liệu", "Symbol", max_len=30),
    FieldSpec("issuedDate", "Ngày tháng năm tài liệu", "Issued date", "date", required=True),
    FieldSpec(
        "organName",
        "Cơ quan, tổ chức, cá nhân ban hành",
        "Issuing body",
        max_len=200,
        required=True,
    ),
    FieldSpec("subject", "Trích yếu nội dung", "Subject", max_len=500, required=True),
    FieldSpec("language", "Ngôn ngữ", "Language", "codes", 100, "language", required=True),
    FieldSpec("numberOfPage", "Số lượng trang", "Pages", "number", 4, required=True),
    FieldSpec("inforSign", "Ký hiệu thông tin", "Information code", max_len=30),
    FieldSpec("keyword", "Từ khóa", "Keywords", max_len=100),
    FieldSpec("mode", "Chế độ sử dụng", "Access mode", "code", 20, "mode", required=True),
    FieldSpec(
        "confidenceLevel", "Mức độ tin cậy", "Confidence level", "code", 30, "confidenceLevel"
    ),
    FieldSpec("autograph", "Bút tích", "Autograph", max_len=2000),
    FieldSpec("format", "Tình trạng vật lý", "Physical state", "code", 50, "format"),
    FieldSpec("riskRecovery", "Chế độ dự phòng", "Backup copy kept", "boolean", 1),
    FieldSpec(
        "riskRecoveryStatus",
        "Tình trạng dự phòng",
        "Backup status",
        "code",
        2,
        "riskRecoveryStatus",
    ),
    FieldSpec("process", "Quy trình xử lý", "Processing history attached", "boolean", 1),
    FieldSpec("description", "Ghi chú", "Note", max_len=500),
)

# EAD_doc of AIP_hoso: 19 elements, in the schema's order.
DOCUMENT_AIP_FIELDS: Final = (
    FieldSpec(
        "arcFileCode", "Mã hồ sơ lưu trữ", "Archival dossier code", max_len=100, required=True
    ),
    FieldSpec("mode", "Chế độ sử dụng", "Access mode", "code", 20, "mode", required=True),
    FieldSpec("language", "Ngôn ngữ", "Language", "codes", 100, "language", required=True),
    FieldSpec("keyword", "Từ khóa", "Keywords", max_len=100),
    FieldSpec("numberOfPage", "Số lượng trang", "Pages", "number", 4, required=True),
    FieldSpec("format", "Tình trạng vật lý", "Physical state", "code", 50, "format"),
    FieldSpec("inforSign", "Ký hiệu thông tin", "Information code", max_len=30),
    FieldSpec(
        "confidenceLevel", "Mức độ tin cậy", "Confidence level", "code", 30, "confidenceLevel"
    ),
    FieldSpec("description", "Ghi chú", "Note", max_len=500),
    FieldSpec("docCode", "Mã lưu trữ của tài liệu", "Document code", max_len=100, required=True),
    FieldSpec(
        "docOrdinal", "Số thứ tự tài liệu trong hồ sơ", "Ordinal", "number", 7, required=True
    ),
    FieldSpec(
        "typeName", "Tên loại tài liệu", "Document type", "code", 10, "typeName", required=True
    ),
    FieldSpec("codeNumber", "Số của tài liệu", "Number", max_len=11),
    FieldSpec("codeNotation", "Ký hiệu của tài liệu", "Symbol", max_len=30),
    FieldSpec("issuedDate", "Ngày tháng năm tài liệu", "Issued date", "date", required=True),
    FieldSpec(
        "organName",
        "Cơ quan, tổ chức, cá nhân ban hành",
        "Issuing body",
        max_len=200,
        required=True,
    ),
    FieldSpec("subject", "Trích yếu nội dung", "Subject", max_len=500, required=True),
    FieldSpec("autograph", "Bút tích", "Autograph", max_len=2000),
    FieldSpec("process", "Quy trình xử lý", "Processing history attached", "boolean", 1),
)

# Extension elements (namespace EXT_NS) carried after the TT05 elements: the NĐ 30/2020
# input fields that arrive from the document-management system (Phụ lục VI Phần II) and
# the year count of retention code 07 "Khác".
EXT_DOSSIER_FIELDS: Final = (
    FieldSpec("maintenanceYears", "Số năm lưu trữ (mã 07)", "Years kept (code 07)", "number", 3),
    FieldSpec("creator", "Người lập hồ sơ", "Dossier creator", max_len=30),
)

EXT_DOCUMENT_FIELDS: Final = (
    FieldSpec("maintenanceYears", "Số năm lưu trữ (mã 07)", "Years kept (code 07)", "number", 3),
    FieldSpec("signerPosition", "Chức vụ của người ký", "Signer's position", max_len=100),
    FieldSpec("signerFullName", "Họ và tên người ký", "Signer's full name", max_len=50),
    FieldSpec("recipients", "Nơi nhận", "Recipients", max_len=2000),
    FieldSpec("priority", "Mức độ khẩn, độ mật", "Urgency", "number", 1),
    FieldSpec("issuedAmount", "Số lượng bản phát hành", "Copies issued", "number", 3),
    FieldSpec("dueDate", "Hạn trả lời văn bản", "Reply due", "date"),
    FieldSpec("arrivalDate", "Ngày, tháng, năm đến", "Arrival date", "date"),
    FieldSpec("arrivalNumber", "Số đến", "Arrival number", "number", 10),
    FieldSpec("toPlaces", "Đơn vị hoặc người nhận", "Internal recipients", max_len=1000),
)

# Extension elements written only in AIP records: the SIP values the AIP tables of TT05 have
# no element for, so the catalog can be rebuilt from the AIP alone (ADR 0003).
EXT_AIP_DOSSIER_FIELDS: Final = (
    FieldSpec("fileCode", "Mã hồ sơ (khi nộp lưu)", "Dossier code as submitted", max_len=100),
)

EXT_AIP_DOCUMENT_FIELDS: Final = (
    FieldSpec("docId", "Mã định danh tài liệu", "Document identifier", max_len=25),
    FieldSpec("maintenance", "Thời hạn lưu trữ", "Retention", "code", 100, "maintenance"),
    FieldSpec("riskRecovery", "Chế độ dự phòng", "Backup copy kept", "boolean", 1),
    FieldSpec(
        "riskRecoveryStatus",
        "Tình trạng dự phòng",
        "Backup status",
        "code",
        2,
        "riskRecoveryStatus",
    ),
)
