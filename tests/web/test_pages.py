"""The pages and the JSON API on the demo archive: search, dossier, document, download,
verification, audit trail, language switch; every view and download is a PREMIS event."""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.audit.models import Event
from archive.bootstrap import Archive
from archive.catalog.queries import find_document
from archive.db.engine import unit_of_work
from tests.web.conftest import last_seq, login, wrong_recorded_sha256

DECISION = "000.00.00.H49.2023.12.TNMT.0000002"  # Quyết định 123/QĐ-UBND, mode 01
DOSSIER = "000.00.00.H99.000.00.00.H49.2023.12.TNMT"


def _stored_bytes(archive: Archive, doc_code: str) -> bytes:
    with unit_of_work(archive.sessions) as s:
        doc = find_document(s, doc_code)
        assert doc is not None
        original = next(f for f in doc.files if f.role == "original")
        key = archive.ocfl.content_key(doc.dossier.object_id, original.content_path)
    with archive.ocfl.store.open(key) as fh:
        return fh.read()


def _events_since(archive: Archive, seq: int) -> list[Event]:
    with unit_of_work(archive.sessions) as s:
        rows = list(s.scalars(select(Event).where(Event.seq > seq).order_by(Event.seq)))
        s.expunge_all()
        return rows


def test_search_without_diacritics_finds_the_decision(client: TestClient) -> None:
    login(client, "officer")
    page = client.get("/search", params={"q": "quyet dinh 123 dat dai"})
    assert page.status_code == 200
    assert f"/documents/{DECISION}" in page.text
    assert "<mark>" in page.text and "Quyết định" in page.text
    # Facets are links that add the filter; following one narrows the results.
    assert (
        'data-facet="type"' in page.text
        and "/search?q=quyet+dinh+123+dat+dai&amp;type=02" in page.text
    )
    narrowed = client.get("/search", params={"q": "quyet dinh 123 dat dai", "type": "02"})
    assert narrowed.status_code == 200 and f"/documents/{DECISION}" in narrowed.text
    assert 'class="active"' in narrowed.text


def test_search_paging_and_sort(client: TestClient) -> None:
    login(client, "officer")
    first = client.get("/search", params={"sort": "newest", "per_page": 3})
    assert first.status_code == 200 and 'rel="next"' in first.text
    second = client.get("/search", params={"sort": "newest", "per_page": 3, "page": 2})
    assert 'rel="prev"' in second.text
    bad = client.get("/search", params={"page": "x"})
    assert bad.status_code == 400 and "page" in bad.text


def test_dossier_page_shows_tt05_labels_and_the_document_list(client: TestClient) -> None:
    login(client, "officer")
    page = client.get(f"/dossiers/{DOSSIER}")
    assert page.status_code == 200
    for text in (
        "Mã hồ sơ lưu trữ",
        "Thời hạn lưu trữ",
        'Vĩnh viễn <span class="code">01</span>',  # the label, then its code
        "Chế độ sử dụng",
        "Mục lục văn bản",
        "123/QĐ-UBND",
        "Tên loại và trích yếu nội dung",
    ):
        assert text in page.text, text
    assert page.text.count('href="/documents/') == 4


def test_document_page_badges_and_download_is_byte_identical(
    client: TestClient, web_archive: Archive
) -> None:
    login(client, "officer")
    before = last_seq(web_archive)
    page = client.get(f"/documents/{DECISION}")
    assert page.status_code == 200
    assert "Trích yếu nội dung" in page.text and "123/QĐ-UBND" in page.text
    assert 'class="badge' in page.text  # signature status badges from the catalog
    assert "Chữ ký cá nhân" in page.text and "Chữ ký cơ quan, tổ chức" in page.text
    assert "/verification" not in page.text  # officers have no verification view
    got = client.get(f"/documents/{DECISION}/original")
    assert got.status_code == 200
    stored = _stored_bytes(web_archive, DECISION)
    assert got.content == stored and got.content.startswith(b"%PDF")
    assert got.headers["x-content-sha256"] == hashlib.sha256(stored).hexdigest()
    assert "attachment" in got.headers["content-disposition"]
    events = _events_since(web_archive, before)
    kinds = [
        (e.event_type, "user:officer" in e.agents_json, DECISION in e.objects_json) for e in events
    ]
    assert kinds == [("access", True, True), ("dissemination", True, True)]


