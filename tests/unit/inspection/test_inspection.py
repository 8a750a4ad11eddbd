"""An inspection on the real parts (SQLite and PostgreSQL; the local store and its replica):
a damaged copy, a catalog row whose size and checksum disagree with storage, a document's file
missing from storage and a catalog field that says something else than the stored EAD — each
found with its storage address, remedied, and every step an event; the 3-year coverage in
``archive due`` against fixed days."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import select, update

from archive.bootstrap import Archive, person_agent
from archive.catalog.models import Dossier, File
from archive.db.engine import unit_of_work
from archive.due import due_report
from archive.errors import NotSupported
from archive.faults import InjectedFault
from archive.inspection.match import compare
from archive.inspection.plan import make_plan
from archive.inspection.remedy import remedy
from archive.inspection.run import run_plan
from archive.inspection.views import coverage, failures
from archive.storage.ocfl import OcflRoot
from tests.support import sips
from tests.unit.holdings.conftest import content_key, damage_local, events_of, ingest_n

LAN = person_agent("lan")


def _original(n: int) -> str:
    return f"representations/rep1/data/{sips.file_code(n)}.1.pdf"


def _content(root: OcflRoot, object_id: str, logical: str) -> str:
    """The content path (inside the object) of a logical path of the head version."""
    return content_key(root, object_id, logical).split("/", 4)[-1]


def _delete_local(root: OcflRoot, key: str) -> None:
    path = Path(root.store.describe(), key)
    os.chmod(path.parent, stat.S_IRWXU)
    path.unlink()


def _damage(archive: Archive, ids: list[str]) -> dict[str, str]:
    """The four faults of the module docstring; returns the codes and paths to look for."""
    assert archive.replica is not None
    damage_local(archive.replica, content_key(archive.replica, ids[0], _original(1)))
    _delete_local(archive.ocfl, content_key(archive.ocfl, ids[2], _original(3)))
    with unit_of_work(archive.sessions) as s:
        arcs = dict(s.execute(select(Dossier.object_id, Dossier.arc_file_code)).all())
        row = s.scalar(
            select(File).join(Dossier).where(Dossier.object_id == ids[1], File.path == _original(2))
        )
        assert row is not None
        row.size += 1
        row.sha256 = "0" * 64
        s.execute(update(Dossier).where(Dossier.object_id == ids[0]).values(title="Sai tiêu đề"))
    return {"a": arcs[ids[0]], "b": arcs[ids[1]], "c": arcs[ids[2]]}


def _year_all_pressing(archive: Archive) -> int:
    """A plan year in which every dossier's 3 years run out, so the plan takes them all."""
    with unit_of_work(archive.sessions) as s:
        last = max(s.scalars(select(Dossier.ingested_at)))
    return (datetime.fromisoformat(last) + timedelta(days=3 * 365)).year


