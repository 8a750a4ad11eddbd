"""The retention schedule: seeded unverified from docs/domain.md §6.2, CSV round trip, and a
bad CSV refused whole with every bad line named."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from archive.audit.models import Event
from archive.bootstrap import Archive, person_agent
from archive.db.engine import unit_of_work
from archive.errors import InvalidInput
from archive.retention import schedule

LAN = person_agent("lan")


def test_seed_is_marked_to_be_verified_and_idempotent(archive: Archive) -> None:
    with unit_of_work(archive.sessions) as s:
        assert schedule.seed(s, LAN) == len(schedule.SEED)
    with unit_of_work(archive.sessions) as s:
        assert schedule.seed(s, LAN) == 0
        rows = schedule.rows(s)
    assert len(rows) == len(schedule.SEED) > 40
    assert all(not r.verified and "to be verified" in r.source for r in rows)
    with unit_of_work(archive.sessions) as s:
        types = s.scalars(select(Event.event_type)).all()
    assert types == ["retention schedule change"] * 2
    by_code = {r.code: r for r in rows}
    assert (by_code["3"].maintenance, by_code["3"].years) == ("07", 5)
    assert (by_code["15"].maintenance, by_code["15"].years) == ("02", 70)
    assert by_code["1"].years is None


def test_csv_export_import_round_trip_and_update(archive: Archive, tmp_path: Path) -> None:
    with unit_of_work(archive.sessions) as s:
        schedule.seed(s, LAN)
        data = schedule.export_csv(s)
    text = data.decode()
    assert text.splitlines()[0] == ",".join(schedule.CSV_COLUMNS)
    edited = text.replace(",07,5,", ",07,6,", 1)  # the first 5-year row now keeps 6 years
    path = tmp_path / "s.csv"
    path.write_text(
        edited + '99,13 Chuyên môn,"Hồ sơ mới, đã kiểm tra",07,15,TT 10/2022 PL I,1,\n',
        encoding="utf-8",
    )
    with unit_of_work(archive.sessions) as s:
        assert schedule.import_csv(s, path, LAN) == len(schedule.SEED) + 1
    with unit_of_work(archive.sessions) as s:
        rows = {r.code: r for r in schedule.rows(s)}
    assert rows["99"].verified and rows["99"].years == 15 and rows["99"].title.endswith("kiểm tra")
    assert rows["3"].years == 6
    with unit_of_work(archive.sessions) as s:
        assert schedule.export_csv(s).decode().startswith(text.splitlines()[0])


def test_bad_csv_is_refused_whole_naming_each_line(archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        ",".join(schedule.CSV_COLUMNS)
        + "\n1,G,Ok row,01,,src,0,\n2,G,Bad code,09,,src,0,\n3,G,No years,07,,src,0,\n"
        "4,G,Wrong years,06,7,src,0,\n1,G,Duplicate,01,,src,0,\n",
        encoding="utf-8",
    )
    with unit_of_work(archive.sessions) as s, pytest.raises(InvalidInput) as err:
        schedule.import_csv(s, path, LAN)
    message = str(err.value)
    assert "4 error(s), nothing imported" in message
    for line in ("line 3", "line 4", "line 5", "line 6"):
        assert line in message
    with unit_of_work(archive.sessions) as s:
        assert schedule.rows(s) == []
