"""The council's path in Chromium (issue #20, ADR 0022): the list under review with each
dossier's metadata → each member records their own opinion with the form (a dissent refused
until it gives its reason) → the head's decision refused while the council's minutes are
missing → the chair closes the review → the head uploads the signed decision → the archivist
executes, and neither store holds the dossiers any more. Every page in Vietnamese."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from archive.bootstrap import Archive, open_archive, person_agent
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.retention.disposal.review import review
from archive.users.service import add_user
from archive.web import create_app
from tests.browser.conftest import CHROMIUM
from tests.support.retention import COUNCIL, ingest_dossier, seat_council
from tests.support.serving import served


@pytest.fixture(scope="module")
def council_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Archive, str]]:
    """Two expired dossiers on a list proposed by the archivist (kho), a full council and the
    head (an), with a replica: the execution must empty both stores."""
    tmp = tmp_path_factory.mktemp("council")
    settings = load_settings(
        home=tmp / "home", replica_backend="local", replica_root=tmp / "replica"
    )
    with open_archive(settings, create=True) as archive:
        for n in (1, 2):
            ingest_dossier(archive, tmp, n, maintenance="06", end_year=2010)
        seat_council(archive)
        with unit_of_work(archive.sessions) as s:
            add_user(s, "kho", "archivist", "mat-khau-kho-2026", person_agent("admin"))
        code = review(archive, person_agent("kho"), today=date(2026, 6, 1)).code
        yield archive, code


@pytest.fixture(scope="module")
def council_server(council_archive: tuple[Archive, str]) -> Iterator[str]:
    with served(create_app(council_archive[0])) as url:
        yield url


@pytest.fixture(scope="module")
def chromium(council_server: str) -> Iterator[Browser]:
    """Started after the archive and its server (Playwright's sync API keeps an event loop)."""
    del council_server
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=shutil.which("chromium") or CHROMIUM, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def _as(browser: Browser, base: str, name: str) -> Page:
    """A new context logged in as ``name`` (Vietnamese pages)."""
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(f"{base}/login")
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(f"mat-khau-{name}-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/search")
    return page


def _open_list(page: Page, code: str) -> None:
    page.get_by_role("link", name="Hủy tài liệu hết giá trị").click()
    page.get_by_role("link", name=code).click()


def test_the_council_path_in_the_browser(
    chromium: Browser, council_server: str, council_archive: tuple[Archive, str], tmp_path: Path
) -> None:
    archive, code = council_archive
    base = council_server
    with unit_of_work(archive.sessions) as s:
        from sqlalchemy import select

        from archive.catalog.models import Dossier

        objects = list(s.scalars(select(Dossier.object_id)))
    assert len(objects) == 2 and archive.replica is not None
    decision = tmp_path / "quyet-dinh-huy.pdf"
    decision.write_bytes(b"%PDF-1.7 quyet dinh huy tai lieu")

    # each member records their own opinion; a dissent needs its reason
    for name, _role in COUNCIL:
        page = _as(chromium, base, name)
        _open_list(page, code)
        expect(page.locator("table.disposal-items tbody tr")).to_have_count(2)
        expect(page.locator("table.disposal-items")).to_contain_text("10 năm")
        form = page.locator("#opinion-form")
        if name == "dung":
            form.get_by_role("radio", name="Không đồng ý").check()
            form.get_by_role("button", name="Ghi ý kiến").click()
            expect(page.get_by_role("alert")).to_contain_text("cần nêu lý do")
            form = page.locator("#opinion-form")
            form.get_by_role("radio", name="Không đồng ý").check()
            form.get_by_label("Lý do (bắt buộc khi không đồng ý)").fill("Còn giá trị tra cứu")
        else:
            form.get_by_role("radio", name="Đồng ý hủy").check()
        form.get_by_role("button", name="Ghi ý kiến").click()
        expected = "disagree" if name == "dung" else "agree"
        expect(page.locator(f'tr[data-member="{name}"] td[data-vote]')).to_have_attribute(
            "data-vote", expected
        )
        expect(page.locator("#opinion-form")).to_have_count(0)  # one opinion each
        page.context.close()

    # the head cannot decide before the council's minutes
    head = _as(chromium, base, "an")
    _open_list(head, code)

    def fill_decision() -> None:
        form = head.locator("#decision-form")
        form.get_by_label("Số quyết định").fill("15/QĐ-VP")
        form.get_by_label("Ngày quyết định (dd/mm/yyyy)").fill("01/07/2026")
        form.get_by_label("Phê duyệt hủy").check()
        form.locator('input[type="file"]').set_input_files(decision)
        form.get_by_role("button", name="Ghi quyết định").click()

    fill_decision()
    expect(head.get_by_role("alert")).to_contain_text("thiếu biên bản họp hội đồng xét hủy")

    # the chair closes the review
    chair = _as(chromium, base, "hoa")
    _open_list(chair, code)
    chair.get_by_role("button", name="Kết thúc phiên xét hủy và lập biên bản").click()
    expect(chair.locator("[data-conclusion]")).to_contain_text("đề nghị hủy: 4/5")
    chair.context.close()

    # now the head decides, with the signed decision
    head.goto(f"{base}/disposal/{code}")
    fill_decision()
    expect(head.locator("[data-decision]")).to_contain_text("Quyết định số 15/QĐ-VP")
    expect(head.locator("[data-decision]")).to_have_attribute("data-decision", "approved")
    assert head.get_by_role("button", name="Thực hiện hủy").count() == 0  # not the head's
    head.context.close()

    # the archivist executes
    keeper = _as(chromium, base, "kho")
    _open_list(keeper, code)
    expect(keeper.get_by_text("15 ngày kể từ ngày quyết định")).to_be_visible()
    keeper.get_by_role("button", name="Thực hiện hủy").click()
    expect(keeper.locator("[data-executed]")).to_be_visible()
    expect(keeper.locator("[data-status]")).to_have_text("đã hủy")
    keeper.context.close()
    for object_id in objects:
        assert not archive.ocfl.exists(object_id) and not archive.replica.exists(object_id)
