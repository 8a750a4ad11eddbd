"""Local write-once object store: a directory tree on a POSIX filesystem.

Files are created exclusively (O_EXCL), fsynced, and made read-only; directories are fsynced
after every change; a staged tree is published with ``renameat2(RENAME_NOREPLACE)``, so a
version appears whole or not at all and an existing one is never replaced.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from archive.errors import InvalidInput, ObjectExists, ObjectNotFound, Unavailable

__all__ = [
    "LocalObjectStore",
    "fsync_dir",
    "rename_noreplace",
    "start_writeback",
    "write_exclusive",
]

_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_SYNC_FILE_RANGE_WRITE = 2
_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
_sync_file_range = getattr(_libc, "sync_file_range", None)
if _sync_file_range is not None:
    _sync_file_range.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]


def start_writeback(fd: int, offset: int, length: int) -> None:
    """Ask the kernel to start writing ``length`` bytes from ``offset`` of ``fd`` to disk, and
    return at once (``sync_file_range(SYNC_FILE_RANGE_WRITE)``): a later fsync then has less
    to wait for. Only a hint, so a failure or a system without the call is ignored; durability
    still comes from the fsync."""
    if _sync_file_range is not None:
        _sync_file_range(fd, offset, length, _SYNC_FILE_RANGE_WRITE)


def rename_noreplace(src: Path, dst: Path) -> None:
    """Atomically rename ``src`` to ``dst``, failing with FileExistsError if ``dst`` exists."""
    res = _libc.renameat2(
        _AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), _RENAME_NOREPLACE
    )
    if res != 0:
        err = ctypes.get_errno()
        if err in (errno.EEXIST, errno.ENOTEMPTY):
            raise FileExistsError(err, os.strerror(err), str(dst))
        raise OSError(err, os.strerror(err), str(dst))


def fsync_dir(path: Path) -> None:
    """Flush a directory entry to disk."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_exclusive(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data`` (never overwriting), fsync it and make it read-only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o440)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _makedirs_synced(path: Path, stop: Path) -> None:
    """mkdir -p, fsyncing each parent whose entries changed."""
    missing: list[Path] = []
    cur = path
    while not cur.exists() and cur != stop:
        missing.append(cur)
        cur = cur.parent
    for directory in reversed(missing):
        try:
            directory.mkdir()
        except FileExistsError:
            continue
        fsync_dir(directory.parent)


class LocalObjectStore:
    """ObjectStore on a local directory."""

    def __init__(self, root: Path, name: str = "local") -> None:
        self.root = root.resolve()
        self.name = name

    def describe(self) -> str:
        return str(self.root)

    def _path(self, key: str) -> Path:
        parts = key.split("/")
        if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise InvalidInput(f"invalid storage key {key!r}")
        return self.root.joinpath(*parts)

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def open(self, key: str) -> BinaryIO:
        path = self._path(key)
        try:
            return path.open("rb")
        except FileNotFoundError as exc:
            raise ObjectNotFound(self.name, key) from exc
        except OSError as exc:
            raise Unavailable(f"{self.name}: cannot read {key}: {exc}") from exc

    def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError as exc:
            raise ObjectNotFound(self.name, key) from exc

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        base = self._path(prefix) if prefix else self.root
        if not base.exists():
            return
        if base.is_file():
            yield prefix
            return
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            rel = Path(dirpath).relative_to(self.root).as_posix()
            for filename in sorted(filenames):
                yield filename if rel == "." else f"{rel}/{filename}"

    def put_bytes(self, key: str, data: bytes) -> None:
        path = self._path(key)
        _makedirs_synced(path.parent, self.root)
        try:
            write_exclusive(path, data)
        except FileExistsError as exc:
            raise ObjectExists(self.name, key) from exc
        fsync_dir(path.parent)

    def replace_bytes(self, key: str, data: bytes) -> None:
        path = self._path(key)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        write_exclusive(tmp, data)
        os.replace(tmp, path)
        fsync_dir(path.parent)

    def publish_tree(
        self, staged: Path, prefix: str, *, retain_until: datetime | None = None
    ) -> None:
        del retain_until  # no lock on a plain filesystem: write-once files are the guard
        target = self._path(prefix)
        _seal_tree(staged)
        _makedirs_synced(target.parent, self.root)
        try:
            rename_noreplace(staged, target)
        except FileExistsError as exc:
            raise ObjectExists(self.name, prefix) from exc
        fsync_dir(target.parent)

    def restore_file(self, key: str, path: Path) -> None:
        target = self._path(key)
        _makedirs_synced(target.parent, self.root)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.repair")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o440)
        try:
            with os.fdopen(fd, "wb") as dst, path.open("rb") as src:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        fsync_dir(target.parent)

    def erase(self, prefix: str) -> int:
        """Remove the read-only files below ``prefix`` (each made writable first), fsyncing
        each directory, deepest first; then the emptied layout directories above it."""
        top = self._path(prefix)
        if not top.is_dir():
            raise ObjectNotFound(self.name, prefix)
        removed = 0
        for dirpath, _dirnames, filenames in os.walk(top, topdown=False):
            directory = Path(dirpath)
            os.chmod(directory, stat.S_IRWXU)
            for filename in filenames:
                path = directory / filename
                if not path.is_symlink():
                    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
                path.unlink()
                removed += 1
            fsync_dir(directory)
            if directory != top:
                directory.rmdir()
        top.rmdir()
        parent = top.parent
        fsync_dir(parent)
        while parent != self.root and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
            fsync_dir(parent)
        return removed


def _seal_tree(staged: Path) -> None:
    """Make every staged file read-only and flush every directory before publishing."""
    for dirpath, _dirnames, filenames in os.walk(staged, topdown=False):
        for filename in filenames:
            path = Path(dirpath, filename)
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                raise InvalidInput(f"refusing to publish a symlink: {path}")
            os.chmod(path, 0o440)
        fsync_dir(Path(dirpath))
