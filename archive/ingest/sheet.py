"""``archive sip build``: a folder of files plus a metadata sheet (CSV or XLSX) → SIP_hoso.

The sheet has one row per document; headers are TT05 element names, plus ``file`` (the file's
path inside the folder). Dossier-only fields (``fileCode``, ``title``, ``startDate``,
``endDate``, …) come from the first data row (later rows may repeat them but not contradict
them). Fields that exist for both dossier and document (``maintenance``, ``mode``,
``language``…) are per document, and the dossier takes the first row's value. ``totalDoc`` and
the dossier's ``numberOfPage`` are computed when absent; ``docCode`` defaults to ``fileCode`` +
``.`` + the 7-digit row ordinal.

Every bad or missing cell is reported with its spreadsheet row and column (``C (typeName)``),
all at once, before anything is built; the built package then passes the same validation as
any other SIP before it is kept.

A header may carry a label before the element name in parentheses, as the sheet of
``archive sip template`` does (``Mã hồ sơ (fileCode)``), and a code cell the label after the
code, as its drop-down lists do (``02 - Quyết định``); the label must then be the code's own.
``sheet_columns`` describes every column (dossier or document, required where).

CSV: UTF-8 with or without BOM (or UTF-16 with BOM), comma, semicolon or tab delimited.
XLSX: the first worksheet; date cells become ``DD/MM/YYYY``, and number cells in code columns
get back the leading zero a spreadsheet drops (``2`` → ``02``).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from archive.atomic import atomic_open
from archive.catalog.codes import CODE_LISTS
from archive.catalog.fields import (
    DOCUMENT_SIP_FIELDS,
    DOSSIER_SIP_FIELDS,
    EXT_DOCUMENT_FIELDS,
    EXT_DOSSIER_FIELDS,
    FieldSpec,
)
from archive.config import Settings
from archive.errors import InvalidInput
from archive.findings import CODES, Finding, Report
from archive.identifiers import parse_doc_code, parse_file_code
from archive.packages.fieldcheck import check_value, parse_date
from archive.packages.sipread import read_sip
from archive.packages.sipwrite import SipDocument, SipInput, write_sip, zip_tree
from archive.packages.unpack import unpack

__all__ = ["FILE", "Sheet", "SheetColumn", "build_sip", "read_sheet", "sheet_columns"]

FILE: Final = "file"
_DOC = {s.name: s for s in (*DOCUMENT_SIP_FIELDS, *EXT_DOCUMENT_FIELDS)}
_DOSSIER = {s.name: s for s in (*DOSSIER_SIP_FIELDS, *EXT_DOSSIER_FIELDS)}
_DOSSIER_ONLY: Final = {n for n in _DOSSIER if n not in _DOC}
_DOSSIER_ONLY_ORDER: Final = tuple(n for n in _DOSSIER if n not in _DOC)
_DOC_ONLY_ORDER: Final = tuple(n for n in _DOC if n not in _DOSSIER)
_EXT_DOC = {s.name for s in EXT_DOCUMENT_FIELDS}
_EXT_DOSSIER = {s.name for s in EXT_DOSSIER_FIELDS}
# Needed on every row (docCode is computed when absent).
_ROW_REQUIRED: Final = (
    FILE,
    *(s.name for s in DOCUMENT_SIP_FIELDS if s.required and s.name != "docCode"),
)
# Needed on the first row for the dossier (totalDoc and numberOfPage are computed).
_FIRST_ROW_REQUIRED: Final = tuple(
    s.name
    for s in DOSSIER_SIP_FIELDS
    if s.required and s.name not in ("totalDoc", "numberOfPage") and s.name not in _ROW_REQUIRED
)
_XLSX_SUFFIXES: Final = (".xlsx", ".xlsm")
_UNSUPPORTED_SUFFIXES: Final = (".xls", ".ods", ".numbers")
_ZIP_MAGIC: Final = b"PK\x03\x04"
_LABELLED_HEADER: Final = re.compile(r".*\(\s*([A-Za-z]+)\s*\)\s*", re.DOTALL)
_LABELLED_CODE: Final = re.compile(r"(\d{2})\s*[-–]\s*(.+)", re.DOTALL)


@dataclass(frozen=True)
class SheetColumn:
    """A column the sheet may have, for templates and documentation."""

    name: str
    """The header: a TT05 element name, or ``file``."""
    label_vi: str
    label_en: str
    scope: Literal["dossier", "document", "both"]
    """``dossier``: read from the first row; ``document``: every row; ``both``: every row,
    and the dossier takes the first row's value."""
    required: Literal["every row", "first row", ""]
    spec: FieldSpec | None
    """The field's type and code list (None for ``file``)."""


