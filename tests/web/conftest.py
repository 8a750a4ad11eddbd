"""A real archive home for the web tests: the four signed demo dossiers ingested through the
CLI (modes 01, 02, 01, 03), four users (one per role), the app driven by Starlette's
TestClient. Built once per session; each test gets fresh clients (no shared cookies)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select

from archive.audit.models import Event
from archive.bootstrap import Archive, open_archive, person_agent
from archive.catalog.queries import find_document
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.search.service import SearchService
from archive.users.models import LoginLimit
from archive.users.service import add_user, issue_token
from archive.web import create_app
from tests.support.cli import run
from tests.support.postgres import PostgresCluster
from tests.support.sips import sip_input, write_mixed_sip, write_sip, zip_tree

PASSWORD = "mat-khau-thu-nghiem-2026"  # test fixture only; 12+ characters as required
ROLES = ("officer", "auditor", "archivist", "admin")


XSS = '<script>alert("xss")</script>'
XSS_DOC = f"{sip_input(90, 1).documents[0].values['docCode']}"


def write_xss_sip(folder: Path) -> Path:
    """A mode 01 dossier whose title and document subject carry a script tag."""
    sip = sip_input(90, 1)
    doc = replace(
        sip.documents[0], values={**sip.documents[0].values, "subject": f"Quyết định {XSS}"}
    )
    sip = replace(sip, dossier={**sip.dossier, "title": f"Hồ sơ {XSS}"}, documents=[doc])
    tree = write_sip(sip, folder / "xss-tree", objid="uuid-00000000-0000-4000-8000-000000000090")
    return zip_tree(tree, folder / "9-xss.zip")


ISOLATED = {"ARCHIVE_SECRET_RECORDS": "isolated"}
"""The home holds Mật (03) records (the demo's dossier 4, the mixed dossier): the isolated
profile (docs/secrets.md)."""


def cli(home: Path, *args: str, database_url: str | None = None) -> str:
    env = {"ARCHIVE_HOME": str(home), **ISOLATED}
    if database_url:
        env["ARCHIVE_DATABASE_URL"] = database_url
    result = run(home, *args, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def fill_home(home: Path, sips: Path, database_url: str | None = None) -> None:
    """Ingest every package of ``sips`` into a new home and add one user per role."""
    cli(home, "init", database_url=database_url)
    packages = sorted(str(p) for p in sips.glob("*.zip"))
    out = cli(home, "ingest", *packages, "--json", database_url=database_url)
    assert {r["status"] for r in json.loads(out)} == {"accepted"}
    catalog = {"database_url": database_url} if database_url else {}
    with (
        open_archive(Settings(home=home, **catalog)) as archive,
        unit_of_work(archive.sessions) as s,
    ):
        for role in ROLES:
            add_user(s, role, role, PASSWORD, person_agent("test"))


@pytest.fixture(scope="session")
def web_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("web") / "home"
    sips = home.parent / "sips"
    cli(home, "demo", "--sips-only", str(sips))
    write_xss_sip(sips)
    write_mixed_sip(sips)
    fill_home(home, sips)
    return home


@pytest.fixture(scope="session")
def pg_web_archive(
    web_home: Path, postgres_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Archive]:
    """The same packages and users as ``web_home``, catalogued on PostgreSQL: the doors that
    matter are checked on the production engine too (tests/web/test_postgres.py)."""
    home = tmp_path_factory.mktemp("web-pg") / "home"
    url = postgres_cluster.create_database(f"web_{uuid.uuid4().hex[:12]}")
    fill_home(home, web_home.parent / "sips", database_url=url)
    settings = Settings(home=home, database_url=url, secret_records="isolated")
    with open_archive(settings) as archive:
        yield archive


@pytest.fixture(scope="session")
def web_archive(web_home: Path) -> Iterator[Archive]:
    with open_archive(Settings(home=web_home, secret_records="isolated")) as archive:
        yield archive


@pytest.fixture(scope="session")
def restricted_archive(web_home: Path) -> Iterator[Archive]:
    """The same home configured to index and show mode 03 to archivist and admin."""
    settings = Settings(
        home=web_home,
        secret_records="isolated",
        search_index_restricted=True,
        search_index_dir=web_home / "index-restricted",
    )
    with open_archive(settings) as archive:
        service = SearchService(settings, archive.sessions, archive.ocfl)
        service.reindex()
        service.close()
        yield archive


def issue_tokens(archive: Archive) -> dict[str, str]:
    with unit_of_work(archive.sessions) as s:
        return {role: issue_token(s, role, person_agent("test")) for role in ROLES}


@pytest.fixture(scope="session")
def tokens(web_archive: Archive) -> dict[str, str]:
    return issue_tokens(web_archive)


@pytest.fixture(scope="session")
def pg_tokens(pg_web_archive: Archive) -> dict[str, str]:
    return issue_tokens(pg_web_archive)


def new_client(archive: Archive) -> TestClient:
    return TestClient(create_app(archive), follow_redirects=False)


@pytest.fixture(autouse=True)
def no_login_failures_left(web_archive: Archive) -> Iterator[None]:
    """Login attempts are counted in the shared catalog (every client is one address): each
    test starts with a clean slate, as it did when the count lived in each app's memory."""
    yield
    with unit_of_work(web_archive.sessions) as s:
        s.execute(delete(LoginLimit))


@pytest.fixture
def client(web_archive: Archive) -> Iterator[TestClient]:
    with new_client(web_archive) as c:
        yield c


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF field in the page"
    return match.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"name": name, "password": password, "csrf": csrf_of(page.text), "next": "/search"},
    )
    assert response.status_code == 303, response.text


def last_seq(archive: Archive) -> int:
    """The sequence number of the newest event (0 with none)."""
    with unit_of_work(archive.sessions) as s:
        return max(s.scalars(select(Event.seq)), default=0)


def events_since(archive: Archive, seq: int) -> list[Event]:
    """The events after ``seq`` (see :func:`last_seq`), oldest first, detached from their
    session so that a test can read them."""
    with unit_of_work(archive.sessions) as s:
        rows = list(s.scalars(select(Event).where(Event.seq > seq).order_by(Event.seq)))
        s.expunge_all()
        return rows


@contextmanager
def wrong_recorded_sha256(archive: Archive, doc_code: str) -> Iterator[None]:
    """The catalog records a wrong SHA-256 for the document's original while the block runs
    (the stored bytes stay as they are); the right one is put back afterwards."""
    with unit_of_work(archive.sessions) as s:
        doc = find_document(s, doc_code)
        assert doc is not None
        original = next(f for f in doc.files if f.role == "original")
        recorded, original.sha256 = original.sha256, "0" * 64
    try:
        yield
    finally:
        with unit_of_work(archive.sessions) as s:
            doc = find_document(s, doc_code)
            assert doc is not None
            next(f for f in doc.files if f.role == "original").sha256 = recorded
