"""The officer's path in a real browser (Debian Chromium via Playwright): log in, search
without diacritics, click a facet, open the document, download the original and compare its
bytes; a mode 03 document stays closed. (Screenshots of every page: test_layout.py.)"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from archive.bootstrap import Archive
from archive.catalog.queries import find_document
from archive.db.engine import unit_of_work
from tests.web.conftest import PASSWORD

DECISION = "000.00.00.H49.2023.12.TNMT.0000002"
SECRET = "000.00.00.H49.2023.15.NC.0000001"  # dossier 4 of the demo, mode 03 (Mật)


def _stored(archive: Archive, doc_code: str) -> bytes:
    with unit_of_work(archive.sessions) as s:
        doc = find_document(s, doc_code)
        assert doc is not None and doc.mode == ("03" if doc_code == SECRET else "01")
        original = next(f for f in doc.files if f.role == "original")
        key = archive.ocfl.content_key(doc.dossier.object_id, original.content_path)
    with archive.ocfl.store.open(key) as fh:
        return fh.read()


def _log_in(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/search")
    expect(page).to_have_url(f"{base}/login?next=%2Fsearch")
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{base}/search")
    expect(page.locator("header")).to_contain_text(name)


def test_officer_finds_opens_and_downloads_the_original(
    page: Page, live_server: str, web_archive: Archive, tmp_path: Path
) -> None:
    _log_in(page, live_server, "officer")
    page.get_by_role("searchbox").fill("quyet dinh")
    page.get_by_role("button", name="Tìm").click()
    hit = page.locator(f'a.title[href="/documents/{DECISION}"]')
    expect(hit).to_contain_text("Quyết định")
    expect(page.locator("mark").first).to_be_visible()

    # A facet narrows the results: type "Quyết định" (02).
    page.locator('[data-facet="type"] a', has_text="Quyết định").click()
    expect(page).to_have_url(re.compile(r"/search\?q=quyet\+dinh&.*type=02"))
    expect(page.locator('[data-facet="type"] li.active')).to_contain_text("Quyết định")
    expect(hit).to_be_visible()

    hit.click()
    expect(page).to_have_url(f"{live_server}/documents/{DECISION}")
    expect(page.locator("h1")).to_contain_text("123/QĐ-UBND")
    expect(page.locator(".signatures .badge").first).to_be_visible()

    with page.expect_download() as info:
        page.locator("#download").click()
    saved = tmp_path / "downloaded.pdf"
    info.value.save_as(saved)
    assert saved.read_bytes() == _stored(web_archive, DECISION)


def test_officer_cannot_open_a_mode_03_document(
    page: Page, live_server: str, web_archive: Archive
) -> None:
    _stored(web_archive, SECRET)  # it exists, and is mode 03
    _log_in(page, live_server, "officer")
    response = page.goto(f"{live_server}/documents/{SECRET}")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_contain_text("Không tìm thấy")
    page.goto(f"{live_server}/search")
    page.get_by_role("searchbox").fill("231/TB-UBND")
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator("#total")).to_have_text("0")
