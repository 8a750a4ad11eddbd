"""Build valid SIP_hoso packages for tests, deterministically, and break them on purpose."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from archive.ingest.metsxml import VN_TZ
from archive.ingest.sipwrite import SipDocument, SipInput, write_sip, zip_tree

ORGAN = "000.00.00.H49"
CREATED = datetime(2026, 11, 2, 9, 30, tzinfo=VN_TZ)


def file_code(n: int = 1, year: int = 2024) -> str:
    """A valid mã hồ sơ."""
    return f"{ORGAN}.{year}.{n:02d}.VP"


def pdf_bytes(seed: int, pages: int = 1) -> bytes:
    """A small, valid-looking PDF body with deterministic filler."""
    rng = random.Random(seed)
    filler = bytes(rng.getrandbits(8) for _ in range(512))
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + filler + f"\n% pages {pages}\n%%EOF\n".encode()


def sip_input(n: int = 1, docs: int = 2, *, mode: str = "01", maintenance: str = "01") -> SipInput:
    """A valid dossier with ``docs`` documents."""
    fc = file_code(n)
    documents = [
        SipDocument(
            {
                "docCode": f"{fc}.{i:07d}",
                "typeName": "02",
                "codeNumber": str(100 + i),
                "codeNotation": "QĐ-UBND",
                "issuedDate": f"{i:02d}/03/2024",
                "organName": "Ủy ban nhân dân tỉnh Hòa Bình",
                "subject": f"Quyết định về việc giao đất đợt {i} cho Công ty TNHH Minh Phát",
                "language": "01",
                "numberOfPage": "1",
                "mode": mode,
                "confidenceLevel": "01",
            },
            f"{fc}.{i}.pdf",
            pdf_bytes(n * 100 + i),
            ext={"signerFullName": "Nguyễn Văn An", "signerPosition": "Chủ tịch"},
        )
        for i in range(1, docs + 1)
    ]
    dossier = {
        "fileCode": fc,
        "title": f"Hồ sơ giao đất năm 2024 (số {n})",
        "maintenance": maintenance,
        "mode": mode,
        "language": "01",
        "startDate": "01/03/2024",
        "endDate": "30/12/2024",
        "totalDoc": str(docs),
        "numberOfPage": str(docs),
        "riskRecovery": "0",
        "confidenceLevel": "01",
    }
    ext = {"maintenanceYears": "5"} if maintenance == "07" else {}
    return SipInput(dossier, documents, "Ủy ban nhân dân tỉnh Hòa Bình", ext, "H49.01")


def write_folder(tmp: Path, n: int = 1, **kw: object) -> Path:
    """A valid SIP as a folder; returns the package folder."""
    sip = sip_input(n, **kw)  # type: ignore[arg-type]
    return write_sip(sip, tmp, objid=f"uuid-00000000-0000-4000-8000-{n:012d}", created=CREATED)


def write_zip(tmp: Path, n: int = 1, **kw: object) -> Path:
    """A valid SIP as a zip."""
    folder = write_folder(tmp / f"tree-{n}", n, **kw)
    return zip_tree(folder, tmp / f"sip-{n}.zip")


def with_dossier(sip: SipInput, **values: str) -> SipInput:
    """The same SIP with some dossier values replaced."""
    return replace(sip, dossier={**sip.dossier, **values})
