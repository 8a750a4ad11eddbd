"""The XML-DSig signature of an edXML envelope, verified with signxml (ADR 0018).

signxml is imported with this module, never inside a call: a module first imported while a
test's clock is frozen would keep the fake clock's types.

The signature is enveloped (``Reference URI=""``): it covers the whole file as received, the
attachments' base64 included, so it is verified over the whole file (its size is bounded by
``exchange_max_envelope_bytes``, and it was already read once without a DTD or an entity).
The signing certificate must chain to one of the archive's ``trust_roots``, at the archive
clock's time (the certificate-chain check of ``cryptography``; the web-PKI extension rules are
relaxed for the end entity, since state signing certificates are not TLS certificates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from lxml import etree
from signxml.exceptions import InvalidInput, InvalidSignature
from signxml.util import X509CertChainVerifier
from signxml.verifier import XMLVerifier

from archive.clock import utc_now

__all__ = ["DsigResult", "verify_envelope"]

_DSIG = "http://www.w3.org/2000/09/xmldsig#"


@dataclass(frozen=True)
class DsigResult:
    """The outcome: valid or not, the signer's subject, the reason when not."""

    valid: bool
    signer: str = ""
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"valid": self.valid, "signer": self.signer, "reason": self.reason}


def _verifier(moment: datetime) -> Any:
    """signxml's verifier, checking certificate chains at ``moment`` (the archive's clock)."""

    class _AtArchiveTime(XMLVerifier):
        def get_cert_chain_verifier(self, ca_pem_file: Any, ee_policy: Any, ca_policy: Any) -> Any:
            return X509CertChainVerifier(  # type: ignore[no-untyped-call]
                ca_pem_file=ca_pem_file,
                verification_time=moment,
                ee_policy=ee_policy,
                ca_policy=ca_policy,
            )

    return _AtArchiveTime()


def verify_envelope(path: Path, trust_roots: list[Path], staging: Path) -> DsigResult:
    """Verify the enveloped signature of the file at ``path``."""
    if not trust_roots:
        return DsigResult(False, reason="no trust_roots / chưa cấu hình trust_roots")
    bundle = staging / "trust-roots.pem"
    bundle.write_bytes(b"\n".join(Path(p).read_bytes() for p in trust_roots))
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=True
    )
    try:
        result = _verifier(utc_now()).verify(
            path.read_bytes(),
            ca_pem_file=str(bundle),
            parser=parser,
            ee_policy=x509.verification.ExtensionPolicy.permit_all(),
        )
    except (InvalidSignature, InvalidInput, ValueError, etree.XMLSyntaxError) as exc:
        return DsigResult(False, reason=f"{type(exc).__name__}: {exc}"[:500])
    return DsigResult(True, signer=_subject(result.signature_xml))


def _subject(signature: etree._Element) -> str:
    """Subject of the first certificate in KeyInfo."""
    node = signature.find(f".//{{{_DSIG}}}X509Certificate")
    if node is None or not node.text:
        return ""
    import base64

    cert = x509.load_der_x509_certificate(base64.b64decode("".join(node.text.split())))
    return cert.subject.rfc4514_string()
