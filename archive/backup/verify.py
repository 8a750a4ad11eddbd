"""``archive backup verify``: every file of a set read back and compared with the SHA-256
and size its ``set.json`` gives (and ``set.json`` with its sidecar); every part must also
decompress and parse, so that a set that verifies is a set that restores."""

from __future__ import annotations

import gzip
import hashlib
import zlib
from dataclasses import dataclass, field
from typing import Any

from archive.backup.sets import INDEX, read_manifest, read_part
from archive.backup.target import BackupTarget
from archive.errors import ArchiveError

__all__ = ["SetCheck", "verify_set"]


@dataclass
class SetCheck:
    """The outcome of reading one set back."""

    name: str
    files: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "name": self.name,
            "ok": self.ok,
            "files": self.files,
            "bytes": self.bytes,
            "problems": self.problems,
        }


def verify_set(target: BackupTarget, name: str) -> SetCheck:
    """Read a whole set back (module docstring)."""
    check = SetCheck(name)
    try:
        manifest = read_manifest(target, name)
    except ArchiveError as exc:
        check.problems.append(str(exc))
        return check
    for path, expected in sorted(manifest.files.items()):
        try:
            data = target.read(name, path)
        except ArchiveError as exc:
            check.problems.append(f"{path}: {exc}")
            continue
        check.files += 1
        check.bytes += len(data)
        if len(data) != expected["size"] or hashlib.sha256(data).hexdigest() != expected["sha256"]:
            check.problems.append(
                f"{path}: khác mã băm hoặc kích thước đã ghi / differs from its recorded "
                "SHA-256 or size"
            )
            continue
        try:
            if path.endswith(".jsonl.gz"):
                sum(1 for _ in read_part(data))
            elif path == INDEX:
                gzip.decompress(data)
        except (OSError, EOFError, zlib.error, ValueError) as exc:
            check.problems.append(f"{path}: unreadable ({exc})")
    return check
