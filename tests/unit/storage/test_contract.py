"""One contract, every backend: the same tests run on the local store, the in-memory store and
on S3 (SeaweedFS); the locking ones on every store that implements ``LockingStore``.

Write-once keys, exclusive whole publishing, streamed reads, replaceable root inventories, and
OCFL on top: objects published and versioned through ``OcflRoot`` validate with ocfl-py (on
S3 both the bucket itself, through ocfl-py's s3fs support, and a downloaded copy).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive.errors import Conflict, InvalidInput, ObjectExists, ObjectNotFound
from archive.storage.api import LockingStore, ObjectStore
from archive.storage.erase import erase_prefix, locks_under, set_prefix_legal_hold
from archive.storage.local import LocalObjectStore
from archive.storage.memory import MemoryObjectStore
from archive.storage.ocfl import OcflRoot
from archive.storage.s3 import S3ObjectStore
from tests.unit.storage.test_ocfl import assert_valid_root, build

CREATED = {"created": "2026-11-23T02:00:00Z", "user_name": "tester", "user_address": "urn:test"}


@pytest.fixture(params=["local", "memory", pytest.param("s3", marks=pytest.mark.s3)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ObjectStore:
    if request.param == "local":
        (tmp_path / "root").mkdir()
        return LocalObjectStore(tmp_path / "root")
    if request.param == "memory":
        return MemoryObjectStore()
    s3: ObjectStore = request.getfixturevalue("s3_store")
    return s3


@pytest.fixture(params=["memory", pytest.param("s3", marks=pytest.mark.s3)])
def locking_store(request: pytest.FixtureRequest) -> LockingStore:
    if request.param == "memory":
        return MemoryObjectStore()
    s3: LockingStore = request.getfixturevalue("s3_store")
    return s3


def stage(base: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return base


def read(store: ObjectStore, key: str) -> bytes:
    with store.open(key) as fh:
        return fh.read()


def download(store: ObjectStore, target: Path) -> Path:
    """Copy every key of a store into a directory (for ocfl-py)."""
    for key in store.iter_keys():
        path = target.joinpath(*key.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(read(store, key))
    return target


def assert_valid_s3_root(store: S3ObjectStore, objects: int) -> None:
    """ocfl-py's validator on the bucket, through its s3fs support (credentials from the
    environment the ``s3_env`` fixture set)."""
    url = f"s3://{store.bucket}?endpoint_url={store.endpoint}"
    script = Path(sys.executable).parent / "ocfl-root.py"
    out = subprocess.run(
        [
            sys.executable,
            str(script),
            "validate",
            "--root",
            url,
            "--validate-objects",
            "--check-digests",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    output = out.stdout + out.stderr
    assert f"Objects checked: {objects} / {objects} are VALID" in output, output
    assert f"Storage root {url} is VALID" in output, output


def test_put_bytes_is_exclusive(store: ObjectStore) -> None:
    store.put_bytes("a/b/c.txt", b"first")
    with pytest.raises(ObjectExists):
        store.put_bytes("a/b/c.txt", b"second")
    assert read(store, "a/b/c.txt") == b"first"
    assert store.size("a/b/c.txt") == 5


def test_missing_keys(store: ObjectStore) -> None:
    with pytest.raises(ObjectNotFound):
        store.open("nope/x")
    with pytest.raises(ObjectNotFound):
        store.size("nope/x")
    assert not store.exists("nope")
    assert list(store.iter_keys("nope")) == []


def test_exists_keys_and_prefixes(store: ObjectStore) -> None:
    store.put_bytes("a/b/c.txt", b"1")
    assert store.exists("a/b/c.txt")
    assert store.exists("a/b")
    assert store.exists("a")
    assert not store.exists("a/b/c")
    assert not store.exists("a/bc")


def test_iter_keys(store: ObjectStore) -> None:
    keys = ["a/b/c", "a/b-d", "a/c", "z", "a/b/d/e f+g%2F", "hồ sơ/1"]
    for key in keys:
        store.put_bytes(key, key.encode())
    assert sorted(store.iter_keys()) == sorted(keys)
    assert sorted(store.iter_keys("a/b")) == ["a/b/c", "a/b/d/e f+g%2F"]
    assert list(store.iter_keys("a/c")) == ["a/c"]  # a key is its own listing
    for key in keys:
        assert read(store, key) == key.encode()


def test_open_streams_in_chunks(store: ObjectStore) -> None:
    data = os.urandom(300_000)
    store.put_bytes("blob", data)
    with store.open("blob") as fh:
        first = fh.read(1000)
        rest = fh.read()
    assert first + rest == data


def test_restore_file_rewrites_a_published_key_and_nothing_else(
    store: ObjectStore, tmp_path: Path
) -> None:
    store.publish_tree(stage(tmp_path / "t", {"a.txt": b"good", "b.txt": b"other"}), "obj")
    fixed = tmp_path / "fixed"
    fixed.write_bytes(b"restored bytes")
    store.restore_file("obj/a.txt", fixed)
    assert read(store, "obj/a.txt") == b"restored bytes"
    assert read(store, "obj/b.txt") == b"other"
    assert sorted(store.iter_keys("obj")) == ["obj/a.txt", "obj/b.txt"]
    store.restore_file("obj/c/missing.txt", fixed)  # a file lost altogether comes back too
    assert read(store, "obj/c/missing.txt") == b"restored bytes"


def test_replace_bytes(store: ObjectStore) -> None:
    store.put_bytes("inv.json", b"v1")
    store.replace_bytes("inv.json", b"v2")
    store.replace_bytes("inv.json", b"v3")
    assert read(store, "inv.json") == b"v3"
    assert list(store.iter_keys()) == ["inv.json"]


def test_publish_tree_is_whole_and_exclusive(store: ObjectStore, tmp_path: Path) -> None:
    staged = stage(tmp_path / "stage1", {"v1/f": b"one", "v1/sub/g": b"two"})
    store.publish_tree(staged, "x/y/obj")
    assert not staged.exists()
    assert sorted(store.iter_keys("x")) == ["x/y/obj/v1/f", "x/y/obj/v1/sub/g"]
    other = stage(tmp_path / "stage2", {"g": b"three"})
    with pytest.raises(ObjectExists):
        store.publish_tree(other, "x/y/obj")
    assert other.exists()
    assert sorted(store.iter_keys("x")) == ["x/y/obj/v1/f", "x/y/obj/v1/sub/g"]
    assert read(store, "x/y/obj/v1/f") == b"one"


def test_publish_tree_of_an_ocfl_object_is_exclusive(store: ObjectStore, tmp_path: Path) -> None:
    first = build(tmp_path / "a", "urn:x", {"f": b"1"})
    store.publish_tree(first, "obj")
    second = build(tmp_path / "b", "urn:x", {"f": b"2"})
    with pytest.raises(ObjectExists):
        store.publish_tree(second, "obj")
    assert read(store, "obj/v1/content/f") == b"1"


def test_publish_large_file(store: ObjectStore, tmp_path: Path) -> None:
    """Above the S3 part size (5 MiB in these tests): a streamed multipart upload."""
    big = os.urandom(11 * 1024 * 1024 + 17)
    staged = stage(tmp_path / "big", {"content/big.bin": big, "inventory.json": b"{}"})
    store.publish_tree(staged, "obj/v2")
    assert store.size("obj/v2/content/big.bin") == len(big)
    h = hashlib.sha256()
    with store.open("obj/v2/content/big.bin") as fh:
        while chunk := fh.read(1024 * 1024):
            h.update(chunk)
    assert h.hexdigest() == hashlib.sha256(big).hexdigest()


def test_publish_refuses_symlinks(store: ObjectStore, tmp_path: Path) -> None:
    staged = stage(tmp_path / "stage", {"f": b"1"})
    (staged / "link").symlink_to("/etc/passwd")
    with pytest.raises(InvalidInput):
        store.publish_tree(staged, "obj")
    assert not store.exists("obj")


def test_unsafe_keys_are_refused(store: ObjectStore, tmp_path: Path) -> None:
    staged = stage(tmp_path / "s", {"f": b"1"})
    for key in ["", "/abs", "a/../b", "a//b", "./a", "a/."]:
        with pytest.raises(InvalidInput):
            store.put_bytes(key, b"x")
        with pytest.raises(InvalidInput):
            store.replace_bytes(key, b"x")
        with pytest.raises(InvalidInput):
            store.exists(key)
        with pytest.raises(InvalidInput):
            store.publish_tree(staged, key)
    assert list(store.iter_keys()) == []


def test_ocfl_objects_and_versions(store: ObjectStore, tmp_path: Path) -> None:
    root = OcflRoot(store)
    root.ensure_initialized()
    root.ensure_initialized()  # idempotent
    for n in range(2):
        oid = f"urn:uuid:0000-{n}"
        root.publish_new(oid, build(tmp_path, oid, {"METS.xml": b"<m/>", f"data/{n}.pdf": b"%P"}))
    assert root.exists("urn:uuid:0000-1")
    assert not root.exists("urn:uuid:0000-9")
    inventory = root.add_version(
        "urn:uuid:0000-1",
        tmp_path / "staging",
        {"data/1.pdf": b"%P-v2", "data/new.pdf": b"%P"},  # the second is deduplicated
        message="preservation",
        **CREATED,
    )
    assert inventory["head"] == "v2"
    assert root.inventory("urn:uuid:0000-1")["head"] == "v2"
    with root.open_logical("urn:uuid:0000-1", "data/1.pdf") as fh:
        assert fh.read() == b"%P-v2"
    with root.open_logical("urn:uuid:0000-1", "data/1.pdf", "v1") as fh:
        assert fh.read() == b"%P"
    assert sorted(root.iter_object_ids()) == ["urn:uuid:0000-0", "urn:uuid:0000-1"]
    if isinstance(store, LocalObjectStore):
        assert_valid_root(Path(store.describe()), 2)
    else:
        if isinstance(store, S3ObjectStore):
            assert_valid_s3_root(store, 2)  # ocfl-py reading the bucket itself (s3fs)…
        assert_valid_root(download(store, tmp_path / "downloaded"), 2)  # …and a copy of it


def test_ocfl_recover_finishes_an_interrupted_version(
    store: ObjectStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = OcflRoot(store)
    root.ensure_initialized()
    root.publish_new("urn:r", build(tmp_path, "urn:r", {"f": b"1"}))

    def crash(base: str, data: bytes) -> None:
        raise RuntimeError("died before the root inventory was replaced")

    monkeypatch.setattr(root, "_promote", crash)
    with pytest.raises(RuntimeError):
        root.add_version("urn:r", tmp_path / "staging", {"f": b"2"}, message="m", **CREATED)
    monkeypatch.undo()
    assert root.inventory("urn:r")["head"] == "v1"
    assert root.recover("urn:r")
    assert root.inventory("urn:r")["head"] == "v2"
    assert not root.recover("urn:r")
    with root.open_logical("urn:r", "f") as fh:
        assert fh.read() == b"2"


def _wait_until(moment: datetime) -> None:
    time.sleep(max(0.0, (moment - datetime.now(UTC)).total_seconds()) + 0.2)


def test_erase_removes_every_key_below_a_prefix_once_unlocked(
    store: ObjectStore, tmp_path: Path
) -> None:
    until = datetime.now(UTC) + timedelta(seconds=2)
    store.publish_tree(stage(tmp_path / "a", {"v1/f": b"1", "inventory.json": b"{}"}), "p/obj")
    store.publish_tree(stage(tmp_path / "b", {"g": b"2"}), "p/other", retain_until=until)
    store.publish_tree(
        stage(tmp_path / "c", {"v1/f": b"1", "v1/g": b"2", "inv": b"{}"}),
        "q/obj",
        retain_until=until,
    )
    if isinstance(store, LockingStore):
        assert {lock.key for lock in locks_under(store, "q/obj")} == {
            "q/obj/v1/f",
            "q/obj/v1/g",
            "q/obj/inv",
        }
        with pytest.raises(Conflict, match="3 version"):
            erase_prefix(store, "q/obj")
        assert sorted(store.iter_keys("q/obj")) == ["q/obj/inv", "q/obj/v1/f", "q/obj/v1/g"]
        _wait_until(until)
    else:
        assert locks_under(store, "q/obj") == []
    assert erase_prefix(store, "q/obj") == 3
    assert not store.exists("q/obj")
    assert list(store.iter_keys("q")) == []
    assert sorted(store.iter_keys("p")) == ["p/obj/inventory.json", "p/obj/v1/f", "p/other/g"]
    with pytest.raises(ObjectNotFound):
        erase_prefix(store, "q/obj")


def test_retention_is_only_ever_extended(locking_store: LockingStore) -> None:
    store = locking_store
    soon = datetime.now(UTC) + timedelta(days=2)
    store.put_bytes("k", b"1")  # no date: the store's horizon
    horizon = store.retention("k")
    assert horizon is not None and horizon > datetime.now(UTC) + timedelta(days=365)
    store.replace_bytes("inv", b"v1")
    store.replace_bytes("inv", b"v2")
    with pytest.raises(Conflict, match="never shortened"):
        store.extend_retention("k", soon)
    later = (horizon + timedelta(days=30)).replace(microsecond=0)
    store.extend_retention("inv", later)  # every version of the key
    assert store.retention("inv") == later
    with pytest.raises(ObjectNotFound):
        store.extend_retention("missing", later)


def test_legal_hold_on_every_version_below_a_prefix(locking_store: LockingStore) -> None:
    store = locking_store
    until = datetime.now(UTC) + timedelta(seconds=2)
    store.put_bytes("obj/a", b"1", retain_until=until)
    store.replace_bytes("obj/inventory.json", b"v1", retain_until=until)
    store.replace_bytes("obj/inventory.json", b"v2", retain_until=until)
    assert store.versioned_keys("obj") == ["obj/a", "obj/inventory.json"]
    assert not store.legal_hold("obj/a")
    assert set_prefix_legal_hold(store, "obj", True) == 2
    assert store.legal_hold("obj/a") and store.legal_hold("obj/inventory.json")
    _wait_until(until)
    locks = store.locks("obj")
    assert len(locks) == 3 and all(lock.legal_hold and lock.retain_until is None for lock in locks)
    with pytest.raises(Conflict, match="legal hold"):
        erase_prefix(store, "obj")
    assert set_prefix_legal_hold(store, "obj", False) == 2
    assert store.locks("obj") == []
    assert erase_prefix(store, "obj") == 2
    assert not store.exists("obj")
