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

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from fpdf import FPDF
from pyhanko.sign import signers
from pyhanko.sign.timestamps.api import TimeStamper

from archive.config import Settings
from archive.messages.catalogue import text
from archive.resources import font_path
from archive.signatures.own import both, load_signer, new_pdfa, sign_pdf, signer_name

__all__ = [
    "SIGNATURE_FIELD",
    "AuthPage",
    "both",
    "load_signer",
    "render_page",
    "sign_page",
    "signer_name",
]

SIGNATURE_FIELD: Final = "BanSaoCoXacThuc"
"""The name of the archive's signature field on the page."""
_FAMILY: Final = "DejaVu"
_LEFT: Final = 25.0
_WIDTH: Final = 160.0


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
    pdf = new_pdfa(
        moment,
        title=f"{text('use.certify_title', 'vi')} {page.doc_code}",
        author=page.archive_name,
        family=_FAMILY,
        fonts={"": font_path("DejaVuSans.ttf"), "B": font_path("DejaVuSans-Bold.ttf")},
    )
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


def sign_page(
    pdf: bytes, signer: signers.SimpleSigner, timestamper: TimeStamper, settings: Settings
) -> bytes:
    """Sign the page PAdES B-LT in the field ``BanSaoCoXacThuc`` (``signatures.own``)."""
    return sign_pdf(
        pdf,
        signer,
        timestamper,
        settings,
        field=SIGNATURE_FIELD,
        reason=text("use.certify_reason", "vi"),
    )


def write_bytes(path: Path, data: bytes) -> None:
    """A file of the package under construction (staging)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
