"""OCFL 1.1 on an ObjectStore: storage root, object layout, inventories.

- Storage root layout: extension 0003-hash-and-id-n-tuple-storage-layout (3 tuples of 3
  characters of the SHA-256 of the object id, then the percent-encoded id), declared in
  ``ocfl_layout.json``; the directory name says which object it holds, for people.
- Objects are built in a staging directory with ``ObjectBuilder`` (content files are written
  once, hashed while written) and published whole by ``OcflRoot.publish_new``.
- Inventories use SHA-512 (OCFL's default) and carry a SHA-256 fixity block, the digest the
  Vietnamese rules ask for.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, Final

from archive.errors import IntegrityFailure, InvalidInput, ObjectExists, ObjectNotFound
from archive.storage.api import ObjectStore
from archive.storage.digest import Digests, copy_with_digests
from archive.storage.local import fsync_dir, write_exclusive

__all__ = [
    "INVENTORY_TYPE",
    "ObjectBuilder",
    "OcflRoot",
    "check_logical_path",
    "content_sha256",
    "content_sha512",
    "discard",
    "inventory_bytes",
    "object_path",
    "scratch",
    "sidecar_bytes",
    "sidecar_matches",
]

OCFL_VERSION: Final = "1.1"
INVENTORY_TYPE: Final = "https://ocfl.io/1.1/spec/#inventory"
LAYOUT: Final = "0003-hash-and-id-n-tuple-storage-layout"
_LAYOUT_CONFIG: Final = {
    "extensionName": LAYOUT,
    "digestAlgorithm": "sha256",
    "tupleSize": 3,
    "numberOfTuples": 3,
}


def object_path(object_id: str) -> str:
    """Path of an object below the storage root (extension 0003, 3×3 tuples + encoded id)."""
    digest = hashlib.sha256(object_id.encode("utf-8")).hexdigest()
    encoded = "".join(
        ch
        if ch.isascii() and (ch.isalnum() or ch in "-_")
        else "".join(f"%{b:02x}" for b in ch.encode("utf-8"))
        for ch in object_id
    )
    if len(encoded) > 100:
        encoded = f"{encoded[:100]}-{digest}"
    return f"{digest[0:3]}/{digest[3:6]}/{digest[6:9]}/{encoded}"


def inventory_bytes(inventory: dict[str, Any]) -> bytes:
    """The serialised inventory, stable for the same content."""
    return (json.dumps(inventory, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def content_sha256(inventory: dict[str, Any]) -> dict[str, str]:
    """Content path → SHA-256, from the inventory's fixity block."""
    fixity = inventory.get("fixity", {}).get("sha256", {})
    return {content: digest for digest, paths in fixity.items() for content in paths}


def content_sha512(inventory: dict[str, Any]) -> dict[str, str]:
    """Content path → SHA-512, from the manifest."""
    return {content: digest for digest, paths in inventory["manifest"].items() for content in paths}


def sidecar_bytes(data: bytes) -> bytes:
    """The ``inventory.json.sha512`` sidecar of an inventory's bytes."""
    return f"{hashlib.sha512(data).hexdigest()} inventory.json\n".encode()


def sidecar_matches(data: bytes, sidecar: bytes) -> bool:
    """Whether ``sidecar`` names the SHA-512 of the inventory bytes ``data``."""
    words = sidecar.split()
    return bool(words) and words[0].decode() == hashlib.sha512(data).hexdigest()


def _drop_duplicate(target: Path, content_root: Path) -> None:
    """Remove a staged file whose bytes are already stored, and the folders that leaves empty
    (OCFL E024: a content directory holds no empty directories)."""
    target.unlink()
    folder = target.parent
    while folder != content_root and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def check_logical_path(path: str) -> None:
    """OCFL logical paths: relative, '/'-separated, no empty, '.' or '..' segments."""
    parts = path.split("/")
    if not path or path.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise InvalidInput(f"invalid logical path {path!r}")


