"""Reading copies and plain copies on the web page (TT 05/2025 Đ37, Đ40; docs/use.md): the
document page's two actions (forms with the CSRF token), a reading copy only ever inline with
no-store and never as a download, a plain copy as an attachment, the page "Bản sao của tôi",
and the same 404 for a copy of a record the person may not see as for one that does not exist.
Expiry and purge run on a frozen clock in tests/unit/use/test_copies.py."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from io import BytesIO

from fastapi.testclient import TestClient
from pypdf import PdfReader

from archive.bootstrap import Archive
from archive.clock import catalog_time, utc_now
from archive.db.engine import unit_of_work
from archive.use.models import Copy
from archive.web.headers import SECURITY_HEADERS
from tests.web.conftest import csrf_of, events_since, last_seq, login, new_client

DECISION = "000.00.00.H49.2023.12.TNMT.0000002"  # Quyết định 123/QĐ-UBND, a PDF, mode 01
TABLE = "000.00.00.H49.2023.12.TNMT.0000003"  # the same dossier's CSV list, mode 01
HIDDEN = "000.00.00.H49.2024.91.VP.0000002"  # mode 02 in a mode 01 dossier
SECRET = "000.00.00.H49.2024.91.VP.0000003"  # mode 03
FAKE = "000.00.00.H00.1999.99.XX.0000001"


def _ask(client: TestClient, code: str, kind: str) -> tuple[int, str]:
    """Press "Xem bản đọc" (``reading``) or "Tạo bản sao" (``plain``) on a document page."""
    page = client.get(f"/documents/{DECISION}")
    action = "reading-copy" if kind == "reading" else "plain-copy"
    got = client.post(f"/documents/{code}/{action}", data={"csrf": csrf_of(page.text)})
    return got.status_code, got.headers.get("location", got.text)


def _number(location: str) -> int:
    match = re.search(r"/copies(?:/|#copy-)(\d+)", location)
    assert match, location
    return int(match.group(1))


def test_a_reading_copy_is_shown_inline_and_never_downloaded(
    client: TestClient, web_archive: Archive
) -> None:
    login(client, "officer")
    page = client.get(f"/documents/{DECISION}").text
    assert f'action="/documents/{DECISION}/reading-copy"' in page and "Xem bản đọc" in page
    status, location = _ask(client, DECISION, "reading")
    assert status == 303 and re.fullmatch(r"/copies/\d+/read", location)
    before = last_seq(web_archive)
    got = client.get(location)
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"].startswith("inline;")
    assert got.headers["cache-control"] == "no-store"
    assert got.headers["x-content-sha256"] == hashlib.sha256(got.content).hexdigest()
    for name, value in SECURITY_HEADERS:
        assert got.headers[name.decode()] == value.decode(), name
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(got.content)).pages)
    assert web_archive.settings.agency_name in text and "Bản đọc cấp cho officer" in text
    (event,) = events_since(web_archive, before)
    assert (event.event_type, event.outcome) == ("dissemination", "success")
    assert "reading copy" in event.detail and DECISION in event.objects_json
    # Never as a download: the download route does not know a reading copy, and answers as
    # for a copy that does not exist.
    number = _number(location)
    refused = client.get(f"/copies/{number}/file")
    missing = client.get("/copies/999999/file")
    assert refused.status_code == missing.status_code == 404
    assert refused.text.replace(f"/copies/{number}/", "P") == missing.text.replace(
        "/copies/999999/", "P"
    )
    # The page of copies links it for reading only: no download link for it.
    mine = client.get("/copies").text
    row = re.search(rf'<tr id="copy-{number}".*?</tr>', mine, re.S)
    assert row is not None
    assert f'href="/copies/{number}/read"' in row.group(0)
    assert "download" not in row.group(0) and "/file" not in row.group(0)


def test_a_plain_copy_is_downloaded_as_an_attachment(
    client: TestClient, web_archive: Archive
) -> None:
    login(client, "auditor")
    status, location = _ask(client, DECISION, "plain")
    assert status == 303 and location.startswith("/copies#copy-")
    number = _number(location)
    mine = client.get("/copies").text
    assert f'href="/copies/{number}/file" download' in mine and "Bản sao của tôi" in mine
    got = client.get(f"/copies/{number}/file")
    assert got.status_code == 200
    assert got.headers["content-disposition"].startswith("attachment;")
    assert got.headers["cache-control"] == "no-store"
    first = PdfReader(BytesIO(got.content)).pages[0].extract_text()
    assert "BẢN SAO" in first
    assert client.get(f"/copies/{number}/read").status_code == 404  # not a reading copy
    # Someone else's copy is nobody else's.
    with new_client(web_archive) as other:
        login(other, "officer")
        assert other.get(f"/copies/{number}/file").status_code == 404
        assert f"copy-{number}" not in other.get("/copies").text


def test_what_the_person_may_not_see_answers_as_what_does_not_exist(
    client: TestClient, web_archive: Archive
) -> None:
    login(client, "officer")
    before = last_seq(web_archive)
    answers = {}
    for code in (HIDDEN, SECRET, FAKE):
        for kind in ("reading", "plain"):
            status, body = _ask(client, code, kind)
            body = body.replace(code, "X").replace("reading-copy", "A").replace("plain-copy", "A")
            answers[(code, kind)] = (status, body)
    assert {a[0] for a in answers.values()} == {404}
    assert len({a[1] for a in answers.values()}) == 1
    # Only the views of the page the buttons are on: nothing issued, nothing delivered.
    assert {e.event_type for e in events_since(web_archive, before)} == {"access"}
    with new_client(web_archive) as archivist:  # sees 02: a copy; 03 never
        login(archivist, "archivist")
        assert _ask(archivist, HIDDEN, "plain")[0] == 303
        assert _ask(archivist, SECRET, "plain")[0] == 404


def test_forms_need_their_csrf_token_and_a_login(client: TestClient) -> None:
    anonymous = client.post(f"/documents/{DECISION}/reading-copy", data={"csrf": "x"})
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    assert client.get("/copies").status_code == 303
    login(client, "officer")
    forged = client.post(f"/documents/{DECISION}/plain-copy", data={"csrf": "forged"})
    assert forged.status_code == 403


def test_a_head_reads_nothing_and_logs_nothing(client: TestClient, web_archive: Archive) -> None:
    login(client, "officer")
    _, location = _ask(client, DECISION, "reading")
    before = last_seq(web_archive)
    head = client.head(location)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-disposition"].startswith("inline;")
    assert events_since(web_archive, before) == []


def test_no_copy_of_what_is_not_a_pdf(client: TestClient) -> None:
    login(client, "officer")
    assert 'id="reading-copy"' not in client.get(f"/documents/{TABLE}").text
    status, body = _ask(client, TABLE, "plain")
    assert status == 400 and "only a PDF original" in body


def test_the_copies_page_in_english(client: TestClient) -> None:
    login(client, "officer")
    client.get("/lang/en")
    page = client.get("/copies").text
    assert "My copies" in page and "shown in the browser only" in page
    assert "View the reading copy" in client.get(f"/documents/{DECISION}").text


def test_a_copy_past_its_end_opens_nothing(client: TestClient, web_archive: Archive) -> None:
    """The clock is compared at every opening: a copy whose end has passed (set here in the
    catalog, one second ago) answers as a copy that does not exist, and the page shows it ended
    with no link. (Expiry on a frozen clock: tests/unit/use/test_copies.py.)"""
    login(client, "archivist")
    _, location = _ask(client, DECISION, "plain")
    number = _number(location)
    assert client.get(f"/copies/{number}/file").status_code == 200
    with unit_of_work(web_archive.sessions) as s:
        row = s.get(Copy, number)
        assert row is not None
        row.valid_until = catalog_time(utc_now() - timedelta(seconds=1))
    before = last_seq(web_archive)
    assert client.get(f"/copies/{number}/file").status_code == 404
    assert events_since(web_archive, before) == []  # nothing delivered, nothing logged
    mine = client.get("/copies").text
    row_html = re.search(rf'<tr id="copy-{number}".*?</tr>', mine, re.S)
    assert row_html is not None
    assert "hết hạn" in row_html.group(0) and "href" not in row_html.group(0)
