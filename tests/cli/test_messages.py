"""Messages that say what is wrong and what to do (issue #15), in Vietnamese and English, with
the archive left unchanged when the input is bad.

- a truncated zip, and a file named ``.zip`` that is no zip, say which they are;
- a plain folder is not a package: the message points to ``archive sip build``;
- ``ingest`` counts a package it already holds as "already held", not as accepted;
- ``preserve run --dry-run`` with nothing due says so instead of an empty table;
- ``fixity report`` does not project a full pass when every object was checked;
- ``verify --html`` says where it wrote the report;
- ``transfer register|export --out DIR`` create DIR (and remove it again on failure).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.support import sips
from tests.support.cli import run, snapshot


def cli(home: Path, *args: str, lang: str = "vi") -> Result:
    return run(home, *args, env={"ARCHIVE_LANG": lang, "COLUMNS": "200"})


def cli_json(home: Path, *args: str) -> tuple[int, Any]:
    result = cli(home, *args, "--json")
    return result.exit_code, json.loads(result.stdout)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    assert cli(home, "init").exit_code == 0
    return home


def refused_with(home: Path, package: Path, code: str) -> dict[str, str]:
    """Ingest ``package``: refused with the one finding ``code``, archive unchanged."""
    before = snapshot(home)
    exit_code, results = cli_json(home, "ingest", str(package))
    assert exit_code == 1
    (result,) = results
    assert result["status"] == "refused"
    assert [f["code"] for f in result["findings"]] == [code], result["findings"]
    assert snapshot(home) == before
    finding: dict[str, str] = result["findings"][0]
    assert "neither a directory nor a .zip" not in finding["message_en"]
    return finding


# --------------------------------------------------------------------------- ingest


def test_a_truncated_zip_says_it_is_cut_short(home: Path, tmp_path: Path) -> None:
    whole = sips.write_zip(tmp_path / "good", 1)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert zipfile.is_zipfile(whole) and not zipfile.is_zipfile(cut)

    finding = refused_with(home, cut, "ZIP009")

    assert "bị cắt cụt" in finding["message_vi"] and "chép lại" in finding["message_vi"]
    assert "truncated" in finding["message_en"] and "copy it again" in finding["message_en"]
    assert str(cut) in finding["message_en"]


@pytest.mark.parametrize(
    ("content", "vi", "en"),
    [
        ("Đây là danh sách hồ sơ, không phải gói tin.\n".encode(), "văn bản", "text"),
        (sips.pdf_bytes(1), "tệp PDF", "a PDF file"),
        (b"", "tệp rỗng", "an empty file"),
    ],
    ids=["text", "pdf", "empty"],
)
def test_a_file_named_zip_that_is_no_zip_says_what_it_is(
    home: Path, tmp_path: Path, content: bytes, vi: str, en: str
) -> None:
    fake = tmp_path / "goi.zip"
    fake.write_bytes(content)

    finding = refused_with(home, fake, "PKG006")

    assert f"không phải tệp zip (nội dung: {vi})" in finding["message_vi"]
    assert f"is not a zip file (content: {en})" in finding["message_en"]


def test_another_file_is_still_neither_folder_nor_zip(home: Path, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("không phải gói tin", encoding="utf-8")
    _, (result,) = cli_json(home, "ingest", str(note))
    assert [f["code"] for f in result["findings"]] == ["PKG002"]


def test_a_plain_folder_points_to_sip_build(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ho-so-giao-dat"
    folder.mkdir()
    (folder / "to-trinh.pdf").write_bytes(sips.pdf_bytes(2))

    finding = refused_with(home, folder, "PKG007")

    assert f"archive sip build {folder} --metadata" in finding["message_vi"]
    assert f"archive sip build {folder} --metadata" in finding["message_en"]
    assert "archive sip template" in finding["message_en"]
    english = cli(home, "ingest", str(folder), lang="en")
    assert english.exit_code == 1
    assert "PKG007" in english.stdout and "0/1 packages accepted, 1 refused." in english.stdout
    assert "Traceback" not in english.output


def test_a_zip_of_plain_files_points_to_sip_build_too(home: Path, tmp_path: Path) -> None:
    package = tmp_path / "tai-lieu.zip"
    with zipfile.ZipFile(package, "w") as zf:
        zf.writestr("tai-lieu/to-trinh.pdf", sips.pdf_bytes(3))
    finding = refused_with(home, package, "PKG007")
    assert "archive sip build THƯ_MỤC" in finding["message_vi"]
    assert "archive sip build FOLDER" in finding["message_en"]


def test_a_package_already_held_is_not_counted_as_accepted(home: Path, tmp_path: Path) -> None:
    first, second = sips.write_zip(tmp_path / "a", 1), sips.write_zip(tmp_path / "b", 2)
    assert cli(home, "ingest", str(first)).exit_code == 0

    vi = cli(home, "ingest", str(first), str(second))
    en = cli(home, "ingest", str(first), str(second), lang="en")

    assert vi.exit_code == 0
    assert "1/2 gói được tiếp nhận, 1 gói đã có trong kho (không lưu lại)." in flat(vi.stdout)
    assert en.exit_code == 0
    assert "0/2 packages accepted, 2 already held (not stored again)." in flat(en.stdout)


# --------------------------------------------------------------------------- preserve, fixity


def test_preserve_dry_run_with_nothing_due_says_so(home: Path) -> None:
    result = cli(home, "preserve", "run", "--dry-run")
    assert result.exit_code == 0
    assert "Không có việc cần làm" in result.stdout
    assert "Bảo quản chữ ký số" not in result.stdout  # no empty table
    english = cli(home, "preserve", "run", "--dry-run", lang="en")
    assert "Nothing to do: no file is due" in flat(english.stdout)


def projection(report: Result) -> str:
    """The "full pass" cell of the local store's row."""
    (row,) = [line for line in report.stdout.splitlines() if line.startswith("│ local")]
    return row.split("│")[6].strip()


