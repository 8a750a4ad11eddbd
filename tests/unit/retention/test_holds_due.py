"""Due dates over real ingested dossiers, and holds: placed and released with reason and actor,
logged, and visible to the due report."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from archive.audit.models import Event
from archive.bootstrap import Archive, person_agent
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput, NotFound
from archive.retention.due import retention_due, transfer_due_list
from archive.retention.holds import list_holds, place_hold, refuse_held, release_hold
from tests.support.retention import ingest_dossier


def test_due_counts_from_end_year_and_takes_the_longest_document(
    archive: Archive, tmp_path: Path
) -> None:
    ten = ingest_dossier(archive, tmp_path, 1, maintenance="06", end_year=2010)  # 31/12/2020
    five = ingest_dossier(archive, tmp_path, 2, maintenance="07", years=5, end_year=2019)  # 2024
    # dossier says 10 years, but one document is permanent: never due
    ingest_dossier(archive, tmp_path, 3, maintenance="06", end_year=2000, doc_maintenance="01")
    ingest_dossier(archive, tmp_path, 4, maintenance="01", end_year=2000)
    with unit_of_work(archive.sessions) as s:
        assert [d.arc_file_code for d in retention_due(s, 2019)] == []
        assert [d.arc_file_code for d in retention_due(s, 2020)] == [ten]
        due = retention_due(s, 2024)
    assert [(d.arc_file_code, d.due.isoformat()) for d in due] == [
        (ten, "2020-12-31"),
        (five, "2024-12-31"),
    ]
    assert due[1].as_dict()["maintenanceYears"] == 5


def test_transfer_due_lists_permanent_non_secret_dossiers(archive: Archive, tmp_path: Path) -> None:
    permanent = ingest_dossier(archive, tmp_path, 1, maintenance="01")
    ingest_dossier(archive, tmp_path, 2, maintenance="01", mode="03")  # secret: never listed
    ingest_dossier(archive, tmp_path, 3, maintenance="06")
    with unit_of_work(archive.sessions) as s:
        deposit = int(s.scalars(select(Event.occurred_at)).first()[:4])  # type: ignore[index]
        assert transfer_due_list(s, deposit + 3) == []
        (row,) = transfer_due_list(s, deposit + 4)
    assert row.arc_file_code == permanent
    assert row.as_dict()["registrationDue"] == f"31/12/{deposit + 4}"
    assert row.as_dict()["transferDue"] == f"31/12/{deposit + 5}"


def test_hold_place_release_logged_and_guarding(archive: Archive, tmp_path: Path) -> None:
    code = ingest_dossier(archive, tmp_path, 1)
    with pytest.raises(InvalidInput, match="reason"):
        place_hold(archive, code, "  ", person_agent("lan"))
    with pytest.raises(NotFound):
        place_hold(archive, "NO-SUCH", "thanh tra", person_agent("lan"))
    first = place_hold(archive, code, "Thanh tra vụ việc 12/2026", person_agent("lan"))
    second = place_hold(archive, code, "Tranh chấp đất đai", person_agent("minh"))
    assert first.active and first.legal_hold_keys == 0  # local store: no S3 locks
    with unit_of_work(archive.sessions) as s:
        assert retention_due(s, 2030)[0].held
        with pytest.raises(Conflict, match=code):
            refuse_held(s, [code], "hủy", "destroyed")
    released = release_hold(archive, first.id, "Kết thúc thanh tra", person_agent("lan"))
    assert released.released_by == "lan" and not released.active
    with pytest.raises(Conflict, match="already released"):
        release_hold(archive, first.id, "again", person_agent("lan"))
    assert [h.id for h in list_holds(archive)] == [second.id]
    release_hold(archive, second.id, "Đã giải quyết", person_agent("minh"))
    with unit_of_work(archive.sessions) as s:
        refuse_held(s, [code], "hủy", "destroyed")  # no active hold: nothing raised
        types = list(s.scalars(select(Event.event_type).order_by(Event.seq)))
    assert types.count("hold placed") == 2 and types.count("hold released") == 2
    assert len(list_holds(archive, all_=True)) == 2
    assert archive.verify_audit().ok
