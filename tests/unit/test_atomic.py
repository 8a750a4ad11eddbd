"""archive.atomic: a file appears whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from archive.atomic import atomic_open, atomic_write


def test_write_replaces_the_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "list.csv"
    out.write_bytes(b"old")
    atomic_write(out, b"new contents")
    assert out.read_bytes() == b"new contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.csv"]


def test_a_failure_leaves_the_old_file_and_no_scratch(tmp_path: Path) -> None:
    out = tmp_path / "bundle.zip"
    out.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_open(out) as handle:
        handle.write(b"half of it")
        raise RuntimeError("disk gone")
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.zip"]


def test_a_failure_before_any_file_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "new.pdf"
    with pytest.raises(RuntimeError), atomic_open(out):
        raise RuntimeError("refused")
    assert list(tmp_path.iterdir()) == []


def test_mode_is_applied_and_a_stale_scratch_file_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "key.pem"
    (tmp_path / f".key.pem.{os.getpid()}.part").write_bytes(b"left by a crash")
    atomic_write(out, b"-----BEGIN-----", mode=0o600)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.pem"]
