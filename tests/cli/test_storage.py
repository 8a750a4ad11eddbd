"""``archive replicate``, ``fixity run|report``, ``repair``, ``storage verify`` and
``rebuild`` on a real home with a local replica (in-process CLI)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from archive.bootstrap import open_archive
from archive.config import load_settings
from archive.identifiers import is_record_object
from tests.support.cli import run
from tests.support.sips import write_zip
from tests.unit.holdings.conftest import ORIGINAL, content_key, damage_local


def test_storage_commands_end_to_end(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {
        "ARCHIVE_REPLICA_BACKEND": "local",
        "ARCHIVE_REPLICA_ROOT": str(tmp_path / "replica"),
        "ARCHIVE_REPLICATION": "deferred",
    }
    assert run(home, "init", env=env).exit_code == 0
    for n in (1, 2):
        assert run(home, "ingest", str(write_zip(tmp_path, n)), env=env).exit_code == 0

    info = json.loads(run(home, "info", "--json", env=env).stdout)
    assert info["storage"]["replica"] == {
        "backend": "local",
        "root": str((tmp_path / "replica").resolve()),
        "replication": "deferred",
    }
    behind = run(home, "storage", "verify", "--json", env=env)
    assert behind.exit_code == 1
    stores = {s["store"]: s for s in json.loads(behind.stdout)["stores"]}
    assert stores["local"]["ok"] and len(stores["replica"]["missing"]) == 2

    copied = run(home, "replicate", "--json", env=env)
    assert copied.exit_code == 0, copied.output
    assert json.loads(copied.stdout)["copied"] == 2
    assert run(home, "storage", "verify", env=env).exit_code == 0

    checked = run(home, "fixity", "run", "--json", env=env)
    assert checked.exit_code == 0
    runs = {r["store"]: r for r in json.loads(checked.stdout)["runs"]}
    assert runs["local"]["objects"] == runs["replica"]["objects"] == 3  # and the audit log
    report = run(home, "fixity", "report", "--json", env=env)
    assert report.exit_code == 0
    assert all(s["share"] == 1.0 and s["on_track"] for s in json.loads(report.stdout)["stores"])

    settings = load_settings(home=home, replica_backend="local", replica_root=tmp_path / "replica")
    with open_archive(settings) as archive:
        oid = sorted(o for o in archive.ocfl.iter_object_ids() if not is_record_object(o))[0]
        damage_local(archive.ocfl, content_key(archive.ocfl, oid, ORIGINAL))
    loud = run(home, "--lang", "en", "fixity", "run", "--all", "--store", "local", env=env)
    assert loud.exit_code == 1
    assert "FIXITY FAILURE" in loud.stderr and oid in loud.stderr
    assert f"{ORIGINAL}: digest " in loud.stderr and "… expected " in loud.stderr
    said = run(home, "fixity", "run", "--all", "--store", "local", env=env)  # in Vietnamese
    assert said.exit_code == 1
    assert f"{ORIGINAL}: mã băm " in said.stderr and "… khác giá trị đã ghi " in said.stderr
    assert "digest" not in said.stderr
    fixed = run(home, "--lang", "en", "repair", oid, env=env)
    assert fixed.exit_code == 0, fixed.output
    assert "Restored 1 file(s)" in fixed.stdout and "from store replica" in fixed.stdout
    assert run(home, "fixity", "run", "--all", env=env).exit_code == 0

    assert run(home, "fixity", "run", "--store", "nowhere", env=env).exit_code == 1
    refused = run(home, "rebuild", env=env)
    assert refused.exit_code == 1 and "rebuild" in refused.stderr

    fresh = {**env, "ARCHIVE_DATABASE_URL": f"sqlite:///{tmp_path / 'rebuilt.sqlite3'}"}
    assert run(home, "db", "upgrade", env=fresh).exit_code == 0
    rebuilt = run(home, "rebuild", "--json", env=fresh)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert json.loads(rebuilt.stdout)["dossiers"] == 2
    assert json.loads(rebuilt.stdout)["search"]["documents"] == 4
    listed = run(home, "ls", "--json", env=fresh)
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 2


def test_rebuild_check_compares_without_changing_anything(tmp_path: Path) -> None:
    """``archive rebuild --check``: the drill on a live home; exit 1, naming table, key and
    column, once the live catalog holds what storage does not; nothing written either way."""
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    assert run(home, "ingest", str(write_zip(tmp_path, 1))).exit_code == 0  # sealed at its end
    good = run(home, "rebuild", "--check", "--json")
    assert good.exit_code == 0, good.output
    result = json.loads(good.stdout)
    assert result["ok"] and result["rows"]["dossiers"] == 1 and result["rows"]["events"] > 5
    catalog = home / "catalog.sqlite3"
    with sqlite3.connect(catalog) as db:  # a change the seal never saw
        db.execute("UPDATE dossiers SET title = 'Sửa tay'")
    before = catalog.read_bytes()
    bad = run(home, "--lang", "en", "rebuild", "--check")
    assert bad.exit_code == 1
    assert "differs from the live one (1 difference(s)" in bad.stdout
    assert "dossiers" in bad.stdout and "title: live Sửa tay, rebuilt" in bad.stdout
    assert catalog.read_bytes() == before  # not even sealed
    said = run(home, "rebuild", "--check")  # in Vietnamese
    assert said.exit_code == 1 and "khác danh mục đang dùng" in said.stdout
