"""Review before acceptance (ingest_review; archive/ingest/review.py), on SQLite and PostgreSQL:
ingest → pending; accept → stored and searchable; return → nothing stored; deadlines; a crash
at any point of an accept (named checkpoints, and a real kill -9) leaves the package pending or
accepted, never both, never lost."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from archive.audit.models import Event
from archive.bootstrap import Archive, open_archive, person_agent
from archive.catalog.models import Dossier
from archive.clock import utc_now
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput
from archive.faults import InjectedFault
from archive.identifiers import AUDIT_LOG_ID
from archive.ingest.holding import pending_area
from archive.ingest.review import accept_package, list_pending, return_package, show_pending
from archive.review.models import PendingPackage
from archive.search.api import SearchRequest
from archive.storage.ocfl import object_path
from tests.support import sips
from tests.support.cli import archive_process, run, run_json
from tests.support.drill import assert_rebuilds
from tests.unit.storage.test_ocfl import assert_valid_root


@pytest.fixture
def archive(tmp_path: Path, catalog_url: str) -> Iterator[Archive]:
    settings = load_settings(home=tmp_path / "home", database_url=catalog_url, ingest_review=True)
    with open_archive(settings, create=True) as opened:
        yield opened


def dossiers(archive: Archive) -> int:
    with unit_of_work(archive.sessions) as s:
        return s.scalar(select(func.count()).select_from(Dossier)) or 0


def held(archive: Archive, tmp: Path, n: int = 1) -> str:
    result = archive.ingest(sips.write_zip(tmp, n), person_agent("lan"))
    assert result.status == "pending" and result.pending_code, result.report.as_dict()
    return result.pending_code


def test_a_valid_package_waits_and_nothing_is_stored(archive: Archive, tmp_path: Path) -> None:
    code = held(archive, tmp_path)
    assert list(archive.ocfl.iter_object_ids()) == [] and dossiers(archive) == 0
    (row,) = list_pending(archive)
    assert (row["code"], row["state_vi"], row["fileCode"]) == (
        code,
        "Chờ tiếp nhận",
        sips.file_code(1),
    )
    assert (row["registered_docs"], row["received_docs"], row["overdue"]) == (2, 2, False)
    shown = show_pending(archive, code)
    assert len(shown["manifest"]) == row["files"] and shown["bytes"] == row["bytes"]
    again = archive.ingest(sips.write_zip(tmp_path / "again", 1), person_agent("lan"))
    assert (again.status, again.pending_code) == ("pending", code)
    assert [f.code for f in again.report.findings] == ["REV001"]
    other = archive.ingest(sips.write_zip(tmp_path / "other", 1, docs=3), person_agent("lan"))
    assert other.status == "refused" and "REV002" in [f.code for f in other.report.errors]
    assert len(list_pending(archive)) == 1
    assert archive.verify_audit().ok


def test_accept_stores_and_makes_searchable(archive: Archive, tmp_path: Path) -> None:
    code = held(archive, tmp_path)
    result = accept_package(archive, archive.ingestor, code, person_agent("hoa"))
    assert result.status == "accepted" and dossiers(archive) == 1
    assert not (pending_area(archive.settings) / code).exists()
    assert list_pending(archive) == []
    (row,) = list_pending(archive, everything=True)
    assert (row["state"], row["decided_by"], row["object_id"]) == (
        "accepted",
        "hoa",
        result.object_id,
    )
    search = archive.search
    try:
        page = search.search(SearchRequest(text="giao đất"), role="admin")
    finally:
        search.close()
    assert page.total >= 1
    with pytest.raises(Conflict):
        accept_package(archive, archive.ingestor, code, person_agent("hoa"))
    assert_valid_root(archive.settings.resolved_storage_root, 2)  # the AIP and the receipt
    assert archive.verify_audit().ok


def test_return_stores_nothing_and_keeps_the_reasons(archive: Archive, tmp_path: Path) -> None:
    code = held(archive, tmp_path)
    with pytest.raises(InvalidInput):
        return_package(archive, code, "  ", person_agent("hoa"))
    data = return_package(archive, code, "Thiếu văn bản số 3", person_agent("hoa"))
    assert (data["state"], data["reason"]) == ("returned", "Thiếu văn bản số 3")
    assert list(archive.ocfl.iter_object_ids()) == [f"urn:archive:receipt:{code}"]
    assert dossiers(archive) == 0
    assert not (pending_area(archive.settings) / code).exists()
    with pytest.raises(Conflict):
        accept_package(archive, archive.ingestor, code, person_agent("hoa"))
    assert archive.verify_audit().ok


def test_packages_pending_past_sixty_days_are_overdue(archive: Archive, tmp_path: Path) -> None:
    with freeze_time(utc_now() - timedelta(days=61)):
        old = held(archive, tmp_path, 1)
    with freeze_time(utc_now() - timedelta(days=59)):
        held(archive, tmp_path, 2)
    rows = list_pending(archive)
    assert [r["overdue"] for r in rows] == [True, False]
    assert [r["code"] for r in list_pending(archive, overdue_only=True)] == [old]
    assert rows[0]["days_waiting"] == 61


STEPS = ["unpacked", "scanned", "validated", "aip_built", "stored", "catalog_flushed", "cataloged"]


@pytest.mark.parametrize("step", STEPS)
def test_a_crash_during_accept_leaves_it_pending_or_accepted(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    code = held(archive, tmp_path)
    monkeypatch.setenv("ARCHIVE_FAULT", f"{step}:raise")
    with pytest.raises(InjectedFault):
        accept_package(archive, archive.ingestor, code, person_agent("hoa"))
    monkeypatch.delenv("ARCHIVE_FAULT")
    _pending_or_accepted(archive, code)
    if step == "cataloged":
        assert list_pending(archive) == [] and dossiers(archive) == 1
        return
    result = accept_package(archive, archive.ingestor, code, person_agent("hoa"))
    assert result.status == ("recovered" if step in ("stored", "catalog_flushed") else "accepted")
    _pending_or_accepted(archive, code)
    assert dossiers(archive) == 1 and archive.verify_audit().ok


def _pending_or_accepted(archive: Archive, code: str) -> None:
    """Either the package is pending (row pending, files intact, no dossier) or accepted (row
    accepted, dossier catalogued); the pending files go once the decision is committed."""
    area = pending_area(archive.settings)
    list_pending(archive)  # tidies what a crash left
    with unit_of_work(archive.sessions) as s:
        state = s.scalar(select(PendingPackage.state).where(PendingPackage.code == code))
    if state == "pending":
        assert dossiers(archive) == 0
        assert show_pending(archive, code)["manifest"]
        from archive.review import pending

        pending.verify(area, code)
    else:
        assert state == "accepted" and dossiers(archive) == 1
        assert not (area / code).exists()
    assert not list(archive.settings.staging_dir.iterdir())


def _archive_cmd(home: Path, url: str, *args: str, fault: str = "") -> subprocess.Popen[str]:
    return archive_process(home, url, *args, fault=fault, env={"ARCHIVE_INGEST_REVIEW": "true"})


@pytest.mark.parametrize("step", ["aip_built", "stored"])
def test_kill_9_during_accept(tmp_path: Path, catalog_url: str, step: str) -> None:
    home = tmp_path / "home"
    settings = load_settings(home=home, database_url=catalog_url, ingest_review=True)
    with open_archive(settings, create=True) as archive:
        code = held(archive, tmp_path)
    proc = _archive_cmd(home, catalog_url, "review", "accept", code, fault=f"{step}:hang")
    deadline = time.monotonic() + 120
    marker = "inventory.json" if step == "stored" else "0=ocfl_object_1.1"
    where = home / ("store" if step == "stored" else "staging")
    log = home / "store" / object_path(AUDIT_LOG_ID)  # sealed when the package was held
    while not any(p for p in where.rglob(marker) if not p.is_relative_to(log)):
        assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    with open_archive(settings) as archive:
        _pending_or_accepted(archive, code)
        assert dossiers(archive) == 0
    again = _archive_cmd(home, catalog_url, "review", "accept", "--json", code)
    out, err = again.communicate(timeout=180)
    assert again.returncode == 0, err
    assert ('"recovered"' if step == "stored" else '"accepted"') in out
    with open_archive(settings) as archive:
        _pending_or_accepted(archive, code)
        assert archive.verify_audit().ok
    assert_valid_root(home / "store", 3)  # the AIP, the receipt and the sealed audit log


def test_the_review_commands(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"ARCHIVE_INGEST_REVIEW": "true"}
    assert run(home, "init").exit_code == 0
    code, (result,) = run_json(home, "ingest", str(sips.write_zip(tmp_path, 1)), env=env)
    assert code == 0 and result["status"] == "pending"
    pending_code = result["pending_code"]
    listing = run(home, "review", "ls", env=env)
    assert listing.exit_code == 0 and "1 gói, 0 quá hạn" in listing.stdout
    assert [r["code"] for r in run_json(home, "review", "ls", env=env)[1]] == [pending_code]
    assert run(home, "review", "show", pending_code, env=env).exit_code == 0
    assert run_json(home, "ls")[1] == []
    missing = run(home, "review", "accept", "CTN-00000000-none", env=env)
    assert missing.exit_code == 1 and "CTN-00000000-none" in missing.stderr
    assert "Traceback" not in missing.stderr
    accepted = run(home, "review", "accept", pending_code, env=env)
    assert accepted.exit_code == 0, accepted.stdout
    assert [d["fileCode"] for d in run_json(home, "ls")[1]] == [sips.file_code(1)]
    hits = run(home, "search", "query", "giao đất", env=env)
    assert hits.exit_code == 0 and sips.file_code(1) in hits.stdout
    waiting = run(home, "ingest", str(sips.write_zip(tmp_path, 2)), env=env)
    assert "0/1 gói được tiếp nhận, 1 gói chờ tiếp nhận" in " ".join(waiting.stdout.split())
    listed = run_json(home, "review", "ls", env=env)[1]
    (second_code,) = [r["code"] for r in listed if r["code"] != pending_code]
    returned = run(home, "review", "return", second_code, "--reason", "Sai tiêu đề", env=env)
    assert returned.exit_code == 0
    no_reason = run(home, "review", "return", second_code, env=env)
    assert no_reason.exit_code == 2
    assert len(run_json(home, "ls")[1]) == 1
    assert run(home, "audit", "verify").exit_code == 0


def test_accepting_a_package_catalogued_meanwhile_is_an_event_and_rebuilt(
    archive: Archive, tmp_path: Path
) -> None:
    code = held(archive, tmp_path)
    reviewing = archive.settings
    archive.settings = reviewing.model_copy(update={"ingest_review": False})
    try:  # the same package, ingested directly meanwhile
        direct = archive.ingest(sips.write_zip(tmp_path / "direct", 1), person_agent("lan"))
    finally:
        archive.settings = reviewing
    assert direct.status == "accepted"
    result = accept_package(archive, archive.ingestor, code, person_agent("hoa"))
    assert result.status == "duplicate"
    with unit_of_work(archive.sessions) as s:
        last = s.scalars(select(Event).order_by(Event.seq.desc()).limit(1)).one()
    assert last.event_type == "accession" and "already catalogued" in last.detail
    rows = assert_rebuilds(archive)
    assert rows["pending_packages"] == 1 and rows["receipts"] == 1
