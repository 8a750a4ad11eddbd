"""``archive get``: the original's bytes go where the user says, and nothing else is harmed.

A device or a pipe is written in place (``-o /dev/null`` as root once replaced the device with
a regular file), ``-o -`` pipes the bytes to standard output, and an existing file is replaced
only with ``--force``.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from tests.support.cli import run
from tests.support.sips import file_code, write_zip

CODE = f"{file_code(1)}.0000001"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in os.environ if k.startswith("ARCHIVE_")]:
            mp.delenv(key)
        base = tmp_path_factory.mktemp("get")
        home = base / "home"
        assert run(home, "init").exit_code == 0
        assert run(home, "ingest", str(write_zip(base, 1))).exit_code == 0
        yield home


@pytest.fixture(scope="module")
def original(home: Path) -> bytes:
    (sip,) = home.parent.glob("*.zip")
    with zipfile.ZipFile(sip) as zf:
        (name,) = [m for m in zf.namelist() if m.endswith(f"/data/{file_code(1)}.1.pdf")]
        return zf.read(name)


def get(home: Path, *args: str) -> Result:
    return run(home, "get", CODE, *args)


def dissemination_count(home: Path) -> int:
    result = run(home, "show", CODE, "--json")
    return [e["type"] for e in json.loads(result.stdout)["events"]].count("dissemination")


def test_dash_writes_exactly_the_original_to_standard_output(home: Path, original: bytes) -> None:
    before = dissemination_count(home)
    result = get(home, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == original
    assert hashlib.sha256(result.stdout_bytes).hexdigest() == hashlib.sha256(original).hexdigest()
    assert dissemination_count(home) == before + 1


def test_dev_null_stays_a_character_device(home: Path) -> None:
    result = get(home, "-o", os.devnull)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


def test_a_named_pipe_is_written_in_place(home: Path, original: bytes, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = get(home, "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert received == [original]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_an_existing_file_is_kept_without_force(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "qd.pdf"
    out.write_bytes(b"my own notes")
    before = dissemination_count(home)
    result = get(home, "-o", str(out))
    assert result.exit_code == 1
    assert "--force" in result.stderr
    assert out.read_bytes() == b"my own notes"
    assert dissemination_count(home) == before  # nothing was delivered, nothing logged


def test_force_replaces_an_existing_file(home: Path, original: bytes, tmp_path: Path) -> None:
    out = tmp_path / "qd.pdf"
    out.write_bytes(b"old")
    result = get(home, "-o", str(out), "--force")
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["qd.pdf"]  # no partial file left


def test_a_folder_is_refused_and_left_alone(home: Path, tmp_path: Path) -> None:
    result = get(home, "-o", str(tmp_path), "--force")
    assert result.exit_code == 1
    assert "thư mục" in result.stderr
    assert "folder" in result.stderr
    assert list(tmp_path.iterdir()) == []
