"""What a validation may use: the settings, the PDF's document security store, and the contexts
pyHanko's two validators are given (classic: hard-fail revocation; AdES: REQUIRE_REVINFO).

The DSS is read entry by entry: an entry that cannot be read (a truncated stream, a wrong
``/Length``) is skipped and counted, so one damaged blob neither stops the validation nor goes
unnoticed (docs/signatures.md, "Quirks").
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509
from pyhanko.pdf_utils.generic import DecodePurpose  # type: ignore[attr-defined]
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, DiffPolicy
from pyhanko.sign.validation.policy_decl import (
    LocalKnowledge,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.ltv.poe import KnownPOE, POEType
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
from pyhanko_certvalidator.registry import SimpleTrustManager
from pyhanko_certvalidator.revinfo.archival import CRLContainer, OCSPContainer

from archive.signatures.classify import DEFAULT_ORGANISATION_PATTERN
from archive.signatures.trust import TrustStore

__all__ = [
    "DiffOnce",
    "Dss",
    "ValidationData",
    "ValidationSettings",
    "ades_spec",
    "classic_context",
    "offline_embedding_expected",
    "quiet_pyhanko",
    "read_dss",
    "read_dss_leniently",
]


@dataclass
class ValidationSettings:
    """What a validation may use: trust, network, stored revocation data, proofs of existence."""

    trust: TrustStore
    fetch: bool = True
    at: datetime | None = None  # point-in-time validation; None = now
    organisation_pattern: str = DEFAULT_ORGANISATION_PATTERN
    known_ocsps: list[bytes] = field(default_factory=list)
    known_crls: list[bytes] = field(default_factory=list)
    known_certs: list[bytes] = field(default_factory=list)
    known_poes: list[tuple[bytes, datetime]] = field(default_factory=list)  # (SHA-256, time)


@dataclass
class ValidationData:
    """DER blobs gathered while validating: kept with the AIP so the verdict can be redone."""

    certs: dict[str, bytes] = field(default_factory=dict)  # SHA-256 hex → DER
    ocsps: dict[str, bytes] = field(default_factory=dict)
    crls: dict[str, bytes] = field(default_factory=dict)

    def add(self, kind: str, der: bytes) -> None:
        """Keep one blob, deduplicated by digest."""
        getattr(self, kind)[hashlib.sha256(der).hexdigest()] = der


@contextmanager
def quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs expected failures with tracebacks (docs/signatures.md, "pyHanko pitfalls");
    results carry them."""
    loggers = [logging.getLogger(n) for n in ("pyhanko", "pyhanko_certvalidator")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


class _DropOfflineWarning(logging.Filter):
    """pyHanko warns whenever it embeds validation data with fetching off; the archive's own
    signatures (the demo's documents, a certified copy's page) do that on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "fetching is not allowed" not in record.getMessage()


@contextmanager
def offline_embedding_expected() -> Iterator[None]:
    """Silence that one warning of pyHanko's signer while the block signs."""
    logger = logging.getLogger("pyhanko.sign.signers.pdf_signer")
    quiet = _DropOfflineWarning()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


@dataclass
class Dss:
    """The certificates, OCSP responses and CRLs of a PDF's DSS (asn1crypto objects), and what
    could not be read of it."""

    certs: list[Any] = field(default_factory=list)
    ocsps: list[Any] = field(default_factory=list)
    crls: list[Any] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # "<key> <ref>: <error>"

    @property
    def has_revinfo(self) -> bool:
        """Whether it holds revocation data (a B-LT signature's, for instance)."""
        return bool(self.ocsps or self.crls)


class DiffOnce(DiffPolicy):
    """pyHanko's standard difference analysis, run once per revision of one file.

    The classic validator, the AdES long-term validation and its proof-of-existence index each
    analyse what changed after a signed revision: nine analyses of three revisions for an NĐ 30
    file. The analysis is a pure function of the file and its arguments, so one instance per
    file (``validate._File``) keeps each answer; an exception is not kept (it is raised again).
    """

    def __init__(self, reader: PdfFileReader | None = None) -> None:
        self.reader = reader
        self.reviews: dict[tuple[int, str, str], Any] = {}

    def apply(self, old: Any, new: Any, field_mdp_spec: Any = None, doc_mdp: Any = None) -> Any:
        """The standard policy's, unchanged."""
        return DEFAULT_DIFF_POLICY.apply(old, new, field_mdp_spec, doc_mdp)

    def review_file(
        self,
        reader: PdfFileReader,
        base_revision: Any,
        field_mdp_spec: Any = None,
        doc_mdp: Any = None,
    ) -> Any:
        """The standard policy's answer for this revision, analysed once."""
        if reader is not self.reader or not isinstance(base_revision, int):
            return DEFAULT_DIFF_POLICY.review_file(reader, base_revision, field_mdp_spec, doc_mdp)
        key = (base_revision, repr(field_mdp_spec), repr(doc_mdp))
        if key not in self.reviews:
            self.reviews[key] = DEFAULT_DIFF_POLICY.review_file(
                reader, base_revision, field_mdp_spec, doc_mdp
            )
        return self.reviews[key]


def _cert(der: bytes) -> Any:
    cert = x509.Certificate.load(der)
    cert.native  # noqa: B018  (parse now: a broken blob is skipped here, not met later)
    return cert


def _ocsp(der: bytes) -> Any:
    resp = asn1_ocsp.OCSPResponse.load(der)
    resp.native  # noqa: B018
    return resp


def _crl(der: bytes) -> Any:
    crl = asn1_crl.CertificateList.load(der)
    crl["tbs_cert_list"]["this_update"].native  # noqa: B018  (CRLs can be large: header only)
    return crl


_DSS_KEYS: tuple[tuple[str, str, Any, Callable[[bytes], Any]], ...] = (
    ("/Certs", "certs", DecodePurpose.CERTIFICATE, _cert),
    ("/OCSPs", "ocsps", DecodePurpose.OCSP_RESPONSE, _ocsp),
    ("/CRLs", "crls", DecodePurpose.CRL, _crl),
)


def _entry(dictionary: Any, key: str) -> Any:
    """The value of ``key``, resolved (``dict.get`` would not resolve indirect objects)."""
    try:
        return dictionary[key]
    except KeyError:
        return None


def read_dss_leniently(reader: PdfFileReader) -> Dss:
    """Every readable entry of the PDF's DSS; the others are listed in ``unreadable``."""
    out = Dss()
    # A broken file can make pyHanko's reader raise anything while resolving objects.
    try:
        dss = _entry(reader.root, "/DSS")
    except Exception as exc:
        out.unreadable.append(f"/DSS: {type(exc).__name__}: {exc}")
        return out
    if dss is None:
        return out
    for key, attr, purpose, load in _DSS_KEYS:
        try:
            refs = list(_entry(dss, key) or [])
        except Exception as exc:  # as above: anything, from a broken array or reference
            out.unreadable.append(f"{key}: {type(exc).__name__}: {exc}")
            continue
        for ref in refs:
            try:
                getattr(out, attr).append(load(ref.get_object().read_data(purpose)))
            except Exception as exc:  # as above: a truncated stream, a wrong /Length, bad DER
                out.unreadable.append(f"{key} {ref}: {type(exc).__name__}: {exc}")
    return out


def read_dss(reader: PdfFileReader) -> tuple[list[Any], list[Any], list[Any]]:
    """Certificates, OCSP responses and CRLs of the PDF's DSS (what can be read of them)."""
    dss = read_dss_leniently(reader)
    return dss.certs, dss.ocsps, dss.crls


def classic_context(cfg: ValidationSettings, dss: Dss) -> ValidationContext:
    """The classic validator's context: explicit roots, hard-fail revocation checking."""
    other = [
        *cfg.trust.intermediates,
        *(x509.Certificate.load(c) for c in cfg.known_certs),
        *dss.certs,
    ]
    return ValidationContext(
        trust_roots=list(cfg.trust.roots),
        other_certs=other,
        allow_fetching=cfg.fetch,
        revocation_mode="hard-fail",
        moment=cfg.at,
        ocsps=[*cfg.known_ocsps, *dss.ocsps],
        crls=[*cfg.known_crls, *dss.crls],
    )


def ades_spec(cfg: ValidationSettings, dss: Dss) -> SignatureValidationSpec:
    """The AdES engine's policy: explicit roots, revocation data required, what is known."""
    knowledge = LocalKnowledge(
        known_ocsps=[OCSPContainer(asn1_ocsp.OCSPResponse.load(d)) for d in cfg.known_ocsps]
        + [OCSPContainer(o) for o in dss.ocsps],
        known_crls=[CRLContainer(asn1_crl.CertificateList.load(d)) for d in cfg.known_crls]
        + [CRLContainer(c) for c in dss.crls],
        known_certs=[
            *cfg.trust.intermediates,
            *(x509.Certificate.load(c) for c in cfg.known_certs),
            *dss.certs,
        ],
        known_poes=[
            KnownPOE(poe_type=POEType.PROVIDED, digest=d, poe_time=t) for d, t in cfg.known_poes
        ],
    )
    rule = (
        RevinfoOnlineFetchingRule.NO_HISTORICAL_FETCH
        if cfg.fetch
        else RevinfoOnlineFetchingRule.LOCAL_ONLY
    )
    policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=list(cfg.trust.roots)),
        revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO),
    )
    return SignatureValidationSpec(
        cert_validation_policy=policy,
        revinfo_gathering_policy=RevocationInfoGatheringSpec(online_fetching_rule=rule),
        local_knowledge=knowledge,
    )
