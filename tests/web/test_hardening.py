"""Issue 13 item 8: the smaller findings of the attack with an officer account — counts that
gave hidden documents away, hidden records answered differently from missing ones, HEAD, the
trailing-slash redirect and the Host header, Cache-Control, the access log, and when and how a
download is logged."""

from __future__ import annotations

import hashlib
import logging
import logging.config
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import event, select

from archive.bootstrap import Archive
from archive.catalog.models import Document, Dossier
from archive.db.engine import unit_of_work
from archive.users.service import Principal
from archive.web import records
from archive.web.downloads import verified_stream
from cli.web import log_config
from tests.web.conftest import events_since, last_seq, login, new_client

DECISION = "000.00.00.H49.2023.12.TNMT.0000002"  # mode 01, in the demo dossier below
DOSSIER = "000.00.00.H99.000.00.00.H49.2023.12.TNMT"


# ---------------------------------------------------------------------- d. HEAD


def test_head_answers_like_get_without_body_and_logs_nothing(
    client: TestClient, web_archive: Archive, tokens: dict[str, str]
) -> None:
    login(client, "officer")
    before = last_seq(web_archive)
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
        if path.startswith("/search"):  # the page says how long the search took
            assert int(head.headers["content-length"]) > 0
        else:
            assert head.headers["content-length"] == str(len(get.content)), path
    api = {"authorization": f"Bearer {tokens['officer']}"}
    head = client.head(f"/api/documents/{DECISION}/original", headers=api)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["x-content-sha256"] and int(head.headers["content-length"]) > 0
    # Only the GETs above were views and downloads: 2 views + 1 download, nothing for HEAD.
    kinds = [e.event_type for e in events_since(web_archive, before)]
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
    before = last_seq(web_archive)
    stream = verified_stream(web_archive, who, ref, "API", web_archive.ocfl.store.open(ref.key))
    sent = b"".join(chunk for chunk in [next(stream)])  # the demo PDFs are one chunk
    assert hashlib.sha256(sent).hexdigest() == ref.sha256
    assert events_since(web_archive, before) == []  # handed over, not yet known as sent
    with pytest.raises(StopIteration):
        next(stream)  # the server asks for more: the last byte has left
    events = events_since(web_archive, before)
    assert [(e.event_type, e.outcome) for e in events] == [("dissemination", "success")]
    assert events[0].detail.endswith("(API)") and "user:officer" in events[0].agents_json


def test_a_broken_download_is_recorded_as_a_failure(web_archive: Archive) -> None:
    ref = _ref(web_archive)
    before = last_seq(web_archive)
    stream = verified_stream(
        web_archive,
        Principal("officer", "officer"),
        ref,
        "web",
        web_archive.ocfl.store.open(ref.key),
    )
    next(stream)
    stream.close()  # the client went away before the end
    events = events_since(web_archive, before)
    assert [(e.event_type, e.outcome) for e in events] == [("dissemination", "failure")]
    assert "không hoàn tất" in events[0].detail and events[0].detail.endswith("(web)")


def test_download_channel_is_named(
    client: TestClient, web_archive: Archive, tokens: dict[str, str]
) -> None:
    before = last_seq(web_archive)
    api = {"authorization": f"Bearer {tokens['officer']}"}
    assert client.get(f"/api/documents/{DECISION}/original", headers=api).status_code == 200
    login(client, "officer")
    assert client.get(f"/documents/{DECISION}/original").status_code == 200
    details = [e.detail for e in events_since(web_archive, before)]
    assert [d[-5:] for d in details if "Download" in d] == ["(API)", "(web)"]


# ---------------------------------------------------------------------- a. counts


MIXED = "000.00.00.H99.000.00.00.H49.2024.91.VP"  # mode 01 dossier: docs 1 (01) and 2 (02)
MIXED_HIDDEN = "000.00.00.H49.2024.91.VP.0000002"


def _field(view: dict[str, object], name: str) -> str | None:
    fields = view["fields"]
    assert isinstance(fields, list)
    return next((f["raw"] for f in fields if f["name"] == name), None)


