"""Reading an original in Chromium: the "Đọc" link opens the PDF in the browser's own viewer
(not a download), under the site's strict security headers, and the reading is logged.

Chromium 156 shows an inline PDF with ``X-Frame-Options: DENY`` and ``Content-Security-Policy:
default-src 'none' … frame-ancestors 'none'`` (and even with a CSP ``sandbox``, which the site
does not send: WebKit's viewer turns a sandboxed PDF into a download)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Download, expect
from sqlalchemy import select

from archive.audit.models import Event
from archive.bootstrap import Archive
from archive.db.engine import unit_of_work
from archive.web.headers import SECURITY_HEADERS
from tests.browser.conftest import DECISION, open_page

VIEWER = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"  # Chromium's PDF viewer


def _reads(archive: Archive) -> list[Event]:
    with unit_of_work(archive.sessions) as s:
        rows = list(
            s.scalars(
                select(Event)
                .where(Event.event_type == "dissemination")
                .where(Event.detail.contains("read in the browser"))
                .where(Event.agents_json.contains("user:auditor"))
            )
        )
        s.expunge_all()
        return rows


def test_read_opens_the_pdf_in_the_browsers_viewer(
    browser: Browser, live_server: str, auditor_state: Any, web_archive: Archive
) -> None:
    before = len(_reads(web_archive))
    downloads: list[Download] = []

    def saved(download: Download) -> None:
        downloads.append(download)

    with open_page(browser, live_server, auditor_state, "document", 1280) as page:
        page.on("download", saved)
        with page.expect_response(f"{live_server}/documents/{DECISION}/read") as answer:
            page.get_by_role("link", name="Đọc", exact=True).click()
        response = answer.value
        assert response.status == 200
        headers = response.all_headers()  # as received (Chromium then keeps only the
        # frame-ancestors of a PDF's CSP for its viewer: response.headers shows that)
        assert headers["content-type"] == "application/pdf"
        assert headers["content-disposition"].startswith("inline;")
        for name, value in SECURITY_HEADERS:
            assert headers[name.decode()] == value.decode(), name
        expect(page).to_have_url(f"{live_server}/documents/{DECISION}/read")
        assert page.evaluate("document.contentType") == "application/pdf"
        deadline = 100
        while not any(f.url.startswith(VIEWER) for f in page.frames) and deadline:
            page.wait_for_timeout(100)
            deadline -= 1
        assert any(f.url.startswith(VIEWER) for f in page.frames), [f.url for f in page.frames]
        assert downloads == []  # shown, not saved
    reads = _reads(web_archive)
    assert len(reads) == before + 1 and reads[-1].outcome == "success"
    assert DECISION in reads[-1].objects_json
