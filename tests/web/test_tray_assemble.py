"""The form of the page /tray that files documents into a dossier (docs/edxml.md, "Filing into
a dossier"): CSRF, archivists only, the dossier's fields typed in or a sheet uploaded, a refusal
shown with its findings and the documents still waiting; then a recall of the filed document
shows on the document's page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time

from archive.bootstrap import Archive, open_archive, person_agent
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.demo.pdf import render_pdf
from archive.edxml.intake import import_envelope
from archive.edxml.tray import show_tray
from archive.users.service import add_user
from tests.support import edxml
from tests.support.pki import ND30_DOCUMENT
from tests.support.signed import LATER_THAT_DAY
from tests.web.conftest import PASSWORD, csrf_of, login, new_client

PLAIN_PDF = render_pdf(ND30_DOCUMENT)  # unsigned: a warning (signature_policy_unsigned)


def _import(archive: Archive, path: Path, data: bytes) -> str:
    path.write_bytes(data)
    step = archive.signatures  # pyHanko loaded before the clock is frozen
    with freeze_time(LATER_THAT_DAY, tick=True):
        result = import_envelope(archive, step, path, person_agent("lan"))
    assert result.status in ("accepted", "recall pending"), result.findings
    return result.code


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Archive, list[str]]]:
    home = tmp_path_factory.mktemp("assemble") / "home"
    archive = open_archive(load_settings(home=home, ingest_workers=1), create=True)
    with unit_of_work(archive.sessions) as s:
        for role in ("archivist", "officer"):
            add_user(s, role, role, PASSWORD, person_agent("test"))
    codes = [
        _import(
            archive,
            home.parent / f"{n}.xml",
            edxml.envelope(edxml.Doc(number=n, attachments=[(f"cv-{n}.pdf", PLAIN_PDF)])),
        )
        for n in ("15", "16")
    ]
    try:
        yield archive, codes
    finally:
        archive.close()


@pytest.fixture
def client(home: tuple[Archive, list[str]]) -> Iterator[TestClient]:
    with new_client(home[0]) as c:
        yield c


FIELDS = {
    "fileCode": edxml.FILE_CODE,
    "title": "Hồ sơ công văn đến năm 2026",
    "maintenance": "01",
    "mode": "01",
}


def _post(client: TestClient, form: dict[str, object], **kwargs: object) -> object:
    return client.post("/tray/assemble", data=form, **kwargs)  # type: ignore[arg-type]


def test_file_from_the_page_then_a_recall_shows_on_the_document(
    client: TestClient, home: tuple[Archive, list[str]], tmp_path: Path
) -> None:
    archive, (first, second) = home
    login(client, "archivist")
    page = client.get("/tray")
    assert page.status_code == 200 and 'id="assemble"' in page.text
    assert f'name="code" value="{first}"' in page.text
    csrf = csrf_of(page.text)

    no_token = client.post("/tray/assemble", data={"code": [first], **FIELDS})
    assert no_token.status_code == 403

    bad = _post(client, {"csrf": csrf, "code": [first], **FIELDS, "fileCode": "sai"})
    assert bad.status_code == 422, bad.headers  # type: ignore[attr-defined]
    assert "ID001" in bad.text and 'id="assemble-findings"' in bad.text  # type: ignore[attr-defined]
    assert show_tray(archive, first)["state"] == "received"

    done = _post(client, {"csrf": csrf, "code": [first], **FIELDS})
    assert done.status_code == 303, done.text  # type: ignore[attr-defined]
    arc = done.headers["location"].removeprefix("/dossiers/")  # type: ignore[attr-defined]
    assert arc.endswith(edxml.FILE_CODE)
    assert client.get(f"/dossiers/{arc}").status_code == 200
    shown = show_tray(archive, first)
    assert shown["state"] == "filed" and shown["filed_dossier"] == arc
    tray_page = client.get(f"/tray/{first}")
    assert 'id="filed-into"' in tray_page.text and arc in tray_page.text

    # A sheet uploaded instead of the fields.
    sheet = edxml.dossier_sheet(tmp_path / "s.csv", file_code="000.00.12.H23.2026.02.VP")
    with sheet.open("rb") as fh:
        uploaded = _post(
            client,
            {"csrf": csrf, "code": [second]},
            files={"sheet": ("ho-so.csv", fh, "text/csv")},
        )
    assert uploaded.status_code == 303, uploaded.text  # type: ignore[attr-defined]
    assert show_tray(archive, second)["state"] == "filed"
    again = _post(client, {"csrf": csrf, "code": [second], **FIELDS})
    assert again.status_code == 409 and "(filed)" in again.text  # type: ignore[attr-defined]

    # The acceptance's second half: a recall of the archived document, on its page.
    doc_code = shown["filed_documents"][0]["doc_code"]
    quiet = client.get(f"/documents/{doc_code}")
    assert quiet.status_code == 200 and 'id="exchange"' in quiet.text
    assert 'id="recall-banner"' not in quiet.text
    _import(archive, tmp_path / "r.xml", edxml.recall_of("000.00.00.G09,2026,15"))
    flagged = client.get(f"/documents/{doc_code}")
    assert 'id="recall-banner"' in flagged.text and 'data-recall="pending"' in flagged.text
    assert "yêu cầu thu hồi" in flagged.text and f'href="/tray/{first}"' in flagged.text
    assert 'data-recall="pending"' in client.get(f"/tray/{first}").text


def test_other_roles_cannot_file(client: TestClient, home: tuple[Archive, list[str]]) -> None:
    login(client, "officer")
    csrf = csrf_of(client.get("/search").text)
    refused = client.post("/tray/assemble", data={"csrf": csrf, "code": [home[1][0]], **FIELDS})
    assert refused.status_code == 403
    assert re.search(r'data-recall="', client.get("/search").text) is None
