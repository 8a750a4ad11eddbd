"""Web security pieces: the session key, CSRF tokens, the login rate limit, safe redirects."""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from archive.config import Settings

__all__ = ["LoginLimiter", "check_csrf", "csrf_token", "safe_next", "session_secret"]


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


class LoginLimiter:
    """Counts failed logins per key (user name, client address) in a sliding window.

    Kept in the web process's memory: each process limits on its own, which bounds a guesser
    to ``max_failures × processes`` tries per window; argon2 makes each try costly anyway.
    """

    def __init__(self, max_failures: int, window_s: float) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window_s:
            times.popleft()
        return times

    def blocked(self, *keys: str) -> bool:
        """Whether any key has used up its failures in the window."""
        now = time.monotonic()
        with self._lock:
            return any(len(self._recent(k, now)) >= self.max_failures for k in keys)

    def failed(self, *keys: str) -> None:
        """Record one failed attempt for every key."""
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        """Forget the failures of these keys."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
