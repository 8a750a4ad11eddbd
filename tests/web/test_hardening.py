"""Issue 13 item 8: the smaller findings of the attack with an officer account — HEAD, the
trailing-slash redirect and the Host header, Cache-Control, the access log, and when and how a
download is logged."""

from __future__ import annotations

import hashlib
import logging
import logging.config

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.bootstrap import Archive
from archive.catalog.models import Event
from archive.db.engine import unit_of_work
from archive.users.service import Principal
from archive.web import records
from archive.web.downloads import verified_stream
from cli.web import log_config
from tests.web.conftest import login

DECISION = "000.00.00.H49.2023.12.TNMT.0000002"  # mode 01, in the demo dossier below
DOSSIER = "000.00.00.H99.000.00.00.H49.2023.12.TNMT"


def _last_seq(archive: Archive) -> int:
    with unit_of_work(archive.sessions) as s:
        return max(s.scalars(select(Event.seq)), default=0)


def _events_since(archive: Archive, seq: int) -> list[Event]:
    with unit_of_work(archive.sessions) as s:
        rows = list(s.scalars(select(Event).where(Event.seq > seq).order_by(Event.seq)))
        s.expunge_all()
        return rows


# ---------------------------------------------------------------------- d. HEAD


def test_head_answers_like_get_without_body_and_logs_nothing(
    client: TestClient, web_archive: Archive, tokens: dict[str, str]
) -> None:
    login(client, "officer")
    before = _last_seq(web_archive)
    for path in (
        "/search?q=quyet",
        f"/dossiers/{DOSSIER}",
        f"/documents/{DECISION}",
        f"/documents/{DECISION}/original",
    ):
        get, head = client.get(path), client.head(path)
        assert (get.status_code, head.status_code) == (200, 200), path
        assert head.content == b"", path
        assert head.headers["content-type"] == get.headers["content-type"], path
        assert head.headers["content-length"] == str(len(get.content)), path
    api = {"authorization": f"Bearer {tokens['officer']}"}
    head = client.head(f"/api/documents/{DECISION}/original", headers=api)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["x-content-sha256"] and int(head.headers["content-length"]) > 0
    # Only the GETs above were views and downloads: 2 views + 1 download, nothing for HEAD.
    kinds = [e.event_type for e in _events_since(web_archive, before)]
    assert kinds == ["access", "access", "dissemination"]
    # HEAD of a hidden or missing record: the same 404 as GET; HEAD of a POST-only route: 405.
    assert client.head("/documents/000.00.00.H49.2099.99.XX.0000001").status_code == 404
    assert client.head("/logout").status_code == 405


# ---------------------------------------------------------------------- e. Host header


def test_trailing_slash_never_redirects_to_the_host_header(client: TestClient) -> None:
    login(client, "officer")
    forged = {"host": "evil.example"}
    for path in ("/search/", f"/dossiers/{DOSSIER}/", "/api/search/", "/login/"):
        answer = client.get(path, headers=forged)
        assert "evil.example" not in answer.headers.get("location", ""), path
        assert answer.status_code == 404, path
    # The redirects the site does make are relative: the Host header never reaches them.
    for path in ("/", "/lang/en?next=/search"):
        location = client.get(path, headers=forged).headers["location"]
        assert location.startswith("/") and "evil" not in location


# ---------------------------------------------------------------------- f. Cache-Control


def test_every_api_answer_and_record_page_says_no_store(
    client: TestClient, tokens: dict[str, str]
) -> None:
    api = {"authorization": f"Bearer {tokens['officer']}"}
    for path in (
        "/api/search?q=quyet",
        f"/api/dossiers/{DOSSIER}",
        f"/api/documents/{DECISION}",
        f"/api/documents/{DECISION}/original",
        "/api/documents/no-such-code",
        "/api/search?page=x",
        "/api/openapi.json",
    ):
        answer = client.get(path, headers=api)
        assert answer.headers.get("cache-control") == "no-store", (path, answer.status_code)
    assert client.get("/api/search").headers["cache-control"] == "no-store"  # 401 too
    login(client, "officer")
    for path in ("/search?q=quyet", f"/dossiers/{DOSSIER}", f"/documents/{DECISION}"):
        assert client.get(path).headers["cache-control"] == "no-store", path
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers.get("cache-control") != "no-store"


# ---------------------------------------------------------------------- g. access log


def test_access_log_records_the_path_without_the_query(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """uvicorn's own access logger, configured by ``archive serve``'s log config, given a line
    exactly as uvicorn logs it (uvicorn/protocols/http/h11_impl.py)."""
    logging.config.dictConfig(log_config())
    try:
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d',
            "127.0.0.1:50000",
            "GET",
            "/search?q=ho%20so%20mat&organ=H49",
            "1.1",
            200,
        )
        out = capsys.readouterr().out
        assert '"GET /search HTTP/1.1" 200' in out
        assert "ho%20so" not in out and "organ" not in out and "?" not in out
    finally:
        logging.config.dictConfig({"version": 1, "disable_existing_loggers": False})


# ---------------------------------------------------------------------- h. download events


def _ref(archive: Archive) -> records.OriginalRef:
    with unit_of_work(archive.sessions) as s:
        ref = records.original_ref(s, archive.settings, archive.ocfl, "officer", DECISION)
    assert ref is not None
    return ref


def test_download_event_follows_the_last_byte(web_archive: Archive) -> None:
    ref = _ref(web_archive)
    who = Principal("officer", "officer")
    before = _last_seq(web_archive)
    stream = verified_stream(web_archive, who, ref, "API", web_archive.ocfl.store.open(ref.key))
    sent = b"".join(chunk for chunk in [next(stream)])  # the demo PDFs are one chunk
    assert hashlib.sha256(sent).hexdigest() == ref.sha256
    assert _events_since(web_archive, before) == []  # handed over, not yet known as sent
    with pytest.raises(StopIteration):
        next(stream)  # the server asks for more: the last byte has left
    events = _events_since(web_archive, before)
    assert [(e.event_type, e.outcome) for e in events] == [("dissemination", "success")]
    assert events[0].detail.endswith("(API)") and "user:officer" in events[0].agents_json


def test_a_broken_download_is_recorded_as_a_failure(web_archive: Archive) -> None:
    ref = _ref(web_archive)
    before = _last_seq(web_archive)
    stream = verified_stream(
        web_archive,
        Principal("officer", "officer"),
        ref,
        "web",
        web_archive.ocfl.store.open(ref.key),
    )
    next(stream)
    stream.close()  # the client went away before the end
    events = _events_since(web_archive, before)
    assert [(e.event_type, e.outcome) for e in events] == [("dissemination", "failure")]
    assert "không hoàn tất" in events[0].detail and events[0].detail.endswith("(web)")


def test_download_channel_is_named(
    client: TestClient, web_archive: Archive, tokens: dict[str, str]
) -> None:
    before = _last_seq(web_archive)
    api = {"authorization": f"Bearer {tokens['officer']}"}
    assert client.get(f"/api/documents/{DECISION}/original", headers=api).status_code == 200
    login(client, "officer")
    assert client.get(f"/documents/{DECISION}/original").status_code == 200
    details = [e.detail for e in _events_since(web_archive, before)]
    assert [d[-5:] for d in details if "Download" in d] == ["(API)", "(web)"]
