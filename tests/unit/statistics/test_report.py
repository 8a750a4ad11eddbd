"""The statistics (docs/statistics.md) of a home built by code, on SQLite and PostgreSQL:
every grouping of the holdings, growth and use per month in Vietnam's calendar, the most used
records as each role may see them, and the workbook."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook

from archive.bootstrap import Archive
from archive.dates import parse_day
from archive.db.engine import unit_of_work
from archive.errors import InvalidInput, LimitExceeded
from archive.statistics.holdings import GROUPINGS, Grouping
from archive.statistics.periods import Period, period
from archive.statistics.report import Report, build_report
from tests.support.statshome import DOC, build_stats_home

NOV_DEC = Period(date(2026, 11, 1), date(2026, 12, 31))


@pytest.fixture
def built(archive: Archive, tmp_path: Path) -> tuple[Archive, dict[int, str]]:
    return archive, build_stats_home(archive, tmp_path)


@pytest.fixture
def home(built: tuple[Archive, dict[int, str]]) -> Archive:
    return built[0]


def _report(archive: Archive, by: Grouping, role: str = "admin", when: Period = NOV_DEC) -> Report:
    with unit_of_work(archive.sessions) as s:
        return build_report(s, archive.settings, role, by, when)


def _groups(report: Report) -> dict[str, tuple[int, int, int]]:
    return {g.key: (g.dossiers, g.documents, g.files) for g in report.groups}


def test_every_grouping_adds_up_to_the_holdings(home: Archive) -> None:
    reports = {by: _report(home, by) for by in GROUPINGS}
    total = reports["year"].total
    assert (total.dossiers, total.documents, total.files) == (3, 5, 5)
    assert total.bytes > 0
    assert _groups(reports["year"]) == {"2010": (2, 4, 4), "2012": (1, 1, 1)}
    assert _groups(reports["organ"]) == {"000.00.00.H49": (3, 5, 5)}
    assert _groups(reports["retention"]) == {"01": (1, 2, 2), "06": (2, 3, 3)}
    # A document's own mode wins over its dossier's: dossier 2 is 01, its first document 03.
    assert _groups(reports["mode"]) == {"01": (2, 3, 3), "02": (1, 1, 1), "03": (1, 1, 1)}
    assert _groups(reports["type"]) == {"02": (3, 5, 5)}
    formats = _groups(reports["format"])
    assert len(formats) == 1 and next(iter(formats.values())) == (3, 5, 5)
    assert next(iter(formats)).startswith("fmt/")  # a PRONOM id, by siegfried
    for by, report in reports.items():
        assert sum(g.bytes for g in report.groups) == total.bytes, by
        assert sum(g.documents for g in report.groups) == total.documents, by
    assert reports["retention"].label("01", "vi") == "Vĩnh viễn"
    assert reports["mode"].label("03", "en") != "03"


def test_growth_and_use_are_counted_per_month_of_vietnam(home: Archive) -> None:
    report = _report(home, "year")
    # Dossier 1 came at 01:00 on 1/11 in Hà Nội (31/10 in UTC): November.
    growth = {m: (g.dossiers, g.documents) for m, g in report.growth.items()}
    assert growth == {"2026-11": (2, 4), "2026-12": (1, 1)}
    nov, dec = report.activity["2026-11"], report.activity["2026-12"]
    assert (nov["views"], nov["downloads"], nov["readings"]) == (4, 1, 0)
    assert (dec["views"], dec["downloads"], dec["readings"]) == (3, 1, 1)
    assert (nov["requests"], nov["approved"], nov["refused"]) == (0, 0, 1)
    assert (dec["requests"], dec["approved"], dec["refused"]) == (1, 1, 0)
    assert (nov["reading_copies"], nov["plain_copies"], nov["certified_copies"]) == (1, 0, 0)
    assert (dec["reading_copies"], dec["plain_copies"], dec["certified_copies"]) == (0, 1, 2)
    october = _report(home, "year", when=Period(date(2026, 10, 1), date(2026, 10, 31)))
    assert october.growth["2026-10"].dossiers == 0
    assert sum(october.activity["2026-10"].values()) == 0


def test_records_a_role_may_not_see_are_numbers_only(
    built: tuple[Archive, dict[int, str]],
) -> None:
    home, dossiers = built
    admin = _report(home, "year", "admin")
    assert [(u.code, u.views, u.deliveries) for u in admin.top] == [
        (DOC(1), 4, 2),
        (DOC(3, 1, 2012), 1, 0),  # ties by code
        (dossiers[1], 1, 0),
    ]
    # The Mật document (search_index_restricted off): named for no one, counted for all.
    assert DOC(2) not in {u.code for u in admin.top}
    assert admin.restricted.as_dict() == {"records": 1, "views": 1, "deliveries": 1}
    auditor = _report(home, "year", "auditor")  # sees mode 01 only (search_roles_mode_02)
    codes = {u.code for u in auditor.top}
    assert DOC(3, 1, 2012) not in codes and DOC(2) not in codes
    assert auditor.restricted.as_dict() == {"records": 2, "views": 2, "deliveries": 1}
    assert [u.code for u in auditor.top] == [DOC(1), dossiers[1]]


def test_workbook_holds_the_same_figures_and_is_deterministic(home: Archive) -> None:
    report = _report(home, "mode")
    data = report.workbook("vi")
    assert data == report.workbook("vi")
    book = load_workbook(io.BytesIO(data))
    holdings = list(book.worksheets[0].iter_rows(values_only=True))
    assert holdings[1][:3] == ("Chế độ sử dụng", "Hồ sơ", "Văn bản")
    assert holdings[-1][1:4] == (3, 5, 5)
    activity = {r[0]: r for r in book.worksheets[2].iter_rows(min_row=2, values_only=True)}
    assert activity["2026-12"][1:4] == (3, 1, 1)


def test_periods_are_checked_and_default_to_twelve_months() -> None:
    with freeze_time(datetime(2026, 12, 31, 18, tzinfo=UTC)):  # 1/1/2027 in Hà Nội
        default = period()
    assert (default.start, default.end) == (date(2026, 2, 1), date(2027, 1, 1))
    assert len(default.months) == 12
    assert parse_day("05/11/2026") == parse_day("2026-11-05", form_field=True) == date(2026, 11, 5)
    with pytest.raises(InvalidInput):
        parse_day("2026-11-05")  # typed by a person: as Vietnamese users write it
    with pytest.raises(InvalidInput):
        parse_day("31/02/2026")
    with pytest.raises(InvalidInput):
        period(date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(LimitExceeded):
        period(date(1990, 1, 1), date(2026, 1, 1))
