"""The in-memory store beyond the shared contract: its clock, its own refusal to erase locked
versions, lock extension through the LockingStore port, and exclusivity under threads."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive.errors import Conflict, ObjectExists
from archive.storage.api import LockingStore, ObjectStore
from archive.storage.locks import extend_permanent_locks
from archive.storage.memory import MemoryObjectStore
from archive.storage.ocfl import object_path


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2030, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_is_a_locking_store() -> None:
    store: ObjectStore = MemoryObjectStore()
    assert isinstance(store, LockingStore)


def test_locks_follow_the_clock_and_erase_refuses_by_itself() -> None:
    clock = Clock()
    store = MemoryObjectStore(clock=clock)
    store.put_bytes("obj/a", b"1", retain_until=clock.now + timedelta(days=1))
    store.put_bytes("obj/b", b"2", retain_until=clock.now + timedelta(days=3))
    with pytest.raises(Conflict, match="2 version"):
        store.erase("obj")  # the store refuses too, not only archive.storage.erase
    clock.now += timedelta(days=2)
    assert [lock.key for lock in store.locks("obj")] == ["obj/b"]
    clock.now += timedelta(days=2)
    assert store.locks("obj") == []
    assert store.erase("obj") == 2


def test_no_horizon_means_unlocked_and_nothing_to_extend() -> None:
    store = MemoryObjectStore(horizon_years=0)
    store.put_bytes(f"{object_path('urn:p')}/f", b"1")
    assert store.retention(f"{object_path('urn:p')}/f") is None
    assert extend_permanent_locks(store, ["urn:p"]).keys == 0
    assert store.erase(object_path("urn:p")) == 1


def test_extend_permanent_locks_through_the_port() -> None:
    clock = Clock()
    store = MemoryObjectStore(horizon_years=10, clock=clock)
    base = object_path("urn:perm")
    store.put_bytes(f"{base}/a", b"1")
    store.replace_bytes(f"{base}/inventory.json", b"v1")
    store.replace_bytes(f"{base}/inventory.json", b"v2")
    assert extend_permanent_locks(store, ["urn:perm"], now=clock.now).keys == 0  # fresh
    clock.now = clock.now.replace(year=2036)  # less than half of the horizon left
    done = extend_permanent_locks(store, ["urn:perm"], now=clock.now)
    assert (done.objects, done.keys) == (1, 2)
    target = datetime(2046, 1, 1, tzinfo=UTC)
    assert store.retention(f"{base}/a") == target
    assert {lock.retain_until for lock in store.locks(base)} == {target}  # every version


def test_writers_race_and_exactly_one_wins(tmp_path: Path) -> None:
    store = MemoryObjectStore()
    won: dict[str, list[int]] = {"key": [], "tree": []}
    barrier = threading.Barrier(8)

    def attempt(what: str, n: int, write: Callable[[], None]) -> None:
        try:
            write()
            won[what].append(n)
        except ObjectExists:
            pass

    def race(n: int) -> None:
        staged = tmp_path / f"s{n}"
        (staged / "v1").mkdir(parents=True)
        (staged / "0=ocfl_object_1.1").write_bytes(b"ocfl_object_1.1\n")
        (staged / "v1" / "f").write_bytes(str(n).encode())
        barrier.wait()
        attempt("key", n, lambda: store.put_bytes("k", str(n).encode()))
        attempt("tree", n, lambda: store.publish_tree(staged, "obj"))

    threads = [threading.Thread(target=race, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won["key"]) == 1 and len(won["tree"]) == 1
    with store.open("k") as fh, store.open("obj/v1/f") as tree:
        assert (fh.read(), tree.read()) == (
            str(won["key"][0]).encode(),
            str(won["tree"][0]).encode(),
        )
    assert sorted(store.iter_keys()) == ["k", "obj/0=ocfl_object_1.1", "obj/v1/f"]


def test_keys_do_not_nest() -> None:
    store = MemoryObjectStore()
    store.put_bytes("a/b", b"1")
    with pytest.raises(ObjectExists):
        store.put_bytes("a/b/c", b"2")
    with pytest.raises(ObjectExists):
        store.put_bytes("a", b"2")
    assert list(store.iter_keys()) == ["a/b"]
