"""Record objects are holdings like dossiers (ADR 0021): minutes, a disposal list and the other
procedure objects the catalog names are fixity-checked, a changed byte is found and repaired
from the replica, ``storage verify`` knows them, and the next evidence-record batch covers
their files."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from archive.bootstrap import Archive, person_agent, software_agent
from archive.db.engine import unit_of_work
from archive.db.recordobjects import record_objects
from archive.errors import Conflict
from archive.evidence.models import EvidenceRecordRow
from archive.evidence.service import build
from archive.holdings import fixity
from archive.holdings.consistency import verify_store
from archive.holdings.copies import catalogued
from archive.holdings.repair import repair
from archive.minutes.service import PDF_NAME, read_minutes, write_minutes
from archive.storage.ocfl import OcflRoot, object_path
from tests.support import signed
from tests.support.pki import TestPki, serve_pki
from tests.unit.minutes import support

LAN = person_agent("lan")
AGENTS = [software_agent()]
AT = signed.LATER_THAT_DAY


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture
def home(pki: TestPki, tmp_path: Path, catalog_url: str) -> Iterator[Archive]:
    with support.home(tmp_path, pki, catalog_url) as archive:
        yield archive


def _flip(root: OcflRoot, object_id: str, logical: str) -> None:
    """Change one byte of a stored file in place (bit rot)."""
    inventory = root.inventory(object_id)
    state = inventory["versions"][inventory["head"]]["state"]
    digest = next(d for d, paths in state.items() if logical in paths)
    path = Path(root.store.describe(), object_path(object_id), inventory["manifest"][digest][0])
    good = path.read_bytes()
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    path.write_bytes(good[:500] + bytes([good[500] ^ 0x01]) + good[501:])
    os.chmod(path, 0o444)


def test_a_changed_byte_in_minutes_is_found_and_repaired_from_the_replica(home: Archive) -> None:
    with freeze_time(AT, tick=True):
        record = write_minutes(home, None, support.spec(), agent=LAN)
    assert home.replica is not None
    with unit_of_work(home.sessions) as session:
        known = {m.object_id: m for m in catalogued(session)}
        assert [r.object_id for r in record_objects(session)] == [record.object_id]
    assert known[record.object_id].version == "v1"
    assert all(verify_store(home.sessions, root).ok for root in home.roots().values())

    checked = fixity.run(
        home.settings, home.sessions, home.ocfl, home.ocfl, AGENTS, everything=True
    )
    assert [(r.object_id, r.ok) for r in checked.results] == [(record.object_id, True)]

    _flip(home.ocfl, record.object_id, PDF_NAME)
    checked = fixity.run(
        home.settings, home.sessions, home.ocfl, home.ocfl, AGENTS, everything=True
    )
    (failed,) = checked.failed
    assert failed.object_id == record.object_id
    assert any(PDF_NAME in p or "content" in p for p in failed.problems), failed.problems
    with pytest.raises(Conflict, match="archive repair"):
        read_minutes(home, str(record.id), "pdf")  # the catalog's digest refuses the bad bytes

    report = repair(
        home.sessions, home.roots(), record.object_id, home.settings.staging_dir, AGENTS
    )
    assert report.source == home.replica.store.name
    assert report.restored[home.ocfl.store.name]
    after = fixity.run(home.settings, home.sessions, home.ocfl, home.ocfl, AGENTS, everything=True)
    assert after.failed == []
    pdf = read_minutes(home, str(record.id), "pdf")
    with home.replica.open_logical(record.object_id, PDF_NAME) as fh:
        assert fh.read() == pdf


def test_the_next_evidence_batch_covers_the_minutes(home: Archive) -> None:
    with freeze_time(AT, tick=True):
        record = write_minutes(home, None, support.spec(), agent=LAN)
        build(home, agent=LAN)
        build(home, agent=LAN)  # covered once: the next build takes nothing of it again
    with unit_of_work(home.sessions) as session:
        rows = session.scalars(
            select(EvidenceRecordRow).where(EvidenceRecordRow.target_object == record.object_id)
        ).all()
        assert sorted((r.path, r.target_version, r.role) for r in rows) == [
            ("minutes.json", "v1", "record"),
            ("minutes.pdf", "v1", "record"),
        ]