def test_auditor_sees_verification_and_audit_trail(
    client: TestClient, web_archive: Archive
) -> None:
    login(client, "auditor")
    page = client.get(f"/documents/{DECISION}")
    assert f"/documents/{DECISION}/verification" in page.text
    report = client.get(f"/documents/{DECISION}/verification")
    assert report.status_code == 200
    # The demo PKI is not among this archive's trust roots: the report kept at ingest says so.
    assert "Chuỗi bằng chứng tồn tại" in report.text
    assert "INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND" in report.text
    assert "Trần Thị Bình" in report.text and "B-LTA" in report.text
    # The POE chain: signature timestamps, the document timestamp, the ingest event.
    for kind in ("Dấu thời gian chữ ký", "Dấu thời gian tài liệu", "Tiếp nhận vào kho"):
        assert kind in report.text, kind
    trail = client.get(f"/documents/{DECISION}/audit")
    assert trail.status_code == 200
    # Event types in the page's language (terms of archive/messages/), not as stored.
    assert "kiểm tra, xác thực" in trail.text and ">validation<" not in trail.text
    assert "user:auditor" in trail.text  # the views just made are in the trail
    dossier_trail = client.get(f"/dossiers/{DOSSIER}/audit")
    assert dossier_trail.status_code == 200 and "tiếp nhận vào kho" in dossier_trail.text


def test_login_and_logout_are_events(client: TestClient, web_archive: Archive) -> None:
    before = last_seq(web_archive)
    login(client, "archivist")
    token = client.get("/search").text.split('name="csrf" value="')[1].split('"')[0]
    assert client.post("/logout", data={"csrf": token}).status_code == 303
    events = [e for e in _events_since(web_archive, before) if "user:archivist" in e.agents_json]
    assert [(e.event_type, e.detail.split(" / ")[1].split(" from ")[0]) for e in events] == [
        ("authentication", "Logged in (web)"),
        ("authentication", "Logged out (web)"),
    ]
    assert all("mat-khau" not in e.detail + e.agents_json + e.objects_json for e in events)


def test_officer_may_not_open_verification_or_audit(client: TestClient) -> None:
    login(client, "officer")
    assert client.get(f"/documents/{DECISION}/verification").status_code == 403
    assert client.get(f"/documents/{DECISION}/audit").status_code == 403
    assert client.get(f"/dossiers/{DOSSIER}/audit").status_code == 403


def test_english_switch(client: TestClient) -> None:
    login(client, "officer")
    switched = client.get("/lang/en", params={"next": f"/dossiers/{DOSSIER}"})
    assert switched.status_code == 303 and switched.headers["location"] == f"/dossiers/{DOSSIER}"
    page = client.get(f"/dossiers/{DOSSIER}")
    assert "List of documents" in page.text and "Retention" in page.text
    assert (
        client.get("/lang/en", params={"next": "https://evil.example/"}).headers["location"] == "/"
    )


def test_api_with_bearer_token(web_archive: Archive, tokens: dict[str, str]) -> None:
    from tests.web.conftest import new_client

    with new_client(web_archive) as api:
        auth = {"authorization": f"Bearer {tokens['officer']}"}
        found = api.get("/api/search", params={"q": "quyet dinh", "type": "02"}, headers=auth)
        assert found.status_code == 200
        data = found.json()
        assert DECISION in [h["docCode"] for h in data["hits"]] and data["role"] == "officer"
        assert {b["value"] for b in data["facets"]["type"]} == {"02"}
        doc = api.get(f"/api/documents/{DECISION}", headers=auth).json()
        assert doc["symbol"] == "123/QĐ-UBND" and doc["original"]["sha256"]
        assert {s["kind"] for s in doc["signatures"]} >= {"personal", "organisation"}
        dossier = api.get(f"/api/dossiers/{DOSSIER}", headers=auth).json()
        assert [d["docCode"] for d in dossier["documents"]][1] == DECISION
        original = api.get(f"/api/documents/{DECISION}/original", headers=auth)
        assert original.content == _stored_bytes(web_archive, DECISION)
        assert (
            api.get("/api/search", headers={"authorization": "Bearer arc_wrong"}).status_code == 401
        )
        assert api.get("/api/search").status_code == 401
        spec = api.get("/api/openapi.json").json()
        assert {
            "/api/search",
            "/api/dossiers/{code}",
            "/api/documents/{code}",
            "/api/documents/{code}/original",
        } <= set(spec["paths"])
        assert "/login" not in spec["paths"]


def test_corrupted_original_is_never_delivered_whole(
    client: TestClient, web_archive: Archive
) -> None:
    """If the stored bytes no longer match the recorded SHA-256, the download stops short of
    the last chunk (the client never gets a complete file) and a failed fixity event is logged.
    The catalog's digest is changed for the test (and restored), the stored file is untouched."""
    login(client, "officer")
    before = last_seq(web_archive)
    with (
        wrong_recorded_sha256(web_archive, DECISION),
        pytest.raises(Exception, match="response already started"),
    ):
        client.get(f"/documents/{DECISION}/original")
    failure = [e for e in _events_since(web_archive, before) if e.event_type == "fixity check"]
    assert len(failure) == 1 and failure[0].outcome == "failure"
    assert "SHA-256" in failure[0].outcome_detail
