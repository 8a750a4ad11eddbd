"""Minutes (docs/minutes.md, ADR 0021): a signed PDF/A-2B page and its JSON, kept as a
replicated record object, catalogued by procedure with its event; checked with outside tools
(siegfried and pikepdf for PDF/A, pyHanko's command line for the signature, pdfium for the
text). Refusals store nothing; a crash between the store and the catalog leaves nothing
half-done and the same call completes it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from archive.audit.chain import verify_chain
from archive.audit.models import Event
from archive.bootstrap import Archive, person_agent
from archive.db.engine import unit_of_work
from archive.errors import ConfigurationError, Conflict, InvalidInput
from archive.faults import InjectedFault
from archive.minutes.forms import FORMS, Form, Procedure
from archive.minutes.models import Minutes
from archive.minutes.render import MOTTO, NATION, place_and_date
from archive.minutes.service import (
    EVENT_TYPE,
    JSON_NAME,
    PDF_NAME,
    list_minutes,
    minutes_object_id,
    read_minutes,
    show_minutes,
    write_minutes,
)
from tests.support import certify, signed
from tests.support.pki import TestPki, serve_pki
from tests.unit.minutes import support

LAN = person_agent("lan")
AT = signed.LATER_THAT_DAY


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture
def home(pki: TestPki, tmp_path: Path, catalog_url: str) -> Iterator[Archive]:
    with support.home(tmp_path, pki, catalog_url) as archive:
        yield archive


def _events(archive: Archive) -> int:
    with unit_of_work(archive.sessions) as s:
        return int(s.scalar(select(func.count()).where(Event.event_type == EVENT_TYPE)) or 0)


def _rows(archive: Archive) -> int:
    with unit_of_work(archive.sessions) as s:
        return int(s.scalar(select(func.count()).select_from(Minutes)) or 0)


def test_minutes_are_signed_pdfa_with_their_json_and_a_replica(
    home: Archive, pki: TestPki, tmp_path: Path
) -> None:
    spec = support.spec()
    with freeze_time(AT, tick=True):
        record = write_minutes(home, None, spec, agent=LAN)
        pdf = read_minutes(home, str(record.id), "pdf")
        page = tmp_path / "minutes.pdf"
        page.write_bytes(pdf)

        # PDF/A-2B by siegfried, the archive's claim check and pikepdf (fonts, OutputIntent).
        assert certify.pdfa_problems(page) == []
        # pyHanko's command line: the archive's signature intact, trusted, timestamped.
        done = certify.pyhanko_validate(AT, page, pki.root_pem_path)
        assert done.returncode == 0, done.stdout + done.stderr
        field, _, status = done.stdout.split()[0].split(":", 2)
        assert field == "BienBan"
        assert status.startswith("INTACT:TRUSTED,"), status
        assert "TIMESTAMP_TOKEN<INTACT:TRUSTED>" in status, status

    # The JSON holds what the spec gave; the page prints every value of the JSON, diacritics
    # and all (pdfium's text; the page wraps long cells, so white space is left out, and the
    # heading prints the agency and its authority in capitals, as the law's forms do).
    data = json.loads(read_minutes(home, record.object_id, "json"))
    assert data["form"] == "destruction-m21"
    assert data["title"] == FORMS[Form.DESTRUCTION_M21].title_vi
    assert data["procedure"] == {"kind": "disposal", "code": "HUY-2026-01"}
    assert data["rows"][1][0] == "2" and data["rows"][1][1:] == list(spec.rows[1])
    assert [p["signed"] for p in data["participants"]] == [True, False]
    text = support.pdf_text(pdf)
    flat = support.flat(text).casefold()
    for value in support.values({k: v for k, v in data.items() if k != "date"}):
        assert support.flat(value).casefold() in flat, value
    for line in (NATION, MOTTO, place_and_date("Hà Nội", data["date"]), "Trần Thị Bích Ngọc"):
        assert line in text, line
    assert "ngày 20 tháng 11 năm 2026" in text

    # One record object, version 1, its two files in the primary and, byte for byte, the
    # replica; the catalog keeps their digests.
    assert record.object_id == minutes_object_id(spec.form, spec.procedure, spec.number)
    assert record.version == "v1"
    assert home.replica is not None
    for root in (home.ocfl, home.replica):
        with root.open_logical(record.object_id, PDF_NAME) as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == record.pdf_sha256
        with root.open_logical(record.object_id, JSON_NAME) as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == record.json_sha256

    # Found by procedure, by kind and by form; one event naming the procedure and the object.
    assert [m.id for m in list_minutes(home, procedure=spec.procedure)] == [record.id]
    assert list_minutes(home, procedure=Procedure("disposal", "HUY-2026-02")) == []
    assert [m.id for m in list_minutes(home, kind="disposal", form=Form.DESTRUCTION_M21)] == [
        record.id
    ]
    assert show_minutes(home, str(record.id))["content"] == data
    with unit_of_work(home.sessions) as s:
        (event,) = s.scalars(select(Event).where(Event.event_type == EVENT_TYPE))
        objects = json.loads(event.objects_json)
        assert {"id": "HUY-2026-01", "role": "source"} in objects
        assert {"id": record.object_id, "role": "outcome"} in objects
        assert verify_chain(s).ok


@pytest.mark.parametrize("form", list(Form))
def test_every_form_prints_its_title_and_columns(home: Archive, form: Form) -> None:
    """Each form: its title and every column of the law (Vietnamese and English)."""
    with freeze_time(AT, tick=True):
        record = write_minutes(home, None, support.spec(form, f"{form.value}-1"), agent=LAN)
    flat = support.flat(support.pdf_text(read_minutes(home, str(record.id), "pdf")))
    info = FORMS[form]
    assert support.flat(info.title_vi) in flat
    for vi, en in info.columns:
        assert support.flat(vi) in flat and support.flat(en) in flat, vi


def test_refusals_store_nothing(home: Archive, pki: TestPki, tmp_path: Path) -> None:
    spec = support.spec()
    bad_rows = [
        support.spec(rows=[["only one cell"]]),
        support.spec(number=" "),
        support.spec(place="Hà\x00Nội"),
        support.spec(paragraphs=["x" * 5000]),
    ]
    with freeze_time(AT, tick=True):
        for bad in bad_rows:
            with pytest.raises(InvalidInput) as refused:
                write_minutes(home, None, bad, agent=LAN)
            assert " / " in str(refused.value)  # Vietnamese / English
        assert not home.ocfl.exists(minutes_object_id(spec.form, spec.procedure, spec.number))
        write_minutes(home, None, spec, agent=LAN)
        with pytest.raises(Conflict, match="Đã có biên bản"):
            write_minutes(home, None, spec, agent=LAN)
    assert (_rows(home), _events(home)) == (1, 1)

    # Without the archive's key: refused before anything is stored.
    with signed.open_home(
        tmp_path / "unsigned-home", pki, database_url=f"sqlite:///{tmp_path / 'n.sqlite3'}"
    ) as unsigned:
        with freeze_time(AT, tick=True), pytest.raises(ConfigurationError):
            write_minutes(unsigned, None, spec, agent=LAN)
        assert not unsigned.ocfl.exists(minutes_object_id(spec.form, spec.procedure, spec.number))
        assert (_rows(unsigned), _events(unsigned)) == (0, 0)


def test_a_crash_between_store_and_catalog_is_completed_by_the_same_call(
    home: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = support.spec()
    object_id = minutes_object_id(spec.form, spec.procedure, spec.number)
    with freeze_time(AT, tick=True):
        monkeypatch.setenv("ARCHIVE_FAULT", "minutes_stored:raise")
        with pytest.raises(InjectedFault):
            write_minutes(home, None, spec, agent=LAN)
        # The object is whole (both files, v1) and nothing is catalogued.
        assert home.ocfl.inventory(object_id)["head"] == "v1"
        with home.ocfl.open_logical(object_id, PDF_NAME) as fh:
            stored = fh.read()
        assert (_rows(home), _events(home)) == (0, 0)
        monkeypatch.delenv("ARCHIVE_FAULT")

        # Other minutes under the same number: refused, the stored object kept as it is.
        with pytest.raises(Conflict, match="nội dung khác"):
            write_minutes(home, None, support.spec(subject="Khác"), agent=LAN)
        # The same call again adopts the stored object: not signed twice, one row, one event.
        record = write_minutes(home, None, spec, agent=LAN)
    assert read_minutes(home, str(record.id), "pdf") == stored
    assert home.ocfl.inventory(object_id)["head"] == "v1"
    assert (_rows(home), _events(home)) == (1, 1)


def test_minutes_in_the_callers_transaction(home: Archive) -> None:
    """With a session, the row and the event join the caller's transaction: rolled back with
    it (the object stays, and the next call adopts it)."""
    spec = support.spec(Form.HANDOVER, "05/BB-GN", procedure=Procedure("transfer", "NL-2026-1"))
    with freeze_time(AT, tick=True):
        with pytest.raises(RuntimeError), unit_of_work(home.sessions) as session:
            write_minutes(home, session, spec, agent=LAN)
            raise RuntimeError("the caller fails after")
        assert (_rows(home), _events(home)) == (0, 0)
        with unit_of_work(home.sessions) as session:
            record = write_minutes(home, session, spec, agent=LAN)
    assert [m.id for m in list_minutes(home, procedure=spec.procedure)] == [record.id]
