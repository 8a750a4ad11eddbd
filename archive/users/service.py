"""User accounts: argon2id password hashes, bearer tokens kept as SHA-256, PREMIS events.

Functions take an open SQLAlchemy session (the caller's unit of work) and never commit.
No account exists until an operator creates one (``archive users add``): there is no default
user and no default password, in any environment.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.clock import catalog_time, utc_now
from archive.errors import Conflict, InvalidInput, NotFound
from archive.users.access import ROLES
from archive.users.models import ApiToken, User
from archive.users.passwords import MIN_PASSWORD_CHARS, check_password
from archive.users.sessions import end_user_sessions

__all__ = [
    "DEFAULT_TOKEN_DAYS",
    "MIN_PASSWORD_CHARS",
    "TOKEN_PREFIX",
    "Principal",
    "add_user",
    "authenticate",
    "issue_token",
    "list_tokens",
    "list_users",
    "revoke_token",
    "set_active",
    "user_for_token",
]

TOKEN_PREFIX: Final = "arc_"  # noqa: S105 (a marker, not a secret)
DEFAULT_TOKEN_DAYS: Final = 90
MAX_TOKEN_DAYS: Final = 3650
_NAME_RE: Final = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
_hasher = PasswordHasher()  # argon2id with the library's (RFC 9106) defaults
# Verified when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH: Final = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Principal:
    """Who is asking: a logged-in user's name and role (never the password or token)."""

    name: str
    role: str

    @property
    def agent(self) -> AgentRef:
        """The user as a PREMIS agent."""
        return AgentRef(f"user:{self.name}", self.name, "person", "implementer")


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _account_event(
    session: Session, event_type: str, detail: str, name: str, agent: AgentRef
) -> None:
    """One audit event about account ``name``, done by ``agent``."""
    append_events(
        session,
        [NewEvent(event_type, detail, agents=[agent], objects=[(f"user:{name}", "outcome")])],
    )


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(session: Session, name: str, role: str, password: str, agent: AgentRef) -> User:
    """Create a user; refuses a bad name, an unknown role, a short or easily guessed password
    (archive.users.passwords) or a duplicate."""
    if not _NAME_RE.fullmatch(name):
        raise InvalidInput(
            f"tên người dùng không hợp lệ {name!r}: 2–64 ký tự a-z, 0-9, '.', '_', '-' / "
            f"invalid user name {name!r}: 2–64 characters a-z, 0-9, '.', '_', '-'"
        )
    if role not in ROLES:
        raise InvalidInput(
            f"vai trò không hợp lệ {role!r} / unknown role {role!r}: {', '.join(ROLES)}"
        )
    check_password(password, (name, *name.replace("_", ".").replace("-", ".").split(".")))
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise Conflict(f"đã có người dùng {name} / user {name} already exists")
    user = User(
        name=name,
        role=role,
        password_hash=_hasher.hash(password),
        active=True,
        created_at=catalog_time(),
    )
    session.add(user)
    session.flush()
    _account_event(
        session,
        "user creation",
        f"Tạo người dùng {name} (vai trò {role}) / User {name} created with role {role}",
        name,
        agent,
    )
    return user


def authenticate(session: Session, name: str, password: str) -> Principal | None:
    """The user if ``password`` is theirs and the account is active, else None."""
    user = session.scalar(select(User).where(User.name == name))
    stored = user.password_hash if user is not None else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    return Principal(user.name, user.role)


