"""Streaming digests: the same SHA-256 and SHA-512 as hashlib, one chunk or many (each digest
then runs on a thread of its own), with the copy byte for byte and the size bound enforced."""

from __future__ import annotations

import hashlib
import io
import random
from pathlib import Path

import pytest

from archive.storage.digest import (
    CHUNK,
    WRITEBACK,
    Digests,
    copy_with_digests,
    file_digests,
    file_sha256,
)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7])
def test_digests_and_copy_match_hashlib(size: int) -> None:
    data = random.Random(size).randbytes(size)
    out = io.BytesIO()
    digests = copy_with_digests(io.BytesIO(data), out)
    assert digests.size == size
    assert digests.sha256 == hashlib.sha256(data).hexdigest()
    assert digests.sha512 == hashlib.sha512(data).hexdigest()
    assert out.getvalue() == data


@pytest.mark.parametrize("size", [10, 2 * CHUNK + 5])
def test_a_stream_beyond_the_limit_stops_at_the_first_chunk_past_it(size: int) -> None:
    limit = size - 1
    out = io.BytesIO()
    with pytest.raises(OverflowError):
        copy_with_digests(io.BytesIO(bytes(size)), out, limit=limit)
    assert len(out.getvalue()) <= max(limit, 0)  # nothing beyond the bound was written
    assert copy_with_digests(io.BytesIO(bytes(size)), None, limit=size).size == size


def test_file_helpers_agree(tmp_path: Path) -> None:
    data = random.Random(7).randbytes(2 * CHUNK + 3)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    both = file_digests(path)
    assert (both.size, both.sha256) == file_sha256(path)
    assert both.sha512 == hashlib.sha512(data).hexdigest()


def test_a_synced_copy_is_the_same_file(tmp_path: Path) -> None:
    """With the writeback started along the way (``sync_fd``), the copy is still byte for byte
    and its digests those of hashlib: the hint changes when the disk writes, not what."""
    size = WRITEBACK + 2 * CHUNK + 11
    data = random.Random(11).randbytes(size)
    target = tmp_path / "copy.bin"
    with target.open("xb") as out:
        digests = copy_with_digests(io.BytesIO(data), out, sync_fd=out.fileno())
    assert digests == Digests(
        size, hashlib.sha256(data).hexdigest(), hashlib.sha512(data).hexdigest()
    )
    assert target.read_bytes() == data
