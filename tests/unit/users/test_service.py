"""User accounts on both engines: argon2 hashes, tokens stored as digests, refusals, events."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.audit.chain import AgentRef, verify_chain
from archive.audit.models import Event
from archive.catalog.codes import effective_mode
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput, NotFound
from archive.users.access import can
from archive.users.models import ApiToken, User
from archive.users.service import add_user, authenticate, issue_token, list_users, user_for_token
from archive.web.security import safe_next

ADMIN = AgentRef("person:tuan", "Tuấn", "person")
PASSWORD = "mot-mat-khau-dai-2026"


def test_add_and_authenticate(sessions: sessionmaker[Session]) -> None:
    with unit_of_work(sessions) as s:
        add_user(s, "minh", "officer", PASSWORD, ADMIN)
    with unit_of_work(sessions) as s:
        user = s.scalar(select(User).where(User.name == "minh"))
        assert user is not None and user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        who = authenticate(s, "minh", PASSWORD)
        assert who is not None and (who.name, who.role) == ("minh", "officer")
        assert authenticate(s, "minh", PASSWORD + "x") is None
        assert authenticate(s, "nobody", PASSWORD) is None
        user.active = False
    with unit_of_work(sessions) as s:
        assert authenticate(s, "minh", PASSWORD) is None
        assert list_users(s) == [
            {"name": "minh", "role": "officer", "active": False, "created_at": user.created_at}
        ]
        event = s.scalar(select(Event).where(Event.event_type == "user creation"))
        assert event is not None and "user:minh" in event.objects_json
        assert verify_chain(s).ok


@pytest.mark.parametrize(
    ("name", "role", "password", "error"),
    [
        ("Minh Nguyen", "officer", PASSWORD, "tên người dùng"),
        ("minh", "root", PASSWORD, "unknown role"),
        ("minh", "officer", "short", "12"),
    ],
)
def test_bad_users_are_refused(
    sessions: sessionmaker[Session], name: str, role: str, password: str, error: str
) -> None:
    with pytest.raises(InvalidInput, match=error), unit_of_work(sessions) as s:
        add_user(s, name, role, password, ADMIN)
    with unit_of_work(sessions) as s:
        assert s.scalar(select(User)) is None


def test_duplicate_user_is_refused(sessions: sessionmaker[Session]) -> None:
    with unit_of_work(sessions) as s:
        add_user(s, "lan", "archivist", PASSWORD, ADMIN)
    with pytest.raises(Conflict), unit_of_work(sessions) as s:
        add_user(s, "lan", "admin", PASSWORD, ADMIN)


def test_tokens_are_stored_as_digests(sessions: sessionmaker[Session]) -> None:
    with unit_of_work(sessions) as s:
        add_user(s, "hoa", "auditor", PASSWORD, ADMIN)
        token = issue_token(s, "hoa", ADMIN)
    with unit_of_work(sessions) as s:
        stored = s.scalar(select(ApiToken))
        assert stored is not None
        assert stored.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
        assert token not in stored.token_sha256
        who = user_for_token(s, token)
        assert who is not None and (who.name, who.role) == ("hoa", "auditor")
        assert user_for_token(s, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
        assert user_for_token(s, "not-a-token") is None
        stored.revoked = True
    with unit_of_work(sessions) as s:
        assert user_for_token(s, token) is None
    with pytest.raises(NotFound), unit_of_work(sessions) as s:
        issue_token(s, "nobody", ADMIN)


def test_roles_and_modes() -> None:
    assert effective_mode("01", "02") == "02" and effective_mode("03", "01") == "03"
    assert effective_mode("01", None) == "03" and effective_mode("xx") == "03"
    assert can("auditor", "verification") and not can("officer", "verification")
    assert not can("officer", "audit_trail")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/search?q=a", "/search?q=a"),
        ("https://x.example/", "/"),
        ("//x.example", "/"),
        ("/\\x.example", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
    ],
)
def test_safe_next(target: str, expected: str) -> None:
    assert safe_next(target) == expected


@pytest.mark.parametrize(
    ("password", "why"),
    [
        pytest.param(" " * 12, "lặp ký tự", id="twelve-spaces"),
        pytest.param("password1234", "rất phổ biến", id="common"),
        pytest.param("qwertyuiop12", "dễ đoán", id="keyboard"),
        pytest.param("minh.minh.minh", "dễ đoán", id="own-name"),
        pytest.param("abcdefghijklmnop", "dễ đoán", id="sequence"),
        pytest.param("x" * 1025, "1024", id="too-long"),
        pytest.param("short", "12", id="short"),
    ],
)
def test_weak_passwords_are_refused_and_say_why(
    sessions: sessionmaker[Session], password: str, why: str
) -> None:
    with pytest.raises(InvalidInput) as refused, unit_of_work(sessions) as s:
        add_user(s, "minh", "officer", password, ADMIN)
    message = str(refused.value)
    assert why in message and " / the password " in message  # Vietnamese first, then English
    assert password.strip() == "" or password not in message
    with unit_of_work(sessions) as s:
        assert list_users(s) == []


def test_token_expiry_use_and_revocation(sessions: sessionmaker[Session]) -> None:
    from datetime import UTC, datetime, timedelta

    from archive.users.service import list_tokens, revoke_token

    t0 = datetime(2031, 1, 1, tzinfo=UTC)
    with unit_of_work(sessions) as s:
        add_user(s, "minh", "officer", PASSWORD, ADMIN)
        token = issue_token(s, "minh", ADMIN, now=t0)  # default: 90 days
        short = issue_token(s, "minh", ADMIN, days=1, now=t0)
    with unit_of_work(sessions) as s:
        assert user_for_token(s, token, t0 + timedelta(days=89, hours=23)) is not None
        assert user_for_token(s, token, t0 + timedelta(days=90)) is None
        assert user_for_token(s, short, t0 + timedelta(hours=5)) is not None
        assert user_for_token(s, short, t0 + timedelta(days=1)) is None
    with unit_of_work(sessions) as s:
        rows = list_tokens(s, "minh")
        assert [(r["expires_at"], r["revoked"]) for r in rows] == [
            ("2031-04-01T00:00:00+00:00", False),
            ("2031-01-02T00:00:00+00:00", False),
        ]
        assert rows[0]["last_used_at"] == "2031-03-31T23:00:00+00:00"
        assert not any(token in str(r) or short in str(r) for r in rows)
        assert revoke_token(s, int(str(rows[1]["id"])), ADMIN) == "minh"
        with pytest.raises(Conflict):
            revoke_token(s, int(str(rows[1]["id"])), ADMIN)
        with pytest.raises(NotFound):
            revoke_token(s, 999, ADMIN)
        with pytest.raises(InvalidInput):
            issue_token(s, "minh", ADMIN, days=0)
    with unit_of_work(sessions) as s:
        assert user_for_token(s, short, t0) is None
        assert list_tokens(s, "minh")[1]["revoked"] is True
        types = list(s.scalars(select(Event.event_type).order_by(Event.seq)))
        assert types == ["user creation", "token issuance", "token issuance", "token revocation"]
        assert verify_chain(s).ok
