"""Demo Vietnamese administrative documents: rendering (fpdf2) and PAdES signing (pyHanko).

``render_pdf`` lays a document out after NĐ 30/2020 Phụ lục I (A4; organ name and number
top left; national motto top right; type and summary centred; body; signer block bottom right).
The bundled DejaVu fonts stand in for Times New Roman so that Vietnamese diacritics render and
the text layer stays extractable. Output is byte-for-byte deterministic for the same input.

``make_signed_pdf`` then applies the two signatures NĐ 30/2020 Điều 5 requires on an issued
document, each in its own incremental update: first the competent person's (field
``ChuKyCaNhan``), then the agency's (field ``ChuKyCoQuan``). Given the demo PKI, both are
long-term signatures made entirely offline: a signature timestamp from the demo TSA, the
certificates and CRLs of the chain in the document security store (PAdES B-LT), and after the
agency's signature a document timestamp (B-LTA). Without it they are plain PAdES B-B.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from io import BytesIO
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from fpdf import FPDF
from pyhanko.keys import load_private_key_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import TimeStamper
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from archive.demo.pki import DemoPki, DemoSigner
from archive.demo.tsa import DemoTimeStamper, demo_timestamper
from archive.signatures.context import offline_embedding_expected

__all__ = [
    "ORGANISATION_FIELD",
    "PERSONAL_FIELD",
    "DemoDocument",
    "DemoTimeStamper",
    "LongTermSigning",
    "make_signed_pdf",
    "render_pdf",
    "sign_pdf",
]

PERSONAL_FIELD = "ChuKyCaNhan"
ORGANISATION_FIELD = "ChuKyCoQuan"

_FONT_DIR = Path(__file__).with_name("fonts")
_FONT_FAMILY = "DejaVu"
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
_VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")
_PRODUCER = "archive.demo (fpdf2)"
_NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
_MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Page geometry in millimetres (NĐ 30/2020 Phụ lục I: A4, left 30-35, right 15-20, top and
# bottom 20-25).
_LEFT, _RIGHT, _TOP, _BOTTOM = 30.0, 15.0, 20.0, 20.0
_LEFT_COL_W = 68.0
_RIGHT_COL_X = _LEFT + _LEFT_COL_W
_RIGHT_COL_W = 210.0 - _RIGHT - _RIGHT_COL_X
_LINE = 5.5
_SIGNER_BLOCK_H = 55.0
_RECIPIENT_LINE = _LINE - 1


@dataclass(frozen=True)
class DemoDocument:
    """The content of one administrative document (văn bản hành chính)."""

    organ_name: str
    """Issuing agency in upper case, e.g. "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH"."""
    code_number: str
    """Số, e.g. "123"; a single digit is zero-padded ("05") when rendered."""
    code_notation: str
    """Ký hiệu, e.g. "QĐ-UBND"."""
    type_label: str
    """Document type in upper case, e.g. "QUYẾT ĐỊNH"."""
    place: str
    """Place of issue, e.g. "Hòa Bình"."""
    issued: date
    """Date of issue."""
    subject: str
    """Trích yếu (summary line)."""
    body: tuple[str, ...]
    """Body paragraphs."""
    signer_position: str
    """Quyền hạn, chức vụ of the signer, e.g. "CHỦ TỊCH"."""
    signer_name: str
    """Full name of the signer."""
    authority: str | None = None
    """Optional authority line above the position, e.g. "TM. ỦY BAN NHÂN DÂN"."""
    recipients: tuple[str, ...] = ("Như Điều 3;", "Lưu: VT.")
    """Nơi nhận (distribution list), printed bottom left."""

    @property
    def code(self) -> str:
        """Số và ký hiệu, e.g. "05/QĐ-UBND" (numbers below 10 are zero-padded)."""
        number = self.code_number.zfill(2) if self.code_number.isdigit() else self.code_number
        return f"{number}/{self.code_notation}"

    @property
    def number_line(self) -> str:
        """The "Số: 05/QĐ-UBND" line."""
        return f"Số: {self.code}"

    @property
    def date_line(self) -> str:
        """The "Hòa Bình, ngày 05 tháng 3 năm 2024" line (days below 10 and months 1-2 padded)."""
        month = f"{self.issued.month:02d}" if self.issued.month < 3 else str(self.issued.month)
        return f"{self.place}, ngày {self.issued.day:02d} tháng {month} năm {self.issued.year}"


def render_pdf(doc: DemoDocument) -> bytes:
    """Render ``doc`` as an A4 PDF; the same input always gives the same bytes."""
    pdf = _new_pdf(doc)
    _draw_header(pdf, doc)
    _draw_title(pdf, doc)
    _draw_body(pdf, doc)
    _draw_closing(pdf, doc)
    return bytes(pdf.output())


@dataclass(frozen=True)
class LongTermSigning:
    """What long-term (PAdES B-LT/B-LTA) signing needs from the demo PKI, gathered once.

    A signature timestamp comes from ``timestamper``; before embedding, pyHanko validates the
    signer and the TSA against ``trust_roots`` offline, using ``crls``, and writes the
    certificates and CRLs it used into the document security store.
    """

    timestamper: TimeStamper
    trust_roots: tuple[asn1_x509.Certificate, ...]
    other_certs: tuple[asn1_x509.Certificate, ...]
    crls: tuple[asn1_crl.CertificateList, ...]

    @classmethod
    def from_pki(cls, pki: DemoPki) -> LongTermSigning:
        """The demo TSA, root, intermediate and freshly issued CRLs of ``pki``."""
        return cls(demo_timestamper(pki), (pki.root,), (pki.intermediate,), pki.crls())

    def validation_context(self) -> ValidationContext:
        """A new offline, hard-fail context (pyHanko's contexts keep state: one per signature)."""
        return ValidationContext(
            trust_roots=list(self.trust_roots),
            other_certs=list(self.other_certs),
            crls=list(self.crls),
            allow_fetching=False,
            revocation_mode="hard-fail",
        )


def sign_pdf(
    pdf: bytes,
    signer: DemoSigner,
    *,
    field_name: str,
    reason: str,
    location: str,
    long_term: LongTermSigning | None = None,
    document_timestamp: bool = False,
) -> bytes:
    """Sign ``pdf`` in an invisible field, as an incremental update.

    Without ``long_term``: PAdES B-B (no timestamp). With it: PAdES B-LT, i.e. a signature
    timestamp plus the chain's certificates and CRLs in the document security store, and with
    ``document_timestamp`` a document timestamp after that (B-LTA). Nothing is fetched from
    the network. The result starts with the exact bytes of ``pdf``.
    """
    if document_timestamp and long_term is None:
        raise ValueError("a document timestamp needs long_term (its timestamper)")
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        embed_validation_info=long_term is not None,
        use_pades_lta=document_timestamp,
        validation_context=None if long_term is None else long_term.validation_context(),
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=_pyhanko_signer(signer),
        timestamper=None if long_term is None else long_term.timestamper,
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    with offline_embedding_expected():
        output = pdf_signer.sign_pdf(writer)
    signed: bytes = output.getvalue()
    return signed


def make_signed_pdf(
    doc: DemoDocument,
    personal: DemoSigner,
    organisation: DemoSigner,
    *,
    pki: DemoPki | None = None,
) -> bytes:
    """Render ``doc`` and sign it as NĐ 30/2020 requires: the person first, then the agency.

    With ``pki`` (the PKI that issued both signers) the signatures are long-term: B-LT, then
    B-LT plus a document timestamp, so the file is PAdES B-LTA and validates offline against
    the demo root alone. Without it: two B-B signatures, which no validator requiring
    revocation data can accept.
    """
    long_term = None if pki is None else LongTermSigning.from_pki(pki)
    rendered = render_pdf(doc)
    once = sign_pdf(
        rendered,
        personal,
        field_name=PERSONAL_FIELD,
        reason=f"Ký ban hành văn bản số {doc.code}",
        location=doc.place,
        long_term=long_term,
    )
    return sign_pdf(
        once,
        organisation,
        field_name=ORGANISATION_FIELD,
        reason="Văn thư cơ quan ký số của cơ quan, tổ chức",
        location=doc.place,
        long_term=long_term,
        document_timestamp=long_term is not None,
    )


def _pyhanko_signer(signer: DemoSigner) -> signers.SimpleSigner:
    """Build the pyHanko signer directly: ``SimpleSigner.load`` returns None on bad files."""
    registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]  # __init__ lacks -> None
    registry.register_multiple(signer.chain)
    return signers.SimpleSigner(
        signing_cert=signer.certificate,
        signing_key=load_private_key_from_pemder(str(signer.key_path), passphrase=None),
        cert_registry=registry,
    )