def test_fixity_report_projects_only_what_is_not_covered(home: Path, tmp_path: Path) -> None:
    for n in (1, 2):
        assert cli(home, "ingest", str(sips.write_zip(tmp_path / f"p{n}", n))).exit_code == 0

    assert cli(home, "fixity", "run", "--limit", "1").exit_code == 0
    half = cli(home, "fixity", "report")
    assert "1 (33%)" in half.stdout
    assert projection(half) == "1095"  # 2 dossiers and the audit log at 1 per 365 days

    assert cli(home, "fixity", "run").exit_code == 0
    full = cli(home, "fixity", "report")
    assert full.exit_code == 0
    assert "3 (100%)" in full.stdout
    assert projection(full) == "đã phủ hết"
    assert projection(cli(home, "fixity", "report", lang="en")) == "all covered"
    _, data = cli_json(home, "fixity", "report")
    assert data["stores"][0]["share"] == 1.0


# --------------------------------------------------------------------------- verify --html


def test_verify_html_says_where_it_wrote_the_report(tmp_path: Path) -> None:
    pdf = tmp_path / "khong-ky.pdf"
    pdf.write_bytes(sips.pdf_bytes(4))
    out = tmp_path / "bao-cao.html"
    home = tmp_path / "nowhere"  # a loose PDF needs no archive home

    result = cli(home, "verify", str(pdf), "--html", str(out))

    assert result.exit_code == 1  # unsigned: not TOTAL_PASSED
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert f"Đã ghi báo cáo HTML: {out.resolve()}" in result.stdout
    as_json = cli(home, "verify", str(pdf), "--html", str(out), "--json", lang="en")
    assert json.loads(as_json.stdout)["bottom_line"]  # stdout stays one JSON document
    assert f"HTML report written to {out.resolve()}" in as_json.stderr


# --------------------------------------------------------------------------- transfer --out


def test_transfer_register_creates_its_out_folder(home: Path, tmp_path: Path) -> None:
    assert cli(home, "ingest", str(sips.write_zip(tmp_path / "p", 1))).exit_code == 0  # permanent
    out = tmp_path / "nop-luu" / "dang-ky"

    result = cli(home, "transfer", "register", "--dossier", sips.file_code(1), "--out", str(out))

    assert result.exit_code == 0, result.output
    names = sorted(p.suffix for p in out.iterdir())
    assert names == [".csv", ".json", ".pdf", ".xlsx"]


def test_a_failed_registration_leaves_no_folder_behind(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "nop-luu" / "dang-ky"
    result = cli(home, "transfer", "register", "--dossier", sips.file_code(9), "--out", str(out))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "nop-luu").exists()


def test_transfer_out_that_is_a_file_is_refused_plainly(home: Path, tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("x", encoding="utf-8")
    result = cli(home, "transfer", "export", "--dossier", sips.file_code(1), "--out", str(taken))
    assert result.exit_code == 1
    assert f"không tạo được thư mục {taken}" in flat(result.stderr)
    assert taken.read_text(encoding="utf-8") == "x"
