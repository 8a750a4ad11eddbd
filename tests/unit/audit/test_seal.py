"""Sealed audit segments (issue #22 part 1) on both catalog engines: what is sealed, that the
stored log verifies without the catalog, that tampering on either side is found, and when a
seal is due."""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import text

from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.seal import SEAL_EVENT, last_seal, seal, seal_due, stored_head
from archive.audit.stored import stored_agents, stored_events, verify_stored
from archive.bootstrap import Archive, open_archive
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.errors import ArchiveError
from archive.identifiers import AUDIT_LOG_ID
from archive.web.app import seal_every
from tests.unit.holdings.conftest import content_key

ARCHIVIST = AgentRef("urn:archive:agent:tran-thi-b", "Trần Thị B", "person")


def _append(archive: Archive, *types: str) -> None:
    with unit_of_work(archive.sessions) as session:
        append_events(
            session,
            [NewEvent(t, f"sự kiện {t} / event {t}", agents=[ARCHIVIST]) for t in types],
        )


def test_seal_stores_the_chain_and_verifies_without_the_catalog(archive: Archive) -> None:
    _append(archive, "ingestion", "validation", "access")
    first = seal(archive, [ARCHIVIST])
    assert first is not None
    assert (first.first_seq, first.last_seq, first.version) == (1, 3, "v1")
    _append(archive, "fixity check")
    second = seal(archive, [ARCHIVIST])
    assert second is not None  # the first seal's own event (4) and the fixity check (5)
    assert (second.first_seq, second.last_seq, second.version) == (4, 5, "v2")
    assert seal(archive, [ARCHIVIST]) is None  # only the second seal's own event waits

    events = list(stored_events(archive.ocfl))
    assert [e["seq"] for e in events][:5] == [1, 2, 3, 4, 5]
    assert events[3]["event_type"] == SEAL_EVENT
    assert {a["identifier"] for a in stored_agents(archive.ocfl)} >= {ARCHIVIST.identifier}
    report = verify_stored(archive.ocfl)  # storage alone
    assert report.ok and report.checked == report.head_seq >= 5
    assert report.catalog_agrees is None
    with unit_of_work(archive.sessions) as session:
        assert verify_stored(archive.ocfl, session).catalog_agrees is True
        sealed_seq, version, _ = last_seal(session)
    assert version == stored_head(archive.ocfl).version
    assert sealed_seq in (5, stored_head(archive.ocfl).seq)


def test_a_seal_event_alone_is_not_sealed(archive: Archive) -> None:
    _append(archive, "ingestion")
    assert seal(archive, [ARCHIVIST]) is not None
    assert seal(archive, [ARCHIVIST]) is None  # only the seal's own event waits
    assert stored_head(archive.ocfl).seq == 1
    _append(archive, "access")
    again = seal(archive, [ARCHIVIST])
    assert again is not None and (again.first_seq, again.last_seq) == (2, 3)


def test_an_edited_segment_is_found_from_storage_alone(archive: Archive) -> None:
    _append(archive, "ingestion", "validation", "dissemination")
    done = seal(archive, [ARCHIVIST])
    assert done is not None
    path = Path(
        archive.ocfl.store.describe(), content_key(archive.ocfl, AUDIT_LOG_ID, done.segment)
    )
    lines = path.read_bytes().splitlines(keepends=True)
    event = json.loads(lines[1])
    event["detail"] = "đã sửa / edited"
    lines[1] = (
        json.dumps(event, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        + b"\n"
    )
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    path.write_bytes(b"".join(lines))
    report = verify_stored(archive.ocfl)
    assert not report.ok
    assert report.first_broken_seq == 2 and "edited" in report.reason


def test_a_catalog_changed_after_the_seal_disagrees(archive: Archive) -> None:
    _append(archive, "ingestion", "validation")
    done = seal(archive, [ARCHIVIST])
    assert done is not None
    with archive.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER events_no_update"))
        else:
            conn.execute(text("ALTER TABLE events DISABLE TRIGGER USER"))
        conn.execute(text("UPDATE events SET entry_hash = :h WHERE seq = 2"), {"h": "f" * 64})
    with unit_of_work(archive.sessions) as session:
        report = verify_stored(archive.ocfl, session)
    assert not report.ok and report.catalog_agrees is False
    assert report.first_broken_seq == 2 and "catalog" in report.reason


def test_a_catalog_that_does_not_continue_storage_is_never_sealed(
    archive: Archive, tmp_path: Path
) -> None:
    """A new, empty catalog pointed at a store that already holds a sealed log: its events do
    not continue the stored chain, and sealing them would fork it."""
    _append(archive, "ingestion", "validation")
    assert seal(archive, [ARCHIVIST]) is not None
    other = load_settings(
        home=archive.settings.home,
        database_url=f"sqlite:///{tmp_path / 'other.sqlite3'}",
    )
    with open_archive(other) as fresh:
        _append(fresh, "ingestion", "validation", "access", "access")
        with pytest.raises(ArchiveError, match="does not continue"):
            seal(fresh, [ARCHIVIST])
    assert verify_stored(archive.ocfl).ok


def test_when_a_seal_is_due(tmp_path: Path, catalog_url: str) -> None:
    settings = load_settings(
        home=tmp_path / "home",
        database_url=catalog_url,
        audit_seal_events=5,
        audit_seal_minutes=60,
    )
    with freeze_time("2026-03-02 08:00:00"), open_archive(settings, create=True) as home:
        _append(home, "access", "dissemination")
        assert seal_due(home, [ARCHIVIST], job=True) is None  # reading only: not yet
        _append(home, "validation")
        assert seal_due(home, [ARCHIVIST], job=False) is None  # not a job's end, few, fresh
        done = seal_due(home, [ARCHIVIST], job=True)  # a job that did something
        assert done is not None and done.last_seq == 3
        _append(home, "access", "access", "access", "access")
        done = seal_due(home, [ARCHIVIST], job=False)  # 5 waiting: the seal event + 4 reads
        assert done is not None and done.last_seq == 8
        _append(home, "access")
    with freeze_time("2026-03-02 08:59:00"), open_archive(settings) as home:
        assert seal_due(home, [ARCHIVIST], job=False) is None
    with freeze_time("2026-03-02 09:01:00"), open_archive(settings) as home:
        assert seal_due(home, [ARCHIVIST], job=False) is not None  # the oldest waits > 60 min


def test_serve_seals_while_it_runs_and_when_it_stops(tmp_path: Path, catalog_url: str) -> None:
    """``archive serve``'s sealer (archive/web/app.py): by count while running, and what is left
    when the server stops; the log continues across both seals."""
    settings = load_settings(home=tmp_path / "home", database_url=catalog_url, audit_seal_events=3)
    with open_archive(settings, create=True) as home:
        stop = threading.Event()
        sealer = threading.Thread(target=seal_every, args=(home, stop, 0.05))
        sealer.start()
        try:
            _append(home, "access", "access", "access")
            deadline = time.monotonic() + 30
            while stored_head(home.ocfl).seq < 3:
                assert time.monotonic() < deadline, "not sealed while running"
                time.sleep(0.05)
            _append(home, "access")  # with the seal's event, 2 wait: below the count
            time.sleep(0.3)
            assert stored_head(home.ocfl).seq == 3
        finally:
            stop.set()
            sealer.join(timeout=30)
        assert stored_head(home.ocfl).seq == 5  # at the stop: the seal's event and the access
        assert verify_stored(home.ocfl).ok