def _new_pdf(doc: DemoDocument) -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.pdf_version = "1.7"  # PAdES builds on ISO 32000-1; fpdf2 would declare 1.3
    for style, filename in _FONT_FILES.items():
        pdf.add_font(_FONT_FAMILY, style, _FONT_DIR / filename)
    pdf.set_margins(_LEFT, _TOP, _RIGHT)
    pdf.set_auto_page_break(auto=True, margin=_BOTTOM)
    _set_metadata(pdf, doc)
    pdf.add_page()
    return pdf


def _set_metadata(pdf: FPDF, doc: DemoDocument) -> None:
    """Fixed metadata only: the creation date comes from the issue date, never from the clock."""
    pdf.set_creation_date(datetime.combine(doc.issued, time(8, 0), tzinfo=_VIETNAM_TIME))
    pdf.set_producer(_PRODUCER)
    pdf.set_creator(_PRODUCER)
    pdf.set_author(_nfc(doc.organ_name))
    pdf.set_title(_nfc(f"{doc.number_line} {doc.type_label} {doc.subject}"))
    pdf.set_subject(_nfc(doc.subject))
    pdf.set_lang("vi-VN")


def _draw_header(pdf: FPDF, doc: DemoDocument) -> None:
    """Organ name and national name on top; the number and the date share the next row."""
    pdf.set_xy(_LEFT, _TOP)
    size = _fitting_size(pdf, doc.organ_name, width=_LEFT_COL_W, style="B", largest=10.5)
    _centred(pdf, doc.organ_name, x=_LEFT, width=_LEFT_COL_W, style="B", size=size)
    _rule_below(pdf, x=_LEFT, width=_LEFT_COL_W, length=_LEFT_COL_W / 3)
    left_end = pdf.get_y()

    pdf.set_xy(_RIGHT_COL_X, _TOP)
    _centred(pdf, _NATIONAL_NAME, x=_RIGHT_COL_X, width=_RIGHT_COL_W, style="B", size=10.5)
    _centred(pdf, _MOTTO, x=_RIGHT_COL_X, width=_RIGHT_COL_W, style="B", size=11.5)
    _rule_below(pdf, x=_RIGHT_COL_X, width=_RIGHT_COL_W, length=pdf.get_string_width(_MOTTO))

    row = max(left_end, pdf.get_y()) + 3
    pdf.set_y(row)
    _centred(pdf, doc.number_line, x=_LEFT, width=_LEFT_COL_W, style="", size=10.5)
    pdf.set_y(row)
    _centred(pdf, doc.date_line, x=_RIGHT_COL_X, width=_RIGHT_COL_W, style="", size=10.5)
    pdf.set_y(pdf.get_y() + 10)


