"""Streaming digests: SHA-256 (the law's algorithm) and SHA-512 (OCFL's) in one pass."""

from __future__ import annotations

import hashlib
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
    size = 0
    while chunk := src.read(CHUNK):
        size += len(chunk)
        if limit is not None and size > limit:
            raise OverflowError(size)
        h256.update(chunk)
        h512.update(chunk)
        if dst is not None:
            dst.write(chunk)
    return Digests(size, h256.hexdigest(), h512.hexdigest())


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
