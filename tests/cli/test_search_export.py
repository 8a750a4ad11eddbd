"""``archive search query --xlsx/--pdf`` (docs/statistics.md): every hit, exactly what the role
may find (a Mật document for the admin of a home that indexes it, never for an officer), the
export logged, a search beyond the bound refused whole."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from archive.audit.models import Event
from archive.bootstrap import open_archive
from archive.config import Settings
from archive.db.engine import unit_of_work
from tests.support.cli import run
from tests.support.statshome import DOC, build_stats_home

ENV = {"ARCHIVE_SECRET_RECORDS": "isolated", "ARCHIVE_SEARCH_INDEX_RESTRICTED": "true"}


def _settings(home: Path) -> Settings:
    return Settings(home=home, secret_records="isolated", search_index_restricted=True)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    with open_archive(_settings(home)) as archive:
        build_stats_home(archive, tmp_path)
    assert run(home, "search", "reindex", env=ENV).exit_code == 0
    return home


def _exports(home: Path) -> list[Event]:
    with open_archive(_settings(home)) as archive, unit_of_work(archive.sessions) as s:
        rows = list(s.scalars(select(Event).where(Event.event_type == "search export")))
        s.expunge_all()
        return rows


def _codes(path: Path) -> set[str]:
    sheet = load_workbook(io.BytesIO(path.read_bytes())).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][0] == "Mã định danh văn bản"  # title, subtitle, then the columns
    return {str(r[0]) for r in rows[3:]}


def test_each_role_exports_what_it_may_find(home: Path, tmp_path: Path) -> None:
    officer, admin = tmp_path / "officer.xlsx", tmp_path / "admin.xlsx"
    said = run(home, "search", "query", "--role", "officer", "--xlsx", str(officer), env=ENV)
    assert said.exit_code == 0, said.output
    assert str(officer) in "".join(said.stdout.split())
    everyone = {DOC(1, 1), DOC(1, 2), DOC(2, 2)}  # mode 01
    assert _codes(officer) == everyone
    said = run(home, "search", "query", "--role", "admin", "--xlsx", str(admin), env=ENV)
    assert said.exit_code == 0, said.output
    assert _codes(admin) == everyone | {DOC(2, 1), DOC(3, 1, 2012)}  # and the 03, the 02
    pdf = tmp_path / "officer.pdf"
    said = run(home, "search", "query", "--role", "officer", "--pdf", str(pdf), env=ENV)
    assert said.exit_code == 0, said.output
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "Danhsáchvănbảntìmđược" in text
    assert all(code in text for code in everyone) and DOC(2, 1) not in text
    events = _exports(home)
    assert [e.outcome for e in events] == ["success"] * 3
    assert "3 documents, xlsx, role officer" in events[0].detail
    assert "5 documents, xlsx, role admin" in events[1].detail


def test_an_export_beyond_the_bound_is_refused_whole(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    env = {**ENV, "ARCHIVE_SEARCH_EXPORT_MAX_ROWS": "2"}
    said = run(home, "search", "query", "--role", "officer", "--xlsx", str(out), env=env)
    assert said.exit_code == 2
    assert "xuất được tối đa 2" in said.output and "Traceback" not in said.output
    assert not out.exists() and _exports(home) == []
    narrowed = run(
        home, "search", "query", "--role", "officer", "--year", "2012", "--xlsx", str(out), env=env
    )
    assert narrowed.exit_code == 0, narrowed.output  # none of 2012 is mode 01: an empty list
    assert _codes(out) == set()
