"""``archive sip build FOLDER --metadata SHEET [--out FILE.zip]`` end to end: the zip it writes
ingests cleanly into a fresh archive, and bad sheets fail with every problem listed at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import run, run_json
from tests.unit.ingest.test_sheet import (
    FILE_CODE,
    FILES,
    HEADERS,
    SUBJECTS,
    TITLE,
    make_folder,
    pdf,
    rows,
    write_csv,
    write_xlsx,
)


def build(tmp: Path, folder: Path, sheet: Path, *extra: str) -> tuple[int, Any]:
    """``archive sip build`` (needs no archive home)."""
    return run_json(tmp / "no-home", "sip", "build", str(folder), "--metadata", str(sheet), *extra)


def ingest_and_show(home: Path, package: Path) -> dict[str, Any]:
    assert run(home, "init").exit_code == 0
    code, results = run_json(home, "ingest", str(package))
    assert code == 0, results
    assert [r["status"] for r in results] == ["accepted"], results
    assert [f for f in results[0]["findings"] if f["severity"] == "error"] == []
    code, shown = run_json(home, "show", FILE_CODE)
    assert code == 0, shown
    assert isinstance(shown, dict)
    return shown


def make_sheet(tmp: Path, kind: str, data: list[dict[str, str]] | None = None) -> Path:
    data = rows() if data is None else data
    if kind == "xlsx":
        return write_xlsx(tmp / "danh-sach.xlsx", data)
    bom = kind.endswith("-bom")
    delimiter = ";" if kind.startswith("csv-semicolon") else ","
    return write_csv(tmp / "danh-sach.csv", data, delimiter=delimiter, bom=bom)


SHEET_KINDS = ["csv-comma", "csv-comma-bom", "csv-semicolon", "csv-semicolon-bom", "xlsx"]


@pytest.mark.parametrize("kind", SHEET_KINDS)
def test_built_zip_ingests_cleanly_and_shows_the_sheet(tmp_path: Path, kind: str) -> None:
    folder = make_folder(tmp_path)
    sheet = make_sheet(tmp_path, kind)
    out = tmp_path / "goi" / "ho-so.zip"
    code, result = build(tmp_path, folder, sheet, "--out", str(out))
    assert code == 0, result
    assert result["ok"] is True
    assert result["out"] == str(out)
    assert result["findings"] == []
    assert out.is_file()

    shown = ingest_and_show(tmp_path / "home", out)
    assert shown["fileCode"] == FILE_CODE
    assert shown["title"] == TITLE
    assert shown["maintenance"] == "01"
    assert shown["startDate"] == "01/03/2024"
    assert shown["endDate"] == "30/12/2024"
    assert shown["totalDoc"] == 3
    assert shown["numberOfPage"] == 6
    docs = shown["documents"]
    assert [d["subject"] for d in docs] == list(SUBJECTS)
    assert [d["docCode"] for d in docs] == [f"{FILE_CODE}.{i:07d}" for i in (1, 2, 3)]
    assert [d["docOrdinal"] for d in docs] == [1, 2, 3]
    assert [d["typeName"] for d in docs] == ["02", "15", "20"]
    assert [d["issuedDate"] for d in docs] == ["05/03/2024", "01/03/2024", "20/03/2024"]
    assert [d["numberOfPage"] for d in docs] == [2, 3, 1]
    assert [d["codeNumber"] for d in docs] == ["123", "45", "07"]
    assert [[f["path"] for f in d["files"]] for d in docs] == [
        [f"representations/rep1/data/{name}"] for name in FILES
    ]


def test_vietnamese_text_survives_build_ingest_and_show(tmp_path: Path) -> None:
    data = rows()
    data[0]["subject"] = "Quyết định về việc giao đất"
    data[1]["organName"] = "Sở Tài nguyên và Môi trường tỉnh Hòa Bình"
    data[2]["codeNotation"] = "BB-ĐKĐĐ"
    folder = make_folder(tmp_path)
    out = tmp_path / "ho-so.zip"
    code, result = build(
        tmp_path, folder, make_sheet(tmp_path, "csv-comma-bom", data), "--out", str(out)
    )
    assert code == 0, result
    docs = ingest_and_show(tmp_path / "home", out)["documents"]
    assert docs[0]["subject"] == "Quyết định về việc giao đất"
    assert docs[1]["organName"] == "Sở Tài nguyên và Môi trường tỉnh Hòa Bình"
    assert docs[2]["codeNotation"] == "BB-ĐKĐĐ"
    code, doc = run_json(tmp_path / "home", "show", f"{FILE_CODE}.0000001")
    assert code == 0
    assert doc["subject"] == "Quyết định về việc giao đất"


def test_out_defaults_to_folder_name_zip_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_folder(tmp_path / "nguon", name="ho-so-giao-dat")
    sheet = make_sheet(tmp_path, "xlsx")
    work = tmp_path / "lam-viec"
    work.mkdir()
    monkeypatch.chdir(work)
    code, result = build(tmp_path, folder, sheet)
    assert code == 0, result
    assert result["out"] == "ho-so-giao-dat.zip"
    assert (work / "ho-so-giao-dat.zip").is_file()
    assert not (folder / "ho-so-giao-dat.zip").exists()
    shown = ingest_and_show(tmp_path / "home", work / "ho-so-giao-dat.zip")
    assert [d["subject"] for d in shown["documents"]] == list(SUBJECTS)


def test_extra_file_is_a_warning_and_the_build_succeeds(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "ban-nhap.pdf").write_bytes(pdf(9))
    out = tmp_path / "ho-so.zip"
    code, result = build(tmp_path, folder, make_sheet(tmp_path, "csv-comma"), "--out", str(out))
    assert code == 0, result
    assert [(f["code"], f["severity"]) for f in result["findings"]] == [("SHT005", "warning")]
    assert "ban-nhap.pdf" in result["findings"][0]["message_en"]
    shown = ingest_and_show(tmp_path / "home", out)
    assert len(shown["documents"]) == 3


# --------------------------------------------------------------------------- failures


def assert_failed(tmp: Path, code: int, result: Any, out: Path) -> list[dict[str, str]]:
    assert code == 1, result
    assert result["ok"] is False
    assert result["out"] is None
    assert not out.exists()
    assert not list(out.parent.glob("*.zip")), "no zip may be left behind"
    assert not list(out.parent.glob(".*.part"))
    findings: list[dict[str, str]] = result["findings"]
    return findings


def _one(findings: list[dict[str, str]], code: str) -> dict[str, str]:
    matching = [f for f in findings if f["code"] == code]
    assert len(matching) == 1, findings
    return matching[0]


@pytest.mark.parametrize("kind", ["csv-comma", "xlsx"])
def test_invalid_type_name_on_row_3(tmp_path: Path, kind: str) -> None:
    data = rows()
    data[1]["typeName"] = "99"
    out = tmp_path / "out" / "ho-so.zip"
    code, result = build(
        tmp_path, make_folder(tmp_path), make_sheet(tmp_path, kind, data), "--out", str(out)
    )
    findings = assert_failed(tmp_path, code, result, out)
    assert [f["code"] for f in findings] == ["SHT002"]
    assert findings[0]["message_en"].startswith("Row 3, column C (typeName): Value '99'")
    assert findings[0]["message_vi"].startswith("Dòng 3, cột C (typeName): Giá trị '99'")


@pytest.mark.parametrize(
    ("row", "header", "value", "prefix", "expected"),
    [
        (2, "issuedDate", "5/3/2024", "Row 2, column F (issuedDate)", "is not in the format"),
        (4, "subject", "x" * 501, "Row 4, column B (subject)", "the maximum is 500"),
        (3, "organName", "", "Row 3, column G (organName)", "required value is missing"),
        (2, "title", "", "Row 2, column M (title)", "required value is missing"),
        (3, "title", "Hồ sơ khác", "Row 3, column M (title)", "differs from row 2"),
    ],
)
def test_bad_cell_fails_with_row_and_column(
    tmp_path: Path, row: int, header: str, value: str, prefix: str, expected: str
) -> None:
    data = rows()
    data[row - 2][header] = value
    if header == "title" and row == 2:
        data[1]["title"] = ""  # row 3 repeats the title; blank it too
    out = tmp_path / "out" / "ho-so.zip"
    code, result = build(
        tmp_path, make_folder(tmp_path), make_sheet(tmp_path, "csv-comma", data), "--out", str(out)
    )
    findings = assert_failed(tmp_path, code, result, out)
    assert len(findings) == 1, findings
    assert findings[0]["code"] == "SHT002"
    assert findings[0]["message_en"].startswith(f"{prefix}: ")
    assert expected in findings[0]["message_en"]


def test_file_not_in_folder(tmp_path: Path) -> None:
    data = rows()
    data[2]["file"] = "khong-co.pdf"
    folder = make_folder(tmp_path, FILES[:2])
    out = tmp_path / "out" / "ho-so.zip"
    code, result = build(tmp_path, folder, make_sheet(tmp_path, "xlsx", data), "--out", str(out))
    findings = assert_failed(tmp_path, code, result, out)
    finding = _one(findings, "SHT003")
    assert finding["message_en"] == "File khong-co.pdf named on row 4 is not in the folder"


def test_unknown_column(tmp_path: Path) -> None:
    data: list[dict[str, str]] = rows()
    data[0]["nguoiKy"] = "Nguyễn Văn An"
    sheet = write_csv(tmp_path / "s.csv", data, headers=(*HEADERS, "nguoiKy"))
    out = tmp_path / "out" / "ho-so.zip"
    code, result = build(tmp_path, make_folder(tmp_path), sheet, "--out", str(out))
    findings = assert_failed(tmp_path, code, result, out)
    assert [f["code"] for f in findings] == ["SHT004"]
    assert findings[0]["message_en"] == "Unknown column in the metadata sheet: nguoiKy (P)"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    data: list[dict[str, str]] = rows()
    data[0]["ghiChu"] = "không rõ cột này"
    data[0]["issuedDate"] = "2024-03-05"
    data[1]["typeName"] = "99"
    data[1]["fileCode"] = "000.00.00.H49.2024.02.VP"
    data[2]["subject"] = "Biên bản " * 60
    data[2]["mode"] = ""
    data[2]["file"] = "khong-co.pdf"
    folder = make_folder(tmp_path)
    sheet = write_xlsx(tmp_path / "s.xlsx", data, headers=(*HEADERS, "ghiChu"))
    out = tmp_path / "out" / "ho-so.zip"
    code, result = build(tmp_path, folder, sheet, "--out", str(out))
    findings = assert_failed(tmp_path, code, result, out)
    got = sorted((f["code"], f["severity"], f["message_en"].split(":")[0]) for f in findings)
    assert got == sorted(
        [
            ("SHT004", "error", "Unknown column in the metadata sheet"),
            ("SHT002", "error", "Row 2, column F (issuedDate)"),
            ("SHT002", "error", "Row 3, column C (typeName)"),
            ("SHT002", "error", "Row 3, column L (fileCode)"),
            ("SHT002", "error", "Row 4, column B (subject)"),
            ("SHT002", "error", "Row 4, column J (mode)"),
            ("SHT003", "error", "File khong-co.pdf named on row 4 is not in the folder"),
            ("SHT005", "warning", "File bien-ban.pdf is in the folder but not in the sheet"),
        ]
    )


def test_path_traversal_in_file_column_is_refused(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    secret = tmp_path / "outside.pdf"
    secret.write_bytes(b"%PDF-1.4\n% NOT FOR THE PACKAGE\n%%EOF\n")
    data = rows()
    data[1]["file"] = "../outside.pdf"
    out = tmp_path / "out" / "ho-so.zip"
    code, result = build(
        tmp_path, folder, make_sheet(tmp_path, "csv-comma", data), "--out", str(out)
    )
    findings = assert_failed(tmp_path, code, result, out)
    finding = _one(findings, "SHT003")
    assert finding["message_en"] == "File ../outside.pdf named on row 3 is not in the folder"
    assert not any(p.suffix == ".zip" for p in tmp_path.rglob("*"))


def test_human_output_lists_findings_and_exits_1(tmp_path: Path) -> None:
    data = rows()
    data[1]["typeName"] = "99"
    data[2]["file"] = "khong-co.pdf"
    sheet = make_sheet(tmp_path, "csv-comma", data)
    folder = make_folder(tmp_path)
    result = run(
        tmp_path / "no-home",
        "sip",
        "build",
        str(folder),
        "--metadata",
        str(sheet),
        "--out",
        str(tmp_path / "x.zip"),
        env={"ARCHIVE_LANG": "en", "COLUMNS": "300"},
    )
    assert result.exit_code == 1
    assert "SHT002" in result.stdout
    assert "SHT003" in result.stdout
    assert "No package built" in result.stdout
    assert not (tmp_path / "x.zip").exists()


def test_unreadable_sheet_fails_cleanly(tmp_path: Path) -> None:
    sheet = tmp_path / "danh-sach.xlsx"
    sheet.write_bytes(b"PK\x03\x04 this is not a workbook")
    out = tmp_path / "out" / "ho-so.zip"
    code, result = build(tmp_path, make_folder(tmp_path), sheet, "--out", str(out))
    findings = assert_failed(tmp_path, code, result, out)
    assert [f["code"] for f in findings] == ["SHT001"]
