"""The backup log (Mẫu 18) of each set and the minutes (Mẫu 19) of each restore drill, signed
record objects of the minutes domain (docs/minutes.md), on SQLite and PostgreSQL; in
production without the archive's key, a run is refused before it writes anything."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from freezegun import freeze_time

from archive.backup.drill import restore_drill
from archive.backup.run import run_backup
from archive.backup.target import open_target
from archive.bootstrap import open_archive
from archive.config import load_settings
from archive.errors import ConfigurationError
from archive.minutes.forms import Form, Procedure
from archive.minutes.service import list_minutes, read_minutes
from tests.support import signed
from tests.support.pki import TestPki, serve_pki
from tests.support.production import copies
from tests.support.retention import ingest_dossier
from tests.unit.backup.conftest import AGENTS
from tests.unit.minutes import support

AT = signed.LATER_THAT_DAY


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


def test_each_set_and_each_drill_has_its_minutes(
    pki: TestPki, tmp_path: Path, catalog_url: str
) -> None:
    backups = {"backup_backend": "local", "backup_root": tmp_path / "backups"}
    with support.home(tmp_path, pki, catalog_url, **backups) as home:
        with freeze_time(AT, tick=True):
            ingest_dossier(home, tmp_path, 1)
            report = run_backup(home, AGENTS)
            drill = restore_drill(home, AGENTS)
        assert drill.ok, drill.as_dict()
        (log,) = list_minutes(home, procedure=Procedure("backup", report.name))
        assert log.form is Form.BACKUP_LOG_M18 and log.object_id == report.minutes
        data = json.loads(read_minutes(home, str(log.id), "json"))
        (row,) = data["rows"]
        target = open_target(home.settings).describe()
        assert row[1].startswith("Sao lưu toàn bộ (full)") and row[3] == f"{target}/{report.name}"
        assert row[5] == "lan"  # Người sao lưu
        (m19,) = [m for m in list_minutes(home, kind="backup") if m.form is Form.BACKUP_M19]
        assert m19.object_id == drill.minutes
        text = support.flat(support.pdf_text(read_minutes(home, str(m19.id), "pdf")))
        assert "BIÊNBẢNSAOLƯUDỰPHÒNG" in text.upper() and support.flat(report.name) in text
        assert "Đạt" in text


def test_production_without_the_key_writes_no_set(tmp_path: Path) -> None:
    settings = load_settings(
        home=tmp_path / "home", **copies(tmp_path), agency_code="000.00.00.G09"
    )
    production = settings.model_copy(update={"environment": "production"})
    with open_archive(settings, create=True) as archive:
        archive.settings = production
        with pytest.raises(ConfigurationError, match="archive_signing_key"):
            run_backup(archive, AGENTS)
    assert not (tmp_path / "backups").exists()
