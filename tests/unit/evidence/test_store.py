"""Evidence batches on a real archive home: build, persist, index, verify, crash, renew.

Documents are ingested with the served test PKI; archive timestamps come from its TSA
(``tsa``, 2026-2045; successor ``tsa2``, 2040-2070) with the clock frozen (ticking).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from sqlalchemy import select, text

from archive.bootstrap import Archive, person_agent
from archive.catalog.models import File
from archive.config import DEFAULT_CRYPTO_SUITE
from archive.db.engine import unit_of_work
from archive.evidence import service
from archive.evidence.models import EvidenceBatch, EvidenceRecordRow
from archive.evidence.store import index_batch
from archive.faults import InjectedFault
from archive.identifiers import is_batch_object
from archive.signatures.augment import timestamper_for
from tests.support.pki import TestPki
from tests.support.signed import (
    assert_valid_store,
    doc_code,
    ingest,
    open_home,
    package,
    read,
)

AFTER_INGEST = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
CatalogOn = Callable[[], dict[str, str]]
"""The suite's ``catalog_on`` fixture: these tests run on SQLite and on PostgreSQL."""


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


def test_build_covers_every_stored_file_and_the_audit_log(
    tmp_path: Path, pki: TestPki, catalog_on: CatalogOn
) -> None:
    with home(tmp_path, pki, n=2, **catalog_on()) as archive:
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


def objects(archive: Archive) -> list[str]:
    return sorted(o for o in archive.ocfl.iter_object_ids() if is_batch_object(o))


@pytest.mark.parametrize("point", ["evidence-timestamped", "evidence-staged"])
def test_crash_before_publishing_leaves_nothing_and_the_batch_is_redone(
    tmp_path: Path, pki: TestPki, point: str, monkeypatch: pytest.MonkeyPatch, catalog_on: CatalogOn
) -> None:
    with home(tmp_path, pki, **catalog_on()) as archive:
        monkeypatch.setenv("ARCHIVE_FAULT", f"{point}:raise")
        with pytest.raises(InjectedFault):
            build(archive)
        assert objects(archive) == []
        files, _, records = counts(archive)
        assert records == 0
        monkeypatch.delenv("ARCHIVE_FAULT")
        [done] = build(archive)
        assert not done.adopted
        assert counts(archive) == (files, 1, files + 1)
        assert len(objects(archive)) == 1


def test_crash_after_publishing_is_adopted_not_timestamped_again(
    tmp_path: Path, pki: TestPki, monkeypatch: pytest.MonkeyPatch
) -> None:
    with home(tmp_path, pki) as archive:
        monkeypatch.setenv("ARCHIVE_FAULT", "evidence-published:raise")
        with pytest.raises(InjectedFault):
            build(archive)
        [stored] = objects(archive)
        assert counts(archive)[2] == 0
        monkeypatch.delenv("ARCHIVE_FAULT")
        done = build(archive)
        assert [(d.object_id, d.adopted) for d in done] == [(stored, True)]
        files, batches, records = counts(archive)
        assert (batches, records) == (1, files + 1)


def test_unreachable_tsa_changes_nothing(tmp_path: Path, pki: TestPki) -> None:
    from archive.errors import Unavailable

    with home(tmp_path, pki) as archive:
        down = dataclasses.replace(
            archive, settings=archive.settings.model_copy(update={"tsa_url": "http://127.0.0.1:9/"})
        )
        with pytest.raises(Unavailable, match="time-stamping authority"):
            build(down)
        assert counts(archive)[1:] == (0, 0)
        assert objects(archive) == []


def test_catalog_rows_are_derived_from_storage_and_append_only(
    tmp_path: Path, pki: TestPki, catalog_on: CatalogOn
) -> None:
    """On both engines: the append-only triggers of evidence_records (SQLite and PostgreSQL)."""
    with home(tmp_path, pki, **catalog_on()) as archive:
        [done] = build(archive)
        with unit_of_work(archive.sessions) as session:
            before = [
                (r.leaf_index, r.target_object, r.path, r.file_id, r.digest)
                for r in session.scalars(select(EvidenceRecordRow).order_by(EvidenceRecordRow.id))
            ]
        statements = ["DELETE FROM evidence_records", "UPDATE evidence_records SET digest = 'x'"]
        if archive.engine.dialect.name == "postgresql":  # SQLite has no TRUNCATE
            statements.append("TRUNCATE evidence_records CASCADE")
        for statement in statements:
            with (
                pytest.raises(Exception, match="append-only"),
                unit_of_work(archive.sessions) as session,
            ):
                session.execute(text(statement))
        # Rebuild into a fresh catalog from the object alone.
        fresh = open_home(tmp_path / "other", pki, **catalog_on())
        with unit_of_work(fresh.sessions) as session:
            row = index_batch(session, archive.ocfl, done.object_id, DEFAULT_CRYPTO_SUITE)
            session.flush()
            rebuilt = [
                (r.leaf_index, r.target_object, r.path, r.digest)
                for r in session.scalars(
                    select(EvidenceRecordRow)
                    .where(EvidenceRecordRow.batch_id == row.id)
                    .order_by(EvidenceRecordRow.id)
                )
            ]
            assert row.leaf_count == len(before) and row.timestamps == 1
        fresh.close()
        assert rebuilt == [(i, o, p, d) for i, o, p, _f, d in before]


def _content_file(archive: Archive, doc: str) -> Path:
    from archive.catalog.models import Document
    from archive.storage.ocfl import object_path

    with unit_of_work(archive.sessions) as session:
        f = session.scalar(
            select(File).join(Document).where(Document.doc_code == doc, File.role == "original")
        )
        assert f is not None
        return (
            Path(archive.ocfl.store.describe()) / object_path(f.dossier.object_id) / f.content_path
        )


