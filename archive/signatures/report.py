"""Signature verdicts as data: one result per signature, one report per file (JSON-ready).

The ``indication`` follows ETSI EN 319 102-1 (TOTAL_PASSED, INDETERMINATE, TOTAL_FAILED) with
its sub-indication; ``status`` is the combined ``INDICATION`` or ``INDICATION/SUBINDICATION``.
A file's bottom line is the worst of its signatures, TOTAL_FAILED when it cannot be read at all,
and NO_SIGNATURE when it holds none: an unsigned file is not a signature that could not be
decided.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as dc_field
from typing import Any, Literal

__all__ = [
    "EVENT_OUTCOME",
    "NO_SIGNATURE",
    "BottomLine",
    "Indication",
    "SignatureResult",
    "ValidationReport",
    "explain",
    "overall",
    "worst",
]

Indication = Literal["TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED"]
BottomLine = Literal["TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED", "NO_SIGNATURE"]
NO_SIGNATURE: Literal["NO_SIGNATURE"] = "NO_SIGNATURE"
"""The bottom line of a file that holds no signature and no document timestamp."""
_RANK: dict[str, int] = {"TOTAL_PASSED": 0, "INDETERMINATE": 1, "TOTAL_FAILED": 2}

EVENT_OUTCOME: dict[str, str] = {
    "TOTAL_PASSED": "success",
    "INDETERMINATE": "warning",
    "TOTAL_FAILED": "failure",
    "NO_SIGNATURE": "warning",  # as the unsigned policy's default: nothing could be proven
}
"""PREMIS outcome of a validation event, by bottom line."""


@dataclass
class SignatureResult:
    """The verdict on one signature or document timestamp of a PDF."""

    field: str
    kind: str  # personal | organisation | timestamp
    signer_subject: str
    signer_serial: str
    issuer: str
    claimed_signing_time: str | None
    timestamp_time: str | None
    pades_level: str  # B-B | B-T | B-LT | B-LTA | DocTimeStamp
    intact: bool
    valid: bool
    trusted: bool
    coverage: str | None
    modified_after_signing: bool
    modification_level: str | None
    indication: Indication
    subindication: str | None
    revocation_status: str  # good | revoked | unknown
    messages_vi: list[str] = dc_field(default_factory=list)
    messages_en: list[str] = dc_field(default_factory=list)
    not_after: str | None = None
    signature_value: str | None = None  # base64 of the CMS signature value
    signer_name: str = ""  # the subject's CN
    detail: str | None = None  # the validator's own words, for engineers
    digest_algorithm: str | None = None  # e.g. sha256
    signature_algorithm: str | None = None  # e.g. rsa-2048, ecdsa-secp256r1
    # What could not be checked (structure, modifications, coverage, signer, trust): the
    # verdict is then never TOTAL_PASSED (docs/signatures.md, "Quirks").
    not_checked: list[str] = dc_field(default_factory=list)

    @property
    def status(self) -> str:
        """``INDICATION`` or ``INDICATION/SUBINDICATION``."""
        return (
            self.indication
            if not self.subindication
            else (f"{self.indication}/{self.subindication}")
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, with the combined status."""
        return {**asdict(self), "status": self.status}


@dataclass
class ValidationReport:
    """All signatures of one file, validated at one moment."""

    file: str
    sha256: str
    size: int
    validated_at: str
    validation_time: str
    trust_roots: list[str]
    signatures: list[SignatureResult] = dc_field(default_factory=list)
    error: str | None = None  # the file could not be read as a signed PDF
    nd30: dict[str, bool] = dc_field(default_factory=dict)
    poe: list[dict[str, str]] = dc_field(default_factory=list)

    @property
    def bottom_line(self) -> BottomLine:
        """The worst verdict of the file's signatures (TOTAL_FAILED if unreadable, NO_SIGNATURE
        if it holds none)."""
        if self.error:
            return "TOTAL_FAILED"
        return worst([s.indication for s in self.signatures]) if self.signatures else NO_SIGNATURE

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "file": self.file,
            "sha256": self.sha256,
            "size": self.size,
            "bottom_line": self.bottom_line,
            "validated_at": self.validated_at,
            "validation_time": self.validation_time,
            "trust_roots": self.trust_roots,
            "error": self.error,
            "nd30": self.nd30,
            "poe": self.poe,
            "signatures": [s.as_dict() for s in self.signatures],
        }


def worst(indications: list[Indication]) -> Indication:
    """The most severe of several indications."""
    return max(indications, key=lambda i: _RANK[i]) if indications else "TOTAL_PASSED"


def overall(bottom_lines: list[BottomLine]) -> BottomLine:
    """The bottom line of several files: the worst of the signed ones; NO_SIGNATURE when none
    is signed (an unsigned annex does not make a dossier's signatures undecided)."""
    signed: list[Indication] = [b for b in bottom_lines if b != NO_SIGNATURE]
    return worst(signed) if signed else NO_SIGNATURE


