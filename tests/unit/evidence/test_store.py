"""Evidence batches on a real archive home: build, persist, index, verify, crash, renew.

Documents are ingested with the served test PKI; archive timestamps come from its TSA
(``tsa``, 2026-2045; successor ``tsa2``, 2040-2070) with the clock frozen (ticking).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from freezegun import freeze_time
from sqlalchemy import select

from archive.bootstrap import Archive, person_agent
from archive.catalog.models import EvidenceBatch, EvidenceRecordRow, File
from archive.db.engine import unit_of_work
from archive.evidence import service
from tests.support.pki import TestPki
from tests.support.signed import (
    assert_valid_store,
    doc_code,
    ingest,
    open_home,
    package,
)

AFTER_INGEST = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)


def home(tmp_path: Path, pki: TestPki, n: int = 1, **settings: object) -> Archive:
    archive = open_home(tmp_path / "home", pki, tsa_url=pki.tsa_url("tsa"), **settings)
    for i in range(1, n + 1):
        ingest(archive, package(tmp_path, i, f"tài liệu {i}".encode(), b"phu luc %d" % i))
    return archive


def build(archive: Archive, at: datetime = AFTER_INGEST) -> list[service.BuildResult]:
    with freeze_time(at, tick=True):
        return service.build(archive, agent=person_agent("lan"))


def counts(archive: Archive) -> tuple[int, int, int]:
    with unit_of_work(archive.sessions) as session:
        files = len(list(session.scalars(select(File.id))))
        batches = len(list(session.scalars(select(EvidenceBatch.id))))
        records = len(list(session.scalars(select(EvidenceRecordRow.id))))
    return files, batches, records


def test_build_covers_every_stored_file_and_the_audit_log(tmp_path: Path, pki: TestPki) -> None:
    with home(tmp_path, pki, n=2) as archive:
        done = build(archive)
        files, batches, records = counts(archive)
        assert len(done) == 1 and batches == 1
        assert records == files + 1  # every file, plus the audit-log segment
        assert done[0].audit_from == 1
        again = build(archive)
        assert again == []  # nothing new but the build's own event
        assert_valid_store(Path(archive.ocfl.store.describe()), tolerate_empty_folders=True)
        with freeze_time(AFTER_INGEST, tick=True):
            reports = service.verify_target(archive, archive.settings, doc_code(1))
        assert reports and all(r.valid for r in reports), [r.reason for r in reports]
        assert reports[0].checks[0].gen_time.date().isoformat() == "2026-11-20"
