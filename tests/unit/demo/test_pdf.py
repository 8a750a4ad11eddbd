"""Tests for archive.demo.pdf: rendering a Vietnamese document and signing it twice (NĐ 30).

The signed demo PDFs must validate as TOTAL_PASSED through the archive's own validator
(``archive.signatures.validate``: hard-fail revocation and AdES with REQUIRE_REVINFO), offline,
with nothing but the demo root as trust anchor.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import re
import subprocess
import sys
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext

from archive.demo.pdf import (
    ORGANISATION_FIELD,
    PERSONAL_FIELD,
    DemoDocument,
    LongTermSigning,
    make_signed_pdf,
    render_pdf,
    sign_pdf,
)
from archive.demo.pki import DemoPki, create_demo_pki
from archive.signatures.report import ValidationReport
from archive.signatures.trust import TrustStore
from archive.signatures.validate import ValidationSettings, validate_pdf

DOC = DemoDocument(
    organ_name="ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH",
    code_number="123",
    code_notation="QĐ-UBND",
    type_label="QUYẾT ĐỊNH",
    place="Hòa Bình",
    issued=date(2024, 3, 5),
    subject="Về việc ban hành Quy chế quản lý văn bản điện tử của tỉnh Hòa Bình",
    body=(
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác "
        "văn thư;",
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý văn bản điện tử.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
    ),
    signer_position="CHỦ TỊCH",
    signer_name="Nguyễn Văn An",
    authority="TM. ỦY BAN NHÂN DÂN",
)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> DemoPki:
    return create_demo_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render_pdf(DOC)


@pytest.fixture(scope="module")
def signed(pki: DemoPki) -> bytes:
    """What the demo ships: long-term signatures (B-LT, then B-LT + document timestamp)."""
    return make_signed_pdf(DOC, pki.personal_signer(), pki.organisation_signer(), pki=pki)


@pytest.fixture(scope="module")
def basic(pki: DemoPki) -> bytes:
    """Without the PKI's TSA and CRLs: two PAdES B-B signatures."""
    return make_signed_pdf(DOC, pki.personal_signer(), pki.organisation_signer())


def _reader(pdf: bytes) -> PdfFileReader:
    return PdfFileReader(BytesIO(pdf))


def _validate(pdf: bytes, tmp_path: Path, roots: list[Path]) -> ValidationReport:
    """The archive's validator, offline, trusting ``roots`` only."""
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    report, _ = validate_pdf(path, ValidationSettings(TrustStore.from_paths(roots), fetch=False))
    return report


def _context(pki: DemoPki) -> ValidationContext:
    return ValidationContext(
        trust_roots=[pki.root],
        other_certs=[pki.intermediate],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


# A deliberately small text extractor (no pypdf): fpdf2 writes each run as a literal string of
# two-byte glyph codes (Identity-H) and maps the codes back through the font's ToUnicode CMap.
_STRING = re.compile(rb"\((?:\\.|[^\\)])*\)", re.DOTALL)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(literal: bytes) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8)])
        return _ESCAPES.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|.)", replace, literal[1:-1], flags=re.DOTALL)


def _to_unicode(font: Any) -> dict[int, str]:
    cmap = font["/ToUnicode"].data
    pairs = re.findall(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4,})>", cmap)
    return {int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be") for code, text in pairs}


def _page_text(page: Any) -> str:
    fonts = page["/Resources"]["/Font"]
    cmaps = {name: _to_unicode(fonts[name]) for name in fonts}
    current: dict[int, str] = {}
    lines = []
    for block in re.split(rb"\bET\b", page["/Contents"].data):
        selected = re.search(rb"/(\w+) [\d.]+ Tf", block)
        if selected:
            current = cmaps["/" + selected.group(1).decode()]
        codes = b"".join(_unescape(s) for s in _STRING.findall(block))
        glyphs = (int.from_bytes(codes[i : i + 2]) for i in range(0, len(codes), 2))
        lines.append("".join(current[glyph] for glyph in glyphs))
    return "\n".join(line for line in lines if line)


def _pages(pdf: bytes) -> list[Any]:
    return [kid.get_object() for kid in _reader(pdf).root["/Pages"]["/Kids"]]


def test_render_is_deterministic(rendered: bytes) -> None:
    assert render_pdf(DOC) == rendered
    assert b"/CreationDate (D:20240305080000+07'00')" in rendered


def test_render_does_not_depend_on_hash_randomisation(rendered: bytes) -> None:
    script = (
        "import hashlib, pickle, sys; from archive.demo.pdf import render_pdf; "
        "doc = pickle.load(sys.stdin.buffer); "
        "sys.stdout.write(hashlib.sha256(render_pdf(doc)).hexdigest())"
    )
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(root)}
    child = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(DOC),
        env=env,
        capture_output=True,
        check=True,
    )

    assert child.stdout.decode() == hashlib.sha256(rendered).hexdigest()


