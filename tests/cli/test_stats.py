"""``archive stats`` (docs/statistics.md): the JSON and the workbook hold the core's figures,
a period in Vietnam's calendar, bad input refused in both languages with nothing written."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from archive.bootstrap import open_archive
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.statistics.periods import Period
from archive.statistics.report import build_report
from cli import output
from tests.support.cli import run
from tests.support.statshome import DOC, build_stats_home

ISOLATED = {"ARCHIVE_SECRET_RECORDS": "isolated"}
PERIOD = ("--from", "01/11/2026", "--to", "31/12/2026")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    with open_archive(Settings(home=home, secret_records="isolated")) as archive:
        build_stats_home(archive, tmp_path)
    return home


def test_json_is_the_core_report(home: Path) -> None:
    result = run(home, "stats", "--by", "mode", *PERIOD, "--json", env=ISOLATED)
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    with (
        open_archive(Settings(home=home, secret_records="isolated")) as archive,
        unit_of_work(archive.sessions) as s,
    ):
        core = build_report(
            s, archive.settings, "admin", "mode", Period(date(2026, 11, 1), date(2026, 12, 31))
        )
    assert body == json.loads(json.dumps(core.as_dict()))
    assert (body["format"], body["by"], body["from"], body["to"]) == (
        1,
        "mode",
        "2026-11-01",
        "2026-12-31",
    )
    assert [g["key"] for g in body["holdings"]["groups"]] == ["01", "02", "03"]
    assert body["holdings"]["total"]["documents"] == 5
    assert [a["month"] for a in body["activity"]] == ["2026-11", "2026-12"]
    assert body["activity"][1]["certified_copies"] == 2
    assert body["records"][0]["code"] == DOC(1)
    assert DOC(2) not in {r["code"] for r in body["records"]}  # Mật: a number only
    assert body["restricted"] == {"records": 1, "views": 1, "deliveries": 1}


def test_xlsx_and_table(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "thong-ke.xlsx"
    result = run(home, "stats", "--by", "retention", *PERIOD, "--xlsx", str(out), env=ISOLATED)
    assert result.exit_code == 0, result.output
    assert str(out) in "".join(result.stdout.split())
    book = load_workbook(io.BytesIO(out.read_bytes()))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == "Thời hạn bảo quản"
    assert [r[:4] for r in rows[2:]] == [
        ("Vĩnh viễn", 1, 2, 2),
        ("10 năm", 2, 3, 3),
        ("Tổng cộng", 3, 5, 5),
    ]
    assert [s.title for s in book.worksheets][1:] == [
        "Thu nộp theo tháng",
        "Khai thác theo tháng",
        "Khai thác theo tài liệu",
    ]
    monkeypatch.setattr(output.console, "width", 1000)
    said = run(home, "stats", "--by", "year", *PERIOD, env={**ISOLATED, "ARCHIVE_LANG": "en"})
    assert said.exit_code == 0, said.output
    assert "2010" in said.stdout and "Certified copies issued" in said.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--from", "31/02/2026"), ("--from", "ngày viết dd/mm/yyyy", "a date is written")),
        (("--from", "01/12/2026", "--to", "01/11/2026"), ("sau ngày kết thúc", "is after")),
        (("--from", "01/01/1990", "--to", "01/01/2026"), ("tối đa 240 tháng", "at most 240")),
    ],
)
def test_bad_periods_are_refused(
    home: Path, tmp_path: Path, args: tuple[str, ...], words: tuple[str, str]
) -> None:
    out = tmp_path / "x.xlsx"
    result = run(home, "stats", *args, "--xlsx", str(out), env=ISOLATED)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert all(w in result.output for w in words)
    assert not out.exists()
