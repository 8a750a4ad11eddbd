"""A live ``archive`` web server (uvicorn in a thread on 127.0.0.1) over the web tests' demo
home, and Debian's Chromium driven by Playwright (``.ci/run`` installs the ``chromium``
package; Playwright's own browser download is not used).

Also the pages every layout and accessibility check visits (:data:`PAGES`, at :data:`WIDTHS`),
and :func:`open_page`, which opens one of them in a fresh context of a given width, logged in
as the auditor (who may see every page) unless the page is for anonymous visitors."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from archive.bootstrap import Archive
from archive.web import create_app
from tests.support.serving import served
from tests.web.conftest import (  # noqa: F401 (web_archive, web_home: fixtures used here)
    PASSWORD,
    web_archive,
    web_home,
)

CHROMIUM = "/usr/bin/chromium"

DECISION = "000.00.00.H49.2023.12.TNMT.0000002"  # Quyết định 123/QĐ-UBND, mode 01
DOSSIER = "000.00.00.H99.000.00.00.H49.2023.12.TNMT"

PAGES: dict[str, str] = {
    "search": "/search?q=giao+dat",
    "dossier": f"/dossiers/{DOSSIER}",
    "document": f"/documents/{DECISION}",
    "verification": f"/documents/{DECISION}/verification",
    "audit": f"/documents/{DECISION}/audit",
    "login": "/login",
    "error": "/no-such-page",
    "use-requests": "/use-requests",
    "copies": "/copies",
    "stats": "/stats?by=mode",
    "inspections": "/inspections",
}
"""Every kind of page of the site, by name: search with results, dossier, document, the
verification report, the audit trail, the login form, the error page (an unknown path), the
use requests, the statistics, the periodic inspection."""

ANONYMOUS = frozenset({"login"})
"""Pages visited logged out."""

WIDTHS: dict[int, int] = {390: 844, 768: 1024, 1280: 800}
"""Viewport widths checked (a phone, a tablet, a laptop) and the height of each."""


@pytest.fixture(scope="session")
def live_server(web_archive: Archive) -> Iterator[str]:  # noqa: F811
    with served(create_app(web_archive)) as url:
        yield url


@pytest.fixture(scope="module")
def browser(live_server: str) -> Iterator[Browser]:
    """Module-scoped and started after the server: while Playwright's sync API is open it keeps
    an asyncio event loop running in this thread, and anything calling ``asyncio.run`` (pyHanko
    signing in the demo home, other test modules in the same worker) must run outside it."""
    del live_server
    executable = shutil.which("chromium") or CHROMIUM
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True, locale="vi-VN")
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def auditor_state(browser: Browser, live_server: str) -> Any:
    """The cookies of one auditor login, reused by every page opened in the module."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Tên đăng nhập").fill("auditor")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server}/search")
    state = context.storage_state()
    context.close()
    return state


@contextmanager
def open_page(
    browser: Browser,
    base: str,
    state: Any,
    name: str,
    width: int,
    lang: str = "vi",
) -> Iterator[Page]:
    """Page ``name`` of :data:`PAGES` in a new context ``width`` pixels wide (device scale 1),
    in ``lang``, for the block; its context is closed afterwards."""
    context = browser.new_context(
        viewport={"width": width, "height": WIDTHS[width]},
        device_scale_factor=1,
        locale="vi-VN",
        storage_state=None if name in ANONYMOUS else state,
    )
    try:
        page = context.new_page()
        if lang != "vi":
            page.goto(f"{base}/lang/{lang}?next=/login")
        response = page.goto(base + PAGES[name])
        assert response is not None
        assert response.status == (404 if name == "error" else 200), (name, response.status)
        if name not in ANONYMOUS:
            assert "auditor" in page.locator("header").inner_text(), "not logged in"
        yield page
    finally:
        context.close()
