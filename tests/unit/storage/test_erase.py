"""Erasing an object's bytes (destruction, deletion after transfer) and legal holds on a prefix:
local write-once files, and the real SeaweedFS with Object Lock — locked versions are never
deleted, and a refusal deletes nothing."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.bootstrap import open_archive, person_agent
from archive.catalog.models import Dossier
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.errors import Conflict, ObjectNotFound
from archive.retention.disposal.decision import decide
from archive.retention.disposal.execution import execute
from archive.retention.disposal.review import review
from archive.retention.holds import place_hold, release_hold
from archive.storage.erase import erase_prefix, locks_under, set_prefix_legal_hold
from archive.storage.local import LocalObjectStore
from archive.storage.ocfl import object_path
from archive.storage.s3 import S3ObjectStore
from tests.support.retention import council_concludes, ingest_dossier, seat_council


def _stage(tmp: Path, name: str) -> Path:
    staged = tmp / name
    (staged / "v1" / "content").mkdir(parents=True)
    (staged / "v1" / "content" / "a.pdf").write_bytes(b"%PDF-1.7 a")
    (staged / "inventory.json").write_bytes(b"{}")
    return staged


def test_local_erase_removes_read_only_tree_and_empty_parents(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path / "root")
    store.root.mkdir()
    store.publish_tree(_stage(tmp_path, "s1"), "ab1/2cd/obj1")
    store.publish_tree(_stage(tmp_path, "s2"), "ab1/9ff/obj2")
    assert (store.root / "ab1/2cd/obj1/inventory.json").stat().st_mode & 0o777 == 0o440
    assert locks_under(store, "ab1/2cd/obj1") == []
    assert set_prefix_legal_hold(store, "ab1/2cd/obj1", True) == 0

    assert erase_prefix(store, "ab1/2cd/obj1") == 2

    assert not (store.root / "ab1/2cd").exists()  # emptied layout directory removed too
    assert sorted(store.iter_keys()) == [
        "ab1/9ff/obj2/inventory.json",
        "ab1/9ff/obj2/v1/content/a.pdf",
    ]
    with pytest.raises(ObjectNotFound):
        erase_prefix(store, "ab1/2cd/obj1")


def test_s3_refuses_while_locked_then_erases_every_version(s3_store: S3ObjectStore) -> None:
    until = datetime.now(UTC) + timedelta(seconds=3)
    s3_store.put_bytes("obj/v1/a", b"one", retain_until=until)
    s3_store.replace_bytes("obj/inventory.json", b"v1", retain_until=until)
    s3_store.replace_bytes("obj/inventory.json", b"v2", retain_until=until)
    s3_store.put_bytes("other/x", b"keep", retain_until=until)

    locks = locks_under(s3_store, "obj")
    assert sorted(lock.key for lock in locks) == ["obj/inventory.json"] * 2 + ["obj/v1/a"]
    with pytest.raises(Conflict, match="3 version") as err:
        erase_prefix(s3_store, "obj")
    assert "obj/v1/a" in str(err.value) and "retained until" in str(err.value)
    assert s3_store.exists("obj/v1/a")

    assert set_prefix_legal_hold(s3_store, "obj", True) == 2
    assert s3_store.legal_hold("obj/v1/a")
    time.sleep(max(0.0, (until - datetime.now(UTC)).total_seconds()) + 1)
    with pytest.raises(Conflict, match="legal hold"):  # retention over, the hold still stands
        erase_prefix(s3_store, "obj")

    set_prefix_legal_hold(s3_store, "obj", False)
    assert locks_under(s3_store, "obj") == []
    assert erase_prefix(s3_store, "obj") == 2
    assert not s3_store.exists("obj")
    versions = s3_store.client.list_object_versions(Bucket=s3_store.bucket, Prefix="obj/")
    assert not versions.get("Versions") and not versions.get("DeleteMarkers")
    assert s3_store.exists("other/x")


def test_holds_and_disposal_on_an_s3_archive(
    s3_settings: Settings, s3_store: S3ObjectStore, tmp_path: Path
) -> None:
    """On S3 a hold sets the legal hold on every key of the dossier, and a destruction is refused
    while the Object Lock retention of the ingest has not expired (nothing deleted)."""
    with open_archive(s3_settings, create=True) as archive:
        code = ingest_dossier(archive, tmp_path, 1, maintenance="06", end_year=2010)
        with unit_of_work(archive.sessions) as s:
            object_id = s.scalars(select(Dossier.object_id)).one()
        prefix = object_path(object_id)
        keys = list(s3_store.iter_keys(prefix))

        hold = place_hold(archive, code, "Thanh tra", person_agent("lan"))
        assert hold.legal_hold_keys == len(keys) > 5
        assert all(s3_store.legal_hold(k) for k in keys)
        release_hold(archive, hold.id, "Xong", person_agent("lan"))
        assert not any(s3_store.legal_hold(k) for k in keys)

        seat_council(archive)
        listed = review(archive, person_agent("lan"))
        council_concludes(archive, listed.code)
        decision = tmp_path / "qd.pdf"
        decision.write_bytes(b"%PDF-1.7 quyet dinh")
        decide(
            archive,
            listed.code,
            person_agent("an"),
            number="1/QĐ",
            decision_date="01/07/2026",
            file=decision,
        )
        with pytest.raises(Conflict, match="storage lock") as err:
            execute(archive, listed.code, person_agent("lan"))
        assert "retained until" in str(err.value) and prefix in str(err.value)
        assert sorted(s3_store.iter_keys(prefix)) == sorted(keys)
        with unit_of_work(archive.sessions) as s:
            assert s.scalars(select(Dossier.arc_file_code)).all() == [code]