def issue_token(
    session: Session,
    name: str,
    agent: AgentRef,
    days: int = DEFAULT_TOKEN_DAYS,
    now: datetime | None = None,
) -> str:
    """A new bearer token for ``name``, valid ``days`` days; returned once, only its SHA-256
    is stored."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise InvalidInput(
            f"thời hạn mã truy cập phải từ 1 đến {MAX_TOKEN_DAYS} ngày / "
            f"a token must expire in 1 to {MAX_TOKEN_DAYS} days"
        )
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"không có người dùng {name} / no user {name}")
    issued = now or utc_now()
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        token_sha256=_token_digest(token),
        created_at=catalog_time(issued),
        expires_at=catalog_time(issued + timedelta(days=days)),
        revoked=False,
    )
    session.add(row)
    session.flush()
    _account_event(
        session,
        "token issuance",
        f"Cấp mã truy cập API số {row.id} cho {name}, hết hạn {row.expires_at} / "
        f"API token {row.id} issued to {name}, expires {row.expires_at}",
        name,
        agent,
    )
    return token


def user_for_token(session: Session, token: str, now: datetime | None = None) -> Principal | None:
    """The active user a bearer token belongs to, or None (unknown, revoked or expired token,
    disabled user). Records when the token was last used (to the minute)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    digest = _token_digest(token)
    row = session.execute(
        select(User, ApiToken)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_sha256 == digest, ApiToken.revoked.is_(False))
    ).first()
    if row is None or not hmac.compare_digest(row[1].token_sha256, digest) or not row[0].active:
        return None
    user, api_token = row
    at = now or utc_now()
    expires = _when(api_token.expires_at)
    if expires is not None and at >= expires:
        return None
    last = _when(api_token.last_used_at)
    if last is None or at - last >= timedelta(minutes=1):
        api_token.last_used_at = catalog_time(at)
    return Principal(user.name, user.role)


def list_tokens(session: Session, name: str) -> list[dict[str, object]]:
    """The tokens of ``name``: id, created, expires, last used, revoked (never the secret)."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"không có người dùng {name} / no user {name}")
    rows = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
    )
    return [
        {
            "id": t.id,
            "created_at": t.created_at,
            "expires_at": t.expires_at,
            "last_used_at": t.last_used_at,
            "revoked": t.revoked,
            "revoked_at": t.revoked_at,
        }
        for t in rows
    ]


def revoke_token(
    session: Session, token_id: int, agent: AgentRef, now: datetime | None = None
) -> str:
    """Revoke a token by its id (``archive users tokens NAME``); returns its user's name."""
    row = session.execute(
        select(ApiToken, User.name)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.id == token_id)
    ).first()
    if row is None:
        raise NotFound(f"không có mã truy cập số {token_id} / no token {token_id}")
    api_token, name = row
    if api_token.revoked:
        raise Conflict(
            f"mã truy cập số {token_id} đã bị thu hồi / token {token_id} is already revoked"
        )
    api_token.revoked = True
    api_token.revoked_at = catalog_time(now)
    _account_event(
        session,
        "token revocation",
        f"Thu hồi mã truy cập API số {token_id} của {name} / "
        f"API token {token_id} of {name} revoked",
        name,
        agent,
    )
    return str(name)


def set_active(session: Session, name: str, active: bool, agent: AgentRef) -> None:
    """Enable or disable ``name``. Disabling ends every web session of the user at once; their
    tokens are refused while the account is disabled (revoke them to end them for good)."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"không có người dùng {name} / no user {name}")
    if user.active == active:
        state = ("đang hoạt động", "enabled") if active else ("đã bị khóa", "disabled")
        raise Conflict(f"người dùng {name} {state[0]} / user {name} is already {state[1]}")
    user.active = active
    ended = 0
    if not active:
        ended = end_user_sessions(session, user.id)
    vi, en = ("Mở khóa", "enabled") if active else ("Khóa", "disabled")
    detail = f"{vi} người dùng {name} / User {name} {en}"
    if not active:
        detail = (
            f"{vi} người dùng {name}, kết thúc {ended} phiên đăng nhập / "
            f"User {name} {en}, {ended} web session(s) ended"
        )
    _account_event(
        session, "user deactivation" if not active else "user activation", detail, name, agent
    )


def list_users(session: Session) -> list[dict[str, object]]:
    """Every user: name, role, active, created (never a hash)."""
    return [
        {"name": u.name, "role": u.role, "active": u.active, "created_at": u.created_at}
        for u in session.scalars(select(User).order_by(User.name))
    ]
