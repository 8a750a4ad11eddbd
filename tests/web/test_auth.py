"""Sessions, tokens and the login limit through the real app, on SQLite and PostgreSQL: 30
parallel wrong passwords check at most 5; logout, disable and revoke end a cookie or token at
once; expiry by an explicit clock; X-Forwarded-For only from a trusted proxy."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from archive.audit.models import Event
from archive.bootstrap import Archive, open_archive, person_agent
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.users.models import ApiToken
from archive.users.service import add_user, issue_token, revoke_token, set_active
from archive.web import create_app
from tests.web.conftest import PASSWORD, csrf_of

# Logged in: 404 (no such record); not logged in: redirect to the login, or 401 from the API.
PAGE = "/dossiers/no-such-dossier"
API = "/api/dossiers/no-such-dossier"
T0 = datetime(2031, 3, 1, 8, 0, tzinfo=UTC).timestamp()


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def home(catalog_url: str, tmp_path: Path) -> Iterator[Archive]:
    settings = Settings(
        home=tmp_path / "home",
        database_url=catalog_url,
        web_session_secret="s" * 40,
        web_trusted_proxies=["10.9.0.0/24"],
    )
    with open_archive(settings, create=True) as archive:
        with unit_of_work(archive.sessions) as s:
            add_user(s, "minh", "officer", PASSWORD, person_agent("test"))
        yield archive


def client(app: FastAPI, peer: str = "192.0.2.10") -> TestClient:
    return TestClient(app, follow_redirects=False, client=(peer, 40000))


def post_login(c: TestClient, password: str = PASSWORD, **headers: str) -> int:
    token = csrf_of(c.get("/login").text)
    data = {"name": "minh", "password": password, "csrf": token, "next": "/search"}
    return c.post("/login", data=data, headers=headers).status_code


def failures(archive: Archive) -> list[str]:
    with unit_of_work(archive.sessions) as s:
        rows = s.scalars(
            select(Event.detail).where(
                Event.event_type == "authentication", Event.outcome == "failure"
            )
        )
        return list(rows)


def test_thirty_parallel_wrong_passwords_check_at_most_five(home: Archive) -> None:
    app = create_app(home)
    start = threading.Barrier(30)

    def attempt(_: int) -> int:
        c = client(app)
        token = csrf_of(c.get("/login").text)
        start.wait()
        data = {"name": "minh", "password": "wrong-password-x", "csrf": token}
        return c.post("/login", data=data).status_code

    with ThreadPoolExecutor(30) as pool:
        codes = list(pool.map(attempt, range(30)))
    assert sorted(codes) == [401] * 5 + [429] * 25
    assert len(failures(home)) == 5  # one event per password checked
    # The right password from that address waits too; Minh at another address does not.
    assert post_login(client(app)) == 429
    assert post_login(client(app, "198.51.100.4")) == 303


def test_429_says_when_to_come_back(home: Archive) -> None:
    clock = Clock()
    app = create_app(home, clock)
    c = client(app)
    for _ in range(5):
        assert post_login(c, "wrong-password-x") == 401
        clock.now += 10
    token = csrf_of(c.get("/login").text)
    refused = c.post("/login", data={"name": "minh", "password": PASSWORD, "csrf": token})
    assert refused.status_code == 429 and refused.headers["retry-after"] == "250"
    clock.now += 250
    assert post_login(c) == 303


def test_logout_ends_the_session_for_the_old_cookie_too(home: Archive) -> None:
    app = create_app(home)
    c = client(app)
    assert post_login(c) == 303
    stolen = dict(c.cookies)
    assert c.get(PAGE).status_code == 404
    assert c.post("/logout", data={"csrf": csrf_of(c.get("/login").text)}).status_code == 303
    replay = client(app)
    replay.cookies.update(stolen)
    assert replay.get(PAGE).status_code == 303
    assert replay.get(API).status_code == 401


def test_the_cookie_carries_no_user_name(home: Archive) -> None:
    import base64
    import json

    c = client(create_app(home))
    assert post_login(c) == 303
    payload = c.cookies["archive_session"].split(".")[0]
    data: dict[str, Any] = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(data) <= {"sid", "csrf", "lang"} and "minh" not in json.dumps(data)


def test_disabling_a_user_ends_their_sessions_and_tokens_at_once(home: Archive) -> None:
    app = create_app(home)
    c = client(app)
    assert post_login(c) == 303
    with unit_of_work(home.sessions) as s:
        token = issue_token(s, "minh", person_agent("test"))
    bearer = {"authorization": f"Bearer {token}"}
    assert c.get(PAGE).status_code == 404
    assert client(app).get(API, headers=bearer).status_code == 404
    with unit_of_work(home.sessions) as s:
        set_active(s, "minh", False, person_agent("test"))
    assert c.get(PAGE).status_code == 303
    assert client(app).get(API, headers=bearer).status_code == 401
    assert post_login(client(app)) == 401
    with unit_of_work(home.sessions) as s:
        set_active(s, "minh", True, person_agent("test"))
    assert c.get(PAGE).status_code == 303  # the ended session stays ended
    assert post_login(client(app)) == 303


def test_a_revoked_token_is_refused_at_once(home: Archive) -> None:
    app = create_app(home)
    with unit_of_work(home.sessions) as s:
        token = issue_token(s, "minh", person_agent("test"))
    bearer = {"authorization": f"Bearer {token}"}
    assert client(app).get(API, headers=bearer).status_code == 404
    with unit_of_work(home.sessions) as s:
        token_id = s.scalar(select(func.max(ApiToken.id)))
        revoke_token(s, token_id, person_agent("test"))
    assert client(app).get(API, headers=bearer).status_code == 401


def test_an_expired_token_is_refused(home: Archive) -> None:
    clock = Clock()
    app = create_app(home, clock)
    with unit_of_work(home.sessions) as s:
        issued = datetime.fromtimestamp(clock.now, UTC)
        token = issue_token(s, "minh", person_agent("test"), days=7, now=issued)
    bearer = {"authorization": f"Bearer {token}"}
    clock.now += 7 * 86400 - 1
    assert client(app).get(API, headers=bearer).status_code == 404
    clock.now += 1
    assert client(app).get(API, headers=bearer).status_code == 401


def test_sessions_end_when_idle_and_after_their_lifetime(home: Archive) -> None:
    clock = Clock()
    app = create_app(home, clock)
    idle, most = home.settings.web_session_idle_s, home.settings.web_session_max_age_s
    c = client(app)
    assert post_login(c) == 303
    clock.now += idle - 1
    assert c.get(PAGE).status_code == 404
    clock.now += idle - 1  # active: the idle timeout starts again at each request
    assert c.get(PAGE).status_code == 404
    clock.now += idle
    assert c.get(PAGE).status_code == 303
    c = client(app)
    assert post_login(c) == 303
    start = clock.now
    while clock.now < start + most - idle:
        clock.now += idle - 60
        assert c.get(PAGE).status_code == 404
    clock.now = start + most
    assert c.get(PAGE).status_code == 303


def test_forwarded_for_only_from_a_trusted_proxy(home: Archive) -> None:
    app = create_app(home)
    cases = [
        ("203.0.113.50", "198.51.100.7", "from 203.0.113.50"),  # untrusted peer: ignored
        ("10.9.0.2", "198.51.100.7", "from 198.51.100.7"),  # trusted proxy: used
        ("10.9.0.2", "198.51.100.8, 10.9.0.3", "from 198.51.100.8"),  # past our proxies
        ("10.9.0.2", "<script>x</script>", "from 10.9.0.2"),  # garbage: ignored
        ("10.9.0.2", "1.2.3.4 ; DROP TABLE", "from 10.9.0.2"),
    ]
    for peer, header, expected in cases:
        c = client(app, peer)
        assert post_login(c, "wrong-password-x", **{"x-forwarded-for": header}) == 401
        assert failures(home)[-1].endswith(expected), (peer, header)
    text = " ".join(failures(home))
    assert "script" not in text and "DROP" not in text
