"""Write a list (a header row and rows) as CSV, XLSX or PDF, with Vietnamese text intact.

Used for the disposal list (Danh mục tài liệu hết giá trị), the transfer registration and the
Mục lục hồ sơ nộp lưu. The PDF uses the DejaVu fonts bundled with the demo renderer, which
carry the Vietnamese diacritics; output is deterministic for the same input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from fpdf import FPDF
from openpyxl.styles import Alignment, Font

from archive.atomic import atomic_write
from archive.errors import InvalidInput
from archive.exports import csv_bytes, new_workbook, workbook_bytes, xlsx_append

__all__ = ["FORMATS", "Table", "table_bytes", "write_table"]

FORMATS: Final = ("csv", "xlsx", "pdf")
_FONT_DIR = Path(__file__).resolve().parents[1] / "demo" / "fonts"
_FAMILY = "DejaVu"
_FIXED_TIME = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Table:
    """A titled table: the law's column names and the rows under them."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[object]]
    subtitle: str = ""
    widths: Sequence[float] = ()  # relative column widths for the PDF


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _csv(table: Table) -> bytes:
    # BOM: Excel reads UTF-8 only with it. Cells are neutralised by the shared export writer.
    return csv_bytes([table.columns, *table.rows], bom=True)


def _xlsx(table: Table) -> bytes:
    wb, ws = new_workbook("Danh muc")
    xlsx_append(ws, [table.title])[0].font = Font(bold=True, size=13)
    if table.subtitle:
        xlsx_append(ws, [table.subtitle])
    for cell in xlsx_append(ws, list(table.columns)):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in table.rows:
        xlsx_append(ws, row)
    return workbook_bytes(wb)


def _pdf(table: Table) -> bytes:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_creation_date(_FIXED_TIME)
    pdf.add_font(_FAMILY, "", _FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(_FAMILY, "B", _FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_title(table.title)
    pdf.set_creator("archive")
    pdf.add_page()
    pdf.set_font(_FAMILY, "B", 13)
    pdf.multi_cell(0, 7, table.title, align="C", new_x="LMARGIN", new_y="NEXT")
    if table.subtitle:
        pdf.set_font(_FAMILY, "", 10)
        pdf.multi_cell(0, 6, table.subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(_FAMILY, "", 8)
    widths = list(table.widths) or [1.0] * len(table.columns)
    total = sum(widths)
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    col_widths = tuple(usable * w / total for w in widths)
    with pdf.table(col_widths=col_widths, text_align="LEFT", line_height=4.5) as grid:
        header = grid.row()
        for name in table.columns:
            header.cell(name)
        for row in table.rows:
            cells = grid.row()
            for value in row:
                cells.cell(_text(value))
    return bytes(pdf.output())


def table_bytes(table: Table, fmt: str) -> bytes:
    """``table`` in ``fmt`` (csv, xlsx, pdf)."""
    writers = {"csv": _csv, "xlsx": _xlsx, "pdf": _pdf}
    if fmt not in writers:
        raise InvalidInput(
            f"định dạng {fmt!r} không hỗ trợ; dùng {', '.join(FORMATS)} / "
            f"unsupported format {fmt!r}; use {', '.join(FORMATS)}"
        )
    return writers[fmt](table)


def write_table(table: Table, fmt: str, out: Path) -> Path:
    """Write ``table`` to ``out`` in ``fmt`` (csv, xlsx, pdf); returns ``out``."""
    if fmt not in FORMATS:
        table_bytes(table, fmt)  # refuses it, before the folder is looked at
    if not out.parent.is_dir():
        raise InvalidInput(
            f"không có thư mục {out.parent} / folder {out.parent} does not exist: create it first"
        )
    atomic_write(out, table_bytes(table, fmt))
    return out
