"""Times shown to people: dd/mm/yyyy HH:MM:SS in Vietnam's time, no fractions (archive/dates.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from freezegun import freeze_time

from archive import dates
from archive.clock import catalog_time, event_time
from archive.dates import VN_ZONE, parse_moment, today, vn_date, vn_datetime


def test_the_zone_is_vietnam_from_the_tz_database() -> None:
    assert isinstance(VN_ZONE, ZoneInfo) and VN_ZONE.key == "Asia/Ho_Chi_Minh"
    assert datetime(2026, 6, 1, tzinfo=VN_ZONE).utcoffset() == timedelta(hours=7)
    assert datetime(2026, 12, 1, tzinfo=VN_ZONE).utcoffset() == timedelta(hours=7)  # no DST


def test_without_a_tz_database_the_fixed_offset_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stand-in for a machine without tzdata gives the same local time for every moment
    since 1976, month by month."""

    def missing(key: str) -> ZoneInfo:
        raise ZoneInfoNotFoundError(key)

    monkeypatch.setattr(dates, "ZoneInfo", missing)
    fixed = dates._vietnam()
    assert fixed.tzname(None) == "ICT"
    for year in range(1976, 2101):
        for month in range(1, 13):
            moment = datetime(year, month, 15, 12, tzinfo=UTC)
            assert moment.astimezone(VN_ZONE).utcoffset() == fixed.utcoffset(moment)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2026-12-07T13:52:58.036329+00:00", "07/12/2026 20:52:58"),  # audit log, microseconds
        ("2026-12-07T13:52:58+00:00", "07/12/2026 20:52:58"),  # catalog, seconds
        ("2026-12-07T20:52:58+07:00", "07/12/2026 20:52:58"),  # written with Vietnam's offset
        ("2026-12-07T13:52:58Z", "07/12/2026 20:52:58"),
        ("2026-12-31T17:00:00+00:00", "01/01/2027 00:00:00"),  # the date turns in Vietnam
        ("2026-12-07T13:52:58", "07/12/2026 20:52:58"),  # no offset: the archive's UTC
        ("2026-12-07 13:52:58.999999+00:00", "07/12/2026 20:52:58"),  # cut, not rounded
    ],
)
def test_vn_datetime(stored: str, shown: str) -> None:
    assert vn_datetime(stored) == shown


def test_the_clock_formats_round_trip() -> None:
    moment = datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
    assert vn_datetime(event_time(moment)) == "04/03/2026 12:06:07"
    assert vn_datetime(catalog_time(moment)) == "04/03/2026 12:06:07"
    assert vn_datetime(moment) == "04/03/2026 12:06:07"
    assert vn_datetime(moment.astimezone(timezone(timedelta(hours=-5)))) == "04/03/2026 12:06:07"


@pytest.mark.parametrize("value", ["", "—", "18/01/2023", "2023", "Như Điều 3; Lưu: VT, TNMT."])
def test_what_is_not_a_time_is_shown_as_it_is(value: str) -> None:
    assert parse_moment(value) is None
    assert vn_datetime(value) == value
    assert vn_datetime(None) == ""


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2023-01-18", "18/01/2023"),
        (date(2023, 1, 18), "18/01/2023"),
        ("2026-12-31T17:00:00+00:00", "01/01/2027"),
        (datetime(2026, 12, 31, 17, 0, tzinfo=UTC), "01/01/2027"),
        ("18/01/2023", "18/01/2023"),
        ("01/2023", "01/2023"),
        ("2023", "2023"),
        ("", ""),
        (None, ""),
    ],
)
def test_vn_date(value: str | date | None, shown: str) -> None:
    assert vn_date(value) == shown


def test_today_is_the_date_in_vietnam_from_the_archive_clock() -> None:
    """18:00 UTC on New Year's Eve is already 1 January in Hà Nội: a year's request numbers and
    deadlines count from the agency's day, not the server's."""
    with freeze_time("2026-12-31 18:00:00"):
        assert today() == date(2027, 1, 1)
    with freeze_time("2026-12-31 16:59:59"):
        assert today() == date(2026, 12, 31)
