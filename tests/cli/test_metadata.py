"""``archive metadata set`` from the command line: giải mật of the Mật document of a Công khai
dossier with its decision opens it at once to search, the API and the transfer plan; refusals
are bilingual, exit 1, leave no traceback and change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from archive.bootstrap import open_archive, person_agent
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.users.models import ApiToken, User
from archive.users.service import add_user, issue_token
from archive.web import create_app
from cli import output
from tests.support.cli import run
from tests.support.sips import file_code, write_mixed_sip

DOSSIER = f"000.00.00.H99.{file_code(91)}"
SECRET = f"{file_code(91)}.0000003"
ISOLATED = {"ARCHIVE_SECRET_RECORDS": "isolated"}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    ingested = run(home, "ingest", str(write_mixed_sip(tmp_path)), env=ISOLATED)
    assert ingested.exit_code == 0, ingested.output
    return home


def _officer_sees(home: Path) -> tuple[bool, bool]:
    """Whether the officer finds the document by search and opens it by the API."""
    found = run(home, "search", "bảo vệ mục tiêu", "--role", "officer", "--json", env=ISOLATED)
    hits = {h["docCode"] for h in json.loads(found.stdout)["hits"]}
    settings = Settings(home=home, secret_records="isolated")
    with open_archive(settings) as archive:
        with unit_of_work(archive.sessions) as s:
            add_user(s, "minh", "officer", "mat-khau-thu-nghiem-2026", person_agent("test"))
            token = issue_token(s, "minh", person_agent("test"))
        with TestClient(create_app(archive)) as client:
            got = client.get(
                f"/api/documents/{SECRET}", headers={"authorization": f"Bearer {token}"}
            )
        with unit_of_work(archive.sessions) as s:  # the account is for this look only
            s.query(ApiToken).delete()
            s.query(User).delete()
    return SECRET in hits, got.status_code == 200


def test_declassify_from_the_command_line(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output.console, "width", 1000)
    assert _officer_sees(home) == (False, False)
    transfer_due = json.loads(run(home, "transfer", "due", "--year", "2100", "--json").stdout)
    assert DOSSIER not in {r["arcFileCode"] for r in transfer_due}
    args = ("metadata", "set", SECRET, "mode=01", "--reason", "Hết thời hạn bảo vệ bí mật")
    decision = ("--decision", "15/QĐ-UBND", "--decision-date", "03/11/2026")

    done = run(home, *args, *decision, env=ISOLATED)

    assert done.exit_code == 0, done.output
    assert f"Đã sửa đặc tả {SECRET}" in done.stdout and "mode: 03 → 01" in done.stdout
    assert _officer_sees(home) == (True, True)
    shown = json.loads(run(home, "show", SECRET, "--json").stdout)
    assert shown["mode"] == "01"
    assert any(e["type"] == "metadata modification" for e in shown["events"])
    transfer_due = json.loads(run(home, "transfer", "due", "--year", "2100", "--json").stdout)
    assert DOSSIER in {r["arcFileCode"] for r in transfer_due}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("docCode=X",), ("không bao giờ được sửa", "never changed")),
        (("mode=01",), ("cần quyết định", "needs its decision")),
        (("mode=01", "--decision", "15/QĐ-UBND"), ("đi cùng nhau", "go together")),
        (
            ("mode=01", "--decision", "15", "--decision-date", "2026-11-03"),
            ("DD/MM/YYYY", "DD/MM/YYYY"),
        ),
        (("mode",), ("TRƯỜNG=GIÁ_TRỊ", "FIELD=VALUE")),
        (("mode=07", "--decision", "1", "--decision-date", "01/01/2026"), ("07", "07")),
    ],
)
def test_refusals_are_clear_and_change_nothing(
    home: Path, args: tuple[str, ...], words: tuple[str, str]
) -> None:
    before = run(home, "show", DOSSIER, "--json").stdout
    refused = run(home, "metadata", "set", SECRET, *args, "--reason", "Sửa", env=ISOLATED)
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    said = " ".join(refused.output.split())
    assert words[0] in said and words[1] in said, said
    assert run(home, "show", DOSSIER, "--json").stdout == before
