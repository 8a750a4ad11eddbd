"""A live ``archive`` web server (uvicorn in a thread on 127.0.0.1) over the web tests' demo
home, and Debian's Chromium driven by Playwright (``.ci/run`` installs the ``chromium``
package; Playwright's own browser download is not used)."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from archive.bootstrap import Archive
from archive.web import create_app
from tests.support.process import free_port
from tests.web.conftest import web_archive, web_home  # noqa: F401 (fixtures used here)

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def live_server(web_archive: Archive) -> Iterator[str]:  # noqa: F811
    port = free_port()
    config = uvicorn.Config(
        create_app(web_archive),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


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
