"""The marks the law puts on copies of a digital record (TT 05/2025 Chương VI, docs/domain.md
§4.10), laid over a PDF's pages without touching the original's bytes:

* a reading copy (bản đọc, Đ37): the agency's name centred in the bottom margin of every page,
  with the reader's name and the date on a second line;
* a plain copy (bản sao không xác thực, Đ40): "BẢN SAO" in the top-right corner of the first
  page, in Times New Roman (here its metric-compatible free twin, Liberation Serif, which has
  every Vietnamese glyph), regular, upright, 10 pt, black.

The marks are drawn by fpdf2 on an overlay page of each page's size and merged by pypdf into a
new PDF built from the original's pages alone: the document catalogue's attachments, scripts,
open actions and form (the signature fields: a copy is not the signed original) are not
carried over, nor are file-attachment annotations. A page turned by ``/Rotate`` is turned in
its content first, so the bottom margin is the one the reader sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Final

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, NameObject, RectangleObject

from archive.errors import InvalidInput, NotSupported

__all__ = [
    "COPY_MARK",
    "FONT_FILE",
    "MARGINS",
    "MARK_SIZE",
    "Margins",
    "plain_copy_pdf",
    "reading_copy_pdf",
]

FONT_FILE: Final = Path(__file__).with_name("fonts") / "LiberationSerif-Regular.ttf"
"""Liberation Serif Regular 2.1.5 (SIL OFL 1.1; fonts/LICENSE)."""
_FAMILY: Final = "LiberationSerif"
COPY_MARK: Final = "BẢN SAO"
MARK_SIZE: Final = 10.0
"""Points, for both marks (Đ40 says 10 for "BẢN SAO")."""
_MIN_SIZE: Final = 6.0
Marks = list[list[tuple[str, str, float]]]
"""For each page, its marks: (text, where, baseline)."""
_MM: Final = 72 / 25.4


@dataclass(frozen=True)
class Margins:
    """Where the marks sit, in points from the page's edges (ND 30/2020 Phụ lục I: margins of
    20–25 mm at the top and bottom, 15–20 mm at the right): the baselines of the two bottom
    lines, and the right edge and baseline of "BẢN SAO"."""

    bottom_first: float = 13 * _MM
    bottom_second: float = 8 * _MM
    right: float = 15 * _MM
    top: float = 12 * _MM


MARGINS: Final = Margins()


def _pages(original: bytes) -> tuple[PdfWriter, list[RectangleObject]]:
    """A new PDF holding the original's pages (turned upright) and each page's visible box."""
    try:
        reader = PdfReader(BytesIO(original))
        if reader.is_encrypted:
            raise NotSupported(
                "bản gốc được mã hóa, không tạo được bản sao / the original is encrypted: no "
                "copy can be made of it"
            )
        writer = PdfWriter()
        boxes: list[RectangleObject] = []
        for page in reader.pages:
            added = writer.add_page(page)
            if added.rotation % 360:  # only then: it rewrites the page's content
                added.transfer_rotation_to_content()
            annots = added.get("/Annots")
            if annots is not None:
                kept = [a for a in annots.get_object() if not _attachment(a.get_object())]
                added[NameObject("/Annots")] = ArrayObject(kept)
            boxes.append(added.cropbox)
    except PyPdfError as exc:
        raise InvalidInput(
            f"bản gốc không đọc được như PDF / the original cannot be read as a PDF: {exc}"
        ) from exc
    return writer, boxes


def _attachment(annotation: object) -> bool:
    get = getattr(annotation, "get", None)
    return get is not None and get("/Subtype") == "/FileAttachment"


def _overlay(boxes: list[RectangleObject], draw: Marks) -> bytes:
    """One overlay page per box; ``draw[i]``: (text, where, baseline) for page ``i``, where is
    ``bottom`` (centred, baseline from the bottom edge) or ``top-right`` (baseline from the
    top edge, right-aligned to the right margin)."""
    pdf = FPDF(unit="pt", format=(595, 842))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font(_FAMILY, "", FONT_FILE)
    pdf.set_creator("archive")
    pdf.set_text_color(0, 0, 0)
    for box, marks in zip(boxes, draw, strict=True):
        width, height = float(box.width), float(box.height)
        pdf.add_page(format=(width, height))
        for text, where, baseline in marks:
            size = _fitting(pdf, text, width - 2 * MARGINS.right)
            pdf.set_font(_FAMILY, "", size)
            wide = pdf.get_string_width(text)
            x = (width - wide) / 2 if where == "bottom" else width - MARGINS.right - wide
            y = height - baseline if where == "bottom" else baseline
            pdf.text(x, y, text)
    return bytes(pdf.output())


def _fitting(pdf: FPDF, text: str, room: float) -> float:
    """``MARK_SIZE``, or smaller (not under 6 pt) for a line wider than the page allows."""
    pdf.set_font(_FAMILY, "", MARK_SIZE)
    wide = pdf.get_string_width(text)
    if wide <= room or wide == 0:
        return MARK_SIZE
    return max(_MIN_SIZE, MARK_SIZE * room / wide)


def _stamped(original: bytes, marks_for: Callable[[int], Marks]) -> bytes:
    """The original's pages with ``marks_for(page count)`` laid over them."""
    writer, boxes = _pages(original)
    marks = marks_for(len(boxes))
    overlay = PdfReader(BytesIO(_overlay(boxes, marks)))
    for page, mark, box, drawn in zip(writer.pages, overlay.pages, boxes, marks, strict=True):
        if not drawn:
            continue  # a page without marks is left as it came
        if box.left or box.bottom:
            page.merge_transformed_page(mark, Transformation().translate(box.left, box.bottom))
        else:
            page.merge_page(mark)
        page.compress_content_streams()  # the merge writes the page's content uncompressed
    writer.add_metadata({"/Producer": "archive", "/Creator": "archive"})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def reading_copy_pdf(original: bytes, agency: str, reader: str, day: str) -> bytes:
    """The reading copy (Đ37): on every page, centred in the bottom margin, the agency's name
    and under it the reader's name and the date (``day``, dd/mm/yyyy)."""
    second = f"Bản đọc cấp cho {reader} ngày {day}"
    marks = [
        (agency, "bottom", MARGINS.bottom_first),
        (second, "bottom", MARGINS.bottom_second),
    ]
    return _stamped(original, lambda count: [marks] * count)


def plain_copy_pdf(original: bytes) -> bytes:
    """The plain copy (Đ40): "BẢN SAO" in the top-right corner of the first page only."""

    def first_only(count: int) -> Marks:
        return [[(COPY_MARK, "top-right", MARGINS.top)] if i == 0 else [] for i in range(count)]

    return _stamped(original, first_only)
