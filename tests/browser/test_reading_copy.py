"""A reading copy (bản đọc, TT 05/2025 Đ37) in Chromium: "Xem bản đọc" on the document page
opens the copy in the browser's own PDF viewer (inline, not a download), and neither the
viewer's page nor "Bản sao của tôi" offers a link to download it. (The viewer's own toolbar can
still save what it shows: no site can prevent that, docs/use.md.)"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Browser, Download, expect

from tests.browser.conftest import open_page

VIEWER = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"  # Chromium's PDF viewer


def test_a_reading_copy_opens_in_the_viewer_with_no_download_link(
    browser: Browser, live_server: str, auditor_state: Any
) -> None:
    downloads: list[Download] = []

    def saved(download: Download) -> None:
        downloads.append(download)

    with open_page(browser, live_server, auditor_state, "document", 1280) as page:
        page.on("download", saved)
        read = re.compile(rf"{re.escape(live_server)}/copies/\d+/read")
        with page.expect_response(read) as answer:
            page.get_by_role("button", name="Xem bản đọc").click()
        response = answer.value
        assert response.status == 200
        headers = response.all_headers()
        assert headers["content-type"] == "application/pdf"
        assert headers["content-disposition"].startswith("inline;")
        assert headers["cache-control"] == "no-store"
        expect(page).to_have_url(read)
        assert page.evaluate("document.contentType") == "application/pdf"
        deadline = 100
        while not any(f.url.startswith(VIEWER) for f in page.frames) and deadline:
            page.wait_for_timeout(100)
            deadline -= 1
        assert any(f.url.startswith(VIEWER) for f in page.frames), [f.url for f in page.frames]
        assert page.locator("a[download]").count() == 0  # the page itself offers none
        number = page.url.rsplit("/", 2)[-2]
        page.goto(f"{live_server}/copies")
        row = page.locator(f"#copy-{number}")
        expect(row).to_contain_text("bản đọc")
        assert row.locator("a[download]").count() == 0
        assert row.locator(f'a[href="/copies/{number}/file"]').count() == 0
        expect(row.get_by_role("link", name="Đọc")).to_have_attribute(
            "href", f"/copies/{number}/read"
        )
        assert downloads == []  # shown, never saved
