"""Which archive ``archive`` opens when no home is named: the one this folder was set up with.

Run from a sub-folder of where ``archive init`` ran, ``archive`` finds ``archive-data`` in a
parent folder instead of opening a new, empty archive; with none anywhere it says how to name
one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cli.main import app


@pytest.fixture(autouse=True)
def _no_home_in_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key in [k for k in os.environ if k.startswith("ARCHIVE_")]:
        monkeypatch.delenv(key)
    yield
    os.environ.pop("ARCHIVE_HOME", None)  # the CLI's callback writes it


def archive(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"ARCHIVE_LANG": "vi"}, catch_exceptions=False)


def test_a_sub_folder_opens_the_archive_initialised_above(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert archive("init").exit_code == 0
    deeper = tmp_path / "ho-so" / "2026"
    deeper.mkdir(parents=True)
    monkeypatch.chdir(deeper)
    result = archive("info", "--json")
    assert result.exit_code == 0, result.stderr
    assert Path(json.loads(result.stdout)["home"]).resolve() == (tmp_path / "archive-data")
    assert not (deeper / "archive-data").exists()


def test_an_explicit_home_wins_over_the_lookup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert archive("init").exit_code == 0
    other = tmp_path / "khac"
    assert archive("--home", str(other), "init").exit_code == 0
    result = archive("--home", str(other), "info", "--json")
    assert Path(json.loads(result.stdout)["home"]).resolve() == other.resolve()


def test_no_archive_anywhere_says_how_to_name_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = archive("ls")
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "archive init" in message
    assert "--home" in message
    assert "ARCHIVE_HOME" in message
    assert not (tmp_path / "archive-data").exists()  # nothing was created by looking
