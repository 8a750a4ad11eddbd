"""A request to use a conditional record in a real browser (docs/use.md): the officer asks
for the mode 02 document of a Công khai dossier with a purpose, the archivist approves it for
three days on the same page, the officer opens the document; once the grant's end has passed
the document is closed again and the request shows as expired."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import delete, select

from archive.bootstrap import Archive
from archive.db.engine import unit_of_work
from archive.use.models import UseRequest
from tests.support.sips import MIXED_SUBJECTS, file_code
from tests.web.conftest import PASSWORD

CONDITIONAL = f"{file_code(91)}.0000002"


@pytest.fixture
def clean(web_archive: Archive) -> Iterator[None]:
    """The shared home keeps no request (the access matrix expects none)."""
    yield
    with unit_of_work(web_archive.sessions) as s:
        s.execute(delete(UseRequest))


def _logged_in(browser: Browser, base: str, name: str) -> Page:
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(f"{base}/login")
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{base}/search")
    return page


@pytest.mark.usefixtures("clean")
def test_request_approve_use_and_expire(
    browser: Browser, live_server: str, web_archive: Archive
) -> None:
    officer = _logged_in(browser, live_server, "officer")
    document = f"{live_server}/documents/{CONDITIONAL}"
    response = officer.goto(document)
    assert response is not None and response.status == 404

    officer.get_by_role("link", name="Yêu cầu sử dụng").click()
    officer.get_by_label("Mã tài liệu (docCode)").fill(CONDITIONAL)
    officer.get_by_label("Mục đích sử dụng").fill("Giải quyết khiếu nại đất đai")
    officer.get_by_role("button", name="Gửi yêu cầu").click()
    expect(officer).to_have_url(f"{live_server}/use-requests")
    row = officer.locator("tr[data-request]")
    expect(row).to_contain_text(CONDITIONAL)
    expect(row).to_contain_text("chờ duyệt")

    archivist = _logged_in(browser, live_server, "archivist")
    archivist.goto(f"{live_server}/use-requests")
    expect(archivist.locator("tr[data-request]")).to_contain_text("Giải quyết khiếu nại")
    archivist.get_by_label("Số ngày").fill("3")
    archivist.get_by_role("button", name="Duyệt", exact=True).click()
    expect(archivist.locator("tr[data-request]")).to_contain_text("đã duyệt")

    officer.reload()
    officer.get_by_role("link", name=CONDITIONAL).click()
    expect(officer).to_have_url(document)
    expect(officer.locator("main")).to_contain_text(MIXED_SUBJECTS["02"])

    # The grant's end passes (its end moved into the past): the document closes by itself.
    with unit_of_work(web_archive.sessions) as s:
        grant = s.scalars(select(UseRequest)).one()
        grant.valid_until = "2000-01-01T00:00:00+00:00"
    response = officer.goto(document)
    assert response is not None and response.status == 404
    officer.goto(f"{live_server}/use-requests")
    expect(officer.locator("tr[data-request]")).to_contain_text("hết hạn")
    officer.context.close()
    archivist.context.close()
