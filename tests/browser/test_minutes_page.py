"""The minutes page in Chromium (docs/minutes.md): an archivist opens "Biên bản" from the menu,
sees the minutes of the demo home's procedures, and the download link saves the signed PDF as
stored, byte for byte."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from freezegun import freeze_time
from playwright.sync_api import Browser, expect

from archive.bootstrap import Archive, open_archive, person_agent
from archive.config import Settings
from archive.minutes.forms import Form, Procedure
from archive.minutes.service import MinutesRecord, list_minutes, write_minutes
from tests.browser.conftest import PASSWORD
from tests.support.certify import signing_files
from tests.support.pki import serve_pki
from tests.support.signed import LATER_THAT_DAY
from tests.unit.minutes import support


@pytest.fixture(scope="module")
def handover(
    web_home: Path, web_archive: Archive, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MinutesRecord]:
    """Hand-over minutes in the web tests' home, signed with the test PKI's ``signer-org``
    through a second, signing opening of that home, written before the browser starts
    (pyHanko's signing must run outside Playwright's event loop)."""
    procedure = Procedure("transfer", "NL-BROWSER-1")
    written = list_minutes(web_archive, procedure=procedure)
    if written:
        yield written[0]
        return
    folder = tmp_path_factory.mktemp("minutes-pki")
    with serve_pki(folder) as pki, freeze_time(LATER_THAT_DAY, tick=True):
        settings = Settings(
            home=web_home,
            secret_records="isolated",
            trust_roots=[pki.root_pem_path],
            **signing_files(pki, folder / "keys"),
        )
        with open_archive(settings) as signing:
            spec = support.spec(Form.HANDOVER, "01/BB-GN", procedure=procedure)
            record = write_minutes(signing, None, spec, agent=person_agent("lan"))
    yield record


def test_the_archivist_downloads_the_signed_minutes(
    handover: MinutesRecord, browser: Browser, live_server: str, tmp_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(f"{live_server}/login")
        page.get_by_label("Tên đăng nhập").fill("archivist")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server}/search")
        nav = page.get_by_role("navigation", name="Điều hướng chính")
        nav.get_by_role("link", name="Biên bản", exact=True).click()
        row = page.locator(f'tr[data-minutes="{handover.id}"]')
        expect(row).to_contain_text("NL-BROWSER-1")
        expect(row).to_contain_text("BIÊN BẢN GIAO NHẬN TÀI LIỆU LƯU TRỮ SỐ")
        with page.expect_download() as saving:
            row.get_by_role("link", name="Tải PDF đã ký").click()
        target = tmp_path / "bien-ban.pdf"
        saving.value.save_as(target)
        assert hashlib.sha256(target.read_bytes()).hexdigest() == handover.pdf_sha256
    finally:
        context.close()
