"""Fixity of one stored OCFL object: every byte read back and compared with what was recorded.

For each content file of the object the SHA-256 read from storage is compared with the
inventory's SHA-256 fixity block (and with the catalog's digest when the caller gives it);
content without a SHA-256 entry is checked against the manifest's SHA-512. The root inventory
and every version inventory must match their sidecars. Nothing here writes: a mismatch is
reported, never silently repaired (``archive repair`` does that, on request).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from archive.errors import ArchiveError
from archive.storage.digest import CHUNK
from archive.storage.ocfl import OcflRoot, content_sha256, object_path, sidecar_matches

__all__ = ["FixityResult", "RateLimiter", "check_object"]


class RateLimiter:
    """Keeps reads under ``mb_per_s`` megabytes per second (0: unlimited)."""

    def __init__(self, mb_per_s: float = 0.0) -> None:
        self.rate = mb_per_s * 1_000_000
        self.start = time.monotonic()
        self.done = 0

    def consume(self, nbytes: int) -> None:
        """Account for ``nbytes`` read; sleep when ahead of the allowed rate."""
        if self.rate <= 0:
            return
        self.done += nbytes
        ahead = self.done / self.rate - (time.monotonic() - self.start)
        if ahead > 0:
            time.sleep(ahead)


@dataclass
class FixityResult:
    """The outcome of checking one copy of one object."""

    object_id: str
    store: str
    head: str = ""
    files: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)  # content paths to restore
    said: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    """The problems as entries of the message catalogue (``holdings.fixity_*``) and their
    parameters, for the adapters to say in the interface language; ``problems`` is what is
    stored, in English."""

    @property
    def ok(self) -> bool:
        """True when every byte matched."""
        return not self.problems

    def problem(self, stored: str, key: str, **params: object) -> None:
        """Note a problem: as stored, and as the catalogue's ``holdings.<key>``."""
        self.problems.append(stored)
        self.said.append((f"holdings.{key}", params))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "object_id": self.object_id,
            "store": self.store,
            "head": self.head,
            "ok": self.ok,
            "files": self.files,
            "bytes": self.bytes,
            "problems": self.problems,
        }


def _digest(
    ocfl: OcflRoot, key: str, algorithm: str, limiter: RateLimiter | None
) -> tuple[int, str]:
    h = hashlib.new(algorithm)
    size = 0
    with ocfl.store.open(key) as fh:
        while chunk := fh.read(CHUNK):
            size += len(chunk)
            h.update(chunk)
            if limiter is not None:
                limiter.consume(len(chunk))
    return size, h.hexdigest()


def _sidecar_ok(ocfl: OcflRoot, prefix: str) -> bool:
    with ocfl.store.open(f"{prefix}/inventory.json") as fh:
        data = fh.read()
    with ocfl.store.open(f"{prefix}/inventory.json.sha512") as fh:
        return sidecar_matches(data, fh.read())


def check_object(
    ocfl: OcflRoot,
    object_id: str,
    *,
    catalog_sha256: Mapping[str, str] | None = None,
    limiter: RateLimiter | None = None,
) -> FixityResult:
    """Read every content file of ``object_id`` in ``ocfl`` and compare its digests.

    ``catalog_sha256`` maps content paths to the SHA-256 the catalog holds for them.
    """
    result = FixityResult(object_id, ocfl.store.name)
    base = object_path(object_id)
    try:
        inventory: dict[str, Any] = json.loads(ocfl.read_inventory_bytes(object_id))
    except ArchiveError as exc:
        result.problem(
            f"inventory.json: {exc}", "fixity_unreadable", path="inventory.json", error=exc
        )
        return result
    result.head = str(inventory["head"])
    sha256_of = content_sha256(inventory)
    for version in inventory["versions"]:
        try:
            if not _sidecar_ok(ocfl, f"{base}/{version}"):
                path = f"{version}/inventory.json"
                result.problem(f"{path}: does not match its sidecar", "fixity_sidecar", path=path)
        except ArchiveError as exc:
            path = f"{version}/inventory.json"
            result.problem(f"{path}: {exc}", "fixity_unreadable", path=path, error=exc)
    for digest512, contents in sorted(inventory["manifest"].items(), key=lambda kv: kv[1]):
        for content in contents:
            key = f"{base}/{content}"
            want256 = sha256_of.get(content)
            try:
                if want256 is not None:
                    size, got = _digest(ocfl, key, "sha256", limiter)
                    want = want256
                else:
                    size, got = _digest(ocfl, key, "sha512", limiter)
                    want = digest512
            except ArchiveError as exc:
                result.problem(f"{content}: {exc}", "fixity_unreadable", path=content, error=exc)
                result.damaged.append(content)
                continue
            result.files += 1
            result.bytes += size
            if got != want:
                result.problem(
                    f"{content}: digest {got[:16]}… expected {want[:16]}…",
                    "fixity_digest",
                    path=content,
                    found=got[:16],
                    expected=want[:16],
                )
                result.damaged.append(content)
                continue
            recorded = (catalog_sha256 or {}).get(content)
            if recorded is not None and want256 is not None and recorded != want256:
                result.problem(
                    f"{content}: the catalog's SHA-256 {recorded[:16]}… differs from the "
                    f"inventory's {want256[:16]}…",
                    "fixity_catalog",
                    path=content,
                    recorded=recorded[:16],
                    inventory=want256[:16],
                )
    return result
