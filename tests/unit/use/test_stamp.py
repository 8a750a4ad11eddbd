"""The marks of reading and plain copies (TT 05/2025 Đ37, Đ40; archive/use/stamp.py), read back
by an independent renderer (PDFium, through pypdfium2): where each mark is on the page, in which
font, size and colour. The originals are built here by code: pages of three sizes, one turned
by ``/Rotate``, one with a crop box that does not start at 0."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from io import BytesIO

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject

from archive.errors import InvalidInput
from archive.use.stamp import COPY_MARK, plain_copy_pdf, reading_copy_pdf

AGENCY = "Ủy ban nhân dân tỉnh Đồng Nai"
READER = "Nguyễn Thị Hồng Nhung"
DAY = "03/11/2026"
MM = 72 / 25.4


def _original() -> bytes:
    """Four pages: A4 portrait, A4 landscape, A5 turned by /Rotate 90, and A4 with a crop box
    inset 30 pt (what a reader sees is the crop box)."""
    pdf = FPDF(unit="pt")
    pdf.set_font("helvetica", size=12)
    for n, size in enumerate(((595, 842), (842, 595), (420, 595), (595, 842)), start=1):
        pdf.add_page(format=size)
        pdf.text(72, 100, f"Trang {n}")
    writer = PdfWriter(clone_from=PdfReader(BytesIO(bytes(pdf.output()))))
    writer.pages[2].rotate(90)
    writer.pages[3].cropbox = RectangleObject([30, 30, 565, 812])
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class Mark:
    left: float
    bottom: float
    right: float
    top: float
    size: float
    font: str
    flags: int
    colour: tuple[int, int, int, int]


def _find(page: pdfium.PdfPage, text: str) -> Mark | None:
    """Where PDFium finds ``text`` on ``page`` (page coordinates from the visible box's
    bottom-left corner), with its first character's font, size, flags and fill colour."""
    textpage = page.get_textpage()
    found = textpage.search(text).get_next()
    if found is None:
        return None
    first, count = found
    boxes = [textpage.get_charbox(i) for i in range(first, first + count)]
    name = ctypes.create_string_buffer(200)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, first, name, 200, flags)
    rgba = [ctypes.c_uint() for _ in range(4)]
    pdfium_c.FPDFText_GetFillColor(textpage.raw, first, *rgba)
    origin = page.get_cropbox()
    return Mark(
        left=min(b[0] for b in boxes) - origin[0],
        bottom=min(b[1] for b in boxes) - origin[1],
        right=max(b[2] for b in boxes) - origin[0],
        top=max(b[3] for b in boxes) - origin[1],
        size=pdfium_c.FPDFText_GetFontSize(textpage.raw, first),
        font=name.value.decode(),
        flags=flags.value,
        colour=(rgba[0].value, rgba[1].value, rgba[2].value, rgba[3].value),
    )


def _upright(mark: Mark) -> None:
    """Liberation Serif (Times New Roman's metric twin), regular, upright, black."""
    assert mark.font.endswith("+LiberationSerif")
    assert not mark.flags & 0x40  # Italic
    assert not mark.flags & 0x40000  # ForceBold
    assert mark.colour == (0, 0, 0, 255)


def test_the_reading_copy_carries_the_agency_centred_in_every_bottom_margin() -> None:
    copy = pdfium.PdfDocument(reading_copy_pdf(_original(), AGENCY, READER, DAY))
    assert len(copy) == 4
    second = f"Bản đọc cấp cho {READER} ngày {DAY}"
    for n, page in enumerate(copy, start=1):
        width, _ = page.get_size()
        assert _find(page, f"Trang {n}") is not None  # the page itself is there
        for text in (AGENCY, second):
            mark = _find(page, text)
            assert mark is not None, (n, text)
            centre = (mark.left + mark.right) / 2
            assert abs(centre - width / 2) < 1.5, (n, text, centre, width)
            assert mark.top < 20 * MM and mark.bottom > 0, (n, text)  # in the bottom margin
            assert mark.size == pytest.approx(10)
            _upright(mark)
        assert _find(page, COPY_MARK) is None
    # The turned page reads upright: its visible box is landscape and the marks sit at the
    # bottom of what the reader sees.
    assert copy[2].get_size() == pytest.approx((595, 420), abs=1)


def test_the_plain_copy_is_marked_top_right_of_the_first_page_only() -> None:
    copy = pdfium.PdfDocument(plain_copy_pdf(_original()))
    first = copy[0]
    width, height = first.get_size()
    mark = _find(first, COPY_MARK)
    assert mark is not None
    assert mark.size == pytest.approx(10)
    _upright(mark)
    assert mark.left > width / 2 and abs(mark.right - (width - 15 * MM)) < 1.5
    assert mark.bottom > height - 20 * MM and mark.top < height
    for n, page in enumerate(copy, start=1):
        assert _find(page, f"Trang {n}") is not None
        assert _find(page, AGENCY) is None
        if n > 1:
            assert _find(page, COPY_MARK) is None


def test_a_long_agency_name_is_made_smaller_to_fit_the_page() -> None:
    agency = " ".join([AGENCY] * 5)
    copy = pdfium.PdfDocument(reading_copy_pdf(_original(), agency, READER, DAY))
    sizes = []
    for page in copy:
        width, _ = page.get_size()
        mark = _find(page, agency)
        assert mark is not None
        assert mark.left >= 15 * MM - 1 and mark.right <= width - 15 * MM + 1
        sizes.append(mark.size)
    assert sizes[1] == pytest.approx(10)  # A4 landscape has room
    assert 6 <= sizes[0] < 10  # A4 portrait has not


def test_no_attachment_survives_in_a_copy() -> None:
    """A reading copy must not be a way to take a file away: embedded files of the catalogue
    are not carried over."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(_original())))
    writer.add_attachment("tep-dinh-kem.txt", b"noi dung rieng")
    out = BytesIO()
    writer.write(out)
    copy = PdfReader(BytesIO(reading_copy_pdf(out.getvalue(), AGENCY, READER, DAY)))
    assert copy.attachments == {}
    assert b"noi dung rieng" not in reading_copy_pdf(out.getvalue(), AGENCY, READER, DAY)


def test_what_is_not_a_pdf_is_refused_clearly() -> None:
    with pytest.raises(InvalidInput, match="cannot be read as a PDF"):
        plain_copy_pdf(b"not a pdf at all")
