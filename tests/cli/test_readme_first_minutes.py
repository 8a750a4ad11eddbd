"""README "The first ten minutes", command by command, in an empty folder.

Every line of the section's ``sh`` blocks runs exactly as written (nothing substituted: the
walkthrough finds its home, ``./archive-data``, from the folder, and names the second home
``./kho-thu`` itself) through bash and the real ``archive`` entry point. Each must exit 0 and do
what its comment promises; a line without an expectation here fails the test, so the README
cannot grow a command nobody checked. The walkthrough starts with ``archive demo``: it builds
the fresh demo home the rest runs on (once for the module).

The subprocesses read the machine's clock; the demo PKI, its TSA and the validation all take
"now", and the one year in the walkthrough (``--year 2028``) is given, so the outcome does not
depend on the date.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

from tests.support.cli import run_json
from tests.support.readme import Step, run_step, section_steps

SECTION = "The first ten minutes"
DOSSIERS = (
    "000.00.00.H49.2023.12.TNMT",
    "000.00.11.H49.2023.03.VP",
    "000.00.00.H49.2023.07.TH",
    "000.00.00.H49.2023.15.NC",
)
DOC = "000.00.00.H49.2023.12.TNMT.0000002"

Check = Callable[[subprocess.CompletedProcess[str], Path], None]


def says(*parts: str) -> Check:
    def check(result: subprocess.CompletedProcess[str], _: Path) -> None:
        for part in parts:
            assert part in result.stdout, part

    return check


def demo_made(result: subprocess.CompletedProcess[str], folder: Path) -> None:
    assert result.stdout.count("đã tiếp nhận") == 4
    assert "Tài khoản mẫu" in result.stdout
    assert result.stderr == ""  # no untrusted-root note, no warning
    assert (folder / "archive-data" / "archive.toml").is_file()
    assert (folder / "archive-data" / "replica").is_dir()


def original_fetched(_: subprocess.CompletedProcess[str], folder: Path) -> None:
    code, shown = run_json(folder / "archive-data", "show", DOC)
    assert code == 0
    data = (folder / "qd-123.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == shown["files"][0]["sha256"]


def samples_written(_: subprocess.CompletedProcess[str], folder: Path) -> None:
    names = sorted(p.name for p in (folder / "goi-mau").iterdir())
    assert len([n for n in names if n.endswith(".zip")]) == 4
    assert "demo-root.cert.pem" in names


def second_home_trusts(result: subprocess.CompletedProcess[str], folder: Path) -> None:
    assert (folder / "kho-thu" / "archive.toml").is_file()
    assert "Đã tạo kho lưu trữ" in result.stdout


def second_home_ingested(result: subprocess.CompletedProcess[str], _: Path) -> None:
    assert "4/4 gói được tiếp nhận." in result.stdout
    assert "SIG0" not in result.stdout  # every signature valid: no signature finding


def template_written(_: subprocess.CompletedProcess[str], folder: Path) -> None:
    book = load_workbook(folder / "danh-sach.xlsx", read_only=True)
    assert book.sheetnames[0] == "Bảng kê"


EXPECTED: dict[str, Check] = {
    "archive demo": demo_made,
    "archive ls": says(*DOSSIERS),
    "archive show 000.00.00.H49.2023.12.TNMT": says("Mục lục văn bản", "123/QĐ-UBND"),
    f"archive get {DOC} -o qd-123.pdf": original_fetched,
    f"archive verify {DOC}": says("Kết luận chung: TOTAL_PASSED", "ChuKyCaNhan", "ChuKyCoQuan"),
    'archive search "quyet dinh giao dat"': says("123/QĐ-UBND", DOC),
    "archive audit verify": says("Chuỗi nhật ký toàn vẹn"),
    "archive evidence build": says("Lô urn:archive:evidence:"),
    f"archive evidence verify {DOC}": says("hợp lệ: 1 dấu thời gian lưu trữ", "Demo TSA"),
    "archive replicate && archive fixity run": says(
        "local → replica: 1 mới", "Kho local: 6 đối tượng", "Kho replica: 6 đối tượng"
    ),
    "archive fixity report": says("│ local   │ 6", "│ replica │ 6", "đã phủ hết"),
    "archive retention due --year 2028": says("000.00.00.H49.2023.07.TH", "1 hồ sơ."),
    "archive demo --sips-only ./goi-mau": samples_written,
    "archive --home ./kho-thu init --trust-demo-root ./goi-mau/demo-root.cert.pem": (
        second_home_trusts
    ),
    "archive --home ./kho-thu ingest ./goi-mau/*.zip": second_home_ingested,
    "archive sip template --out danh-sach.xlsx": template_written,
}


def test_every_command_of_the_first_ten_minutes_works(tmp_path: Path) -> None:
    steps = section_steps(SECTION)
    assert [s.command for s in steps] == list(EXPECTED), "README and EXPECTED differ"
    failures: list[str] = []
    for step in steps:
        result = run_step(step, tmp_path)
        failure = _check(step, result, tmp_path)
        if failure:
            failures.append(failure)
            if step.command == "archive demo":
                break  # nothing else can work
    assert not failures, "\n\n".join(failures)


def _check(step: Step, result: subprocess.CompletedProcess[str], folder: Path) -> str:
    """'' when the step did what it should, else what went wrong."""
    said = f"$ {step.line}\nexit {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr}"
    if result.returncode != 0:
        return f"failed:\n{said}"
    try:
        EXPECTED[step.command](result, folder)
    except AssertionError as exc:
        return f"did not do what it says ({exc}):\n{said}"
    return ""
