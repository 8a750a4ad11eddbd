"""``archive sip template --out FILE``: the sheet to fill for ``archive sip build``.

The template is checked as a workbook (headers, example row, drop-down lists, guide and code
sheets), then filled in as a person would and taken through ``sip build`` and ``ingest``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from archive.catalog.codes import CODE_LISTS
from archive.ingest import sheettemplate
from archive.ingest.sheet import sheet_columns
from archive.ingest.sheettemplate import EXAMPLE_ROW, code_choice, header
from tests.support import sips
from tests.support.cli import run, run_json

FILE_CODE = EXAMPLE_ROW["fileCode"]


def template(tmp: Path, name: str = "danh-sach.xlsx", *extra: str) -> Path:
    out = tmp / name
    result = run(tmp / "no-home", "sip", "template", "--out", str(out), *extra)
    assert result.exit_code == 0, result.output
    assert str(out) in " ".join(result.stdout.split())
    return out


def main_sheet(path: Path) -> Worksheet:
    sheet = load_workbook(path).worksheets[0]
    assert isinstance(sheet, Worksheet)
    return sheet


def column_of(sheet: Worksheet, name: str) -> int:
    headers = [cell.value for cell in sheet[1]]
    return headers.index(next(h for h in headers if str(h).endswith(f"({name})"))) + 1


def build_and_ingest(tmp: Path, folder: Path, sheet: Path) -> dict[str, Any]:
    out = tmp / "goi.zip"
    code, built = run_json(
        tmp / "no-home", "sip", "build", str(folder), "--metadata", str(sheet), "--out", str(out)
    )
    assert code == 0, built["findings"]
    home = tmp / "home"
    assert run(home, "init").exit_code == 0
    code, results = run_json(home, "ingest", str(out))
    assert code == 0, results
    assert [r["status"] for r in results] == ["accepted"]
    code, shown = run_json(home, "show", FILE_CODE)
    assert code == 0
    assert isinstance(shown, dict)
    return shown


# --------------------------------------------------------------------------- the workbook


def test_the_workbook_has_labelled_headers_an_example_and_code_lists(tmp_path: Path) -> None:
    book = load_workbook(template(tmp_path))
    assert book.sheetnames == ["Bảng kê", "Hướng dẫn", "Danh mục mã"]
    sheet = book.worksheets[0]
    assert isinstance(sheet, Worksheet)
    columns = sheet_columns()
    assert [c.value for c in sheet[1]] == [header(c) for c in columns]
    assert sheet["B1"].value == "Mã hồ sơ (fileCode)"
    assert sheet.max_row == 2  # the header and one example row, nothing below
    example = {c.name: sheet.cell(row=2, column=i).value for i, c in enumerate(columns, 1)}
    assert example["typeName"] == "02 - Quyết định" and example["fileCode"] == FILE_CODE
    for index, column in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=index)
        assert cell.comment is not None and column.name in cell.comment.text
        assert cell.font.b == bool(column.required), column.name
        # Text cells, also those typed later (the column's format): "02" stays "02".
        assert sheet.column_dimensions[get_column_letter(index)].number_format == "@"
        assert sheet.cell(row=2, column=index).number_format == "@"

    rules = {str(r.sqref): r for r in sheet.data_validations.dataValidation}
    coded = [(i, c) for i, c in enumerate(columns, 1) if c.spec and c.spec.code_list]
    assert {c.name for _, c in coded} == {
        "maintenance",
        "mode",
        "language",
        "typeName",
        "confidenceLevel",
        "format",
        "riskRecoveryStatus",
    }
    for index, column in coded:
        assert column.spec is not None
        letter = get_column_letter(index)
        rule = rules[f"{letter}2:{letter}1001"]
        assert rule.type == "list" and "Danh mục mã" in str(rule.formula1)
        assert rule.showErrorMessage == (column.spec.kind == "code")  # "01,02" must pass
    booleans = [i for i, c in enumerate(columns, 1) if c.spec and c.spec.kind == "boolean"]
    for index in booleans:
        letter = get_column_letter(index)
        assert rules[f"{letter}2:{letter}1001"].formula1 == '"0,1"'

    codes = book["Danh mục mã"]
    for number, (name, values) in enumerate(CODE_LISTS.items(), 1):
        listed = [codes.cell(row=r, column=number).value for r in range(2, len(values) + 2)]
        assert listed == [code_choice(name, code) for code in values], name
    guide = [str(row[1]) for row in book["Hướng dẫn"].iter_rows(values_only=True) if row[1]]
    assert all(c.name in guide for c in columns)


def cells(path: Path) -> list[tuple[object, ...]]:
    return list(main_sheet(path).iter_rows(values_only=True))


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    first = template(tmp_path)
    written = cells(first)
    again = run(tmp_path / "no-home", "sip", "template", "--out", str(first))
    assert again.exit_code == 1
    assert "--force" in again.stderr
    first.write_bytes(b"an old sheet")
    again = run(tmp_path / "no-home", "sip", "template", "--out", str(first))
    assert again.exit_code == 1 and first.read_bytes() == b"an old sheet"
    template(tmp_path, "danh-sach.xlsx", "--force")
    assert cells(first) == written


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    result = run(tmp_path / "no-home", "sip", "template", "--out", str(tmp_path / "mau.ods"))
    assert result.exit_code == 1
    assert ".xlsx hoặc .csv" in " ".join(result.stderr.split())
    assert not (tmp_path / "mau.ods").exists()


def test_the_documented_columns_are_the_template_columns() -> None:
    page = sheettemplate.DOC_PATH.read_text(encoding="utf-8")
    assert sheettemplate.documented(page) == page, (
        "docs/sip-build.md is stale: run python -m archive.ingest.sheettemplate"
    )
    assert sheettemplate.main(["--check"]) == 0
    for column in sheet_columns():
        assert f"| `{column.name}` | {header(column)} |" in page


# --------------------------------------------------------------------------- round trip


def test_a_filled_template_builds_a_package_that_ingests(tmp_path: Path) -> None:
    sheet_path = template(tmp_path)
    book = load_workbook(sheet_path)
    sheet = book.worksheets[0]
    assert isinstance(sheet, Worksheet)
    # Fill it as a person would: the example row becomes the first document, a second row
    # describes a second file, codes picked from the drop-down lists or typed.
    sheet.cell(row=2, column=column_of(sheet, "file"), value="qd-45.pdf")
    sheet.cell(row=2, column=column_of(sheet, "title"), value="Hồ sơ quy chế văn thư 2024")
    second = {
        "file": "scan/to-trinh-12.pdf",
        "typeName": code_choice("typeName", "15"),
        "issuedDate": "10/03/2024",
        "organName": "Văn phòng Ủy ban nhân dân tỉnh Hòa Bình",
        "subject": "Đề nghị ban hành Quy chế công tác văn thư, lưu trữ",
        "language": "01,02",
        "numberOfPage": "2",
        "mode": "02",
    }
    for name, value in second.items():
        sheet.cell(row=3, column=column_of(sheet, name), value=value)
    book.save(sheet_path)
    folder = tmp_path / "ho-so"
    (folder / "scan").mkdir(parents=True)
    (folder / "qd-45.pdf").write_bytes(sips.pdf_bytes(1))
    (folder / "scan" / "to-trinh-12.pdf").write_bytes(sips.pdf_bytes(2))

    shown = build_and_ingest(tmp_path, folder, sheet_path)

    assert shown["title"] == "Hồ sơ quy chế văn thư 2024"
    assert (shown["maintenance"], shown["mode"], shown["totalDoc"]) == ("06", "01", 2)
    docs = shown["documents"]
    assert [(d["typeName"], d["language"], d["mode"]) for d in docs] == [
        ("02", "01", "01"),
        ("15", "01,02", "02"),
    ]
    assert [d["docCode"] for d in docs] == [f"{FILE_CODE}.0000001", f"{FILE_CODE}.0000002"]
    assert docs[0]["signerFullName"] == EXAMPLE_ROW["signerFullName"]


def test_the_csv_template_builds_as_it_is(tmp_path: Path) -> None:
    sheet_path = template(tmp_path, "danh-sach.csv")
    assert sheet_path.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    folder = tmp_path / "ho-so"
    folder.mkdir()
    (folder / EXAMPLE_ROW["file"]).write_bytes(sips.pdf_bytes(3))
    shown = build_and_ingest(tmp_path, folder, sheet_path)
    assert [d["typeName"] for d in shown["documents"]] == [EXAMPLE_ROW["typeName"]]


@pytest.mark.parametrize("value", ["02 - Hợp đồng", "99 - Khác"])
def test_a_code_with_the_wrong_label_is_refused_at_its_cell(tmp_path: Path, value: str) -> None:
    sheet_path = template(tmp_path)
    book = load_workbook(sheet_path)
    sheet = book.worksheets[0]
    assert isinstance(sheet, Worksheet)
    column = column_of(sheet, "typeName")
    sheet.cell(row=2, column=column, value=value)
    book.save(sheet_path)
    folder = tmp_path / "ho-so"
    folder.mkdir()
    (folder / EXAMPLE_ROW["file"]).write_bytes(sips.pdf_bytes(4))

    code, built = run_json(
        tmp_path / "no-home", "sip", "build", str(folder), "--metadata", str(sheet_path)
    )

    assert code == 1 and built["out"] is None
    letter = get_column_letter(column)
    (finding,) = built["findings"]
    assert f"{letter} (typeName)" in finding["message_en"] and value in finding["message_en"]
