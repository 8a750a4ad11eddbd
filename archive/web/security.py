"""Web security pieces: the session key, CSRF tokens, safe redirects (the login rate limit is
``archive.users.logins``)."""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from archive.config import Settings

__all__ = ["check_csrf", "csrf_token", "safe_next", "session_secret"]


def session_secret(settings: Settings) -> str:
    """The key signing session cookies: the setting, else ``<home>/web-secret`` (made once,
    mode 0600, shared by every web process of this home)."""
    if settings.web_session_secret is not None:
        value = settings.web_session_secret.get_secret_value()
        if len(value) < 32:
            from archive.errors import ConfigurationError

            raise ConfigurationError(
                "web_session_secret phải dài ít nhất 32 ký tự / "
                "web_session_secret must be at least 32 characters"
            )
        return value
    path: Path = settings.home / "web-secret"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_urlsafe(32))
        fh.flush()
        os.fsync(fh.fileno())
    return path.read_text(encoding="ascii").strip()


def csrf_token(session: dict[str, Any]) -> str:
    """The session's CSRF token (created on first use)."""
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def check_csrf(session: dict[str, Any], submitted: str | None) -> bool:
    """Whether a submitted form carries this session's CSRF token."""
    expected = session.get("csrf")
    return (
        isinstance(expected, str)
        and isinstance(submitted, str)
        and hmac.compare_digest(expected.encode(), submitted.encode())
    )


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go to after login or a language switch (never another site)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target:
        return default
    return target
