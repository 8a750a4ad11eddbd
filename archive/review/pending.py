"""The pending area: packages waiting for review, whole, each with a manifest of its files.

Layout: ``<home>/pending/<code>/package/<the SIP's files>`` and ``…/<code>/manifest.json``
(package path → size and SHA-256). A package arrives under a temporary name
(``.<code>.incoming-<pid>``), its catalog row is committed, then it takes its final name; a
package whose decision is committed is removed. ``recover`` finishes what a dead process left:
an incoming folder whose row exists takes its final name, one without a row is removed (its
submitter still has the package: nothing was acknowledged), and a folder whose row is decided
goes. So a package is pending (row + folder), or decided (row, receipt), never both, never lost.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from archive.atomic import atomic_write
from archive.errors import IntegrityFailure, NotFound
from archive.storage.digest import Digests, file_sha256
from archive.storage.ocfl import discard

__all__ = [
    "MANIFEST",
    "PACKAGE",
    "hold",
    "package_dir",
    "publish",
    "read_manifest",
    "recover",
    "remove",
    "verify",
]

PACKAGE: Final = "package"
MANIFEST: Final = "manifest.json"
_INCOMING = re.compile(r"^\.(?P<code>[A-Za-z0-9-]+)\.incoming-(?P<pid>\d+)$")


def _incoming(area: Path, code: str) -> Path:
    return area / f".{code}.incoming-{os.getpid()}"


def package_dir(area: Path, code: str) -> Path:
    """Where the files of a pending package are."""
    return area / code / PACKAGE


def hold(root: Path, area: Path, code: str, entries: Mapping[str, Digests]) -> Path:
    """Move the staged package tree ``root`` into the area under its incoming name, with its
    manifest; ``publish`` gives it its final name once its row is committed."""
    area.mkdir(parents=True, exist_ok=True)
    target = _incoming(area, code)
    target.mkdir()
    os.rename(root, target / PACKAGE)  # staging and the area share the home's file system
    manifest = {rel: {"size": d.size, "sha256": d.sha256} for rel, d in sorted(entries.items())}
    atomic_write(target / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return target


def publish(area: Path, code: str) -> None:
    """Give the incoming folder of ``code`` (this process's) its final name."""
    os.rename(_incoming(area, code), area / code)


def read_manifest(area: Path, code: str) -> dict[str, dict[str, Any]]:
    """The manifest of a pending package: package path → size and SHA-256."""
    try:
        manifest: dict[str, dict[str, Any]] = json.loads((area / code / MANIFEST).read_bytes())
    except FileNotFoundError:
        raise NotFound(
            f"không thấy gói chờ tiếp nhận {code} trong {area} / pending package {code} is not "
            f"in {area}"
        ) from None
    return manifest


def verify(area: Path, code: str) -> dict[str, dict[str, Any]]:
    """Check every file of a pending package against its manifest; returns the manifest."""
    manifest = read_manifest(area, code)
    root = area / code / PACKAGE
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    problems = sorted(present ^ set(manifest))
    for rel in sorted(present & set(manifest)):
        size, sha = file_sha256(root / rel)
        if size != manifest[rel]["size"] or sha != manifest[rel]["sha256"]:
            problems.append(rel)
    if problems:
        raise IntegrityFailure(
            f"gói chờ tiếp nhận {code} đã bị thay đổi ({', '.join(problems[:5])}); trả lại gói "
            f"và yêu cầu nộp lại / pending package {code} changed since it was received "
            f"({', '.join(problems[:5])}); return it and ask for it again"
        )
    return manifest


def remove(area: Path, code: str) -> None:
    """Remove a decided package's folder (whether or not it is still there)."""
    discard(area / code)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(area: Path, states: Mapping[str, str]) -> list[str]:
    """Finish what dead processes left in the area (``states``: code → state of its row);
    returns what was done, one line each."""
    done: list[str] = []
    if not area.is_dir():
        return done
    for folder in sorted(area.iterdir()):
        match = _INCOMING.match(folder.name)
        if match:
            code = match["code"]
            if _alive(int(match["pid"])):
                continue
            if states.get(code) == "pending" and not (area / code).exists():
                os.rename(folder, area / code)
                done.append(f"{code}: pending")
            else:
                discard(folder)
                done.append(f"{code}: incomplete arrival removed")
        elif states.get(folder.name) in ("accepted", "returned"):
            discard(folder)
            done.append(f"{folder.name}: decided, removed")
    return done
