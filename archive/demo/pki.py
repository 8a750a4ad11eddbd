"""A small local PKI for demos and tests, modelled on the Vietnamese hierarchy.

The hierarchy mirrors the real one in shape only: a root standing in for the NEAC national root,
an intermediate standing in for the Ban Cơ yếu Chính phủ official-duty CA, and end-entity signing
certificates for competent persons (personal signatures) and agencies (organisation signatures),
the two signatures NĐ 30/2020 Điều 5 requires on an issued electronic document. A time-stamping
authority (TSA) certificate issued by the root stands in for a qualified timestamp service.

Revocation works offline: every certificate below the root names a CRL distribution point under
``http://demo-pki.invalid/`` (a reserved name that never resolves, so nothing is ever fetched),
and :meth:`DemoPki.crls` issues the matching CRLs on the spot (empty, valid one year), which the
signer embeds in the PDFs (PAdES B-LT). A validator that trusts the demo root and requires
revocation data (AdES ``REQUIRE_REVINFO``, hard-fail) therefore finds everything it needs inside
the PDF.

Everything is stored as PEM in one directory and loaded again on the next call, so a demo keeps
its trust anchor between runs. **Demo only**: private keys are written unencrypted (file mode
0600); never use this module for real signatures, and never trust the demo root in production.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from archive.atomic import atomic_write
from archive.certificates import (
    DEMO_INTERMEDIATE_NAME,
    DEMO_PKI_ORGANISATION,
    DEMO_ROOT_NAME,
    DEMO_TSA_NAME,
)
from archive.clock import utc_now

__all__ = [
    "ARCHIVE_SIGNER_NAME",
    "CRL_BASE_URL",
    "CRL_VALIDITY",
    "DEFAULT_AGENCY",
    "DEFAULT_PERSON",
    "DEFAULT_TITLE",
    "INTERMEDIATE_NAME",
    "ROOT_NAME",
    "TSA_NAME",
    "DemoPki",
    "DemoSigner",
    "DemoTsa",
    "SignerKind",
    "create_demo_pki",
]

SignerKind = Literal["personal", "organisation"]

ROOT_NAME = DEMO_ROOT_NAME
INTERMEDIATE_NAME = DEMO_INTERMEDIATE_NAME
PKI_ORGANISATION = DEMO_PKI_ORGANISATION
DEFAULT_PERSON = "Nguyễn Văn An"
DEFAULT_TITLE = "Chủ tịch"
DEFAULT_AGENCY = "Ủy ban nhân dân tỉnh Hòa Bình Demo"
ARCHIVE_SIGNER_NAME = "Lưu trữ cơ quan Demo"
"""The archive's own organisation certificate in the demo: it signs certified copies."""
TSA_NAME = DEMO_TSA_NAME

ROOT_YEARS = 20
INTERMEDIATE_YEARS = 10
SIGNER_YEARS = 3
TSA_YEARS = 10
CRL_VALIDITY = timedelta(days=365)
"""How long an issued CRL stays current (its nextUpdate)."""

CRL_BASE_URL = "http://demo-pki.invalid/crl/"
"""Prefix of the CRL distribution points (``.invalid`` never resolves, RFC 2606)."""
_ROOT_CRL_URL = CRL_BASE_URL + "root.crl"
_INTERMEDIATE_CRL_URL = CRL_BASE_URL + "intermediate.crl"

_ROOT_FILES = ("root.cert.pem", "root.key.pem")
_INTERMEDIATE_FILES = ("intermediate.cert.pem", "intermediate.key.pem")
_TSA_FILES = ("tsa.cert.pem", "tsa.key.pem")
_SIGNER_DIR = "signers"


@dataclass(frozen=True)
class DemoSigner:
    """An end-entity signing certificate with its key and issuing chain, all as PEM files."""

    kind: SignerKind
    """``personal`` (a competent person) or ``organisation`` (the agency itself)."""
    name: str
    """Subject common name: a person's name, or the agency's name."""
    organisation: str
    """Subject organisation (O): the agency."""
    title: str | None
    """Subject title (chức vụ) of a personal signer; ``None`` for organisations."""
    key_path: Path
    """Unencrypted PKCS#8 PEM private key (demo only)."""
    cert_path: Path
    """PEM certificate of the signer."""
    chain_paths: tuple[Path, ...]
    """PEM certificates of the issuing CAs below the root (the intermediate)."""

    @property
    def certificate(self) -> asn1_x509.Certificate:
        """The signer certificate as an asn1crypto object, the form pyHanko uses."""
        return _to_asn1(_read_cert(self.cert_path))

    @property
    def chain(self) -> tuple[asn1_x509.Certificate, ...]:
        """The issuing CA certificates below the root, to embed next to the signature."""
        return tuple(_to_asn1(_read_cert(path)) for path in self.chain_paths)


