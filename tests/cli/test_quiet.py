"""A healthy archive says nothing on stderr: no dependency warning reaches the terminal.

The real ``archive`` entry point runs as a subprocess with every warning switched on
(``PYTHONWARNINGS=default``), as a records officer's terminal would show them.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ARCHIVE = Path(sys.executable).with_name("archive")


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_", "PYTHON"))}
    return {**env, "ARCHIVE_HOME": str(home), "PYTHONWARNINGS": "default"}


def archive(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ARCHIVE), *args],
        env=environment(home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("quiet") / "home"
    result = archive(home, "init")
    assert result.returncode == 0, result.stderr
    return home


@pytest.mark.parametrize("args", [["--help"], ["ls"], ["info"], ["search", "--help"]])
def test_commands_leave_stderr_empty(home: Path, args: list[str]) -> None:
    result = archive(home, *args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_a_dependency_warning_goes_to_the_log_not_the_terminal(home: Path) -> None:
    script = (
        "import cli, warnings, logging, sys\n"
        "logging.basicConfig(stream=sys.stdout, level=logging.DEBUG,"
        " format='%(name)s %(message)s')\n"
        "import email.utils\n"  # any module outside the archive stands in for a dependency
        "warnings.warn_explicit('old API', DeprecationWarning, email.utils.__file__, 1)\n"
        "warnings.warn_explicit('own warning', UserWarning, cli.__file__, 1)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment(home),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "archive.dependencies" in result.stdout
    assert "old API" in result.stdout
    assert "old API" not in result.stderr
    assert "own warning" in result.stderr  # the archive's own warnings still show


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_serve_starts_and_stops_with_stderr_empty(home: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [str(ARCHIVE), "serve", "--port", str(port)],
        env=environment(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.communicate()
                assert time.monotonic() < deadline, "archive serve did not answer"
                time.sleep(0.2)
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert err == ""
    assert "Uvicorn running" in out  # the server's news goes to stdout


def test_serve_refuses_to_start_with_a_missing_trust_root(home: Path, tmp_path: Path) -> None:
    missing = tmp_path / "root.pem"
    result = subprocess.run(
        [str(ARCHIVE), "serve", "--port", str(free_port())],
        env={**environment(home), "ARCHIVE_TRUST_ROOTS": f'["{missing}"]'},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert str(missing) in message
    assert "trust_roots" in message
    assert "Uvicorn running" not in result.stdout  # refused before listening
