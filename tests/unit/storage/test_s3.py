"""What only S3 has: Object Lock, legal holds, completion markers, and the network going away.

Runs against the suite's SeaweedFS. Raw boto3 calls play the administrator (or an attacker with
the archive's credentials) trying to delete or overwrite a locked version.
"""

from __future__ import annotations

import threading
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from sqlalchemy import select

from archive.bootstrap import open_archive, person_agent
from archive.catalog.models import Dossier
from archive.config import Settings
from archive.errors import (
    ConfigurationError,
    Conflict,
    InvalidInput,
    ObjectExists,
    Unavailable,
)
from archive.ingest.pipeline import object_id_for
from archive.storage.locks import dossier_retain_until
from archive.storage.ocfl import OcflRoot, object_path
from archive.storage.s3 import S3ObjectStore, ensure_bucket, make_client, open_s3_store
from tests.support.cli import run
from tests.support.seaweed import SeaweedServer, TcpProxy
from tests.support.sips import file_code, write_zip
from tests.unit.storage.test_ocfl import build

pytestmark = pytest.mark.s3


def versions(store: S3ObjectStore, key: str) -> list[dict[str, Any]]:
    found = store.client.list_object_versions(Bucket=store.bucket, Prefix=key)
    return [v for v in found.get("Versions", []) if v["Key"] == key]


def error_code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


# --------------------------------------------------------------------------- Object Lock


def test_every_version_is_locked_in_compliance_mode(s3_store: S3ObjectStore) -> None:
    s3_store.put_bytes("k", b"original")
    (version,) = versions(s3_store, "k")
    head = s3_store.client.head_object(Bucket=s3_store.bucket, Key="k")
    assert head["ObjectLockMode"] == "COMPLIANCE"
    horizon = datetime.now(UTC) + timedelta(days=365 * 10 - 2)
    assert head["ObjectLockRetainUntilDate"] > horizon  # s3_permanent_horizon_years = 10
    assert head["Metadata"]["sha256"] == (
        "0682c5f2076f099c34cfdd15a9e063849ed437a49677e6fcc5b4198c76575be5"
    )
    raw = s3_store.client
    with pytest.raises(ClientError) as denied:
        raw.delete_object(Bucket=s3_store.bucket, Key="k", VersionId=version["VersionId"])
    assert error_code(denied) == "AccessDenied"
    with pytest.raises(ClientError) as denied:
        raw.delete_object(
            Bucket=s3_store.bucket,
            Key="k",
            VersionId=version["VersionId"],
            BypassGovernanceRetention=True,
        )
    assert error_code(denied) == "AccessDenied"
    with pytest.raises(ClientError) as denied:
        raw.put_object_retention(
            Bucket=s3_store.bucket,
            Key="k",
            VersionId=version["VersionId"],
            Retention={"Mode": "COMPLIANCE", "RetainUntilDate": datetime.now(UTC) + timedelta(1)},
        )
    assert error_code(denied) == "AccessDenied"
    # An overwrite is a new version: the locked one is untouched and still readable by id.
    raw.put_object(Bucket=s3_store.bucket, Key="k", Body=b"forged")
    old = raw.get_object(Bucket=s3_store.bucket, Key="k", VersionId=version["VersionId"])
    assert old["Body"].read() == b"original"
    assert len(versions(s3_store, "k")) == 2
    with pytest.raises(ObjectExists):
        s3_store.put_bytes("k", b"again")


def test_retention_date_from_the_caller(s3_store: S3ObjectStore, tmp_path: Path) -> None:
    until = dossier_retain_until(2024, 10)
    assert until.isoformat() == "2035-01-01T00:00:00+07:00"  # end of 31/12/2034, Vietnam time
    s3_store.put_bytes("a", b"1", retain_until=until)
    assert s3_store.retention("a") == until
    staged = tmp_path / "tree"
    (staged / "content").mkdir(parents=True)
    (staged / "content" / "f").write_bytes(b"2")
    (staged / "inventory.json").write_bytes(b"{}")
    s3_store.publish_tree(staged, "obj/v1", retain_until=until)
    for key in ("obj/v1/content/f", "obj/v1/inventory.json"):
        assert s3_store.retention(key) == until
    with pytest.raises(InvalidInput):
        s3_store.put_bytes("b", b"1", retain_until=datetime(2030, 1, 1))  # no time zone
    with pytest.raises(InvalidInput):
        s3_store.put_bytes("b", b"1", retain_until=datetime(2020, 1, 1, tzinfo=UTC))


