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
from datetime import UTC, datetime
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.catalog.models import ApiToken, User
from archive.errors import Conflict, InvalidInput, NotFound
from archive.users.access import ROLES

__all__ = [
    "MIN_PASSWORD_CHARS",
    "TOKEN_PREFIX",
    "Principal",
    "add_user",
    "authenticate",
    "issue_token",
    "list_users",
    "user_for_token",
]

MIN_PASSWORD_CHARS: Final = 12
TOKEN_PREFIX: Final = "arc_"  # noqa: S105 (a marker, not a secret)
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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(session: Session, name: str, role: str, password: str, agent: AgentRef) -> User:
    """Create a user; refuses a bad name, an unknown role, a short password or a duplicate."""
    if not _NAME_RE.fullmatch(name):
        raise InvalidInput(
            f"tên người dùng không hợp lệ {name!r}: 2–64 ký tự a-z, 0-9, '.', '_', '-' / "
            f"invalid user name {name!r}: 2–64 characters a-z, 0-9, '.', '_', '-'"
        )
    if role not in ROLES:
        raise InvalidInput(
            f"vai trò không hợp lệ {role!r} / unknown role {role!r}: {', '.join(ROLES)}"
        )
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(
            f"mật khẩu phải có ít nhất {MIN_PASSWORD_CHARS} ký tự / "
            f"the password needs at least {MIN_PASSWORD_CHARS} characters"
        )
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise Conflict(f"đã có người dùng {name} / user {name} already exists")
    user = User(
        name=name, role=role, password_hash=_hasher.hash(password), active=True, created_at=_now()
    )
    session.add(user)
    session.flush()
    append_events(
        session,
        [
            NewEvent(
                "user creation",
                f"Tạo người dùng {name} (vai trò {role}) / User {name} created with role {role}",
                agents=[agent],
                objects=[(f"user:{name}", "outcome")],
            )
        ],
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


def issue_token(session: Session, name: str, agent: AgentRef) -> str:
    """A new bearer token for ``name``; returned once, only its SHA-256 is stored."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"không có người dùng {name} / no user {name}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            user_id=user.id, token_sha256=_token_digest(token), created_at=_now(), revoked=False
        )
    )
    append_events(
        session,
        [
            NewEvent(
                "token issuance",
                f"Cấp mã truy cập API cho {name} / API token issued to {name}",
                agents=[agent],
                objects=[(f"user:{name}", "outcome")],
            )
        ],
    )
    return token


def user_for_token(session: Session, token: str) -> Principal | None:
    """The active user a bearer token belongs to, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    digest = _token_digest(token)
    row = session.execute(
        select(User, ApiToken.token_sha256)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_sha256 == digest, ApiToken.revoked.is_(False))
    ).first()
    if row is None or not hmac.compare_digest(row[1], digest) or not row[0].active:
        return None
    return Principal(row[0].name, row[0].role)


def list_users(session: Session) -> list[dict[str, object]]:
    """Every user: name, role, active, created (never a hash)."""
    return [
        {"name": u.name, "role": u.role, "active": u.active, "created_at": u.created_at}
        for u in session.scalars(select(User).order_by(User.name))
    ]
