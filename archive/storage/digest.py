"""Streaming digests: SHA-256 (the law's algorithm) and SHA-512 (OCFL's) in one pass.

On a file larger than one chunk the SHA-512 runs on a second thread, beside the SHA-256, the
write and the read of the next chunk: hashlib releases the GIL while it hashes a chunk, so on a
machine with two cores a chunk takes the time of its SHA-512 (the slower digest) instead of the
sum of everything done to it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

__all__ = ["CHUNK", "Digests", "copy_with_digests", "file_digests", "file_sha256"]

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Digests:
    """Size and digests of one byte stream."""

    size: int
    sha256: str
    sha512: str


def copy_with_digests(
    src: IO[bytes], dst: IO[bytes] | None, *, limit: int | None = None
) -> Digests:
    """Copy ``src`` to ``dst`` (if given) in chunks, hashing as it goes.

    Raises ``OverflowError`` as soon as more than ``limit`` bytes have been read, so a lying
    zip header or an endless stream cannot fill the disk.
    """
    h256 = hashlib.sha256()
    h512 = hashlib.sha512()
    first = src.read(CHUNK)
    if len(first) < CHUNK:  # the whole stream in one chunk: no thread for so little
        _take(first, 0, limit, dst, h256.update)
        h512.update(first)
        return Digests(len(first), h256.hexdigest(), h512.hexdigest())
    size = 0
    with ThreadPoolExecutor(1, thread_name_prefix="sha512") as other:
        chunk = first
        while chunk:
            pending = other.submit(h512.update, chunk)
            try:
                size = _take(chunk, size, limit, dst, h256.update)
                following = src.read(CHUNK)  # a new buffer: the thread still reads ``chunk``
            finally:
                pending.result()
            chunk = following
    return Digests(size, h256.hexdigest(), h512.hexdigest())


def _take(
    chunk: bytes,
    size: int,
    limit: int | None,
    dst: IO[bytes] | None,
    update: Callable[[bytes], None],
) -> int:
    """Count, bound-check, hash (SHA-256) and write one chunk; the new size."""
    size += len(chunk)
    if limit is not None and size > limit:
        raise OverflowError(size)
    update(chunk)
    if dst is not None:
        dst.write(chunk)
    return size


def file_digests(path: Path) -> Digests:
    """Digests of a file, read in chunks."""
    with path.open("rb") as fh:
        return copy_with_digests(fh, None)


def file_sha256(path: Path) -> tuple[int, str]:
    """Size and SHA-256 of a file, read in chunks (half the work of ``file_digests``)."""
    h256 = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            size += len(chunk)
            h256.update(chunk)
    return size, h256.hexdigest()
