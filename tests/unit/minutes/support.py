"""Minutes in tests: a home that signs with the test PKI's ``signer-org`` and keeps a local
replica, a spec of each form, and the text of a PDF as pdfium reads it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from archive.bootstrap import Archive
from archive.minutes.forms import FORMS, Form, MinutesSpec, Participant, Procedure
from tests.support import certify
from tests.support.pki import TestPki

__all__ = ["flat", "home", "pdf_text", "spec", "values"]


def home(path: Path, pki: TestPki, catalog_url: str, **settings: Any) -> Archive:
    """A home signing with ``signer-org``, with a local replica, on ``catalog_url``."""
    return certify.home(
        path / "home",
        pki,
        database_url=catalog_url,
        replica_backend="local",
        replica_root=path / "replica",
        **settings,
    )


def spec(
    form: Form = Form.DESTRUCTION_M21, number: str = "01/BB-HTL", **changes: Any
) -> MinutesSpec:
    """Minutes of ``form`` with two rows in Vietnamese, a participant who has not signed, and
    a paragraph."""
    width = len(FORMS[form].columns) - 1
    rows = [
        [f"Ô {n}.{c} — hồ sơ về việc tổ chức Hội nghị tổng kết năm 2025" for c in range(width)]
        for n in (1, 2)
    ]
    values: dict[str, Any] = {
        "form": form,
        "procedure": Procedure("disposal", "HUY-2026-01"),
        "number": number,
        "place": "Hà Nội",
        "day": date(2026, 11, 20),
        "subject": "Hủy tài liệu lưu trữ số hết giá trị của Văn phòng",
        "authority": "Bộ Nội vụ",
        "facts": [("Quyết định hủy số", "12/QĐ-VP ngày 18/11/2026")],
        "participants": [
            Participant("Nguyễn Văn Ánh", "Chủ tịch Hội đồng"),
            Participant("Trần Thị Bích Ngọc", "Thư ký", signed=False),
        ],
        "rows": rows,
        "paragraphs": ["Biên bản được lập thành bản điện tử, có chữ ký số của Lưu trữ cơ quan."],
    }
    values.update(changes)
    return MinutesSpec(**values)


def pdf_text(data: bytes) -> str:
    """Every page's text, as pdfium extracts it."""
    doc = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def flat(text: str) -> str:
    """``text`` without any white space (the page wraps long cells anywhere)."""
    return "".join(text.split())


def values(data: Any) -> list[str]:
    """Every string and number a JSON value holds, leaves only."""
    if isinstance(data, dict):
        return [v for item in data.values() for v in values(item)]
    if isinstance(data, list):
        return [v for item in data for v in values(item)]
    if isinstance(data, bool) or data is None:
        return []
    return [str(data)]
