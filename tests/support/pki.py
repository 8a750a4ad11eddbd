"""A test PKI modelled on the Vietnamese hierarchy, served on 127.0.0.1, and PAdES helpers.

The PKI is declared in ``tests/support/pki/certomancer.yml`` with fixed keys in
``tests/support/pki/keys`` (see the README there). Architecture ``vn-gov-test``:

* ``root`` "Test Root CA (mô phỏng NEAC)" stands in for the national root of the Trung tâm
  Chứng thực điện tử quốc gia; ``interm`` "Test CA chuyên dùng Chính phủ (mô phỏng Ban Cơ yếu)"
  for the official-duty CA of Ban Cơ yếu Chính phủ, with its OCSP responder ``interm-ocsp``;
* ``signer-person`` (Nguyễn Văn An, Chủ tịch) and ``signer-org`` (Ủy ban nhân dân tỉnh Hòa Bình)
  make the two signatures NĐ 30/2020 Điều 5 requires; ``signer-revoked`` was revoked on
  2026-10-01; ``signer-rsa`` (Phạm Thị Dung, Chánh Văn phòng) has an RSA-2048 key, the others
  EC P-256; every signer certificate is valid 2026-01-01 → 2027-06-30;
* time-stamping units ``tsa`` (2026-2045), ``tsa-expired`` (2020-2022) and ``tsa2``
  (successor, 2040-2070), all issued by ``root``.

Architecture ``rogue-ca`` (never trusted) holds ``rogue-root`` and ``rogue-signer``, who claims
the name of signer-person.

``serve_pki`` serves both architectures (OCSP, CRLs, TSAs, certificates) with certomancer's
Animator "as of now": under ``freezegun.freeze_time(..., tick=True)`` the server follows the
frozen clock, so the same PKI answers as it would in 2035 or 2040. Sign inside a frozen clock
(e.g. ``SIGNING_TIME``) so tests do not depend on the real date: signer certificates expire in
2027.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any, ClassVar, Literal

from asn1crypto import pem, x509
from certomancer.integrations.animator import Animator, AnimatorArchStore
from certomancer.registry import (
    ArchLabel,
    CertLabel,
    CertomancerConfig,
    PKIArchitecture,
    ServiceLabel,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from werkzeug.serving import WSGIRequestHandler, make_server

from archive.demo.pdf import ORGANISATION_FIELD, PERSONAL_FIELD, DemoDocument, render_pdf

__all__ = [
    "ARCH",
    "CONFIG_PATH",
    "ND30_DOCUMENT",
    "ROGUE_ARCH",
    "SIGNING_TIME",
    "Level",
    "TestPki",
    "renew_lta",
    "serve_pki",
    "sign_nd30_pdf",
    "sign_test_pdf",
]

Level = Literal["B-B", "B-T", "B-LT", "B-LTA"]

CONFIG_PATH = Path(__file__).with_name("pki") / "certomancer.yml"
ARCH = ArchLabel("vn-gov-test")
ROGUE_ARCH = ArchLabel("rogue-ca")

SIGNING_TIME = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
"""A moment to freeze the clock at when signing: every signer certificate and ``tsa`` are valid,
and ``signer-revoked`` has been revoked for seven weeks (09:00 in Vietnam)."""

ND30_DOCUMENT = DemoDocument(
    organ_name="ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH",
    code_number="1234",
    code_notation="QĐ-UBND",
    type_label="QUYẾT ĐỊNH",
    place="Hòa Bình",
    issued=date(2026, 11, 20),
    subject="Về việc ban hành Quy chế quản lý tài liệu lưu trữ điện tử",
    body=(
        "Căn cứ Luật Lưu trữ ngày 21 tháng 6 năm 2024;",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác "
        "văn thư;",
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý tài liệu lưu trữ điện tử của "
        "Ủy ban nhân dân tỉnh.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở, ban, ngành và các cơ "
        "quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này.",
    ),
    signer_position="CHỦ TỊCH",
    signer_name="Nguyễn Văn An",
    authority="TM. ỦY BAN NHÂN DÂN",
)
"""The fixed document ``sign_nd30_pdf`` renders (signed by ``signer-person`` and ``signer-org``)."""

_OCSP_SERVICE = ServiceLabel("interm")
_PERSON_REASON = f"Ký ban hành văn bản số {ND30_DOCUMENT.code}"
_ORG_REASON = "Văn thư cơ quan ký số của cơ quan, tổ chức"


@dataclass(frozen=True)
class TestPki:
    """The served test PKI: certificates, signers and service URLs."""

    __test__: ClassVar[bool] = False  # not a test class, even when imported into a test module

    config: CertomancerConfig
    arch: PKIArchitecture
    """Architecture ``vn-gov-test`` (the trusted hierarchy)."""
    rogue_arch: PKIArchitecture
    """Architecture ``rogue-ca`` (never trusted)."""
    url_prefix: str
    """``http://127.0.0.1:<port>``; baked into the CRL DP and AIA of every certificate."""
    root_pem_path: Path
    """PEM file of ``root``, the trust anchor (for the archive's trust-store setting)."""
    rogue_root_pem_path: Path
    """PEM file of ``rogue-root``, a root the archive must not trust."""

    @property
    def root(self) -> x509.Certificate:
        return self.cert("root")

    @property
    def interm(self) -> x509.Certificate:
        return self.cert("interm")

    @property
    def ocsp_url(self) -> str:
        """The OCSP responder of ``interm`` (also in the AIA of every signer certificate)."""
        url: str = self.arch.service_registry.get_ocsp_info(_OCSP_SERVICE).url
        return url

    def _arch_of(self, label: str) -> PKIArchitecture:
        return self.rogue_arch if label.startswith("rogue-") else self.arch

    def cert(self, label: str) -> x509.Certificate:
        """Certificate ``label`` of either architecture (``rogue-*`` labels are in rogue-ca)."""
        cert: x509.Certificate = self._arch_of(label).get_cert(CertLabel(label))
        return cert

    def chain(self, label: str) -> list[x509.Certificate]:
        """The issuers of ``label`` up to and including its root (e.g. interm, root)."""
        arch = self._arch_of(label)
        return [arch.get_cert(issuer) for issuer in arch.get_chain(CertLabel(label))]

    def signer(self, label: str, *, embed_chain: bool = True) -> signers.SimpleSigner:
        """A pyHanko signer for certificate ``label``, carrying its chain (interm + root), or
        only its own certificate (``embed_chain=False``: validators must find the chain)."""
        arch = self._arch_of(label)
        spec = arch.get_cert_spec(CertLabel(label))
        registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]  # lacks -> None
        if embed_chain:
            registry.register_multiple(self.chain(label))
        return signers.SimpleSigner(
            signing_cert=self.cert(label),
            signing_key=arch.key_set.get_private_key(spec.subject_key),
            cert_registry=registry,
        )

    def tsa_url(self, label: str = "tsa") -> str:
        """RFC 3161 endpoint of ``tsa``, ``tsa-expired`` or ``tsa2``."""
        url: str = self.arch.service_registry.get_tsa_info(ServiceLabel(label)).url
        return url

    def crl_url(self, label: str) -> str:
        """Latest CRL of repository ``root``, ``interm`` or ``rogue-root``."""
        info = self._arch_of(label).service_registry.get_crl_repo_info(ServiceLabel(label))
        url: str = info.latest_external_url
        return url

    def validation_context(self, **kwargs: Any) -> ValidationContext:
        """A context trusting ``root`` only, fetching OCSP/CRLs from the served PKI.

        Keyword arguments are passed on, e.g. ``revocation_mode="hard-fail"`` or ``moment``.
        """
        return ValidationContext(trust_roots=[self.root], allow_fetching=True, **kwargs)


