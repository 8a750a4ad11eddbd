"""The page ``/inspections``: archivists, auditors and administrators see the plan, the runs
and the failures with their storage address; an officer gets 403 and no menu entry. A failure
names the field that differs, never the values (a restricted record's title stays unsaid)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from archive.bootstrap import open_archive, person_agent
from archive.catalog.models import Dossier
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.inspection.plan import make_plan
from archive.inspection.run import run_plan
from archive.users.service import add_user
from archive.web import create_app
from tests.unit.holdings.conftest import ingest_n

LAN = person_agent("lan")
SECRET_TITLE = "Tiêu đề không được lộ"


def _sign_in(client: TestClient, name: str) -> None:
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf is not None
    form = {"name": name, "password": f"mat-khau-{name}-2026", "csrf": csrf[1]}
    assert client.post("/login", data=form).status_code == 303


def test_the_page_shows_plan_runs_and_failures_to_whom_it_may(tmp_path: Path) -> None:
    with open_archive(load_settings(home=tmp_path / "home"), create=True) as archive:
        ingest_n(archive, tmp_path, 1, 2)
        with unit_of_work(archive.sessions) as s:
            for name, role in (("minh", "officer"), ("kim", "auditor"), ("kho", "archivist")):
                add_user(s, name, role, f"mat-khau-{name}-2026", LAN)
            last = max(s.scalars(select(Dossier.ingested_at)))
            first = s.scalar(select(Dossier).order_by(Dossier.id))
            assert first is not None
            arc, oid = first.arc_file_code, first.object_id
            s.execute(update(Dossier).where(Dossier.id == first.id).values(title=SECRET_TITLE))
        year = (datetime.fromisoformat(last) + timedelta(days=3 * 365)).year
        make_plan(archive, year, LAN)
        assert len(run_plan(archive, LAN, year=year).failures) == 1
        for name, status in (("minh", 403), ("kim", 200), ("kho", 200)):
            with TestClient(create_app(archive), follow_redirects=False) as client:
                _sign_in(client, name)
                page = client.get("/inspections")
                assert page.status_code == status, name
                menu = client.get("/search").text
                assert ('href="/inspections"' in menu) == (status == 200), name
                if status == 200:
                    text = page.text
                    assert f"Kế hoạch kiểm tra năm {year}" in text
                    assert "Đã kiểm tra 2/2 hồ sơ; 1 có lỗi." in text
                    assert f'data-dossier="{arc}"' in text
                    assert f"local:{oid}:v1:metadata/descriptive/EAD.xml" in text
                    assert "title" in text and SECRET_TITLE not in text
                    assert "Chưa khắc phục" in text and "archive inspection remedy 1" in text
