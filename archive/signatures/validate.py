"""Validate every signature of a PDF with pyHanko: the classic validator *and* the AdES one.

Why both (docs/signatures.md, ../shared/docs/signatures.md §5, §8): the classic validator knows
PDF (integrity, coverage, what changed after signing) but not proofs of existence; the AdES
engine (EN 319 102-1) knows time and POE but ignores incremental updates. Revocation checking is
hard-fail in both. Their verdicts are folded into one ETSI indication per signature by
``_verdict``, the first matching rule winning:

1. not intact → TOTAL_FAILED/HASH_FAILURE
2. signature value does not verify → TOTAL_FAILED/SIG_CRYPTO_FAILURE
3. changed after signing beyond form filling and LTA/DSS updates (DocMDP violated or
   modification level OTHER), or bytes outside any signed revision → TOTAL_FAILED/FORMAT_FAILURE
4. annotations added after signing → INDETERMINATE/SIG_CONSTRAINTS_FAILURE
5. the AdES verdict: failures and indeterminates pass through with their sub-indication
6. AdES passed but the classic path validation did not (e.g. revocation unknown) →
   INDETERMINATE with the classic trust problem
7. otherwise TOTAL_PASSED
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509
from pyhanko.pdf_utils.generic import DecodePurpose  # type: ignore[attr-defined]
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESFailure, AdESPassed
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.ades import (
    ades_basic_validation,
    ades_lta_validation,
    ades_with_time_validation,
)
from pyhanko.sign.validation.dss import (  # type: ignore[attr-defined]
    DocumentSecurityStore,
    NoDSSFoundError,
)
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.policy_decl import (
    LocalKnowledge,
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.ltv.poe import KnownPOE, POEType
from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
from pyhanko_certvalidator.registry import SimpleTrustManager
from pyhanko_certvalidator.revinfo.archival import CRLContainer, OCSPContainer

from archive.signatures.classify import DEFAULT_ORGANISATION_PATTERN, classify_signer
from archive.signatures.report import Indication, SignatureResult, ValidationReport, explain
from archive.signatures.trust import TrustStore
from archive.storage.digest import file_digests

__all__ = ["ValidationData", "ValidationSettings", "validate_pdf"]

_ALLOWED = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING}


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
def _quiet() -> Iterator[None]:
    """pyHanko logs expected failures with tracebacks (pitfall 9); results carry them."""
    loggers = [logging.getLogger(n) for n in ("pyhanko", "pyhanko_certvalidator")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def _dss(reader: PdfFileReader) -> tuple[list[Any], list[Any], list[Any]]:
    """Certificates, OCSP responses and CRLs of the PDF's DSS, as asn1crypto objects."""
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return [], [], []
    ocsps = [
        asn1_ocsp.OCSPResponse.load(ref.get_object().read_data(DecodePurpose.OCSP_RESPONSE))
        for ref in dss.ocsps
    ]
    crls = [
        asn1_crl.CertificateList.load(ref.get_object().read_data(DecodePurpose.CRL))
        for ref in dss.crls
    ]
    return list(dss.load_certs()), ocsps, crls


def _context(
    cfg: ValidationSettings, dss: tuple[list[Any], list[Any], list[Any]]
) -> ValidationContext:
    certs, ocsps, crls = dss
    other = [*cfg.trust.intermediates, *(x509.Certificate.load(c) for c in cfg.known_certs), *certs]
    return ValidationContext(
        trust_roots=list(cfg.trust.roots),
        other_certs=other,
        allow_fetching=cfg.fetch,
        revocation_mode="hard-fail",
        moment=cfg.at,
        ocsps=[*cfg.known_ocsps, *ocsps],
        crls=[*cfg.known_crls, *crls],
    )