def test_retention_is_extended_never_shortened(s3_store: S3ObjectStore) -> None:
    first = datetime(2031, 1, 1, tzinfo=UTC)
    s3_store.put_bytes("inv", b"v1", retain_until=first)
    s3_store.replace_bytes("inv", b"v2", retain_until=first + timedelta(days=30))
    later = datetime(2040, 1, 1, tzinfo=UTC)
    s3_store.extend_retention("inv", later)
    for version in versions(s3_store, "inv"):  # every version, the old one too
        found = s3_store.client.get_object_retention(
            Bucket=s3_store.bucket, Key="inv", VersionId=version["VersionId"]
        )
        assert found["Retention"]["RetainUntilDate"] == later
    with pytest.raises(Conflict, match="never shortened"):
        s3_store.extend_retention("inv", datetime(2035, 1, 1, tzinfo=UTC))
    assert s3_store.retention("inv") == later
    s3_store.extend_retention("inv", later)  # the same date again is fine


def test_legal_hold(s3_store: S3ObjectStore) -> None:
    s3_store.put_bytes("held", b"1")
    assert not s3_store.legal_hold("held")
    s3_store.set_legal_hold("held", True)
    assert s3_store.legal_hold("held")
    s3_store.set_legal_hold("held", False)
    assert not s3_store.legal_hold("held")


def test_bucket_without_object_lock_is_refused(
    seaweed: SeaweedServer, s3_settings: Settings
) -> None:
    client = seaweed.client()
    try:
        plain = f"{s3_settings.s3_bucket}-plain"
        client.create_bucket(Bucket=plain)
        with pytest.raises(ConfigurationError, match=r"Object Lock|versioned"):
            open_s3_store(s3_settings.model_copy(update={"s3_bucket": plain}))
        with pytest.raises(ConfigurationError, match="does not exist"):
            open_s3_store(s3_settings.model_copy(update={"s3_bucket": "no-such-bucket"}))
        ensure_bucket(client, s3_settings.s3_bucket)  # idempotent on a good bucket
    finally:
        client.close()


# --------------------------------------------------------------------------- publishing


def test_conditional_put_on_the_marker(s3_store: S3ObjectStore) -> None:
    """SeaweedFS honours If-None-Match: * (the marker of a tree is written with it)."""
    raw = s3_store.client
    raw.put_object(Bucket=s3_store.bucket, Key="m", Body=b"1", IfNoneMatch="*")
    with pytest.raises(ClientError) as refused:
        raw.put_object(Bucket=s3_store.bucket, Key="m", Body=b"2", IfNoneMatch="*")
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412