@dataclass(frozen=True)
class DemoTsa:
    """The demo time-stamping authority: a certificate issued by the root, EKU timeStamping."""

    key_path: Path
    """Unencrypted PKCS#8 PEM private key (demo only)."""
    cert_path: Path
    """PEM certificate of the TSA."""

    @property
    def certificate(self) -> asn1_x509.Certificate:
        """The TSA certificate as an asn1crypto object."""
        return _to_asn1(_read_cert(self.cert_path))


class DemoPki:
    """A loaded demo PKI: root, intermediate and TSA on disk, signers issued on demand."""

    def __init__(
        self,
        directory: Path,
        root: x509.Certificate,
        root_key: ec.EllipticCurvePrivateKey,
        intermediate: x509.Certificate,
        intermediate_key: ec.EllipticCurvePrivateKey,
        not_before: datetime,
    ) -> None:
        self._directory = directory
        self._root = root
        self._root_key = root_key
        self._intermediate = intermediate
        self._intermediate_key = intermediate_key
        self._not_before = not_before

    def __repr__(self) -> str:
        return f"DemoPki(directory={self._directory!r})"

    @property
    def directory(self) -> Path:
        """Where the PEM files live."""
        return self._directory

    @property
    def root_cert_path(self) -> Path:
        """PEM file of the root certificate (the trust anchor)."""
        return self._directory / _ROOT_FILES[0]

    @property
    def intermediate_cert_path(self) -> Path:
        """PEM file of the intermediate CA certificate."""
        return self._directory / _INTERMEDIATE_FILES[0]

    @property
    def root(self) -> asn1_x509.Certificate:
        """The root certificate, for ``ValidationContext(trust_roots=[...])``."""
        return _to_asn1(self._root)

    @property
    def intermediate(self) -> asn1_x509.Certificate:
        """The intermediate certificate, for ``ValidationContext(other_certs=[...])``."""
        return _to_asn1(self._intermediate)

    def tsa(self) -> DemoTsa:
        """The demo TSA, issued by the root on first use and loaded from disk afterwards."""
        cert_path, key_path = (self._directory / name for name in _TSA_FILES)
        if not (cert_path.is_file() and key_path.is_file()) or not _usable(
            _read_cert(cert_path), self._root
        ):
            self._issue_tsa(cert_path, key_path)
        return DemoTsa(key_path=key_path, cert_path=cert_path)

    def crls(self, *, at: datetime | None = None) -> tuple[asn1_crl.CertificateList, ...]:
        """Fresh, empty CRLs of the root and the intermediate (nothing is ever revoked).

        Each is current from ``at`` (default: now) for :data:`CRL_VALIDITY`; the CRL number
        is the issue time in seconds, so later CRLs have higher numbers.
        """
        this_update = _normalise_moment(at)
        return (
            _issue_crl(self._root, self._root_key, _ROOT_CRL_URL, this_update),
            _issue_crl(
                self._intermediate, self._intermediate_key, _INTERMEDIATE_CRL_URL, this_update
            ),
        )

    def write_crls(self) -> tuple[Path, ...]:
        """Fresh CRLs of the root and the intermediate (:meth:`crls`) as DER files under
        ``crl/``, for an archive that must embed them and cannot fetch them (the demo's
        ``archive_signing_crls``); written again by every ``archive demo``."""
        paths = []
        for name, crl in zip(("root.crl", "intermediate.crl"), self.crls(), strict=True):
            path = self._directory / "crl" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, crl.dump())
            paths.append(path)
        return tuple(paths)

    def signer(
        self,
        kind: SignerKind,
        name: str,
        organisation: str,
        title: str | None = None,
    ) -> DemoSigner:
        """Return a signer for this person or agency, issuing and caching it on first use.

        Files are named after a slug of ``name`` plus a short digest of the whole subject, so
        the same arguments always give the same files and different subjects never collide.
        """
        if kind not in ("personal", "organisation"):
            raise ValueError(f"unknown signer kind: {kind!r}")
        if kind == "organisation" and title is not None:
            raise ValueError("an organisation certificate carries no personal title")
        stem = _signer_stem(kind, name, organisation, title)
        cert_path = self._directory / _SIGNER_DIR / f"{stem}.cert.pem"
        key_path = self._directory / _SIGNER_DIR / f"{stem}.key.pem"
        if not self._usable_signer(cert_path, key_path):
            self._issue_signer(_signer_subject(name, organisation, title), cert_path, key_path)
        return DemoSigner(
            kind=kind,
            name=name,
            organisation=organisation,
            title=title,
            key_path=key_path,
            cert_path=cert_path,
            chain_paths=(self.intermediate_cert_path,),
        )

    def personal_signer(self) -> DemoSigner:
        """The default competent person: Nguyễn Văn An, Chủ tịch of the default agency."""
        return self.signer("personal", DEFAULT_PERSON, DEFAULT_AGENCY, DEFAULT_TITLE)

    def organisation_signer(self) -> DemoSigner:
        """The default agency's organisation signer (CN = O = the agency name)."""
        return self.signer("organisation", DEFAULT_AGENCY, DEFAULT_AGENCY)

    def archive_signer(self) -> DemoSigner:
        """The archive's own certificate, issued by the intermediate: it signs the
        authentication page of certified copies (``archive_signing_key``; docs/use.md)."""
        return self.signer("organisation", ARCHIVE_SIGNER_NAME, ARCHIVE_SIGNER_NAME)

    def _usable_signer(self, cert_path: Path, key_path: Path) -> bool:
        if not (cert_path.is_file() and key_path.is_file()):
            return False
        return _usable(_read_cert(cert_path), self._intermediate)

    def _issue_signer(self, subject: x509.Name, cert_path: Path, key_path: Path) -> None:
        key = _new_key()
        not_after = min(
            _add_years(self._not_before, SIGNER_YEARS),
            self._intermediate.not_valid_after_utc,
        )
        builder = _base_builder(subject, self._intermediate.subject, key, self._not_before)
        builder = builder.not_valid_after(not_after)
        builder = _with_end_entity_extensions(
            builder, self._intermediate_key, crl_url=_INTERMEDIATE_CRL_URL
        )
        cert = builder.sign(self._intermediate_key, hashes.SHA256())
        cert_path.parent.mkdir(parents=True, exist_ok=True)
        _write_key(key_path, key)
        _write_cert(cert_path, cert)

    def _issue_tsa(self, cert_path: Path, key_path: Path) -> None:
        key = _new_key()
        subject = _pki_subject(TSA_NAME)
        builder = _base_builder(subject, self._root.subject, key, self._not_before)
        builder = builder.not_valid_after(
            min(_add_years(self._not_before, TSA_YEARS), self._root.not_valid_after_utc)
        )
        builder = _with_end_entity_extensions(builder, self._root_key, crl_url=_ROOT_CRL_URL)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
        cert = builder.sign(self._root_key, hashes.SHA256())
        _write_key(key_path, key)
        _write_cert(cert_path, cert)


