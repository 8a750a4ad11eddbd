"""Reading an original in the browser (``/documents/{code}/read``): the PDF inline, for the
browser's own viewer, checked, verified and logged like a download, with the site's strict
security headers (Chromium shows it under them: tests/browser/test_read_pdf.py). Who may read
what is in the access matrix (test_access_matrix.py); hidden and missing records answer alike
(test_hardening.py)."""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient

from archive.bootstrap import Archive
from archive.catalog.queries import find_document
from archive.db.engine import unit_of_work
from archive.messages.catalogue import translator
from archive.users.service import Principal
from archive.web import records
from archive.web.downloads import verified_stream
from archive.web.headers import SECURITY_HEADERS
from tests.web.conftest import events_since, last_seq, login, wrong_recorded_sha256

DECISION = "000.00.00.H49.2023.12.TNMT.0000002"  # Quyết định 123/QĐ-UBND, a PDF, mode 01
TABLE = "000.00.00.H49.2023.12.TNMT.0000003"  # the same dossier's CSV list, mode 01


def _stored(archive: Archive, doc_code: str) -> bytes:
    with unit_of_work(archive.sessions) as s:
        doc = find_document(s, doc_code)
        assert doc is not None
        original = next(f for f in doc.files if f.role == "original")
        key = archive.ocfl.content_key(doc.dossier.object_id, original.content_path)
    with archive.ocfl.store.open(key) as fh:
        return fh.read()


def test_the_pdf_is_served_inline_with_the_strict_headers(
    client: TestClient, web_archive: Archive
) -> None:
    login(client, "officer")
    before = last_seq(web_archive)
    got = client.get(f"/documents/{DECISION}/read")
    assert got.status_code == 200
    stored = _stored(web_archive, DECISION)
    assert got.content == stored and got.content.startswith(b"%PDF")
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"] == (
        f"inline; filename=\"{DECISION}.pdf\"; filename*=UTF-8''{DECISION}.pdf"
    )
    assert got.headers["content-length"] == str(len(stored))
    assert got.headers["x-content-sha256"] == hashlib.sha256(stored).hexdigest()
    assert got.headers["cache-control"] == "no-store"
    # Every security header of the site, unchanged: no script, no framing, no sniffing. No
    # CSP `sandbox`: WebKit's viewer refuses a sandboxed PDF, and Chromium needs none.
    for name, value in SECURITY_HEADERS:
        assert got.headers[name.decode()] == value.decode(), name
    assert "sandbox" not in got.headers["content-security-policy"]
    # Delivered, so logged: one dissemination event naming the reader, the document and the
    # file, saying it was read in the browser (not downloaded).
    events = events_since(web_archive, before)
    assert [(e.event_type, e.outcome) for e in events] == [("dissemination", "success")]
    event = events[0]
    assert event.detail == (
        f"Đọc bản gốc {DECISION} trong trình duyệt / "
        f"Original of {DECISION} read in the browser (web)"
    )
    assert "user:officer" in event.agents_json
    assert DECISION in event.objects_json and f"{DECISION}.pdf" in event.objects_json


def test_the_document_page_links_read_and_download(client: TestClient) -> None:
    login(client, "officer")
    page = client.get(f"/documents/{DECISION}").text
    assert f'id="read" href="/documents/{DECISION}/read"' in page
    assert f'id="download" href="/documents/{DECISION}/original" download' in page
    assert ">Đọc</a>" in page
    client.get("/lang/en")
    assert ">Read</a>" in client.get(f"/documents/{DECISION}").text


def test_an_original_that_is_not_a_pdf_is_never_served_inline(
    client: TestClient, web_archive: Archive
) -> None:
    """The demo dossier's CSV: downloadable, but not readable in the browser (an original of
    any type served inline could be a page or script running on this site)."""
    login(client, "officer")
    page = client.get(f"/documents/{TABLE}").text
    assert 'id="download"' in page and 'id="read"' not in page
    before = last_seq(web_archive)
    got = client.get(f"/documents/{TABLE}/read")
    assert got.status_code == 404
    assert got.headers["content-type"].startswith("text/html")
    assert translator("vi")("not_readable") in got.text
    assert _stored(web_archive, TABLE) not in got.content
    assert events_since(web_archive, before) == []  # nothing delivered, nothing logged
    download = client.get(f"/documents/{TABLE}/original")
    assert download.status_code == 200 and download.content == _stored(web_archive, TABLE)
    assert download.headers["content-disposition"].startswith("attachment;")


def test_head_reads_nothing_and_logs_nothing(client: TestClient, web_archive: Archive) -> None:
    login(client, "officer")
    before = last_seq(web_archive)
    head = client.head(f"/documents/{DECISION}/read")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == "application/pdf"
    assert head.headers["content-length"] == str(len(_stored(web_archive, DECISION)))
    assert head.headers["content-disposition"].startswith("inline;")
    assert events_since(web_archive, before) == []


def test_anonymous_readers_are_sent_to_the_login(client: TestClient) -> None:
    got = client.get(f"/documents/{DECISION}/read")
    assert got.status_code == 303
    assert got.headers["location"] == f"/login?next=%2Fdocuments%2F{DECISION}%2Fread"


def test_a_read_cut_short_is_logged_as_a_failure(web_archive: Archive) -> None:
    with unit_of_work(web_archive.sessions) as s:
        ref = records.original_ref(s, web_archive.settings, web_archive.ocfl, "officer", DECISION)
    assert ref is not None
    before = last_seq(web_archive)
    stream = verified_stream(
        web_archive,
        Principal("officer", "officer"),
        ref,
        "web",
        web_archive.ocfl.store.open(ref.key),
        inline=True,
    )
    next(stream)
    stream.close()  # the reader closed the tab before the end
    events = events_since(web_archive, before)
    assert [(e.event_type, e.outcome) for e in events] == [("dissemination", "failure")]
    assert events[0].detail == (
        f"Đọc bản gốc {DECISION} trong trình duyệt không hoàn tất / "
        f"Original of {DECISION} read in the browser not completed (web)"
    )


def test_a_corrupted_original_is_never_shown_whole(
    client: TestClient, web_archive: Archive
) -> None:
    """As for a download: the catalog's digest is changed for the test (and restored); the
    stream stops short of the last chunk and a failed fixity check is logged."""
    login(client, "officer")
    before = last_seq(web_archive)
    with (
        wrong_recorded_sha256(web_archive, DECISION),
        pytest.raises(Exception, match="response already started"),
    ):
        client.get(f"/documents/{DECISION}/read")
    events = events_since(web_archive, before)
    assert [(e.event_type, e.outcome) for e in events] == [
        ("fixity check", "failure"),
        ("dissemination", "failure"),
    ]
