"""The constants the settings are declared with: sizes, roles, the default crypto suite."""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["DEFAULT_CRYPTO_SUITE", "GiB", "MiB", "SearchRole", "privileged_roles"]

GiB, MiB = 1024**3, 1024**2

SearchRole = Literal["officer", "auditor", "archivist", "admin"]
"""The roles search access is decided for (the web's login roles)."""


# Algorithm sunset dates: the default of ``crypto_suite`` (archive/signatures/horizon.py).
DEFAULT_CRYPTO_SUITE: Final[dict[str, str]] = {
    "md5": "2005-01-01",
    "sha1": "2012-01-01",
    "sha224": "2025-12-31",
    "sha256": "2035-12-31",
    "sha384": "2040-12-31",
    "sha512": "2040-12-31",
    "sha3_256": "2040-12-31",
    "rsa-1024": "2010-12-31",
    "rsa-2048": "2030-12-31",
    "rsa-3072": "2035-12-31",
    "rsa-4096": "2040-12-31",
    "ecdsa-secp256r1": "2035-12-31",
    "ecdsa-secp384r1": "2040-12-31",
    "ecdsa-secp521r1": "2040-12-31",
}


def privileged_roles() -> list[SearchRole]:
    return ["archivist", "admin"]
