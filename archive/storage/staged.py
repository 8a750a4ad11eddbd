"""A staged tree as a list of files, for the backends that copy it file by file (S3, memory).

Only regular files are published: a symlink or a special file anywhere in the tree refuses the
whole tree (InvalidInput), as does an empty one.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from archive.errors import InvalidInput

__all__ = ["StagedFile", "scan_staged"]


@dataclass(frozen=True)
class StagedFile:
    """One file of a staged tree: its path relative to the tree, where it is, its size."""

    rel: str
    path: Path
    size: int


def scan_staged(staged: Path) -> list[StagedFile]:
    """Every regular file below ``staged``; symlinks and special files are refused."""
    if not staged.is_dir():
        raise InvalidInput(f"nothing to publish: {staged} is not a directory")
    files: list[StagedFile] = []
    for dirpath, dirnames, filenames in os.walk(staged):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath, name)
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                raise InvalidInput(f"refusing to publish a symlink: {path}")
            if name in filenames:
                if not stat.S_ISREG(mode):
                    raise InvalidInput(f"refusing to publish a special file: {path}")
                rel = path.relative_to(staged).as_posix()
                files.append(StagedFile(rel, path, path.stat().st_size))
    if not files:
        raise InvalidInput(f"nothing to publish: {staged} holds no file")
    return files
