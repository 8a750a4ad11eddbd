"""Small helpers shared by the services the suite starts (PostgreSQL, SeaweedFS)."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def log_tail(path: Path, lines: int = 40) -> str:
    """The last lines of a server log, for error messages."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:]) or "(server log is empty)"


def start_required(what: str, start: Callable[[], T], missing: type[Exception]) -> T:
    """Start a service the suite needs; when its binaries are ``missing``, fail the tests that
    use it with the reason (never skip: the service is a required part of the suite)."""
    reason = ""
    try:
        return start()
    except missing as exc:
        reason = str(exc)
    pytest.fail(f"{what} is required by the test suite: {reason}", pytrace=False)
