"""Pipeline invariants, on SQLite and PostgreSQL: storage before catalog, nothing half-done after
a failure at any step (including a real kill -9), idempotent re-ingest, concurrent ingests."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from archive.audit.models import Event
from archive.bootstrap import Archive, open_archive, person_agent
from archive.catalog.models import Document, Dossier, File
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.faults import InjectedFault
from archive.packages.stored import read_stored_aip
from tests.support import sips
from tests.support.cli import archive_process
from tests.unit.storage.test_ocfl import assert_valid_root

STEPS = ["unpacked", "scanned", "validated", "aip_built", "stored", "catalog_flushed", "cataloged"]


@pytest.fixture
def archive(tmp_path: Path, catalog_url: str) -> Iterator[Archive]:
    settings = load_settings(home=tmp_path / "home", database_url=catalog_url)
    with open_archive(settings, create=True) as opened:
        yield opened


def counts(archive: Archive) -> dict[str, int]:
    with unit_of_work(archive.sessions) as s:
        return {
            name: s.scalar(select(func.count()).select_from(model)) or 0
            for name, model in (
                ("dossiers", Dossier),
                ("documents", Document),
                ("files", File),
                ("events", Event),
            )
        }


def objects(archive: Archive) -> list[str]:
    return sorted(archive.ocfl.iter_object_ids())


def test_ingest_keeps_originals_byte_for_byte(archive: Archive, tmp_path: Path) -> None:
    sip = sips.sip_input(1, docs=3)
    package = sips.write_zip(tmp_path, 1, docs=3)
    result = archive.ingest(package, person_agent("lan"))
    assert result.status == "accepted", result.report.as_dict()
    assert counts(archive) == {
        "dossiers": 1,
        "documents": 3,
        "files": counts(archive)["files"],
        "events": 6 + 3,  # virus check, formats, fixity, validation, AIP, ingestion + 1 per PDF
    }
    (object_id,) = objects(archive)
    for n, doc in enumerate(sip.documents):
        with archive.ocfl.open_logical(object_id, f"representations/rep1/data/{doc.filename}") as f:
            assert f.read() == doc.content
        out = tmp_path / f"out{n}.pdf"
        archive.retrieve_original(doc.values["docCode"], out, person_agent("minh"))
        assert out.read_bytes() == doc.content
    assert archive.verify_audit().ok
    assert_valid_root(archive.settings.resolved_storage_root, 1)


def test_catalog_equals_what_storage_says(archive: Archive, tmp_path: Path) -> None:
    archive.ingest(sips.write_zip(tmp_path, 2), person_agent("lan"))
    (object_id,) = objects(archive)
    record = read_stored_aip(archive.ocfl, object_id)
    with unit_of_work(archive.sessions) as s:
        dossier = s.scalars(select(Dossier)).one()
        assert dossier.title == record.dossier["title"]
        assert dossier.file_code == record.dossier_ext["fileCode"] == sips.file_code(2)
        assert dossier.arc_file_code == record.dossier["arcFileCode"]
        assert dossier.package_fingerprint == record.fingerprint
        assert [d.doc_code for d in dossier.documents] == [
            d.values["docCode"] for d in record.documents
        ]
        assert dossier.documents[0].signer_full_name == "Nguyễn Văn An"
        files = {f.path: f.sha256 for f in dossier.files}
    assert files == {f.path: f.sha256 for f in record.files}


def test_same_package_twice_stores_nothing_twice(archive: Archive, tmp_path: Path) -> None:
    folder = sips.write_folder(tmp_path / "f", 3)
    first = archive.ingest(folder, person_agent("lan"))
    before = counts(archive)
    again = archive.ingest(sips.write_zip(tmp_path, 3), person_agent("lan"))
    assert (first.status, again.status) == ("accepted", "duplicate")
    assert [f.code for f in again.report.findings] == ["DUP001"]
    assert counts(archive) == before
    assert len(objects(archive)) == 1


def test_other_content_under_an_archived_code_is_refused(archive: Archive, tmp_path: Path) -> None:
    archive.ingest(sips.write_zip(tmp_path / "a", 4), person_agent("lan"))
    changed = sips.write_zip(tmp_path / "b", 4, docs=3)
    result = archive.ingest(changed, person_agent("lan"))
    assert result.status == "refused"
    assert "ID005" in [f.code for f in result.report.findings]


@pytest.mark.parametrize("step", STEPS)
def test_failure_at_every_step_leaves_nothing_or_a_complete_dossier(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    package = sips.write_zip(tmp_path, 5)
    monkeypatch.setenv("ARCHIVE_FAULT", f"{step}:raise")
    with pytest.raises(InjectedFault):
        archive.ingest(package, person_agent("lan"))
    monkeypatch.delenv("ARCHIVE_FAULT")
    state = counts(archive)
    assert state in (
        {"dossiers": 0, "documents": 0, "files": 0, "events": 0},
        {**state, "dossiers": 1, "documents": 2, "events": 6 + 2},
    )
    stored = objects(archive)
    assert len(stored) == (1 if step in ("stored", "catalog_flushed", "cataloged") else 0)
    assert_valid_root(archive.settings.resolved_storage_root, len(stored))
    assert not list(archive.settings.staging_dir.iterdir())
    assert archive.verify_audit().ok
    retry = archive.ingest(package, person_agent("lan"))
    expected = {"cataloged": "duplicate", "stored": "recovered", "catalog_flushed": "recovered"}
    assert retry.status == expected.get(step, "accepted")
    assert counts(archive)["dossiers"] == 1 and counts(archive)["documents"] == 2
    assert archive.verify_audit().ok


def _archive_cmd(home: Path, url: str, *args: str, fault: str = "") -> subprocess.Popen[str]:
    return archive_process(home, url, *args, fault=fault)


def _wait_for(condition: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():  # type: ignore[operator]
                return
        except FileNotFoundError:  # a folder renamed or removed while it was being listed
            pass
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


@pytest.mark.parametrize("step", ["aip_built", "stored"])
def test_kill_9_then_clean_reingest(tmp_path: Path, catalog_url: str, step: str) -> None:
    home = tmp_path / "home"
    with open_archive(load_settings(home=home, database_url=catalog_url), create=True):
        pass
    package = sips.write_zip(tmp_path, 6)
    proc = _archive_cmd(home, catalog_url, "ingest", str(package), fault=f"{step}:hang")
    store = home / "store"
    if step == "stored":
        _wait_for(lambda: any(store.rglob("inventory.json")))
    else:
        _wait_for(lambda: any((home / "staging").rglob("0=ocfl_object_1.1")))
    time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    again = _archive_cmd(home, catalog_url, "ingest", "--json", str(package))
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert ('"recovered"' if step == "stored" else '"accepted"') in out
    with open_archive(load_settings(home=home, database_url=catalog_url)) as reopened:
        assert counts(reopened)["documents"] == 2
        assert reopened.verify_audit().ok
        assert not list(reopened.settings.staging_dir.iterdir())
    assert_valid_root(store, 2)  # the dossier and the sealed audit log


def test_two_packages_at_once_both_land(tmp_path: Path, catalog_url: str) -> None:
    home = tmp_path / "home"
    with open_archive(load_settings(home=home, database_url=catalog_url), create=True):
        pass
    packages = [sips.write_zip(tmp_path, n, docs=3) for n in (7, 8)]
    same = sips.write_zip(tmp_path / "copy", 7, docs=3)
    procs = [_archive_cmd(home, catalog_url, "ingest", str(p)) for p in (*packages, same)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err for _, err in outputs]
    with open_archive(load_settings(home=home, database_url=catalog_url)) as reopened:
        assert counts(reopened)["dossiers"] == 2
        assert counts(reopened)["documents"] == 6
        assert reopened.verify_audit().ok
    assert_valid_root(home / "store", 3)  # the two dossiers and the sealed audit log


def test_documents_sharing_certificates_give_a_valid_ocfl_object(tmp_path: Path) -> None:
    """Signed documents of one dossier share certificates and revocation data: the AIP stores
    each such file once (OCFL deduplication) and stays a valid OCFL object."""
    from archive.demo.pki import create_demo_pki
    from archive.demo.samples import write_demo_sips

    pki = create_demo_pki(tmp_path / "pki")
    (package, *_) = write_demo_sips(tmp_path / "sips", pki)
    settings = load_settings(
        home=tmp_path / "home", trust_roots=[pki.root_cert_path], signature_fetch=False
    )
    with open_archive(settings, create=True) as opened:
        result = opened.ingest(package, person_agent("lan"))
        assert result.status == "accepted", result.report.as_dict()
        (object_id,) = objects(opened)
        inventory = opened.ocfl.inventory(object_id)
        state = inventory["versions"]["v1"]["state"]
        assert any(len(paths) > 1 for paths in state.values())  # deduplicated content
    assert_valid_root(settings.resolved_storage_root, 2)  # and the sealed audit log
