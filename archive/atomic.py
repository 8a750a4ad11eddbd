"""Files that appear whole or not at all.

Everything the archive writes for people outside the store (exports, bundles, copies of
originals, keys of the demo PKI) goes to a temporary name in the same folder, is flushed to
disk, and is then renamed over the target: a crash leaves the old file or nothing, never half a
file. The store's own files are written once by ``archive.storage`` and never renamed over.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_open", "atomic_write"]


@contextmanager
def atomic_open(out: Path, *, mode: int = 0o666) -> Iterator[BinaryIO]:
    """A new binary file that replaces ``out`` when the block ends without an error.

    The temporary file (``.<name>.<pid>.part`` beside ``out``) is created exclusively with
    ``mode`` (less the umask), synced before the rename, and removed if anything fails.
    """
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    tmp.unlink(missing_ok=True)  # left by a crashed process that had this pid
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write(out: Path, data: bytes, *, mode: int = 0o666) -> None:
    """Write ``data`` to ``out`` whole or not at all (see ``atomic_open``)."""
    with atomic_open(out, mode=mode) as handle:
        handle.write(data)
