"""``archive users add|token|list`` and ``archive serve --help``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from tests.support.cli import run

PASSWORD = "mot-mat-khau-dai-2026"


def _stdin_run(home: Path, stdin: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["--home", str(home), *args],
        input=stdin,
        env={"ARCHIVE_LANG": "vi", "ARCHIVE_HOME": str(home)},
    )
    return result.exit_code, result.output


def test_users_add_token_list(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    code, out = _stdin_run(
        home, PASSWORD + "\n", "users", "add", "minh", "--role", "officer", "--password-stdin"
    )
    assert code == 0, out
    assert "minh" in out
    code, out = _stdin_run(
        home, PASSWORD + "\n", "users", "add", "minh", "--role", "admin", "--password-stdin"
    )
    assert code == 1 and "minh" in out
    code, out = _stdin_run(
        home, "short\n", "users", "add", "lan", "--role", "archivist", "--password-stdin"
    )
    assert code == 1 and "12" in out
    code, out = _stdin_run(
        home, PASSWORD + "\n", "users", "add", "x", "--role", "root", "--password-stdin"
    )
    assert code == 2
    token = run(home, "users", "token", "minh", "--json")
    assert token.exit_code == 0
    value = json.loads(token.stdout)["token"]
    assert value.startswith("arc_") and len(value) > 40
    assert value not in (home / "catalog.sqlite3").read_bytes().decode("latin-1")
    assert run(home, "users", "token", "nobody").exit_code == 1
    listed = json.loads(run(home, "users", "list", "--json").stdout)
    assert [(u["name"], u["role"]) for u in listed] == [("minh", "officer")]


def test_password_prompt_must_match(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    code, out = _stdin_run(
        home, f"{PASSWORD}\n{PASSWORD}x\n", "users", "add", "lan", "--role", "archivist"
    )
    assert code == 1 and "không khớp" in out
    code, _ = _stdin_run(
        home, f"{PASSWORD}\n{PASSWORD}\n", "users", "add", "lan", "--role", "archivist"
    )
    assert code == 0


def test_serve_help(tmp_path: Path) -> None:
    result = run(tmp_path, "serve", "--help")
    assert result.exit_code == 0 and "--host" in result.stdout and "--port" in result.stdout