class _QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without the per-request access log line (errors are still logged)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@contextmanager
def serve_pki(tmp_dir: Path) -> Iterator[TestPki]:
    """Serve the test PKI on ``127.0.0.1`` (a free port) in a daemon thread.

    The root PEM files are written to ``tmp_dir``. The server answers "as of now", which under
    freezegun is the frozen time; it stops when the context exits.
    """
    server = make_server(
        "127.0.0.1", 0, _not_ready, threaded=True, request_handler=_QuietRequestHandler
    )
    try:
        prefix = f"http://127.0.0.1:{server.server_port}"
        config = CertomancerConfig.from_file(str(CONFIG_PATH), external_url_prefix=prefix)
        server.app = Animator(AnimatorArchStore(config.pki_archs), at_time=None, with_web_ui=False)
        arch, rogue = config.get_pki_arch(ARCH), config.get_pki_arch(ROGUE_ARCH)
        root_pem = _write_pem(tmp_dir / "root.cert.pem", arch.get_cert(CertLabel("root")))
        rogue_pem = _write_pem(
            tmp_dir / "rogue-root.cert.pem", rogue.get_cert(CertLabel("rogue-root"))
        )
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},  # shutdown() waits up to one poll interval
            name="certomancer-animator",
            daemon=True,
        )
        thread.start()
        try:
            yield TestPki(
                config=config,
                arch=arch,
                rogue_arch=rogue,
                url_prefix=prefix,
                root_pem_path=root_pem,
                rogue_root_pem_path=rogue_pem,
            )
        finally:
            server.shutdown()
            thread.join()
    finally:
        server.server_close()


