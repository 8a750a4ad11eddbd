"""``validate_pdf`` on PDFs signed with the served test PKI (tests/support/pki.py).

Every signature is made with the clock frozen at ``SIGNING_TIME`` (2026-11-20). "Now" is
``LATER_THAT_DAY`` (one hour after: validating at the signing instant again would replay the
clock from before the timestamps), with ``fetch=True`` against the served PKI; "years later"
freezes 2035 / 2040 / 2050 with ``tick=True`` so the served OCSP/CRL/TSA follow the clock.
The tamper cases are those of docs/signatures.md, "Tamper cases".

Point-in-time validation (``ValidationSettings(at=...)``), as pyHanko does it: both engines judge
at that moment and nothing is fetched (docs/signatures.md, "pyHanko pitfalls"), so only
revocation data valid *at that moment* counts — here the DSS of the file: OCSP answers valid for
ten minutes, or (when the OCSP fetch was slow while signing) the intermediate's CRL, valid for
a week. A moment a few minutes after signing passes from any "now", 2035 included; a month
later or in 2035 it is INDETERMINATE; a moment before the signature's own timestamp is
INDETERMINATE/NO_POE.

Which sub-indication pyHanko gives when revocation data is missing or stale depends on what
the DSS holds and on the order it tries certification paths in (CERTIFICATE_CHAIN_GENERAL_FAILURE
at the validation time, or TRY_LATER → NO_POE after the past validation), so those cases
assert one of ``NO_FRESH_REVOCATION_DATA``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import ocsp
from freezegun import freeze_time
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from archive.demo.pdf import ORGANISATION_FIELD, PERSONAL_FIELD, render_pdf
from archive.signatures.report import ValidationReport
from archive.signatures.trust import TrustStore
from archive.signatures.validate import ValidationData, ValidationSettings, validate_pdf
from tests.support.pki import (
    ND30_DOCUMENT,
    SIGNING_TIME,
    TestPki,
    renew_lta,
    sign_nd30_pdf,
    sign_test_pdf,
)

LATER_THAT_DAY = SIGNING_TIME + timedelta(hours=1)
A_MONTH_LATER = SIGNING_TIME + timedelta(days=30)  # past every revocation answer in the DSS
NO_FRESH_REVOCATION_DATA = {"CERTIFICATE_CHAIN_GENERAL_FAILURE", "TRY_LATER", "NO_POE"}
YEAR_2035 = datetime.fromisoformat("2035-06-01T12:00:00+00:00")
YEAR_2040 = datetime.fromisoformat("2040-03-01T12:00:00+00:00")
YEAR_2050 = datetime.fromisoformat("2050-03-01T12:00:00+00:00")

SIGNATURE_FIELDS = {
    "field",
    "kind",
    "signer_subject",
    "signer_name",
    "signer_serial",
    "issuer",
    "claimed_signing_time",
    "timestamp_time",
    "pades_level",
    "intact",
    "valid",
    "trusted",
    "coverage",
    "modified_after_signing",
    "modification_level",
    "indication",
    "subindication",
    "status",
    "revocation_status",
    "messages_vi",
    "messages_en",
}


# --------------------------------------------------------------------------- tamper helpers
# (public: tests/unit/signatures/test_step.py and tests/cli/test_verify.py use them too)


def flip_header_byte(data: bytes) -> bytes:
    """Flip one bit in the binary comment of the header: inside every signed range, harmless
    to parsing, so only the digest can notice."""
    assert data[9:10] == b"%"
    out = bytearray(data)
    out[10] ^= 0x01
    return bytes(out)


def edit_producer(data: bytes) -> bytes:
    """Change one letter of the /Producer text of the first revision (same length; the
    signing updates write their own /Info later in the file)."""
    old = b"(archive.demo \\(fpdf2\\))"
    assert data.index(old) < len(render_pdf(ND30_DOCUMENT))
    return data.replace(old, b"(archive.dEmo \\(fpdf2\\))", 1)


def swap_page_contents(data: bytes, text: bytes = b"Noi dung gia mao") -> bytes:
    """An incremental update that replaces the first page's /Contents with a new stream
    (docs/signatures.md, tamper case 2): the signed bytes stay untouched."""
    writer = IncrementalPdfFileWriter(BytesIO(data))
    if writer.prev.encrypted:
        writer.encrypt("")  # a file protected by an empty user password: any tool can change it
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 720 Td (" + text + b") Tj ET")
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    swapped = out.getvalue()
    assert swapped.startswith(data)
    return swapped


# --------------------------------------------------------------------------- fixtures


@dataclass(frozen=True)
class Signed:
    """Every PDF the module validates, signed once at SIGNING_TIME."""

    nd30_lta: bytes
    nd30_bb: bytes
    bt: bytes
    revoked_bt: bytes
    revoked_bb: bytes
    rogue_bt: bytes
    expired_tsa_bt: bytes


@pytest.fixture(scope="module")
def signed(pki: TestPki) -> Signed:
    rendered = render_pdf(ND30_DOCUMENT)
    with freeze_time(SIGNING_TIME, tick=True):
        return Signed(
            nd30_lta=sign_nd30_pdf(pki, "B-LTA"),
            nd30_bb=sign_nd30_pdf(pki, "B-B"),
            bt=sign_test_pdf(pki, rendered, "B-T", "signer-person"),
            revoked_bt=sign_test_pdf(pki, rendered, "B-T", "signer-revoked"),
            revoked_bb=sign_test_pdf(pki, rendered, "B-B", "signer-revoked"),
            rogue_bt=sign_test_pdf(pki, rendered, "B-T", "rogue-signer"),
            expired_tsa_bt=sign_test_pdf(
                pki, rendered, "B-T", "signer-person", tsa_label="tsa-expired"
            ),
        )


@pytest.fixture(scope="module")
def renewed(pki: TestPki, signed: Signed) -> bytes:
    """The ND30 B-LTA renewed in 2040 with the successor TSA (tsa expires in 2045)."""
    with freeze_time(YEAR_2040, tick=True):
        return renew_lta(pki, signed.nd30_lta, "tsa2")


@pytest.fixture(scope="module")
def cfg(pki: TestPki) -> ValidationSettings:
    return ValidationSettings(TrustStore.from_paths([pki.root_pem_path]), fetch=True)


@pytest.fixture(scope="module")
def now_lta(
    signed: Signed, cfg: ValidationSettings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[ValidationReport, ValidationData]:
    with freeze_time(LATER_THAT_DAY, tick=True):
        return run(signed.nd30_lta, cfg, tmp_path_factory.mktemp("lta"), with_data=True)


def run(data: bytes, cfg: ValidationSettings, tmp: Path, *, with_data: bool = False) -> Any:
    path = tmp / f"doc-{len(list(tmp.iterdir()))}.pdf"
    path.write_bytes(data)
    report, kept = validate_pdf(path, cfg)
    return (report, kept) if with_data else report


def check(data: bytes, cfg: ValidationSettings, tmp: Path, moment: datetime) -> ValidationReport:
    with freeze_time(moment, tick=True):
        report: ValidationReport = run(data, cfg, tmp)
    return report


def statuses(report: ValidationReport) -> list[str]:
    return [s.status for s in report.signatures]


# --------------------------------------------------------------------------- NĐ 30 B-LTA, now


def test_nd30_lta_passes_now(now_lta: tuple[ValidationReport, ValidationData]) -> None:
    report, _ = now_lta
    assert report.error is None
    assert report.bottom_line == "TOTAL_PASSED"
    person, org, stamp = report.signatures
    assert [s.kind for s in report.signatures] == ["personal", "organisation", "timestamp"]
    assert [s.field for s in (person, org)] == [PERSONAL_FIELD, ORGANISATION_FIELD]
    assert statuses(report) == ["TOTAL_PASSED"] * 3
    assert [s.pades_level for s in report.signatures] == ["B-LTA", "B-LTA", "DocTimeStamp"]
    assert report.nd30 == {"personal": True, "organisation": True}
    assert (person.signer_name, org.signer_name) == (
        "Nguyễn Văn An",
        "Ủy ban nhân dân tỉnh Hòa Bình",
    )
    assert stamp.signer_name.startswith("Test TSA")
    for sig in report.signatures:
        assert (sig.intact, sig.valid, sig.trusted) == (True, True, True)
        assert sig.revocation_status == "good"
        assert sig.coverage == "ENTIRE_REVISION"
        assert sig.subindication is None
        assert sig.messages_vi and sig.messages_en
        assert sig.issuer.startswith("Common Name: Test")
        assert sig.timestamp_time is not None and sig.timestamp_time.startswith("2026-11-20")
    # the personal signature was followed by the agency's: allowed form filling
    assert (person.modification_level, org.modification_level) == ("FORM_FILLING", "LTA_UPDATES")
    assert person.modified_after_signing  # true but allowed: the verdict says so
    assert person.claimed_signing_time is not None
    assert person.claimed_signing_time.startswith("2026-11-20")
    assert (person.digest_algorithm, person.signature_algorithm) == (
        "sha256",
        "ecdsa-secp256r1",
    )
    assert report.trust_roots == [
        "Common Name: Test Root CA (mô phỏng NEAC), "
        "Organization: Trung tâm Chứng thực điện tử quốc gia "
        "(mô phỏng), Country: VN"
    ]


def test_report_json_has_every_documented_field(
    now_lta: tuple[ValidationReport, ValidationData],
) -> None:
    report, _ = now_lta
    data = report.as_dict()
    assert {"file", "sha256", "size", "bottom_line", "validation_time", "nd30"} <= set(data)
    assert data["bottom_line"] == "TOTAL_PASSED"
    for sig in data["signatures"]:
        assert set(sig) >= SIGNATURE_FIELDS, SIGNATURE_FIELDS - set(sig)
    assert data["signatures"][0]["status"] == "TOTAL_PASSED"


def test_validation_data_holds_what_was_used(
    now_lta: tuple[ValidationReport, ValidationData], pki: TestPki
) -> None:
    _, kept = now_lta
    certs = set(kept.certs.values())
    assert pki.cert("signer-person").dump() in certs
    assert pki.cert("signer-org").dump() in certs
    assert kept.ocsps and kept.crls
    for der in kept.ocsps.values():
        assert ocsp.OCSPResponse.load(der)["response_status"].native == "successful"


def test_kept_validation_data_replaces_fetching(
    signed: Signed, pki: TestPki, tmp_path: Path
) -> None:
    """What one validation gathered lets the next one run offline (``known_*``)."""
    online = ValidationSettings(TrustStore.from_paths([pki.root_pem_path]), fetch=True)
    offline = replace(online, fetch=False)
    with freeze_time(LATER_THAT_DAY, tick=True):
        report, kept = run(signed.bt, online, tmp_path, with_data=True)
        assert report.bottom_line == "TOTAL_PASSED"
        bare = run(signed.bt, offline, tmp_path)
        again = run(
            signed.bt,
            replace(
                offline,
                known_certs=list(kept.certs.values()),
                known_ocsps=list(kept.ocsps.values()),
                known_crls=list(kept.crls.values()),
            ),
            tmp_path,
        )
    assert bare.bottom_line == "INDETERMINATE"  # B-T: no revocation data in the file
    assert again.bottom_line == "TOTAL_PASSED"


def test_b_t_single_signature_passes_and_lacks_the_agency_signature(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    report = check(signed.bt, cfg, tmp_path, LATER_THAT_DAY)
    (sig,) = report.signatures
    assert (sig.status, sig.pades_level, sig.coverage) == ("TOTAL_PASSED", "B-T", "ENTIRE_FILE")
    assert (sig.modification_level, sig.modified_after_signing) == ("NONE", False)
    assert report.nd30 == {"personal": True, "organisation": False}


def test_organisation_pattern_setting_reaches_the_classification(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    report = check(
        signed.bt, replace(cfg, organisation_pattern="^nguyễn"), tmp_path, LATER_THAT_DAY
    )
    assert report.signatures[0].kind == "organisation"


# --------------------------------------------------------------------------- tampering


@pytest.mark.parametrize("level", ["B-T", "B-LTA"])
def test_flipped_byte_in_the_signed_range_is_a_hash_failure(
    level: str, signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    data = signed.bt if level == "B-T" else signed.nd30_lta
    for tamper in (flip_header_byte, edit_producer):
        report = check(tamper(data), cfg, tmp_path, LATER_THAT_DAY)
        assert report.error is None
        assert report.bottom_line == "TOTAL_FAILED"
        # every signature and timestamp covers the first revision
        assert set(statuses(report)) == {"TOTAL_FAILED/HASH_FAILURE"}
        assert not any(s.intact for s in report.signatures)
        assert report.nd30 == {"personal": False, "organisation": False}


def test_page_swapped_after_b_t_fails(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    report = check(swap_page_contents(signed.bt), cfg, tmp_path, LATER_THAT_DAY)
    (sig,) = report.signatures
    assert (sig.intact, sig.valid) == (True, True)  # the signed bytes are untouched
    assert sig.status == "TOTAL_FAILED/FORMAT_FAILURE"
    assert (sig.modified_after_signing, sig.modification_level) == (True, "OTHER")
    assert sig.coverage == "ENTIRE_REVISION"
    assert sig.detail is not None and sig.detail.startswith("SuspiciousModification")
    assert sig.revocation_status == "good"  # the certificate is fine; the file is not
    assert report.bottom_line == "TOTAL_FAILED"


def test_page_swapped_after_b_lta_fails_although_ades_passes(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    """Tamper case 2b (docs/signatures.md): the AdES engine says OK; the fold must not."""
    report = check(swap_page_contents(signed.nd30_lta), cfg, tmp_path, LATER_THAT_DAY)
    assert statuses(report) == ["TOTAL_FAILED/FORMAT_FAILURE"] * 3
    for sig in report.signatures:
        assert (sig.intact, sig.modified_after_signing, sig.modification_level) == (
            True,
            True,
            "OTHER",
        )
    assert report.signatures[0].detail is not None
    assert "/Contents" in report.signatures[0].detail
    assert report.bottom_line == "TOTAL_FAILED"


def test_revoked_signer_timestamped_after_revocation_fails(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    """Revoked on 2026-10-01, signed and timestamped on 2026-11-20: the timestamp proves the
    signature came after the revocation (EN 319 102-1 TOTAL_FAILED/REVOKED)."""
    report = check(signed.revoked_bt, cfg, tmp_path, LATER_THAT_DAY)
    (sig,) = report.signatures
    assert sig.status == "TOTAL_FAILED/REVOKED"
    assert sig.revocation_status == "revoked"
    assert not sig.trusted
    assert "thu hồi" in sig.messages_vi[0]
    assert report.bottom_line == "TOTAL_FAILED"


def test_revoked_signer_without_timestamp_is_indeterminate(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    """No proof of when it was signed (the claimed time proves nothing): REVOKED_NO_POE."""
    report = check(signed.revoked_bb, cfg, tmp_path, LATER_THAT_DAY)
    (sig,) = report.signatures
    assert sig.status == "INDETERMINATE/REVOKED_NO_POE"
    assert sig.revocation_status == "revoked"
    assert report.bottom_line == "INDETERMINATE"


def test_untrusted_root_finds_no_chain(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    report = check(signed.rogue_bt, cfg, tmp_path, LATER_THAT_DAY)
    (sig,) = report.signatures
    assert sig.status == "INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND"
    assert sig.signer_name == "Nguyễn Văn An"  # the impersonated name, from an unknown CA
    assert not sig.trusted
    assert sig.revocation_status == "unknown"


def test_valid_file_with_another_trust_store_finds_no_chain(
    signed: Signed, pki: TestPki, tmp_path: Path
) -> None:
    """Tamper case 4b (docs/signatures.md): trust only the rogue root."""
    rogue_only = ValidationSettings(TrustStore.from_paths([pki.rogue_root_pem_path]))
    report = check(signed.nd30_lta, rogue_only, tmp_path, LATER_THAT_DAY)
    assert report.bottom_line == "INDETERMINATE"
    assert [s.subindication for s in report.signatures] == ["NO_CERTIFICATE_CHAIN_FOUND"] * 3


def test_no_trust_roots_configured_never_passes(signed: Signed, tmp_path: Path) -> None:
    report = check(signed.nd30_lta, ValidationSettings(TrustStore(())), tmp_path, LATER_THAT_DAY)
    assert report.trust_roots == []
    assert report.bottom_line == "INDETERMINATE"
    assert "TOTAL_PASSED" not in statuses(report)


def test_timestamp_from_an_expired_tsa_is_not_passed(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    report = check(signed.expired_tsa_bt, cfg, tmp_path, LATER_THAT_DAY)
    (sig,) = report.signatures
    assert sig.indication == "INDETERMINATE"
    assert sig.subindication == "OUT_OF_BOUNDS_NO_POE"
    assert report.bottom_line == "INDETERMINATE"


# --------------------------------------------------------------------------- years later


def test_years_later_the_lta_passes_and_the_b_b_does_not(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    """2035: the signer certificates expired in 2027. The B-LTA's document timestamp proves the
    signatures existed while they were valid; nothing does for the B-B."""
    lta = check(signed.nd30_lta, cfg, tmp_path, YEAR_2035)
    bb = check(signed.nd30_bb, cfg, tmp_path, YEAR_2035)
    assert lta.bottom_line == "TOTAL_PASSED"
    assert statuses(lta) == ["TOTAL_PASSED"] * 3
    assert all(s.trusted for s in lta.signatures)
    assert lta.validation_time.startswith("2035-06-01")
    assert bb.bottom_line == "INDETERMINATE"
    assert statuses(bb) == ["INDETERMINATE/OUT_OF_BOUNDS_NO_POE"] * 2


def test_years_later_without_fetching_the_lta_lacks_fresh_tsa_revocation_data(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    """Pitfall 6: in 2035 the newest timestamp's TSA certificate needs revocation data fresh in
    2035; the file's DSS holds 2026 data only."""
    report = check(signed.nd30_lta, replace(cfg, fetch=False), tmp_path, YEAR_2035)
    assert report.bottom_line == "INDETERMINATE"
    assert all(s.indication == "INDETERMINATE" for s in report.signatures)
    assert {s.subindication for s in report.signatures} <= NO_FRESH_REVOCATION_DATA


