"""The test PKI of tests/support/pki.py: hierarchy, served OCSP/CRL/TSA, PAdES levels, time travel.

Every signature is made with the clock frozen at ``SIGNING_TIME`` (2026-11-20); later checks
freeze it in 2035, 2040 and 2050, and the served PKI follows the frozen clock.
"""

from __future__ import annotations

import asyncio
import logging
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta
from io import BytesIO

import pytest
from asn1crypto import ocsp, pem, x509
from certomancer.registry import CertLabel, CertomancerConfig
from freezegun import freeze_time
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate, AdESPassed
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.ades import (
    AdESLTAValidationResult,
    ades_basic_validation,
    ades_lta_validation,
)
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.policy_decl import (
    LocalKnowledge,
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
from pyhanko_certvalidator.registry import SimpleTrustManager

from archive.demo.pdf import ORGANISATION_FIELD, PERSONAL_FIELD, render_pdf
from tests.support.pki import (
    ARCH,
    CONFIG_PATH,
    ND30_DOCUMENT,
    SIGNING_TIME,
    TestPki,
    renew_lta,
    serve_pki,
    sign_nd30_pdf,
    sign_test_pdf,
)

LATER_THAT_DAY = SIGNING_TIME + timedelta(hours=1)
"""Validation "now": after every timestamp taken when signing (freezing at SIGNING_TIME again
would replay the clock from before them, and pyHanko would see timestamps from the future)."""
YEAR_2035 = datetime.fromisoformat("2035-06-01T12:00:00+00:00")
YEAR_2040 = datetime.fromisoformat("2040-03-01T12:00:00+00:00")
YEAR_2050 = datetime.fromisoformat("2050-03-01T12:00:00+00:00")
NOISY_LOGGERS = ("pyhanko", "pyhanko_certvalidator")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module", autouse=True)
def _quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs expected failures (revoked, untrusted) with tracebacks: silence them."""
    loggers = [logging.getLogger(name) for name in NOISY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render_pdf(ND30_DOCUMENT)


@pytest.fixture(scope="module")
def nd30_lta(pki: TestPki) -> bytes:
    with freeze_time(SIGNING_TIME, tick=True):
        return sign_nd30_pdf(pki, "B-LTA")


@pytest.fixture(scope="module")
def nd30_bb(pki: TestPki) -> bytes:
    with freeze_time(SIGNING_TIME, tick=True):
        return sign_nd30_pdf(pki, "B-B")


# --------------------------------------------------------------------------- helpers


def _signatures(data: bytes) -> list[EmbeddedPdfSignature]:
    signatures: list[EmbeddedPdfSignature] = PdfFileReader(
        BytesIO(data)
    ).embedded_regular_signatures
    return signatures


def _classic(pki: TestPki, data: bytes) -> PdfSignatureStatus:
    """Validate the only signature now, hard-fail on missing revocation information."""
    (signature,) = _signatures(data)
    status: PdfSignatureStatus = validate_pdf_signature(
        signature, pki.validation_context(revocation_mode="hard-fail")
    )
    return status


def _spec(pki: TestPki) -> PdfSignatureValidationSpec:
    """AdES spec (docs/signatures.md, "Validation at ingest"): trust ``root`` only, revocation
    info required."""
    policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=[pki.root]),
        revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO),
    )
    return PdfSignatureValidationSpec(
        SignatureValidationSpec(
            cert_validation_policy=policy,
            revinfo_gathering_policy=RevocationInfoGatheringSpec(
                online_fetching_rule=RevinfoOnlineFetchingRule.NO_HISTORICAL_FETCH
            ),
            local_knowledge=LocalKnowledge(),
        )
    )


def _ades_lta(pki: TestPki, data: bytes) -> list[AdESLTAValidationResult]:
    spec = _spec(pki)
    return [asyncio.run(ades_lta_validation(sig, spec)) for sig in _signatures(data)]


# --------------------------------------------------------------------------- hierarchy


def _subject(cert: x509.Certificate) -> dict[str, str]:
    return {k: v for k, v in cert.subject.native.items() if isinstance(v, str)}


def test_hierarchy_mirrors_the_vietnamese_one(pki: TestPki) -> None:
    assert pki.root.subject.native["common_name"] == "Test Root CA (mô phỏng NEAC)"
    assert pki.root.self_issued
    assert pki.interm.issuer == pki.root.subject
    assert pki.interm.ca and pki.interm.max_path_length == 0
    assert _subject(pki.cert("signer-person")) == {
        "country_name": "VN",
        "organization_name": "Ủy ban nhân dân tỉnh Hòa Bình",
        "title": "Chủ tịch",
        "common_name": "Nguyễn Văn An",
    }
    org = _subject(pki.cert("signer-org"))
    assert org["common_name"] == org["organization_name"] == "Ủy ban nhân dân tỉnh Hòa Bình"
    for label in ("signer-person", "signer-org", "signer-revoked"):
        cert = pki.cert(label)
        assert cert.issuer == pki.interm.subject
        assert cert.key_usage_value.native == {"digital_signature", "non_repudiation"}
        assert cert.not_valid_after.date().isoformat() == "2027-06-30"
        assert cert.ocsp_urls == [pki.ocsp_url]
        assert cert.crl_distribution_points[0].url == pki.crl_url("interm")
    for label, years in (
        ("tsa", (2026, 2045)),
        ("tsa-expired", (2020, 2022)),
        ("tsa2", (2040, 2070)),
    ):
        cert = pki.cert(label)
        assert cert.issuer == pki.root.subject
        assert cert.extended_key_usage_value.native == ["time_stamping"]
        assert (cert.not_valid_before.year, cert.not_valid_after.year) == years
    assert pki.cert("rogue-signer").subject == pki.cert("signer-person").subject
    assert pki.cert("rogue-signer").issuer != pki.root.subject


def test_root_pem_files_hold_the_roots(pki: TestPki) -> None:
    for path, cert in (
        (pki.root_pem_path, pki.root),
        (pki.rogue_root_pem_path, pki.cert("rogue-root")),
    ):
        _, _, der = pem.unarmor(path.read_bytes())
        assert der == cert.dump()


def test_certificates_are_reproducible(pki: TestPki) -> None:
    """RSA CA keys sign deterministically: the same URL prefix gives the same certificates."""
    again = CertomancerConfig.from_file(str(CONFIG_PATH), external_url_prefix=pki.url_prefix)
    arch = again.get_pki_arch(ARCH)
    for label in ("root", "interm", "signer-person"):
        assert arch.get_cert(CertLabel(label)).dump() == pki.cert(label).dump()


# --------------------------------------------------------------------------- served services


def _ocsp_status(pki: TestPki, label: str) -> str:
    """Ask the served OCSP responder about certificate ``label`` (issued by interm)."""
    cert = pki.cert(label)
    cert_id = {
        "hash_algorithm": {"algorithm": "sha1"},
        "issuer_name_hash": cert.issuer.sha1,
        "issuer_key_hash": pki.interm.public_key.sha1,
        "serial_number": cert.serial_number,
    }
    request = ocsp.OCSPRequest({"tbs_request": {"request_list": [{"req_cert": cert_id}]}})
    http = urllib.request.Request(
        pki.ocsp_url,
        data=request.dump(),
        headers={"Content-Type": "application/ocsp-request"},
    )
    with urllib.request.urlopen(http, timeout=10) as answer:
        response = ocsp.OCSPResponse.load(answer.read())
    assert response["response_status"].native == "successful"
    (single,) = response.basic_ocsp_response["tbs_response_data"]["responses"]
    status: str = single["cert_status"].name
    return status


def test_ocsp_answers_good_and_revoked(pki: TestPki) -> None:
    with freeze_time(SIGNING_TIME, tick=True):
        assert _ocsp_status(pki, "signer-person") == "good"
        assert _ocsp_status(pki, "signer-revoked") == "revoked"
    with freeze_time("2026-09-30T12:00:00Z", tick=True):  # the day before the revocation
        assert _ocsp_status(pki, "signer-revoked") == "good"


def test_valid_signer_b_t_is_trusted(pki: TestPki, rendered: bytes) -> None:
    with freeze_time(SIGNING_TIME, tick=True):
        status = _classic(pki, sign_test_pdf(pki, rendered, "B-T", "signer-person"))
    assert (status.intact, status.valid, status.trusted, status.bottom_line) == (
        True,
        True,
        True,
        True,
    )
    assert not status.revoked
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted


def test_revoked_signer_is_reported_revoked(pki: TestPki, rendered: bytes) -> None:
    with freeze_time(SIGNING_TIME, tick=True):
        status = _classic(pki, sign_test_pdf(pki, rendered, "B-T", "signer-revoked"))
        with pytest.raises(SigningError):
            sign_test_pdf(pki, rendered, "B-LT", "signer-revoked")
    assert status.intact and status.valid
    assert status.revoked and not status.trusted
    assert status.revocation_details is not None
    assert status.revocation_details.revocation_date.date().isoformat() == "2026-10-01"


def test_rogue_signer_is_not_trusted(pki: TestPki, rendered: bytes) -> None:
    with freeze_time(SIGNING_TIME, tick=True):
        status = _classic(pki, sign_test_pdf(pki, rendered, "B-T", "rogue-signer"))
    assert status.intact and status.valid
    assert not status.trusted and not status.bottom_line
    assert status.trust_problem_indic == AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND


# --------------------------------------------------------------------------- NĐ 30 B-LTA


def test_nd30_lta_has_two_signatures_and_one_document_timestamp(
    pki: TestPki, nd30_lta: bytes, rendered: bytes
) -> None:
    reader = PdfFileReader(BytesIO(nd30_lta))
    assert nd30_lta.startswith(rendered)
    assert [s.field_name for s in reader.embedded_regular_signatures] == [
        PERSONAL_FIELD,
        ORGANISATION_FIELD,
    ]
    (doc_ts,) = reader.embedded_timestamp_signatures
    with freeze_time(LATER_THAT_DAY, tick=True):
        ts_status = validate_pdf_timestamp(doc_ts, pki.validation_context())
    assert ts_status.trusted


def test_nd30_lta_passes_ades_lta_now(pki: TestPki, nd30_lta: bytes) -> None:
    with freeze_time(LATER_THAT_DAY, tick=True):
        results = _ades_lta(pki, nd30_lta)
    assert [r.ades_subindic for r in results] == [AdESPassed.OK, AdESPassed.OK]


def test_years_later_only_the_lta_still_validates(
    pki: TestPki, nd30_lta: bytes, nd30_bb: bytes
) -> None:
    """2035: the signer certificates expired in 2027 and the OCSP responder forgot them."""
    with freeze_time(YEAR_2035, tick=True):
        lta = _ades_lta(pki, nd30_lta)
        bb_lta = _ades_lta(pki, nd30_bb)
        sig = _signatures(nd30_bb)[0]
        bb_basic = asyncio.run(
            ades_basic_validation(
                sig.signed_data,
                _spec(pki).signature_validation_spec,
                raw_digest=sig.compute_digest(),
            )
        )
    assert [r.ades_subindic for r in lta] == [AdESPassed.OK, AdESPassed.OK]
    assert all(
        r.best_signature_time is not None and r.best_signature_time.year == 2026 for r in lta
    )
    assert [r.ades_subindic for r in bb_lta] == [AdESIndeterminate.SIG_CONSTRAINTS_FAILURE] * 2
    assert bb_basic.ades_subindic == AdESIndeterminate.OUT_OF_BOUNDS_NO_POE


def test_renewal_in_2040_keeps_the_file_valid_in_2050(pki: TestPki, nd30_lta: bytes) -> None:
    """tsa's certificate expires in 2045: renewing with tsa2 in 2040 carries the proof on."""
    with freeze_time(YEAR_2040, tick=True):
        renewed = renew_lta(pki, nd30_lta, "tsa2")
    assert renewed.startswith(nd30_lta)
    assert len(PdfFileReader(BytesIO(renewed)).embedded_timestamp_signatures) == 2
    with freeze_time(YEAR_2050, tick=True):
        assert [r.ades_subindic for r in _ades_lta(pki, renewed)] == [AdESPassed.OK] * 2
        assert [r.ades_subindic for r in _ades_lta(pki, nd30_lta)] == [AdESIndeterminate.NO_POE] * 2