@dataclass
class ObjectBuilder:
    """Builds version 1 of a new OCFL object in a staging directory."""

    directory: Path
    object_id: str
    _state: dict[str, list[str]] = field(default_factory=dict)
    _manifest: dict[str, list[str]] = field(default_factory=dict)
    _fixity: dict[str, list[str]] = field(default_factory=dict)
    _digests: dict[str, Digests] = field(default_factory=dict)

    def __post_init__(self) -> None:
        (self.directory / "v1" / "content").mkdir(parents=True)

    def _content_path(self, logical: str) -> Path:
        check_logical_path(logical)
        if logical in self._digests:
            raise InvalidInput(f"logical path {logical!r} added twice")
        target = self.directory / "v1" / "content" / logical
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def _record(self, logical: str, digests: Digests, target: Path) -> None:
        content = f"v1/content/{logical}"
        if digests.sha512 in self._manifest:
            # Same bytes already stored once: OCFL deduplicates by digest.
            _drop_duplicate(target, self.directory / "v1" / "content")
        else:
            self._manifest[digests.sha512] = [content]
            self._fixity.setdefault(digests.sha256, []).append(content)
        self._state.setdefault(digests.sha512, []).append(logical)
        self._digests[logical] = digests

    def add_stream(self, logical: str, src: BinaryIO, *, limit: int | None = None) -> Digests:
        """Write ``src`` as ``logical``, hashing while writing; exclusive create, fsynced."""
        target = self._content_path(logical)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as dst:
            digests = copy_with_digests(src, dst, limit=limit, sync_fd=dst.fileno())
            dst.flush()
            os.fsync(dst.fileno())
        self._record(logical, digests, target)
        return digests

    def add_bytes(self, logical: str, data: bytes) -> Digests:
        """Write a small file the archive made (METS, EAD, PREMIS)."""
        target = self._content_path(logical)
        write_exclusive(target, data)
        digests = Digests(
            len(data), hashlib.sha256(data).hexdigest(), hashlib.sha512(data).hexdigest()
        )
        self._record(logical, digests, target)
        return digests

    def adopt(self, logical: str, staged_file: Path, digests: Digests) -> None:
        """Move a file already written and hashed in staging (same filesystem) into place."""
        target = self._content_path(logical)
        os.rename(staged_file, target)
        self._record(logical, digests, target)

    def content_path(self, logical: str) -> str:
        """The content path holding a logical path's bytes (deduplicated by digest)."""
        return self._manifest[self._digests[logical].sha512][0]

    def digests(self, logical: str) -> Digests:
        """Digests of a file added to the object."""
        return self._digests[logical]

    def finish(
        self, *, created: str, message: str, user_name: str, user_address: str
    ) -> dict[str, Any]:
        """Write the inventories and the object declaration; return the inventory."""
        inventory: dict[str, Any] = {
            "id": self.object_id,
            "type": INVENTORY_TYPE,
            "digestAlgorithm": "sha512",
            "head": "v1",
            "contentDirectory": "content",
            "fixity": {"sha256": {k: sorted(v) for k, v in self._fixity.items()}},
            "manifest": self._manifest,
            "versions": {
                "v1": {
                    "created": created,
                    "message": message,
                    "user": {"name": user_name, "address": user_address},
                    "state": {k: sorted(v) for k, v in self._state.items()},
                }
            },
        }
        data = inventory_bytes(inventory)
        for folder in (self.directory, self.directory / "v1"):
            write_exclusive(folder / "inventory.json", data)
            write_exclusive(folder / "inventory.json.sha512", sidecar_bytes(data))
        write_exclusive(
            self.directory / f"0=ocfl_object_{OCFL_VERSION}",
            f"ocfl_object_{OCFL_VERSION}\n".encode(),
        )
        for dirpath, _dirs, _files in os.walk(self.directory):
            fsync_dir(Path(dirpath))
        return inventory


