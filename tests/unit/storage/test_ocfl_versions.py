"""``OcflRoot.add_version`` and ``recover``: later versions of an object, on the local store.

A version is published whole (``publish_tree``, exclusive), then the root inventory is replaced
(``_promote``); a run that dies in between is rolled forward by ``recover`` (also the first thing
``add_version`` does). Every state reached here must pass ocfl-py's validator.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from archive.errors import IntegrityFailure, ObjectExists
from archive.storage.local import LocalObjectStore
from archive.storage.ocfl import OcflRoot, object_path
from tests.unit.storage.test_ocfl import assert_valid_root, build, ocfl_validate

OID = "urn:uuid:00000000-0000-4000-8000-000000000001"
META = {
    "created": "2026-11-23T01:00:00Z",
    "message": "preservation copy",
    "user_name": "tester",
    "user_address": "urn:test",
}


@pytest.fixture
def root(tmp_path: Path) -> OcflRoot:
    (tmp_path / "store").mkdir()
    (tmp_path / "staging").mkdir()
    ocfl = OcflRoot(LocalObjectStore(tmp_path / "store"))
    ocfl.ensure_initialized()
    ocfl.publish_new(
        OID,
        build(
            tmp_path,
            OID,
            {"representations/rep1/data/a.pdf": b"%PDF-original", "METS.xml": b"<mets/>"},
        ),
    )
    return ocfl


def read(root: OcflRoot, logical: str, version: str | None = None) -> bytes:
    with root.open_logical(OID, logical, version) as fh:
        return fh.read()


def object_dir(root: OcflRoot) -> Path:
    return Path(root.store.describe()) / object_path(OID)


def store_dir(root: OcflRoot) -> Path:
    return Path(root.store.describe())


def add(root: OcflRoot, staging: Path, files: dict[str, bytes | Path]) -> dict[str, Any]:
    return root.add_version(OID, staging, files, **META)


# --------------------------------------------------------------------------- versions


def test_add_version_keeps_v1_retrievable_and_validates(root: OcflRoot, tmp_path: Path) -> None:
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(b"%PDF-original + LTA")
    inventory = add(
        root,
        tmp_path / "staging",
        {"representations/rep2/data/a.pdf": copy, "METS.xml": b"<mets v='2'/>"},
    )
    assert inventory["head"] == "v2"
    assert root.inventory(OID) == inventory
    assert read(root, "representations/rep1/data/a.pdf", "v1") == b"%PDF-original"
    assert read(root, "representations/rep1/data/a.pdf") == b"%PDF-original"
    assert read(root, "representations/rep2/data/a.pdf") == b"%PDF-original + LTA"
    assert read(root, "METS.xml", "v1") == b"<mets/>"
    assert read(root, "METS.xml") == b"<mets v='2'/>"
    v2 = inventory["versions"]["v2"]
    assert v2["message"] == "preservation copy"
    assert v2["user"] == {"name": "tester", "address": "urn:test"}
    assert copy.read_bytes() == b"%PDF-original + LTA"  # the source is copied, not moved
    assert_valid_root(store_dir(root), 1)


def test_identical_content_is_stored_once(root: OcflRoot, tmp_path: Path) -> None:
    inventory = add(
        root,
        tmp_path / "staging",
        {
            "representations/rep2/data/a.pdf": b"%PDF-original",  # same bytes as rep1
            "metadata/x.json": b"{}",
            "metadata/y.json": b"{}",  # same bytes, twice in one version
        },
    )
    paths = sorted(p for ps in inventory["manifest"].values() for p in ps)
    assert paths == [
        "v1/content/METS.xml",
        "v1/content/representations/rep1/data/a.pdf",
        "v2/content/metadata/x.json",
    ]
    stored = sorted(
        p.relative_to(object_dir(root) / "v2").as_posix()
        for p in (object_dir(root) / "v2").rglob("*")
        if p.is_file()
    )
    assert stored == ["content/metadata/x.json", "inventory.json", "inventory.json.sha512"]
    assert read(root, "representations/rep2/data/a.pdf") == b"%PDF-original"
    assert read(root, "metadata/y.json") == b"{}"
    sha256 = inventory["fixity"]["sha256"]
    assert sum(len(p) for p in sha256.values()) == len(paths)
    assert_valid_root(store_dir(root), 1)


def test_successive_versions_are_contiguous(root: OcflRoot, tmp_path: Path) -> None:
    for n in range(2, 5):
        inventory = add(root, tmp_path / "staging", {"representations/rep2/data/a.pdf": b"%d" % n})
        assert inventory["head"] == f"v{n}"
    assert sorted(root.inventory(OID)["versions"]) == ["v1", "v2", "v3", "v4"]
    assert [read(root, "representations/rep2/data/a.pdf", f"v{n}") for n in (2, 3, 4)] == [
        b"2",
        b"3",
        b"4",
    ]
    assert_valid_root(store_dir(root), 1)


def test_builder_dedup_across_folders_leaves_no_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    ocfl = OcflRoot(LocalObjectStore(tmp_path / "store"))
    ocfl.ensure_initialized()
    certs = {f"metadata/{doc}/certs/root.der": b"DER" for doc in ("doc1", "doc2")}
    ocfl.publish_new(OID, build(tmp_path, OID, {"METS.xml": b"<mets/>", **certs}))
    assert_valid_root(tmp_path / "store", 1)


# --------------------------------------------------------------------------- crash and recovery


class Crash(RuntimeError):
    """The process 'dies' here."""


def crash_once(monkeypatch: pytest.MonkeyPatch, target: Any, name: str) -> None:
    """Make ``target.name`` raise Crash on its first call, then behave."""
    original = getattr(target, name)
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise Crash(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)


def test_crash_before_promote_is_rolled_forward_by_recover(
    root: OcflRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash_once(monkeypatch, OcflRoot, "_promote")
    with pytest.raises(Crash):
        add(root, tmp_path / "staging", {"representations/rep2/data/a.pdf": b"copy"})
    # v2 is published, the root inventory still names v1: readers see v1, nothing is lost.
    assert (object_dir(root) / "v2" / "inventory.json").is_file()
    assert root.inventory(OID)["head"] == "v1"
    assert "E046" in ocfl_validate(store_dir(root))  # a version directory beyond the head
    assert root.recover(OID) is True
    assert root.inventory(OID)["head"] == "v2"
    assert read(root, "representations/rep2/data/a.pdf") == b"copy"
    assert root.recover(OID) is False  # nothing left to do
    assert_valid_root(store_dir(root), 1)


def test_crash_before_promote_is_rolled_forward_by_the_next_add_version(
    root: OcflRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash_once(monkeypatch, OcflRoot, "_promote")
    with pytest.raises(Crash):
        add(root, tmp_path / "staging", {"representations/rep2/data/a.pdf": b"copy"})
    inventory = add(root, tmp_path / "staging2", {"metadata/next.json": b"{}"})
    assert inventory["head"] == "v3"
    # v3 was built on v2: the copy of the interrupted run is part of it.
    assert read(root, "representations/rep2/data/a.pdf") == b"copy"
    assert read(root, "metadata/next.json") == b"{}"
    assert_valid_root(store_dir(root), 1)


def test_crash_between_inventory_and_sidecar_is_recovered(
    root: OcflRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = root.store.replace_bytes

    def no_sidecar(key: str, data: bytes) -> None:
        if key.endswith(".sha512"):
            raise Crash(key)
        original(key, data)

    monkeypatch.setattr(root.store, "replace_bytes", no_sidecar)
    with pytest.raises(Crash):
        add(root, tmp_path / "staging", {"representations/rep2/data/a.pdf": b"copy"})
    monkeypatch.setattr(root.store, "replace_bytes", original)
    with pytest.raises(IntegrityFailure):
        root.inventory(OID)  # new inventory, old sidecar
    assert root.recover(OID) is True
    assert root.inventory(OID)["head"] == "v2"
    assert_valid_root(store_dir(root), 1)


def _edit_root_inventory(root: OcflRoot, edit: Any) -> None:
    path = object_dir(root) / "inventory.json"
    data = json.loads(path.read_text())
    edit(data)
    path.chmod(0o644)
    path.write_text(json.dumps(data, indent=2))


def test_an_edited_root_inventory_is_not_recovered(root: OcflRoot, tmp_path: Path) -> None:
    add(root, tmp_path / "staging", {"representations/rep2/data/a.pdf": b"copy"})

    def forge(data: dict[str, Any]) -> None:
        data["versions"]["v2"]["message"] = "forged"

    _edit_root_inventory(root, forge)
    assert root.recover(OID) is False
    with pytest.raises(IntegrityFailure):
        root.inventory(OID)
    with pytest.raises(IntegrityFailure):
        add(root, tmp_path / "staging2", {"metadata/next.json": b"{}"})
    with pytest.raises(IntegrityFailure):
        root.inventory(OID)  # still reported, never papered over
    assert not (object_dir(root) / "v3").exists()


def test_a_garbled_root_inventory_is_an_integrity_failure(root: OcflRoot, tmp_path: Path) -> None:
    path = object_dir(root) / "inventory.json"
    path.chmod(0o644)
    path.write_bytes(b"\x00garbage")
    with pytest.raises(IntegrityFailure):
        add(root, tmp_path / "staging", {"metadata/next.json": b"{}"})


# --------------------------------------------------------------------------- concurrency


def _race(root: OcflRoot, stagings: list[Path], monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Two add_version calls that both reach publish_tree at the same moment."""
    barrier = threading.Barrier(len(stagings), timeout=10)
    publish = root.store.publish_tree

    def synchronised(staged: Path, prefix: str, **kw: Any) -> None:
        barrier.wait()
        publish(staged, prefix, **kw)

    monkeypatch.setattr(root.store, "publish_tree", synchronised)
    outcomes: list[Any] = [None] * len(stagings)

    def work(n: int) -> None:
        try:
            outcomes[n] = add(
                root, stagings[n], {"representations/rep2/data/a.pdf": b"copy %d" % n}
            )
        except Exception as exc:  # collected for the assertions
            barrier.abort()  # do not leave the other thread waiting
            outcomes[n] = exc

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(stagings))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    monkeypatch.setattr(root.store, "publish_tree", publish)
    return outcomes


