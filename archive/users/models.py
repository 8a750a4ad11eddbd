"""Tables of the web accounts: users, API tokens, server-side sessions, login limits.

Times of tokens and users are ISO 8601 strings in UTC (as elsewhere in the catalog); times the
web checks on every request (sessions, the rate limit) are seconds since the epoch.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from archive.db.base import Base

__all__ = ["ApiToken", "LoginLimit", "User", "WebSession"]


class User(Base):
    """A person who logs in to the web page or the JSON API, with one role (archive.users)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(30))
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, PHC string
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[str] = mapped_column(String(40))


class ApiToken(Base):
    """A bearer token of the JSON API; only the SHA-256 of the token is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[str] = mapped_column(String(40))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # Tokens issued before migration 0009 have no expiry until revoked.
    expires_at: Mapped[str | None] = mapped_column(String(40))
    last_used_at: Mapped[str | None] = mapped_column(String(40))
    revoked_at: Mapped[str | None] = mapped_column(String(40))


class WebSession(Base):
    """One web login (archive.users.sessions). The cookie carries a random id; only its
    SHA-256 is kept, so reading this table gives nobody a usable session."""

    __tablename__ = "web_sessions"

    id_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[float] = mapped_column(Float)  # seconds since the epoch
    last_seen_at: Mapped[float] = mapped_column(Float, index=True)


class LoginLimit(Base):
    """The login rate limit's state for one key (archive.users.logins).

    ``key`` is an HMAC under the web session key of "pair:<name>\\n<address>" (the attempts
    reserved for one account from one address) or "addr:<address>" (the failures and the
    delay of one address) — never what was typed into the name field.
    """

    __tablename__ = "login_limits"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    attempts: Mapped[str] = mapped_column(Text, default="")  # times of reserved attempts
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[float] = mapped_column(Float, default=0.0)  # no attempt before this
    updated_at: Mapped[float] = mapped_column(Float, index=True)  # last reservation
