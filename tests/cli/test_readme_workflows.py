"""README "Main workflows": every command of the section's ``sh`` blocks on a fresh demo home.

The same runner as the first-ten-minutes test (tests/support/readme.py): each line runs as
written, with bash and the real ``archive``, from the folder where ``archive demo`` made the
home. What a reader brings themselves is provided, and nothing else: a password on stdin
(``--password-stdin``), and the folder of files the sheet describes (``./ho-so-giao-dat`` with
the one file the template's example row names). ``archive serve`` runs until its login page
answers, on a free port instead of 8000 (the one other substitution), then gets Ctrl-C.

The demo home is built once for the module (``archive demo``, a few seconds).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from archive.ingest.sheettemplate import EXAMPLE_ROW
from tests.support import sips
from tests.support.cli import run_json
from tests.support.process import free_port
from tests.support.readme import Step, run_step, section_steps, serve_step

SECTION = "Main workflows"
FILE_CODE = "000.00.00.H49.2023.12.TNMT"
DOC = f"{FILE_CODE}.0000002"
PASSWORD = secrets.token_urlsafe(16)

Check = Callable[[subprocess.CompletedProcess[str], Path], None]


def says(*parts: str) -> Check:
    def check(result: subprocess.CompletedProcess[str], _: Path) -> None:
        for part in parts:
            assert part in result.stdout, part

    return check


def stored_sha256(folder: Path) -> str:
    code, shown = run_json(folder / "archive-data", "show", DOC)
    assert code == 0
    sha: str = shown["files"][0]["sha256"]
    return sha


def original_written(_: subprocess.CompletedProcess[str], folder: Path) -> None:
    data = (folder / "qd-123.pdf").read_bytes()
    assert hashlib.sha256(data).hexdigest() == stored_sha256(folder)


def original_piped(result: subprocess.CompletedProcess[str], folder: Path) -> None:
    assert result.stdout.split()[0] == stored_sha256(folder)


def held_as_json(result: subprocess.CompletedProcess[str], _: Path) -> None:
    (package,) = json.loads(result.stdout)
    assert package["status"] == "duplicate" and package["file_code"] == FILE_CODE


def html_written(result: subprocess.CompletedProcess[str], folder: Path) -> None:
    report = folder / "bao-cao.html"
    assert report.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert f"Đã ghi báo cáo HTML: {report.resolve()}" in result.stdout


def certified_copy(result: subprocess.CompletedProcess[str], folder: Path) -> None:
    """A DIP zip in the folder, whose original is the stored one (TT 05/2025 Đ42)."""
    (zip_path,) = folder.glob(f"BanSao_{DOC}_*.zip")
    assert "Đã cấp bản sao có xác thực" in result.stdout
    with zipfile.ZipFile(zip_path) as zf:
        (data,) = [n for n in zf.namelist() if "/representations/rep1/data/" in n]
        assert hashlib.sha256(zf.read(data)).hexdigest() == stored_sha256(folder)


def info_counts(result: subprocess.CompletedProcess[str], _: Path) -> None:
    info = json.loads(result.stdout)
    assert info["counts"]["dossiers"] == 4
    assert info["storage"]["replica"]["backend"] == "local"


def user_added(result: subprocess.CompletedProcess[str], folder: Path) -> None:
    assert "Đã tạo người dùng thu (cán bộ nghiệp vụ)" in result.stdout
    code, users = run_json(folder / "archive-data", "users", "list")
    assert (
        code == 0
        and {"name": "thu", "role": "officer"}.items()
        <= next(u for u in users if u["name"] == "thu").items()
    )


def package_ingested(result: subprocess.CompletedProcess[str], folder: Path) -> None:
    assert "1/1 gói được tiếp nhận." in result.stdout
    code, shown = run_json(folder / "archive-data", "show", EXAMPLE_ROW["fileCode"])
    assert code == 0 and shown["title"] == EXAMPLE_ROW["title"]


EXPECTED: dict[str, Check] = {
    "archive init": says("Đã tạo kho lưu trữ tại"),
    "archive demo --sips-only ./goi-mau": says("goi-mau/demo-root.cert.pem"),
    "archive ingest ./goi-mau/*.zip": says(
        "0/4 gói được tiếp nhận, 4 gói đã có trong kho (không lưu lại)."
    ),
    "archive ingest --json ./goi-mau/1-*.zip": held_as_json,
    "archive ls": says(FILE_CODE, "000.00.11.H49.2023.03.VP"),
    f"archive show {FILE_CODE}": says("Mục lục văn bản", "123/QĐ-UBND"),
    f"archive show {DOC}": says("Họ và tên người ký", "Trần Thị Bình", "Tệp của tài liệu"),
    f"archive get {DOC} -o qd-123.pdf": original_written,
    f"archive get {DOC} -o - | sha256sum": original_piped,
    "archive audit verify": says("Chuỗi nhật ký toàn vẹn"),
    f"archive verify {DOC} --html bao-cao.html": html_written,
    f'archive copy certify {DOC} --purpose "Công vụ" --out .': certified_copy,
    "archive preserve run --dry-run": says("Không có việc cần làm"),
    "archive info --json": info_counts,
    "archive users add thu --role officer --password-stdin": user_added,
    "archive serve --port 8000": says(),  # run by serve_step: checked there
    "archive replicate && archive fixity run --limit 2000": says(
        "Kho local: 5 đối tượng", "Kho replica: 5 đối tượng", "0 sai lệch"
    ),
    "archive fixity report": says("đã phủ hết"),
    "archive inspection plan && archive inspection run": says(
        "2/4 hồ sơ, 2 phông.", "Đã kiểm tra 2 hồ sơ, 0 lỗi"
    ),
    # 5 objects, and the inspection's signed minutes (Mẫu 17), a record object of its own.
    "archive storage verify": says(
        "✓ Kho local: 6 đối tượng: khớp với danh mục", "✓ Kho replica: 6 đối tượng: khớp"
    ),
    # The demo home backs up into archive-data/backups: a full set (the first), read back, and
    # its Mẫu 18; then the drill restores it into a scratch home, checks it, writes a Mẫu 19.
    "archive backup run": says(
        "Đã sao lưu toàn bộ", "khớp mã băm", "Sổ nhật ký sao lưu (Mẫu 18) đã ghi"
    ),
    "archive backup restore-drill": says(
        "Diễn tập khôi phục đạt: 1 bộ sao lưu", "chuỗi nhật ký nguyên vẹn", "kho khớp danh mục"
    ),
    "archive evidence build": says("Lô urn:archive:evidence:"),
    "archive retention due --year 2028": says("000.00.00.H49.2023.07.TH", "1 hồ sơ."),
    "archive transfer due": says("Hồ sơ đến hạn nộp lưu"),
    "archive sip template --out danh-sach.xlsx": says("danh-sach.xlsx"),
    ("archive sip build ./ho-so-giao-dat --metadata danh-sach.xlsx --out ho-so-giao-dat.zip"): says(
        "Đã tạo gói ho-so-giao-dat.zip"
    ),
    "archive ingest ho-so-giao-dat.zip": package_ingested,
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a fresh demo home, and the files a reader brings."""
    folder = tmp_path_factory.mktemp("readme")
    made = run_step(Step("archive demo", "archive demo"), folder)
    assert made.returncode == 0, made.stdout + made.stderr
    documents = folder / "ho-so-giao-dat"
    documents.mkdir()
    (documents / EXAMPLE_ROW["file"]).write_bytes(sips.pdf_bytes(7))
    return folder


def test_every_command_of_the_main_workflows_works(folder: Path) -> None:
    steps = section_steps(SECTION)
    assert [s.command for s in steps] == list(EXPECTED), "README and EXPECTED differ"
    failures: list[str] = []
    for step in steps:
        if step.command.startswith("archive serve"):
            code, out, err = serve_step(step, folder, free_port())
            if code != 0 or "Uvicorn running" not in out:
                failures.append(f"$ {step.line}\nexit {code}\n{out}\n{err}")
            continue
        result = run_step(step, folder, stdin=PASSWORD + "\n")
        said = f"$ {step.line}\nexit {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr}"
        if result.returncode != 0:
            failures.append(f"failed:\n{said}")
            continue
        try:
            EXPECTED[step.command](result, folder)
        except AssertionError as exc:
            failures.append(f"did not do what it says ({exc}):\n{said}")
    assert not failures, "\n\n".join(failures)
