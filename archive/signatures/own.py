"""The archive's own signed PDF/A documents (docs/domain.md §8; ADR 0017, ADR 0021): a PDF/A-2B
document started the same way for every kind (fonts embedded, XMP metadata with ``pdfaid``, an
sRGB OutputIntent, by fpdf2's ``enforce_compliance``), the archive's signer loaded from the
``archive_signing_*`` settings, and an invisible PAdES B-LT signature added by incremental
update (a signature timestamp from ``tsa_url``, the chain and its revocation data in the DSS).

The authentication page of a certified copy (``use.authpage``) and the minutes
(``minutes``) are both made here, so that both are PDF/A before they are signed and both are
signed alike. The signature field draws nothing, so no appearance stream can break PDF/A.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from io import BytesIO
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import pem
from fpdf import FPDF
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathError, ValidationError

from archive.config import Settings
from archive.errors import ConfigurationError, Conflict, Unavailable
from archive.messages.catalogue import text
from archive.signatures.context import offline_embedding_expected
from archive.signatures.trust import TrustStore

__all__ = ["both", "load_signer", "new_pdfa", "sign_pdf", "signer_name"]


def both(key: str, **params: object) -> str:
    """A catalogue message in Vietnamese, then English (the archive's errors; docs/STYLE)."""
    return f"{text(key, 'vi', **params)} / {text(key, 'en', **params)}"


def new_pdfa(
    moment: datetime,
    *,
    title: str,
    author: str,
    family: str,
    fonts: Mapping[str, Path],
) -> FPDF:
    """An empty A4 PDF/A-2B document created at ``moment`` (the archive's clock), in
    Vietnamese, with ``fonts`` (style → TrueType file) embedded under ``family``."""
    pdf = FPDF(orientation="P", unit="mm", format="A4", enforce_compliance="PDF/A-2B")
    for style, path in fonts.items():
        pdf.add_font(family, style, path)
    pdf.set_creation_date(moment)
    pdf.set_producer("archive")
    pdf.set_creator("archive")
    pdf.set_author(author)
    pdf.set_title(title)
    pdf.set_lang("vi-VN")
    return pdf


def _passphrase(settings: Settings) -> bytes | None:
    """The key's passphrase, from the variable or the file the settings name (never logged)."""
    if settings.archive_signing_passphrase_env:
        value = os.environ.get(settings.archive_signing_passphrase_env)
        if value is None:
            raise ConfigurationError(
                both("use.passphrase_missing", name=settings.archive_signing_passphrase_env)
            )
        return value.encode()
    if settings.archive_signing_passphrase_file:
        try:
            return settings.archive_signing_passphrase_file.read_bytes().rstrip(b"\r\n")
        except OSError as exc:
            raise ConfigurationError(
                both("use.passphrase_unreadable", path=settings.archive_signing_passphrase_file)
            ) from exc
    return None


def load_signer(settings: Settings) -> signers.SimpleSigner:
    """The archive's own signer, from ``archive_signing_key`` (PKCS#12, or a key with
    ``archive_signing_cert`` and ``archive_signing_chain``). A missing setting or a key that
    cannot be read is a ConfigurationError naming the setting, before any work is done."""
    key = settings.archive_signing_key
    if key is None:
        raise ConfigurationError(both("use.no_signing_key"))
    passphrase = _passphrase(settings)
    signer: signers.SimpleSigner | None
    if key.suffix.lower() in (".p12", ".pfx"):
        signer = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]  # pyHanko
            str(key), passphrase=passphrase
        )
    else:
        cert = settings.archive_signing_cert
        if cert is None:
            raise ConfigurationError(both("use.no_signing_cert"))
        signer = signers.SimpleSigner.load(  # type: ignore[no-untyped-call]  # pyHanko: untyped
            str(key),
            str(cert),
            ca_chain_files=[str(p) for p in settings.archive_signing_chain],
            key_passphrase=passphrase,
        )
    if signer is None:  # pyHanko logs the reason and returns None
        raise ConfigurationError(both("use.signing_key_unreadable", path=key))
    return signer


def sign_pdf(
    pdf: bytes,
    signer: signers.SimpleSigner,
    timestamper: TimeStamper,
    settings: Settings,
    *,
    field: str,
    reason: str,
) -> bytes:
    """Sign ``pdf`` PAdES B-LT in the new field ``field``: a signature timestamp, and the chain
    with its revocation data in the DSS. With ``signature_fetch`` (production) or
    ``archive_signing_crls`` (offline, the demo) revocation data must be found (hard-fail);
    with neither, what is known is embedded (soft-fail), and ADR 0017 says why."""
    trust = TrustStore.from_paths(settings.trust_roots, settings.trust_intermediates)
    crls = [_crl(path) for path in settings.archive_signing_crls]
    context = ValidationContext(
        trust_roots=list(trust.roots),
        other_certs=[*trust.intermediates, *signer.cert_registry],
        crls=crls,
        allow_fetching=settings.signature_fetch,
        revocation_mode="hard-fail" if settings.signature_fetch or crls else "soft-fail",
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=field,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=settings.agency_name,
        embed_validation_info=True,
        validation_context=context,
    )
    pdf_signer = signers.PdfSigner(metadata, signer=signer, timestamper=timestamper)
    try:
        with offline_embedding_expected():
            out = pdf_signer.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)))
    except TimestampRequestError as exc:
        raise Unavailable(both("use.tsa_unavailable", reason=exc)) from exc
    except (SigningError, PathError, ValidationError) as exc:
        raise Conflict(both("use.signing_failed", reason=exc)) from exc
    signed: bytes = out.getvalue()
    return signed


def _crl(path: Path) -> asn1_crl.CertificateList:
    """A CRL file of ``archive_signing_crls`` (DER or PEM)."""
    try:
        data = path.read_bytes()
        if pem.detect(data):
            _, _, data = pem.unarmor(data)
        return asn1_crl.CertificateList.load(data)
    except (OSError, ValueError) as exc:
        raise ConfigurationError(both("use.crl_unreadable", path=path)) from exc


def signer_name(signer: signers.SimpleSigner) -> str:
    """The subject of the archive's certificate, as people read it."""
    cert = signer.signing_cert
    return str(cert.subject.human_friendly) if cert is not None else ""
