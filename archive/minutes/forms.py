"""The forms of the minutes (biên bản) the archive writes, and what a caller gives to write one.

Titles and columns follow docs/domain.md §4.12 and: §4.9 (the backup log, Mẫu 18, whose columns the
law lists; the backup minutes, Mẫu 19; the inspection, Mẫu 17; the incident recovery, Mẫu 20),
§4.11 and §5.4 (the council's minutes, the destruction minutes, Mẫu 21, with the columns of
the list of records to destroy and where each was erased), and NĐ 30/2020 §2.5 for the
hand-over minutes of a transfer. Where the law names a form without its columns, the columns
are the ones its procedure records (docs/minutes.md says which).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Final

from archive.errors import InvalidInput
from archive.messages.catalogue import text

__all__ = [
    "FORMS",
    "MAX_PARAGRAPHS",
    "MAX_ROWS",
    "Form",
    "FormInfo",
    "MinutesSpec",
    "Participant",
    "Procedure",
    "check_spec",
]

MAX_ROWS: Final = 20_000
"""Rows of one table (a destruction of a whole fonds stays far below)."""
MAX_PARAGRAPHS: Final = 200
_MAX_TEXT: Final = 4000
"""Characters of one value (a paragraph, a cell, a fact)."""


class Form(StrEnum):
    """The forms of minutes; the value is what the catalog, the JSON and the CLI keep."""

    COUNCIL = "council"
    DESTRUCTION_M21 = "destruction-m21"
    HANDOVER = "handover"
    BACKUP_LOG_M18 = "backup-log-m18"
    BACKUP_M19 = "backup-m19"
    INSPECTION_M17 = "inspection-m17"
    INCIDENT_M20 = "incident-m20"


@dataclass(frozen=True)
class FormInfo:
    """A form's title (Vietnamese, English), the law's form number and its table's columns
    (Vietnamese, English), STT (the row number, written by the archive) first."""

    title_vi: str
    title_en: str
    law: str
    columns: tuple[tuple[str, str], ...]


_STT: Final = ("STT", "No.")

FORMS: Final[dict[Form, FormInfo]] = {
    Form.COUNCIL: FormInfo(
        "BIÊN BẢN HỌP HỘI ĐỒNG XÉT HỦY TÀI LIỆU LƯU TRỮ",
        "Minutes of the disposal council",
        "TT 05/2025 Ch. VII; LLT 2024 Đ16",
        (
            _STT,
            ("Họ và tên", "Name"),
            ("Chức vụ trong Hội đồng", "Role in the council"),
            ("Ý kiến", "Opinion"),
            ("Ghi chú", "Note"),
        ),
    ),
    Form.DESTRUCTION_M21: FormInfo(
        "BIÊN BẢN HỦY TÀI LIỆU LƯU TRỮ SỐ HẾT GIÁ TRỊ",
        "Minutes of the destruction of digital records",
        "Mẫu 21; TT 05/2025 Ch. VII",
        (
            _STT,
            ("Mã lưu trữ hồ sơ", "Archival dossier code"),
            ("Tiêu đề hồ sơ", "Title"),
            ("Thời hạn lưu trữ", "Retention"),
            ("Tổng số tài liệu", "Documents"),
            ("Số tệp, dung lượng", "Files, size"),
            ("Lý do hủy", "Reason"),
            ("Nơi đã xóa", "Erased from"),
            ("Ghi chú", "Note"),
        ),
    ),
    Form.HANDOVER: FormInfo(
        "BIÊN BẢN GIAO NHẬN TÀI LIỆU LƯU TRỮ SỐ",
        "Minutes of the hand-over of digital records",
        "LLT 2024; NĐ 30/2020 Phụ lục V",
        (
            _STT,
            ("Mã lưu trữ hồ sơ", "Archival dossier code"),
            ("Tiêu đề hồ sơ", "Title"),
            ("Thời hạn lưu trữ", "Retention"),
            ("Số tài liệu", "Documents"),
            ("Dung lượng", "Size"),
            ("Ghi chú", "Note"),
        ),
    ),
    Form.BACKUP_LOG_M18: FormInfo(
        "SỔ NHẬT KÝ SAO LƯU DỰ PHÒNG",
        "Backup log",
        "Mẫu 18; TT 05/2025 Ch. V",
        (
            _STT,
            ("Phương thức/nội dung", "Method/content"),
            ("Thời gian", "Time"),
            ("Tên tệp tin/Thư mục", "File/folder name"),
            ("Mã phương tiện lưu trữ", "Storage medium code"),
            ("Người sao lưu", "Backed up by"),
        ),
    ),
    Form.BACKUP_M19: FormInfo(
        "BIÊN BẢN SAO LƯU DỰ PHÒNG",
        "Minutes of a backup",
        "Mẫu 19; TT 05/2025 Ch. V",
        (
            _STT,
            ("Phương thức/nội dung", "Method/content"),
            ("Thời gian", "Time"),
            ("Tên tệp tin/Thư mục", "File/folder name"),
            ("Mã phương tiện lưu trữ", "Storage medium code"),
            ("Kết quả kiểm tra", "Verification"),
            ("Ghi chú", "Note"),
        ),
    ),
    Form.INSPECTION_M17: FormInfo(
        "BIÊN BẢN KIỂM TRA TÀI LIỆU LƯU TRỮ SỐ",
        "Minutes of the inspection of digital records",
        "Mẫu 17; TT 05/2025 Ch. V",
        (
            _STT,
            ("Phông", "Fonds"),
            ("Mã lưu trữ", "Archival code"),
            ("Tên tệp tin", "File name"),
            ("Địa chỉ lưu trữ", "Storage address"),
            ("Lỗi phát hiện", "Failure found"),
            ("Biện pháp khắc phục", "Remediation"),
        ),
    ),
    Form.INCIDENT_M20: FormInfo(
        "BIÊN BẢN KHÔI PHỤC DỮ LIỆU SAU SỰ CỐ",
        "Minutes of the recovery after an incident",
        "Mẫu 20; TT 05/2025 Ch. V",
        (
            _STT,
            ("Thời gian", "Time"),
            ("Sự cố", "Incident"),
            ("Biện pháp khắc phục", "Action"),
            ("Bản sao lưu dùng để khôi phục", "Backup restored from"),
            ("Kết quả kiểm tra", "Verification"),
        ),
    ),
}


@dataclass(frozen=True)
class Procedure:
    """The procedure minutes belong to: its kind (``disposal``, ``transfer``, ``backup``,
    ``inspection``, ``incident``, ``council``…) and its code (``HUY-2026-01``)."""

    kind: str
    code: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


@dataclass(frozen=True)
class Participant:
    """Who takes part: name, role (as printed: "Chủ tịch Hội đồng", "Bên giao"), and whether
    they signed the paper or their own copy (the archive's signature is always there)."""

    name: str
    role: str
    signed: bool = True


@dataclass(frozen=True)
class MinutesSpec:
    """What a procedure gives to write its minutes. ``rows`` hold the cells of the form's
    columns after STT (the archive numbers the rows); ``facts`` are the heading fields of the
    form as (label, value), printed in order under the title (the decision's number, the
    council's composition, the backup set…); ``paragraphs`` are free text after the table."""

    form: Form
    procedure: Procedure
    number: str
    """Số biên bản, as the agency numbers it (``01/BB-HĐXH``); unique per form and procedure."""
    place: str
    """Where it was drawn up (``Hà Nội``)."""
    day: date
    subject: str = ""
    """Trích yếu: what it is about, one line."""
    authority: str = ""
    """Tên cơ quan chủ quản, above the agency in the heading (may be empty)."""
    facts: Sequence[tuple[str, str]] = field(default_factory=tuple)
    participants: Sequence[Participant] = field(default_factory=tuple)
    rows: Sequence[Sequence[str]] = field(default_factory=tuple)
    paragraphs: Sequence[str] = field(default_factory=tuple)


def _refuse(key: str, **params: object) -> InvalidInput:
    return InvalidInput(f"{text(key, 'vi', **params)} / {text(key, 'en', **params)}")


def _check_text(what: str, value: str, limit: int = _MAX_TEXT) -> None:
    if len(value) > limit:
        raise _refuse("minutes.too_long", what=what, limit=limit)
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        raise _refuse("minutes.control_character", what=what)


def check_spec(spec: MinutesSpec) -> None:
    """Refuse (InvalidInput, bilingual) a spec that cannot make a form: no number, place or
    procedure; a row whose cells do not match the form's columns; too many rows; a value too
    long or with control characters."""
    for what, value, limit in (
        ("number", spec.number, 100),
        ("place", spec.place, 200),
        ("procedure.kind", spec.procedure.kind, 30),
        ("procedure.code", spec.procedure.code, 100),
    ):
        if not value.strip():
            raise _refuse("minutes.missing", what=what)
        _check_text(what, value, limit)
    _check_text("subject", spec.subject, 1000)
    _check_text("authority", spec.authority, 300)
    width = len(FORMS[spec.form].columns) - 1
    if len(spec.rows) > MAX_ROWS:
        raise _refuse("minutes.too_many", what="rows", limit=MAX_ROWS)
    if len(spec.paragraphs) > MAX_PARAGRAPHS:
        raise _refuse("minutes.too_many", what="paragraphs", limit=MAX_PARAGRAPHS)
    for n, row in enumerate(spec.rows, 1):
        if len(row) != width:
            raise _refuse("minutes.row_width", row=n, got=len(row), want=width, form=spec.form)
        for cell in row:
            _check_text(f"row {n}", cell)
    for label, value in spec.facts:
        _check_text("facts", label, 200)
        _check_text("facts", value)
    for person in spec.participants:
        _check_text("participants", person.name, 200)
        _check_text("participants", person.role, 200)
    for paragraph in spec.paragraphs:
        _check_text("paragraphs", paragraph)