def test_a_changed_stored_original_fails_verification(tmp_path: Path, pki: TestPki) -> None:
    with home(tmp_path, pki) as archive:
        build(archive)
        target = _content_file(archive, doc_code(1))
        target.chmod(0o644)
        target.write_bytes(b"forged")
        with freeze_time(AFTER_INGEST, tick=True):
            reports = service.verify_target(archive, archive.settings, doc_code(1))
        [original] = [r for r in reports if "/data/" in r.name]
        assert not original.integrity_ok
        assert "not covered by its hash tree" in original.reason


# Algorithms last long here, so that the TSA certificates decide (and, below, sha256's sunset).
SUITE = {
    **DEFAULT_CRYPTO_SUITE,
    "sha256": "2060-12-31",
    **dict.fromkeys(("rsa-2048", "rsa-3072", "rsa-4096", "ecdsa-secp256r1"), "2080-12-31"),
}


def test_timestamp_renewal_with_the_successor_tsa_keeps_the_proof(
    tmp_path: Path, pki: TestPki
) -> None:
    with home(tmp_path, pki, crypto_suite=SUITE) as archive:
        [done] = build(archive)
        with freeze_time(datetime(2030, 1, 1, tzinfo=UTC), tick=True):
            assert service.plan_renewals(archive, datetime.now(UTC)) == []
    in_2044 = datetime(2044, 3, 1, tzinfo=UTC)
    with open_home(
        tmp_path / "home", pki, tsa_url=pki.tsa_url("tsa2"), crypto_suite=SUITE
    ) as archive:
        [due] = service.plan_renewals(archive, in_2044)
        assert (due.batch, due.kind) == (done.object_id, "timestamp")
        assert due.horizon == "2045-01-01"
        with freeze_time(in_2044, tick=True):
            renewed = service.renew(archive, due, agent=person_agent("lan"))
        assert renewed.done and renewed.version == "v2"
        assert renewed.new_horizon == "2060-12-31"  # tsa2 until 2070; sha256 sunset first
        with freeze_time(datetime(2050, 6, 1, tzinfo=UTC), tick=True):
            reports = service.verify_target(archive, archive.settings, doc_code(1))
        for report in reports:
            assert report.valid, report.reason
            first, second = report.checks
            assert second.kind == "timestamp-renewal"
            assert first.trusted_at == second.gen_time  # old TSA judged when renewed
        # Without the renewal, the 2026 record alone is not trusted in 2050.
        v1 = read(archive, done.object_id, "ers/0.ers", "v1")
        from archive.evidence.ers import verify_record
        from archive.signatures.step import validation_settings

        old = verify_record(
            v1, [], validation_settings(archive.settings).trust, at=datetime(2050, 6, 1, tzinfo=UTC)
        )
        assert not old.timestamps_trusted


def test_hash_tree_renewal_adds_a_sha512_chain(tmp_path: Path, pki: TestPki) -> None:
    suite = {**SUITE, "sha256": "2036-06-30"}
    in_2035 = datetime(2035, 2, 1, tzinfo=UTC)
    with home(tmp_path, pki, crypto_suite=suite) as archive:
        [done] = build(archive)
        [due] = service.plan_renewals(archive, in_2035)
        assert due.kind == "hash-tree" and "sha256 sunset 2036-06-30" in due.reason
        with freeze_time(in_2035, tick=True):
            service.renew(archive, due, agent=person_agent("lan"))
            reports = service.verify_target(archive, archive.settings, doc_code(1))
        for report in reports:
            assert report.valid, report.reason
            assert [(c.kind, c.algorithm) for c in report.checks] == [
                ("initial", "sha256"),
                ("hash-tree-renewal", "sha512"),
            ]
        with unit_of_work(archive.sessions) as session:
            row = session.scalar(
                select(EvidenceBatch).where(EvidenceBatch.object_id == done.object_id)
            )
            assert row is not None and (row.algorithm, row.chains) == ("sha512", 2)
        target = _content_file(archive, doc_code(1))
        target.chmod(0o644)
        target.write_bytes(b"forged")
        with freeze_time(in_2035, tick=True):
            reports = service.verify_target(archive, archive.settings, doc_code(1))
        assert not next(r for r in reports if "/data/" in r.name).integrity_ok


def test_two_batches_over_the_same_files_keep_the_first_index(
    tmp_path: Path, pki: TestPki, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two builds at once pick the same files: both batches are stored, the first row stands."""
    from archive.evidence import store

    seen: list[list[store.Leaf]] = []
    real = store.pending_leaves

    def same_files(session: Any, algorithm: str, limit: int) -> list[store.Leaf]:
        if not seen:
            seen.append(real(session, algorithm, limit))
        return list(seen[0])

    with home(tmp_path, pki) as archive:
        monkeypatch.setattr(store, "pending_leaves", same_files)
        stamper = timestamper_for(archive.settings.tsa_url)
        with freeze_time(AFTER_INGEST, tick=True):
            [first] = store.build_batch(archive, stamper, agent=person_agent("lan"))
            [_] = store.build_batch(archive, stamper, agent=person_agent("lan"))
        files, batches, records = counts(archive)
        assert batches == 2 and records == files + 1  # one audit segment: the first batch
        with unit_of_work(archive.sessions) as session:
            owners = {
                b
                for (b,) in session.execute(
                    select(EvidenceBatch.object_id)
                    .join(EvidenceRecordRow, EvidenceRecordRow.batch_id == EvidenceBatch.id)
                    .where(EvidenceRecordRow.role != "audit")
                )
            }
        assert owners == {first.object_id}
        with freeze_time(AFTER_INGEST, tick=True):
            reports = service.verify_target(archive, archive.settings, doc_code(1))
        assert all(r.valid for r in reports)
