"""Every error outside ``/api/`` is the site's error page, in the caller's language, with the
right status; under ``/api/`` it is JSON. Covers what the framework answers by itself (an
unknown path, a method a path does not take, a missing static file), errors nobody expected
(500), and refused path parameters; the archive's own error categories are in test_errors.py."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.middleware.sessions import SessionMiddleware

from archive.bootstrap import Archive
from archive.messages.catalogue import translator
from archive.web import create_app, errors
from archive.web.headers import SECURITY_HEADERS, NoStore, SecurityHeaders
from archive.web.state import WebState
from tests.web.conftest import login

DECISION = "000.00.00.H49.2023.12.TNMT.0000002"
vi, en = translator("vi"), translator("en")


def _is_error_page(response: Any, status: int, message: str) -> None:
    """The styled page of the site: its layout, style sheet, the message, the status."""
    assert response.status_code == status
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    text = response.text
    assert text.startswith("<!doctype html>")
    assert '<link rel="stylesheet" href="/static/style.css">' in text
    assert '<header class="top">' in text and '<main id="main">' in text
    assert f"<h1>{message}</h1>" in text
    assert f"<strong>{status}</strong>" in text
    assert '"detail"' not in text  # never the framework's JSON
    for name, value in SECURITY_HEADERS:
        assert response.headers[name.decode()] == value.decode(), name
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path", ["/no-such-page", "/documents", "/dossiers/", "/apix", "/a/b/c"])
def test_unknown_paths_answer_the_error_page(client: TestClient, path: str) -> None:
    _is_error_page(client.get(path), 404, vi("not_found"))


def test_the_error_page_speaks_english_on_the_switch(client: TestClient) -> None:
    page = client.get("/no-such-page")
    assert '<html lang="vi">' in page.text
    assert 'href="/lang/en?next=/no-such-page" hreflang="en" lang="en">English</a>' in page.text
    switched = client.get("/lang/en", params={"next": "/no-such-page"})
    assert switched.headers["location"] == "/no-such-page"
    english = client.get("/no-such-page")
    _is_error_page(english, 404, en("not_found"))
    assert '<html lang="en">' in english.text and vi("not_found") not in english.text


def test_a_logged_in_user_keeps_the_site_header(client: TestClient) -> None:
    login(client, "officer")
    page = client.get("/no-such-page")
    _is_error_page(page, 404, vi("not_found"))
    assert "<strong>officer</strong>" in page.text and 'action="/logout"' in page.text


def test_a_method_the_page_does_not_take_is_405_with_allow(client: TestClient) -> None:
    for path, allowed in (
        ("/search", "GET"),
        (f"/documents/{DECISION}", "GET"),
        ("/logout", "POST"),
    ):
        method = "DELETE" if allowed == "POST" else "POST"
        answer = client.request(method, path)
        _is_error_page(answer, 405, vi("method_not_allowed"))
        assert answer.headers["allow"] == allowed
    assert client.head("/logout").status_code == 405
    assert client.head("/logout").content == b""


def test_a_missing_static_file_is_the_error_page(client: TestClient) -> None:
    _is_error_page(client.get("/static/no-such.css"), 404, vi("not_found"))
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")


def test_the_api_answers_json(client: TestClient, tokens: dict[str, str]) -> None:
    auth = {"authorization": f"Bearer {tokens['officer']}"}
    for path in ("/api/no-such-endpoint", "/api", "/api/documents"):
        answer = client.get(path, headers=auth)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"] == "application/json"
        assert answer.json() == {"error": en("not_found"), "detail": ""}
    wrong = client.post("/api/search", headers=auth)
    assert wrong.status_code == 405 and wrong.headers["allow"] == "GET"
    assert wrong.json() == {"error": en("method_not_allowed"), "detail": ""}
    assert wrong.headers["cache-control"] == "no-store"


def test_head_of_an_unknown_path_is_404_without_a_body(client: TestClient) -> None:
    head = client.head("/no-such-page")
    assert head.status_code == 404 and head.content == b""
    assert head.headers["content-type"] == "text/html; charset=utf-8"


# ---------------------------------------------------------------------- unexpected errors


def test_an_unexpected_error_is_a_500_page_on_the_real_app(
    web_archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A storage that fails in a way nobody expected (not an archive error): the page is the
    styled 500, the API JSON, both with the security headers; the error still reaches the
    server (which logs it)."""

    def broken(key: str) -> Any:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(web_archive.ocfl.store, "open", broken)
    app = create_app(web_archive)
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as c:
        login(c, "officer")
        page = c.get(f"/documents/{DECISION}/original")
        _is_error_page(page, 500, vi("error"))
        assert "the disk went away" not in page.text  # no internals shown
        assert "<strong>officer</strong>" in page.text
        api = c.get(f"/api/documents/{DECISION}/original")
        assert api.status_code == 500
        assert api.json() == {"error": en("error"), "detail": ""}
        assert api.headers["x-frame-options"] == "DENY"
    with TestClient(app, follow_redirects=False) as raising:
        login(raising, "officer")
        with pytest.raises(RuntimeError, match="the disk went away"):
            raising.get(f"/documents/{DECISION}/original")


@pytest.fixture
def tiny(web_archive: Archive) -> Iterator[TestClient]:
    """An app with the real middlewares in the real order and the real handlers, with routes
    that fail in ways the real app's routes do not (yet)."""
    app = FastAPI()
    app.add_middleware(errors.UnexpectedErrors)
    app.add_middleware(SessionMiddleware, secret_key="tiny-app-test-secret")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(NoStore)
    app.state.web = WebState(web_archive, time.time)
    errors.install(app)

    def bug() -> None:
        raise KeyError("a bug")

    def typed(n: int) -> dict[str, int]:
        return {"n": n}

    for prefix in ("", "/api"):
        app.add_api_route(f"{prefix}/bug", bug)
        app.add_api_route(f"{prefix}/typed/{{n}}", typed)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.web.close()


def test_a_bug_is_a_500_page(tiny: TestClient) -> None:
    _is_error_page(tiny.get("/bug"), 500, vi("error"))
    api = tiny.get("/api/bug")
    assert api.status_code == 500 and api.json() == {"error": "Error", "detail": ""}
    assert api.headers["cache-control"] == "no-store"


def test_a_refused_path_parameter_is_422(tiny: TestClient) -> None:
    _is_error_page(tiny.get("/typed/x"), 422, vi("bad_request"))
    api = tiny.get("/api/typed/x")
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["path", "n"]
    assert tiny.get("/typed/7").json() == {"n": 7}