def test_dossier_counts_cover_only_what_the_role_sees(
    client: TestClient, tokens: dict[str, str]
) -> None:
    officer = {"authorization": f"Bearer {tokens['officer']}"}
    archivist = {"authorization": f"Bearer {tokens['archivist']}"}
    full = client.get(f"/api/dossiers/{MIXED}", headers=archivist).json()
    seen = client.get(f"/api/dossiers/{MIXED}", headers=officer)
    assert seen.status_code == 200
    view = seen.json()
    assert _field(full, "totalDoc") == "2" and len(full["documents"]) == 2
    assert _field(view, "totalDoc") == "1" and len(view["documents"]) == 1
    assert _field(view, "numberOfPage") == str(view["documents"][0]["numberOfPage"])
    assert _field(view, "numberOfPaper") is None
    # By default nobody sees mode 03, so every role gets counts over what it sees.
    assert view["restrictedView"] is True and full["restrictedView"] is True
    assert "hiddenDocuments" not in view
    assert MIXED_HIDDEN not in seen.text and "riêng hồ sơ 91" not in seen.text
    # The note for restricted roles is the same on a dossier that hides nothing.
    other = client.get(f"/api/dossiers/{DOSSIER}", headers=officer).json()
    assert other["restrictedView"] is True
    login(client, "officer")
    page = client.get(f"/dossiers/{MIXED}").text
    assert MIXED_HIDDEN not in page and "riêng hồ sơ 91" not in page
    note = "chỉ tính những văn bản vai trò của bạn được"
    assert note in page and note in client.get(f"/dossiers/{DOSSIER}").text
    total_row = page.split("Tổng số tài liệu trong hồ sơ", 1)[1].split("</tr>", 1)[0]
    assert "<td>1</td>" in total_row


# ---------------------------------------------------------------------- b. hidden = missing


def _statements(archive: Archive, call: Callable[[], object]) -> list[str]:
    """The SQL statements (text only) that ``call`` runs on the catalog."""
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))  # (conn, cursor, statement, parameters, context, many)

    event.listen(archive.engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(archive.engine, "before_cursor_execute", record)
    return seen


def test_hidden_and_missing_records_take_the_same_path(
    web_archive: Archive, tokens: dict[str, str]
) -> None:
    with unit_of_work(web_archive.sessions) as s:
        secret = s.scalars(select(Document).join(Document.dossier).where(Dossier.mode == "03"))
        hidden_doc = secret.first()
        assert hidden_doc is not None
        hidden = (hidden_doc.doc_code, hidden_doc.dossier.arc_file_code)
    missing = (hidden[0][:-7] + "9999999", hidden[1][:-2] + "ZZ")
    api = {"authorization": f"Bearer {tokens['officer']}"}
    with new_client(web_archive) as browser, new_client(web_archive) as caller:
        login(browser, "officer")
        for path in (
            "/api/documents/{doc}",
            "/api/documents/{doc}/original",
            "/api/dossiers/{dossier}",
            "/documents/{doc}",
            "/documents/{doc}/original",
            "/documents/{doc}/read",
            "/dossiers/{dossier}",
        ):
            client, headers = (caller, api) if path.startswith("/api/") else (browser, {})
            answers = []
            runs = []
            for doc, dossier in (hidden, missing):
                url = path.format(doc=doc, dossier=dossier)
                got: list[Response] = []

                def ask(
                    c: TestClient = client,
                    u: str = url,
                    h: dict[str, str] = headers,
                    out: list[Response] = got,
                ) -> None:
                    out.append(c.get(u, headers=h))

                runs.append(_statements(web_archive, ask))
                body = got[0].text.replace(doc, "CODE").replace(dossier, "CODE")
                answers.append((got[0].status_code, body))
            assert answers[0] == answers[1], path
            assert answers[0][0] == 404, path
            assert runs[0] == runs[1], path  # the same statements, one after the other
    # The rule is in the lookup itself: one statement finds nothing for either.
    with unit_of_work(web_archive.sessions) as s:
        for code in (hidden[0], missing[0]):
            found: list[object] = []

            def look(c: str = code, out: list[object] = found) -> None:
                out.append(records.find_visible_document(s, web_archive.settings, "officer", c))

            run = _statements(web_archive, look)
            assert found == [None]
            assert len([q for q in run if q.startswith("SELECT")]) == 1, run
