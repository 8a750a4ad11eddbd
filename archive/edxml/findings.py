"""Coded findings of edXML intake (same shape as the ingest findings, docs/edxml.md).

Kept beside the domain, as ``archive/search/findings.py`` is: the envelope checks are the
intake's own; a refused envelope's ``findings.json`` and the CLI show them like any finding.
"""

from __future__ import annotations

from typing import Any, Final

from archive.findings import Finding, Severity

__all__ = ["EDX_CODES", "finding"]

EDX_CODES: Final[dict[str, tuple[Severity, str, str]]] = {
    "EDX001": (
        "error",
        "Không phải gói edXML (QCVN 102:2016): {detail}",
        "Not an edXML envelope (QCVN 102:2016): {detail}",
    ),
    "EDX002": (
        "error",
        "Gói edXML vượt quá giới hạn dung lượng: {detail}",
        "The edXML envelope exceeds the size limit: {detail}",
    ),
    "EDX003": (
        "error",
        "Gói edXML thiếu trường bắt buộc {field}: {detail}",
        "The edXML envelope lacks the required field {field}: {detail}",
    ),
    "EDX004": (
        "error",
        "Giá trị không hợp lệ của {field} trong gói edXML: {detail}",
        "Invalid value of {field} in the edXML envelope: {detail}",
    ),
    "EDX005": (
        "error",
        "Tệp đính kèm {value} không khớp với mục nào trong danh sách đính kèm (ContentId): "
        "{detail}",
        "Attachment {value} matches no entry of the manifest (ContentId): {detail}",
    ),
    "EDX006": (
        "error",
        "Tệp đính kèm {value} khai báo trong danh sách nhưng không có nội dung: {detail}",
        "Attachment {value} is listed in the manifest but has no content: {detail}",
    ),
    "EDX007": (
        "error",
        "Tệp đính kèm {value} xuất hiện hơn một lần: {detail}",
        "Attachment {value} appears more than once: {detail}",
    ),
    "EDX008": (
        "error",
        "Nội dung base64 của tệp đính kèm {value} không hợp lệ: {detail}",
        "The base64 content of attachment {value} is invalid: {detail}",
    ),
    "EDX009": (
        "error",
        "Tệp đính kèm {value} vượt quá giới hạn dung lượng: {detail}",
        "Attachment {value} exceeds the size limit: {detail}",
    ),
    "EDX010": (
        "error",
        "Mã định danh văn bản (DocumentId) không khớp với cơ quan gửi, năm hoặc số: {detail}",
        "The document identifier (DocumentId) does not match the sender, year or number: {detail}",
    ),
    "EDX011": (
        "error",
        "Chữ ký số XML của gói edXML không hợp lệ: {detail}",
        "The XML signature of the edXML envelope is invalid: {detail}",
    ),
    "EDX012": (
        "error",
        "Văn bản này đã được nhận (cùng gói edXML hoặc cùng mã định danh văn bản): {detail}",
        "This document was already received (same envelope or same DocumentId): {detail}",
    ),
    "EDX013": (
        "error",
        "Gói edXML có quá nhiều tệp đính kèm: {detail}",
        "The edXML envelope has too many attachments: {detail}",
    ),
    "EDX014": (
        "error",
        "Gói edXML không có tệp đính kèm nào: {detail}",
        "The edXML envelope has no attachment: {detail}",
    ),
    "EDX015": (
        "error",
        "Chữ ký của tệp đính kèm {value} không đạt: {detail}",
        "The signature of attachment {value} failed: {detail}",
    ),
    "EDX016": (
        "info",
        "Gói edXML có chữ ký số XML hợp lệ: {detail}",
        "The edXML envelope carries a valid XML signature: {detail}",
    ),
    "EDX017": (
        "warning",
        "Gói edXML không có chữ ký số XML: {detail}",
        "The edXML envelope carries no XML signature: {detail}",
    ),
}


def finding(code: str, path: str = "", **params: Any) -> Finding:
    """A finding from the table above."""
    severity, vi, en = EDX_CODES[code]
    params.setdefault("detail", "")
    params.setdefault("path", path)
    return Finding(code, severity, path, vi.format(**params), en.format(**params))
