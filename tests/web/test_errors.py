"""One table from the archive's error categories to HTTP status (archive/web/errors.py), the
same for the JSON API and the error page.

Categories a route produces today are raised through real requests on the real app (a bad sort,
a search beyond a bound, a stored original that is missing or unreadable). The others — no
route produces them yet — go through a tiny app built with the same installer
(``errors.install``) and the same per-app state, so the real handlers answer them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.middleware.sessions import SessionMiddleware

import archive.errors as categories
from archive.bootstrap import Archive
from archive.errors import (
    ArchiveError,
    ChecksumMismatch,
    ConfigurationError,
    Conflict,
    IntegrityFailure,
    InvalidInput,
    LimitExceeded,
    NotFound,
    NotSupported,
    ObjectExists,
    ObjectNotFound,
    PackageRefused,
    Unavailable,
)
from archive.findings import Report
from archive.messages.catalogue import translator
from archive.web import errors
from archive.web.state import WebState
from tests.web.conftest import login

DECISION = "000.00.00.H49.2023.12.TNMT.0000002"  # Quyết định 123/QĐ-UBND, mode 01

# Every class of archive/errors.py → (its status, the English message of the answer).
EXPECTED: dict[type[ArchiveError], tuple[int, str]] = {
    InvalidInput: (400, "Invalid request"),
    LimitExceeded: (400, "The search goes beyond a limit"),
    PackageRefused: (400, "Invalid request"),
    NotFound: (404, "Not found, or you may not see it."),
    ObjectNotFound: (404, "Not found, or you may not see it."),
    Conflict: (409, "The request conflicts with what the archive holds."),
    ObjectExists: (409, "The request conflicts with what the archive holds."),
    IntegrityFailure: (500, "Error"),
    ChecksumMismatch: (500, "Error"),
    NotSupported: (
        501,
        "This archive does not provide what was asked, or is not configured for it.",
    ),
    Unavailable: (503, "Error"),
    ConfigurationError: (503, "Error"),
    ArchiveError: (500, "Error"),
}


def _example(cls: type[ArchiveError]) -> ArchiveError:
    """An instance of ``cls`` with the data its constructor asks for."""
    if cls is LimitExceeded:
        return LimitExceeded("window", 10000, "Quá giới hạn", "Beyond the limit")
    if cls is ChecksumMismatch:
        return ChecksumMismatch("a/b.pdf", "SHA-256", "0" * 64, "1" * 64)
    if cls is PackageRefused:
        return PackageRefused(Report("sip.zip"))
    if cls in (ObjectExists, ObjectNotFound):
        return cls("store", "a/b.pdf")  # type: ignore[call-arg]
    return cls(f"{cls.__name__} example")


def test_every_category_is_expected() -> None:
    """A new error class must get a decided status here (and in the table)."""
    exported = {getattr(categories, name) for name in categories.__all__}
    assert exported == set(EXPECTED)


@pytest.mark.parametrize("cls", list(EXPECTED), ids=lambda c: c.__name__)
def test_table_entry(cls: type[ArchiveError]) -> None:
    answer = errors.answer_for(_example(cls))
    assert answer.status == EXPECTED[cls][0]
    if cls is not LimitExceeded:  # its own message (archive/web/limits.py)
        assert translator("en")(answer.key) == EXPECTED[cls][1]


# ---------------------------------------------------------------------- the tiny app


@pytest.fixture
def tiny(web_archive: Archive) -> Iterator[TestClient]:
    app = FastAPI()
    app.add_middleware(SessionMiddleware, secret_key="tiny-app-test-secret")
    app.state.web = WebState(web_archive, time.time)
    errors.install(app)
    by_name = {cls.__name__: cls for cls in EXPECTED}

    def boom(name: str) -> None:
        raise _example(by_name[name])

    app.add_api_route("/api/boom/{name}", boom)
    app.add_api_route("/boom/{name}", boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.web.close()


INTERNAL = (ObjectNotFound, IntegrityFailure, ChecksumMismatch, Unavailable, ArchiveError)
"""Their text names hosts, ports or storage keys: the log gets it, the caller a reference."""
REFERENCE = re.compile(r"ref [0-9a-f]{8}")


@pytest.mark.parametrize("cls", list(EXPECTED), ids=lambda c: c.__name__)
def test_api_answers_the_table(
    tiny: TestClient, cls: type[ArchiveError], caplog: pytest.LogCaptureFixture
) -> None:
    response = tiny.get(f"/api/boom/{cls.__name__}")
    assert response.status_code == EXPECTED[cls][0]
    body = response.json()
    assert body["error"] == EXPECTED[cls][1]
    if cls in INTERNAL:
        assert REFERENCE.fullmatch(body["detail"]), body
        (logged,) = [r.getMessage() for r in caplog.records if body["detail"] in r.getMessage()]
        assert str(_example(cls)) in logged  # the operator finds the text by its reference
    else:
        assert body["detail"] == str(_example(cls))


@pytest.mark.parametrize("cls", list(EXPECTED), ids=lambda c: c.__name__)
def test_page_answers_the_table(tiny: TestClient, cls: type[ArchiveError]) -> None:
    tiny.cookies.clear()
    response = tiny.get(f"/boom/{cls.__name__}")
    assert response.status_code == EXPECTED[cls][0]
    assert response.headers["content-type"].startswith("text/html")
    vi = translator("vi")("search_limit" if cls is LimitExceeded else _key(cls))
    assert vi in response.text  # the styled page, in Vietnamese by default


def _key(cls: type[ArchiveError]) -> str:
    return errors.answer_for(_example(cls)).key


# ---------------------------------------------------------------------- real requests


def _api(client: TestClient, token: str, path: str) -> Any:
    return client.get(path, headers={"authorization": f"Bearer {token}"})


def test_invalid_input_is_400(client: TestClient, tokens: dict[str, str]) -> None:
    api = _api(client, tokens["officer"], "/api/search?q=a&sort=nonsense")
    assert api.status_code == 400
    assert api.json()["error"] == "Invalid request"
    assert "sort" in api.json()["detail"]
    login(client, "officer")
    page = client.get("/search?q=a&sort=nonsense")
    assert page.status_code == 400
    assert translator("vi")("bad_request") in page.text


def test_limit_exceeded_is_400(client: TestClient, tokens: dict[str, str]) -> None:
    api = _api(client, tokens["officer"], "/api/search?page=0")
    assert api.status_code == 400 and api.json()["limit"] == "page"
    login(client, "officer")
    page = client.get("/search?page=0")
    assert page.status_code == 400
    assert translator("vi")("search_limit") in page.text


@pytest.mark.parametrize(
    ("error", "status"),
    [(ObjectNotFound("store", "a/b.pdf"), 404), (Unavailable("store: cannot read a/b.pdf"), 503)],
    ids=["ObjectNotFound", "Unavailable"],
)
def test_storage_errors_on_download(
    client: TestClient,
    tokens: dict[str, str],
    web_archive: Archive,
    monkeypatch: pytest.MonkeyPatch,
    error: ArchiveError,
    status: int,
) -> None:
    """A stored original that is gone (or a storage that cannot be read) when it is asked for."""

    def fail(key: str) -> Any:
        raise error

    monkeypatch.setattr(web_archive.ocfl.store, "open", fail)
    api = _api(client, tokens["officer"], f"/api/documents/{DECISION}/original")
    assert api.status_code == status
    assert REFERENCE.fullmatch(api.json()["detail"])  # never the storage key
    assert "a/b.pdf" not in api.text
    login(client, "officer")
    page = client.get(f"/documents/{DECISION}/original")
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["x-content-type-options"] == "nosniff"
