"""Usage errors in the interface language, exit code 2 (issue #15; cli/usage.py): a misspelt
option or command, a missing option, a value of the wrong kind or out of range, a path that
does not exist; through the real entry point as well as in-process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import Result

from tests.support.cli import run


def cli(tmp_path: Path, *args: str, lang: str = "vi") -> Result:
    return run(tmp_path / "home", *args, env={"ARCHIVE_LANG": lang, "COLUMNS": "200"})


def flat(text: str) -> str:
    """The panel's text on one line, without its borders."""
    return " ".join(text.replace("│", " ").split())


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (
            ("ls", "--jsn"),
            "Không có tùy chọn --jsn. Có thể ý bạn là: --json.",
            "No such option: --jsn. Possible options: --json.",
        ),
        (("lss",), "Không có lệnh 'lss'. Có thể ý bạn là: 'ls'.", "Did you mean 'ls'?"),
        (("ls", "thua"), "Thừa tham số: thua.", "Got unexpected extra argument(s): thua."),
        (("get", "X"), "Thiếu tùy chọn '-o' / '--output'.", "Missing option '-o' / '--output'."),
        (
            ("search", "query", "--page", "abc", "x"),
            "Giá trị không hợp lệ cho '--page': 'abc' không phải số nguyên.",
            "Invalid value for '--page': 'abc' is not a whole number.",
        ),
        (
            ("fixity", "report", "--days", "0"),
            "Giá trị không hợp lệ cho '--days': cần lớn hơn hoặc bằng 1.",
            "Invalid value for '--days': must be at least 1.",
        ),
        (
            ("users", "add", "x", "--role", "boss"),
            "'boss' không phải một trong: 'officer', 'auditor', 'archivist', 'admin'.",
            "'boss' is not one of: 'officer', 'auditor', 'archivist', 'admin'.",
        ),
        (
            ("sip", "build", "/khong-co", "--metadata", "x.xlsx"),
            "Tệp 'x.xlsx' không tồn tại.",
            "File 'x.xlsx' does not exist.",
        ),
        (("retention", "due", "--year"), "Tùy chọn '--year' cần 1 giá trị.", "requires 1 value"),
    ],
    ids=["option", "command", "extra", "missing", "integer", "range", "choice", "path", "value"],
)
def test_usage_errors_in_the_interface_language(
    tmp_path: Path, args: tuple[str, ...], vi: str, en: str
) -> None:
    said_vi = cli(tmp_path, *args)
    assert said_vi.exit_code == 2
    assert vi in flat(said_vi.stderr), said_vi.stderr
    assert "Error" not in said_vi.stderr and "Usage" not in said_vi.stderr
    said_en = cli(tmp_path, *args, lang="en")
    assert said_en.exit_code == 2
    assert en in flat(said_en.stderr), said_en.stderr
    assert said_vi.stdout == said_en.stdout == ""  # all on standard error


def test_usage_line_and_help_hint(tmp_path: Path) -> None:
    said = cli(tmp_path, "ls", "--jsn").stderr
    assert "Cách dùng: archive ls [TÙY_CHỌN]" in said
    assert "Xem 'archive ls --help' để biết cách dùng." in said
    english = cli(tmp_path, "ls", "--jsn", lang="en").stderr
    assert "Usage: archive ls [OPTIONS]" in english and "Try 'archive ls --help'" in english


def test_the_real_entry_point_and_lang_before_the_error(tmp_path: Path) -> None:
    """Through the installed ``archive`` (as people run it): exit 2, the language taken from
    ``--lang`` even when the error comes before the option is applied; help and a bare
    group are unchanged (exit 0, exit 2 with the help)."""
    archive = Path(sys.executable).with_name("archive")
    env = {"PATH": str(archive.parent), "ARCHIVE_HOME": str(tmp_path / "home"), "COLUMNS": "200"}

    def real(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(archive), *args], env=env, capture_output=True, text=True, timeout=60
        )

    misspelt = real("--lang", "en", "ls", "--jsn")
    assert misspelt.returncode == 2 and "No such option: --jsn." in flat(misspelt.stderr)
    first = real("--bogus", "--lang", "en")
    assert first.returncode == 2 and "No such option: --bogus." in flat(first.stderr)
    vietnamese = real("lss")
    assert vietnamese.returncode == 2 and "Không có lệnh 'lss'." in flat(vietnamese.stderr)
    assert real("--help").returncode == 0
    bare = real("users")
    assert bare.returncode == 2 and "archive users" in bare.stdout + bare.stderr
    assert "Traceback" not in misspelt.stderr + first.stderr + bare.stderr