def test_interrupted_publish_is_invisible_and_a_retry_completes(
    s3_store: S3ObjectStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = OcflRoot(s3_store)
    root.ensure_initialized()
    first = build(tmp_path / "a", "urn:crash", {"a.pdf": b"A1", "b.pdf": b"B1", "c.pdf": b"C1"})
    real_upload = s3_store._upload
    calls = {"n": 0}

    def dying_upload(*args: Any, **kwargs: Any) -> str | None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise Unavailable("the network went away")
        return real_upload(*args, **kwargs)

    monkeypatch.setattr(s3_store, "_upload", dying_upload)
    with pytest.raises(Unavailable):
        root.publish_new("urn:crash", first)
    monkeypatch.undo()
    assert first.exists()  # kept for the retry
    base = object_path("urn:crash")
    assert s3_store.exists(f"{base}/v1/content/a.pdf")  # an unreferenced leftover…
    assert not root.exists("urn:crash")  # …that nobody sees as an object
    assert list(root.iter_object_ids()) == []
    # A later run builds the object again (other bytes for the same paths) and completes.
    second = build(tmp_path / "b", "urn:crash", {"a.pdf": b"A2", "b.pdf": b"B2", "c.pdf": b"C2"})
    root.publish_new("urn:crash", second)
    assert root.exists("urn:crash")
    for name in ("a", "b", "c"):
        with root.open_logical("urn:crash", f"{name}.pdf") as fh:
            assert fh.read() == f"{name.upper()}2".encode()
    assert len(versions(s3_store, f"{base}/v1/content/a.pdf")) == 2  # the leftover stays locked


def test_a_writer_that_completes_first_wins(
    s3_store: S3ObjectStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A concurrent writer's upload landing after ours is undone once our marker is written;
    a writer that finds the marker stops."""
    root = OcflRoot(s3_store)
    root.ensure_initialized()
    base = object_path("urn:race")
    ours = build(tmp_path / "ours", "urn:race", {"doc.pdf": b"ours"})
    real_upload = s3_store._upload

    def racing_upload(key: str, *args: Any, **kwargs: Any) -> str | None:
        version = real_upload(key, *args, **kwargs)
        if key.endswith("/content/doc.pdf"):  # the other writer overwrites right after us
            s3_store.client.put_object(Bucket=s3_store.bucket, Key=key, Body=b"theirs")
        return version

    monkeypatch.setattr(s3_store, "_upload", racing_upload)
    root.publish_new("urn:race", ours)
    monkeypatch.undo()
    with root.open_logical("urn:race", "doc.pdf") as fh:
        assert fh.read() == b"ours"
    before = len(versions(s3_store, f"{base}/v1/content/doc.pdf"))
    theirs = build(tmp_path / "theirs", "urn:race", {"doc.pdf": b"theirs"})
    with pytest.raises(ObjectExists):
        root.publish_new("urn:race", theirs)
    assert len(versions(s3_store, f"{base}/v1/content/doc.pdf")) == before  # nothing uploaded


def race(root: OcflRoot, oid: str, trees: dict[str, Path]) -> dict[str, str]:
    """Publish every tree as ``oid`` at once, one thread each; who won, who lost."""
    barrier = threading.Barrier(len(trees))
    outcome: dict[str, str] = {}

    def write(who: str) -> None:
        barrier.wait()
        try:
            root.publish_new(oid, trees[who])
            outcome[who] = "won"
        except ObjectExists:
            outcome[who] = "lost"
        except Exception as exc:  # reported by the caller's assertion
            outcome[who] = repr(exc)

    threads = [threading.Thread(target=write, args=(who,)) for who in trees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcome


def test_two_writers_of_one_object_at_once(s3_store: S3ObjectStore, tmp_path: Path) -> None:
    """Real concurrency: exactly one writer wins and the object is entirely the winner's."""
    root = OcflRoot(s3_store)
    root.ensure_initialized()
    for attempt in range(4):
        oid = f"urn:both-{attempt}"
        files = {who: {f"f{i}.pdf": f"{who}{i}".encode() for i in range(6)} for who in "ab"}
        trees = {who: build(tmp_path / f"{who}{attempt}", oid, files[who]) for who in "ab"}
        outcome = race(root, oid, trees)
        assert sorted(outcome.values()) == ["lost", "won"], outcome
        winner = next(who for who, result in outcome.items() if result == "won")
        assert root.inventory(oid)["id"] == oid  # root inventory and its sidecar agree
        for logical, data in files[winner].items():
            with root.open_logical(oid, logical) as fh:
                assert fh.read() == data


# --------------------------------------------------------------------------- unavailability


def test_unreachable_endpoint_is_unavailable(s3_settings: Settings) -> None:
    proxy = TcpProxy(1)  # nothing listens behind it; cut at once: connection refused
    proxy.cut()
    update = {"s3_endpoint_url": proxy.endpoint_url, "s3_max_attempts": 1}
    store = S3ObjectStore(
        make_client(s3_settings.model_copy(update=update)),
        s3_settings.s3_bucket,
        endpoint=proxy.endpoint_url,
    )
    for attempt in (
        lambda: store.exists("a"),
        lambda: store.put_bytes("a", b"1"),
        lambda: store.open("a"),
        lambda: list(store.iter_keys()),
    ):
        with pytest.raises(Unavailable) as failed:
            attempt()
        message = str(failed.value)
        assert proxy.endpoint_url in message
        assert "unreachable" in message


def test_wrong_credentials_are_a_configuration_error(
    s3_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wrong")
    with pytest.raises(ConfigurationError, match="credentials"):
        open_s3_store(s3_settings)


def test_missing_credentials_are_a_configuration_error(
    s3_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(ConfigurationError, match="no S3 credentials"):
        open_s3_store(s3_settings)


def _ingest_settings(s3_settings: Settings, proxy: TcpProxy) -> Settings:
    update = {"s3_endpoint_url": proxy.endpoint_url, "s3_max_attempts": 1}
    return s3_settings.model_copy(update=update)


def _catalogued(settings: Settings) -> list[str]:
    with open_archive(settings) as archive, archive.sessions() as session:
        return list(session.scalars(select(Dossier.arc_file_code)))


@pytest.mark.parametrize("when", ["before", "during"])
def test_s3_going_away_during_an_ingest(
    s3_settings: Settings, seaweed: SeaweedServer, tmp_path: Path, when: str
) -> None:
    """A clear error, nothing visible in storage or catalog, and a retry that succeeds."""
    proxy = TcpProxy(seaweed.ports["s3"])
    try:
        settings = _ingest_settings(s3_settings, proxy)
        sip = write_zip(tmp_path / "sips", 1, docs=3)
        with open_archive(settings, create=True) as archive:
            if when == "before":
                proxy.cut()
            else:
                proxy.cut_after(20_000)  # part-way through the AIP upload
            with pytest.raises(Unavailable) as failed:
                archive.ingest(sip, person_agent("tester"))
            assert "unreachable" in str(failed.value)
            assert proxy.endpoint_url in str(failed.value)
            proxy.restore()
            arc = f"{settings.agency_code}.{file_code(1)}"
            leftovers = list(archive.ocfl.store.iter_keys(object_path(object_id_for(arc))))
            assert bool(leftovers) == (when == "during")  # unreferenced, invisible:
            assert not archive.ocfl.exists(object_id_for(arc))
            assert list(archive.ocfl.iter_object_ids()) == []
            assert not list((settings.staging_dir).iterdir())
        assert _catalogued(settings) == []
        with open_archive(settings) as archive:
            result = archive.ingest(sip, person_agent("tester"))
            assert result.status == "accepted", result.report
            assert _catalogued(settings) == [arc]
            out = tmp_path / "out.pdf"
            archive.retrieve_original(f"{file_code(1)}.0000002", out, person_agent("tester"))
        with zipfile.ZipFile(sip) as zf:
            (name,) = [m for m in zf.namelist() if m.endswith(f"/data/{file_code(1)}.2.pdf")]
            assert out.read_bytes() == zf.read(name)
    finally:
        proxy.close()


# --------------------------------------------------------------------------- the CLI on S3


def test_cli_ingest_and_get_on_s3(s3_settings: Settings, tmp_path: Path) -> None:
    home = tmp_path / "cli-home"
    env = {
        "ARCHIVE_HOME": str(home),
        "ARCHIVE_STORAGE_BACKEND": "s3",
        "ARCHIVE_S3_ENDPOINT_URL": str(s3_settings.s3_endpoint_url),
        "ARCHIVE_S3_BUCKET": s3_settings.s3_bucket,
    }
    assert run(home, "init", env=env).exit_code == 0
    sip = write_zip(tmp_path / "sips", 2)
    result = run(home, "ingest", str(sip), "--json", env=env)
    assert result.exit_code == 0, result.output
    out = tmp_path / "got.pdf"
    code = f"{file_code(2)}.0000001"
    result = run(home, "get", code, "-o", str(out), env=env)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(sip) as zf:
        (name,) = [m for m in zf.namelist() if m.endswith(f"/data/{file_code(2)}.1.pdf")]
        assert out.read_bytes() == zf.read(name)
    result = run(home, "info", "--json", env=env)
    assert result.exit_code == 0, result.output
    assert f"s3://{s3_settings.s3_bucket}" in result.stdout
    assert not (home / "store").exists()  # nothing of the AIP on local disk
