"""Certificate files, and the demo PKI's certificates recognised by name.

The settings (production refuses the demo root), the trust store and the demo all read
certificate files; the recognition lives here, below all three, so that none of them has to
import another. asn1crypto is imported by the callers that need it only when they run.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from archive.errors import ConfigurationError

if TYPE_CHECKING:
    from asn1crypto import x509

__all__ = [
    "DEMO_INTERMEDIATE_NAME",
    "DEMO_PKI_ORGANISATION",
    "DEMO_ROOT_NAME",
    "DEMO_TSA_NAME",
    "DEMO_TSA_SCHEME",
    "certificate_files",
    "demo_roots",
    "is_demo_certificate",
    "load_certificates",
]

# The fixed names every demo PKI (archive demo) gives its CA and TSA certificates: each home
# makes its own keys, so no key or digest identifies them.
DEMO_ROOT_NAME: Final = "Demo Root CA (mô phỏng NEAC)"
DEMO_INTERMEDIATE_NAME: Final = "Demo CA chuyên dùng Chính phủ (mô phỏng Ban Cơ yếu)"
DEMO_PKI_ORGANISATION: Final = "Demo PKI (mô phỏng)"
DEMO_TSA_NAME: Final = "Demo TSA (mô phỏng dịch vụ cấp dấu thời gian)"
DEMO_TSA_SCHEME: Final = "demo-tsa:"
"""``tsa_url`` of the demo's in-process TSA (``archive.demo.tsa``), refused in production."""

_SUFFIXES = (".pem", ".crt", ".cer", ".der")


def load_certificates(path: Path) -> list[x509.Certificate]:
    """Every certificate in a PEM (possibly several) or DER file."""
    from asn1crypto import pem, x509

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


def certificate_files(paths: Iterable[Path]) -> list[Path]:
    """The certificate files named by ``paths``: files as given, directories by suffix."""
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


def is_demo_certificate(cert: x509.Certificate) -> bool:
    """Whether ``cert`` is one of a demo PKI's CA or TSA certificates (by their fixed names):
    production refuses to trust it (``Settings.check_production``)."""
    subject = cert.subject.native
    names = (DEMO_ROOT_NAME, DEMO_INTERMEDIATE_NAME, DEMO_TSA_NAME)
    return (
        subject.get("organization_name") == DEMO_PKI_ORGANISATION
        or subject.get("common_name") in names
    )


def demo_roots(paths: Iterable[Path]) -> list[str]:
    """The files among ``paths`` (files or directories) holding a certificate of the demo PKI
    (``archive demo``), whose private keys lie unencrypted in the home: never a trust anchor in
    production. Missing paths are skipped here (the trust store reports them when loaded)."""
    found: list[str] = []
    for path in certificate_files(p for p in paths if p.exists()):
        try:
            if any(is_demo_certificate(cert) for cert in load_certificates(path)):
                found.append(str(path))
        except (ConfigurationError, ValueError, TypeError):
            continue  # not a certificate (a key beside it): the trust store reports it
    return found
