"""Tests for archive.demo.pki: the local demo PKI (root → intermediate → signers)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko_certvalidator import CertificateValidator, ValidationContext

from archive.demo.pki import (
    CRL_BASE_URL,
    CRL_VALIDITY,
    DEFAULT_AGENCY,
    DEFAULT_PERSON,
    DEFAULT_TITLE,
    INTERMEDIATE_NAME,
    ROOT_NAME,
    TSA_NAME,
    DemoPki,
    create_demo_pki,
)

FIXED_START = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def _validation_context(pki: DemoPki) -> ValidationContext:
    return ValidationContext(
        trust_roots=[pki.root],
        other_certs=[pki.intermediate],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def _validate_chain(pki: DemoPki, cert: asn1_x509.Certificate) -> list[asn1_x509.Certificate]:
    validator = CertificateValidator(cert, validation_context=_validation_context(pki))
    usage = {"digital_signature", "non_repudiation"}
    # The sync validate_usage is gone in certvalidator 0.33; the async one lacks annotations.
    path = asyncio.run(validator.async_validate_usage(usage))  # type: ignore[no-untyped-call]
    return list(path)


def _load(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def _common_name(cert: x509.Certificate) -> str:
    (attribute,) = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attribute.value)


def _attribute(cert: asn1_x509.Certificate, name: str) -> str | None:
    value = cert.subject.native.get(name)
    return None if value is None else str(value)


def test_creating_twice_loads_the_same_root(tmp_path: Path) -> None:
    first = create_demo_pki(tmp_path)
    second = create_demo_pki(tmp_path)

    assert second.root.sha256 == first.root.sha256
    assert second.intermediate.sha256 == first.intermediate.sha256
    assert second.root_cert_path == tmp_path / "root.cert.pem"


def test_signers_are_cached_on_disk(tmp_path: Path) -> None:
    first = create_demo_pki(tmp_path).personal_signer()
    again = create_demo_pki(tmp_path).personal_signer()

    assert again.cert_path == first.cert_path
    assert again.certificate.sha256 == first.certificate.sha256
    assert first.cert_path.name.startswith("personal-nguyen-van-an-")
    assert first.key_path.stat().st_mode & 0o077 == 0


def test_different_subjects_get_different_files(tmp_path: Path) -> None:
    pki = create_demo_pki(tmp_path)
    chairman = pki.signer("personal", DEFAULT_PERSON, DEFAULT_AGENCY, DEFAULT_TITLE)
    deputy = pki.signer("personal", DEFAULT_PERSON, DEFAULT_AGENCY, "Phó Chủ tịch")

    assert chairman.cert_path != deputy.cert_path
    assert _attribute(deputy.certificate, "title") == "Phó Chủ tịch"


def test_personal_signer_chain_validates_to_the_root(tmp_path: Path) -> None:
    pki = create_demo_pki(tmp_path)
    signer = pki.signer("personal", "Đặng Thị Hường", "Sở Nội vụ tỉnh Hòa Bình Demo", "Giám đốc")

    path = _validate_chain(pki, signer.certificate)

    assert [cert.sha256 for cert in path] == [
        pki.root.sha256,
        pki.intermediate.sha256,
        signer.certificate.sha256,
    ]
    assert signer.cert_path.name.startswith("personal-dang-thi-huong-")


def test_kinds_are_distinguishable(tmp_path: Path) -> None:
    pki = create_demo_pki(tmp_path)
    personal = pki.personal_signer().certificate
    organisation = pki.organisation_signer().certificate

    assert _attribute(personal, "common_name") == DEFAULT_PERSON
    assert _attribute(personal, "organization_name") == DEFAULT_AGENCY
    assert _attribute(personal, "title") == DEFAULT_TITLE
    assert _attribute(organisation, "common_name") == DEFAULT_AGENCY
    assert _attribute(organisation, "organization_name") == DEFAULT_AGENCY
    assert _attribute(organisation, "title") is None
    _validate_chain(pki, organisation)


def test_hierarchy_names_dates_and_key_usage(tmp_path: Path) -> None:
    pki = create_demo_pki(tmp_path, not_before=FIXED_START)
    signer = pki.personal_signer()
    root, intermediate, leaf = (
        _load(path) for path in (pki.root_cert_path, pki.intermediate_cert_path, signer.cert_path)
    )

    assert _common_name(root) == ROOT_NAME
    assert _common_name(intermediate) == INTERMEDIATE_NAME
    assert intermediate.issuer == root.subject
    assert leaf.not_valid_before_utc == FIXED_START
    assert root.not_valid_after_utc.year == 2044
    assert intermediate.not_valid_after_utc.year == 2034
    assert leaf.not_valid_after_utc.year == 2027
    usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert isinstance(leaf.public_key(), ec.EllipticCurvePublicKey)
    assert leaf.signature_hash_algorithm is not None
    assert leaf.signature_hash_algorithm.name == "sha256"


def test_a_new_root_reissues_the_intermediate_and_signers(tmp_path: Path) -> None:
    old = create_demo_pki(tmp_path)
    old_fingerprint = old.personal_signer().certificate.sha256
    (tmp_path / "root.cert.pem").unlink()

    new = create_demo_pki(tmp_path)
    new_signer = new.personal_signer()

    assert new.root.sha256 != old.root.sha256
    assert new_signer.certificate.sha256 != old_fingerprint
    _validate_chain(new, new_signer.certificate)


def test_organisation_signer_refuses_a_title(tmp_path: Path) -> None:
    pki = create_demo_pki(tmp_path)
    with pytest.raises(ValueError, match="no personal title"):
        pki.signer("organisation", DEFAULT_AGENCY, DEFAULT_AGENCY, title="Chủ tịch")


def test_naive_not_before_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        create_demo_pki(tmp_path, not_before=datetime(2024, 1, 1))


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    pki = create_demo_pki(tmp_path)
    with pytest.raises(ValueError, match="unknown signer kind"):
        pki.signer("department", "Văn phòng", DEFAULT_AGENCY)  # type: ignore[arg-type]


# --- revocation data and the TSA ------------------------------------------------------------


def _crl_urls(cert: x509.Certificate) -> list[str]:
    points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    return [str(name.value) for point in points for name in point.full_name or []]


def test_every_certificate_below_the_root_points_to_its_issuers_crl(tmp_path: Path) -> None:
    pki = create_demo_pki(tmp_path)
    intermediate = _load(pki.intermediate_cert_path)
    signers = [pki.personal_signer(), pki.organisation_signer()]

    assert _crl_urls(intermediate) == [CRL_BASE_URL + "root.crl"]
    assert _crl_urls(_load(pki.tsa().cert_path)) == [CRL_BASE_URL + "root.crl"]
    for signer in signers:
        assert _crl_urls(_load(signer.cert_path)) == [CRL_BASE_URL + "intermediate.crl"]
    assert CRL_BASE_URL.startswith("http://demo-pki.invalid/")  # never resolves (RFC 2606)


def test_crls_are_signed_empty_and_current_for_a_year(tmp_path: Path) -> None:
    pki = create_demo_pki(tmp_path)
    at = datetime(2025, 6, 1, 12, 0, 0, 123456, tzinfo=UTC)

    root_crl, intermediate_crl = (x509.load_der_x509_crl(crl.dump()) for crl in pki.crls(at=at))

    for crl, issuer_path, name in (
        (root_crl, pki.root_cert_path, "root.crl"),
        (intermediate_crl, pki.intermediate_cert_path, "intermediate.crl"),
    ):
        issuer = _load(issuer_path)
        assert crl.issuer == issuer.subject
        public_key = issuer.public_key()
        assert isinstance(public_key, ec.EllipticCurvePublicKey)
        assert crl.is_signature_valid(public_key)
        assert len(crl) == 0
        assert crl.last_update_utc == at.replace(microsecond=0)
        assert crl.next_update_utc == at.replace(microsecond=0) + CRL_VALIDITY
        scope = crl.extensions.get_extension_for_class(x509.IssuingDistributionPoint).value
        assert [str(n.value) for n in scope.full_name or []] == [CRL_BASE_URL + name]
    with pytest.raises(ValueError, match="timezone-aware"):
        pki.crls(at=datetime(2025, 6, 1))


def test_tsa_is_issued_by_the_root_for_time_stamping_only(tmp_path: Path) -> None:
    pki = create_demo_pki(tmp_path)
    tsa = pki.tsa()
    cert = _load(tsa.cert_path)

    assert _common_name(cert) == TSA_NAME
    cert.verify_directly_issued_by(_load(pki.root_cert_path))
    usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert usage.critical
    assert list(usage.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert tsa.key_path.stat().st_mode & 0o077 == 0
    assert create_demo_pki(tmp_path).tsa().certificate.sha256 == tsa.certificate.sha256


def test_certificates_without_a_crl_pointer_are_issued_again(tmp_path: Path) -> None:
    """A PKI written before the demo embedded revocation data is brought up to date."""
    old = create_demo_pki(tmp_path)
    old_signer = old.personal_signer().certificate.sha256
    intermediate = _load(old.intermediate_cert_path)
    root_key = serialization.load_pem_private_key(
        (tmp_path / "root.key.pem").read_bytes(), password=None
    )
    assert isinstance(root_key, ec.EllipticCurvePrivateKey)
    builder = (
        x509.CertificateBuilder()
        .subject_name(intermediate.subject)
        .issuer_name(intermediate.issuer)
        .public_key(intermediate.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(intermediate.not_valid_before_utc)
        .not_valid_after(intermediate.not_valid_after_utc)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
    )
    legacy = builder.sign(root_key, hashes.SHA256())
    old.intermediate_cert_path.write_bytes(legacy.public_bytes(serialization.Encoding.PEM))

    new = create_demo_pki(tmp_path)

    assert new.root.sha256 == old.root.sha256
    assert _crl_urls(_load(new.intermediate_cert_path)) == [CRL_BASE_URL + "root.crl"]
    assert new.personal_signer().certificate.sha256 != old_signer
    _validate_chain(new, new.personal_signer().certificate)