def _spec(
    cfg: ValidationSettings, dss: tuple[list[Any], list[Any], list[Any]]
) -> SignatureValidationSpec:
    certs, ocsps, crls = dss
    knowledge = LocalKnowledge(
        known_ocsps=[OCSPContainer(asn1_ocsp.OCSPResponse.load(d)) for d in cfg.known_ocsps]
        + [OCSPContainer(o) for o in ocsps],
        known_crls=[CRLContainer(asn1_crl.CertificateList.load(d)) for d in cfg.known_crls]
        + [CRLContainer(c) for c in crls],
        known_certs=[
            *cfg.trust.intermediates,
            *(x509.Certificate.load(c) for c in cfg.known_certs),
            *certs,
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


def _level(sig: Any, status: Any, reader: PdfFileReader, has_dss: bool) -> str:
    later_ts = [
        ts
        for ts in reader.embedded_timestamp_signatures
        if ts.signed_revision > sig.signed_revision
    ]
    has_ts = status.timestamp_validity is not None
    if later_ts and has_ts:
        return "B-LTA"
    if has_ts:
        return "B-LT" if has_dss else "B-T"
    return "B-B"


async def _ades(
    sig: Any, level: str, spec: SignatureValidationSpec, timing: ValidationTimingInfo | None
) -> Any:
    if level == "B-LTA":
        return await ades_lta_validation(sig, PdfSignatureValidationSpec(spec), timing_info=timing)
    if level in ("B-T", "B-LT"):
        return await ades_with_time_validation(
            sig.signed_data, spec, timing_info=timing, raw_digest=sig.compute_digest()
        )
    return await ades_basic_validation(
        sig.signed_data, spec, timing_info=timing, raw_digest=sig.compute_digest()
    )


def _verdict(status: Any, ades: Any, is_last: bool) -> tuple[Indication, str | None, str, str]:
    """(indication, sub-indication, message vi, message en) — rules in the module docstring."""
    mod = status.modification_level
    coverage = status.coverage
    if not status.intact:
        return (
            "TOTAL_FAILED",
            "HASH_FAILURE",
            "Nội dung đã bị thay đổi sau khi ký",
            "The signed bytes were changed",
        )
    if not status.valid:
        return (
            "TOTAL_FAILED",
            "SIG_CRYPTO_FAILURE",
            "Giá trị chữ ký không hợp lệ",
            "The signature value does not verify",
        )
    if (
        status.docmdp_ok is False
        or mod == ModificationLevel.OTHER
        or coverage
        in (SignatureCoverageLevel.UNCLEAR, SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START)
    ):
        return (
            "TOTAL_FAILED",
            "FORMAT_FAILURE",
            "Tệp bị sửa đổi sau khi ký (ngoài điền biểu mẫu và bổ sung dữ liệu xác thực)",
            "The file was modified after signing beyond form filling and LTV updates",
        )
    if mod is not None and mod not in _ALLOWED:
        return (
            "INDETERMINATE",
            "SIG_CONSTRAINTS_FAILURE",
            "Có chú thích thêm sau khi ký",
            "Annotations were added after signing",
        )
    sub: Any = ades.ades_subindic
    if isinstance(sub, AdESFailure):
        vi, en = explain(sub.name, None)
        return ("TOTAL_FAILED", sub.name, vi, en)
    if sub != AdESPassed.OK:
        vi, en = explain(sub.name, None)
        return ("INDETERMINATE", sub.name, vi, en)
    if not status.trusted:
        problem = status.trust_problem_indic.name if status.trust_problem_indic else "GENERIC"
        vi, en = explain(problem, None)
        return ("INDETERMINATE", problem, vi, en)
    del is_last
    return ("TOTAL_PASSED", None, "Chữ ký hợp lệ", "The signature is valid")


def _revocation(status: Any, indication: str, sub: str | None) -> str:
    if status.revoked or (sub or "").startswith("REVOKED"):
        return "revoked"
    return "good" if indication == "TOTAL_PASSED" else "unknown"


def _collect(vc: ValidationContext, sig: Any, data: ValidationData) -> None:
    for item in getattr(vc, "ocsps", []):
        data.add("ocsps", item.dump())
    for item in getattr(vc, "crls", []):
        data.add("crls", item.dump())
    for cert in [sig.signer_cert, *sig.other_embedded_certs]:
        data.add("certs", cert.dump())


def _signature(
    sig: Any, reader: PdfFileReader, cfg: ValidationSettings, data: ValidationData, is_last: bool
) -> SignatureResult:
    dss = _dss(reader)
    vc = _context(cfg, dss)
    status = validate_pdf_signature(sig, vc, ts_validation_context=vc)
    level = _level(sig, status, reader, bool(dss[1] or dss[2]))
    timing = (
        ValidationTimingInfo(
            validation_time=cfg.at, best_signature_time=cfg.at, point_in_time_validation=True
        )
        if cfg.at
        else None
    )
    ades = asyncio.run(_ades(sig, level, _spec(cfg, dss), timing))
    indication, sub, vi, en = _verdict(status, ades, is_last)
    detail = str(ades.failure_msg) if ades.failure_msg else None
    _collect(vc, sig, data)
    cert = sig.signer_cert
    ts = status.timestamp_validity
    return SignatureResult(
        field=str(sig.field_name),
        kind=classify_signer(cert, cfg.organisation_pattern),
        signer_subject=cert.subject.human_friendly,
        signer_name=str(cert.subject.native.get("common_name", "")),
        signer_serial=format(cert.serial_number, "x"),
        issuer=cert.issuer.human_friendly,
        claimed_signing_time=_iso(sig.self_reported_timestamp),
        timestamp_time=_iso(ts.timestamp) if ts else None,
        pades_level=level,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        coverage=status.coverage.name if status.coverage else None,
        modified_after_signing=status.modification_level not in (None, ModificationLevel.NONE),
        modification_level=status.modification_level.name if status.modification_level else None,
        indication=indication,
        subindication=sub,
        revocation_status=_revocation(status, indication, sub),
        messages_vi=[vi],
        messages_en=[en],
        not_after=_iso(cert.not_valid_after),
        signature_value=_sig_value(sig),
        detail=detail,
        **_algorithms(sig),
    )


def _sig_value(sig: Any) -> str:
    return base64.b64encode(bytes(sig.signer_info["signature"].native)).decode()


def _algorithms(sig: Any) -> dict[str, str]:
    """Digest and signature algorithm names as the crypto-suite table spells them."""
    digest = str(sig.signer_info["digest_algorithm"]["algorithm"].native)
    key = sig.signer_cert.public_key
    if key.algorithm == "rsa":
        algo = f"rsa-{key.bit_size}"
    elif key.algorithm == "ec":
        algo = f"ecdsa-{key.curve[1]}"
    else:
        algo = str(key.algorithm)
    return {"digest_algorithm": digest, "signature_algorithm": algo}


def _doc_timestamp(
    ts: Any, reader: PdfFileReader, cfg: ValidationSettings, data: ValidationData
) -> SignatureResult:
    vc = _context(cfg, _dss(reader))
    status = validate_pdf_timestamp(ts, validation_context=vc)
    _collect(vc, ts, data)
    ok = status.intact and status.valid and status.trusted
    indic: Any = status.trust_problem_indic
    problem = str(indic.name) if indic else "GENERIC"
    cert = ts.signer_cert
    return SignatureResult(
        field=str(ts.field_name),
        kind="timestamp",
        signer_subject=cert.subject.human_friendly,
        signer_name=str(cert.subject.native.get("common_name", "")),
        signer_serial=format(cert.serial_number, "x"),
        issuer=cert.issuer.human_friendly,
        claimed_signing_time=None,
        timestamp_time=_iso(status.timestamp),
        pades_level="DocTimeStamp",
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        coverage=status.coverage.name if status.coverage else None,
        modified_after_signing=False,
        modification_level=None,
        indication="TOTAL_PASSED"
        if ok
        else ("TOTAL_FAILED" if not status.intact else "INDETERMINATE"),
        subindication=None if ok else ("HASH_FAILURE" if not status.intact else problem),
        revocation_status="good" if ok else "unknown",
        messages_vi=["Dấu thời gian tài liệu hợp lệ" if ok else "Dấu thời gian chưa xác thực"],
        messages_en=["Document timestamp valid" if ok else "Document timestamp not validated"],
        not_after=_iso(cert.not_valid_after),
        signature_value=_sig_value(ts),
        **_algorithms(ts),
    )


def validate_pdf(
    path: Path, cfg: ValidationSettings, *, name: str | None = None
) -> tuple[ValidationReport, ValidationData]:
    """Validate every signature and document timestamp of the PDF at ``path``."""
    digests = file_digests(path)
    now = datetime.now(UTC)
    report = ValidationReport(
        file=name or path.name,
        sha256=digests.sha256,
        size=digests.size,
        validated_at=now.isoformat(),
        validation_time=(cfg.at or now).isoformat(),
        trust_roots=cfg.trust.describe(),
    )
    data = ValidationData()
    with _quiet(), path.open("rb") as fh:
        try:
            reader = PdfFileReader(fh, strict=False)
            sigs = list(reader.embedded_regular_signatures)
            stamps = list(reader.embedded_timestamp_signatures)
            for n, sig in enumerate(sigs):
                report.signatures.append(_signature(sig, reader, cfg, data, n == len(sigs) - 1))
            for ts in stamps:
                report.signatures.append(_doc_timestamp(ts, reader, cfg, data))
        except (PdfReadError, ValueError, SignatureValidationError, KeyError) as exc:
            report.error = f"{type(exc).__name__}: {exc}"
    kinds = {s.kind for s in report.signatures if s.indication != "TOTAL_FAILED"}
    report.nd30 = {"personal": "personal" in kinds, "organisation": "organisation" in kinds}
    return report, data
