"""The trust store: explicit root certificates from PEM/DER files or directories.

There is no fallback to an operating-system store: a signature is trusted only if its chain ends
in a root the archive's operator configured (``ARCHIVE_TRUST_ROOTS``). See docs/signatures.md for
installing the Vietnamese national root (NEAC) and the government CA chain (Ban Cơ yếu).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem, x509

from archive.errors import ConfigurationError

__all__ = ["TrustStore", "demo_roots", "load_certificates"]

_SUFFIXES = (".pem", ".crt", ".cer", ".der")


def load_certificates(path: Path) -> list[x509.Certificate]:
    """Every certificate in a PEM (possibly several) or DER file."""
    data = path.read_bytes()
    try:
        if pem.detect(data):
            return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
        return [x509.Certificate.load(data)]
    except (ValueError, TypeError) as exc:
        raise ConfigurationError(
            f"chứng thư gốc tin cậy {path} không phải là chứng thư số ({exc}): kiểm tra "
            f"trust_roots / trust root {path} is not a certificate ({exc}): check trust_roots"
        ) from exc


def demo_roots(paths: Iterable[Path]) -> list[str]:
    """The files among ``paths`` (files or directories) holding a certificate of the demo PKI
    (``archive demo``), whose private keys lie unencrypted in the home: never a trust anchor in
    production. Missing paths are skipped here (the trust store reports them when loaded)."""
    from archive.demo.pki import is_demo_certificate

    found: list[str] = []
    for path in _files(p for p in paths if p.exists()):
        try:
            if any(is_demo_certificate(cert) for cert in load_certificates(path)):
                found.append(str(path))
        except (ConfigurationError, ValueError, TypeError):
            continue  # not a certificate (a key beside it): the trust store reports it
    return found


def _files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES))
        elif path.is_file():
            out.append(path)
        else:
            raise ConfigurationError(
                f"không có tệp chứng thư gốc tin cậy {path}: sửa trust_roots / "
                f"trust root {path} does not exist: fix trust_roots"
            )
    return out


@dataclass(frozen=True)
class TrustStore:
    """Trusted roots (anchors) and extra intermediate certificates."""

    roots: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...] = ()

    @classmethod
    def from_paths(cls, roots: Iterable[Path], intermediates: Iterable[Path] = ()) -> TrustStore:
        """Load every certificate below the given files and directories."""
        return cls(
            tuple(c for f in _files(roots) for c in load_certificates(f)),
            tuple(c for f in _files(intermediates) for c in load_certificates(f)),
        )

    def describe(self) -> list[str]:
        """Subjects of the trusted roots, for reports."""
        return [root.subject.human_friendly for root in self.roots]
