"""Build valid SIP_hoso packages for tests, deterministically, and break them on purpose."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from archive.packages.metsxml import VN_TZ
from archive.packages.sipwrite import SipDocument, SipInput, write_sip, zip_tree

ORGAN = "000.00.00.H49"
CREATED = datetime(2026, 11, 2, 9, 30, tzinfo=VN_TZ)


def file_code(n: int = 1, year: int = 2024) -> str:
    """A valid mã hồ sơ."""
    return f"{ORGAN}.{year}.{n:02d}.VP"


def pdf_bytes(seed: int, extra: bytes = b"") -> bytes:
    """A small, valid, unsigned one-page PDF whose text depends on ``seed``; ``extra`` bytes go
    into an unused stream (to make files of a given size)."""
    words = " ".join(
        random.Random(seed).choice(("giao", "dat", "quyet", "dinh", "ubnd")) for _ in range(8)
    )
    stream = f"BT /F1 12 Tf 72 720 Td ({words} {seed}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if extra:
        objects.append(b"<< /Length %d >>\nstream\n" % len(extra) + extra + b"\nendstream")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


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


MIXED_SUBJECTS = {"02": "Báo cáo nội bộ riêng hồ sơ 91", "03": "Phương án bảo vệ mục tiêu hồ sơ 91"}
"""The subjects of the mixed dossier's mode 02 and mode 03 documents (found by no other)."""


def write_mixed_sip(folder: Path) -> Path:
    """A mode 01 dossier holding one document of each mode: 01, 02 and 03."""
    sip = sip_input(91, 3)
    docs = [sip.documents[0]]
    for doc, mode in zip(sip.documents[1:], ("02", "03"), strict=True):
        docs.append(
            replace(doc, values={**doc.values, "mode": mode, "subject": MIXED_SUBJECTS[mode]})
        )
    sip = replace(sip, documents=docs)
    tree = write_sip(sip, folder / "mixed-tree", objid="uuid-00000000-0000-4000-8000-000000000091")
    return zip_tree(tree, folder / "9-mixed.zip")


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
