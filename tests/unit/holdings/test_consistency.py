"""``storage verify``: after a crash at any ingest step nothing stays unreported; orphans,
leftovers and drift are listed; a rebuilt catalog equals the original field for field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, update

from archive.audit.models import Event
from archive.audit.seal import seal
from archive.audit.stored import verify_stored
from archive.bootstrap import Archive, open_archive, person_agent, software_agent
from archive.catalog.models import File
from archive.db.engine import unit_of_work
from archive.errors import Conflict
from archive.faults import InjectedFault
from archive.holdings.consistency import verify_store
from archive.rebuild import rebuild
from archive.storage.ocfl import object_path
from tests.support import sips
from tests.support.catalogdump import dump
from tests.unit.holdings.conftest import ingest_n
from tests.unit.ingest.test_pipeline import STEPS

STORED_NOT_CATALOGUED = {"stored", "replicated", "catalog_flushed"}


@pytest.mark.parametrize("step", [*STEPS, "replicated"])
def test_no_crash_leaves_anything_unreported(
    two_copies: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    package = sips.write_zip(tmp_path, 5)
    monkeypatch.setenv("ARCHIVE_FAULT", f"{step}:raise")
    with pytest.raises(InjectedFault):
        two_copies.ingest(package, person_agent("lan"))
    monkeypatch.delenv("ARCHIVE_FAULT")
    checks = {n: verify_store(two_copies.sessions, r) for n, r in two_copies.roots().items()}
    primary = checks["local"]
    if step in STORED_NOT_CATALOGUED:
        assert len(primary.orphans) == 1, primary
        assert (primary.missing, primary.leftovers, primary.drift) == ([], [], [])
    else:
        assert primary.ok, primary
    # The replica is written after the catalog's AIP read, before the commit.
    assert checks["replica"].orphans == (
        primary.orphans if step in {"replicated", "catalog_flushed"} else []
    )
    again = two_copies.ingest(package, person_agent("lan"))
    assert again.ok
    assert all(verify_store(two_copies.sessions, r).ok for r in two_copies.roots().values())


def test_missing_leftovers_and_drift_are_listed(two_copies: Archive, tmp_path: Path) -> None:
    oid1, oid2 = ingest_n(two_copies, tmp_path, 1, 2)
    assert two_copies.replica is not None
    # A stray scratch file, and a half-published object (no completion marker).
    two_copies.ocfl.store.put_bytes(f"{object_path(oid1)}/.inventory.json.9.tmp", b"x")
    two_copies.ocfl.store.put_bytes(f"{object_path('urn:x:half')}/v1/content/a.txt", b"a")
    with unit_of_work(two_copies.sessions) as session:
        session.execute(update(File).where(File.path.like("%.1.pdf")).values(sha256="0" * 64))
    check = verify_store(two_copies.sessions, two_copies.ocfl)
    assert check.orphans == [] and check.missing == []
    assert any(".inventory.json.9.tmp" in item for item in check.leftovers)
    assert any("unfinished publish" in item for item in check.leftovers)
    assert len(check.drift) == 2 and all("another SHA-256" in d for d in check.drift)
    # Remove the replica's copy of one object: it is missing there.
    replica_dir = Path(two_copies.replica.store.describe(), object_path(oid2))
    for path in replica_dir.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(replica_dir)
    replica = verify_store(two_copies.sessions, two_copies.replica)
    assert len(replica.missing) == 1 and replica.objects == 1


def test_rebuild_equals_the_original_catalog(
    two_copies: Archive, tmp_path: Path, catalog_url: str
) -> None:
    ingest_n(two_copies, tmp_path, 1, 2, 3)
    with unit_of_work(two_copies.sessions) as session:
        original = dump(session)
        ingest_events = [
            (e.event_type, e.occurred_at, e.outcome, e.detail)
            for e in session.scalars(select(Event).order_by(Event.seq))
            if e.event_type != "replication"
        ]
    settings = two_copies.settings.model_copy(update={"database_url": catalog_url})
    with open_archive(settings, create=True) as fresh:
        report = rebuild(settings, fresh.sessions, fresh.roots(), fresh.ocfl, [software_agent()])
        assert (report.dossiers, report.documents) == (3, 6)
        with unit_of_work(fresh.sessions) as session:
            assert dump(session) == original
            events = [
                (e.event_type, e.occurred_at, e.outcome, e.detail)
                for e in session.scalars(select(Event).order_by(Event.seq))
            ]
        # Same events (objects are rebuilt in object-id order, not ingest order).
        assert sorted(events[:-1]) == sorted(ingest_events)
        assert events[-1][0] == "metadata extraction"
        assert fresh.verify_audit().ok
        with pytest.raises(Conflict, match="not empty"):
            rebuild(settings, fresh.sessions, fresh.roots(), fresh.ocfl, [software_agent()])


def test_rebuild_gives_back_the_sealed_chain(
    two_copies: Archive, tmp_path: Path, catalog_url: str
) -> None:
    """Issue #22: what happened after ingest (here a retrieval and the replication) comes back
    from the sealed log, event for event with its hashes; a dossier ingested after the seal
    comes back from its AIP's PREMIS, after the sealed head."""
    ingest_n(two_copies, tmp_path, 1, 2)
    two_copies.retrieve_original(
        f"{sips.file_code(1)}.0000001", tmp_path / "copy.pdf", person_agent("lan")
    )
    done = seal(two_copies, [software_agent()])
    assert done is not None
    ingest_n(two_copies, tmp_path, 3)
    with unit_of_work(two_copies.sessions) as session:
        sealed = [
            (e.seq, e.event_id, e.entry_hash)
            for e in session.scalars(select(Event).where(Event.seq <= done.last_seq))
        ]
    settings = two_copies.settings.model_copy(update={"database_url": catalog_url})
    with open_archive(settings, create=True) as fresh:
        report = rebuild(settings, fresh.sessions, fresh.roots(), fresh.ocfl, [software_agent()])
        assert report.events_restored == done.last_seq and report.dossiers == 3
        with unit_of_work(fresh.sessions) as session:
            rows = list(session.scalars(select(Event).order_by(Event.seq)))
            assert [(e.seq, e.event_id, e.entry_hash) for e in rows[: len(sealed)]] == sealed
            later = [e.event_type for e in rows[len(sealed) :]]
            assert "dissemination" in {e.event_type for e in rows[: len(sealed)]}
            assert later[-1] == "metadata extraction" and "ingestion" in later
            assert verify_stored(fresh.ocfl, session).catalog_agrees is True
        assert fresh.verify_audit().ok
