"""``archive backup run|ls|check`` on the command line: what each says, in both languages, the
exit codes, and the quarterly report on the target."""

from __future__ import annotations

import json
from pathlib import Path

from archive.bootstrap import open_archive
from archive.config import load_settings
from tests.support.cli import run, run_json
from tests.support.retention import ingest_dossier


def test_run_ls_check(tmp_path: Path) -> None:
    home, backups = tmp_path / "home", tmp_path / "backups"
    env = {"ARCHIVE_BACKUP_BACKEND": "local", "ARCHIVE_BACKUP_ROOT": str(backups)}
    with open_archive(load_settings(home=home), create=True) as archive:
        ingest_dossier(archive, tmp_path, 1)
    both = run(home, "backup", "run", "--full", "--incremental", env=env)
    assert both.exit_code == 1 and "không cả hai" in both.stderr
    assert "Traceback" not in both.output
    first = run(home, "backup", "run", env=env)
    assert first.exit_code == 0, first.output
    assert "Đã sao lưu toàn bộ" in first.stdout and "khớp mã băm" in first.stdout
    english = run(home, "backup", "run", env={**env, "ARCHIVE_LANG": "en"})
    assert "Backed up (incremental)" in english.stdout
    code, listed = run_json(home, "backup", "ls", env=env)
    assert code == 0
    assert [s["kind"] for s in listed["sets"]] == ["full", "incremental"]
    assert listed["sets"][1]["base"] == listed["sets"][0]["name"]
    check = run(home, "backup", "check", env=env)
    assert check.exit_code == 0, check.output
    assert "Kiểm tra hệ thống sao lưu đạt" in check.stdout
    (report,) = (backups / "checks").iterdir()
    assert report.name.endswith("-ok.json")
    written = json.loads(report.read_text(encoding="utf-8"))
    assert written["drill"]["ok"] and len(written["sets"]) == 2 and written["late"] == []
    # A damaged set fails the next check, and says which.
    damaged = backups / listed["sets"][0]["name"] / "index.json.gz"
    damaged.write_bytes(b"not gzip")
    failed = run(home, "backup", "check", env=env)
    assert failed.exit_code == 1
    assert "KHÔNG ĐẠT" in failed.stdout and listed["sets"][0]["name"] in failed.stdout


def test_production_without_the_copies_does_not_start(tmp_path: Path) -> None:
    production = {"ARCHIVE_ENVIRONMENT": "production", "ARCHIVE_AGENCY_CODE": "000.00.00.H49"}
    result = run(tmp_path / "home", "init", env=production)
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert said.index("bản sao thứ hai") < said.index("second copy")
    assert "ARCHIVE_REPLICA_BACKEND" in said and "ARCHIVE_BACKUP_BACKEND" in said
    assert "Traceback" not in result.output and not (tmp_path / "home").exists()