def _draw_title(pdf: FPDF, doc: DemoDocument) -> None:
    """Document type, trích yếu and a short rule, centred on the text block."""
    width = pdf.epw
    _centred(pdf, doc.type_label, x=_LEFT, width=width, style="B", size=13)
    _centred(pdf, doc.subject, x=_LEFT, width=width, style="B", size=12)
    _rule_below(pdf, x=_LEFT, width=width, length=width / 4)
    pdf.set_y(pdf.get_y() + 6)


def _draw_body(pdf: FPDF, doc: DemoDocument) -> None:
    """Justified paragraphs with a first-line indent, flowing onto a new page when needed."""
    pdf.set_font(_FONT_FAMILY, "", 11)
    with pdf.text_columns(text_align="J", line_height=1.35) as columns:
        for paragraph in doc.body:
            with columns.paragraph(first_line_indent=10, bottom_margin=2) as par:
                par.write(_nfc(paragraph))


def _draw_closing(pdf: FPDF, doc: DemoDocument) -> None:
    """Recipients bottom left and the signer block bottom right, kept on one page."""
    needed = max(_SIGNER_BLOCK_H, _RECIPIENT_LINE * (len(doc.recipients) + 2))
    if pdf.get_y() + needed > pdf.h - _BOTTOM:
        pdf.add_page()
    top = pdf.get_y() + 4
    pdf.set_xy(_LEFT, top)
    _left_aligned(pdf, "Nơi nhận:", style="B", size=10)
    for line in doc.recipients:
        _left_aligned(pdf, f"- {line}", style="", size=9)

    pdf.set_xy(_RIGHT_COL_X, top)
    if doc.authority:
        _centred(pdf, doc.authority, x=_RIGHT_COL_X, width=_RIGHT_COL_W, style="B", size=11)
    _centred(pdf, doc.signer_position, x=_RIGHT_COL_X, width=_RIGHT_COL_W, style="B", size=11)
    pdf.set_y(pdf.get_y() + 25)  # room for the signature image and the seal
    _centred(pdf, doc.signer_name, x=_RIGHT_COL_X, width=_RIGHT_COL_W, style="B", size=11)


def _centred(pdf: FPDF, text: str, *, x: float, width: float, style: str, size: float) -> None:
    pdf.set_font(_FONT_FAMILY, style, size)
    pdf.set_x(x)
    pdf.multi_cell(width, _LINE, _nfc(text), align="C", new_x="LMARGIN", new_y="NEXT")


def _fitting_size(pdf: FPDF, text: str, *, width: float, style: str, largest: float) -> float:
    """The largest size up to ``largest`` (down to 8 pt) at which each line of ``text`` fits."""
    pdf.set_font(_FONT_FAMILY, style, largest)
    usable = width - 2 * pdf.c_margin
    widest = max(pdf.get_string_width(line) for line in _nfc(text).splitlines() or [""])
    if widest <= usable:
        return largest
    return max(8.0, int(largest * usable / widest * 2) / 2)


def _left_aligned(pdf: FPDF, text: str, *, style: str, size: float) -> None:
    pdf.set_font(_FONT_FAMILY, style, size)
    pdf.set_x(_LEFT)
    pdf.multi_cell(
        _LEFT_COL_W, _RECIPIENT_LINE, _nfc(text), align="L", new_x="LMARGIN", new_y="NEXT"
    )


def _rule_below(pdf: FPDF, *, x: float, width: float, length: float) -> None:
    """A thin solid rule centred under the previous line (NĐ 30: 1/3 to 1/2 of the text)."""
    y = pdf.get_y() + 1
    start = x + (width - length) / 2
    pdf.set_line_width(0.3)
    pdf.line(start, y, start + length, y)
    pdf.set_y(y)


def _nfc(text: str) -> str:
    """Precomposed Vietnamese: DejaVu has the glyphs, but no shaping for combining marks."""
    return unicodedata.normalize("NFC", text)
