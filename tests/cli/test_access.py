"""``archive access request | ls | approve | refuse`` from the command line: the whole
procedure with exit codes and bilingual refusals (docs/use.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.bootstrap import open_archive, person_agent
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.users.service import add_user
from cli import output
from tests.support.cli import run
from tests.support.sips import MIXED_SUBJECTS, file_code, write_mixed_sip

CONDITIONAL = f"{file_code(91)}.0000002"
SECRET = f"{file_code(91)}.0000003"
ISOLATED = {"ARCHIVE_SECRET_RECORDS": "isolated"}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    assert run(home, "ingest", str(write_mixed_sip(tmp_path)), env=ISOLATED).exit_code == 0
    with open_archive(Settings(home=home)) as archive, unit_of_work(archive.sessions) as s:
        for name, role in (("minh", "officer"), ("lan", "archivist")):
            add_user(s, name, role, "mat-khau-thu-nghiem-2026", person_agent("test"))
    return home


def _json(home: Path, *args: str) -> object:
    result = run(home, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_procedure_from_the_command_line(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output.console, "width", 1000)  # one line per row
    purpose = "Xác minh hồ sơ đất"
    asked = _json(home, "access", "request", CONDITIONAL, "--purpose", purpose, "--user", "minh")
    assert isinstance(asked, dict) and asked["state"] == "pending"
    said = run(home, "access", "ls").stdout
    assert "chờ duyệt" in said and purpose in said
    refused = run(home, "access", "refuse", str(asked["id"]), "--by", "lan", "--reason", "Thiếu")
    assert refused.exit_code == 0 and "bị từ chối" in refused.stdout
    assert _json(home, "access", "ls", "--user", "minh") == []
    (row,) = _json(home, "access", "ls", "--all")  # type: ignore[misc]
    assert (row["state"], row["reason"]) == ("refused", "Thiếu")
    again = _json(home, "access", "request", CONDITIONAL, "--purpose", purpose, "--user", "minh")
    assert isinstance(again, dict)
    done = _json(home, "access", "approve", str(again["id"]), "--by", "lan", "--days", "7")
    assert isinstance(done, dict) and done["state"] == "approved" and done["validUntil"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ("request", SECRET, "--purpose", "x", "--user", "minh"),
            ("không có tài liệu sử dụng có điều kiện", "no conditional-use document"),
        ),
        (("request", CONDITIONAL, "--purpose", " ", "--user", "minh"), ("mục đích", "purpose")),
        (("request", CONDITIONAL, "--purpose", "x", "--user", "nobody"), ("nobody", "no user")),
        (("approve", "99", "--by", "lan"), ("#99", "no request #99")),
        (("approve", "99", "--by", "minh"), ("không có quyền duyệt", "may not decide")),
    ],
)
def test_refusals_are_clear(home: Path, args: tuple[str, ...], words: tuple[str, str]) -> None:
    result = run(home, "access", *args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    said = " ".join(result.output.split())
    assert words[0] in said and words[1] in said, said
    assert MIXED_SUBJECTS["03"] not in said
