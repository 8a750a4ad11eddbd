"""``archive backup``: full and incremental sets written and read back, the restore drill end
to end (the scratch home passes ``archive audit verify`` and ``archive storage verify``), a
damaged set found, on SQLite and PostgreSQL, to a local directory and to S3 (SeaweedFS)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.audit.models import Event
from archive.backup.drill import restore_drill
from archive.backup.run import run_backup
from archive.backup.sets import read_part, read_sets
from archive.backup.target import S3Target, open_target
from archive.backup.verify import verify_set
from archive.bootstrap import Archive, open_archive
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.errors import ConfigurationError
from tests.support.cli import run, run_json
from tests.support.retention import ingest_dossier
from tests.support.seaweed import SeaweedServer
from tests.unit.backup.conftest import AGENTS


def _rows(target_root: Path, name: str, part: str) -> list[dict[str, object]]:
    return list(read_part((target_root / name / part).read_bytes()))


def test_full_then_incremental_then_the_drill_restores_both(
    archive: tuple[Archive, list[str]], tmp_path: Path
) -> None:
    opened, codes = archive
    full = run_backup(opened, AGENTS)
    assert full.kind == "full" and full.check.ok and full.check.files > 5
    assert full.rows["dossiers"] == 2 and full.objects >= 2
    ingest_dossier(opened, tmp_path, 3, end_year=2011)
    incremental = run_backup(opened, AGENTS)
    assert incremental.kind == "incremental" and incremental.base == full.name
    root = tmp_path / "backups"
    # Only what changed: the third dossier (and the events since), nothing of the first two.
    dossiers = _rows(root, incremental.name, "catalog/dossiers.jsonl.gz")
    assert [d["r"]["arc_file_code"] for d in dossiers] == [  # type: ignore[index]
        c for c in [*codes, ingest_code(opened, 3)] if c not in codes
    ]
    assert incremental.rows["dossiers"] == 1
    home = tmp_path / "drill"
    report = restore_drill(opened, AGENTS, into=home)
    assert report.ok, report.as_dict()
    assert report.restore.sets == [full.name, incremental.name]
    assert report.restore.rows["dossiers"] == 3
    # The acceptance of issue #20: the scratch home passes both verifications on its own.
    audit = run(home, "audit", "verify")
    assert audit.exit_code == 0, audit.output
    code, stores = run_json(home, "storage", "verify")
    assert code == 0 and all(s["ok"] for s in stores["stores"]), stores
    with unit_of_work(opened.sessions) as session:
        kinds = list(
            session.scalars(select(Event.event_type).where(Event.event_type.like("backup%")))
        )
    assert kinds == ["backup", "backup", "backup drill"]
    # As private as the catalog: the owner alone reads a set.
    modes = {p.stat().st_mode & 0o777 for p in (root / full.name).rglob("*")}
    assert modes == {0o700, 0o600}
    set_json = json.loads((root / full.name / "set.json").read_bytes())
    assert (
        set_json["catalog"]["dialect"]
        == opened.settings.resolved_database_url.split(":")[0].split("+")[0]
    )


def ingest_code(opened: Archive, n: int) -> str:
    """The arcFileCode of dossier ``n`` as the catalog has it."""
    from archive.catalog.models import Dossier

    with unit_of_work(opened.sessions) as session:
        codes = sorted(session.scalars(select(Dossier.arc_file_code)))
    return codes[n - 1]


def test_a_damaged_set_is_found_and_fails_the_drill(
    archive: tuple[Archive, list[str]], tmp_path: Path
) -> None:
    opened, _ = archive
    full = run_backup(opened, AGENTS, kind="full")
    part = tmp_path / "backups" / full.name / "catalog" / "files.jsonl.gz"
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0x01
    part.chmod(0o644)
    part.write_bytes(bytes(data))
    check = verify_set(open_target(opened.settings), full.name)
    assert not check.ok
    assert check.problems[0].startswith("catalog/files.jsonl.gz:"), check.problems
    env = _env(tmp_path)
    result = run(opened.settings.home, "backup", "verify", full.name, env=env)
    assert result.exit_code == 1 and "HỎNG" in result.stdout
    drill = run(opened.settings.home, "backup", "restore-drill", env=env)
    assert drill.exit_code == 1, drill.output
    # A damaged set.json is found too (its sidecar).
    (tmp_path / "backups" / full.name / "set.json").write_text("{}")
    assert "set.json" in verify_set(open_target(opened.settings), full.name).problems[0]


def _env(tmp_path: Path) -> dict[str, str]:
    return {"ARCHIVE_BACKUP_BACKEND": "local", "ARCHIVE_BACKUP_ROOT": str(tmp_path / "backups")}


def test_sets_leave_secrets_out_and_name_what_they_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("ARCHIVE_HOME", str(home))  # where archive.toml is read from
    secret = "k" * 40
    (home / "archive.toml").write_text(
        f'web_session_secret = "{secret}"\nagency_name = "Lưu trữ tỉnh"\n', encoding="utf-8"
    )
    settings = load_settings(home=home, backup_backend="local", backup_root=tmp_path / "backups")
    with open_archive(settings, create=True) as opened:
        report = run_backup(opened, AGENTS)
    assert report.left_out == ["web_session_secret"]
    folder = tmp_path / "backups" / report.name
    everything = b"".join(
        gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
    )
    assert secret.encode() not in everything
    toml = (folder / "config" / "archive.toml").read_text(encoding="utf-8")
    assert "left out of the backup" in toml and 'agency_name = "Lưu trữ tỉnh"' in toml


def test_no_target_is_a_clear_refusal(tmp_path: Path) -> None:
    result = run(tmp_path / "home", "init")
    assert result.exit_code == 0
    refused = run(tmp_path / "home", "backup", "run")
    assert refused.exit_code == 1
    said = " ".join(refused.stderr.split())
    assert "chưa cấu hình nơi sao lưu" in said and "ARCHIVE_BACKUP_BACKEND" in said
    assert "Traceback" not in refused.output
    with pytest.raises(ConfigurationError, match="ARCHIVE_BACKUP_ROOT"):
        open_target(load_settings(home=tmp_path / "home", backup_backend="local"))


def test_sets_on_s3(
    tmp_path: Path, seaweed: SeaweedServer, s3_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    del s3_env
    client = seaweed.client()
    client.create_bucket(Bucket="backups-plain")
    client.close()
    settings = load_settings(
        home=tmp_path / "home",
        backup_backend="s3",
        backup_s3_endpoint_url=seaweed.endpoint_url,
        backup_s3_bucket="backups-plain",
        backup_s3_prefix="archive/",
    )
    with open_archive(settings, create=True) as opened:
        ingest_dossier(opened, tmp_path, 1)
        full = run_backup(opened, AGENTS)
        ingest_dossier(opened, tmp_path, 2)
        incremental = run_backup(opened, AGENTS)
        target = open_target(opened.settings)
        assert isinstance(target, S3Target)
        assert [s.name for s in read_sets(target)] == [full.name, incremental.name]
        assert verify_set(target, incremental.name).ok
        drill = restore_drill(opened, AGENTS)
        assert drill.ok, drill.as_dict()
        assert drill.restore.rows["dossiers"] == 2
        # A set whose set.json never arrived is not a set.
        target.replace("20990101T000000Z-full", "catalog/x.jsonl.gz", b"")
        assert "20990101T000000Z-full" not in target.set_names()
        assert target.partial() == ["20990101T000000Z-full"]