def sheet_columns() -> tuple[SheetColumn, ...]:
    """Every column the sheet may have: ``file``, the dossier's fields, then the documents'."""
    out = [SheetColumn(FILE, "Tệp trong thư mục", "File", "document", "every row", None)]
    names = [*_DOSSIER_ONLY_ORDER, *(n for n in _DOC if n in _DOSSIER), *_DOC_ONLY_ORDER]
    for name in names:
        spec = _DOC.get(name) or _DOSSIER[name]
        scope: Literal["dossier", "document", "both"] = (
            "dossier" if name in _DOSSIER_ONLY else "both" if name in _DOSSIER else "document"
        )
        required: Literal["every row", "first row", ""] = (
            "every row"
            if name in _ROW_REQUIRED
            else "first row"
            if name in _FIRST_ROW_REQUIRED
            else ""
        )
        out.append(SheetColumn(name, spec.label_vi, spec.label_en, scope, required, spec))
    return tuple(out)


@dataclass
class Sheet:
    """Header names (with their column labels) and data rows as text."""

    columns: list[tuple[str, str]]  # (known header, column label e.g. "C"), first occurrence
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, header → text)
    header_row: int = 1  # spreadsheet row number of the header


# --------------------------------------------------------------------------- reading


def _present(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def _cell_text(value: object, spec: FieldSpec | None = None) -> str:
    """A cell as the text the TT05 tables expect."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and value >= 0 and spec is not None and spec.code_list:
        # A spreadsheet turns the code "02" typed into a cell into the number 2.
        return f"{value:02d}"
    text = str(value).strip()
    if spec is not None and spec.code_list and (found := _LABELLED_CODE.fullmatch(text)):
        code, label = found.groups()
        if CODE_LISTS[spec.code_list].get(code) == label.strip():
            return code  # "02 - Quyết định", as the template's drop-down lists write it
    return text


def _header_name(text: str) -> str:
    """``Mã hồ sơ (fileCode)`` → ``fileCode``; other headers as they are."""
    found = _LABELLED_HEADER.fullmatch(text)
    if found and (found[1] == FILE or found[1] in _DOC or found[1] in _DOSSIER):
        return found[1]
    return text


def _read_xlsx(path: Path) -> list[Sequence[object]]:
    # An open file, not the path: openpyxl refuses paths whose suffix is not .xlsx/.xlsm.
    with path.open("rb") as fh:
        book = load_workbook(fh, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            if not isinstance(sheet, ReadOnlyWorksheet):
                raise ValueError("the first sheet is not a worksheet")
            sheet.reset_dimensions()  # the stored dimension may be wrong: read every cell
            return [tuple(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _read_csv(path: Path) -> list[Sequence[object]]:
    text = _decode(path.read_bytes())
    header = text.splitlines()[0] if text else ""
    delimiter = max((",", ";", "\t"), key=header.count)  # ties (none found) → ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _is_xlsx(path: Path) -> bool:
    if path.suffix.lower() in _XLSX_SUFFIXES:
        return True
    with path.open("rb") as fh:
        return fh.read(4) == _ZIP_MAGIC


def _read_table(path: Path, report: Report) -> list[Sequence[object]] | None:
    name = path.name
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED_SUFFIXES:
        report.add(
            "SHT001",
            name,
            detail=f"{name}: định dạng {suffix} không được hỗ trợ, hãy lưu thành .xlsx hoặc "
            f".csv (UTF-8) / {suffix} is not supported: save it as .xlsx or .csv (UTF-8)",
        )
        return None
    try:
        return _read_xlsx(path) if _is_xlsx(path) else _read_csv(path)
    except UnicodeDecodeError:
        report.add(
            "SHT001",
            name,
            detail=f"{name}: không phải UTF-8, hãy lưu dạng 'CSV UTF-8' / not UTF-8: "
            "save it as 'CSV UTF-8'",
        )
    except (OSError, csv.Error) as exc:
        report.add("SHT001", name, detail=f"{name}: {exc}")
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged workbook
        report.add("SHT001", name, detail=f"{name}: {type(exc).__name__}: {exc}")
    return None


def read_sheet(path: Path, report: Report) -> Sheet | None:
    """Read the sheet; unreadable files, unknown and duplicate columns are findings.

    Returns None only when there is nothing to check (unreadable, or no data row).
    """
    table = _read_table(path, report)
    if table is None:
        return None
    numbered = [(n, row) for n, row in enumerate(table, start=1) if any(map(_present, row))]
    if len(numbered) < 2:
        report.add("SHT001", path.name, detail=f"{path.name}: no header and data rows")
        return None
    (header_row, header_cells), data = numbered[0], numbered[1:]
    width = max(len(row) for _, row in numbered)
    headers = [_header_name(_cell_text(v)) for v in header_cells]
    headers += [""] * (width - len(header_cells))
    columns: list[tuple[str, str]] = []
    index: dict[int, str] = {}
    first_letter: dict[str, str] = {}
    for i, header in enumerate(headers):
        letter = get_column_letter(i + 1)
        if not header:
            if any(i < len(row) and _present(row[i]) for _, row in data):
                report.add("SHT004", path.name, value=f"(trống/empty) ({letter})")
        elif header != FILE and header not in _DOC and header not in _DOSSIER:
            report.add("SHT004", path.name, value=f"{header} ({letter})")
        elif header in first_letter:
            report.findings.append(
                _cell_finding(
                    path.name,
                    header_row,
                    f"{letter} ({header})",
                    f"cột trùng với cột {first_letter[header]}",
                    f"duplicate of column {first_letter[header]}",
                )
            )
        else:
            first_letter[header] = letter
            columns.append((header, letter))
            index[i] = header
    rows = [
        (
            n,
            {
                h: _cell_text(row[i] if i < len(row) else None, _DOC.get(h) or _DOSSIER.get(h))
                for i, h in index.items()
            },
        )
        for n, row in data
    ]
    return Sheet(columns, rows, header_row)


# --------------------------------------------------------------------------- checking


def _cell_finding(path: str, row: int, column: str, vi: str, en: str) -> Finding:
    """SHT002 with a detail in each language."""
    severity, vi_template, en_template = CODES["SHT002"]
    return Finding(
        "SHT002",
        severity,
        path,
        vi_template.format(row=row, column=column, detail=vi),
        en_template.format(row=row, column=column, detail=en),
    )


class _Checker:
    """Collects SHT002 findings for the cells of one sheet."""

    def __init__(self, sheet: Sheet, report: Report, sheet_name: str) -> None:
        self.sheet = sheet
        self.report = report
        self.name = sheet_name
        self.letters = dict(sheet.columns)

    def column(self, header: str) -> str:
        letter = self.letters.get(header)
        return f"{letter} ({header})" if letter else header

    def add(self, row: int, header: str, vi: str, en: str) -> None:
        self.report.findings.append(_cell_finding(self.name, row, self.column(header), vi, en))

    def add_finding(self, row: int, header: str, finding: Finding) -> None:
        self.add(row, header, finding.message_vi, finding.message_en)

    def run(self) -> None:
        self.missing_columns()
        first_no, first = self.sheet.rows[0]
        for row_no, row in self.sheet.rows:
            self.row(row_no, row, first_no, first)
        self.dossier(first_no, first)
        self.doc_codes(first.get("fileCode", ""))

    def missing_columns(self) -> None:
        for name in dict.fromkeys((*_ROW_REQUIRED, *_FIRST_ROW_REQUIRED)):
            if name not in self.letters:
                self.add(
                    self.sheet.header_row,
                    name,
                    "thiếu cột bắt buộc",
                    "required column is missing",
                )

    def row(self, row_no: int, row: dict[str, str], first_no: int, first: dict[str, str]) -> None:
        is_first = row_no == first_no
        required = _ROW_REQUIRED + (_FIRST_ROW_REQUIRED if is_first else ())
        for header, value in row.items():
            if not value:
                if header in required:
                    self.add(row_no, header, "thiếu giá trị bắt buộc", "required value is missing")
                continue
            spec = _DOC.get(header) or _DOSSIER.get(header)
            if spec is not None:
                for finding in check_value(spec, value, self.name):
                    self.add_finding(row_no, header, finding)
            if header in _DOSSIER_ONLY and not is_first and value != first.get(header, ""):
                was = first.get(header, "")
                self.add(
                    row_no,
                    header,
                    f"khác dòng {first_no} ('{was}'); trường của hồ sơ lấy từ dòng {first_no}",
                    f"differs from row {first_no} ('{was}'); dossier fields come from "
                    f"row {first_no}",
                )
        if row.get("maintenance") == "07" and not row.get("maintenanceYears"):
            self.add_finding(row_no, "maintenanceYears", Finding.make("VAL008", self.name))

    def dossier(self, row_no: int, first: dict[str, str]) -> None:
        file_code = first.get("fileCode", "")
        if file_code and parse_file_code(file_code) is None:
            self.add_finding(row_no, "fileCode", Finding.make("ID001", self.name, value=file_code))
        start = parse_date(first.get("startDate", ""), ("%d/%m/%Y",))
        end = parse_date(first.get("endDate", ""), ("%d/%m/%Y",))
        if start and end and end < start:
            found = Finding.make(
                "VAL006", self.name, start=first["startDate"], end=first["endDate"]
            )
            self.add_finding(row_no, "endDate", found)
        total = first.get("totalDoc", "")
        if total.isdigit() and int(total) != len(self.sheet.rows):
            found = Finding.make("CNT001", self.name, expected=total, found=len(self.sheet.rows))
            self.add_finding(row_no, "totalDoc", found)

    def doc_codes(self, file_code: str) -> None:
        seen: dict[str, int] = {}
        for row_no, row in self.sheet.rows:
            code = row.get("docCode", "")
            if not code:
                continue
            parsed = parse_doc_code(code)
            if parsed is None:
                self.add_finding(row_no, "docCode", Finding.make("ID002", self.name, value=code))
            elif file_code and parsed[0] != file_code:
                found = Finding.make("ID004", self.name, value=code, expected=file_code)
                self.add_finding(row_no, "docCode", found)
            if code in seen:
                found = Finding.make("ID003", self.name, value=code)
                self.add(
                    row_no,
                    "docCode",
                    f"{found.message_vi} (dòng {seen[code]})",
                    f"{found.message_en} (row {seen[code]})",
                )
            seen.setdefault(code, row_no)


def _check_cells(sheet: Sheet, report: Report, sheet_name: str) -> None:
    _Checker(sheet, report, sheet_name).run()


# --------------------------------------------------------------------------- building


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
    sheet: Sheet,
    folder: Path,
    file_code: str,
    report: Report,
    sheet_name: str,
    ignore: set[Path],
) -> list[SipDocument]:
    """The documents of the rows; files missing, outside the folder or clashing are findings."""
    root = folder.resolve()
    letter = dict(sheet.columns).get(FILE, "")
    column = f"{letter} ({FILE})"
    docs: list[SipDocument] = []
    by_stem: dict[str, tuple[int, Path]] = {}
    named: set[Path] = set()
    for ordinal, (row_no, row) in enumerate(sheet.rows, start=1):
        name = row.get(FILE, "").replace("\\", "/")
        if not name:
            continue  # a missing required cell, already reported
        candidate = root / name
        path = candidate.resolve()
        if root not in path.parents or not path.is_file():
            report.add("SHT003", sheet_name, value=name, row=row_no)
            continue
        named.add(path)
        # The package keeps the base name, and describes it in EAD_doc_<stem>.xml.
        stem = Path(candidate.name).stem
        if stem in by_stem:
            other_row, other = by_stem[stem]
            if other == path:
                vi, en = f"tệp đã có ở dòng {other_row}", f"the same file is on row {other_row}"
            else:
                vi = f"tên tệp trùng phần gốc '{stem}' với tệp ở dòng {other_row}"
                en = f"file name stem '{stem}' clashes with the file on row {other_row}"
            report.findings.append(_cell_finding(sheet_name, row_no, column, vi, en))
            continue
        by_stem[stem] = (row_no, path)
        values = {n: v for n, v in row.items() if n in _DOC and n not in _EXT_DOC and v}
        values.setdefault("docCode", f"{file_code}.{ordinal:07d}")
        ext = {n: v for n, v in row.items() if n in _EXT_DOC and v}
        docs.append(SipDocument(values, candidate.name, path, ext))
    if root.is_dir():
        for extra in sorted(p for p in root.rglob("*") if p.is_file()):
            resolved = extra.resolve()
            if resolved not in named and resolved not in ignore:
                report.add("SHT005", sheet_name, value=extra.relative_to(root).as_posix())
    return docs


def _place(built: Path, out: Path) -> None:
    """Copy the zip to ``out`` through a temporary name, so ``out`` is never half-written."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with built.open("rb") as src, atomic_open(out) as dst:
            shutil.copyfileobj(src, dst)
    except OSError as exc:
        raise InvalidInput(f"không ghi được {out} / cannot write {out}: {exc}") from exc


def build_sip(
    folder: Path,
    sheet_path: Path,
    out: Path,
    settings: Settings,
    *,
    creator: str,
    fonds_code: str | None = None,
) -> tuple[Path | None, Report]:
    """Build and validate a SIP_hoso zip at ``out``; on any error nothing is written there.

    ``out`` may be an existing directory: the zip is then ``<folder name>.zip`` inside it.
    """
    report = Report(str(folder))
    sheet = read_sheet(sheet_path, report)
    if sheet is None:
        return None, report
    if out.is_dir():
        out = out / f"{folder.resolve().name}.zip"
    _check_cells(sheet, report, sheet_path.name)
    dossier, dossier_ext = _dossier_values(sheet)
    ignore = {sheet_path.resolve(), out.resolve()}
    docs = _documents(sheet, folder, dossier.get("fileCode", ""), report, sheet_path.name, ignore)
    if not report.ok:
        return None, report
    sip = SipInput(dossier, docs, creator, dossier_ext, fonds_code)
    with tempfile.TemporaryDirectory(prefix="archive-sip-") as tmp:
        try:
            tree = write_sip(sip, Path(tmp) / "tree")
            built = zip_tree(tree, Path(tmp) / "sip.zip")
        except OSError as exc:
            raise InvalidInput(f"không đóng gói được / cannot build the package: {exc}") from exc
        pkg, check = unpack(built, Path(tmp) / "check", settings)
        if pkg is not None:
            read_sip(pkg, settings, check)
        report.extend(check.findings)
        if not report.ok:
            return None, report
        _place(built, out)
    return out, report
