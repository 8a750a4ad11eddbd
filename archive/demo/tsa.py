"""The demo time-stamping authority: RFC 3161 tokens made in-process with the demo TSA's key.

Two users:

- the demo's PDF signing (``archive.demo.pdf``): signature timestamps and document timestamps;
- an archive home made by ``archive demo``, whose ``archive.toml`` names it as its TSA with
  ``tsa_url = "demo-tsa:<home>/demo-pki"`` (:func:`demo_tsa_url`), so ``archive evidence
  build`` and ``archive preserve run`` work offline, with no server to start.
  The composition root (``archive.bootstrap.Archive.timestamper``) turns such a URL into
  :func:`timestamper_from_url`.

Why in-process and not a served TSA: the demo must work without network and without a process
left running; the demo's own signatures already timestamp this way. The tokens are real RFC 3161
tokens signed by a certificate of the demo root (extended key usage timeStamping), so an archive
that trusts the demo root validates them like any other. **Demo only**: the key lies unencrypted
in the home and the clock is the machine's; production refuses a ``demo-tsa:`` URL
(``Settings.check_production``).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Final

from asn1crypto import cms, tsp
from asn1crypto import x509 as asn1_x509
from pyhanko.keys import load_private_key_from_pemder
from pyhanko.sign import signers
from pyhanko.sign.timestamps import TimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from archive.certificates import DEMO_TSA_SCHEME
from archive.clock import utc_now
from archive.demo.pki import DemoPki, create_demo_pki
from archive.errors import ConfigurationError

__all__ = [
    "DEMO_TSA_SCHEME",
    "DemoTimeStamper",
    "demo_timestamper",
    "demo_tsa_url",
    "is_demo_tsa_url",
    "timestamper_from_url",
]

"""Prefix of a ``tsa_url`` naming the demo TSA of a demo PKI directory."""

_ROOT_FILES: Final = ("root.cert.pem", "root.key.pem")


def demo_tsa_url(pki_dir: Path) -> str:
    """The ``tsa_url`` naming the demo TSA of the PKI in ``pki_dir`` (absolute)."""
    return DEMO_TSA_SCHEME + str(pki_dir.resolve())


def is_demo_tsa_url(url: str | None) -> bool:
    """Whether ``url`` names a demo TSA (never allowed in production)."""
    return bool(url) and str(url).startswith(DEMO_TSA_SCHEME)


def timestamper_from_url(url: str) -> DemoTimeStamper:
    """The demo TSA named by ``url`` (``demo-tsa:<demo PKI directory>``).

    The directory must hold a demo PKI (its root certificate and key, as ``archive demo``
    leaves them); the TSA certificate is issued under that root on first use.
    """
    if not is_demo_tsa_url(url):
        raise ValueError(f"not a demo TSA URL: {url!r}")
    directory = Path(url.removeprefix(DEMO_TSA_SCHEME))
    if not all((directory / name).is_file() for name in _ROOT_FILES):
        raise ConfigurationError(
            f"tsa_url = {url!r} chỉ đến TSA demo trong {directory}, nhưng ở đó không có PKI demo "
            "(root.cert.pem, root.key.pem): chạy `archive demo` hoặc sửa tsa_url / "
            f"tsa_url = {url!r} names the demo TSA in {directory}, but no demo PKI is there "
            "(root.cert.pem, root.key.pem): run `archive demo` or fix tsa_url"
        )
    return demo_timestamper(create_demo_pki(directory))


def demo_timestamper(pki: DemoPki) -> DemoTimeStamper:
    """The demo TSA of ``pki``, answering in-process."""
    tsa = pki.tsa()
    signer = signers.SimpleSigner(
        signing_cert=tsa.certificate,
        signing_key=load_private_key_from_pemder(str(tsa.key_path), passphrase=None),
        cert_registry=SimpleCertificateStore(),  # type: ignore[no-untyped-call]
    )
    return DemoTimeStamper(signer)


class DemoTimeStamper(TimeStamper):
    """An RFC 3161 time-stamping authority answering in-process, with the demo TSA's key.

    pyHanko's own ``DummyTimeStamper`` signs with RSA keys only (and parses the key again for
    every token); this one builds the TSTInfo and lets pyHanko's CMS signer wrap it, so any key
    pyHanko can sign with works. The clock is the machine's: demo only.
    """

    _POLICY = "1.3.6.1.4.1.4146.2.2"  # an arbitrary policy OID, as in pyHanko's test TSA

    def __init__(self, signer: signers.SimpleSigner) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._signer = signer

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        """Grant every request: a token over the request's message imprint, dated now."""
        cert: asn1_x509.Certificate = self._signer.signing_cert
        info = {
            "version": "v1",
            "policy": self._POLICY,
            "message_imprint": req["message_imprint"],
            "serial_number": secrets.randbits(63),
            "gen_time": utc_now(),
            "tsa": asn1_x509.GeneralName(name="directory_name", value=cert.subject),
        }
        if req["nonce"].native is not None:
            info["nonce"] = req["nonce"]
        content = cms.EncapsulatedContentInfo(
            {
                "content_type": "tst_info",
                "content": cms.ParsableOctetString(tsp.TSTInfo(info).dump()),
            }
        )
        digest = req["message_imprint"]["hash_algorithm"]["algorithm"].native
        token = await self._signer.async_sign_general_data(
            content, digest, detached=False, use_cades=True
        )
        return tsp.TimeStampResp({"status": {"status": "granted"}, "time_stamp_token": token})
