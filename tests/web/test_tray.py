"""The filing tray page (docs/edxml.md): archivists see the received documents, filter them
by sender, date and type, open one with its history; other roles get 403."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time

from archive.bootstrap import Archive, open_archive, person_agent
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.demo.pdf import render_pdf
from archive.edxml.intake import import_envelope
from archive.users.service import add_user
from tests.support import edxml
from tests.support.pki import ND30_DOCUMENT
from tests.support.signed import LATER_THAT_DAY
from tests.web.conftest import PASSWORD, login, new_client

PLAIN_PDF = render_pdf(ND30_DOCUMENT)  # unsigned: a warning (signature_policy_unsigned)


@pytest.fixture(scope="module")
def tray_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    home = tmp_path_factory.mktemp("tray") / "home"
    archive = open_archive(load_settings(home=home, ingest_workers=1), create=True)
    with unit_of_work(archive.sessions) as s:
        for role in ("archivist", "officer", "auditor"):
            add_user(s, role, role, PASSWORD, person_agent("test"))
    docs = [
        edxml.Doc(attachments=[("cv.pdf", PLAIN_PDF)]),
        edxml.Doc(
            attachments=[("qd.pdf", PLAIN_PDF)],
            number="7",
            notation="QĐ-UBND",
            type_name="Quyết định",
            sender="000.00.12.H23",
            sender_name="Ủy ban nhân dân tỉnh <b>X</b>",
            date="02/11/2026",
        ),
    ]
    for i, doc in enumerate(docs):
        path = home.parent / f"{i}.xml"
        path.write_bytes(edxml.envelope(doc))
        step = archive.signatures  # pyHanko loaded before the clock is frozen
        with freeze_time(LATER_THAT_DAY, tick=True):
            result = import_envelope(archive, step, path, person_agent("lan"))
        assert result.status == "accepted", [f.message_en for f in result.findings]
    try:
        yield archive
    finally:
        archive.close()


@pytest.fixture
def client(tray_archive: Archive) -> Iterator[TestClient]:
    with new_client(tray_archive) as c:
        yield c


def _codes(html: str) -> list[str]:
    import re

    return re.findall(r'data-tray="([^"]+)"', html)


def test_archivist_lists_filters_and_opens(client: TestClient) -> None:
    login(client, "archivist")
    page = client.get("/tray")
    assert page.status_code == 200 and 'href="/tray"' in page.text
    assert len(_codes(page.text)) == 2
    assert "&lt;b&gt;X&lt;/b&gt;" in page.text and "<b>X</b>" not in page.text
    assert len(_codes(client.get("/tray", params={"sender": "000.00.12.H23"}).text)) == 1
    assert len(_codes(client.get("/tray", params={"sender": "nội vụ"}).text)) == 1
    assert len(_codes(client.get("/tray", params={"since": "10/11/2026"}).text)) == 1
    assert len(_codes(client.get("/tray", params={"type": "Quyết định"}).text)) == 1
    assert _codes(client.get("/tray", params={"state": "filed"}).text) == []
    bad = client.get("/tray", params={"since": "2026-11-10"})
    assert bad.status_code == 400 and "dd/mm/yyyy" in bad.text

    code = _codes(client.get("/tray", params={"type": "Công văn"}).text)[0]
    one = client.get(f"/tray/{code}")
    assert one.status_code == 200
    assert "Quá trình xử lý" in one.text and "000.00.00.H00" in one.text
    assert "Nguyễn Văn An" in one.text and "cv.pdf" in one.text
    assert client.get("/tray/VBD-NOTHING").status_code == 404


@pytest.mark.parametrize("role", ["officer", "auditor"])
def test_other_roles_are_refused(client: TestClient, role: str) -> None:
    login(client, role)
    assert 'href="/tray"' not in client.get("/search").text
    assert client.get("/tray").status_code == 403
    assert client.get("/tray/VBD-ANY").status_code == 403


def test_anonymous_is_sent_to_login(client: TestClient) -> None:
    response = client.get("/tray")
    assert response.status_code in (303, 401)
