"""Personal or organisation signer (archive/signatures/classify.py, NĐ 30/2020 Điều 5).

The rule, in order: CN equal to O or an OU → organisation; CN matching the agency-word pattern
(setting ``organisation_signer_pattern``) → organisation; otherwise personal. Certificates are
built here with only the subject attributes that matter.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import x509
from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from archive.signatures.classify import DEFAULT_ORGANISATION_PATTERN, classify_signer

_KEY = ec.generate_private_key(ec.SECP256R1())
_OIDS = {
    "cn": NameOID.COMMON_NAME,
    "o": NameOID.ORGANIZATION_NAME,
    "ou": NameOID.ORGANIZATIONAL_UNIT_NAME,
    "title": NameOID.TITLE,
}


def cert(*attrs: tuple[str, str]) -> x509.Certificate:
    """A self-signed certificate whose subject holds ``attrs`` (("cn", "…"), ("o", "…")…)."""
    name = cx509.Name(
        [cx509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
        + [cx509.NameAttribute(_OIDS[k], v) for k, v in attrs]
    )
    now = datetime(2026, 1, 1, tzinfo=UTC)
    built = (
        cx509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(_KEY.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=365))
        .sign(_KEY, hashes.SHA256())
    )
    return x509.Certificate.load(built.public_bytes(serialization.Encoding.DER))


UBND = "Ủy ban nhân dân tỉnh Hòa Bình"


# --------------------------------------------------------------------------- rule 1: CN == O/OU


def test_cn_equal_to_organization_is_an_organisation() -> None:
    assert classify_signer(cert(("cn", UBND), ("o", UBND))) == "organisation"


def test_cn_equal_to_organization_ignores_case_and_unicode_form() -> None:
    nfd = unicodedata.normalize("NFD", UBND.upper())
    assert nfd != UBND.upper()
    assert classify_signer(cert(("cn", nfd), ("o", UBND))) == "organisation"


def test_cn_equal_to_an_organizational_unit_is_an_organisation() -> None:
    office = "Văn thư lưu trữ"  # no agency word at the start: only rule 1 can match
    assert classify_signer(cert(("cn", office), ("o", UBND), ("ou", office))) == "organisation"
    assert classify_signer(cert(("cn", office), ("o", UBND))) == "personal"


def test_cn_equal_to_o_wins_even_when_the_pattern_matches_nothing() -> None:
    never = r"^\b$x"
    assert classify_signer(cert(("cn", UBND), ("o", UBND)), never) == "organisation"
    assert classify_signer(cert(("cn", UBND)), never) == "personal"


# --------------------------------------------------------------------------- rule 2: agency words


@pytest.mark.parametrize(
    "cn",
    [
        UBND,
        "ỦY BAN NHÂN DÂN HUYỆN KIM BÔI",
        "Uỷ ban nhân dân xã Trung Minh",  # the other placement of the tone mark
        "UBND tỉnh Hòa Bình",
        "Sở Tài chính tỉnh Hòa Bình",
        "Bộ Nội vụ",
        "Cục Văn thư và Lưu trữ nhà nước",
        "Chi cục Thuế khu vực Kim Bôi",
        "Văn phòng Chính phủ",
        "Trung tâm Lưu trữ quốc gia I",
        "Tòa án nhân dân tỉnh Hòa Bình",
        "Kho bạc Nhà nước Hòa Bình",
        "Công ty TNHH Minh Phát",
        "Ngân hàng Nhà nước Việt Nam",
        "Bệnh viện Đa khoa tỉnh",
        "Học viện Hành chính Quốc gia",
    ],
)
def test_agency_words_make_an_organisation(cn: str) -> None:
    # O names someone else, so rule 1 does not apply
    assert classify_signer(cert(("cn", cn), ("o", "Archive Test PKI"))) == "organisation"


def test_agency_words_only_count_at_the_start_of_the_cn() -> None:
    assert classify_signer(cert(("cn", "Nguyễn Văn Bộ"), ("o", UBND))) == "personal"
    assert classify_signer(cert(("cn", "Lê Thị Sở"), ("o", UBND))) == "personal"


# --------------------------------------------------------------------------- rule 3: a person


@pytest.mark.parametrize(
    ("cn", "title"),
    [
        ("Nguyễn Văn An", "Chủ tịch"),
        ("Trần Thị Bình", "Phó Chủ tịch"),
        ("Lê Minh Châu", "Giám đốc Sở Tài chính"),  # agency words in the title do not count
    ],
)
def test_a_named_person_with_a_title_is_personal(cn: str, title: str) -> None:
    assert classify_signer(cert(("cn", cn), ("title", title), ("o", UBND))) == "personal"


def test_a_certificate_without_cn_is_personal() -> None:
    assert classify_signer(cert(("o", UBND))) == "personal"


# --------------------------------------------------------------------------- custom pattern


def test_custom_pattern_replaces_the_default_list() -> None:
    police = cert(("cn", "Công an tỉnh Hòa Bình"), ("o", "Bộ Công an"))
    committee = cert(("cn", UBND), ("o", "Archive Test PKI"))
    assert classify_signer(police) == "personal"
    assert classify_signer(committee) == "organisation"
    custom = r"^(công an|quân đội)"
    assert classify_signer(police, custom) == "organisation"
    assert classify_signer(committee, custom) == "personal"


def test_custom_pattern_matches_whatever_case_and_unicode_form_it_is_written_in() -> None:
    police = cert(("cn", "Công an tỉnh Hòa Bình"), ("o", "Bộ Công an"))
    assert classify_signer(police, "^CÔNG AN") == "organisation"
    assert classify_signer(police, unicodedata.normalize("NFD", "^công an")) == "organisation"


def test_custom_pattern_keeps_its_regex_escapes() -> None:
    """The pattern is not case-folded: ``\\S`` stays "non-space"."""
    person = cert(("cn", "Nguyễn Văn An"), ("o", UBND))
    assert classify_signer(person, r"^\S+$") == "personal"  # the CN has spaces
    assert classify_signer(cert(("cn", "UBND-HB"), ("o", "X")), r"^\S+$") == "organisation"


def test_default_pattern_is_the_documented_one() -> None:
    for word in ("ủy ban", "ubnd", "sở ", "bộ ", "cục ", "chi cục", "văn phòng", "trung tâm"):
        assert word in DEFAULT_ORGANISATION_PATTERN