def test_each_failure_found_with_its_address_then_remedied(
    two_copies: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = two_copies
    ids = ingest_n(archive, tmp_path, 1, 2, 3)
    replica = archive.replica.store.name if archive.replica else ""
    primary = archive.ocfl.store.name
    codes = _damage(archive, ids)
    year = _year_all_pressing(archive)
    plan = make_plan(archive, year, LAN)
    assert plan.holding == 3
    report = run_plan(archive, LAN, year=year)
    assert sorted(report.inspected) == sorted(codes.values()) and report.remaining == 0
    got = {(f.arc_file_code, f.kind, f.store, f.path) for f in report.failures}
    damaged = _content(archive.ocfl, ids[0], _original(1))
    assert (codes["a"], "fixity", replica, damaged) in got
    assert any(f[:3] == (codes["a"], "field", primary) and f[3].endswith("EAD.xml") for f in got)
    row2 = _content(archive.ocfl, ids[1], _original(2))
    assert (codes["b"], "size", primary, row2) in got
    assert (codes["b"], "checksum", primary, row2) in got
    assert (codes["c"], "missing", primary, _content(archive.ocfl, ids[2], _original(3))) in got
    assert all(f.version == "v1" and f.object_id in ids for f in report.failures)
    assert len(events_of(archive, "inspection")) == 3
    assert len(events_of(archive, "inspection plan")) == 1
    with unit_of_work(archive.sessions) as s:
        open_ = failures(s)
    by = {(f["arc_file_code"], f["kind"]): f["id"] for f in open_}
    items = {i.kind: i for i in due_report(archive, date(2030, 1, 1), datetime(2030, 1, 1))}
    assert items["inspection_failed"].level == "red"
    assert items["inspection_failed"].count == len(open_) == len(report.failures)

    # A backup set holds no file's bytes: refused, nothing changed.
    with pytest.raises(NotSupported, match="not the files' bytes"):
        remedy(archive, by[(codes["a"], "fixity")], LAN, by="backup")
    # The damaged replica copy and the missing file: from the other copy.
    done = remedy(archive, by[(codes["a"], "fixity")], LAN)
    assert done["by"] == "copy" and replica in done["done"]
    done = remedy(archive, by[(codes["c"], "missing")], LAN, by="copy")
    assert primary in done["done"]
    assert len(events_of(archive, "recovery")) == 2
    # The catalog row from storage; size and checksum are one row, closed together.
    done = remedy(archive, by[(codes["b"], "size")], LAN)
    assert sorted(done["closed"]) == sorted(
        [by[(codes["b"], "size")], by[(codes["b"], "checksum")]]
    )
    # The field through the correction procedure: a new version and its event. Killed
    # after the correction, before the failure is closed: the same remedy again closes it,
    # without a second correction.
    monkeypatch.setenv("ARCHIVE_FAULT", "inspection_remedied:raise")
    with pytest.raises(InjectedFault):
        remedy(archive, by[(codes["a"], "field")], LAN)
    monkeypatch.delenv("ARCHIVE_FAULT")
    assert len(events_of(archive, "metadata modification")) == 1
    done = remedy(archive, by[(codes["a"], "field")], LAN)
    assert "already as stored" in done["done"]
    assert len(events_of(archive, "metadata modification")) == 1
    assert len(events_of(archive, "inspection remedy")) == 4
    with unit_of_work(archive.sessions) as s:
        assert failures(s) == []
        for dossier in s.scalars(select(Dossier)):
            assert dossier.title != "Sai tiêu đề"
            for root in archive.roots().values():
                assert compare(s, root, dossier) == []


def test_coverage_against_the_3_year_rule(two_copies: Archive, tmp_path: Path) -> None:
    archive = two_copies
    ingest_n(archive, tmp_path, 1, 2)
    with unit_of_work(archive.sessions) as s:
        first = coverage(s, date(2000, 1, 1)).first_due
    assert first is not None  # three years after the first ingest
    on = {
        "far": first - timedelta(days=200),
        "amber": first - timedelta(days=30),
        "red": first + timedelta(days=1),
    }
    now = datetime(2000, 1, 1)
    kinds = {k: {i.kind: i for i in due_report(archive, d, now)} for k, d in on.items()}
    assert "inspection" not in kinds["far"]
    assert kinds["amber"]["inspection"].level == "amber"
    assert kinds["amber"]["inspection"].due == first
    assert kinds["red"]["inspection"].level == "red"
    # Inspected 100 days before they fell due: their 3 years start again from then.
    year = _year_all_pressing(archive)
    make_plan(archive, year, LAN)
    with freeze_time(datetime.combine(first - timedelta(days=100), time(3)), tick=True):
        assert run_plan(archive, LAN, year=year).failures == []
    with unit_of_work(archive.sessions) as s:
        again = coverage(s, on["red"])
    assert again.overdue == 0
    assert again.first_due == first + timedelta(days=3 * 365 - 100)