def _not_ready(environ: Any, start_response: Any) -> list[bytes]:
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"PKI not loaded yet"]


def _write_pem(path: Path, cert: x509.Certificate) -> Path:
    path.write_bytes(pem.armor("CERTIFICATE", cert.dump()))
    return path


def sign_test_pdf(
    pki: TestPki,
    data: bytes,
    level: Level,
    signer_label: str,
    *,
    field_name: str = "Signature1",
    tsa_label: str = "tsa",
    reason: str | None = None,
    location: str | None = None,
    embed_chain: bool = True,
) -> bytes:
    """Add a PAdES signature at ``level`` as an incremental update; ``data`` stays a prefix.

    B-T and up take a signature timestamp from ``tsa_label``; B-LT adds a DSS with the OCSP
    responses and CRLs fetched from the served PKI; B-LTA then adds a document timestamp (from
    the same TSA). For B-LT/B-LTA pyHanko validates the signer first and refuses a revoked or
    untrusted one (``SigningError``) or an expired TSA (``ExpiredError``).
    ``embed_chain=False``: the CMS carries the signer's certificate only, not its CA chain.
    """
    return _sign(
        pki,
        data,
        signer_label,
        field_name=field_name,
        tsa_label=None if level == "B-B" else tsa_label,
        with_revinfo=level in ("B-LT", "B-LTA"),
        with_doc_timestamp=level == "B-LTA",
        reason=reason,
        location=location,
        embed_chain=embed_chain,
    )


def sign_nd30_pdf(
    pki: TestPki,
    level: Level,
    *,
    person: str = "signer-person",
    org: str = "signer-org",
    tsa_label: str = "tsa",
) -> bytes:
    """Render ``ND30_DOCUMENT`` and sign it as NĐ 30/2020 Điều 5 requires, both at ``level``.

    First ``person`` in field ``ChuKyCaNhan``, then ``org`` in field ``ChuKyCoQuan``. At B-LTA
    both signatures are B-LT and a single document timestamp follows the second one, so the
    file holds 2 signatures + 1 document timestamp, in revisions: render, signature, DSS,
    signature, DSS, document timestamp. ``render_pdf(ND30_DOCUMENT)`` is a prefix of the result.
    """
    rendered = render_pdf(ND30_DOCUMENT)
    timestamped = level != "B-B"
    with_revinfo = level in ("B-LT", "B-LTA")
    once = _sign(
        pki,
        rendered,
        person,
        field_name=PERSONAL_FIELD,
        tsa_label=tsa_label if timestamped else None,
        with_revinfo=with_revinfo,
        with_doc_timestamp=False,
        reason=_PERSON_REASON,
        location=ND30_DOCUMENT.place,
    )
    return _sign(
        pki,
        once,
        org,
        field_name=ORGANISATION_FIELD,
        tsa_label=tsa_label if timestamped else None,
        with_revinfo=with_revinfo,
        with_doc_timestamp=level == "B-LTA",
        reason=_ORG_REASON,
        location=ND30_DOCUMENT.place,
    )


def renew_lta(pki: TestPki, data: bytes, tsa_label: str) -> bytes:
    """Renew a B-LTA file: DSS for the newest document timestamp, then a new one.

    ``PdfTimeStamper.update_archival_timestamp_chain`` appends two incremental revisions, so
    ``data`` stays a byte-exact prefix. Run it while the newest timestamp's TSA certificate is
    still valid (e.g. under freezegun in 2040 with ``tsa2``).
    """
    reader = PdfFileReader(BytesIO(data))
    stamper = signers.PdfTimeStamper(HTTPTimeStamper(pki.tsa_url(tsa_label)))
    output = stamper.update_archival_timestamp_chain(
        reader, pki.validation_context(), in_place=False
    )
    renewed: bytes = output.getvalue()
    return renewed


def _sign(
    pki: TestPki,
    data: bytes,
    signer_label: str,
    *,
    field_name: str,
    tsa_label: str | None,
    with_revinfo: bool,
    with_doc_timestamp: bool,
    reason: str | None,
    location: str | None,
    embed_chain: bool = True,
) -> bytes:
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        embed_validation_info=with_revinfo,
        use_pades_lta=with_doc_timestamp,
        validation_context=pki.validation_context() if with_revinfo else None,
    )
    timestamper = HTTPTimeStamper(pki.tsa_url(tsa_label)) if tsa_label else None
    pdf_signer = signers.PdfSigner(
        metadata, signer=pki.signer(signer_label, embed_chain=embed_chain), timestamper=timestamper
    )
    output = pdf_signer.sign_pdf(IncrementalPdfFileWriter(BytesIO(data)))
    signed: bytes = output.getvalue()
    return signed
