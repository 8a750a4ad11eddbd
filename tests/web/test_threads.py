"""One web process works on a few requests at a time, near the core count (``web_threads``)."""

from __future__ import annotations

from dataclasses import replace

from anyio import to_thread
from fastapi.testclient import TestClient

from archive.bootstrap import Archive
from archive.web import create_app
from archive.web.app import web_threads


def _tokens(archive: Archive) -> float:
    with TestClient(create_app(archive)) as client:
        portal = client.portal
        assert portal is not None
        return portal.call(lambda: to_thread.current_default_thread_limiter().total_tokens)


def test_the_request_pool_follows_the_setting(web_archive: Archive) -> None:
    assert _tokens(web_archive) == web_threads(web_archive.settings) >= 4
    three = replace(
        web_archive, settings=web_archive.settings.model_copy(update={"web_threads": 3})
    )
    assert _tokens(three) == 3
