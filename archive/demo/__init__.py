"""Demo material: a local Vietnamese-style PKI, signed administrative PDFs (NĐ 30/2020) and
sample TT 05/2025 dossiers.

For demos and tests only; the PKI writes unencrypted private keys, and its root must never be
trusted in production.
"""

from archive.demo.pdf import (
    ORGANISATION_FIELD,
    PERSONAL_FIELD,
    DemoDocument,
    DemoTimeStamper,
    LongTermSigning,
    make_signed_pdf,
    render_pdf,
    sign_pdf,
)
from archive.demo.pki import DemoPki, DemoSigner, DemoTsa, SignerKind, create_demo_pki
from archive.demo.samples import (
    DEMO_CREATED,
    DEMO_OBJIDS,
    cached_demo_sips,
    demo_sip_inputs,
    write_demo_sips,
)

__all__ = [
    "DEMO_CREATED",
    "DEMO_OBJIDS",
    "ORGANISATION_FIELD",
    "PERSONAL_FIELD",
    "DemoDocument",
    "DemoPki",
    "DemoSigner",
    "DemoTimeStamper",
    "DemoTsa",
    "LongTermSigning",
    "SignerKind",
    "cached_demo_sips",
    "create_demo_pki",
    "demo_sip_inputs",
    "make_signed_pdf",
    "render_pdf",
    "sign_pdf",
    "write_demo_sips",
]
