"""The inspection's minutes (docs/minutes.md), signed by the archive: a run writes its Mẫu 17
with a row per failure and its storage address; a remedy that restores a copy writes its
Mẫu 20; both are record objects, listed under their procedure."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from archive.bootstrap import Archive, person_agent
from archive.catalog.models import Dossier
from archive.db.engine import unit_of_work
from archive.inspection.plan import make_plan
from archive.inspection.remedy import remedy
from archive.inspection.run import run_plan
from archive.inspection.views import failures
from archive.minutes.forms import Form, Procedure
from archive.minutes.service import list_minutes, read_minutes
from tests.support import signed
from tests.support.pki import TestPki, serve_pki
from tests.support.retention import ingest_dossier
from tests.unit.holdings.conftest import content_key, damage_local
from tests.unit.minutes import support

LAN = person_agent("lan")


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture
def home(pki: TestPki, tmp_path: Path, catalog_url: str) -> Iterator[Archive]:
    with support.home(tmp_path, pki, catalog_url) as archive:
        yield archive


def test_a_run_writes_mau_17_and_a_restored_copy_mau_20(home: Archive, tmp_path: Path) -> None:
    code = ingest_dossier(home, tmp_path, 1, maintenance="01")
    assert home.replica is not None
    with unit_of_work(home.sessions) as s:
        dossier = s.scalar(select(Dossier).where(Dossier.arc_file_code == code))
        assert dossier is not None
        oid, ingested = dossier.object_id, dossier.ingested_at
        original = next(f.path for f in dossier.files if f.role == "original")
    key = content_key(home.replica, oid, original)
    damage_local(home.replica, key)
    year = (datetime.fromisoformat(ingested) + timedelta(days=3 * 365)).year
    make_plan(home, year, LAN)
    with freeze_time(signed.LATER_THAT_DAY, tick=True):
        report = run_plan(home, LAN, year=year)
    assert len(report.failures) == 1
    (m17,) = list_minutes(home, procedure=Procedure("inspection", str(year)))
    assert report.minutes == m17.id and m17.form is Form.INSPECTION_M17
    data = json.loads(read_minutes(home, str(m17.id), "json"))
    (row,) = data["rows"]  # STT first, then the form's columns
    assert row[2] == code and row[4] == f"{home.replica.store.name}:{oid}:v1"
    assert key.endswith(row[3]) and "[fixity]" in row[5]
    text = support.flat(support.pdf_text(read_minutes(home, str(m17.id), "pdf")))
    assert "BIÊNBẢNKIỂMTRATÀILIỆULƯUTRỮSỐ" in text and support.flat(code) in text
    with unit_of_work(home.sessions) as s:
        (listed,) = failures(s)
    with freeze_time(signed.LATER_THAT_DAY, tick=True):
        done = remedy(home, listed["id"], LAN)
    (m20,) = list_minutes(home, form=Form.INCIDENT_M20)
    assert done["minutes"] == m20.id
    assert m20.object_id.startswith("urn:archive:minutes:incident:")
    data = json.loads(read_minutes(home, str(m20.id), "json"))
    (row,) = data["rows"]
    assert "restored from store local" in row[3] and "kho local" in row[4]
    assert home.ocfl.exists(m20.object_id) and home.replica.exists(m20.object_id)
