"""The isolated profile of an instance that keeps state secrets (docs/secrets.md).

With ``secret_records = "isolated"`` the archive holds records of access mode 03 (Mật), which
the law keeps off every networked system (Luật Bảo vệ bí mật nhà nước 2018; docs/domain.md
§5.6). The web page then serves the machine it runs on and nothing else: it listens on a
loopback address only, and trusts no reverse proxy (a proxy would carry it onto a network).
"""

from __future__ import annotations

import ipaddress

from archive.config import Settings
from archive.errors import ConfigurationError

__all__ = ["check_listen_address", "is_loopback"]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (127.0.0.0/8, ::1) or ``localhost``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name other than localhost may resolve to anything


def check_listen_address(settings: Settings, host: str) -> None:
    """Refuse to serve an isolated instance beyond the machine itself."""
    if not settings.isolated:
        return
    if not is_loopback(host):
        raise ConfigurationError(
            f'kho cô lập (secret_records = "isolated", có hồ sơ Mật) chỉ mở trang web trên '
            f"địa chỉ loopback (127.0.0.1, ::1), không trên {host} / an isolated archive "
            f'(secret_records = "isolated", holding secret records) serves its web page on a '
            f"loopback address only (127.0.0.1, ::1), not on {host}"
        )
    if settings.web_trusted_proxies:
        raise ConfigurationError(
            "kho cô lập không dùng reverse proxy: bỏ web_trusted_proxies / an isolated archive "
            "uses no reverse proxy: remove web_trusted_proxies"
        )
