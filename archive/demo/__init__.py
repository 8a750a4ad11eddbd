"""Demo material: a local Vietnamese-style PKI and signed administrative PDFs (NĐ 30/2020).

For demos and tests only; the PKI writes unencrypted private keys.
"""

from archive.demo.pdf import (
    ORGANISATION_FIELD,
    PERSONAL_FIELD,
    DemoDocument,
    make_signed_pdf,
    render_pdf,
    sign_pdf,
)
from archive.demo.pki import DemoPki, DemoSigner, SignerKind, create_demo_pki

__all__ = [
    "ORGANISATION_FIELD",
    "PERSONAL_FIELD",
    "DemoDocument",
    "DemoPki",
    "DemoSigner",
    "SignerKind",
    "create_demo_pki",
    "make_signed_pdf",
    "render_pdf",
    "sign_pdf",
]
