"""Deliver stored bytes to a place a user names: a new file, a device or pipe, or a stream.

Delivery never harms what is already there: a device such as ``/dev/null`` or a named pipe is
written in place (replacing it with a regular file would break the machine for everyone), an
existing regular file is replaced only when asked, and a new file appears whole or not at all.
The digest is checked as the bytes pass.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import IO

from archive.atomic import atomic_open
from archive.errors import ChecksumMismatch, InvalidInput
from archive.storage.digest import copy_with_digests

__all__ = ["deliver"]


def deliver(src: IO[bytes], out: Path | IO[bytes], sha256: str, key: str, *, force: bool) -> int:
    """Copy ``src`` to ``out`` checking SHA-256 ``sha256``; returns the size.

    Raises ``InvalidInput`` for a destination that cannot or may not be written, and
    ``ChecksumMismatch`` when the bytes read differ from ``sha256`` (a new file is then not
    left behind; a stream or device has received them, and the caller reports the failure).
    """
    if not isinstance(out, Path):
        return _checked(src, out, sha256, key)
    try:
        mode = out.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _cannot_write(out, str(exc)) from exc
    if mode is not None and stat.S_ISDIR(mode):
        raise _cannot_write(out, "đây là thư mục / it is a folder", "give a file path")
    if mode is not None and not stat.S_ISREG(mode):
        return _into_special(src, out, sha256, key)
    if mode is not None and not force:
        raise InvalidInput(
            f"{out} đã có: thêm --force để ghi đè / {out} already exists: "
            "add --force to replace it, or choose another name"
        )
    return _into_new_file(src, out, sha256, key)


def _checked(src: IO[bytes], dst: IO[bytes], sha256: str, key: str) -> int:
    digests = copy_with_digests(src, dst)
    dst.flush()
    if digests.sha256 != sha256:
        raise ChecksumMismatch(key, "SHA-256", sha256, digests.sha256)
    return digests.size


def _into_special(src: IO[bytes], out: Path, sha256: str, key: str) -> int:
    """A device, FIFO or socket: open it for writing as it is (no truncation, no rename)."""
    try:
        with out.open("wb", buffering=0) as dst:
            return _checked(src, dst, sha256, key)
    except OSError as exc:
        raise _cannot_write(out, str(exc)) from exc


def _into_new_file(src: IO[bytes], out: Path, sha256: str, key: str) -> int:
    if not out.parent.is_dir():
        raise _cannot_write(out, "chưa có thư mục chứa / its folder does not exist")
    try:
        with atomic_open(out) as dst:
            return _checked(src, dst, sha256, key)
    except OSError as exc:
        raise _cannot_write(out, str(exc)) from exc


def _cannot_write(
    out: Path, why: str, fix: str = "choose a file path you can write"
) -> InvalidInput:
    return InvalidInput(f"không ghi được {out} ({why}) / cannot write {out} ({why}): {fix}")
