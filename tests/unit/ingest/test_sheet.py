"""``build_sip`` / ``read_sheet``: a folder plus a CSV or XLSX metadata sheet → a SIP_hoso zip.

Fixtures are built by code with fixed values; the builders here are reused by the CLI tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from archive.config import Settings, load_settings
from archive.errors import InvalidInput
from archive.findings import Finding, Report
from archive.ingest.sheet import build_sip, read_sheet
from archive.packages.sipread import read_sip
from archive.packages.unpack import unpack
from tests.support import sips

FILE_CODE = "000.00.00.H49.2024.01.VP"
OTHER_FILE_CODE = "000.00.00.H49.2024.02.VP"

# Column order fixes the letters used in messages: A file, B subject, C typeName, …
HEADERS: tuple[str, ...] = (
    "file",
    "subject",
    "typeName",
    "codeNumber",
    "codeNotation",
    "issuedDate",
    "organName",
    "numberOfPage",
    "language",
    "mode",
    "maintenance",
    "fileCode",
    "title",
    "startDate",
    "endDate",
)
LETTER = {h: chr(ord("A") + i) for i, h in enumerate(HEADERS)}

# File names are deliberately not in alphabetical order, so row order is visible.
FILES = ("qd-giao-dat.pdf", "to-trinh.pdf", "bien-ban.pdf")
SUBJECTS = (
    "Quyết định về việc giao đất cho Công ty TNHH Minh Phát",
    "Tờ trình về việc đề nghị giao đất đợt 2",
    "Biên bản bàn giao đất trên thực địa",
)
TITLE = "Hồ sơ giao đất cho Công ty TNHH Minh Phát năm 2024"


def pdf(seed: int) -> bytes:
    """A small, valid, unsigned one-page PDF whose text depends on ``seed``."""
    return sips.pdf_bytes(seed)


def rows() -> list[dict[str, str]]:
    """Three valid document rows; dossier fields on the first row (repeated on the second)."""
    dossier = {
        "fileCode": FILE_CODE,
        "title": TITLE,
        "maintenance": "01",
        "startDate": "01/03/2024",
        "endDate": "30/12/2024",
    }
    common = {"language": "01", "mode": "01", "organName": "Ủy ban nhân dân tỉnh Hòa Bình"}
    return [
        {
            **common,
            **dossier,
            "file": FILES[0],
            "subject": SUBJECTS[0],
            "typeName": "02",
            "codeNumber": "123",
            "codeNotation": "QĐ-UBND",
            "issuedDate": "05/03/2024",
            "numberOfPage": "2",
        },
        {
            **common,
            "fileCode": FILE_CODE,
            "title": TITLE,
            "file": FILES[1],
            "subject": SUBJECTS[1],
            "typeName": "15",
            "codeNumber": "45",
            "codeNotation": "TTr-STNMT",
            "issuedDate": "01/03/2024",
            "organName": "Sở Tài nguyên và Môi trường tỉnh Hòa Bình",
            "numberOfPage": "3",
        },
        {
            **common,
            "file": FILES[2],
            "subject": SUBJECTS[2],
            "typeName": "20",
            "codeNumber": "07",
            "codeNotation": "BB-STNMT",
            "issuedDate": "20/03/2024",
            "numberOfPage": "1",
        },
    ]


def make_folder(tmp: Path, names: Iterable[str] = FILES, name: str = "ho-so-giao-dat") -> Path:
    """A folder holding one small PDF per name (fixed bytes)."""
    folder = tmp / name
    folder.mkdir(parents=True)
    for i, file_name in enumerate(names, start=1):
        target = folder / file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf(i))
    return folder


def _table(data: Sequence[dict[str, object]], headers: Sequence[str]) -> list[list[object]]:
    return [list(headers), *([row.get(h, "") for h in headers] for row in data)]


def write_csv(
    path: Path,
    data: Sequence[dict[str, object]],
    *,
    headers: Sequence[str] = HEADERS,
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    """The rows as a UTF-8 CSV sheet."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(_table(data, headers))
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode())
    return path