def test_rendered_pdf_opens_with_one_a4_page(rendered: bytes) -> None:
    pages = _reader(rendered).root["/Pages"]

    assert rendered.startswith(b"%PDF-1.7")
    assert pages["/Count"] == 1
    box = pages["/MediaBox"]  # inherited by the page; pyHanko arrays do not slice
    assert (round(float(box[2])), round(float(box[3]))) == (595, 842)


def test_long_body_flows_onto_a_second_page() -> None:
    long_doc = dataclasses.replace(DOC, body=DOC.body * 12)

    assert _reader(render_pdf(long_doc)).root["/Pages"]["/Count"] == 2


def test_text_layer_carries_the_vietnamese_layout(rendered: bytes) -> None:
    text = _page_text(_pages(rendered)[0])

    for expected in (
        "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH",
        "Số: 123/QĐ-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hòa Bình, ngày 05 tháng 3 năm 2024",
        "QUYẾT ĐỊNH",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Văn An",
    ):
        assert expected in text, expected


def test_decomposed_input_renders_like_precomposed() -> None:
    decomposed = dataclasses.replace(DOC, signer_name="Nguye\u0302\u0303n Va\u0306n An")

    assert render_pdf(decomposed) == render_pdf(DOC)


def test_number_and_date_lines_are_zero_padded_per_nd30() -> None:
    doc = dataclasses.replace(DOC, code_number="5", issued=date(2025, 1, 7))

    assert doc.code == "05/QĐ-UBND"
    assert doc.number_line == "Số: 05/QĐ-UBND"
    assert doc.date_line == "Hòa Bình, ngày 07 tháng 01 năm 2025"
    assert DOC.date_line == "Hòa Bình, ngày 05 tháng 3 năm 2024"


def test_sign_pdf_appends_an_incremental_pades_signature(pki: DemoPki, rendered: bytes) -> None:
    out = sign_pdf(
        rendered, pki.personal_signer(), field_name="Ky", reason="Ký duyệt", location="Hòa Bình"
    )

    assert out.startswith(rendered)
    (sig,) = _reader(out).embedded_signatures
    assert sig.field_name == "Ky"
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert sig.sig_object["/Reason"] == "Ký duyệt"
    assert sig.sig_object["/Location"] == "Hòa Bình"


def test_personal_signature_reason_names_the_document(signed: bytes) -> None:
    personal, _ = _reader(signed).embedded_regular_signatures

    assert personal.sig_object["/Reason"] == "Ký ban hành văn bản số 123/QĐ-UBND"


def test_signed_pdf_starts_with_the_rendered_bytes(signed: bytes, rendered: bytes) -> None:
    assert signed.startswith(rendered)


def test_signed_pdf_has_personal_then_organisation_signature(signed: bytes) -> None:
    reader = _reader(signed)
    names = [sig.field_name for sig in reader.embedded_regular_signatures]

    assert names == [PERSONAL_FIELD, ORGANISATION_FIELD]
    assert len(reader.embedded_timestamp_signatures) == 1  # the document timestamp comes last
    assert reader.embedded_signatures[-1].field_name.startswith("Timestamp")


def test_both_signatures_are_intact_valid_and_trusted(signed: bytes, pki: DemoPki) -> None:
    for sig in _reader(signed).embedded_regular_signatures:
        status = validate_pdf_signature(sig, _context(pki), ts_validation_context=_context(pki))
        assert (status.intact, status.valid, status.trusted) == (True, True, True), sig.field_name
        assert status.md_algorithm == "sha256"
        timestamp = status.timestamp_validity
        assert timestamp is not None and timestamp.trusted, sig.field_name


def test_coverage_and_modification_levels(signed: bytes, pki: DemoPki) -> None:
    personal, organisation = _reader(signed).embedded_regular_signatures

    first = validate_pdf_signature(personal, _context(pki))
    second = validate_pdf_signature(organisation, _context(pki))

    for status in (first, second):
        assert status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        assert status.modification_level is not None
        assert status.modification_level <= ModificationLevel.FORM_FILLING


