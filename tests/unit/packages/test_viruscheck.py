"""The virus check of ingest (archive/packages/viruscheck.py) with a real clamd and clamscan on
the suite's own signature database (tests/support/clamav.py)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from archive.bootstrap import open_archive, person_agent
from archive.config import load_settings
from archive.packages.metsxml import PREMIS
from archive.packages.sipwrite import write_sip, zip_tree
from archive.packages.viruscheck import ClamdScanner, database_version
from tests.support import sips
from tests.support.clamav import EICAR, SIGNATURE, ClamdServer
from tests.support.cli import run, run_json, snapshot
from tests.support.production import copies_env

ROOT = Path(__file__).resolve().parents[3]


def _package(tmp: Path, n: int, infected: bool = False) -> Path:
    sip = sips.sip_input(n)
    if infected:
        docs = list(sip.documents)
        docs[1] = replace(docs[1], content=EICAR)
        sip = replace(sip, documents=docs)
    folder = write_sip(
        sip, tmp / f"tree-{n}", objid=f"uuid-00000000-0000-4000-8000-{n:012d}", created=sips.CREATED
    )
    return zip_tree(folder, tmp / f"sip-{n}.zip")


def _env(clamd: ClamdServer, scanner: str) -> dict[str, str]:
    return {
        "ARCHIVE_VIRUS_SCANNER": scanner,
        "ARCHIVE_CLAMD_SOCKET": str(clamd.socket),
        "ARCHIVE_CLAMAV_DATABASE": str(clamd.database),
    }


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    return home


@pytest.mark.parametrize("scanner", ["clamd", "clamscan"])
def test_an_infected_package_is_refused_and_nothing_changes(
    home: Path, tmp_path: Path, clamd: ClamdServer, scanner: str
) -> None:
    env = _env(clamd, scanner)
    assert run(home, "ingest", str(_package(tmp_path, 1)), env=env).exit_code == 0
    before = snapshot(home)
    result = run(home, "ingest", "--json", str(_package(tmp_path, 2, infected=True)), env=env)
    assert result.exit_code == 1
    (package,) = json.loads(result.stdout)
    assert package["status"] == "refused"
    (hit,) = [f for f in package["findings"] if f["code"] == "VIR001"]
    name = f"{sips.file_code(2)}.2.pdf"
    assert (
        hit["path"].endswith(name) and name in hit["message_vi"] and SIGNATURE in hit["message_en"]
    )
    assert snapshot(home) == before
    assert run(home, "audit", "verify").exit_code == 0
    assert run_json(home, "ls")[1][0]["fileCode"] == sips.file_code(1)


@pytest.mark.parametrize("scanner", ["clamd", "clamscan"])
def test_each_scan_is_a_premis_event_with_versions(
    tmp_path: Path, clamd: ClamdServer, scanner: str
) -> None:
    settings = load_settings(
        home=tmp_path / "home",
        virus_scanner=scanner,
        clamd_socket=clamd.socket,
        clamav_database=clamd.database,
    )
    with open_archive(settings, create=True) as archive:
        result = archive.ingest(_package(tmp_path, 1), person_agent("lan"))
        assert result.status == "accepted", result.report.as_dict()
        (object_id,) = archive.ocfl.iter_object_ids()
        with archive.ocfl.open_logical(object_id, "metadata/preservation/PREMIS.xml") as fh:
            premis = etree.parse(fh)
    ns = {"p": PREMIS}
    (event,) = [
        e
        for e in premis.iterfind("p:event", ns)
        if e.findtext("p:eventType", "", ns) == "virus check"
    ]
    detail = event.findtext(".//p:eventDetail", "", ns)
    assert detail.startswith("ClamAV 1.") and f"({scanner})" in detail
    assert "archive-test.ndb sha256:" in detail and "12 tệp / files" in detail
    assert event.findtext(".//p:eventOutcome", "", ns) == "success"


def test_off_records_not_checked(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home", virus_scanner="off")
    with open_archive(settings, create=True) as archive:
        result = archive.ingest(_package(tmp_path, 1), person_agent("lan"))
        assert result.status == "accepted"
        assert not [f.code for f in result.report.findings if f.code.startswith("VIR")]
        (object_id,) = archive.ocfl.iter_object_ids()
        with archive.ocfl.open_logical(object_id, "metadata/preservation/PREMIS.xml") as fh:
            text = fh.read().decode()
    assert "virus check" in text and "not checked" in text and "virus_scanner = off" in text


def test_production_without_a_scanner_refuses_ingest(home: Path, tmp_path: Path) -> None:
    # Production also needs trust roots to ingest (docs/signatures.md): any root that is not the
    # demo's will do here.
    root = ROOT / "tests/fixtures/pyhanko/crypto/embedded-roots/root-754df98873b88790.cert.pem"
    env = {
        "ARCHIVE_ENVIRONMENT": "production",
        "ARCHIVE_AGENCY_CODE": "000.00.00.H01",
        "ARCHIVE_TRUST_ROOTS": json.dumps([str(root)]),
        **copies_env(tmp_path),
    }
    before = snapshot(home)
    package = _package(tmp_path, 1)
    result = run(home, "ingest", str(package), env=env)
    assert result.exit_code == 1
    assert "virus_scanner" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(home) == before
    off = run(home, "ingest", str(package), env={**env, "ARCHIVE_VIRUS_SCANNER": "off"})
    assert off.exit_code == 0


def test_a_scanner_that_cannot_answer_refuses(home: Path, tmp_path: Path) -> None:
    env = {"ARCHIVE_VIRUS_SCANNER": "clamd", "ARCHIVE_CLAMD_SOCKET": str(tmp_path / "none.sock")}
    before = snapshot(home)
    code, (package,) = run_json(home, "ingest", str(_package(tmp_path, 1)), env=env)
    assert code == 1 and [f["code"] for f in package["findings"]] == ["VIR002"]
    assert snapshot(home) == before


def test_clamd_streams_and_versions(clamd: ClamdServer, tmp_path: Path) -> None:
    clean, bad = tmp_path / "clean.txt", tmp_path / "bad.txt"
    clean.write_bytes(b"x" * 3_000_000)  # several INSTREAM chunks
    bad.write_bytes(b"prefix " + EICAR)
    found = ClamdScanner(clamd.socket, clamd.database).scan([("a", clean), ("b", bad)])
    assert found.hits == [("b", f"{SIGNATURE}.UNOFFICIAL")]
    assert found.database == database_version(clamd.database)