def test_renewal_with_the_successor_tsa_keeps_the_file_valid(
    signed: Signed, renewed: bytes, cfg: ValidationSettings, tmp_path: Path
) -> None:
    """tsa's certificate expires in 2045; renewed with tsa2 in 2040 the file passes in 2050,
    the first timestamp protected by the second; never renewed, it does not."""
    assert renewed.startswith(signed.nd30_lta)
    fresh = check(renewed, cfg, tmp_path, YEAR_2050)
    stale = check(signed.nd30_lta, cfg, tmp_path, YEAR_2050)
    assert fresh.bottom_line == "TOTAL_PASSED"
    kinds = [s.kind for s in fresh.signatures]
    assert kinds == ["personal", "organisation", "timestamp", "timestamp"]
    first_ts, second_ts = fresh.signatures[2:]
    assert first_ts.timestamp_time is not None and first_ts.timestamp_time.startswith("2026")
    assert second_ts.timestamp_time is not None and second_ts.timestamp_time.startswith("2040")
    assert "later timestamp" in first_ts.messages_en[0]
    assert second_ts.signer_name.startswith("Test TSA 2")
    assert stale.bottom_line == "INDETERMINATE"
    assert [s.indication for s in stale.signatures[:2]] == ["INDETERMINATE"] * 2
    assert {s.subindication for s in stale.signatures[:2]} <= NO_FRESH_REVOCATION_DATA
    assert statuses(stale)[2] == "INDETERMINATE/OUT_OF_BOUNDS_NO_POE"  # tsa expired in 2045