def create_demo_pki(directory: Path, *, not_before: datetime | None = None) -> DemoPki:
    """Create the demo PKI in ``directory``, or load it if it is already there.

    ``not_before`` (default: now minus one day) starts the validity of every certificate
    issued by this call; certificates already on disk keep their dates. A missing or
    mismatching intermediate is re-issued under the existing root.
    """
    start = _normalise_start(not_before)
    directory.mkdir(parents=True, exist_ok=True)
    root, root_key = _load_or_create_root(directory, start)
    intermediate, intermediate_key = _load_or_create_intermediate(directory, root, root_key, start)
    return DemoPki(directory, root, root_key, intermediate, intermediate_key, start)


def _normalise_start(not_before: datetime | None) -> datetime:
    if not_before is None:
        not_before = utc_now() - timedelta(days=1)
    elif not_before.tzinfo is None:
        raise ValueError("not_before must be timezone-aware")
    return not_before.astimezone(UTC).replace(microsecond=0)


def _normalise_moment(at: datetime | None) -> datetime:
    if at is None:
        return utc_now().replace(microsecond=0)
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    return at.astimezone(UTC).replace(microsecond=0)


def _load_or_create_root(
    directory: Path, start: datetime
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    cert_path, key_path = (directory / name for name in _ROOT_FILES)
    if cert_path.is_file() and key_path.is_file():
        return _read_cert(cert_path), _read_key(key_path)
    key = _new_key()
    subject = _pki_subject(ROOT_NAME)
    builder = _base_builder(subject, subject, key, start)
    builder = builder.not_valid_after(_add_years(start, ROOT_YEARS))
    builder = _with_ca_extensions(builder, key, path_length=None)
    cert = builder.sign(key, hashes.SHA256())
    _write_key(key_path, key)
    _write_cert(cert_path, cert)
    return cert, key


def _load_or_create_intermediate(
    directory: Path,
    root: x509.Certificate,
    root_key: ec.EllipticCurvePrivateKey,
    start: datetime,
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    cert_path, key_path = (directory / name for name in _INTERMEDIATE_FILES)
    if cert_path.is_file() and key_path.is_file():
        cert = _read_cert(cert_path)
        if _usable(cert, root):
            return cert, _read_key(key_path)
    key = _new_key()
    builder = _base_builder(_pki_subject(INTERMEDIATE_NAME), root.subject, key, start)
    builder = builder.not_valid_after(
        min(_add_years(start, INTERMEDIATE_YEARS), root.not_valid_after_utc)
    )
    builder = _with_ca_extensions(builder, root_key, path_length=0)
    builder = builder.add_extension(_crl_distribution_point(_ROOT_CRL_URL), critical=False)
    cert = builder.sign(root_key, hashes.SHA256())
    _write_key(key_path, key)
    _write_cert(cert_path, cert)
    return cert, key


def _pki_subject(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, PKI_ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _signer_subject(name: str, organisation: str, title: str | None) -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
    ]
    if title is not None:
        attributes.append(x509.NameAttribute(NameOID.TITLE, title))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, name))
    return x509.Name(attributes)


