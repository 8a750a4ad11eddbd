"""CSRF, session cookies, login rate limiting, autoescaping (a ``<script>`` in a title),
security headers, open redirects, production settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from archive.audit.models import Event
from archive.bootstrap import Archive, open_archive
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.errors import ConfigurationError
from archive.web import create_app
from tests.support.production import copies
from tests.web.conftest import PASSWORD, XSS, XSS_DOC, csrf_of, login, new_client


def test_login_form_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    for token in ("", "forged-token"):
        refused = client.post(
            "/login", data={"name": "officer", "password": PASSWORD, "csrf": token}
        )
        assert refused.status_code == 403
    assert client.get("/search").status_code == 303  # still not logged in


def test_csrf_token_of_another_session_is_refused(web_archive: Archive) -> None:
    with new_client(web_archive) as mallory, new_client(web_archive) as victim:
        token = csrf_of(mallory.get("/login").text)
        victim.get("/login")
        forged = victim.post(
            "/login", data={"name": "officer", "password": PASSWORD, "csrf": token}
        )
        assert forged.status_code == 403


def test_logout_needs_csrf(client: TestClient) -> None:
    login(client, "officer")
    assert client.post("/logout", data={}).status_code == 403
    assert client.get("/search").status_code == 200  # still logged in
    token = csrf_of(client.get("/search").text)
    assert client.post("/logout", data={"csrf": token}).status_code == 303
    assert client.get("/search").status_code == 303


def test_session_cookie_flags(web_archive: Archive, web_home: Path) -> None:
    with new_client(web_archive) as client:
        cookie = client.get("/login").headers["set-cookie"].lower()
        assert "archive_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
        assert "secure" not in cookie.split(";")[-1] and "; secure" not in cookie
    secure = Settings(home=web_home, web_secure_cookies=True)
    with open_archive(secure) as archive, TestClient(create_app(archive)) as client:
        cookie = client.get("/login").headers["set-cookie"].lower()
        assert "; secure" in cookie and "httponly" in cookie


def test_session_cookie_cannot_be_forged(client: TestClient) -> None:
    import base64
    import json

    forged = base64.b64encode(json.dumps({"user": "admin"}).encode()).decode()
    client.cookies.set("archive_session", f"{forged}.AAAA.BBBB")
    assert client.get("/search").status_code == 303


def test_login_rate_limit(web_archive: Archive) -> None:
    with new_client(web_archive) as client:
        limit = web_archive.settings.web_login_max_failures
        for _ in range(limit):
            token = csrf_of(client.get("/login").text)
            bad = client.post(
                "/login", data={"name": "auditor", "password": "wrong-password-x", "csrf": token}
            )
            assert bad.status_code == 401
            assert "Sai tên đăng nhập hoặc mật khẩu" in bad.text
        token = csrf_of(client.get("/login").text)
        # Even the right password is refused while the window lasts.
        blocked = client.post(
            "/login", data={"name": "auditor", "password": PASSWORD, "csrf": token}
        )
        assert blocked.status_code == 429
        assert client.get("/search").status_code == 303


def test_the_login_limit_is_shared_by_every_web_process(web_archive: Archive) -> None:
    """Two apps on one home (two `archive serve` workers) count failures together."""
    limit = web_archive.settings.web_login_max_failures
    with new_client(web_archive) as one, new_client(web_archive) as two:
        for n in range(limit):
            worker = (one, two)[n % 2]
            token = csrf_of(worker.get("/login").text)
            bad = worker.post(
                "/login", data={"name": "officer", "password": "wrong-password-x", "csrf": token}
            )
            assert bad.status_code == 401
        for worker in (one, two):
            token = csrf_of(worker.get("/login").text)
            right = worker.post(
                "/login", data={"name": "officer", "password": PASSWORD, "csrf": token}
            )
            assert right.status_code == 429


def test_failed_logins_are_audit_events(web_archive: Archive) -> None:
    with unit_of_work(web_archive.sessions) as s:
        before = s.scalar(select(func.max(Event.seq))) or 0
    with new_client(web_archive) as client:
        for name, password in (("auditor", "wrong-password-x"), ("Mat-Khau-Bi-Go-Nham", "x")):
            token = csrf_of(client.get("/login").text)
            data = {"name": name, "password": password, "csrf": token}
            assert client.post("/login", data=data).status_code == 401
    with unit_of_work(web_archive.sessions) as s:
        events = list(s.scalars(select(Event).where(Event.seq > before).order_by(Event.seq)))
    failures = [e for e in events if e.event_type == "authentication"]
    assert [e.outcome for e in failures] == ["failure", "failure"]
    # The TestClient's peer "testclient" is no IP address: it is never written as it came.
    assert "auditor" in failures[0].detail and "from unknown" in failures[0].detail
    assert "testclient" not in failures[0].detail
    assert "mat-khau-bi-go-nham" not in failures[1].detail.lower()


def test_unknown_user_and_wrong_password_answer_alike(client: TestClient) -> None:
    answers = []
    for name in ("nobody-here", "officer"):
        token = csrf_of(client.get("/login").text)
        answers.append(
            client.post(
                "/login", data={"name": name, "password": "not-the-password", "csrf": token}
            )
        )
    assert [a.status_code for a in answers] == [401, 401]
    assert answers[0].text.replace(csrf_of(answers[0].text), "") == answers[1].text.replace(
        csrf_of(answers[1].text), ""
    )


def test_script_in_a_title_is_escaped_everywhere(client: TestClient) -> None:
    login(client, "officer")
    pages = [
        client.get("/search", params={"q": "xss"}),
        client.get("/search", params={"q": XSS}),
        client.get(f"/documents/{XSS_DOC}"),
        client.get("/dossiers/000.00.00.H99." + XSS_DOC.rsplit(".", 1)[0]),
    ]
    assert [p.status_code for p in pages] == [200, 200, 200, 200]
    assert any("&lt;script&gt;" in p.text for p in pages)
    for page in pages:
        assert "<script" not in page.text.lower(), page.url
    api = client.get(f"/api/documents/{XSS_DOC}")
    assert api.headers["content-type"].startswith("application/json")
    assert XSS in api.json()["subject"]  # data stays data in JSON


def test_security_headers(client: TestClient) -> None:
    page = client.get("/login")
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script" not in csp  # no script may run
    assert "frame-ancestors 'none'" in csp


def test_login_redirect_stays_on_this_site(client: TestClient) -> None:
    for target, expected in (
        ("https://evil.example/x", "/search"),
        ("//evil.example", "/search"),
        ("/dossiers/x", "/dossiers/x"),
    ):
        token = csrf_of(client.get("/login").text)
        done = client.post(
            "/login", data={"name": "officer", "password": PASSWORD, "csrf": token, "next": target}
        )
        assert done.status_code == 303 and done.headers["location"] == expected
        client.cookies.clear()


def test_production_refuses_demo_defaults(web_home: Path) -> None:
    with open_archive(Settings(home=web_home)) as archive:
        archive.settings = Settings(home=web_home, environment="production")
        with pytest.raises(ConfigurationError):
            create_app(archive)
    short = Settings(home=web_home, web_session_secret="short")  # type: ignore[arg-type]
    with open_archive(short) as archive, pytest.raises(ConfigurationError, match="32"):
        create_app(archive)
    production = Settings(
        home=web_home,
        environment="production",
        agency_code="000.00.00.H49",
        **copies(web_home.parent / "copies"),  # type: ignore[arg-type]
    )
    with open_archive(production) as archive, TestClient(create_app(archive)) as client:
        cookie = client.get("/login").headers["set-cookie"].lower()
        assert "; secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    secret = web_home / "web-secret"
    assert secret.is_file() and secret.stat().st_mode & 0o077 == 0
