"""``archive users add|token|list`` and ``archive serve --help``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.support.cli import run
from tests.support.process import free_port, log_tail

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


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_on_the_given_port(tmp_path: Path, workers: int) -> None:
    """``archive serve`` as an operator runs it: real uvicorn process(es) on 127.0.0.1."""
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "ARCHIVE_HOME": str(home), "PYTHONPATH": str(Path.cwd())}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from cli.main import app; app()",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/search", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, log_tail(log)
                assert time.monotonic() < deadline, log_tail(log)
                time.sleep(0.2)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
        login = httpx.get(f"http://127.0.0.1:{port}/login", timeout=5)
        assert login.status_code == 200 and "Đăng nhập" in login.text
        assert "server" not in login.headers  # no software banner
    finally:
        server.terminate()
        server.wait(10)


def test_tokens_revoke_disable_enable(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    code, out = _stdin_run(
        home, PASSWORD + "\n", "users", "add", "minh", "--role", "officer", "--password-stdin"
    )
    assert code == 0, out
    issued = json.loads(run(home, "users", "token", "minh", "--json").stdout)
    assert issued["expires_days"] == 90
    short = json.loads(run(home, "users", "token", "minh", "--expires", "7", "--json").stdout)
    assert short["expires_days"] == 7
    assert run(home, "users", "token", "minh", "--expires", "0").exit_code == 2
    listed = run(home, "users", "tokens", "minh", "--json")
    assert listed.exit_code == 0
    rows = json.loads(listed.stdout)
    assert [r["revoked"] for r in rows] == [False, False]
    assert issued["token"] not in listed.stdout and short["token"] not in listed.stdout
    assert set(rows[0]) == {
        "id",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked",
        "revoked_at",
    }
    assert run(home, "users", "revoke", str(rows[1]["id"])).exit_code == 0
    assert run(home, "users", "revoke", str(rows[1]["id"])).exit_code == 1  # already revoked
    assert run(home, "users", "revoke", "999").exit_code == 1
    table = run(home, "users", "tokens", "minh")
    assert table.exit_code == 0 and issued["token"] not in table.stdout
    assert run(home, "users", "disable", "minh").exit_code == 0
    assert run(home, "users", "disable", "minh").exit_code == 1  # already disabled
    assert json.loads(run(home, "users", "list", "--json").stdout)[0]["active"] is False
    assert run(home, "users", "enable", "minh").exit_code == 0
    assert json.loads(run(home, "users", "list", "--json").stdout)[0]["active"] is True
    assert run(home, "users", "disable", "nobody").exit_code == 1


def test_weak_password_is_refused_with_the_reason(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    for weak in (" " * 12, "password1234"):
        code, out = _stdin_run(
            home, weak + "\n", "users", "add", "lan", "--role", "archivist", "--password-stdin"
        )
        assert code == 1 and "quá dễ đoán" in out, out
