"""The one writer for every CSV and XLSX the archive produces, safe to open in a spreadsheet.

Exported cells carry text that came from submitted packages (titles, descriptions, subjects)
or from people (reasons, notes). A spreadsheet program treats a cell that starts with ``=``,
``+``, ``-`` or ``@`` as a formula (tab and carriage return are read the same way by some), so
``=HYPERLINK("http://evil.example","x")`` in a dossier description would become a live link
in the Mục lục an officer opens. Following the OWASP CSV-injection guidance:

- CSV: a text cell starting with one of those characters is written with a leading ``'``;
  ``restore`` undoes it for the archive's own importers (the schedule round trip);
- XLSX: every text cell is written as a string cell (never a formula, whatever it starts
  with) and the dangerous ones also get Excel's "quote prefix" style, so editing the cell in
  Excel does not turn it into a formula either; the text itself is kept exactly.

Numbers, dates and booleans stay typed, so a real negative number (``-5``) is a number, not
text with a quote in front.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Final

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "DANGEROUS_STARTS",
    "csv_bytes",
    "is_dangerous",
    "neutralise",
    "new_workbook",
    "restore",
    "workbook_bytes",
    "xlsx_append",
]

DANGEROUS_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
# Workbook timestamps are fixed so the same list gives the same bytes (the transfer
# registration stores the Mục lục in an OCFL object and records its digest).
_FIXED_TIME: Final = datetime(2000, 1, 1, tzinfo=UTC).replace(tzinfo=None)
_FIXED_STAMP: Final = b"2000-01-01T00:00:00Z"
_MODIFIED: Final = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_Typed = int | float | Decimal | date | datetime | time | bool


def is_dangerous(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula, also behind leading quotes
    (so that ``neutralise`` stays reversible for text that itself starts with ``'=``)."""
    return text.lstrip("'").startswith(DANGEROUS_STARTS)


def neutralise(text: str) -> str:
    """``text`` as a CSV cell: a ``'`` in front when it could be read as a formula."""
    return "'" + text if is_dangerous(text) else text


def restore(text: str) -> str:
    """Undo ``neutralise`` (for reading back a CSV the archive wrote)."""
    if text.startswith("'") and is_dangerous(text[1:]):
        return text[1:]
    return text


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, _Typed):
        return str(value)  # typed values are written as they are: -5 stays a number
    return neutralise(str(value))


def csv_bytes(
    rows: Iterable[Sequence[object]], *, bom: bool = False, line_end: str = "\r\n"
) -> bytes:
    """Rows as UTF-8 CSV; text cells neutralised, numbers and dates as they are.

    ``bom``: start with a UTF-8 byte order mark, which Excel needs to read UTF-8 (Vietnamese
    text would otherwise show as mojibake).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def new_workbook(sheet_title: str) -> tuple[Workbook, Worksheet]:
    """An empty workbook and its one sheet."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new Workbook always has one worksheet
    ws.title = sheet_title
    return wb, ws


def _secure(cell: Cell, value: object) -> None:
    """Make a freshly appended cell a string cell unless its value is typed."""
    if value is None or isinstance(value, _Typed):
        return
    # ws.append makes any text starting with "=" a formula; force a string cell instead.
    cell.data_type = "s"
    if is_dangerous(str(value)):
        cell.quotePrefix = True


def xlsx_append(ws: Worksheet, values: Sequence[object]) -> list[Cell]:
    """Append one row (text as string cells, typed values typed); returns its cells."""
    plain = [v if v is None or isinstance(v, _Typed) else str(v) for v in values]
    ws.append(plain)
    cells: list[Cell] = []
    for col, value in enumerate(plain, start=1):
        cell = ws.cell(row=ws.max_row, column=col)
        assert isinstance(cell, Cell)  # a new row has no merged cells
        _secure(cell, value)
        cells.append(cell)
    return cells


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes, deterministic for the same content."""
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    out = io.BytesIO()
    wb.save(out)
    return _fixed_zip_times(out.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every member dated ``_FIXED_TIME`` and the same "modified" property:
    openpyxl stamps both with the time of saving, so two exports of the same rows would
    differ in their bytes."""
    stamp = _FIXED_TIME.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            member = src.read(info)
            if info.filename == "docProps/core.xml":
                member = _MODIFIED.sub(rb"\g<1>" + _FIXED_STAMP + rb"\g<2>", member)
            dst.writestr(fixed, member)
    return out.getvalue()
