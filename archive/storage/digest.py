"""Streaming digests: SHA-256 (the law's algorithm) and SHA-512 (OCFL's) in one pass.

On a file larger than one chunk each digest runs on a thread of its own over the same chunk,
while this thread writes it and reads the next one: hashlib releases the GIL while it hashes a
large buffer, so with two cores a chunk takes the time of its SHA-512 (the slower digest, see
docs/decisions/0020-ocfl-digest.md) instead of the sum of everything done to it. Chunks are
large (4 MiB) so that the hand-over between threads costs nothing beside the hashing.

A copy that ends with an fsync can ask for the writeback of what it wrote to start while it
goes on (``sync_fd``): the disk writes then overlap the hashing, and the final fsync only waits
for the last few chunks. It is a hint to the kernel; the fsync still makes the file durable.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from archive.storage.local import start_writeback

__all__ = ["CHUNK", "WRITEBACK", "Digests", "copy_with_digests", "file_digests", "file_sha256"]

CHUNK = 4 * 1024 * 1024
WRITEBACK = 32 * 1024 * 1024  # bytes written between two writeback hints


@dataclass(frozen=True)
class Digests:
    """Size and digests of one byte stream."""

    size: int
    sha256: str
    sha512: str


def copy_with_digests(
    src: IO[bytes], dst: IO[bytes] | None, *, limit: int | None = None, sync_fd: int | None = None
) -> Digests:
    """Copy ``src`` to ``dst`` (if given) in chunks, hashing as it goes.

    Raises ``OverflowError`` as soon as more than ``limit`` bytes have been read, so a lying
    zip header or an endless stream cannot fill the disk. ``sync_fd``: the file descriptor of
    ``dst``, whose writeback is started every ``WRITEBACK`` bytes (the caller fsyncs at the end).
    """
    h256 = hashlib.sha256()
    h512 = hashlib.sha512()
    first = src.read(CHUNK)
    if len(first) < CHUNK:  # the whole stream in one chunk: no thread for so little
        _bound(len(first), limit)
        if dst is not None:
            dst.write(first)
        h256.update(first)
        h512.update(first)
        return Digests(len(first), h256.hexdigest(), h512.hexdigest())
    size = flushed = 0
    with ThreadPoolExecutor(2, thread_name_prefix="digest") as hashers:
        chunk = first
        while chunk:
            size = _bound(size + len(chunk), limit)  # first: nothing past the bound written
            pending = [hashers.submit(h512.update, chunk), hashers.submit(h256.update, chunk)]
            try:
                if dst is not None:
                    dst.write(chunk)
                if sync_fd is not None and size - flushed >= WRITEBACK:
                    start_writeback(sync_fd, flushed, size - flushed)
                    flushed = size
                following = src.read(CHUNK)  # a new buffer: the threads still read ``chunk``
            finally:
                _wait(pending)
            chunk = following
    return Digests(size, h256.hexdigest(), h512.hexdigest())


def _wait(pending: list[Future[None]]) -> None:
    for future in pending:
        future.result()


def _bound(size: int, limit: int | None) -> int:
    """``size``, if within ``limit``."""
    if limit is not None and size > limit:
        raise OverflowError(size)
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
