"""The trust store: explicit root certificates from PEM/DER files or directories.

There is no fallback to an operating-system store: a signature is trusted only if its chain ends
in a root the archive's operator configured (``ARCHIVE_TRUST_ROOTS``). See docs/signatures.md for
installing the Vietnamese national root (NEAC) and the government CA chain (Ban Cơ yếu).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509

from archive.certificates import certificate_files, load_certificates

__all__ = ["TrustStore"]


@dataclass(frozen=True)
class TrustStore:
    """Trusted roots (anchors) and extra intermediate certificates."""

    roots: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...] = ()

    @classmethod
    def from_paths(cls, roots: Iterable[Path], intermediates: Iterable[Path] = ()) -> TrustStore:
        """Load every certificate below the given files and directories."""
        return cls(
            tuple(c for f in certificate_files(roots) for c in load_certificates(f)),
            tuple(c for f in certificate_files(intermediates) for c in load_certificates(f)),
        )

    def describe(self) -> list[str]:
        """Subjects of the trusted roots, for reports."""
        return [root.subject.human_friendly for root in self.roots]