def _typed(header: str, value: object) -> object:
    """A cell value as a spreadsheet holds it: real dates, whole numbers."""
    if not isinstance(value, str) or not value:
        return value or None
    if header in ("issuedDate", "startDate", "endDate"):
        try:
            return dt.datetime.strptime(value, "%d/%m/%Y").date()
        except ValueError:
            return value  # a malformed date stays text, as a clerk would have typed it
    if header == "numberOfPage" and value.isdigit():
        return int(value)
    return value


def write_xlsx(
    path: Path,
    data: Sequence[dict[str, object]],
    *,
    headers: Sequence[str] = HEADERS,
    typed: bool = True,
    leading_rows: int = 0,
) -> Path:
    """The rows as an XLSX sheet (first worksheet), with date and number cells."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh mục"
    for _ in range(leading_rows):
        sheet.append([])
    for i, row in enumerate(_table(data, headers)):
        sheet.append(
            [
                _typed(h, v) if typed and i else (v or None)
                for h, v in zip(headers, row, strict=True)
            ]
        )
    book.save(path)
    return path


def settings(tmp: Path) -> Settings:
    return load_settings(home=tmp / "home")


def build(
    tmp: Path, folder: Path, sheet_path: Path, out: Path | None = None
) -> tuple[Path | None, Report]:
    return build_sip(
        folder,
        sheet_path,
        out or tmp / "out" / "sip.zip",
        settings(tmp),
        creator="Ủy ban nhân dân tỉnh Hòa Bình",
        fonds_code="H49.01",
    )


def codes(report: Report) -> list[str]:
    return [f.code for f in report.findings]


def errors(report: Report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def only_error(report: Report) -> Finding:
    assert len(report.errors) == 1, [f.message_en for f in report.errors]
    return report.errors[0]


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("bom", [False, True])
def test_csv_encodings_and_delimiters_read_the_same(
    tmp_path: Path, delimiter: str, bom: bool
) -> None:
    report = Report("t")
    sheet = read_sheet(write_csv(tmp_path / "s.csv", rows(), delimiter=delimiter, bom=bom), report)
    assert sheet is not None and report.findings == []
    assert [h for h, _ in sheet.columns] == list(HEADERS)
    assert [n for n, _ in sheet.rows] == [2, 3, 4]
    assert [r["subject"] for _, r in sheet.rows] == list(SUBJECTS)
    assert sheet.rows[0][1]["fileCode"] == FILE_CODE
    assert sheet.rows[2][1]["title"] == ""


def test_csv_utf16_with_bom_is_read(tmp_path: Path) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter="\t").writerows(_table(rows(), HEADERS))
    path = tmp_path / "s.txt"
    path.write_bytes(buffer.getvalue().encode("utf-16"))
    report = Report("t")
    sheet = read_sheet(path, report)
    assert sheet is not None and report.findings == []
    assert sheet.rows[0][1]["subject"] == SUBJECTS[0]


def test_csv_quoted_cell_with_newline_and_delimiter(tmp_path: Path) -> None:
    data = rows()
    data[0]["subject"] = "Quyết định giao đất;\nđợt 1, có sửa đổi"
    report = Report("t")
    sheet = read_sheet(write_csv(tmp_path / "s.csv", data, delimiter=";"), report)
    assert sheet is not None
    assert sheet.rows[0][1]["subject"] == "Quyết định giao đất;\nđợt 1, có sửa đổi"
    assert [n for n, _ in sheet.rows] == [2, 3, 4]


def test_xlsx_cells_become_law_format_text(tmp_path: Path) -> None:
    data: list[dict[str, object]] = [*rows()]
    data[1]["typeName"] = 15  # a code typed as a number loses its leading zero in Excel
    data[1]["language"] = 1.0
    data[1]["numberOfPage"] = 3.0
    report = Report("t")
    sheet = read_sheet(write_xlsx(tmp_path / "s.xlsx", data), report)
    assert sheet is not None and report.findings == []
    first, second = sheet.rows[0][1], sheet.rows[1][1]
    assert first["issuedDate"] == "05/03/2024"
    assert first["startDate"] == "01/03/2024"
    assert first["numberOfPage"] == "2"
    assert second["typeName"] == "15"
    assert second["language"] == "01"
    assert second["numberOfPage"] == "3"


def test_xlsx_single_digit_code_gets_its_zero_back(tmp_path: Path) -> None:
    data: list[dict[str, object]] = [*rows()]
    data[0]["typeName"] = 2
    data[0]["mode"] = 1
    report = Report("t")
    sheet = read_sheet(write_xlsx(tmp_path / "s.xlsx", data), report)
    assert sheet is not None
    assert sheet.rows[0][1]["typeName"] == "02"
    assert sheet.rows[0][1]["mode"] == "01"


def test_row_numbers_are_the_spreadsheet_rows_despite_blank_rows(tmp_path: Path) -> None:
    data: list[dict[str, object]] = [rows()[0], {}, *rows()[1:]]
    data[2]["typeName"] = "99"
    path = write_xlsx(tmp_path / "s.xlsx", data, leading_rows=2)
    folder = make_folder(tmp_path)
    out, report = build(tmp_path, folder, path)
    assert out is None
    # header on row 3, first data row 4, blank row 5, bad row 6
    assert only_error(report).message_en.startswith("Row 6, column C (typeName): ")


def test_unknown_column_does_not_hide_cell_errors(tmp_path: Path) -> None:
    data = rows()
    data[1]["typeName"] = "99"
    headers = (*HEADERS, "ghiChu")
    data[0]["ghiChu"] = "x"
    folder = make_folder(tmp_path)
    out, report = build(tmp_path, folder, write_csv(tmp_path / "s.csv", data, headers=headers))
    assert out is None
    assert codes(report) == ["SHT004", "SHT002"]
    assert "ghiChu (P)" in report.findings[0].message_en
    assert report.findings[1].message_en.startswith("Row 3, column C (typeName)")


def test_data_under_an_empty_header_is_an_unknown_column(tmp_path: Path) -> None:
    headers = (*HEADERS, "")
    data: list[dict[str, object]] = [*rows()]
    data[0][""] = "stray"
    report = Report("t")
    assert read_sheet(write_csv(tmp_path / "s.csv", data, headers=headers), report) is not None
    assert codes(report) == ["SHT004"]
    assert "(P)" in report.findings[0].message_en


def test_duplicate_column_is_reported(tmp_path: Path) -> None:
    headers = (*HEADERS, "subject")
    report = Report("t")
    sheet = read_sheet(write_csv(tmp_path / "s.csv", rows(), headers=headers), report)
    assert sheet is not None
    finding = only_error(report)
    assert finding.code == "SHT002"
    assert finding.message_en == "Row 1, column P (subject): duplicate of column B"
    assert sheet.rows[0][1]["subject"] == SUBJECTS[0]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("s.xls", b"\xd0\xcf\x11\xe0legacy", "not supported"),
        ("s.ods", b"PK\x03\x04", "not supported"),
        ("s.xlsx", b"not a workbook", "BadZipFile"),
        ("s.xlsx", b"PK\x03\x04broken", "BadZipFile"),
        ("s.csv", b"file,subject\r\nqd.pdf,H\xf2a B\xecnh\r\n", "CSV UTF-8"),
        ("s.csv", b"", "no header and data rows"),
        ("s.csv", b"file,subject\r\n", "no header and data rows"),
        ("s.csv", b"file,subject\r\n,\r\n\r\n", "no header and data rows"),
    ],
)
def test_unreadable_sheets_are_sht001(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    report = Report("t")
    assert read_sheet(path, report) is None
    finding = only_error(report)
    assert finding.code == "SHT001"
    assert expected in finding.message_en


def test_xlsx_zip_without_workbook_is_sht001(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    report = Report("t")
    assert read_sheet(path, report) is None
    assert only_error(report).code == "SHT001"


def test_xlsx_detected_by_content_whatever_the_suffix(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "danh-sach.dat", rows())
    report = Report("t")
    sheet = read_sheet(path, report)
    assert sheet is not None and report.findings == []
    assert sheet.rows[2][1]["subject"] == SUBJECTS[2]


# --------------------------------------------------------------------------- building


def _validate(zip_path: Path, tmp: Path) -> dict[str, object]:
    """Run the zip through the ingest validation; return the parsed dossier."""
    pkg, report = unpack(zip_path, tmp / "check", settings(tmp))
    assert pkg is not None, report.as_dict()
    parsed = read_sip(pkg, settings(tmp), report)
    assert parsed is not None and report.ok, report.as_dict()
    return {
        "dossier": parsed.dossier,
        "docs": [(d.values, d.file_rel) for d in parsed.documents],
        "fonds": parsed.fonds_code,
        "creator": parsed.creator_name,
    }


@pytest.mark.parametrize("kind", ["csv", "csv-bom-semicolon", "xlsx", "xlsx-text"])
def test_build_produces_a_valid_sip(tmp_path: Path, kind: str) -> None:
    folder = make_folder(tmp_path)
    if kind.startswith("xlsx"):
        sheet_path = write_xlsx(tmp_path / "s.xlsx", rows(), typed=kind == "xlsx")
    else:
        sheet_path = write_csv(
            tmp_path / "s.csv", rows(), bom="bom" in kind, delimiter=";" if "semi" in kind else ","
        )
    out, report = build(tmp_path, folder, sheet_path)
    assert out == tmp_path / "out" / "sip.zip"
    assert report.ok and report.findings == [], report.as_dict()
    parsed = _validate(out, tmp_path)
    dossier = parsed["dossier"]
    assert isinstance(dossier, dict)
    assert dossier["fileCode"] == FILE_CODE
    assert dossier["title"] == TITLE
    assert dossier["totalDoc"] == "3"
    assert dossier["numberOfPage"] == "6"
    assert dossier["startDate"] == "01/03/2024"
    assert parsed["fonds"] == "H49.01"
    assert parsed["creator"] == "Ủy ban nhân dân tỉnh Hòa Bình"
    docs = parsed["docs"]
    assert isinstance(docs, list)
    assert [v["docCode"] for v, _ in docs] == [f"{FILE_CODE}.{i:07d}" for i in (1, 2, 3)]
    assert [v["subject"] for v, _ in docs] == list(SUBJECTS)
    assert [f for _, f in docs] == [f"representations/rep1/data/{n}" for n in FILES]
    assert [v["issuedDate"] for v, _ in docs] == ["05/03/2024", "01/03/2024", "20/03/2024"]
    assert docs[0][0]["codeNotation"] == "QĐ-UBND"
    with zipfile.ZipFile(out) as zf:
        data = {n.split("/", 1)[1]: zf.read(n) for n in zf.namelist()}
    for i, name in enumerate(FILES, start=1):
        assert data[f"representations/rep1/data/{name}"] == pdf(i)


def test_explicit_doc_codes_and_extension_fields_are_kept(tmp_path: Path) -> None:
    data: list[dict[str, object]] = [*rows()]
    for i, row in enumerate(data, start=1):
        row["docCode"] = f"{FILE_CODE}.{i + 10:07d}"
        row["signerFullName"] = "Nguyễn Văn An"
    data[0]["creator"] = "Trần Thị Lan"
    headers = (*HEADERS, "docCode", "signerFullName", "creator")
    folder = make_folder(tmp_path)
    out, report = build(tmp_path, folder, write_csv(tmp_path / "s.csv", data, headers=headers))
    assert out is not None, report.as_dict()
    pkg, check = unpack(out, tmp_path / "check", settings(tmp_path))
    assert pkg is not None
    parsed = read_sip(pkg, settings(tmp_path), check)
    assert parsed is not None
    assert [d.values["docCode"] for d in parsed.documents] == [
        f"{FILE_CODE}.{i:07d}" for i in (11, 12, 13)
    ]
    assert parsed.documents[0].ext["signerFullName"] == "Nguyễn Văn An"
    assert parsed.dossier_ext["creator"] == "Trần Thị Lan"


def test_files_in_a_subfolder_and_windows_separators(tmp_path: Path) -> None:
    names = ("qd/qd-giao-dat.pdf", "to-trinh.pdf", "bb/bien-ban.pdf")
    folder = make_folder(tmp_path, names)
    data = rows()
    data[0]["file"] = "qd\\qd-giao-dat.pdf"
    data[2]["file"] = "bb/bien-ban.pdf"
    out, report = build(tmp_path, folder, write_csv(tmp_path / "s.csv", data))
    assert out is not None, report.as_dict()
    docs = _validate(out, tmp_path)["docs"]
    assert isinstance(docs, list)
    assert [f for _, f in docs] == [f"representations/rep1/data/{n}" for n in FILES]


def test_vietnamese_text_survives_exactly(tmp_path: Path) -> None:
    data = rows()
    data[0]["subject"] = "Quyết định về việc giao đất"
    data[0]["organName"] = "Ủy ban nhân dân tỉnh Hòa Bình"
    folder = make_folder(tmp_path)
    out, _ = build(tmp_path, folder, write_xlsx(tmp_path / "s.xlsx", data))
    assert out is not None
    docs = _validate(out, tmp_path)["docs"]
    assert isinstance(docs, list)
    assert docs[0][0]["subject"] == "Quyết định về việc giao đất"
    assert docs[0][0]["organName"] == "Ủy ban nhân dân tỉnh Hòa Bình"


def test_out_may_be_a_directory(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    target = tmp_path / "goi"
    target.mkdir()
    out, report = build(tmp_path, folder, write_csv(tmp_path / "s.csv", rows()), out=target)
    assert out == target / "ho-so-giao-dat.zip", report.as_dict()
    assert out.is_file()
    assert [p.name for p in target.iterdir()] == ["ho-so-giao-dat.zip"]


def test_unwritable_out_is_invalid_input(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a directory")
    with pytest.raises(InvalidInput, match="cannot write"):
        build(tmp_path, folder, write_csv(tmp_path / "s.csv", rows()), out=blocker / "x.zip")


# --------------------------------------------------------------------------- bad cells


def _cell_case(tmp_path: Path, data: list[dict[str, str]], **kw: object) -> Report:
    folder = make_folder(tmp_path)
    out_path = tmp_path / "out" / "sip.zip"
    out, report = build(tmp_path, folder, write_csv(tmp_path / "s.csv", data, **kw))
    assert out is None
    assert not out_path.exists()
    assert not report.ok
    return report


@pytest.mark.parametrize(
    ("row", "header", "value", "expected"),
    [
        (3, "typeName", "99", "Value '99' of typeName is not in the code list"),
        (2, "issuedDate", "2024-03-05", "Date '2024-03-05' of issuedDate is not in the format"),
        (4, "issuedDate", "31/02/2024", "Date '31/02/2024' of issuedDate"),
        (3, "subject", "x" * 501, "Field subject is 501 characters long; the maximum is 500"),
        (4, "numberOfPage", "ba", "Field numberOfPage must be a number; got 'ba'"),
        (3, "numberOfPage", "12345", "Field numberOfPage must be a number"),
        (2, "startDate", "1/3/2024", "Date '1/3/2024' of startDate"),
        (2, "mode", "04", "Value '04' of mode"),
        (4, "language", "01, 12", "Value '12' of language"),
        (2, "codeNumber", "123456789012", "Field codeNumber is 12 characters long"),
    ],
)
def test_bad_cell_is_reported_with_row_and_column(
    tmp_path: Path, row: int, header: str, value: str, expected: str
) -> None:
    data = rows()
    data[row - 2][header] = value
    finding = only_error(_cell_case(tmp_path, data))
    assert finding.code == "SHT002"
    assert finding.message_en.startswith(f"Row {row}, column {LETTER[header]} ({header}): ")
    assert expected in finding.message_en
    assert finding.message_vi.startswith(f"Dòng {row}, cột {LETTER[header]} ({header}): ")


def test_invalid_type_name_row_3_names_column_c(tmp_path: Path) -> None:
    data = rows()
    data[1]["typeName"] = "99"
    finding = only_error(_cell_case(tmp_path, data))
    assert finding.code == "SHT002"
    assert "Row 3" in finding.message_en
    assert "C (typeName)" in finding.message_en
    assert "Dòng 3, cột C (typeName)" in finding.message_vi


@pytest.mark.parametrize(
    "header",
    ["typeName", "issuedDate", "organName", "subject", "language", "numberOfPage", "mode", "file"],
)
def test_missing_required_document_cell(tmp_path: Path, header: str) -> None:
    data = rows()
    data[2][header] = ""
    finding = only_error(_cell_case(tmp_path, data))
    assert finding.code == "SHT002"
    assert finding.message_en == (
        f"Row 4, column {LETTER[header]} ({header}): required value is missing"
    )


@pytest.mark.parametrize("header", ["fileCode", "title", "maintenance", "startDate", "endDate"])
def test_missing_required_dossier_cell_on_first_row(tmp_path: Path, header: str) -> None:
    data = rows()
    data[0][header] = ""
    data[1].pop(header, None)  # the second row repeats some dossier fields: blank them too
    report = _cell_case(tmp_path, data)
    finding = only_error(report)
    assert finding.message_en == (
        f"Row 2, column {LETTER[header]} ({header}): required value is missing"
    )


def test_dossier_fields_may_be_blank_on_later_rows_only(tmp_path: Path) -> None:
    # rows() leaves title/fileCode blank on row 4 and maintenance blank on rows 3–4: fine.
    folder = make_folder(tmp_path)
    out, report = build(tmp_path, folder, write_csv(tmp_path / "s.csv", rows()))
    assert out is not None and report.findings == []


@pytest.mark.parametrize("header", ["subject", "typeName", "fileCode", "file"])
def test_missing_required_column(tmp_path: Path, header: str) -> None:
    headers = tuple(h for h in HEADERS if h != header)
    report = _cell_case(tmp_path, rows(), headers=headers)
    finding = only_error(report)
    assert finding.code == "SHT002"
    assert finding.message_en == f"Row 1, column {header}: required column is missing"


def test_dossier_field_differing_on_a_later_row(tmp_path: Path) -> None:
    data = rows()
    data[1]["title"] = "Hồ sơ khác"
    data[2]["startDate"] = "02/03/2024"
    report = _cell_case(tmp_path, data)
    assert codes(report) == ["SHT002", "SHT002"]
    first, second = report.findings
    assert first.message_en.startswith(
        f"Row 3, column {LETTER['title']} (title): differs from row 2"
    )
    assert TITLE in first.message_en
    assert second.message_en.startswith(f"Row 4, column {LETTER['startDate']} (startDate)")


def test_later_row_cannot_fill_a_dossier_field_the_first_row_left_out(tmp_path: Path) -> None:
    headers = (*HEADERS, "paperFileCode")
    data: list[dict[str, object]] = [*rows()]
    data[2]["paperFileCode"] = "H49.01.05.123"
    folder = make_folder(tmp_path)
    out, report = build(tmp_path, folder, write_csv(tmp_path / "s.csv", data, headers=headers))
    assert out is None
    assert only_error(report).message_en.startswith("Row 4, column P (paperFileCode): differs")


def test_shared_fields_may_differ_per_document(tmp_path: Path) -> None:
    data = rows()
    data[1]["mode"] = "02"
    data[2]["language"] = "01, 02"
    folder = make_folder(tmp_path)
    out, report = build(tmp_path, folder, write_csv(tmp_path / "s.csv", data))
    assert out is not None and report.ok, report.as_dict()


@pytest.mark.parametrize(
    ("header", "value", "prefix", "expected"),
    [
        ("fileCode", "H49.2024.01", "Row 2, column L (fileCode)", "Malformed dossier code"),
        ("endDate", "01/01/2024", "Row 2, column O (endDate)", "is before start date"),
        ("maintenance", "07", "Row 2, column maintenanceYears", "needs the number of years"),
    ],
)
def test_dossier_rules_are_checked_on_the_sheet(
    tmp_path: Path, header: str, value: str, prefix: str, expected: str
) -> None:
    data = rows()
    data[0][header] = value
    data[1].pop(header, None)
    finding = only_error(_cell_case(tmp_path, data))
    assert finding.code == "SHT002"
    assert finding.message_en.startswith(f"{prefix}: ")
    assert expected in finding.message_en


def test_retention_07_with_years_builds(tmp_path: Path) -> None:
    data: list[dict[str, object]] = [*rows()]
    data[0]["maintenance"] = "07"
    data[0]["maintenanceYears"] = "5"
    folder = make_folder(tmp_path)
    sheet_path = write_csv(tmp_path / "s.csv", data, headers=(*HEADERS, "maintenanceYears"))
    out, report = build(tmp_path, folder, sheet_path)
    assert out is not None, report.as_dict()


def test_total_doc_must_match_the_rows(tmp_path: Path) -> None:
    data: list[dict[str, object]] = [*rows()]
    data[0]["totalDoc"] = "4"
    report = _cell_case(tmp_path, data, headers=(*HEADERS, "totalDoc"))
    finding = only_error(report)
    assert finding.message_en.startswith("Row 2, column P (totalDoc): totalDoc = 4")


@pytest.mark.parametrize(
    ("codes_", "expected"),
    [
        (["x", f"{FILE_CODE}.0000002", f"{FILE_CODE}.0000003"], ["Row 2", "Malformed document"]),
        (
            [f"{FILE_CODE}.0000001", f"{OTHER_FILE_CODE}.0000002", f"{FILE_CODE}.0000003"],
            ["Row 3", "does not belong to dossier"],
        ),
        (
            [f"{FILE_CODE}.0000001", f"{FILE_CODE}.0000002", f"{FILE_CODE}.0000001"],
            ["Row 4", "Duplicate document code", "(row 2)"],
        ),
    ],
)
def test_doc_codes_are_checked_on_the_sheet(
    tmp_path: Path, codes_: list[str], expected: list[str]
) -> None:
    data: list[dict[str, object]] = [*rows()]
    for row, code in zip(data, codes_, strict=True):
        row["docCode"] = code
    report = _cell_case(tmp_path, data, headers=(*HEADERS, "docCode"))
    finding = only_error(report)
    assert "column P (docCode)" in finding.message_en
    for part in expected:
        assert part in finding.message_en


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    headers = (*HEADERS, "ghiChu")
    data: list[dict[str, object]] = [*rows()]
    data[0]["issuedDate"] = "2024/03/05"
    data[1]["typeName"] = "99"
    data[1]["organName"] = ""
    data[1]["title"] = "Khác"
    data[2]["subject"] = "x" * 501
    data[2]["file"] = "khong-co.pdf"
    folder = make_folder(tmp_path)
    (folder / "thua.pdf").write_bytes(pdf(9))
    out, report = build(tmp_path, folder, write_csv(tmp_path / "s.csv", data, headers=headers))
    assert out is None
    assert not (tmp_path / "out").exists()
    got = sorted((f.code, f.message_en.split(":")[0]) for f in report.findings)
    assert got == sorted(
        [
            ("SHT004", "Unknown column in the metadata sheet"),
            ("SHT002", "Row 2, column F (issuedDate)"),
            ("SHT002", "Row 3, column C (typeName)"),
            ("SHT002", "Row 3, column G (organName)"),
            ("SHT002", "Row 3, column M (title)"),
            ("SHT002", "Row 4, column B (subject)"),
            ("SHT003", "File khong-co.pdf named on row 4 is not in the folder"),
            ("SHT005", "File bien-ban.pdf is in the folder but not in the sheet"),
            ("SHT005", "File thua.pdf is in the folder but not in the sheet"),
        ]
    )


# --------------------------------------------------------------------------- files


def test_file_not_in_folder_is_sht003_with_row(tmp_path: Path) -> None:
    data = rows()
    data[1]["file"] = "khong-co.pdf"
    report = _cell_case(tmp_path, data)
    assert [f.code for f in report.errors] == ["SHT003"]
    assert report.errors[0].message_en == "File khong-co.pdf named on row 3 is not in the folder"
    assert report.errors[0].message_vi == "Tệp khong-co.pdf ở dòng 3 không có trong thư mục"


def test_extra_file_in_folder_is_a_warning_and_the_build_succeeds(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "ghi-chu.txt").write_text("ghi chú")
    (folder / "sub").mkdir()
    (folder / "sub" / "thua.pdf").write_bytes(pdf(9))
    out, report = build(tmp_path, folder, write_csv(tmp_path / "s.csv", rows()))
    assert out is not None and out.is_file()
    assert codes(report) == ["SHT005", "SHT005"]
    assert [f.severity for f in report.findings] == ["warning", "warning"]
    assert "ghi-chu.txt" in report.findings[0].message_en
    assert "sub/thua.pdf" in report.findings[1].message_en
    with zipfile.ZipFile(out) as zf:
        assert not any(n.endswith(("ghi-chu.txt", "thua.pdf")) for n in zf.namelist())


def test_sheet_and_output_inside_the_folder_are_not_extra_files(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    sheet_path = write_xlsx(folder / "danh-sach.xlsx", rows())
    (folder / "ho-so.zip").write_bytes(b"old")
    out, report = build(tmp_path, folder, sheet_path, out=folder / "ho-so.zip")
    assert out == folder / "ho-so.zip"
    assert report.findings == []
    with zipfile.ZipFile(out) as zf:
        assert not any(n.endswith(("danh-sach.xlsx", "ho-so.zip")) for n in zf.namelist())


@pytest.mark.parametrize("kind", ["dotdot", "absolute", "symlink", "dotdot-inside"])
def test_path_traversal_is_refused(tmp_path: Path, kind: str) -> None:
    folder = make_folder(tmp_path)
    secret = tmp_path / "outside.pdf"
    secret.write_bytes(b"%PDF-1.4 secret outside the folder")
    data = rows()
    name = {
        "dotdot": "../outside.pdf",
        "absolute": str(secret),
        "symlink": "link.pdf",
        "dotdot-inside": f"sub/../../{secret.name}",
    }[kind]
    if kind == "symlink":
        (folder / "link.pdf").symlink_to(secret)
    data[1]["file"] = name
    out, report = build(tmp_path, folder, write_csv(tmp_path / "s.csv", data))
    assert out is None
    assert not (tmp_path / "out").exists()
    sht003 = errors(report, "SHT003")
    assert len(sht003) == 1
    assert f"File {name} named on row 3" in sht003[0].message_en


def test_same_file_on_two_rows(tmp_path: Path) -> None:
    data = rows()
    data[2]["file"] = FILES[0]
    report = _cell_case(tmp_path, data)
    finding = only_error(report)
    assert finding.message_en == "Row 4, column A (file): the same file is on row 2"


def test_files_whose_names_clash_inside_the_package(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, (*FILES, "qd-giao-dat.docx", "sub/to-trinh.pdf"))
    data = [
        *rows(),
        {**rows()[2], "file": "qd-giao-dat.docx"},
        {**rows()[2], "file": "sub/to-trinh.pdf"},
    ]
    out, report = build(tmp_path, folder, write_csv(tmp_path / "s.csv", data))
    assert out is None
    assert [f.message_en for f in report.errors] == [
        "Row 5, column A (file): file name stem 'qd-giao-dat' clashes with the file on row 2",
        "Row 6, column A (file): file name stem 'to-trinh' clashes with the file on row 3",
    ]
