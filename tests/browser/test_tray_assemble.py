"""Filing from the page /tray in a real browser (docs/edxml.md, "Filing into a dossier"): the
archivist ticks a received document, types the dossier's fields, submits, lands on the new
dossier's page; the tray page then lists the document as filed. Its own home and server, so
the shared demo home of the other browser tests keeps its dossiers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from freezegun import freeze_time
from playwright.sync_api import Browser, expect

from archive.bootstrap import Archive, open_archive, person_agent
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.demo.pdf import render_pdf
from archive.edxml.intake import import_envelope
from archive.edxml.tray import show_tray
from archive.users.service import add_user
from archive.web import create_app
from tests.support import edxml
from tests.support.pki import ND30_DOCUMENT
from tests.support.serving import served
from tests.support.signed import LATER_THAT_DAY
from tests.web.conftest import PASSWORD


@pytest.fixture(scope="module")
def tray_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Archive, str]]:
    """A home with one received document (its PDF unsigned: a warning, not a refusal)."""
    home: Path = tmp_path_factory.mktemp("tray-browser") / "home"
    archive = open_archive(load_settings(home=home, ingest_workers=1), create=True)
    with unit_of_work(archive.sessions) as s:
        add_user(s, "archivist", "archivist", PASSWORD, person_agent("test"))
    doc = edxml.Doc(attachments=[("cv-15.pdf", render_pdf(ND30_DOCUMENT))])
    sent = edxml.write(home.parent / "cv-15.xml", edxml.envelope(doc))
    step = archive.signatures  # pyHanko loaded before the clock is frozen
    with freeze_time(LATER_THAT_DAY, tick=True):
        code = import_envelope(archive, step, sent, person_agent("lan")).code
    try:
        yield archive, code
    finally:
        archive.close()


@pytest.fixture(scope="module")
def live_server(tray_home: tuple[Archive, str]) -> Iterator[str]:
    """This module's server (it replaces the shared one for the ``browser`` fixture)."""
    with served(create_app(tray_home[0])) as url:
        yield url


def test_tick_type_and_file(
    browser: Browser, live_server: str, tray_home: tuple[Archive, str]
) -> None:
    archive, code = tray_home
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Tên đăng nhập").fill("archivist")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{live_server}/search")

    page.goto(f"{live_server}/tray")
    page.get_by_label(code).check()
    page.locator("#assemble-fileCode").fill(edxml.FILE_CODE)
    page.locator("#assemble-title").fill("Hồ sơ công văn đến năm 2026")
    page.locator("#assemble-maintenance").fill("01")
    page.locator("#assemble-mode").fill("01")
    page.get_by_role("button", name="Lập hồ sơ").click()
    expect(page).to_have_url(f"{live_server}/dossiers/{show_tray(archive, code)['filed_dossier']}")
    expect(page.locator("h1")).to_contain_text("Hồ sơ công văn đến năm 2026")

    page.goto(f"{live_server}/tray?state=filed")
    expect(page.locator(f'tr[data-tray="{code}"]')).to_contain_text("đã lập hồ sơ")
    page.goto(f"{live_server}/tray/{code}")
    expect(page.locator("#filed-into")).to_contain_text(edxml.FILE_CODE)
