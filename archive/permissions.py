"""Private by default: who on the machine may read what the archive writes.

The home holds password hashes and token digests (the catalog), mode 03 metadata, the
originals and the configuration; none of it is for the other local users. So:

- every process the CLI starts (``archive serve`` included) works under umask 027: nothing new
  is writable by the group or visible to others;
- ``archive init`` makes the home 0750 and the catalog and ``archive.toml`` 0600 (SQLite gives
  its -wal/-shm files the mode of the database file);
- stored files are 0440 (``storage/local.py``: read-only, no "other" bits);
- ``archive info`` warns about anything wider, naming the path and the chmod that fixes it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from archive.config import Settings

__all__ = [
    "HOME_MODE",
    "PRIVATE_UMASK",
    "SECRET_MODE",
    "STORED_FILE_MODE",
    "PermissionProblem",
    "apply_private_umask",
    "permission_problems",
    "secure_home",
]

PRIVATE_UMASK: Final = 0o027
HOME_MODE: Final = 0o750
SECRET_MODE: Final = 0o600
STORED_FILE_MODE: Final = 0o440
# Enough stored files to catch a store copied with the wrong modes, without making
# ``archive info`` read the whole tree of a large archive (fixity runs read every file anyway).
_STORE_SAMPLE: Final = 2000


@dataclass(frozen=True)
class PermissionProblem:
    """A path readable or writable by more users than it should be."""

    path: str
    mode: str
    wanted: str
    fix: str

    def as_dict(self) -> dict[str, str]:
        """JSON-ready form, with the warning in both languages."""
        return {
            "path": self.path,
            "mode": self.mode,
            "wanted": self.wanted,
            "fix": self.fix,
            "message_vi": f"{self.path} có quyền {self.mode}, rộng hơn {self.wanted}: chạy "
            f"{self.fix}",
            "message_en": f"{self.path} has mode {self.mode}, wider than {self.wanted}: run "
            f"{self.fix}",
        }


def apply_private_umask() -> None:
    """Set the process umask to 027 (called once, where the CLI starts)."""
    os.umask(PRIVATE_UMASK)


def _catalog_files(settings: Settings) -> list[Path]:
    """The embedded SQLite catalog and its side files; none for a server database."""
    if settings.database_url is not None:
        return []
    main = settings.home / "catalog.sqlite3"
    return [main, *(main.with_name(main.name + s) for s in ("-wal", "-shm", "-journal"))]


def _config_file(settings: Settings) -> Path:
    explicit = os.environ.get("ARCHIVE_CONFIG")
    return Path(explicit) if explicit else settings.home / "archive.toml"


def secure_home(settings: Settings) -> None:
    """Give a new (or existing) home the private modes: home 0750, catalog and config 0600."""
    settings.home.chmod(HOME_MODE)
    for path in [*_catalog_files(settings), _config_file(settings)]:
        if path.is_file():
            path.chmod(SECRET_MODE)


def _check(
    path: Path, allowed: int, fix: str, wanted: int | None = None
) -> PermissionProblem | None:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None
    if mode & ~allowed & 0o777 == 0:
        return None
    shown = allowed if wanted is None else wanted
    return PermissionProblem(str(path), f"{mode:04o}", f"{shown:04o}", fix)


def _store_problem(root: Path) -> PermissionProblem | None:
    """The first folder or stored file of the local store with group-write or other bits."""
    fix = f"chmod -R g-w,o-rwx {root}"
    seen = 0
    for dirpath, _dirs, files in os.walk(root):
        problem = _check(Path(dirpath), HOME_MODE, fix)
        if problem is not None:
            return problem
        for name in files:
            # Owner write is not flagged: the owner may chmod anyway; the risk is other users.
            path = Path(dirpath, name)
            problem = _check(path, STORED_FILE_MODE | 0o200, fix, STORED_FILE_MODE)
            seen += 1
            if problem is not None or seen >= _STORE_SAMPLE:
                return problem
    return None


def permission_problems(settings: Settings) -> list[PermissionProblem]:
    """Everything of this archive that is wider than the private modes above."""
    home = settings.home.resolve()
    checks: list[PermissionProblem | None] = [_check(home, HOME_MODE, f"chmod 750 {home}")]
    for path in [*_catalog_files(settings), _config_file(settings)]:
        checks.append(_check(path.resolve(), SECRET_MODE, f"chmod 600 {path.resolve()}"))
    if settings.storage_backend == "local":
        checks.append(_store_problem(settings.resolved_storage_root))
    index = settings.resolved_search_index_dir
    checks.append(_check(index, HOME_MODE, f"chmod -R g-w,o-rwx {index}"))
    return [c for c in checks if c is not None]