def test_renewed_file_tampered_after_renewal_fails(
    renewed: bytes, cfg: ValidationSettings, tmp_path: Path
) -> None:
    report = check(swap_page_contents(renewed), cfg, tmp_path, YEAR_2050)
    assert set(statuses(report)) == {"TOTAL_FAILED/FORMAT_FAILURE"}


# --------------------------------------------------------------------------- point in time


def test_point_in_time_within_the_files_revocation_data_passes_years_later(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    moment = SIGNING_TIME + timedelta(minutes=5)
    report = check(signed.nd30_lta, replace(cfg, at=moment, fetch=False), tmp_path, YEAR_2035)
    assert report.bottom_line == "TOTAL_PASSED"
    assert datetime.fromisoformat(report.validation_time) == moment
    assert report.validated_at.startswith("2035-06-01")  # when the check ran


def test_point_in_time_after_the_files_revocation_data_expired_is_indeterminate(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    report = check(signed.nd30_lta, replace(cfg, at=A_MONTH_LATER), tmp_path, YEAR_2035)
    assert report.bottom_line == "INDETERMINATE"
    for sig in report.signatures[:2]:
        assert sig.indication == "INDETERMINATE"
        assert sig.subindication in NO_FRESH_REVOCATION_DATA


def test_point_in_time_before_the_signature_is_not_passed(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    """The signatures' and the document's timestamps all say "later": nothing proves they
    existed at that moment (even if some revocation data happens to cover it)."""
    moment = SIGNING_TIME - timedelta(days=1)
    report = check(signed.nd30_lta, replace(cfg, at=moment), tmp_path, LATER_THAT_DAY)
    assert report.bottom_line == "INDETERMINATE"
    assert statuses(report) == ["INDETERMINATE/NO_POE"] * 3
    assert "after the validation time" in report.signatures[0].messages_en[0]
    assert "later than the validation time" in report.signatures[2].messages_en[0]


def test_point_in_time_in_the_future_cannot_be_proven_yet(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    """2035 asked in 2026: no revocation data for 2035 exists yet (docs/signatures.md, "pyHanko
    pitfalls": point-in-time validation)."""
    report = check(signed.nd30_lta, replace(cfg, at=YEAR_2035), tmp_path, LATER_THAT_DAY)
    assert report.bottom_line == "INDETERMINATE"
    assert datetime.fromisoformat(report.validation_time) == YEAR_2035
    for sig in report.signatures:
        assert sig.indication == "INDETERMINATE"
        assert sig.subindication in NO_FRESH_REVOCATION_DATA


# --------------------------------------------------------------------------- unreadable input


def test_not_a_pdf_is_an_error_not_an_exception(cfg: ValidationSettings, tmp_path: Path) -> None:
    report = run(b"PK\x03\x04 not a pdf at all", cfg, tmp_path)
    assert report.error is not None and "PdfReadError" in report.error
    assert report.bottom_line == "TOTAL_FAILED"


def test_truncated_signed_pdf_is_not_passed(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    report = check(signed.bt[:-300], cfg, tmp_path, LATER_THAT_DAY)
    assert report.bottom_line != "TOTAL_PASSED"


def test_unsigned_pdf_says_so_plainly(cfg: ValidationSettings, tmp_path: Path) -> None:
    """No signature is not a signature that could not be decided (issue #16)."""
    report = run(render_pdf(ND30_DOCUMENT), cfg, tmp_path)
    assert (report.signatures, report.error) == ([], None)
    assert report.bottom_line == "NO_SIGNATURE"
    assert report.as_dict()["bottom_line"] == "NO_SIGNATURE"
    assert PdfFileReader(BytesIO(render_pdf(ND30_DOCUMENT))).embedded_signatures == []
