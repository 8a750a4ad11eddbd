"""OCFL objects built here pass ocfl-py's validator; layout and dedup follow the spec."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from ocfl.layout_0003_hash_and_id_n_tuple import Layout_0003_Hash_And_Id_N_Tuple

from archive.errors import IntegrityFailure, ObjectExists
from archive.storage.local import LocalObjectStore
from archive.storage.ocfl import ObjectBuilder, OcflRoot, object_path


def ocfl_validate(root: Path) -> str:
    """Run ocfl-py's validator over a storage root (objects and digests); its output."""
    script = Path(sys.executable).parent / "ocfl-root.py"
    out = subprocess.run(
        [
            sys.executable,
            str(script),
            "validate",
            "--root",
            str(root),
            "--validate-objects",
            "--check-digests",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout + out.stderr


def assert_valid_root(root: Path, objects: int) -> None:
    output = ocfl_validate(root)
    assert f"Objects checked: {objects} / {objects} are VALID" in output, output
    assert f"Storage root {root} is VALID" in output, output


@pytest.fixture
def root(tmp_path: Path) -> OcflRoot:
    (tmp_path / "store").mkdir()
    ocfl = OcflRoot(LocalObjectStore(tmp_path / "store"))
    ocfl.ensure_initialized()
    return ocfl


def build(tmp: Path, object_id: str, files: dict[str, bytes]) -> Path:
    builder = ObjectBuilder(tmp / "staged" / object_id.replace(":", "_"), object_id)
    for path, data in files.items():
        builder.add_stream(path, io.BytesIO(data))
    builder.finish(
        created="2026-11-23T01:00:00Z", message="test", user_name="tester", user_address="urn:test"
    )
    return builder.directory


@pytest.mark.parametrize("object_id", ["urn:uuid:1234", "a" * 150, "hồ sơ/1"])
def test_object_path_matches_ocfl_py_layout_0003(object_id: str) -> None:
    assert object_path(object_id) == Layout_0003_Hash_And_Id_N_Tuple().identifier_to_path(object_id)


def test_built_objects_validate_with_ocfl_py(root: OcflRoot, tmp_path: Path) -> None:
    for n in range(3):
        oid = f"urn:uuid:0000-{n}"
        root.publish_new(
            oid,
            build(
                tmp_path,
                oid,
                {"METS.xml": b"<m/>", f"data/{n}.pdf": b"%P" * n, "copy.xml": b"<m/>"},
            ),
        )
    assert_valid_root(Path(root.store.describe()), 3)
    inv = root.inventory("urn:uuid:0000-2")
    assert len(inv["manifest"]) == 2  # METS.xml and copy.xml share one content file
    assert inv["fixity"]["sha256"]
    assert sorted(root.iter_object_ids()) == [f"urn:uuid:0000-{n}" for n in range(3)]
    with root.open_logical("urn:uuid:0000-2", "copy.xml") as fh:
        assert fh.read() == b"<m/>"


def test_publishing_twice_is_refused(root: OcflRoot, tmp_path: Path) -> None:
    root.publish_new("urn:x", build(tmp_path / "a", "urn:x", {"f": b"1"}))
    with pytest.raises(ObjectExists):
        root.publish_new("urn:x", build(tmp_path / "b", "urn:x", {"f": b"2"}))
    with root.open_logical("urn:x", "f") as fh:
        assert fh.read() == b"1"


def test_edited_inventory_is_detected(root: OcflRoot, tmp_path: Path) -> None:
    root.publish_new("urn:y", build(tmp_path, "urn:y", {"f": b"1"}))
    inv_path = Path(root.store.describe()) / object_path("urn:y") / "inventory.json"
    data = json.loads(inv_path.read_text())
    data["versions"]["v1"]["message"] = "forged"
    inv_path.chmod(0o644)
    inv_path.write_text(json.dumps(data))
    with pytest.raises(IntegrityFailure):
        root.inventory("urn:y")


def test_interrupted_initialisation_is_completed(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    store = LocalObjectStore(tmp_path / "store")
    first = OcflRoot(store)
    first.ensure_initialized()
    (tmp_path / "store" / "0=ocfl_1.1").unlink()  # as if the process died before the declaration
    OcflRoot(store).ensure_initialized()
    assert (tmp_path / "store" / "0=ocfl_1.1").read_text() == "ocfl_1.1\n"