def test_two_concurrent_versions_one_wins_the_other_gets_object_exists(
    root: OcflRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Separate staging folders: the staged name is v<N>-<pid>, shared by threads of a process.
    outcomes = _race(root, [tmp_path / "staging-a", tmp_path / "staging-b"], monkeypatch)
    won = [o for o in outcomes if isinstance(o, dict)]
    lost = [o for o in outcomes if not isinstance(o, dict)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert isinstance(lost[0], ObjectExists)
    assert root.inventory(OID) == won[0]
    winner = outcomes.index(won[0])
    assert read(root, "representations/rep2/data/a.pdf") == b"copy %d" % winner
    assert_valid_root(store_dir(root), 1)
    # The loser retries on the new head and gets the next version.
    retry = add(root, tmp_path / "staging-c", {"representations/rep2/data/a.pdf": b"copy again"})
    assert retry["head"] == "v3"
    assert_valid_root(store_dir(root), 1)


def test_concurrent_versions_in_one_process_sharing_a_staging_folder(
    root: OcflRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes = _race(root, [tmp_path / "staging", tmp_path / "staging"], monkeypatch)
    assert sorted(type(o).__name__ for o in outcomes) == ["ObjectExists", "dict"], outcomes


def test_the_loser_leaves_no_staged_folder(
    root: OcflRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stagings = [tmp_path / "staging-a", tmp_path / "staging-b"]
    _race(root, stagings, monkeypatch)
    assert [list(s.iterdir()) for s in stagings] == [[], []]
