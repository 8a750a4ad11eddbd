"""The object store goes away in the middle of a replication (SeaweedFS behind a relay that is
cut part-way through an upload). The failure is named, an event, and invisible in the replica;
the next run completes it. (S3 going away in the middle of an ingest:
tests/unit/storage/test_s3.py::test_s3_going_away_during_an_ingest; the staging disk full:
tests/cli/test_batch_ingest.py.)"""

from __future__ import annotations

from pathlib import Path

from archive.bootstrap import open_archive, person_agent, software_agent
from archive.config import Settings, load_settings
from archive.holdings.replication import replicate
from archive.storage.ocfl import object_path
from tests.support import sips
from tests.support.seaweed import SeaweedServer, TcpProxy
from tests.unit.holdings.conftest import events_of

LAN = person_agent("lan")


def test_s3_cut_in_the_middle_of_a_replication_then_the_next_run_completes(
    tmp_path: Path, s3_settings: Settings, seaweed: SeaweedServer
) -> None:
    proxy = TcpProxy(seaweed.ports["s3"])
    try:
        settings = load_settings(
            home=tmp_path / "home",
            replica_backend="s3",
            replica_s3_endpoint_url=proxy.endpoint_url,
            replica_s3_bucket=s3_settings.s3_bucket,
            replication="deferred",
            s3_max_attempts=1,
            s3_timeout_s=5,
        )
        agents = [LAN, software_agent()]
        with open_archive(settings, create=True) as archive:
            replica = archive.replica
            assert replica is not None
            ids = [
                archive.ingest(sips.write_zip(tmp_path, n, docs=3), LAN).object_id for n in (1, 2)
            ]
            assert all(ids) and not any(replica.exists(str(i)) for i in ids)
            proxy.cut_after(20_000)  # part-way through the first object's upload
            cut = replicate(archive.sessions, archive.ocfl, replica, settings.staging_dir, agents)
            assert {i.action for i in cut.items} == {"failed"}
            assert all("unreachable" in (i.error or "") for i in cut.items)
            assert all(proxy.endpoint_url in (i.error or "") for i in cut.items)
            failures = [e for e in events_of(archive, "replication") if e.outcome == "failure"]
            assert len(failures) == len(cut.items)
            proxy.restore()
            # What the cut left is invisible: no object in the replica, half or whole.
            assert list(replica.iter_object_ids()) == []
            done = replicate(archive.sessions, archive.ocfl, replica, settings.staging_dir, agents)
            assert sorted((i.object_id, i.action) for i in done.items) == sorted(
                (str(i), "copied") for i in ids
            )
            for object_id in ids:
                assert replica.inventory(str(object_id)) == archive.ocfl.inventory(str(object_id))
                assert any(replica.store.iter_keys(object_path(str(object_id))))
            assert archive.verify_audit().ok
    finally:
        proxy.close()