def test_the_document_security_store_holds_the_crls_and_chain(signed: bytes, pki: DemoPki) -> None:
    dss = DocumentSecurityStore.read_dss(_reader(signed))
    certs = {cert.sha256 for cert in dss.load_certs()}
    crls = [asn1_crl.CertificateList.load(ref.get_object().data) for ref in dss.crls]

    assert not dss.ocsps
    assert sorted(crl.issuer.human_friendly for crl in crls) == sorted(
        (pki.root.subject.human_friendly, pki.intermediate.subject.human_friendly)
    )
    expected = [pki.intermediate, pki.tsa().certificate, pki.personal_signer().certificate]
    assert {cert.sha256 for cert in expected} <= certs


def test_demo_pdf_validates_total_passed_offline_with_the_demo_root_only(
    signed: bytes, pki: DemoPki, tmp_path: Path
) -> None:
    report = _validate(signed, tmp_path, [pki.root_cert_path])

    assert report.error is None
    assert report.bottom_line == "TOTAL_PASSED"
    summary = [(s.field, s.kind, s.pades_level, s.status) for s in report.signatures]
    assert summary[:2] == [
        (PERSONAL_FIELD, "personal", "B-LTA", "TOTAL_PASSED"),
        (ORGANISATION_FIELD, "organisation", "B-LTA", "TOTAL_PASSED"),
    ]
    assert [(kind, level, status) for _, kind, level, status in summary[2:]] == [
        ("timestamp", "DocTimeStamp", "TOTAL_PASSED")
    ]
    assert all(s.revocation_status == "good" and s.timestamp_time for s in report.signatures)
    assert report.nd30 == {"personal": True, "organisation": True}


def test_untrusted_root_leaves_the_demo_pdf_indeterminate(signed: bytes, tmp_path: Path) -> None:
    report = _validate(signed, tmp_path, [])

    assert {s.status for s in report.signatures} == {"INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND"}


def test_basic_signatures_lack_revocation_data(basic: bytes, pki: DemoPki, tmp_path: Path) -> None:
    reader = _reader(basic)
    assert [s.field_name for s in reader.embedded_signatures] == [
        PERSONAL_FIELD,
        ORGANISATION_FIELD,
    ]
    assert "/DSS" not in reader.root

    report = _validate(basic, tmp_path, [pki.root_cert_path])

    # The certificates name a CRL distribution point that nothing can reach: without the
    # embedded CRLs the archive cannot check revocation, even though it trusts the root.
    assert [s.pades_level for s in report.signatures] == ["B-B", "B-B"]
    assert {s.status for s in report.signatures} == {
        "INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE"
    }


def test_a_document_timestamp_needs_the_long_term_material(pki: DemoPki, rendered: bytes) -> None:
    with pytest.raises(ValueError, match="document timestamp"):
        sign_pdf(
            rendered,
            pki.personal_signer(),
            field_name="Ky",
            reason="x",
            location="y",
            document_timestamp=True,
        )


def test_signing_does_not_log_the_offline_embedding_warning(
    pki: DemoPki, rendered: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING"):
        sign_pdf(
            rendered,
            pki.organisation_signer(),
            field_name="Ky",
            reason="x",
            location="y",
            long_term=LongTermSigning.from_pki(pki),
            document_timestamp=True,
        )

    assert not [r for r in caplog.records if r.levelname == "WARNING"]


def test_long_term_material_comes_from_the_pki(pki: DemoPki) -> None:
    material = LongTermSigning.from_pki(pki)

    assert [c.sha256 for c in material.trust_roots] == [pki.root.sha256]
    assert [c.sha256 for c in material.other_certs] == [pki.intermediate.sha256]
    issuers = [crl["tbs_cert_list"]["issuer"] for crl in material.crls]
    assert issuers == [pki.root.subject, pki.intermediate.subject]
    assert isinstance(pki.tsa().certificate, asn1_x509.Certificate)


def test_flipped_byte_in_first_range_breaks_the_first_signature(
    signed: bytes, pki: DemoPki
) -> None:
    offset = signed.index(b"archive.demo")  # the /Producer string, inside revision 1
    tampered = bytearray(signed)
    tampered[offset] ^= 0x01

    personal, organisation = _reader(bytes(tampered)).embedded_regular_signatures
    assert personal.byte_range[1] > offset

    assert validate_pdf_signature(personal, _context(pki)).intact is False
    assert validate_pdf_signature(organisation, _context(pki)).intact is False