class OcflRoot:
    """An OCFL storage root on an ObjectStore."""

    def __init__(self, store: ObjectStore) -> None:
        self.store = store

    def ensure_initialized(self) -> None:
        """Write the root declaration and layout once; check them afterwards."""
        declaration = f"0=ocfl_{OCFL_VERSION}"
        if self.store.exists(declaration):
            return
        layout = {"extension": LAYOUT, "description": "Hash and id n-tuple storage layout"}
        for key, data in (
            (f"extensions/{LAYOUT}/config.json", _LAYOUT_CONFIG),
            ("ocfl_layout.json", layout),
        ):
            self._put_same(key, (json.dumps(data, indent=2) + "\n").encode())
        self.store.put_bytes(declaration, f"ocfl_{OCFL_VERSION}\n".encode())

    def _put_same(self, key: str, data: bytes) -> None:
        """Write once; a copy left by an interrupted initialisation is fine if identical."""
        try:
            self.store.put_bytes(key, data)
        except ObjectExists:
            with self.store.open(key) as fh:
                if fh.read() != data:
                    raise

    def exists(self, object_id: str) -> bool:
        """Whether an object with this id has been published."""
        return self.store.exists(f"{object_path(object_id)}/0=ocfl_object_{OCFL_VERSION}")

    def publish_new(
        self, object_id: str, staged: Path, *, retain_until: datetime | None = None
    ) -> None:
        """Publish a staged object (built by ObjectBuilder) atomically; never replace one."""
        self.store.publish_tree(staged, object_path(object_id), retain_until=retain_until)

    def add_version(
        self,
        object_id: str,
        staging: Path,
        files: dict[str, bytes | Path],
        *,
        created: str,
        message: str,
        user_name: str,
        user_address: str,
        retain_until: datetime | None = None,
    ) -> dict[str, Any]:
        """Publish a new version: the head state plus ``files`` (new or replaced logical paths).

        ``retain_until``: the lock date of the version's bytes on a store with Object Lock (the
        dossier's, see ``archive.storage.locks``); None: the store's horizon.

        Content already stored (same SHA-512) is not written again. The version directory is
        published whole and exclusively (a concurrent writer of the same version fails), then
        the root inventory is replaced; ``recover`` completes a run that died in between.
        """
        self.recover(object_id)
        inventory = self.inventory(object_id)
        number = int(inventory["head"][1:]) + 1
        version = f"v{number}"
        staging.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=f"{version}-{os.getpid()}-", dir=staging))
        (staged / "content").mkdir()
        state = {d: list(p) for d, p in inventory["versions"][inventory["head"]]["state"].items()}
        for logical, source in sorted(files.items()):
            check_logical_path(logical)
            digests = self._stage_content(staged, version, logical, source, inventory)
            for paths in state.values():
                if logical in paths:
                    paths.remove(logical)
            state.setdefault(digests.sha512, []).append(logical)
        state = {d: sorted(p) for d, p in state.items() if p}
        if not any((staged / "content").iterdir()):
            (staged / "content").rmdir()  # OCFL W003: no empty content directory
        inventory["head"] = version
        inventory["versions"][version] = {
            "created": created,
            "message": message,
            "user": {"name": user_name, "address": user_address},
            "state": state,
        }
        data = inventory_bytes(inventory)
        write_exclusive(staged / "inventory.json", data)
        write_exclusive(staged / "inventory.json.sha512", sidecar_bytes(data))
        base = object_path(object_id)
        try:
            self.store.publish_tree(staged, f"{base}/{version}", retain_until=retain_until)
        except BaseException:
            discard(staged)  # e.g. ObjectExists: another writer published this version first
            raise
        self._promote(base, data)
        # A concurrent writer may have promoted a later version before our promote landed:
        # roll forward again so the root never stays behind a published version.
        while self.recover(object_id):
            pass
        return inventory

    def _stage_content(
        self,
        staged: Path,
        version: str,
        logical: str,
        source: bytes | Path,
        inventory: dict[str, Any],
    ) -> Digests:
        target = staged / "content" / logical
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, bytes):
            write_exclusive(target, source)
            digests = Digests(
                len(source), hashlib.sha256(source).hexdigest(), hashlib.sha512(source).hexdigest()
            )
        else:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(fd, "wb") as dst, source.open("rb") as src:
                digests = copy_with_digests(src, dst, sync_fd=dst.fileno())
                dst.flush()
                os.fsync(dst.fileno())
        if digests.sha512 in inventory["manifest"]:
            _drop_duplicate(target, staged / "content")  # already stored by an earlier version
        else:
            content = f"{version}/content/{logical}"
            inventory["manifest"][digests.sha512] = [content]
            inventory.setdefault("fixity", {}).setdefault("sha256", {}).setdefault(
                digests.sha256, []
            ).append(content)
        return digests

    def install_version(
        self,
        object_id: str,
        version: str,
        staged: Path,
        *,
        retain_until: datetime | None = None,
    ) -> None:
        """Publish a version directory copied from another root (replication, repair),
        exclusively; ``promote`` then makes the copied root inventory current."""
        self.store.publish_tree(
            staged, f"{object_path(object_id)}/{version}", retain_until=retain_until
        )

    def promote(self, object_id: str, inventory_data: bytes) -> None:
        """Make ``inventory_data`` (a complete version's inventory) the root inventory."""
        self._promote(object_path(object_id), inventory_data)

    def read_inventory_bytes(self, object_id: str) -> bytes:
        """The root inventory's bytes, checked against its sidecar (IntegrityFailure)."""
        base = object_path(object_id)
        try:
            with self.store.open(f"{base}/inventory.json") as fh:
                data = fh.read()
            with self.store.open(f"{base}/inventory.json.sha512") as fh:
                sidecar = fh.read()
        except ObjectNotFound as exc:
            raise ObjectNotFound(self.store.name, object_id) from exc
        if not sidecar_matches(data, sidecar):
            raise IntegrityFailure(f"{object_id}: inventory.json does not match its sidecar")
        return data

    def _promote(self, base: str, data: bytes) -> None:
        """Make a published version the head: root inventory, then its sidecar."""
        self.store.replace_bytes(f"{base}/inventory.json", data)
        self.store.replace_bytes(f"{base}/inventory.json.sha512", sidecar_bytes(data))

    def recover(self, object_id: str) -> bool:
        """Finish a version publish that stopped before the root inventory was replaced.

        Returns True when something was repaired. A version directory newer than the root's
        head (with its own complete inventory) is rolled forward; nothing is ever rolled back.
        """
        base = object_path(object_id)
        with self.store.open(f"{base}/inventory.json") as fh:
            root_data = fh.read()
        try:
            head = str(json.loads(root_data)["head"])
            int(head[1:])
        except (ValueError, KeyError, TypeError) as exc:
            raise IntegrityFailure(f"{object_id}: the root inventory.json is unreadable") from exc
        newer = f"v{int(head[1:]) + 1}"
        key = f"{base}/{newer}/inventory.json"
        if self.store.exists(key):
            with self.store.open(key) as fh:
                self._promote(base, fh.read())
            return True
        with self.store.open(f"{base}/inventory.json.sha512") as fh:
            sidecar = fh.read()
        if sidecar != sidecar_bytes(root_data):
            # Only a root inventory identical to its own version's copy is a half-finished
            # promote; anything else is damage and is left for inventory() to report.
            with self.store.open(f"{base}/{head}/inventory.json") as fh:
                if fh.read() == root_data:
                    self._promote(base, root_data)
                    return True
        return False

    def inventory(self, object_id: str) -> dict[str, Any]:
        """The root inventory of an object, checked against its sidecar digest."""
        data = self.read_inventory_bytes(object_id)
        inventory: dict[str, Any] = json.loads(data)
        if inventory.get("id") != object_id:
            raise IntegrityFailure(f"{object_id}: inventory names {inventory.get('id')!r}")
        return inventory

    def content_key(self, object_id: str, content_path: str) -> str:
        """Storage key of a content path of an object."""
        return f"{object_path(object_id)}/{content_path}"

    def open_logical(self, object_id: str, logical: str, version: str | None = None) -> BinaryIO:
        """Stream the bytes of a logical path in a version (default: head)."""
        inventory = self.inventory(object_id)
        version = version or inventory["head"]
        state = inventory["versions"][version]["state"]
        for digest, paths in state.items():
            if logical in paths:
                content = inventory["manifest"][digest][0]
                return self.store.open(self.content_key(object_id, content))
        raise ObjectNotFound(self.store.name, f"{object_id}:{version}:{logical}")

    def iter_object_ids(self) -> Iterator[str]:
        """Ids of every object in the root, read from their inventories."""
        marker = f"/0=ocfl_object_{OCFL_VERSION}"
        for key in self.store.iter_keys():
            if key.endswith(marker):
                with self.store.open(key[: -len(marker)] + "/inventory.json") as fh:
                    yield str(json.load(fh)["id"])


@contextmanager
def scratch(staging: Path, label: str) -> Iterator[Path]:
    """A private folder in the staging area (same filesystem as the store), removed after use;
    named ``<label>-<pid>-…`` so that ``bootstrap._clean_staging`` removes it if the process
    dies first."""
    staging.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{label}-{os.getpid()}-", dir=staging))
    try:
        yield folder
    finally:
        discard(folder)


def discard(path: Path) -> None:
    """Remove a staging directory, including read-only files."""
    if path.exists():
        for dirpath, _dirs, files in os.walk(path):
            os.chmod(dirpath, 0o700)
            for name in files:
                try:
                    os.chmod(Path(dirpath, name), 0o644)
                except FileNotFoundError:
                    continue
        shutil.rmtree(path, ignore_errors=True)
