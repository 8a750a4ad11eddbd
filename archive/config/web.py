"""The settings of the web page: sessions, logins, proxies, tokens, threads."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings

__all__ = ["WebSettings"]


class WebSettings(BaseSettings):
    """The settings of the web page: sessions, logins, proxies, tokens, threads."""

    web_session_secret: SecretStr | None = Field(
        default=None,
        description="Key that signs the web session cookies; unset: a random key generated once "
        "into <home>/web-secret (mode 0600) and shared by every web process of this home.",
    )
    web_secure_cookies: bool | None = Field(
        default=None,
        description="Mark session cookies Secure (sent over HTTPS only); unset: on in production.",
    )
    web_session_max_age_s: int = Field(
        default=8 * 3600,
        gt=0,
        description="Absolute lifetime of a web login, in seconds: the server-side session ends "
        "this long after the login, however active.",
    )
    web_session_idle_s: int = Field(
        default=30 * 60,
        gt=0,
        description="A web login unused for this many seconds ends (idle timeout).",
    )
    web_login_max_failures: int = Field(
        default=5,
        ge=1,
        description="Passwords checked per account and client address within "
        "web_login_window_s; further attempts from that address get HTTP 429 until the "
        "oldest leaves the window. A successful login clears the count.",
    )
    web_login_window_s: float = Field(
        default=300.0, gt=0, description="Window of the login rate limit, in seconds."
    )
    web_login_address_free: int = Field(
        default=10,
        ge=1,
        description="Failed logins one client address may make (over all accounts) before each "
        "further attempt from it must wait a delay that doubles per failure.",
    )
    web_login_max_delay_s: float = Field(
        default=60.0,
        gt=0,
        description="Longest delay between login attempts from one client address; an address "
        "with no attempt for web_login_window_s is forgotten.",
    )
    web_trusted_proxies: list[str] = Field(
        default_factory=list,
        description="IP addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For "
        "header names the client; empty: the header is ignored.",
    )
    web_token_days: int = Field(
        default=90,
        ge=1,
        le=3650,
        description="Default lifetime of a new API token, in days ('archive users token "
        "--expires DAYS').",
    )
    web_threads: int = Field(
        default=0,
        ge=0,
        description="Requests one web process works on at once (the rest wait their turn, first "
        "come first served); 0: twice the CPU count, at least 4.",
    )
    web_shutdown_grace_s: int = Field(
        default=30,
        ge=1,
        le=3600,
        description="On SIGTERM or Ctrl-C, 'archive serve' stops taking new connections at once "
        "and lets the requests in flight finish for at most this many seconds.",
    )

    @field_validator("web_trusted_proxies")
    @classmethod
    def _check_proxies(cls, value: list[str]) -> list[str]:
        import ipaddress

        for item in value:
            try:
                ipaddress.ip_network(item.strip(), strict=False)
            except ValueError:
                raise ValueError(
                    f"web_trusted_proxies: {item!r} is not an IP address or network"
                ) from None
        return [item.strip() for item in value]
