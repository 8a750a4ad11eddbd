"""The authentication page of a certified copy (bản sao có xác thực dạng DIP, TT 05/2025 Đ41–42;
docs/domain.md §4.6, §4.10; ADR 0017): one PDF/A-2B page that states what the archive
certifies, signed with the archive's own key.

The page is made PDF/A before it is signed, and signed by incremental update (the archive's own
signatures, docs/domain.md §8): fpdf2 writes it with ``enforce_compliance="PDF/A-2B"`` (the fonts
embedded, XMP metadata with ``pdfaid``, an sRGB OutputIntent) and pyHanko adds an invisible PAdES
B-LT signature (a signature timestamp from ``tsa_url``, the chain and its revocation data in the
DSS). Đ41 asks the digital signature to be rendered as the text "BẢN SAO":
the page prints it, top right, next to who signs (the signature field itself draws nothing, so
no appearance stream can break PDF/A).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Final

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
from archive.resources import font_path
from archive.signatures.context import offline_embedding_expected
from archive.signatures.trust import TrustStore

__all__ = ["SIGNATURE_FIELD", "AuthPage", "load_signer", "render_page", "sign_page"]

SIGNATURE_FIELD: Final = "BanSaoCoXacThuc"
"""The name of the archive's signature field on the page."""
_FAMILY: Final = "DejaVu"
_LEFT: Final = 25.0
_WIDTH: Final = 160.0


def both(key: str, **params: object) -> str:
    """A catalogue message in Vietnamese, then English (the archive's errors; docs/STYLE)."""
    return f"{text(key, 'vi', **params)} / {text(key, 'en', **params)}"


@dataclass(frozen=True)
class AuthPage:
    """What the authentication page states (the items of Đ42 k2 the archive holds)."""

    auth_code: str
    """Mã xác thực lưu trữ: the DIP's identifier."""
    archive_name: str
    doc_code: str
    number_notation: str
    type_name: str
    subject: str
    filename: str
    size: int
    sha256: str
    verdict_vi: str
    verdict_en: str
    purpose: str
    recipient: str
    issued: str
    """Ngày cấp, dd/mm/yyyy (archive.dates)."""
    signer: str
    """Who signs: the subject of the archive's certificate."""


def _row(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_x(_LEFT)
    pdf.set_font(_FAMILY, "B", 9)
    pdf.multi_cell(_WIDTH, 5, label, new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(_LEFT + 5)
    pdf.set_font(_FAMILY, "", 10)
    pdf.multi_cell(_WIDTH - 5, 5.5, value or "—", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def render_page(page: AuthPage, moment: datetime) -> bytes:
    """The page as PDF/A-2B bytes; ``moment`` is its creation date (the archive's clock)."""
    pdf = FPDF(orientation="P", unit="mm", format="A4", enforce_compliance="PDF/A-2B")
    pdf.add_font(_FAMILY, "", font_path("DejaVuSans.ttf"))
    pdf.add_font(_FAMILY, "B", font_path("DejaVuSans-Bold.ttf"))
    pdf.set_creation_date(moment)
    pdf.set_producer("archive")
    pdf.set_creator("archive")
    pdf.set_author(page.archive_name)
    pdf.set_title(f"{text('use.certify_title', 'vi')} {page.doc_code}")
    pdf.set_lang("vi-VN")
    pdf.set_margins(_LEFT, 20, 25)
    pdf.add_page()
    # Đ41: the archive's digital signature is rendered as the words "BẢN SAO", top right.
    pdf.set_font(_FAMILY, "B", 10)
    pdf.set_xy(150, 12)
    pdf.cell(35, 6, "BẢN SAO", border=1, align="C")
    pdf.set_xy(_LEFT, 24)
    pdf.set_font(_FAMILY, "B", 11)
    pdf.multi_cell(_WIDTH, 6, page.archive_name.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(_FAMILY, "B", 14)
    pdf.multi_cell(
        _WIDTH, 8, text("use.certify_title", "vi").upper(), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font(_FAMILY, "", 10)
    pdf.multi_cell(
        _WIDTH, 6, text("use.certify_title", "en"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(5)
    for key, value in (
        ("use.page_auth_code", page.auth_code),
        ("use.page_archive", page.archive_name),
        ("use.page_recipient", page.recipient),
        ("use.page_doc_code", page.doc_code),
        ("use.page_number", page.number_notation),
        ("use.page_type", page.type_name),
        ("use.page_subject", page.subject),
        ("use.page_file", f"{page.filename} ({page.size} bytes)"),
        ("use.page_sha256", page.sha256),
        ("use.page_verdict", f"{page.verdict_vi} / {page.verdict_en}"),
        ("use.page_purpose", page.purpose),
        ("use.page_issued", page.issued),
        ("use.page_copies", "01"),
    ):
        _row(pdf, both(key), value)
    pdf.ln(4)
    pdf.set_x(_LEFT)
    pdf.set_font(_FAMILY, "", 9)
    pdf.multi_cell(_WIDTH, 5, both("use.page_signed_by", signer=page.signer))
    return bytes(pdf.output())


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


def sign_page(
    pdf: bytes, signer: signers.SimpleSigner, timestamper: TimeStamper, settings: Settings
) -> bytes:
    """Sign the page PAdES B-LT: a signature timestamp, and the chain with its revocation data
    in the DSS. With ``signature_fetch`` (production) or ``archive_signing_crls`` (offline, the
    demo) revocation data must be found (hard-fail); with neither, what is known is embedded
    (soft-fail), and the ADR says why."""
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
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=text("use.certify_reason", "vi"),
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


def write_bytes(path: Path, data: bytes) -> None:
    """A file of the package under construction (staging)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
