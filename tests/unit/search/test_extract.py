"""Text extraction: real PDFs, broken files, scans without text, limits, text formats."""

from __future__ import annotations

import hashlib
import io
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import BinaryIO

import pytest
from fpdf import FPDF
from PIL import Image

from archive.demo.pdf import DemoDocument, render_pdf
from archive.search.extract import Extraction, StagedText, extract_staged, extract_text

MiB = 1024 * 1024

DECISION = DemoDocument(
    organ_name="ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH",
    code_number="123",
    code_notation="QĐ-UBND",
    type_label="QUYẾT ĐỊNH",
    place="Hòa Bình",
    issued=date(2023, 1, 18),
    subject="Về việc giao đất cho Công ty cổ phần Đầu tư và Phát triển Đô thị Hòa An",
    body=("Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;", "Điều 1. Giao 52.340,5 m² đất."),
    signer_position="CHỦ TỊCH",
    signer_name="Nguyễn Văn An",
)


class _Opened:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.calls = 0

    @contextmanager
    def __call__(self) -> Iterator[BinaryIO]:
        self.calls += 1
        yield io.BytesIO(self.data)


def extract(
    data: bytes,
    name: str = "doc.pdf",
    *,
    max_bytes: int = 10 * MiB,
    max_chars: int = 10**6,
    **kw: object,
) -> Extraction:
    size = kw.pop("size", len(data))
    return extract_text(
        _Opened(data),
        name=name,
        mime=None,
        size=size,
        max_bytes=max_bytes,
        max_chars=max_chars,  # type: ignore[arg-type]
    )


def test_vietnamese_pdf_text_comes_out_nfc() -> None:
    result = extract(render_pdf(DECISION))
    assert result.status == "ok" and result.findings == ()
    assert "Số: 123/QĐ-UBND" in result.text
    assert "Về việc giao đất cho Công ty cổ phần Đầu tư" in result.text
    assert "Nguyễn Văn An" in result.text
    assert unicodedata.is_normalized("NFC", result.text)
    assert result.pages == 1


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n garbage that is not a pdf",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>",
        b"",
    ],
    ids=["garbage", "no-xref", "empty"],
)
def test_broken_pdf_is_a_finding_not_a_crash(data: bytes) -> None:
    result = extract(data)
    assert result.status == "failed" and result.text == ""
    assert [f.code for f in result.findings] == ["TXT002"]
    assert result.findings[0].severity == "warning"


def test_truncated_real_pdf_is_a_finding() -> None:
    data = render_pdf(DECISION)
    result = extract(data[: len(data) // 3])
    assert result.status in ("failed", "needs_ocr")
    assert result.findings


def _scan_pdf() -> bytes:
    image = Image.new("RGB", (200, 280), "white")
    for x in range(20, 180):
        image.putpixel((x, 40), (0, 0, 0))
    png = io.BytesIO()
    image.save(png, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(png.getvalue()), x=10, y=10, w=190)
    pdf.add_page()
    pdf.rect(20, 20, 100, 50)
    return bytes(pdf.output())


def test_pdf_without_text_layer_needs_ocr() -> None:
    result = extract(_scan_pdf())
    assert result.status == "needs_ocr" and result.text == ""
    assert [f.code for f in result.findings] == ["TXT001"]
    assert result.pages == 2


@pytest.mark.parametrize("name", ["scan.jpg", "scan.TIF", "page.png"])
def test_images_need_ocr(name: str) -> None:
    assert extract(b"\xff\xd8\xff", name).status == "needs_ocr"


def test_size_limit_is_checked_before_reading() -> None:
    opener = _Opened(render_pdf(DECISION))
    result = extract_text(
        opener,
        name="big.pdf",
        mime="application/pdf",
        size=11 * MiB,
        max_bytes=10 * MiB,
        max_chars=100,
    )
    assert result.status == "too_large" and opener.calls == 0
    assert [f.code for f in result.findings] == ["TXT003"]


@pytest.mark.parametrize("name", ["lies.pdf", "lies.txt"])
def test_size_limit_holds_while_streaming(name: str) -> None:
    """A stream longer than the catalog said is cut off at the limit, not read whole."""
    result = extract(b"%PDF-" + b"x" * 5000, name, max_bytes=1000, size=10)
    assert result.status == "too_large"


def test_text_is_cut_at_max_chars() -> None:
    result = extract(("đất đai " * 1000).encode(), "a.txt", max_chars=100)
    assert result.status == "ok" and len(result.text) == 100
    assert [f.code for f in result.findings] == ["TXT004"]
    pdf = extract(render_pdf(DECISION), max_chars=50)
    assert len(pdf.text) == 50 and [f.code for f in pdf.findings] == ["TXT004"]


def test_text_formats() -> None:
    csv = "\ufeffSố hiệu điểm,X (m)\nM1,2303215.42\n".encode()
    assert extract(csv, "toado.csv").text.startswith("Số hiệu điểm,X (m)")
    nfd = unicodedata.normalize("NFD", "Quyết định").encode()
    assert extract(nfd, "a.txt").text == "Quyết định"
    xml = "<doc><p>Giao <b>đất</b></p></doc>".encode()
    assert extract(xml, "a.xml").text.split() == ["Giao", "đất"]
    latin = b"caf\xe9"
    assert extract(latin, "a.txt").text == "caf\ufffd"


def test_other_formats_are_unsupported_quietly() -> None:
    result = extract(b"PK\x03\x04", "report.docx")
    assert result.status == "unsupported" and result.findings == ()


@pytest.mark.parametrize(
    "kind", ["text", "scan", "broken", "cut", "too-large", "encrypted-password"]
)
def test_a_staged_extraction_is_the_stored_files_extraction(kind: str) -> None:
    """What a worker extracts from a staged PDF's bytes at ingest (``extract_staged``) is what
    the index would extract from the stored file itself, findings and their paths included."""
    from pypdf import PdfWriter

    data = render_pdf(DECISION)
    max_chars, max_bytes = 10**6, 10 * MiB
    if kind == "scan":
        data = _scan_pdf()
    elif kind == "broken":
        data = data[: len(data) // 3]
    elif kind == "cut":
        max_chars = 40
    elif kind == "too-large":
        max_bytes = len(data) - 1
    elif kind == "encrypted-password":
        writer = PdfWriter(clone_from=io.BytesIO(data))
        writer.encrypt(user_password="mat-khau", algorithm="AES-128")
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    path = "representations/rep1/data/QD-123.pdf"
    where = f"H49.01.2023.001/{path}"
    stored = extract_text(
        _Opened(data),
        name=path,
        mime="application/pdf",
        size=len(data),
        max_bytes=max_bytes,
        max_chars=max_chars,
        path=where,
    )
    digest = hashlib.sha256(data).hexdigest()
    staged = extract_staged(data, path, digest, where, (max_bytes, max_chars))
    assert staged == StagedText(path, digest, stored)
    expected = {
        "text": "ok",
        "scan": "needs_ocr",
        "broken": "failed",
        "cut": "ok",
        "too-large": "too_large",
        "encrypted-password": "failed",
    }
    assert stored.status == expected[kind]
    assert all(where in f.message_en for f in stored.findings)
