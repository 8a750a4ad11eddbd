"""Fixity runs (resumable, rate-limited, loud on mismatch), coverage, and repair."""

from __future__ import annotations

import base64
import hashlib
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive.bootstrap import Archive, open_archive, software_agent
from archive.config import Settings, load_settings
from archive.errors import IntegrityFailure
from archive.holdings import fixity, repair
from archive.storage.fixity import RateLimiter
from archive.storage.s3 import S3ObjectStore
from tests.unit.holdings.conftest import (
    ORIGINAL,
    content_key,
    damage_local,
    events_of,
    ingest_n,
)

AGENTS = [software_agent()]


def run(archive: Archive, store: str = "local", **kw: object) -> fixity.FixityRun:
    return fixity.run(
        archive.settings,
        archive.sessions,
        archive.roots()[store],
        archive.ocfl,
        AGENTS,
        **kw,  # type: ignore[arg-type]
    )


def test_runs_resume_with_the_least_recently_checked(two_copies: Archive, tmp_path: Path) -> None:
    ids = ingest_n(two_copies, tmp_path, 1, 2, 3)
    first = run(two_copies, limit=2)
    second = run(two_copies, limit=2)
    assert [r.object_id for r in first.results] == sorted(ids)[:2]
    assert [r.object_id for r in second.results] == sorted(ids)[2:]
    assert all(r.ok and r.files > 0 for r in first.results + second.results)
    assert run(two_copies).results == []  # nothing due until the cadence comes round
    assert len(run(two_copies, everything=True).results) == 3
    checks = events_of(two_copies, "fixity check")
    assert len([e for e in checks if "store local" in e.detail]) == 6
    assert two_copies.verify_audit().ok


def test_a_flipped_bit_is_a_loud_failure_and_is_not_repaired(
    two_copies: Archive, tmp_path: Path
) -> None:
    oid1, oid2 = ingest_n(two_copies, tmp_path, 1, 2)
    key = content_key(two_copies.ocfl, oid1, ORIGINAL)
    damage_local(two_copies.ocfl, key)
    report = run(two_copies)
    (bad,) = report.failed
    assert bad.object_id == oid1 and any("digest" in p for p in bad.problems)
    assert [key for key, _ in bad.said] == ["holdings.fixity_digest"]  # the same, to be said
    assert [r.object_id for r in report.results if r.ok] == [oid2]
    failure = [e for e in events_of(two_copies, "fixity check") if e.outcome == "failure"]
    assert len(failure) == 1 and "FIXITY FAILURE" in failure[0].detail
    # Still damaged: a fixity run never repairs.
    again = {r.object_id: r.ok for r in run(two_copies, everything=True).results}
    assert again == {oid1: False, oid2: True}
    stores = {c.store: c for c in coverage(two_copies)}
    assert stores["local"].failing == 1


def coverage(archive: Archive, **kw: object) -> list[fixity.StoreCoverage]:
    return fixity.coverage(
        archive.settings,
        archive.sessions,
        archive.roots(),
        archive.ocfl,
        **kw,  # type: ignore[arg-type]
    )


def test_coverage_and_the_three_year_projection(two_copies: Archive, tmp_path: Path) -> None:
    ingest_n(two_copies, tmp_path, 1, 2, 3, 4)
    before = {c.store: c for c in coverage(two_copies)}
    assert before["local"].never_checked == 4 and not before["local"].on_track
    run(two_copies, limit=1)
    # One object checked in the last 365 days: four objects take 4 years at that pace.
    one = {c.store: c for c in coverage(two_copies, days=365)}["local"]
    assert (one.checked_recently, one.projected_days, one.on_track) == (1, 1460.0, False)
    run(two_copies)
    run(two_copies, store="replica")
    after = {c.store: c for c in coverage(two_copies)}
    assert after["local"].share == 1.0 and after["local"].on_track
    assert after["replica"].share == 1.0 and after["replica"].cadence_days == 1095
    # A year later nothing was checked within the last 30 days: not on track.
    later = datetime.now(UTC) + timedelta(days=400)
    stale = {c.store: c for c in coverage(two_copies, days=30, now=later)}["local"]
    assert stale.checked_recently == 0 and not stale.on_track


