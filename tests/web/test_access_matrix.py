"""Access matrix: anonymous, officer, auditor, archivist, admin × access modes 01, 02, 03, over
search results, totals, facet counts, dossier and document pages, downloads, reading the
original in the browser and the API.

Expectations come from the settings (``allowed_modes``), never from the code under test:
with the defaults, mode 02 is for archivist and admin and mode 03 for nobody; with
``search_index_restricted`` on, mode 03 is for archivist and admin too. A record a role may not
see must answer exactly like one that does not exist, and its code, symbol and subject must
appear in no page or JSON the role receives.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.bootstrap import Archive
from archive.catalog.codes import effective_mode
from archive.catalog.models import Document
from archive.db.engine import unit_of_work
from archive.messages.catalogue import translator
from archive.users.access import allowed_modes
from tests.web.conftest import login, new_client

ROLES = ("anonymous", "officer", "auditor", "archivist", "admin")
FAKE_DOC = "000.00.00.H00.1999.99.XX.0000001"
FAKE_DOSSIER = "000.00.00.H99.000.00.00.H00.1999.99.XX"
PDF = "application/pdf"


@dataclass(frozen=True)
class Record:
    doc_code: str
    dossier: str
    mode: str
    dossier_mode: str
    symbol: str
    subject: str
    mime_type: str
    """Of the original; only a PDF is served to be read in the browser."""


def _records(archive: Archive) -> list[Record]:
    with unit_of_work(archive.sessions) as s:
        return [
            Record(
                d.doc_code,
                d.dossier.arc_file_code,
                effective_mode(d.mode, d.dossier.mode),
                d.dossier.mode,
                f"{d.code_number}/{d.code_notation}" if d.code_number else "",
                d.subject,
                next(f.mime_type for f in d.files if f.role == "original"),
            )
            for d in s.scalars(select(Document).order_by(Document.id))
        ]


def _blank(text: str, r: Record) -> str:
    """A page with the asked-for codes blanked (the error page repeats the URL asked for)."""
    for code in (r.doc_code, r.dossier, FAKE_DOC, FAKE_DOSSIER):
        text = text.replace(code, "X")
    return text


def _client(archive: Archive, role: str) -> TestClient:
    client = new_client(archive)
    if role != "anonymous":
        login(client, role)
    return client


def check_role(archive: Archive, role: str, tokens: dict[str, str]) -> None:
    records = _records(archive)
    assert {r.mode for r in records} == {"01", "02", "03"}
    assert {r.mime_type for r in records} > {PDF}  # a visible non-PDF too (the demo's CSV)
    # One dossier open to all holds documents that are not (mode 01 dossier, 02 and 03 documents).
    assert {r.mode for r in records if r.dossier_mode == "01"} == {"01", "02", "03"}
    allowed = frozenset() if role == "anonymous" else allowed_modes(archive.settings, role)
    seen = [r for r in records if r.mode in allowed]
    hidden = [r for r in records if r.mode not in allowed]
    bodies: list[str] = []
    with _client(archive, role) as web, new_client(archive) as api:
        auth = {"authorization": f"Bearer {tokens[role]}"} if role in tokens else {}
        # Search page and API: everything the role may see, nothing else, in hits and counts.
        page = web.get("/search", params={"per_page": 100})
        found = api.get("/api/search", params={"per_page": 100}, headers=auth)
        if role == "anonymous":
            assert page.status_code == 303 and page.headers["location"].startswith("/login")
            assert found.status_code == 401
        else:
            assert page.status_code == 200 and found.status_code == 200
            data = found.json()
            visible_indexed = [
                r for r in seen if r.mode != "03" or archive.settings.search_index_restricted
            ]
            assert data["total"] == len(visible_indexed)
            assert {h["docCode"] for h in data["hits"]} == {r.doc_code for r in visible_indexed}
            assert {b["value"] for b in data["facets"]["mode"]} <= set(allowed)
            for facet in data["facets"].values():
                assert sum(b["count"] for b in facet) <= data["total"]
            assert sum(b["count"] for b in data["facets"]["mode"]) == data["total"]
            bodies += [page.text, found.text]
        # Searching for a hidden record's own symbol finds nothing.
        for r in hidden:
            if r.symbol and role != "anonymous":
                hit = api.get("/api/search", params={"q": r.symbol}, headers=auth).json()
                assert r.doc_code not in {h["docCode"] for h in hit["hits"]}
                bodies.append(web.get("/search", params={"q": r.symbol}).text)
        # Pages, API records and downloads.
        for r in records:
            urls = [
                f"/documents/{r.doc_code}",
                f"/dossiers/{r.dossier}",
                f"/documents/{r.doc_code}/original",
                f"/documents/{r.doc_code}/read",
            ]
            api_urls = [
                f"/api/documents/{r.doc_code}",
                f"/api/dossiers/{r.dossier}",
                f"/api/documents/{r.doc_code}/original",
            ]
            if role in ("auditor", "archivist", "admin"):
                urls += [f"/documents/{r.doc_code}/audit", f"/dossiers/{r.dossier}/audit"]
            for url in urls:
                got = web.get(url)
                mode = r.dossier_mode if url.startswith("/dossiers/") else r.mode
                if role == "anonymous":
                    assert got.status_code == 303, url
                elif url.endswith("/read") and mode in allowed and r.mime_type != PDF:
                    assert got.status_code == 404, (role, url)  # visible, but not a PDF
                    assert translator("vi")("not_readable") in got.text
                    bodies.append(got.text)
                elif mode in allowed:
                    assert got.status_code == 200, (role, url)
                    if url.endswith("/read"):  # the PDF itself, for the browser's viewer
                        assert got.headers["content-type"] == PDF
                        assert got.headers["content-disposition"].startswith("inline;")
                    elif not url.endswith("/original"):
                        bodies.append(got.text)
                else:
                    assert got.status_code == 404, (role, url)
                    assert got.headers["content-type"].startswith("text/html"), url
                    assert not got.content.startswith(b"%PDF"), url
                    fake = url.replace(r.doc_code, FAKE_DOC).replace(r.dossier, FAKE_DOSSIER)
                    missing = web.get(fake)
                    assert missing.status_code == 404
                    assert _blank(got.text, r) == _blank(missing.text, r), url
            for url in api_urls:
                got = api.get(url, headers=auth)
                mode = r.dossier_mode if url.startswith("/api/dossiers/") else r.mode
                if role == "anonymous":
                    assert got.status_code == 401, url
                elif mode in allowed:
                    assert got.status_code == 200, (role, url)
                    if not url.endswith("/original"):
                        bodies.append(got.text)
                else:
                    assert got.status_code == 404, (role, url)
                    assert r.subject not in got.text
    # Zero leaks: nothing the role received names a record it may not see.
    for body in bodies:
        for r in hidden:
            assert r.doc_code not in body, (role, r.doc_code)
            assert r.subject not in body, (role, r.subject)


@pytest.mark.parametrize("role", ROLES)
def test_default_settings(web_archive: Archive, tokens: dict[str, str], role: str) -> None:
    assert not web_archive.settings.search_index_restricted
    check_role(web_archive, role, tokens)


@pytest.mark.parametrize("role", ROLES)
def test_mode_03_configured_visible(
    restricted_archive: Archive, tokens: dict[str, str], role: str
) -> None:
    assert restricted_archive.settings.search_index_restricted
    check_role(restricted_archive, role, tokens)


def test_officer_cannot_open_a_mode_03_document(client: TestClient, web_archive: Archive) -> None:
    secret = next(r for r in _records(web_archive) if r.mode == "03")
    login(client, "officer")
    assert client.get(f"/documents/{secret.doc_code}").status_code == 404
    assert client.get(f"/documents/{secret.doc_code}/original").status_code == 404
    assert client.get(f"/documents/{secret.doc_code}/read").status_code == 404
    assert client.head(f"/documents/{secret.doc_code}/read").status_code == 404
    assert client.get(f"/documents/{secret.doc_code}/verification").status_code == 403
