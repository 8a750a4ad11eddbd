"""``archive sip build``: a folder of files plus a metadata sheet (CSV or XLSX) → SIP_hoso.

The sheet has one row per document; headers are TT05 element names. Dossier-only fields
(``fileCode``, ``title``, ``startDate``, ``endDate``, …) come from the first data row (later
rows may repeat them but not contradict them). Fields that exist for both dossier and document
(``maintenance``, ``mode``, ``language``…) are per document, and the dossier takes the first
row's value. ``totalDoc`` and the dossier's ``numberOfPage`` are computed when absent;
``docCode`` defaults to ``fileCode`` + ``.`` + the 7-digit row ordinal. Every bad cell is
reported with its row and column; the built package then passes the same validation as any
other SIP before it is kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from archive.catalog.fields import (
    DOCUMENT_SIP_FIELDS,
    DOSSIER_SIP_FIELDS,
    EXT_DOCUMENT_FIELDS,
    EXT_DOSSIER_FIELDS,
    FieldSpec,
)
from archive.config import Settings
from archive.ingest.fieldcheck import check_value
from archive.ingest.findings import Report
from archive.ingest.sipread import read_sip
from archive.ingest.sipwrite import SipDocument, SipInput, write_sip, zip_tree
from archive.ingest.unpack import unpack

__all__ = ["Sheet", "build_sip", "read_sheet"]

_DOC = {s.name: s for s in (*DOCUMENT_SIP_FIELDS, *EXT_DOCUMENT_FIELDS)}
_DOSSIER = {s.name: s for s in (*DOSSIER_SIP_FIELDS, *EXT_DOSSIER_FIELDS)}
_DOSSIER_ONLY: Final = {n for n in _DOSSIER if n not in _DOC}
_EXT_DOC = {s.name for s in EXT_DOCUMENT_FIELDS}
_EXT_DOSSIER = {s.name for s in EXT_DOSSIER_FIELDS}
_COMPUTED: Final = {"totalDoc"}


@dataclass
class Sheet:
    """Header names (with their column labels) and data rows as text."""

    columns: list[tuple[str, str]]  # (header, column label e.g. "C")
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, header → text)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(path: Path) -> list[list[str]]:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _read_csv(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    return [[c.strip() for c in row] for row in csv.reader(text.splitlines(), dialect)]


def read_sheet(path: Path, report: Report) -> Sheet | None:
    """Read the sheet; unreadable files and unknown columns are findings."""
    try:
        table = _read_xlsx(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _read_csv(path)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as exc:
        report.add("SHT001", path.name, detail=f"{path.name}: {exc}")
        return None
    table = [row for row in table if any(row)]
    if len(table) < 2:
        report.add("SHT001", path.name, detail=f"{path.name}: no header and data rows")
        return None
    headers = table[0]
    columns = [(h, get_column_letter(i + 1)) for i, h in enumerate(headers)]
    for header, letter in columns:
        if header and header != "file" and header not in _DOC and header not in _DOSSIER:
            report.add("SHT004", path.name, value=f"{header} ({letter})")
    rows = [
        (n, {h: row[i] if i < len(row) else "" for i, h in enumerate(headers) if h})
        for n, row in enumerate(table[1:], start=2)
    ]
    return Sheet(columns, rows)


def _check_cells(sheet: Sheet, report: Report, sheet_name: str) -> None:
    letters = dict(sheet.columns)
    first = sheet.rows[0][1]
    for row_no, row in sheet.rows:
        for header, value in row.items():
            spec: FieldSpec | None = _DOC.get(header) or _DOSSIER.get(header)
            if spec is None or not value:
                continue
            for finding in check_value(spec, value, sheet_name):
                report.add(
                    "SHT002",
                    sheet_name,
                    row=row_no,
                    column=f"{letters[header]} ({header})",
                    detail=finding.message_vi,
                )
            if header in _DOSSIER_ONLY and first.get(header) and value != first[header]:
                report.add(
                    "SHT002",
                    sheet_name,
                    row=row_no,
                    column=f"{letters[header]} ({header})",
                    detail=f"khác dòng 2 / differs from row 2: '{first[header]}'",
                )


def _dossier_values(sheet: Sheet) -> tuple[dict[str, str], dict[str, str]]:
    first = sheet.rows[0][1]
    values = {n: first[n] for n in _DOSSIER if first.get(n) and n not in _EXT_DOSSIER}
    ext = {n: first[n] for n in _EXT_DOSSIER if first.get(n)}
    pages = [row.get("numberOfPage", "") for _, row in sheet.rows]
    if "numberOfPage" in first and all(p.isdigit() for p in pages):
        values["numberOfPage"] = str(sum(int(p) for p in pages))
    values.setdefault("totalDoc", str(len(sheet.rows)))
    return values, ext


def _documents(
    sheet: Sheet, folder: Path, file_code: str, report: Report, sheet_name: str
) -> list[SipDocument]:
    docs: list[SipDocument] = []
    for ordinal, (row_no, row) in enumerate(sheet.rows, start=1):
        name = row.get("file", "")
        path = (folder / name).resolve()
        if not name or not path.is_file() or folder.resolve() not in path.parents:
            report.add("SHT003", sheet_name, value=name or "(trống/empty)", row=row_no)
            continue
        values = {n: v for n, v in row.items() if n in _DOC and n not in _EXT_DOC and v}
        values.setdefault("docCode", f"{file_code}.{ordinal:07d}")
        ext = {n: v for n, v in row.items() if n in _EXT_DOC and v}
        docs.append(SipDocument(values, path.name, path, ext))
    named = {(folder / row.get("file", "")).resolve() for _, row in sheet.rows}
    for extra in sorted(p for p in folder.rglob("*") if p.is_file()):
        if extra.resolve() not in named:
            report.add("SHT005", sheet_name, value=extra.relative_to(folder).as_posix())
    return docs


def build_sip(
    folder: Path,
    sheet_path: Path,
    out: Path,
    settings: Settings,
    *,
    creator: str,
    fonds_code: str | None = None,
) -> tuple[Path | None, Report]:
    """Build and validate a SIP_hoso zip at ``out``; on any error nothing is left there."""
    report = Report(str(folder))
    sheet = read_sheet(sheet_path, report)
    if sheet is None or not report.ok:
        return None, report
    _check_cells(sheet, report, sheet_path.name)
    dossier, dossier_ext = _dossier_values(sheet)
    docs = _documents(sheet, folder, dossier.get("fileCode", ""), report, sheet_path.name)
    if not report.ok:
        return None, report
    sip = SipInput(dossier, docs, creator, dossier_ext, fonds_code)
    with tempfile.TemporaryDirectory(prefix="archive-sip-") as tmp:
        tree = write_sip(sip, Path(tmp) / "tree")
        built = zip_tree(tree, Path(tmp) / "sip.zip")
        pkg, check = unpack(built, Path(tmp) / "check", settings)
        if pkg is not None:
            read_sip(pkg, settings, check)
        report.extend(check.findings)
        if not report.ok:
            return None, report
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(built, out)
    return out, report