def test_rate_limit_slows_reads() -> None:
    limiter = RateLimiter(1.0)  # 1 MB/s
    start = time.monotonic()
    for _ in range(5):
        limiter.consume(100_000)
    assert time.monotonic() - start >= 0.45
    unlimited = RateLimiter(0)
    start = time.monotonic()
    unlimited.consume(10**12)
    assert time.monotonic() - start < 0.1


def test_repair_restores_the_damaged_copy_from_the_good_one(
    two_copies: Archive, tmp_path: Path
) -> None:
    (oid,) = ingest_n(two_copies, tmp_path, 1)
    key = content_key(two_copies.ocfl, oid, ORIGINAL)
    good = damage_local(two_copies.ocfl, key)
    report = repair.repair(
        two_copies.sessions, two_copies.roots(), oid, two_copies.settings.staging_dir, AGENTS
    )
    assert report.source == "replica"
    assert report.restored == {"local": [key.split("/", 4)[4]]}
    with two_copies.ocfl.store.open(key) as fh:
        assert fh.read() == good
    assert run(two_copies, everything=True).failed == []
    (event,) = events_of(two_copies, "recovery")
    assert "restored from store replica" in event.detail
    again = repair.repair(
        two_copies.sessions, two_copies.roots(), oid, two_copies.settings.staging_dir, AGENTS
    )
    assert not again.changed


def test_repair_refuses_when_no_copy_is_good(two_copies: Archive, tmp_path: Path) -> None:
    (oid,) = ingest_n(two_copies, tmp_path, 1)
    assert two_copies.replica is not None
    damage_local(two_copies.ocfl, content_key(two_copies.ocfl, oid, ORIGINAL))
    damage_local(two_copies.replica, content_key(two_copies.replica, oid, ORIGINAL))
    with pytest.raises(IntegrityFailure, match="no good copy"):
        repair.repair(
            two_copies.sessions, two_copies.roots(), oid, two_copies.settings.staging_dir, AGENTS
        )
    assert events_of(two_copies, "recovery") == []


def test_repair_on_s3_adds_a_good_version_over_the_damaged_one(
    tmp_path: Path, s3_settings: Settings
) -> None:
    settings = load_settings(
        home=tmp_path / "home",
        replica_backend="s3",
        replica_s3_endpoint_url=s3_settings.s3_endpoint_url,
        replica_s3_bucket=s3_settings.s3_bucket,
    )
    with open_archive(settings, create=True) as archive:
        (oid,) = ingest_n(archive, tmp_path, 1)
        assert archive.replica is not None
        store = archive.replica.store
        assert isinstance(store, S3ObjectStore)
        key = content_key(archive.replica, oid, ORIGINAL)
        with store.open(key) as fh:
            good = fh.read()
        # Bit rot as S3 shows it: a new current version with other bytes (raw boto3).
        bad = good[:50] + b"X" + good[51:]
        store.client.put_object(
            Bucket=store.bucket,
            Key=key,
            Body=bad,
            ChecksumSHA256=base64.b64encode(hashlib.sha256(bad).digest()).decode(),
        )
        assert run(archive, store="replica").failed[0].damaged == [key.split("/", 4)[4]]
        report = repair.repair(archive.sessions, archive.roots(), oid, settings.staging_dir, AGENTS)
        assert report.source == "local" and list(report.restored) == ["replica"]
        with store.open(key) as fh:
            assert fh.read() == good
        versions = store.client.list_object_versions(Bucket=store.bucket, Prefix=key)["Versions"]
        assert len(versions) == 3  # original, damaged (kept, locked), restored
        assert run(archive, store="replica", everything=True).failed == []
