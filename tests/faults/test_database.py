"""The catalog database stops in the middle of an ingest, a preservation run, a fixity run and
a web download (a real ``pg_ctl stop``). Each time: a clear error naming the catalog database,
nothing half-written, and the same job completes once the database is back."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time
from sqlalchemy import func, select

from archive import preserve
from archive.bootstrap import Archive, open_archive, person_agent, software_agent
from archive.catalog.models import Document, File
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.errors import Unavailable
from archive.holdings import fixity
from archive.preserve import record
from archive.users.service import add_user, issue_token
from archive.web import create_app
from tests.faults.conftest import archive_process, database_down, pausing, wait_for
from tests.support import sips
from tests.support.pki import SIGNING_TIME, TestPki, serve_pki, sign_nd30_pdf
from tests.support.postgres import PostgresCluster
from tests.support.signed import LATER_THAT_DAY, doc_code, ingest, open_home, package

LAN = person_agent("lan")


def documents(archive: Archive) -> int:
    with unit_of_work(archive.sessions) as s:
        return s.scalar(select(func.count(Document.id))) or 0


@pytest.fixture
def home(tmp_path: Path, fault_db: str) -> Iterator[Archive]:
    settings = load_settings(home=tmp_path / "home", database_url=fault_db)
    with open_archive(settings, create=True) as archive:
        yield archive


def test_an_ingest_meets_a_stopped_database_and_the_retry_completes(
    home: Archive, fault_cluster: PostgresCluster, fault_db: str, tmp_path: Path
) -> None:
    package_zip = sips.write_zip(tmp_path, 6)
    marks = tmp_path / "marks"
    marks.mkdir()
    proc = archive_process(
        home.settings.home, fault_db, "ingest", str(package_zip), fault=f"stored:wait:{marks}"
    )
    wait_for(marks / "stored.reached")  # the AIP is in storage; the catalog is next
    fault_cluster.pause()
    (marks / "stored.go").touch()
    out, err = proc.communicate(timeout=180)
    fault_cluster.resume()
    assert proc.returncode != 0
    assert "Traceback" not in err, err
    said = out + err
    assert "cơ sở dữ liệu danh mục" in said, said  # names what failed, in Vietnamese
    assert "catalog database" in said, said  # and in English
    assert documents(home) == 0  # nothing half-catalogued
    assert home.verify_audit().ok
    again = archive_process(home.settings.home, fault_db, "ingest", "--json", str(package_zip))
    out, err = again.communicate(timeout=180)
    assert again.returncode == 0, err
    assert json.loads(out)[0]["status"] == "recovered"  # the stored AIP adopted, not redone
    assert documents(home) == 2
    assert home.verify_audit().ok
    assert not list(home.settings.staging_dir.iterdir())


def test_a_fixity_run_meets_a_stopped_database_and_the_next_run_completes(
    home: Archive, fault_cluster: PostgresCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in (1, 2, 3):
        assert home.ingest(sips.write_zip(tmp_path, n), LAN).status == "accepted"

    def run() -> fixity.FixityRun:
        return fixity.run(home.settings, home.sessions, home.ocfl, home.ocfl, [software_agent()])

    monkeypatch.setattr(fixity, "check_object", pausing(fault_cluster, fixity.check_object))
    with pytest.raises(Unavailable, match="catalog database"):
        run()  # the first object checked, then the database went away before its record
    monkeypatch.undo()
    fault_cluster.resume()
    done = run()
    assert len(done.results) == 3 and all(r.ok for r in done.results)
    assert run().results == []  # every object recorded once the database was back
    assert home.verify_audit().ok


def test_a_web_download_meets_a_stopped_database_then_works(
    home: Archive, fault_cluster: PostgresCluster, tmp_path: Path
) -> None:
    assert home.ingest(sips.write_zip(tmp_path, 1), LAN).status == "accepted"
    with unit_of_work(home.sessions) as s:
        add_user(s, "lan", "archivist", "mat-khau-thu-nghiem-2026", LAN)
        token = issue_token(s, "lan", LAN)
        original = s.scalar(select(File).where(File.role == "original"))
        assert original is not None
        code, digest = original.document.doc_code, original.sha256
    url = f"/api/documents/{code}/original"
    auth = {"authorization": f"Bearer {token}"}
    with TestClient(create_app(home)) as client:
        with database_down(fault_cluster):
            down = client.get(url, headers=auth)
            assert down.status_code == 503, down.text
            assert not down.content.startswith(b"%PDF")
            assert down.json()["detail"].startswith("ref ")  # the text is in the server log
            assert "127.0.0.1" not in down.text  # no host or port for the caller
        back = client.get(url, headers=auth)
    assert back.status_code == 200
    assert hashlib.sha256(back.content).hexdigest() == digest
    assert home.verify_audit().ok


# --------------------------------------------------------------------------- preservation


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


def test_a_preservation_run_meets_a_stopped_database_and_a_later_run_adopts_its_version(
    pki: TestPki,
    fault_cluster: PostgresCluster,
    fault_db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with freeze_time(SIGNING_TIME, tick=True):
        bt = sign_nd30_pdf(pki, "B-T")
    later = LATER_THAT_DAY + timedelta(hours=1)
    settings = {"tsa_url": pki.tsa_url("tsa"), "database_url": fault_db}
    with open_home(tmp_path / "home", pki, **settings) as archive:
        ingest(archive, package(tmp_path, 7, bt))

        real = record.catalog_copy

        def stop_then_record(*args: object, **kwargs: object) -> None:
            fault_cluster.pause()  # the new version is published; the catalog is next
            real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(record, "catalog_copy", stop_then_record)
        with freeze_time(later, tick=True), pytest.raises(Unavailable, match="catalog database"):
            preserve.run(archive, agent=LAN)
        monkeypatch.undo()
        fault_cluster.resume()
        claim = archive.settings.preserve_claim_minutes
        with freeze_time(later + timedelta(minutes=claim + 1), tick=True):
            resumed = preserve.run(archive, agent=LAN)
        (result,) = resumed.results
        assert result.done == "augmented" and "adopted" in result.message
        with unit_of_work(archive.sessions) as s:
            roles = list(
                s.scalars(
                    select(File.role)
                    .join(File.document)
                    .where(Document.doc_code == doc_code(7))
                    .order_by(File.id)
                )
            )
        assert roles == ["original", "preservation"]
        assert archive.verify_audit().ok
