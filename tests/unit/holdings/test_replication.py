"""A second copy of every object: written at ingest, or caught up by ``replicate``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from archive.bootstrap import Archive, open_archive, person_agent, software_agent
from archive.config import Settings, load_settings
from archive.db.engine import unit_of_work
from archive.holdings import fixity
from archive.holdings.locks import extend_locks
from archive.holdings.models import ObjectCopy
from archive.holdings.replication import replicate
from archive.storage.ocfl import OcflRoot, object_path
from archive.storage.s3 import S3ObjectStore, make_client
from tests.support import sips
from tests.unit.holdings.conftest import (
    ORIGINAL,
    content_key,
    damage_local,
    events_of,
    ingest_n,
)
from tests.unit.storage.test_contract import assert_valid_s3_root
from tests.unit.storage.test_ocfl import assert_valid_root


def copies(archive: Archive) -> set[tuple[str, str, str]]:
    with unit_of_work(archive.sessions) as session:
        return {(c.object_id, c.store, c.head) for c in session.scalars(select(ObjectCopy))}


def keys_and_bytes(archive: Archive, store_name: str, object_id: str) -> dict[str, bytes]:
    root = archive.roots()[store_name]
    out = {}
    for key in root.store.iter_keys(object_path(object_id)):
        with root.store.open(key) as fh:
            out[key] = fh.read()
    return out


def test_sync_ingest_writes_both_copies_identically(two_copies: Archive, tmp_path: Path) -> None:
    (oid,) = ingest_n(two_copies, tmp_path, 1)
    assert two_copies.replica is not None
    assert keys_and_bytes(two_copies, "local", oid) == keys_and_bytes(two_copies, "replica", oid)
    assert_valid_root(Path(two_copies.replica.store.describe()), 1)
    assert copies(two_copies) == {(oid, "local", "v1"), (oid, "replica", "v1")}
    (event,) = events_of(two_copies, "replication")
    assert event.outcome == "success" and "replica" in event.detail
    assert two_copies.verify_audit().ok


def deferred(tmp_path: Path) -> Settings:
    """A home with a local replica that only ``replicate`` writes."""
    return load_settings(
        home=tmp_path / "home",
        replica_backend="local",
        replica_root=tmp_path / "replica",
        replication="deferred",
    )


def test_deferred_replication_catches_up_with_new_versions(tmp_path: Path) -> None:
    settings = deferred(tmp_path)
    with open_archive(settings, create=True) as archive:
        assert archive.replica is not None
        oid1, oid2 = ingest_n(archive, tmp_path, 1, 2)
        assert not archive.replica.exists(oid1)
        agents = [person_agent("lan"), software_agent()]
        first = replicate(
            archive.sessions, archive.ocfl, archive.replica, settings.staging_dir, agents, limit=1
        )
        assert [(i.object_id, i.action) for i in first.items] == [(oid1, "copied")]
        rest = replicate(
            archive.sessions, archive.ocfl, archive.replica, settings.staging_dir, agents
        )
        assert [(i.object_id, i.action) for i in rest.items] == [(oid2, "copied")]
        # A later version of the primary (as the preservation job writes) reaches the replica.
        archive.ocfl.add_version(
            oid1,
            settings.staging_dir,
            {"metadata/other/note.txt": b"ghi chu\n"},
            created=datetime.now(UTC).isoformat(),
            message="note",
            user_name="lan",
            user_address="urn:x",
        )
        later = replicate(
            archive.sessions,
            archive.ocfl,
            archive.replica,
            settings.staging_dir,
            agents,
            everything=True,
        )
        assert sorted((i.object_id, i.action, i.head) for i in later.items) == sorted(
            [(oid1, "updated", "v2"), (oid2, "current", "v1")]
        )
        assert keys_and_bytes(archive, "local", oid1) == keys_and_bytes(archive, "replica", oid1)
        assert_valid_root(Path(archive.replica.store.describe()), 2)
        assert len(events_of(archive, "replication")) == 3


def test_a_copy_fixity_found_missing_is_replicated(tmp_path: Path) -> None:
    """A fixity run of the replica before the first replication records the copy as missing,
    with the head it should have; replicate must still copy it (it once looked current)."""
    settings = deferred(tmp_path)
    with open_archive(settings, create=True) as archive:
        assert archive.replica is not None
        (oid,) = ingest_n(archive, tmp_path, 1)
        agents = [software_agent()]
        checked = fixity.run(
            settings, archive.sessions, archive.replica, archive.ocfl, agents, everything=True
        )
        assert checked.missing and not archive.replica.exists(oid)
        assert (oid, "replica", "v1") in copies(archive)

        report = replicate(
            archive.sessions, archive.ocfl, archive.replica, settings.staging_dir, agents
        )

        assert [(i.object_id, i.action) for i in report.items] == [(oid, "copied")]
        assert keys_and_bytes(archive, "local", oid) == keys_and_bytes(archive, "replica", oid)
        again = fixity.run(
            settings, archive.sessions, archive.replica, archive.ocfl, agents, everything=True
        )
        assert not again.failed and not again.missing


def test_a_damaged_source_is_never_replicated(tmp_path: Path) -> None:
    settings = deferred(tmp_path)
    with open_archive(settings, create=True) as archive:
        assert archive.replica is not None
        (oid,) = ingest_n(archive, tmp_path, 1)
        damage_local(archive.ocfl, content_key(archive.ocfl, oid, ORIGINAL))
        report = replicate(
            archive.sessions,
            archive.ocfl,
            archive.replica,
            settings.staging_dir,
            [software_agent()],
        )
        (item,) = report.failed
        assert "SHA-512" in item.error and "damaged" in item.error
        assert not archive.replica.exists(oid)
        assert list(archive.replica.store.iter_keys(object_path(oid))) == []
        (event,) = events_of(archive, "replication")
        assert event.outcome == "failure"


def _s3_replica(tmp_path: Path, s3_settings: Settings, **extra: object) -> Settings:
    return load_settings(
        home=tmp_path / "home",
        replica_backend="s3",
        replica_s3_endpoint_url=s3_settings.s3_endpoint_url,
        replica_s3_bucket=s3_settings.s3_bucket,
        s3_max_attempts=1,
        s3_timeout_s=5,
        **extra,
    )


def test_replica_on_s3_is_a_valid_locked_ocfl_root(tmp_path: Path, s3_settings: Settings) -> None:
    settings = _s3_replica(tmp_path, s3_settings)
    with open_archive(settings, create=True) as archive:
        assert archive.replica is not None
        package = sips.write_zip(tmp_path, 1, maintenance="06")  # kept 10 years
        result = archive.ingest(package, person_agent("lan"))
        assert result.status == "accepted", result.report.as_dict()
        assert result.object_id is not None
        oid = result.object_id
        assert keys_and_bytes(archive, "local", oid) == keys_and_bytes(archive, "replica", oid)
        store = archive.replica.store
        assert isinstance(store, S3ObjectStore)
        assert_valid_s3_root(store, 1)
        until = store.retention(content_key(archive.replica, oid, ORIGINAL))
        # endDate in 2024 + 10 years: locked to the end of 31/12/2034, Vietnam time.
        assert until is not None
        assert until.astimezone(UTC) == datetime(2034, 12, 31, 17, tzinfo=UTC)


def test_replica_down_at_ingest_is_a_warning_then_caught_up(
    tmp_path: Path, s3_settings: Settings
) -> None:
    settings = _s3_replica(tmp_path, s3_settings)
    with open_archive(settings, create=True) as archive:
        good = archive.replica
        assert good is not None
        # The same bucket behind an endpoint nobody listens on: a replica site outage.
        down = settings.model_copy(update={"s3_endpoint_url": "http://127.0.0.1:9"})
        archive.replica = OcflRoot(
            S3ObjectStore(make_client(down), settings.replica_s3_bucket, name="replica")
        )
        result = archive.ingest(sips.write_zip(tmp_path, 1), person_agent("lan"))
        assert result.status == "accepted"
        (warning,) = [f for f in result.report.findings if f.code == "REP001"]
        assert "archive replicate" in warning.message_en
        assert result.object_id is not None
        assert not good.exists(result.object_id)
        report = replicate(
            archive.sessions, archive.ocfl, good, settings.staging_dir, [software_agent()]
        )
        assert [i.action for i in report.items] == ["copied"]
        assert good.exists(result.object_id)


def test_permanent_records_get_their_lock_extended(tmp_path: Path, s3_settings: Settings) -> None:
    settings = _s3_replica(tmp_path, s3_settings)
    with open_archive(settings, create=True) as archive:
        (permanent,) = ingest_n(archive, tmp_path, 1)  # maintenance 01: Vĩnh viễn
        dated = archive.ingest(sips.write_zip(tmp_path, 2, maintenance="06"), person_agent("lan"))
        assert archive.replica is not None and dated.object_id is not None
        store = archive.replica.store
        assert isinstance(store, S3ObjectStore)
        key = content_key(archive.replica, permanent, ORIGINAL)
        first = store.retention(key)
        assert first is not None
        # Eight years on, less than half of the 10-year horizon is left: extended to 2034+10.
        later = datetime.now(UTC).replace(year=datetime.now(UTC).year + 8)
        report = extend_locks(archive.sessions, archive.roots(), [software_agent()], now=later)
        assert report.stores["local"].keys == 0  # no lock on a plain filesystem
        done = report.stores["replica"]
        assert done.objects == 1 and done.keys > 0
        extended = store.retention(key)
        assert extended is not None and extended.year == later.year + 10
        dated_key = content_key(
            archive.replica, dated.object_id, f"representations/rep1/data/{sips.file_code(2)}.1.pdf"
        )
        dated_lock = store.retention(dated_key)
        assert dated_lock is not None and dated_lock.year == 2034  # 2024 + 10, untouched
        (event,) = events_of(archive, "policy assignment")
        assert "extended" in event.detail
        # Run again the same day: nothing left to extend.
        again = extend_locks(archive.sessions, archive.roots(), [software_agent()], now=later)
        assert again.stores["replica"].keys == 0
