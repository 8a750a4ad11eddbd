"""Private by default (issue 13 item 7): after ``archive init`` and an ingest the home is 0750,
the catalog and archive.toml 0600, stored files 0440 and nothing has "other" bits; ``archive
info`` warns about anything wider, naming the path and the chmod that fixes it."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.support import sips
from tests.support.cli import run


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)  # as an operator's mkdir under umask 022 leaves it
    (home / "archive.toml").write_text('agency_name = "Lưu trữ thử"\n', encoding="utf-8")
    (home / "archive.toml").chmod(0o644)
    os.umask(old := os.umask(0o022))  # the suite's own umask, whatever it is, stays as it was
    assert run(home, "init").exit_code == 0
    assert os.umask(old) == old  # the CLI's umask 027 did not leak out of the command
    result = run(home, "ingest", str(sips.write_zip(tmp_path, 41)))
    assert result.exit_code == 0, result.stdout
    return home


def test_modes_after_init_and_ingest(home: Path) -> None:
    assert _mode(home) == 0o750
    assert _mode(home / "archive.toml") == 0o600
    catalog = list(home.glob("catalog.sqlite3*"))
    assert catalog and all(_mode(p) == 0o600 for p in catalog), [oct(_mode(p)) for p in catalog]
    stored = [p for p in (home / "store").rglob("*") if p.is_file()]
    originals = [p for p in stored if "/v1/content/representations/rep1/data/" in p.as_posix()]
    assert len(originals) == 2
    for path in home.rglob("*"):
        assert _mode(path) & 0o027 == 0, f"{path}: {oct(_mode(path))}"  # no other, no g+w
    assert all(_mode(p) == 0o440 for p in stored)
    code, info = _info(home)
    assert code == 0 and info["permissions"] == {"ok": True, "warnings": []}


def _info(home: Path) -> tuple[int, dict[str, object]]:
    result = run(home, "info", "--json")
    return result.exit_code, json.loads(result.stdout)


def test_info_warns_about_wider_modes(home: Path) -> None:
    original = next((home / "store").rglob("rep1/data/*.pdf"))
    wide = {home: 0o755, home / "catalog.sqlite3": 0o644, home / "archive.toml": 0o644}
    for path, mode in wide.items():
        path.chmod(mode)
    original.chmod(0o444)
    code, info = _info(home)
    assert code == 0
    permissions = info["permissions"]
    assert isinstance(permissions, dict) and permissions["ok"] is False
    by_path = {w["path"]: w for w in permissions["warnings"]}
    real = home.resolve()
    assert by_path[str(real)]["fix"] == f"chmod 750 {real}"
    assert by_path[str(real / "catalog.sqlite3")]["fix"] == f"chmod 600 {real / 'catalog.sqlite3'}"
    assert by_path[str(real / "archive.toml")]["mode"] == "0644"
    store = next(w for w in permissions["warnings"] if "/store" in w["path"])
    assert store["path"] == str(original) and store["fix"] == f"chmod -R g-w,o-rwx {home / 'store'}"
    assert "rộng hơn" in store["message_vi"] and "wider than 0440" in store["message_en"]

    human = run(home, "--lang", "en", "info")
    assert f"chmod 750 {real}" in human.stderr and "wider than" in human.stderr
    for path, fix in ((home, "750"), (home / "catalog.sqlite3", "600")):
        path.chmod(int(fix, 8))
    (home / "archive.toml").chmod(0o600)
    original.chmod(0o440)
    assert _info(home)[1]["permissions"] == {"ok": True, "warnings": []}
