"""Certified copies in tests: the archive's signing key (the test PKI's ``signer-org``, written
as PEM files), a home that trusts the test PKI and signs with it, and the outside checks of a
DIP (``sha256sum``, pyHanko's own command line under a frozen clock, the XSDs).

``pyhanko sign validate`` runs in a subprocess, the command line of the ``pyhanko-cli``
distribution (requirements/oracles.in), with freezegun started first so the check does not
depend on the real date (the test signer certificates end in 2027); it fetches what it needs
from the served PKI, which follows the parent's frozen clock.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from asn1crypto import pem
from certomancer.registry import CertLabel
from lxml import etree

from archive.bootstrap import Archive
from archive.catalog.xsd import load_schema
from archive.safexml import parser
from tests.support import signed
from tests.support.pki import TestPki

__all__ = [
    "METS_NS",
    "extract",
    "home",
    "pdfa_problems",
    "pyhanko_validate",
    "sha256sum",
    "signing_files",
    "xsd_problems",
]

METS_NS = {"m": "http://www.loc.gov/METS/", "x": "http://www.w3.org/1999/xlink"}
LABEL = "signer-org"


def signing_files(pki: TestPki, folder: Path) -> dict[str, Any]:
    """The settings of the archive's signing key: ``signer-org``'s key, certificate and chain
    as PEM files in ``folder`` (key 0600)."""
    folder.mkdir(parents=True, exist_ok=True)
    spec = pki.arch.get_cert_spec(CertLabel(LABEL))
    key = folder / "archive.key.pem"
    der = pki.arch.key_set.get_private_key(spec.subject_key).dump()
    key.write_bytes(pem.armor("PRIVATE KEY", der))
    key.chmod(0o600)
    cert = folder / "archive.cert.pem"
    cert.write_bytes(pem.armor("CERTIFICATE", pki.cert(LABEL).dump()))
    chain = folder / "chain.pem"
    chain.write_bytes(b"".join(pem.armor("CERTIFICATE", c.dump()) for c in pki.chain(LABEL)))
    return {
        "archive_signing_key": key,
        "archive_signing_cert": cert,
        "archive_signing_chain": [chain],
        "tsa_url": pki.tsa_url(),
    }


def home(path: Path, pki: TestPki, **settings: Any) -> Archive:
    """A home trusting the test root, signing certified copies with ``signer-org``."""
    return signed.open_home(path, pki, **{**signing_files(pki, path.parent / "keys"), **settings})


def extract(zip_path: Path, into: Path) -> Path:
    """Unzip a DIP; its one top folder."""
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(into)
    (pkg,) = into.iterdir()
    return pkg


def sha256sum(path: Path) -> str:
    """The digest as coreutils' ``sha256sum`` prints it (the real binary)."""
    done = subprocess.run(
        ["sha256sum", str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.split()[0]


_FROZEN = """
import sys
from freezegun import freeze_time
freeze_time(sys.argv.pop(1), tick=True).start()
from pyhanko.__main__ import launch
sys.argv[0] = "pyhanko"
sys.exit(launch())
"""


def pyhanko_validate(
    at: datetime, pdf: Path, root: Path, command: str = "validate"
) -> subprocess.CompletedProcess[str]:
    """``pyhanko sign COMMAND --trust ROOT --trust-replace PDF`` at ``at``: ``validate`` (the
    classic check, fetching what it lacks) or ``adesverify`` (AdES, from the PDF's DSS)."""
    args = ["sign", command, "--trust", str(root), "--trust-replace"]
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", _FROZEN, at.isoformat(), *args, str(pdf)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        timeout=300,
        check=False,
    )


def xsd_problems(pkg: Path) -> list[str]:
    """Both METS against METS 1.12, the PREMIS against PREMIS 3.0, the EAD_doc against TT05,
    and every METS checksum against the file it names."""
    mets_xsd = load_schema("mets", "mets.xsd")
    checks = {
        "METS.xml": mets_xsd,
        "representations/rep1/METS.xml": mets_xsd,
        "metadata/preservation/PREMIS.xml": load_schema("premis", "premis-v3-0.xsd"),
    }
    for ead in (pkg / "representations/rep1/metadata/descriptive").glob("EAD_doc_*.xml"):
        checks[ead.relative_to(pkg).as_posix()] = load_schema("tt05", "EAD_doc_SIP.xsd")
    problems = []
    for rel, schema in checks.items():
        if not schema.validate(etree.parse(str(pkg / rel), parser())):
            problems.append(f"{rel}: {schema.error_log}")
    for mets_rel, base in (
        ("METS.xml", pkg),
        ("representations/rep1/METS.xml", pkg / "representations/rep1"),
    ):
        tree = etree.parse(str(pkg / mets_rel), parser())
        for el in tree.iterfind(".//m:file", METS_NS):
            href = el.find("m:FLocat", METS_NS).get(f"{{{METS_NS['x']}}}href")  # type: ignore[union-attr]
            digest = hashlib.sha256((base / str(href)).read_bytes()).hexdigest()
            if el.get("CHECKSUM") != digest:
                problems.append(f"{mets_rel}: {href} checksum")
    return problems


def pdfa_problems(pdf: Path) -> list[str]:
    """What contradicts the PDF/A-2B claim of ``pdf``, by the checks that need no full
    validator (ADR 0017 says which): siegfried (pygfried) identifies PDF/A-2b (fmt/477) and the
    archive's claim check agrees; pikepdf finds the XMP ``pdfaid`` 2/B, an OutputIntent
    GTS_PDFA1 carrying an ICC profile, every font embedded, no encryption, no JavaScript."""
    import pikepdf

    from archive.packages.formatid import identify_files
    from archive.packages.pdfa import read_claim

    problems: list[str] = []
    puid = identify_files({"page": pdf})["page"].puid
    if puid != "fmt/477":
        problems.append(f"siegfried: {puid}")
    claim = read_claim(pdf, puid)
    if claim is None or claim.claim != "PDF/A-2B" or claim.problems:
        problems.append(f"claim: {claim}")
    with pikepdf.open(pdf) as doc:
        if doc.is_encrypted:
            problems.append("encrypted")
        intents: Any = doc.Root.get("/OutputIntents") or []
        if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
            problems.append("no GTS_PDFA1 OutputIntent with an ICC profile")
        if "/JavaScript" in (doc.Root.get("/Names") or {}):
            problems.append("JavaScript")
        for page in doc.pages:
            for name, font in (page.Resources.get("/Font") or {}).items():
                fonts = [font, *(font.get("/DescendantFonts") or [])]
                if not any(
                    "/FontDescriptor" in f
                    and any(
                        k in f.FontDescriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                    )
                    for f in fonts
                ):
                    problems.append(f"font {name} not embedded")
    return problems
