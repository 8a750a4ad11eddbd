"""Per-process caches of pure results that every validation of a run recomputes.

Path building and revocation checking compare distinguished names thousands of times per file
(issuer against subject, CRL issuer against certificate issuer, …), and asn1crypto compares two
names by preparing every attribute value with the LDAP string preparation of RFC 4518 — each
time: about a fifth of a validation (docs/performance.md, "Throughput"). Agencies sign thousands
of documents with a handful of certificates, so the same few names meet again and again.

The same preparation makes ``Name.hashable``, the key under which pyhanko-certvalidator files
certificates and CRLs by issuer and subject.

The cache here never holds a verdict, a status or anything that depends on time or revocation:
only ``Name == Name`` and ``Name.hashable``, pure functions of the encodings. The key is the DER
encoding (of both names, for a comparison) and the value is what asn1crypto itself answered for
it, so a cached answer is the answer; an exception is not cached (it is raised again the next
time). Every
certificate path is still built, every signature and every OCSP response or CRL still checked,
and every revocation status still decided, for each document at its own validation time from its
own revocation data (tests/unit/signatures/test_pool.py proves the verdicts equal, a signer
revoked between two documents of one run included).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from asn1crypto import x509

__all__ = ["MAX_ENTRIES", "clear", "install", "installed", "stats", "uninstall"]

MAX_ENTRIES: Final = 100_000  # about 20 MB at most; a run meets a few hundred names
_ORIGINAL: Final[Callable[[Any, Any], bool]] = x509.Name.__eq__
_ORIGINAL_HASHABLE: Final[property] = x509.Name.hashable
_NAMES: dict[tuple[bytes, bytes], bool] = {}
_HASHABLE: dict[bytes, str] = {}
_STATS = {"hits": 0, "misses": 0}


def _name_eq(self: x509.Name, other: object) -> bool:
    if not isinstance(other, x509.Name):
        return False
    key = (self.dump(), other.dump())
    found = _NAMES.get(key)
    if found is not None:
        _STATS["hits"] += 1
        return found
    _STATS["misses"] += 1
    result = bool(_ORIGINAL(self, other))
    if len(_NAMES) >= MAX_ENTRIES:
        _NAMES.clear()
    _NAMES[key] = result
    return result


def _name_hashable(self: x509.Name) -> str:
    key = self.dump()
    found = _HASHABLE.get(key)
    if found is not None:
        _STATS["hits"] += 1
        return found
    _STATS["misses"] += 1
    result: str = _ORIGINAL_HASHABLE.__get__(self)
    if len(_HASHABLE) >= MAX_ENTRIES:
        _HASHABLE.clear()
    _HASHABLE[key] = result
    return result


_CACHED_HASHABLE: Final = property(_name_hashable, doc=_ORIGINAL_HASHABLE.__doc__)


def install() -> None:
    """Use the cache for ``asn1crypto.x509.Name`` comparisons in this process (idempotent)."""
    x509.Name.__eq__ = _name_eq
    x509.Name.hashable = _CACHED_HASHABLE


def uninstall() -> None:
    """Compare names with asn1crypto's own code again (tests: the cold path)."""
    x509.Name.__eq__ = _ORIGINAL
    x509.Name.hashable = _ORIGINAL_HASHABLE


def installed() -> bool:
    """Whether this process compares names through the cache."""
    return x509.Name.__eq__ is _name_eq


def clear() -> None:
    """Forget every cached comparison (tests, to compare cold and warm runs)."""
    _NAMES.clear()
    _HASHABLE.clear()
    _STATS.update(hits=0, misses=0)


def stats() -> dict[str, int]:
    """Hits, misses and entries since the last ``clear``."""
    return {**_STATS, "entries": len(_NAMES) + len(_HASHABLE)}