# Plain-language explanations of the sub-indications users meet most (vi, en).
_EXPLAIN: dict[str, tuple[str, str]] = {
    "HASH_FAILURE": ("Nội dung đã bị thay đổi sau khi ký", "The signed bytes were changed"),
    "SIG_CRYPTO_FAILURE": ("Giá trị chữ ký không hợp lệ", "The signature value does not verify"),
    "REVOKED": (
        "Chứng thư số đã bị thu hồi trước thời điểm ký",
        "The certificate was revoked before the signing time",
    ),
    "REVOKED_NO_POE": (
        "Chứng thư số đã bị thu hồi; không có bằng chứng chữ ký có trước đó",
        "The certificate is revoked and nothing proves the signature existed before the revocation",
    ),
    "NO_CERTIFICATE_CHAIN_FOUND": (
        "Chứng thư số không thuộc tổ chức cung cấp dịch vụ được tin cậy",
        "The certificate does not chain to a trusted root",
    ),
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": (
        "Không kiểm tra được chuỗi chứng thư hoặc tình trạng thu hồi (thiếu OCSP/CRL)",
        "The certificate chain or its revocation status could not be checked (no OCSP/CRL)",
    ),
    "TRY_LATER": (
        "Chưa có thông tin thu hồi đủ mới; thử lại sau",
        "Revocation information is not fresh enough yet; try later",
    ),
    "NO_POE": (
        "Không có bằng chứng tồn tại (dấu thời gian) cho thời điểm ký",
        "No proof of existence (timestamp) covers the signing time",
    ),
    "OUT_OF_BOUNDS_NO_POE": (
        "Chứng thư số đã hết hạn và không có bằng chứng chữ ký có trước đó",
        "The certificate has expired and nothing proves the signature existed while it was valid",
    ),
    "SIG_CONSTRAINTS_FAILURE": (
        "Chữ ký không đáp ứng ràng buộc (ví dụ thiếu dấu thời gian)",
        "The signature does not meet the constraints (e.g. no timestamp)",
    ),
    "EXPIRED": ("Chứng thư số đã hết hạn", "The certificate has expired"),
    "NOT_YET_VALID": (
        "Chứng thư số chưa có hiệu lực tại thời điểm ký",
        "The certificate was not yet valid at the signing time",
    ),
    "FORMAT_FAILURE": ("Chữ ký hoặc tệp không đúng định dạng", "Malformed signature or file"),
    "CRYPTO_CONSTRAINTS_FAILURE": (
        "Thuật toán mật mã không được chấp nhận hoặc không được hỗ trợ",
        "A cryptographic algorithm is not accepted or not supported",
    ),
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": (
        "Thuật toán mật mã đã hết an toàn và không có bằng chứng chữ ký có trước đó",
        "An algorithm is no longer secure and nothing proves the signature existed before",
    ),
    "CHAIN_CONSTRAINTS_FAILURE": (
        "Chuỗi chứng thư không đáp ứng ràng buộc",
        "The certificate chain does not meet the constraints",
    ),
    "REVOKED_CA_NO_POE": (
        "Chứng thư của tổ chức cấp đã bị thu hồi; không có bằng chứng chữ ký có trước đó",
        "A CA certificate is revoked and nothing proves the signature existed before that",
    ),
    "REVOCATION_OUT_OF_BOUNDS_NO_POE": (
        "Thông tin thu hồi nằm ngoài thời hạn và không có bằng chứng tồn tại",
        "The revocation information is out of its validity and no proof of existence covers it",
    ),
    "OUT_OF_BOUNDS_NOT_REVOKED": (
        "Chứng thư số đã hết hạn (chưa bị thu hồi) và không có bằng chứng chữ ký có trước đó",
        "The certificate has expired (not revoked) and nothing proves the signature existed "
        "while it was valid",
    ),
    "NO_SIGNING_CERTIFICATE_FOUND": (
        "Không tìm thấy chứng thư số của người ký",
        "The signer's certificate cannot be found",
    ),
    "SIGNED_DATA_NOT_FOUND": (
        "Không tìm thấy dữ liệu đã ký",
        "The signed data cannot be found",
    ),
    "TIMESTAMP_ORDER_FAILURE": (
        "Thứ tự các dấu thời gian không hợp lệ",
        "The timestamps are not in a valid order",
    ),
    "POLICY_PROCESSING_ERROR": (
        "Không xử lý được chính sách chữ ký",
        "The signature policy could not be processed",
    ),
    "SIGNATURE_POLICY_NOT_AVAILABLE": (
        "Không có chính sách chữ ký",
        "The signature policy is not available",
    ),
    "GENERIC": (
        "Không xác thực được chữ ký (lỗi không xác định)",
        "The signature could not be validated (unspecified error)",
    ),
}


def explain(subindication: str, detail: object | None) -> tuple[str, str]:
    """Vietnamese and English explanation of a sub-indication, with pyHanko's detail if any."""
    vi, en = _EXPLAIN.get(subindication, (subindication, subindication))
    if detail:
        return f"{vi} ({detail})", f"{en} ({detail})"
    return vi, en
