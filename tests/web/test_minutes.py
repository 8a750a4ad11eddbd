"""The minutes page (docs/minutes.md): archivists and administrators see the minutes by
procedure and download the signed PDF as stored; other roles get 403."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time

from archive.bootstrap import Archive, person_agent
from archive.db.engine import unit_of_work
from archive.minutes.forms import Form, Procedure
from archive.minutes.service import MinutesRecord, write_minutes
from archive.users.service import add_user
from tests.support.pki import TestPki, serve_pki
from tests.support.signed import LATER_THAT_DAY
from tests.unit.minutes import support
from tests.web.conftest import PASSWORD, login, new_client


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture(scope="module")
def written(
    pki: TestPki, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Archive, list[MinutesRecord]]]:
    folder = tmp_path_factory.mktemp("minutes")
    with support.home(folder, pki, f"sqlite:///{folder / 'catalog.sqlite3'}") as archive:
        with unit_of_work(archive.sessions) as s:
            for role in ("archivist", "admin", "officer", "auditor"):
                add_user(s, role, role, PASSWORD, person_agent("test"))
        lan = person_agent("lan")
        with freeze_time(LATER_THAT_DAY, tick=True):
            records = [
                write_minutes(archive, None, support.spec(), agent=lan),
                write_minutes(
                    archive,
                    None,
                    support.spec(
                        Form.HANDOVER, "01/BB-GN", procedure=Procedure("transfer", "NL-<b>1")
                    ),
                    agent=lan,
                ),
            ]
        yield archive, records


@pytest.fixture
def client(written: tuple[Archive, list[MinutesRecord]]) -> Iterator[TestClient]:
    with new_client(written[0]) as c:
        yield c


def _ids(html: str) -> list[str]:
    return re.findall(r'data-minutes="([^"]+)"', html)


@pytest.mark.parametrize("role", ["archivist", "admin"])
def test_minutes_are_listed_and_downloaded(
    client: TestClient, written: tuple[Archive, list[MinutesRecord]], role: str
) -> None:
    _archive, records = written
    login(client, role)
    page = client.get("/minutes")
    assert page.status_code == 200 and 'href="/minutes"' in page.text
    assert _ids(page.text) == [str(r.id) for r in records]
    assert "NL-&lt;b&gt;1" in page.text and "NL-<b>1" not in page.text
    assert _ids(client.get("/minutes", params={"kind": "transfer"}).text) == [str(records[1].id)]
    pdf = client.get(f"/minutes/{records[0].id}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert "attachment" in pdf.headers["content-disposition"]
    assert hashlib.sha256(pdf.content).hexdigest() == records[0].pdf_sha256
    assert client.get("/minutes/999/minutes.pdf").status_code == 404


@pytest.mark.parametrize("role", ["officer", "auditor"])
def test_other_roles_are_refused(
    client: TestClient, written: tuple[Archive, list[MinutesRecord]], role: str
) -> None:
    login(client, role)
    assert 'href="/minutes"' not in client.get("/search").text
    assert client.get("/minutes").status_code == 403
    assert client.get(f"/minutes/{written[1][0].id}/minutes.pdf").status_code == 403


def test_anonymous_is_sent_to_login(
    client: TestClient, written: tuple[Archive, list[MinutesRecord]]
) -> None:
    assert client.get("/minutes").status_code in (303, 401)
    assert client.get(f"/minutes/{written[1][0].id}/minutes.pdf").status_code in (303, 401)
