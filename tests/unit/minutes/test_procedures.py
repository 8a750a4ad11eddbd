"""The procedures that exist write their minutes (docs/minutes.md): executing a disposal list
writes the destruction minutes (Mẫu 21) naming every erased dossier and the stores it was
erased from; recording the historical archive's receipt writes the hand-over minutes of the
request. A crash after the erasure is completed by the same command; in production without the
archive's key the execution is refused before anything is deleted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from archive.bootstrap import Archive, person_agent
from archive.catalog.models import Dossier
from archive.db.engine import unit_of_work
from archive.errors import ConfigurationError
from archive.faults import InjectedFault
from archive.minutes.forms import Form, Procedure
from archive.minutes.service import list_minutes, read_minutes
from archive.retention.disposal.council import add_council_member, record_opinion
from archive.retention.disposal.decision import decide
from archive.retention.disposal.execution import execute
from archive.retention.disposal.lists import show_list
from archive.retention.disposal.review import review
from archive.transfer.export import export
from archive.transfer.receipt import record_receipt
from archive.transfer.registration import register
from tests.support import signed
from tests.support.pki import TestPki, serve_pki
from tests.support.retention import add_accounts, ingest_dossier, pdf_file
from tests.unit.minutes import support

LAN, HOA, AN = (person_agent(n) for n in ("lan", "hoa", "an"))
AT = signed.LATER_THAT_DAY


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture
def home(pki: TestPki, tmp_path: Path, catalog_url: str) -> Iterator[Archive]:
    with support.home(tmp_path, pki, catalog_url) as archive:
        yield archive


def _object_id(archive: Archive, code: str) -> str:
    with unit_of_work(archive.sessions) as s:
        return str(s.scalar(select(Dossier.object_id).where(Dossier.arc_file_code == code)))


def _approved_list(archive: Archive, tmp_path: Path) -> tuple[str, str]:
    """An approved list with one expired dossier; (list code, the dossier's code)."""
    code = ingest_dossier(archive, tmp_path, 1, maintenance="06", end_year=2010)
    ingest_dossier(archive, tmp_path, 2, maintenance="01", end_year=2010)
    add_accounts(archive.sessions, "hoa", "an")
    add_council_member(archive, "hoa", "council", person_agent("admin"))
    add_council_member(archive, "an", "head", person_agent("admin"))
    listed = review(archive, LAN, today=date(2026, 6, 1))
    record_opinion(archive, listed.code, HOA, "agree")
    decide(
        archive,
        listed.code,
        AN,
        number="4/QĐ-VP",
        decision_date="01/07/2026",
        file=pdf_file(tmp_path, "qd.pdf"),
    )
    return listed.code, code


def test_execution_writes_the_destruction_minutes(
    home: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing, code = _approved_list(home, tmp_path)
    with freeze_time(AT, tick=True):
        # Killed after the erasure, before the catalog: the same command completes it.
        monkeypatch.setenv("ARCHIVE_FAULT", "disposal_erased:raise")
        with pytest.raises(InjectedFault):
            execute(home, listing, LAN, today=date(2026, 7, 2))
        monkeypatch.delenv("ARCHIVE_FAULT")
        assert list_minutes(home, kind="disposal") == []
        report = execute(home, listing, LAN, today=date(2026, 7, 2))
    (minutes,) = list_minutes(home, procedure=Procedure("disposal", listing))
    assert report.minutes == {"id": minutes.id, "object_id": minutes.object_id}
    assert minutes.form is Form.DESTRUCTION_M21 and minutes.number == f"{listing}/BB-HUY"
    data = json.loads(read_minutes(home, str(minutes.id), "json"))
    (row,) = data["rows"]
    assert row[1] == code and "local, replica" in row[7]
    assert {"label": "Quyết định hủy / Decision", "value": "số 4/QĐ-VP ngày 01/07/2026"} in data[
        "facts"
    ]
    flat = support.flat(support.pdf_text(read_minutes(home, str(minutes.id), "pdf")))
    assert support.flat(code) in flat and "BIÊNBẢNHỦYTÀILIỆULƯUTRỮSỐHẾTGIÁTRỊ" in flat


def test_production_without_the_key_deletes_nothing(
    pki: TestPki, tmp_path: Path, catalog_url: str
) -> None:
    """A home prepared in development, opened in production without the archive's key: the
    execution is refused before anything is erased."""
    settings = {"database_url": catalog_url, "agency_code": "000.00.00.G09"}
    with signed.open_home(tmp_path / "home", pki, **settings) as archive:
        listing, code = _approved_list(archive, tmp_path)
        object_id = _object_id(archive, code)
    with signed.open_home(tmp_path / "home", pki, environment="production", **settings) as prod:
        with pytest.raises(ConfigurationError, match="archive_signing_key"):
            execute(prod, listing, LAN, today=date(2026, 7, 2))
        (shown,) = show_list(prod, listing)
        assert shown["status"] == "approved" and prod.ocfl.exists(object_id)
        assert list_minutes(prod) == []


def test_the_receipt_writes_the_hand_over_minutes(home: Archive, tmp_path: Path) -> None:
    accepted = ingest_dossier(home, tmp_path, 1, maintenance="01", docs=2)
    returned = ingest_dossier(home, tmp_path, 2, maintenance="01", docs=1)
    out = tmp_path / "out"
    out.mkdir()
    request = register(home, [accepted, returned], LAN, out)["requestCode"]
    export(home, [accepted, returned], out, LAN)
    receipt = tmp_path / "receipt.csv"
    receipt.write_text(
        f"arcFileCode,result,reason\n{accepted},đồng ý,\n{returned},trả lại,Thiếu văn bản\n",
        encoding="utf-8",
    )
    with freeze_time(AT, tick=True):
        record_receipt(home, receipt, LAN)
    (minutes,) = list_minutes(home, procedure=Procedure("transfer", request))
    assert minutes.form is Form.HANDOVER
    data = json.loads(read_minutes(home, str(minutes.id), "json"))
    assert [(r[1], r[-1]) for r in data["rows"]] == [
        (accepted, "Đồng ý tiếp nhận / accepted"),
        (returned, "Trả lại: Thiếu văn bản"),
    ]
    flat = support.flat(support.pdf_text(read_minutes(home, str(minutes.id), "pdf")))
    assert "BIÊNBẢNGIAONHẬNTÀILIỆULƯUTRỮSỐ" in flat and support.flat(accepted) in flat
