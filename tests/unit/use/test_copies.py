"""Reading copies and plain copies (TT 05/2025 Đ37, Đ40; archive/use/copies.py) on a real home,
SQLite and PostgreSQL: made from the stored original, which stays byte for byte; kept 0600 in
the home's private working area; open until their end, then nothing; deleted 5 days after by
the purge; only for someone who may open the document (a grant for mode 02, never mode 03),
with no answer that tells a hidden document from a missing one. The clock is frozen."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from pypdf import PdfReader
from sqlalchemy import select

from archive.audit.models import Event
from archive.bootstrap import Archive, person_agent
from archive.catalog.queries import find_document
from archive.db.engine import unit_of_work
from archive.errors import NotFound
from archive.faults import InjectedFault
from archive.use.copies import Kind, copies_dir, issue, list_copies, open_copy, purge
from archive.use.service import approve, request_use
from archive.users.service import add_user
from tests.support.retention import ingest_dossier

START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
PASSWORD = "mat-khau-thu-nghiem-2026"
USERS = {"minh": "officer", "lan": "archivist", "quan": "admin"}


def _doc(n: int, i: int = 1) -> str:
    return f"000.00.00.H49.2010.{n:02d}.VP.{i:07d}"


CONDITIONAL, PUBLIC, SECRET = _doc(1), _doc(1, 2), _doc(2)


@pytest.fixture
def home(archive: Archive, tmp_path: Path) -> Iterator[Archive]:
    """Dossier 1: a conditional (02) document and a public one; dossier 2: a Mật (03) one."""
    with freeze_time(START, tick=True):
        ingest_dossier(archive, tmp_path, 1, maintenance="01", doc_mode="02", docs=2)
        ingest_dossier(archive, tmp_path, 2, maintenance="01", doc_mode="03", docs=1)
        with unit_of_work(archive.sessions) as s:
            for name, role in USERS.items():
                add_user(s, name, role, PASSWORD, person_agent("test"))
    yield archive


def _stored_sha256(archive: Archive, code: str) -> str:
    with unit_of_work(archive.sessions) as s:
        doc = find_document(s, code)
        assert doc is not None
        original = next(f for f in doc.files if f.role == "original")
        key = archive.ocfl.content_key(doc.dossier.object_id, original.content_path)
    with archive.ocfl.store.open(key) as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def _events(archive: Archive, kind: str) -> list[Event]:
    with unit_of_work(archive.sessions) as s:
        rows = list(s.scalars(select(Event).where(Event.event_type == kind).order_by(Event.seq)))
        s.expunge_all()
        return rows


def _issue(archive: Archive, holder: str, code: str, kind: Kind) -> dict[str, Any]:
    with unit_of_work(archive.sessions) as s:
        row = issue(s, archive.settings, archive.ocfl, holder, code, kind, person_agent(holder))
        return {"id": row.id, "file": row.file, "until": row.valid_until, "sha256": row.sha256}


def _text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(BytesIO(path.read_bytes())).pages)


def test_a_reading_copy_leaves_the_original_as_it_was(home: Archive) -> None:
    before = _stored_sha256(home, PUBLIC)
    with freeze_time(START + timedelta(days=1)):
        made = _issue(home, "minh", PUBLIC, "reading")
        again = _issue(home, "minh", PUBLIC, "reading")  # the one still open, not a new one
        with unit_of_work(home.sessions) as s:
            row, path = open_copy(s, home.settings, "minh", made["id"], "reading")
            assert row.valid_until == "2026-11-18T08:00:00+00:00"  # 15 days
    assert again == made
    assert _stored_sha256(home, PUBLIC) == before
    assert hashlib.sha256(path.read_bytes()).hexdigest() == made["sha256"] != before
    text = _text(path)
    assert home.settings.agency_name in text
    assert "Bản đọc cấp cho minh ngày 03/11/2026" in text
    # The working area is private: the folder 0700, the file 0600, never in storage.
    assert stat.S_IMODE(copies_dir(home.settings).stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.parent == home.settings.home.resolve() / "copies"
    (event,) = _events(home, "reading copy issued")
    for part in (PUBLIC, "minh", "reading copy", "18/11/2026 15:00:00"):
        assert part in event.detail
    assert home.verify_audit().ok


def test_a_plain_copy_ends_and_is_purged_five_days_later(home: Archive) -> None:
    with freeze_time(START) as clock:
        made = _issue(home, "minh", PUBLIC, "plain")
        path = copies_dir(home.settings) / made["file"]
        assert "BẢN SAO" in PdfReader(BytesIO(path.read_bytes())).pages[0].extract_text()
        clock.move_to(START + timedelta(days=15) - timedelta(seconds=1))
        with unit_of_work(home.sessions) as s:
            open_copy(s, home.settings, "minh", made["id"], "plain")
            with pytest.raises(NotFound):  # a plain copy is not a reading copy
                open_copy(s, home.settings, "minh", made["id"], "reading")
            with pytest.raises(NotFound):  # nor anyone else's
                open_copy(s, home.settings, "lan", made["id"], "plain")
        clock.move_to(START + timedelta(days=15))
        with unit_of_work(home.sessions) as s, pytest.raises(NotFound):
            open_copy(s, home.settings, "minh", made["id"], "plain")
        clock.move_to(START + timedelta(days=20) - timedelta(seconds=1))
        with unit_of_work(home.sessions) as s:
            assert purge(s, home.settings, person_agent("cron")) == 0
        assert path.is_file()
        clock.move_to(START + timedelta(days=20))
        with unit_of_work(home.sessions) as s:
            assert purge(s, home.settings, person_agent("cron")) == 1
            (row,) = list_copies(s, "minh")
        assert not path.exists()
        assert (row["state"], row["deletedAt"]) == ("deleted", "2026-11-22T08:00:00+00:00")
        with unit_of_work(home.sessions) as s:
            assert purge(s, home.settings, person_agent("cron")) == 0  # once only
    (event,) = _events(home, "copy deleted")
    assert PUBLIC in event.detail and "minh" in event.detail and "plain copy" in event.detail
    assert len(_events(home, "plain copy issued")) == 1


def test_mode_02_needs_a_live_grant_and_mode_03_never_gets_a_copy(home: Archive) -> None:
    settings = home.settings
    with freeze_time(START + timedelta(days=1)) as clock:
        answers = []
        for code in (CONDITIONAL, SECRET, "000.00.00.H49.2010.09.VP.0000001"):
            with unit_of_work(home.sessions) as s, pytest.raises(NotFound) as caught:
                issue(s, settings, home.ocfl, "minh", code, "reading", person_agent("minh"))
            answers.append(str(caught.value).replace(code, "X"))
        assert len(set(answers)) == 1  # hidden and missing answer alike
        with unit_of_work(home.sessions) as s:
            asked = request_use(
                s, settings, "minh", CONDITIONAL, "Nghiên cứu", person_agent("minh")
            )
            approve(s, settings, asked.id, "lan", person_agent("lan"), days=3)
        made = _issue(home, "minh", CONDITIONAL, "reading")
        assert _issue(home, "lan", CONDITIONAL, "plain")["id"] != made["id"]  # lan sees 02
        # The grant ends before the copy would: the copy opens nothing any more.
        clock.move_to(START + timedelta(days=4, seconds=1))
        with unit_of_work(home.sessions) as s, pytest.raises(NotFound):
            open_copy(s, settings, "minh", made["id"], "reading")
    # Mật (03): not even for a role that may find it in the isolated profile.
    sees_secrets = settings.model_copy(
        update={"search_index_restricted": True, "search_roles_mode_03": ["admin"]}
    )
    with unit_of_work(home.sessions) as s, pytest.raises(NotFound):
        issue(s, sees_secrets, home.ocfl, "quan", SECRET, "plain", person_agent("quan"))
    assert not any(SECRET in e.detail for e in _events(home, "plain copy issued"))


def test_the_purge_removes_files_no_copy_names_once_they_are_old(home: Archive) -> None:
    """A crash between a copy's file and its commit leaves a file no row names: the purge
    removes it once it is an hour old (a younger one may be a copy being made)."""
    folder = copies_dir(home.settings)
    old, young = folder / "stale.pdf", folder / "being-made.pdf"
    with freeze_time(START + timedelta(days=1)):
        kept = _issue(home, "minh", PUBLIC, "plain")
        for path, age in ((old, 7200), (young, 60)):
            path.write_bytes(b"%PDF-")
            moment = (START + timedelta(days=1)).timestamp() - age
            os.utime(path, (moment, moment))
        with unit_of_work(home.sessions) as s:
            assert purge(s, home.settings, person_agent("cron")) == 0
    assert not old.exists() and young.exists()
    assert (folder / kept["file"]).is_file()


@pytest.mark.parametrize("point", ["copy_written", "copy_recorded"])
def test_a_crash_while_making_a_copy_leaves_nothing(
    home: Archive, point: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Failing after the file is written, or after its row and event: no file, no row, no
    event (the transaction rolls back and the file goes with it)."""
    monkeypatch.setenv("ARCHIVE_FAULT", f"{point}:raise")
    with freeze_time(START + timedelta(days=1)), pytest.raises(InjectedFault):
        _issue(home, "minh", PUBLIC, "plain")
    assert list(copies_dir(home.settings).iterdir()) == []
    with unit_of_work(home.sessions) as s:
        assert list_copies(s, None) == []
    assert _events(home, "plain copy issued") == []
    monkeypatch.delenv("ARCHIVE_FAULT")
    with freeze_time(START + timedelta(days=1)):
        assert _issue(home, "minh", PUBLIC, "plain")["id"]  # and a retry makes it
