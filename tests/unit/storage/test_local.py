"""The local store is write-once: exclusive create, read-only files, atomic exclusive publish."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from archive.errors import InvalidInput, ObjectExists, ObjectNotFound
from archive.storage.local import LocalObjectStore


@pytest.fixture
def store(tmp_path: Path) -> LocalObjectStore:
    (tmp_path / "root").mkdir()
    return LocalObjectStore(tmp_path / "root")


def test_put_bytes_is_exclusive_and_read_only(store: LocalObjectStore) -> None:
    store.put_bytes("a/b/c.txt", b"first")
    with pytest.raises(ObjectExists):
        store.put_bytes("a/b/c.txt", b"second")
    path = store.root / "a" / "b" / "c.txt"
    assert path.read_bytes() == b"first"
    assert stat.S_IMODE(path.stat().st_mode) == 0o440


def test_publish_tree_is_atomic_and_never_replaces(store: LocalObjectStore, tmp_path: Path) -> None:
    staged = tmp_path / "stage1"
    (staged / "v1").mkdir(parents=True)
    (staged / "v1" / "f").write_bytes(b"one")
    store.publish_tree(staged, "x/y/obj")
    assert not staged.exists()
    assert stat.S_IMODE((store.root / "x/y/obj/v1/f").stat().st_mode) == 0o440
    other = tmp_path / "stage2"
    other.mkdir()
    (other / "g").write_bytes(b"two")
    with pytest.raises(ObjectExists):
        store.publish_tree(other, "x/y/obj")
    assert other.exists()
    assert sorted(store.iter_keys("x")) == ["x/y/obj/v1/f"]


def test_publish_refuses_symlinks(store: LocalObjectStore, tmp_path: Path) -> None:
    staged = tmp_path / "stage"
    staged.mkdir()
    (staged / "link").symlink_to("/etc/passwd")
    with pytest.raises(InvalidInput):
        store.publish_tree(staged, "obj")
    assert not store.exists("obj")


@pytest.mark.parametrize("key", ["", "/abs", "a/../b", "a//b", "./a"])
def test_unsafe_keys_are_refused(store: LocalObjectStore, key: str) -> None:
    with pytest.raises(InvalidInput):
        store.put_bytes(key, b"x")


def test_open_missing_and_replace(store: LocalObjectStore) -> None:
    with pytest.raises(ObjectNotFound):
        store.open("nope")
    store.put_bytes("inv.json", b"v1")
    store.replace_bytes("inv.json", b"v2")
    with store.open("inv.json") as fh:
        assert fh.read() == b"v2"
    assert [p.name for p in store.root.iterdir()] == ["inv.json"]
