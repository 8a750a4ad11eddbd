"""Coded findings: validation results as data (STYLE rule 5).

Every finding has a code from ``CODES``, a severity, the path inside the package it concerns,
and a message in Vietnamese and English built from the code's templates. A package with any
error finding is refused whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, Literal

__all__ = ["CODES", "Finding", "Report", "Severity"]

Severity = Literal["error", "warning", "info"]

# code: (severity, Vietnamese template, English template). Templates use str.format fields.
CODES: Final[dict[str, tuple[Severity, str, str]]] = {
    # Package container
    "PKG001": ("error", "Không tìm thấy gói tin: {detail}", "Package not found: {detail}"),
    "PKG002": (
        "error",
        "Gói tin không phải thư mục hoặc tệp .zip: {detail}",
        "Package is neither a directory nor a .zip file: {detail}",
    ),
    "PKG003": (
        "error",
        "Gói tin vượt quá giới hạn dung lượng: {detail}",
        "Package exceeds the size limit: {detail}",
    ),
    "PKG004": (
        "error",
        "Thư mục gói tin chứa liên kết tượng trưng (symlink): {detail}",
        "Package directory contains a symbolic link: {detail}",
    ),
    "PKG005": (
        "error",
        "Đường dẫn quá dài trong gói tin (tên tối đa {max_name} byte, đường dẫn tối đa "
        "{max_path} byte): {detail}",
        "Path too long in the package (names up to {max_name} bytes, paths up to {max_path} "
        "bytes): {detail}",
    ),
    "PKG006": (
        "error",
        "{detail} có đuôi .zip nhưng không phải tệp zip (nội dung: {kind_vi}); hãy nộp đúng tệp "
        ".zip của gói SIP_hoso hoặc thư mục của gói",
        "{detail} is named .zip but is not a zip file (content: {kind_en}); give the "
        "package's real .zip file or its folder",
    ),
    "PKG007": (
        "error",
        "{detail} không phải gói SIP_hoso: không có tệp METS.xml ở thư mục gốc. Thư mục tài "
        "liệu chưa đóng gói thì tạo gói bằng `archive sip build {folder_vi} --metadata "
        "danh-sach.xlsx` (bảng kê mẫu: `archive sip template --out danh-sach.xlsx`)",
        "{detail} is not a SIP_hoso package: there is no METS.xml at its top. To make a "
        "package from a folder of documents, run `archive sip build {folder_en} --metadata "
        "list.xlsx` (a sheet to fill: `archive sip template --out list.xlsx`)",
    ),
    "ZIP001": (
        "error",
        "Tệp zip hỏng hoặc không đọc được: {detail}",
        "The zip file is corrupt or unreadable: {detail}",
    ),
    "ZIP002": (
        "error",
        "Đường dẫn không an toàn trong zip (tuyệt đối hoặc chứa '..'): {detail}",
        "Unsafe path in zip (absolute or containing '..'): {detail}",
    ),
    "ZIP003": (
        "error",
        "Zip chứa liên kết tượng trưng hoặc tệp đặc biệt: {detail}",
        "Zip contains a symbolic link or special file: {detail}",
    ),
    "ZIP004": (
        "error",
        "Tỷ lệ nén bất thường (nghi zip bomb): {detail}",
        "Abnormal compression ratio (suspected zip bomb): {detail}",
    ),
    "ZIP005": ("error", "Zip có quá nhiều mục: {detail}", "Zip has too many entries: {detail}"),
    "ZIP006": (
        "error",
        "Zip bị mã hóa, không hỗ trợ: {detail}",
        "Encrypted zip entries are not supported: {detail}",
    ),
    "ZIP007": (
        "error",
        "Tên tệp trùng lặp trong zip: {detail}",
        "Duplicate file name in zip: {detail}",
    ),
    "ZIP009": (
        "error",
        "Tệp zip bị cắt cụt hoặc hỏng: thiếu phần cuối của zip (thư mục trung tâm), có thể tệp "
        "chưa chép hoặc tải về xong; hãy chép lại từ nguồn: {detail}",
        "The zip file is truncated or damaged: its end (the central directory) is missing, "
        "perhaps it was not copied or downloaded completely; copy it again from its source: "
        "{detail}",
    ),
    "ZIP008": (
        "error",
        "Đường dẫn vừa là tệp vừa là thư mục trong zip: {detail}",
        "A path in the zip is both a file and a folder: {detail}",
    ),
    # XML
    "XML001": ("error", "XML không hợp lệ (lỗi cú pháp): {detail}", "Malformed XML: {detail}"),
    "XML002": (
        "error",
        "XML chứa DTD hoặc thực thể (DOCTYPE/ENTITY) bị cấm: {detail}",
        "XML contains a forbidden DTD or entity declaration: {detail}",
    ),
    "XML003": (
        "error",
        "XML không đúng lược đồ {schema}: {detail}",
        "XML does not conform to schema {schema}: {detail}",
    ),
    "XML004": ("error", "Tệp XML quá lớn: {detail}", "XML file too large: {detail}"),
    # METS structure
    "MET001": ("error", "Thiếu tệp bắt buộc: {detail}", "Mandatory file missing: {detail}"),
    "MET002": (
        "error",
        "Loại gói tin không được chấp nhận: {detail} (cần SIP)",
        "Package type not accepted: {detail} (expected SIP)",
    ),
    "MET003": ("error", "METS không tham chiếu đến {detail}", "METS does not reference {detail}"),
    "MET004": (
        "error",
        "Tệp được khai báo trong METS nhưng không có trong gói: {detail}",
        "File listed in METS but missing from the package: {detail}",
    ),
    "MET005": (
        "error",
        "Tệp có trong gói nhưng không được khai báo trong METS: {detail}",
        "File present in the package but not listed in METS: {detail}",
    ),
    "MET006": (
        "error",
        "Thiếu thuộc tính bắt buộc trong METS: {detail}",
        "Mandatory METS attribute missing: {detail}",
    ),
    "MET007": (
        "error",
        "Tài liệu không có siêu dữ liệu EAD_doc: {detail}",
        "Document has no EAD_doc metadata: {detail}",
    ),
    "MET008": (
        "error",
        "Tệp được khai báo hai lần trong {mets}: {detail}",
        "File listed twice in {mets}: {detail}",
    ),
    "MET009": (
        "error",
        "Hai tài liệu có tệp cùng tên {value} (AIP lưu bản gốc theo tên tệp): {detail}",
        "Two documents have files with the same name {value} (the AIP keeps originals by "
        "name): {detail}",
    ),
    # Fixity
    "FIX001": (
        "error",
        "Sai mã băm SHA-256 của {path}: khai báo {expected}, thực tế {found}",
        "Wrong SHA-256 for {path}: declared {expected}, found {found}",
    ),
    "FIX002": (
        "error",
        "Sai kích thước của {path}: khai báo {expected}, thực tế {found}",
        "Wrong size for {path}: declared {expected}, found {found}",
    ),
    "FIX003": (
        "error",
        "Thuật toán băm không được chấp nhận cho {path}: {detail} (cần SHA-256)",
        "Checksum algorithm not accepted for {path}: {detail} (expected SHA-256)",
    ),
    # Metadata values
    "COD001": (
        "error",
        "Giá trị '{value}' của trường {field} không có trong danh mục mã ({allowed})",
        "Value '{value}' of {field} is not in the code list ({allowed})",
    ),
    "VAL001": ("error", "Thiếu trường bắt buộc {field}", "Required field {field} is missing"),
    "VAL002": (
        "error",
        "Trường {field} dài {length} ký tự, tối đa {max_len}",
        "Field {field} is {length} characters long; the maximum is {max_len}",
    ),
    "VAL003": (
        "error",
        "Ngày '{value}' của trường {field} không đúng định dạng {formats}",
        "Date '{value}' of {field} is not in the format {formats}",
    ),
    "VAL004": (
        "error",
        "Trường {field} phải là số, nhận được '{value}'",
        "Field {field} must be a number; got '{value}'",
    ),
    "VAL005": (
        "error",
        "Trường {field} chỉ nhận 0 hoặc 1, nhận được '{value}'",
        "Field {field} accepts only 0 or 1; got '{value}'",
    ),
    "VAL006": (
        "error",
        "Ngày kết thúc {end} trước ngày bắt đầu {start}",
        "End date {end} is before start date {start}",
    ),
    "VAL007": (
        "warning",
        "Trường {field} = '{value}' khác với giá trị của hồ sơ '{expected}'",
        "{field} = '{value}' differs from the dossier's '{expected}'",
    ),
    "VAL008": (
        "error",
        "Mã 07 (Khác) cần số năm lưu trữ (maintenanceYears)",
        "Retention code 07 (Other) needs the number of years (maintenanceYears)",
    ),
    "VAL009": (
        "error",
        "riskRecovery = 1 (có dự phòng) nhưng thiếu riskRecoveryStatus (01 đã dự phòng, 02 chưa)",
        "riskRecovery = 1 (backup kept) but riskRecoveryStatus (01 done, 02 not yet) is missing",
    ),
    "VAL010": (
        "error",
        "Hồ sơ số hóa hoặc hỗn hợp (confidenceLevel {value}) cần mã hồ sơ gốc giấy (paperFileCode)",
        "A digitized or mixed dossier (confidenceLevel {value}) needs the paper file code "
        "(paperFileCode)",
    ),
    # State secrets (docs/secrets.md): an error unless secret_records = "isolated".
    "SEC001": (
        "error",
        "Hồ sơ, tài liệu Mật (chế độ sử dụng 03): bí mật nhà nước không được lưu trên hệ thống "
        "kết nối mạng (Luật Bảo vệ bí mật nhà nước 2018); kho này không nhận "
        '(secret_records = "refuse"): nộp vào kho lưu trữ cô lập, hoặc giải mật trước',
        "A secret record (access mode 03): state secrets are not kept on a networked system "
        "(Law on the Protection of State Secrets 2018); this archive refuses them "
        '(secret_records = "refuse"): deposit it into an isolated archive, or declassify it first',
    ),
    "RET001": (
        "error",
        "Hồ sơ lưu trữ {value} năm: chỉ nộp lưu hồ sơ có thời hạn từ 05 năm trở lên "
        "(NĐ 30/2020 Điều 31 k3 c); hồ sơ dưới 05 năm do đơn vị giữ lại",
        "The dossier is kept {value} years: only dossiers kept 5 years or more are deposited "
        "(NĐ 30/2020 art. 31 §3 c); shorter ones stay with the unit",
    ),
    # Digitized documents (confidenceLevel 02; archive/packages/digitized.py). DIG002-DIG005
    # are warnings unless digitized_policy = "refuse".
    "DIG001": (
        "error",
        "Tài liệu số hóa {value} không phải tệp PDF (NĐ 30/2020 PL I; TT 05/2025 Điều 8)",
        "The digitized document {value} is not a PDF file (NĐ 30/2020 App. I; TT 05/2025 art. 8)",
    ),
    "DIG002": (
        "warning",
        "Tài liệu số hóa {value}: PDF phiên bản {detail}, cần từ 1.4 trở lên",
        "Digitized document {value}: PDF version {detail}; 1.4 or later is required",
    ),
    "DIG003": (
        "warning",
        "Tài liệu số hóa {value} không chứa ảnh quét ({detail})",
        "The digitized document {value} holds no scanned image ({detail})",
    ),
    "DIG004": (
        "warning",
        "Tài liệu số hóa {value} không phải ảnh màu ({detail}); cần màu, từ 24 bit",
        "The digitized document {value} is not in colour ({detail}); 24-bit colour is required",
    ),
    "DIG005": (
        "warning",
        "Tài liệu số hóa {value}: độ phân giải {detail}, cần tối thiểu 200 dpi",
        "Digitized document {value}: resolution {detail}; at least 200 dpi is required",
    ),
    # Identifiers
    "ID001": (
        "error",
        "Mã hồ sơ '{value}' sai cấu trúc (mã định danh cơ quan 13 ký tự "
        "DDD.DD.DD.XNN + năm + số và ký hiệu hồ sơ ≤ 20 ký tự)",
        "Malformed dossier code '{value}' (13-character organ id DDD.DD.DD.XNN + year + "
        "dossier number ≤ 20 characters)",
    ),
    "ID002": (
        "error",
        "Mã tài liệu '{value}' sai cấu trúc (mã hồ sơ + '.' + số thứ tự 7 chữ số)",
        "Malformed document code '{value}' (dossier code + '.' + 7-digit ordinal)",
    ),
    "ID003": ("error", "Mã tài liệu '{value}' bị trùng", "Duplicate document code '{value}'"),
    "ID004": (
        "error",
        "Mã tài liệu '{value}' không thuộc hồ sơ {expected}",
        "Document code '{value}' does not belong to dossier {expected}",
    ),
    "ID005": (
        "error",
        "Mã hồ sơ {value} đã được lưu trữ với nội dung khác",
        "Dossier {value} is already archived with different content",
    ),
    # Counts
    "CNT001": (
        "error",
        "totalDoc = {expected} nhưng gói có {found} tài liệu",
        "totalDoc = {expected} but the package holds {found} documents",
    ),
    "CNT002": (
        "warning",
        "numberOfPage = {expected} nhưng tổng số trang các tài liệu là {found}",
        "numberOfPage = {expected} but the documents' pages add up to {found}",
    ),
    # Metadata sheet (archive sip build)
    "SHT001": (
        "error",
        "Không đọc được bảng kê siêu dữ liệu: {detail}",
        "Cannot read the metadata sheet: {detail}",
    ),
    "SHT002": (
        "error",
        "Dòng {row}, cột {column}: {detail}",
        "Row {row}, column {column}: {detail}",
    ),
    "SHT003": (
        "error",
        "Tệp {value} ở dòng {row} không có trong thư mục",
        "File {value} named on row {row} is not in the folder",
    ),
    "SHT004": (
        "error",
        "Cột không xác định trong bảng kê: {value}",
        "Unknown column in the metadata sheet: {value}",
    ),
    "SHT005": (
        "warning",
        "Tệp {value} có trong thư mục nhưng không có trong bảng kê",
        "File {value} is in the folder but not in the sheet",
    ),
    # Hostile content in the files (archive/packages/pdfscan.py). PDF002-PDF005 are warnings
    # unless ingest_refuse_active_content makes them errors.
    "PDF001": (
        "error",
        "Tệp PDF {value} rỗng (0 byte): không phải là một văn bản",
        "The PDF {value} is empty (0 bytes): it is not a document",
    ),
    "PDF002": (
        "warning",
        "Tệp PDF {value} chứa JavaScript ({detail})",
        "The PDF {value} contains JavaScript ({detail})",
    ),
    "PDF003": (
        "warning",
        "Tệp PDF {value} chứa lệnh mở chương trình hoặc tệp khác (/Launch, {detail})",
        "The PDF {value} contains an action that launches a program or file (/Launch, {detail})",
    ),
    "PDF004": (
        "warning",
        "Tệp PDF {value} chứa tệp nhúng ({detail})",
        "The PDF {value} contains embedded files ({detail})",
    ),
    "PDF005": (
        "warning",
        "Không kiểm tra được nội dung chủ động của tệp PDF {value}: {detail}",
        "The PDF {value} could not be checked for active content: {detail}",
    ),
    "NAM001": (
        "error",
        "Tên tệp {value} chứa ký tự điều khiển hướng chữ {detail}, có thể che giấu phần mở "
        "rộng thật của tệp",
        "The file name {value} contains the bidirectional control character {detail}, which "
        "can disguise the file's real extension",
    ),
    # Virus check (archive/packages/viruscheck.py)
    "VIR001": (
        "error",
        "Tệp {path} nhiễm mã độc: {value} (ClamAV). Gói bị từ chối, kho không thay đổi",
        "The file {path} is infected: {value} (ClamAV). The package is refused; the archive "
        "is unchanged",
    ),
    "VIR002": (
        "error",
        "Không kiểm tra được virus ({detail}); gói bị từ chối, kho không thay đổi. Kiểm tra "
        "clamd/clamscan (virus_scanner, clamd_socket, clamav_database) rồi nộp lại",
        "The virus check failed ({detail}); the package is refused and the archive is "
        "unchanged. Check clamd/clamscan (virus_scanner, clamd_socket, clamav_database), then "
        "ingest it again",
    ),
    # Formats (archive/packages/formatpolicy.py, pdfa.py)
    "FMT001": (
        "error",
        "Định dạng của tệp {path} bị từ chối theo chính sách định dạng: {value}",
        "The format of {path} is refused by the format policy: {value}",
    ),
    "FMT002": (
        "warning",
        "Định dạng của tệp {path} có rủi ro bảo quản lâu dài: {value}; cân nhắc chuyển đổi",
        "The format of {path} is at risk for long-term preservation: {value}; plan a migration",
    ),
    "FMT004": (
        "warning",
        "Tệp {path} khai báo {value} nhưng không nhất quán ({detail}); tệp được giữ nguyên",
        "{path} declares {value} but is not consistent ({detail}); the file is kept as it is",
    ),
    # Signatures
    "SIG000": (
        "info",
        "Chưa kiểm tra chữ ký số: chức năng xác thực chữ ký chưa được cài đặt",
        "Signatures not checked: signature validation is not installed yet",
    ),
    "SIG001": (
        "error",
        "Chữ ký không hợp lệ trong {value}: {status} — {reason}",
        "Invalid signature in {value}: {status} — {reason_en}",
    ),
    "SIG002": (
        "warning",
        "Chưa xác định được hiệu lực chữ ký trong {value}: {status} — {reason}",
        "Signature validity undetermined in {value}: {status} — {reason_en}",
    ),
    "SIG003": (
        "warning",
        "Văn bản {value} thiếu chữ ký theo NĐ 30/2020: {missing}",
        "Document {value} lacks a signature required by NĐ 30/2020: {missing}",
    ),
    "SIG004": (
        "warning",
        "Tệp PDF {value} không có chữ ký số",
        "PDF {value} carries no digital signature",
    ),
    "SIG005": (
        "error",
        "Tiến trình xác thực chữ ký của {value} bị dừng đột ngột ({detail}). Kho không thay đổi "
        "với gói này; nộp lại gói",
        "The process validating the signatures of {value} died ({detail}). The archive is "
        "unchanged for this package; ingest it again",
    ),
    # Idempotency
    "DUP001": (
        "info",
        "Gói tin đã được lưu trữ trước đây (hồ sơ {value}); không lưu lại",
        "Package was already archived (dossier {value}); nothing stored again",
    ),
    "DUP002": (
        "warning",
        "Tệp {path} trùng từng byte (SHA-256) với {value} đã có trong kho",
        "The file {path} is byte for byte (SHA-256) the same as {value}, already held",
    ),
    # Review before acceptance (ingest_review)
    "REV001": (
        "info",
        "Gói này đang chờ tiếp nhận (mã {value}); không nhận lại lần hai",
        "This package is already awaiting review (code {value}); it is not taken twice",
    ),
    "REV002": (
        "error",
        "Hồ sơ {detail} đã có một gói khác chờ tiếp nhận (mã {value}): quyết định gói đó "
        "trước ('archive review accept' hoặc 'return')",
        "Dossier {detail} already has another package awaiting review (code {value}): decide "
        "that one first ('archive review accept' or 'return')",
    ),
    # Replication (the second copy)
    "REP001": (
        "warning",
        "Chưa ghi được bản sao thứ hai ({detail}); hồ sơ đã lưu ở kho chính. Chạy "
        "'archive replicate'",
        "The second copy was not written ({detail}); the dossier is in the primary store. Run "
        "'archive replicate'",
    ),
    "REP002": (
        "warning",
        "Gói khai riskRecoveryStatus 01 (đã dự phòng) nhưng kho mới giữ một bản; tình trạng "
        "dự phòng hiển thị là 02 cho đến khi có bản sao thứ hai",
        "The package declares riskRecoveryStatus 01 (backed up) but the archive holds one copy; "
        "the status shown is 02 until a second copy exists",
    ),
    # The ingest run itself (batch ingest turns these failures into findings and goes on)
    "ING001": (
        "error",
        "Không ghi được: ổ đĩa đầy hoặc vượt giới hạn kích thước tệp ({detail}). Kho không "
        "thay đổi với gói này; giải phóng dung lượng rồi nộp lại",
        "Could not write: the disk is full or a file size limit was reached ({detail}). The "
        "archive is unchanged for this package; free some space and ingest it again",
    ),
    "ING002": (
        "error",
        "Lỗi đọc/ghi tệp khi nộp lưu ({detail}). Kho không thay đổi với gói này; kiểm tra "
        "quyền và ổ đĩa rồi nộp lại",
        "File system error during ingest ({detail}). The archive is unchanged for this "
        "package; check permissions and the disk, then ingest it again",
    ),
    "ING003": (
        "error",
        "Hồ sơ {value} đã được ghi đầy đủ vào kho nhưng chưa vào danh mục ({detail}). Nộp "
        "lại đúng gói này để hoàn tất (không lưu lại lần hai)",
        "Dossier {value} was stored whole but not catalogued ({detail}). Ingest the same "
        "package again to complete it (nothing is stored twice)",
    ),
    "ING004": (
        "warning",
        "Hồ sơ {value} đã được lưu trữ và vào danh mục; một bước sau đó bị lỗi ({detail}). "
        "Nếu không tìm thấy hồ sơ khi tra cứu, chạy 'archive search reindex'",
        "Dossier {value} is stored and catalogued; a later step failed ({detail}). If search "
        "does not find it, run 'archive search reindex'",
    ),
    "ING999": (
        "error",
        "Lỗi nội bộ khi nộp lưu gói này ({detail}). Kho không thay đổi với gói này. Hãy báo "
        "lỗi cho bộ phận quản trị kho, gửi kèm tệp {log} và gói tin",
        "Internal error while ingesting this package ({detail}). The archive is unchanged for "
        "this package. Please report it to the archive's maintainers with the file {log} and "
        "the package",
    ),
}


@dataclass(frozen=True)
class Finding:
    """One coded problem (or note) about a package."""

    code: str
    severity: Severity
    path: str
    message_vi: str
    message_en: str

    @classmethod
    def make(cls, code: str, path: str = "", **params: Any) -> Finding:
        """Build a finding from the code table; ``params`` fill the message templates."""
        severity, vi, en = CODES[code]
        params.setdefault("detail", "")
        params.setdefault("path", path)
        return cls(code, severity, path, vi.format(**params), en.format(**params))

    def as_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {
            "code": self.code,
            "severity": self.severity,
            "path": self.path,
            "message_vi": self.message_vi,
            "message_en": self.message_en,
        }


@dataclass
class Report:
    """Findings about one package."""

    source: str
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, path: str = "", **params: Any) -> None:
        """Record a finding."""
        self.findings.append(Finding.make(code, path, **params))

    def extend(self, findings: list[Finding]) -> None:
        """Record several findings."""
        self.findings.extend(findings)

    @property
    def errors(self) -> list[Finding]:
        """The findings that refuse the package."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def ok(self) -> bool:
        """True when nothing refuses the package."""
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "source": self.source,
            "ok": self.ok,
            "findings": [f.as_dict() for f in self.findings],
        }
