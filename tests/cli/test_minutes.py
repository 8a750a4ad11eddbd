"""``archive minutes ls | show | get`` and the minutes listed by ``archive disposal ls`` and
``archive transfer ls`` (docs/minutes.md): the PDF written is the stored one, byte for byte;
bad input is refused with a bilingual message, exit 1, nothing written."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from freezegun import freeze_time

from archive.bootstrap import person_agent
from archive.minutes.forms import Form
from archive.minutes.service import write_minutes
from tests.support import signed
from tests.support.cli import run, run_json, snapshot
from tests.support.pki import TestPki, serve_pki
from tests.unit.minutes import support


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


def test_minutes_commands(pki: TestPki, tmp_path: Path) -> None:
    catalog = f"sqlite:///{tmp_path / 'catalog.sqlite3'}"
    with support.home(tmp_path, pki, catalog) as archive, freeze_time(signed.LATER_THAT_DAY):
        first = write_minutes(archive, None, support.spec(), agent=person_agent("lan"))
        write_minutes(
            archive, None, support.spec(Form.HANDOVER, "02/BB-GN"), agent=person_agent("lan")
        )
    home = tmp_path / "home"
    env = {
        "ARCHIVE_DATABASE_URL": catalog,
        "ARCHIVE_REPLICA_BACKEND": "local",
        "ARCHIVE_REPLICA_ROOT": str(tmp_path / "replica"),
    }

    code, rows = run_json(home, "minutes", "ls", "--procedure", "disposal:HUY-2026-01", env=env)
    assert code == 0 and [r["form"] for r in rows] == ["destruction-m21", "handover"]
    code, rows = run_json(home, "minutes", "ls", "--form", "handover", env=env)
    assert code == 0 and [r["number"] for r in rows] == ["02/BB-GN"]
    listed = run(home, "minutes", "ls", env=env)
    assert listed.exit_code == 0 and "01/BB-HTL" in listed.stdout and "2 biên bản" in listed.stdout

    code, shown = run_json(home, "minutes", "show", str(first.id), env=env)
    assert code == 0 and shown["content"]["rows"][0][0] == "1"
    human = run(home, "minutes", "show", first.object_id, env=env)
    assert human.exit_code == 0 and "BIÊN BẢN HỦY TÀI LIỆU LƯU TRỮ SỐ" in human.stdout

    out = tmp_path / "bb.pdf"
    got = run(home, "minutes", "get", str(first.id), "-o", str(out), env=env)
    assert got.exit_code == 0, got.output
    assert hashlib.sha256(out.read_bytes()).hexdigest() == first.pdf_sha256
    assert out.read_bytes().startswith(b"%PDF-")

    before = snapshot(home)
    for args, message in (
        (("ls", "--procedure", "HUY-2026-01"), "LOẠI:MÃ"),
        (("ls", "--form", "m99"), "Không có mẫu biên bản m99"),
        (("show", "99"), "Không có biên bản 99"),
        (("get", "99", "-o", str(tmp_path / "none.pdf")), "Không có biên bản 99"),
    ):
        refused = run(home, "minutes", *args, env=env)
        assert refused.exit_code == 1, refused.output
        assert message in refused.output and " / " in refused.output
        assert "Traceback" not in refused.output
    assert not (tmp_path / "none.pdf").exists()
    assert snapshot(home) == before
