"""Copy an OCFL object from one storage root to another, checking every byte on the way.

Used for replication (a second independent copy, TT05 Ch. V) and for repair. The source is
only read. Every content file is downloaded to staging and hashed; its SHA-512 must be the one
the source inventory lists (and its SHA-256 the fixity block's), every version inventory must
match its sidecar, or nothing is written. The destination gets whole version directories,
published exclusively like any other write, then the source's root inventory bytes: the copy's
inventories are byte-identical to the source's, so ``ocfl-py`` sees the same object.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from archive.errors import Conflict, IntegrityFailure
from archive.storage.digest import copy_with_digests
from archive.storage.ocfl import (
    OCFL_VERSION,
    OcflRoot,
    content_sha256,
    content_sha512,
    object_path,
    scratch,
    sidecar_bytes,
    sidecar_matches,
)

__all__ = ["CopyResult", "copy_object", "version_number"]

Action = Literal["copied", "updated", "current"]


def version_number(version: str) -> int:
    """``v3`` → 3."""
    return int(version[1:])


@dataclass
class CopyResult:
    """What one copy did."""

    object_id: str
    action: Action
    head: str
    versions: list[str] = field(default_factory=list)
    files: int = 0
    bytes: int = 0


class _Expected:
    """Digests a source inventory promises for each content path."""

    def __init__(self, inventory: dict[str, Any]) -> None:
        self.sha512 = content_sha512(inventory)
        self.sha256 = content_sha256(inventory)


def _download(src: OcflRoot, object_id: str, rel: str, target: Path, expected: _Expected) -> int:
    """Stream one file of the source object to ``target``, checking it when it is content."""
    key = f"{object_path(object_id)}/{rel}"
    target.parent.mkdir(parents=True, exist_ok=True)
    with src.store.open(key) as fh, target.open("xb") as out:
        digests = copy_with_digests(fh, out, sync_fd=out.fileno())
        out.flush()
        os.fsync(out.fileno())
    want = expected.sha512.get(rel)
    if want is not None and digests.sha512 != want:
        raise IntegrityFailure(
            f"{src.store.name}: {key} có SHA-512 {digests.sha512[:16]}…, bản kê ghi {want[:16]}…; "
            "bản nguồn bị hỏng, không sao chép gì (chạy 'archive fixity run' và 'archive repair') "
            f"/ {src.store.name}: {key} has SHA-512 {digests.sha512[:16]}…, the inventory says "
            f"{want[:16]}…; the source copy is damaged, nothing was copied (run 'archive fixity "
            "run' and 'archive repair')"
        )
    want256 = expected.sha256.get(rel)
    if want256 is not None and digests.sha256 != want256:
        raise IntegrityFailure(
            f"{src.store.name}: {key} không khớp SHA-256 của bản kê; không sao chép gì / "
            f"{src.store.name}: {key} does not match the inventory's SHA-256; nothing was copied"
        )
    return digests.size


def _check_sidecar(folder: Path, label: str) -> None:
    data = (folder / "inventory.json").read_bytes()
    if not sidecar_matches(data, (folder / "inventory.json.sha512").read_bytes()):
        raise IntegrityFailure(
            f"{label}: inventory.json không khớp tệp mã băm đi kèm / {label}: inventory.json "
            "does not match its sidecar"
        )


def _version_keys(src: OcflRoot, object_id: str, version: str) -> list[str]:
    base = object_path(object_id)
    return [k[len(base) + 1 :] for k in src.store.iter_keys(f"{base}/{version}")]


def _stage_version(
    src: OcflRoot, object_id: str, version: str, folder: Path, expected: _Expected
) -> tuple[int, int]:
    """Download version ``version`` under ``folder/version``; returns (files, bytes)."""
    rels = _version_keys(src, object_id, version)
    missing = [c for c in expected.sha512 if c.startswith(f"{version}/") and c not in rels]
    if missing or f"{version}/inventory.json" not in rels:
        raise IntegrityFailure(
            f"{src.store.name}: {object_id} {version} thiếu "
            f"{', '.join(missing) or 'bản kê inventory.json'}; không sao chép gì / "
            f"{src.store.name}: {object_id} {version} lacks "
            f"{', '.join(missing) or 'its inventory'}; nothing was copied"
        )
    size = 0
    for rel in rels:
        size += _download(src, object_id, rel, folder / rel, expected)
    _check_sidecar(folder / version, f"{src.store.name}: {object_id} {version}")
    return len(rels), size


def copy_object(
    src: OcflRoot,
    dst: OcflRoot,
    object_id: str,
    staging: Path,
    *,
    retain_until: datetime | None = None,
) -> CopyResult:
    """Bring ``dst``'s copy of ``object_id`` up to ``src``'s head.

    A missing copy is published whole; a copy behind gets the missing versions then the root
    inventory; a copy at the same head is left alone after checking the inventories agree.
    A copy that disagrees with the source on a shared version, or is ahead of it, is refused
    (IntegrityFailure / Conflict): that needs a person, not a copy.
    """
    data = src.read_inventory_bytes(object_id)
    inventory: dict[str, Any] = json.loads(data)
    head = str(inventory["head"])
    expected = _Expected(inventory)
    if not dst.exists(object_id):
        return _copy_whole(src, dst, object_id, staging, data, inventory, expected, retain_until)
    dst.recover(object_id)
    theirs = dst.inventory(object_id)
    their_head = str(theirs["head"])
    if version_number(their_head) > version_number(head):
        raise Conflict(
            f"{dst.store.name}: {object_id} ở {their_head}, mới hơn {src.store.name} ({head}); "
            f"bản nguồn cũ hơn bản sao, cần kiểm tra các kho / {dst.store.name}: {object_id} is "
            f"at {their_head}, ahead of {src.store.name} ({head}); the source is behind its copy, "
            "check the stores"
        )
    for version in theirs["versions"]:
        if theirs["versions"][version] != inventory["versions"].get(version):
            raise IntegrityFailure(
                f"{object_id} {version} khác nhau giữa {src.store.name} và {dst.store.name}; "
                f"các bản đã lệch nhau / {object_id} {version} differs between {src.store.name} "
                f"and {dst.store.name}; the copies have diverged"
            )
    result = CopyResult(object_id, "current", head)
    if their_head == head:
        return result
    result.action = "updated"
    for n in range(version_number(their_head) + 1, version_number(head) + 1):
        version = f"v{n}"
        with scratch(staging, f"copy-{version}") as folder:
            files, size = _stage_version(src, object_id, version, folder, expected)
            dst.install_version(object_id, version, folder / version, retain_until=retain_until)
        result.versions.append(version)
        result.files += files
        result.bytes += size
    dst.promote(object_id, data)
    return result


def _copy_whole(
    src: OcflRoot,
    dst: OcflRoot,
    object_id: str,
    staging: Path,
    data: bytes,
    inventory: dict[str, Any],
    expected: _Expected,
    retain_until: datetime | None,
) -> CopyResult:
    result = CopyResult(object_id, "copied", str(inventory["head"]))
    with scratch(staging, "copy") as folder:
        tree = folder / "object"
        for version in sorted(inventory["versions"], key=version_number):
            files, size = _stage_version(src, object_id, version, tree, expected)
            result.versions.append(version)
            result.files += files
            result.bytes += size
        base = object_path(object_id)
        for rel in src.store.iter_keys(f"{base}/extensions"):
            rel = rel[len(base) + 1 :]
            result.bytes += _download(src, object_id, rel, tree / rel, expected)
            result.files += 1
        (tree / "inventory.json").write_bytes(data)
        (tree / "inventory.json.sha512").write_bytes(sidecar_bytes(data))
        (tree / f"0=ocfl_object_{OCFL_VERSION}").write_bytes(
            f"ocfl_object_{OCFL_VERSION}\n".encode()
        )
        result.files += 3
        dst.publish_new(object_id, tree, retain_until=retain_until)
    return result
