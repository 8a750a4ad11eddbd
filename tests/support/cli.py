"""Run the ``archive`` CLI in-process or as its own process, and snapshot an archive home."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from cli.main import app


def run(home: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """``archive --home HOME ARGS`` with the given extra environment."""
    runner = CliRunner()
    saved = {k: os.environ.get(k) for k in ("ARCHIVE_HOME", "ARCHIVE_LANG")}
    umask = os.umask(0o022)
    os.umask(umask)
    try:
        return runner.invoke(
            app,
            ["--home", str(home), *args],
            env={"ARCHIVE_LANG": "vi", **(env or {})},
            catch_exceptions=False,
        )
    finally:
        # The CLI's callback sets the umask and writes os.environ; leak neither into other tests.
        os.umask(umask)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def archive_process(
    home: Path, url: str, *args: str, fault: str = "", env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """``archive ARGS`` as its own process on ``home`` with the catalog at ``url`` (a crash
    point in ``fault``, see archive/faults.py), its output piped."""
    environment = {
        **os.environ,
        "ARCHIVE_HOME": str(home),
        "ARCHIVE_DATABASE_URL": url,
        "ARCHIVE_FAULT": fault,
        **(env or {}),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", *args],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def run_json(home: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, Any]:
    """Run with --json and decode stdout."""
    result = run(home, *args, "--json", env=env)
    return result.exit_code, json.loads(result.stdout)


def snapshot(home: Path) -> dict[str, str]:
    """SHA-256 of every file of the catalog and the store.

    Left out: the scratch staging area, and SQLite's ``-shm`` file, a shared-memory index of the
    WAL that SQLite rebuilds on every open (it holds no catalog data).
    """
    out: dict[str, str] = {}
    for path in sorted(home.rglob("*")):
        rel = path.relative_to(home).as_posix()
        if (
            path.is_file()
            and not rel.startswith(("staging/", "demo-pki/"))
            and not rel.endswith("-shm")
        ):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out
