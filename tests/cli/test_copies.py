"""``archive copy plain | ls | purge`` from the command line (docs/use.md): a plain copy written
to a file, marked "BẢN SAO", the stored original unchanged; the listing; the purge; refusals
that are clear, bilingual, exit 1, and tell a hidden document from no missing one."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from freezegun import freeze_time
from pypdf import PdfReader

from archive.bootstrap import open_archive, person_agent
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.users.service import add_user
from cli import output
from tests.support.cli import run, snapshot
from tests.support.sips import MIXED_SUBJECTS, file_code, write_mixed_sip

PUBLIC = f"{file_code(91)}.0000001"
CONDITIONAL = f"{file_code(91)}.0000002"
SECRET = f"{file_code(91)}.0000003"
ISOLATED = {"ARCHIVE_SECRET_RECORDS": "isolated"}
START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    with freeze_time(START, tick=True):
        assert run(home, "init").exit_code == 0
        ingested = run(home, "ingest", str(write_mixed_sip(tmp_path)), env=ISOLATED)
        assert ingested.exit_code == 0, ingested.output
        with open_archive(Settings(home=home)) as archive, unit_of_work(archive.sessions) as s:
            add_user(s, "minh", "officer", "mat-khau-thu-nghiem-2026", person_agent("test"))
    return home


def _dossiers(home: Path) -> dict[str, str]:
    """The stored files of the dossiers (the sealed audit log grows with every command)."""
    return {k: v for k, v in snapshot(home).items() if "uuid" in k and k.startswith("store/")}


def test_a_plain_copy_is_written_listed_and_purged(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output.console, "width", 1000)
    out = tmp_path / "ban-sao.pdf"
    store_before = _dossiers(home)
    with freeze_time(START + timedelta(days=1)) as clock:
        made = run(home, "copy", "plain", PUBLIC, "--user", "minh", "--out", str(out), env=ISOLATED)
        assert made.exit_code == 0, made.output
        assert "Bản sao số 1" in made.stdout and "18/11/2026" in made.stdout
        assert "BẢN SAO" in PdfReader(BytesIO(out.read_bytes())).pages[0].extract_text()
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        listed = run(home, "copy", "ls", "--user", "minh", env=ISOLATED).stdout
        assert "bản sao không xác thực" in listed and "còn hạn" in listed and PUBLIC in listed
        (row,) = json.loads(run(home, "copy", "ls", "--json", env=ISOLATED).stdout)
        assert (row["kind"], row["holder"], row["state"]) == ("plain", "minh", "open")
        clock.move_to(START + timedelta(days=21))
        purged = run(home, "copy", "purge", env=ISOLATED)
        assert purged.exit_code == 0 and "1 bản đọc, bản sao" in purged.stdout
        (row,) = json.loads(run(home, "copy", "ls", "--json", env=ISOLATED).stdout)
        assert row["state"] == "deleted"
    assert _dossiers(home) == store_before  # the originals and their AIP: not a byte changed
    assert not list((home / "copies").glob("*.pdf"))


def test_the_preservation_run_purges_ended_copies(home: Path, tmp_path: Path) -> None:
    with freeze_time(START + timedelta(days=1)) as clock:
        out = tmp_path / "c.pdf"
        assert (
            run(home, "copy", "plain", PUBLIC, "--user", "minh", "--out", str(out)).exit_code == 0
        )
        clock.move_to(START + timedelta(days=21))
        ran = run(home, "preserve", "run", "--json", env=ISOLATED)
    assert json.loads(ran.stdout)["copiesDeleted"] == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("plain", SECRET, "--user", "minh"), ("không có tài liệu", "no document")),
        (("plain", CONDITIONAL, "--user", "minh"), ("không có tài liệu", "no document")),
        (
            ("plain", f"{file_code(91)}.0000009", "--user", "minh"),
            ("không có tài liệu", "no document"),
        ),
        (("plain", PUBLIC, "--user", "nobody"), ("nobody", "no user")),
    ],
)
def test_refusals_are_clear_and_change_nothing(
    home: Path, tmp_path: Path, args: tuple[str, ...], words: tuple[str, str]
) -> None:
    out = tmp_path / "x.pdf"
    before = snapshot(home)
    result = run(home, "copy", *args, "--out", str(out), env=ISOLATED)
    assert result.exit_code == 1 and "Traceback" not in result.output
    said = " ".join(result.output.split())
    assert words[0] in said and words[1] in said, said
    assert MIXED_SUBJECTS["03"] not in said and "0000003" not in said.replace(SECRET, "")
    assert not out.exists()
    assert snapshot(home) == before


def test_a_missing_folder_for_the_copy_is_refused(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "x.pdf"
    result = run(home, "copy", "plain", PUBLIC, "--user", "minh", "--out", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Không có thư mục" in result.output and not out.parent.exists()