def _base_builder(
    subject: x509.Name,
    issuer: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    start: datetime,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )


def _with_ca_extensions(
    builder: x509.CertificateBuilder,
    issuer_key: ec.EllipticCurvePrivateKey,
    *,
    path_length: int | None,
) -> x509.CertificateBuilder:
    usage = _key_usage(key_cert_sign=True)
    return (
        builder.add_extension(x509.BasicConstraints(ca=True, path_length=path_length), True)
        .add_extension(usage, critical=True)
        .add_extension(_authority_key_id(issuer_key), critical=False)
    )


def _with_end_entity_extensions(
    builder: x509.CertificateBuilder, issuer_key: ec.EllipticCurvePrivateKey, *, crl_url: str
) -> x509.CertificateBuilder:
    usage = _key_usage(key_cert_sign=False)
    return (
        builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
        .add_extension(usage, critical=True)
        .add_extension(_authority_key_id(issuer_key), critical=False)
        .add_extension(_crl_distribution_point(crl_url), critical=False)
    )


def _crl_distribution_point(url: str) -> x509.CRLDistributionPoints:
    point = x509.DistributionPoint(
        full_name=[x509.UniformResourceIdentifier(url)],
        relative_name=None,
        reasons=None,
        crl_issuer=None,
    )
    return x509.CRLDistributionPoints([point])


def _issue_crl(
    issuer: x509.Certificate,
    issuer_key: ec.EllipticCurvePrivateKey,
    url: str,
    this_update: datetime,
) -> asn1_crl.CertificateList:
    """An empty CRL of ``issuer`` for the distribution point ``url``."""
    scope = x509.IssuingDistributionPoint(
        full_name=[x509.UniformResourceIdentifier(url)],
        relative_name=None,
        only_contains_user_certs=False,
        only_contains_ca_certs=False,
        only_some_reasons=None,
        indirect_crl=False,
        only_contains_attribute_certs=False,
    )
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(this_update)
        .next_update(this_update + CRL_VALIDITY)
        .add_extension(x509.CRLNumber(int(this_update.timestamp())), critical=False)
        .add_extension(_authority_key_id(issuer_key), critical=False)
        .add_extension(scope, critical=True)
    )
    revocation_list = builder.sign(issuer_key, hashes.SHA256())
    return asn1_crl.CertificateList.load(revocation_list.public_bytes(serialization.Encoding.DER))


def _key_usage(*, key_cert_sign: bool) -> x509.KeyUsage:
    """CA certificates sign certificates and CRLs; end entities sign documents."""
    return x509.KeyUsage(
        digital_signature=not key_cert_sign,
        content_commitment=not key_cert_sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=key_cert_sign,
        crl_sign=key_cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _authority_key_id(issuer_key: ec.EllipticCurvePrivateKey) -> x509.AuthorityKeyIdentifier:
    return x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key())


def _usable(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether a certificate on disk can be kept: issued by ``issuer``, with a CRL pointer.

    Certificates written by older versions of this module lack the distribution point, so a
    validator requiring revocation data could never accept them; they are issued again.
    """
    if not _issued_by(cert, issuer):
        return False
    try:
        cert.extensions.get_extension_for_class(x509.CRLDistributionPoints)
    except x509.ExtensionNotFound:
        return False
    return True


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether ``cert`` was signed by ``issuer`` (files may predate a re-created CA)."""
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _signer_stem(kind: SignerKind, name: str, organisation: str, title: str | None) -> str:
    subject = "\x1f".join((kind, name, organisation, title or ""))
    digest = hashlib.sha256(subject.encode("utf-8")).hexdigest()[:8]
    return f"{kind}-{_slug(name)}-{digest}"


def _slug(text: str) -> str:
    """ASCII slug of a Vietnamese name: "Nguyễn Văn An" → "nguyen-van-an"."""
    folded = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "signer"


def _add_years(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February in a non-leap target year
        return moment.replace(year=moment.year + years, day=28)


def _new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _read_cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def _read_key(path: Path) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TypeError(f"{path}: expected an EC private key, found {type(key).__name__}")
    return key


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    atomic_write(path, cert.public_bytes(serialization.Encoding.PEM), mode=0o644)


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),  # demo only, see the module docstring
    )
    atomic_write(path, pem, mode=0o600)
