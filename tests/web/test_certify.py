"""The web action "Cấp bản sao có xác thực" (docs/use.md, ADR 0017): shown to the roles of
``certify_roles`` only, a form with its CSRF token, the DIP zip back as a download; other roles,
missing tokens, unknown and Mật codes refused, nothing left behind."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time
from sqlalchemy import select

from archive.audit.models import Event
from archive.bootstrap import Archive, person_agent
from archive.catalog.models import Document
from archive.db.engine import unit_of_work
from archive.use.certify import EVENT_TYPE
from archive.users.service import add_user
from archive.web.app import create_app
from tests.support import certify as support
from tests.support import signed
from tests.support.pki import SIGNING_TIME, TestPki, serve_pki, sign_nd30_pdf
from tests.web.conftest import PASSWORD, csrf_of

AT = signed.LATER_THAT_DAY


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture(scope="module")
def home(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Archive, bytes]]:
    tmp = tmp_path_factory.mktemp("web-certify")
    with freeze_time(SIGNING_TIME, tick=True):
        data = sign_nd30_pdf(pki, "B-LT")
    with support.home(tmp / "home", pki, secret_records="isolated") as archive:
        signed.ingest(archive, signed.package(tmp, 1, data))
        signed.ingest(archive, signed.package(tmp, 2, data))
        with unit_of_work(archive.sessions) as s:
            add_user(s, "lan", "archivist", PASSWORD, person_agent("test"))
            add_user(s, "minh", "officer", PASSWORD, person_agent("test"))
            secret = s.scalars(
                select(Document).where(Document.doc_code.like(f"%{signed.doc_code(2)}"))
            ).one()
            secret.mode = "03"
        yield archive, data


def _code(archive: Archive, n: int) -> str:
    with unit_of_work(archive.sessions) as s:
        return str(
            s.scalars(
                select(Document.doc_code).where(Document.doc_code.like(f"%{signed.doc_code(n)}"))
            ).one()
        )


def _client(archive: Archive, name: str) -> TestClient:
    client = TestClient(create_app(archive), follow_redirects=False)
    page = client.get("/login")
    logged = client.post(
        "/login",
        data={"name": name, "password": PASSWORD, "csrf": csrf_of(page.text), "next": "/"},
    )
    assert logged.status_code == 303
    return client


def _copies(archive: Archive) -> int:
    with unit_of_work(archive.sessions) as s:
        return len(s.scalars(select(Event).where(Event.event_type == EVENT_TYPE)).all())


def test_an_archivist_downloads_a_certified_copy(home: tuple[Archive, bytes]) -> None:
    archive, original = home
    code = _code(archive, 1)
    with freeze_time(AT, tick=True), _client(archive, "lan") as web:
        page = web.get(f"/documents/{code}")
        assert "Cấp bản sao có xác thực" in page.text
        answer = web.post(
            f"/documents/{code}/certify",
            data={"purpose": "Giải quyết khiếu nại", "csrf": csrf_of(page.text)},
        )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    assert "attachment" in answer.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(answer.content)) as zf:
        names = zf.namelist()
        (data,) = [n for n in names if "/representations/rep1/data/" in n]
        assert zf.read(data) == original
        assert any(n.endswith(f"/documentation/XacThuc_{code}.pdf") for n in names)
    assert _copies(archive) >= 1
    assert list(archive.settings.staging_dir.glob("webcopy-*")) == []


def test_refusals(home: tuple[Archive, bytes]) -> None:
    archive, _ = home
    code, secret = _code(archive, 1), _code(archive, 2)
    before = _copies(archive)
    with freeze_time(AT, tick=True):
        with _client(archive, "minh") as web:
            page = web.get(f"/documents/{code}")
            assert page.status_code == 200 and 'id="certify"' not in page.text
            refused = web.post(
                f"/documents/{code}/certify", data={"purpose": "x", "csrf": csrf_of(page.text)}
            )
            assert refused.status_code == 409
            assert "certify_roles" in refused.text and "không có quyền" in refused.text
        with _client(archive, "lan") as web:
            csrf = csrf_of(web.get(f"/documents/{code}").text)
            no_token = web.post(f"/documents/{code}/certify", data={"purpose": "x"})
            assert no_token.status_code == 403
            answers = []
            for other in (secret, "000.00.00.H99.2026.99.XX.0000001"):
                gone = web.post(f"/documents/{other}/certify", data={"purpose": "x", "csrf": csrf})
                assert gone.status_code == 404
                answers.append(gone.text.replace(other, "CODE"))
            assert answers[0] == answers[1]
    assert _copies(archive) == before
    assert list(archive.settings.staging_dir.glob("webcopy-*")) == []
