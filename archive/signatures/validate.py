"""Validate every signature of a PDF with pyHanko: the classic validator *and* the AdES one.

Why both (docs/signatures.md, "Tamper cases" and "pyHanko pitfalls"): the classic validator knows
PDF (integrity, coverage, what changed after signing) but not proofs of existence; the AdES
engine (EN 319 102-1) knows time and POE but ignores incremental updates. Revocation checking is
hard-fail in both. Their verdicts are folded into one ETSI indication per signature by
``_verdict``, the first matching rule winning:

1. not intact → TOTAL_FAILED/HASH_FAILURE
2. signature value does not verify → TOTAL_FAILED/SIG_CRYPTO_FAILURE
3. changed after signing beyond form filling and LTA/DSS updates (DocMDP violated or
   modification level OTHER), or bytes outside any signed revision → TOTAL_FAILED/FORMAT_FAILURE
4. annotations added after signing → INDETERMINATE/SIG_CONSTRAINTS_FAILURE
4a. point-in-time validation (``at``) at a moment before the signature's own timestamp →
   INDETERMINATE/NO_POE: nothing shows the signature existed at that moment
5. the AdES verdict: failures and indeterminates pass through with their sub-indication,
   except that REVOKED_NO_POE / REVOKED_CA_NO_POE become TOTAL_FAILED/REVOKED when a trusted
   signature timestamp proves the signature was made after the revocation (EN 319 102-1: the
   POE shows the signing time lies after it; without such proof it stays INDETERMINATE)
6. AdES passed but the classic path validation did not (e.g. revocation unknown) →
   INDETERMINATE with the classic trust problem. Exception: for a timestamped signature
   (B-T, B-LT, B-LTA) a classic problem that only concerns time (certificate expired since,
   revocation data not fresh now, no proof of existence, revoked after the proven signing
   time) does not override the AdES OK: the classic validator judges at the validation time
   and knows no proofs of existence, the AdES engine judges at the best signature time its
   timestamps prove. Without this, no B-LTA would pass once its signer certificate expired.
7. otherwise TOTAL_PASSED

Document timestamps get rules 1–4 (a change after the timestamp beyond LTA updates is never
PASSED) and then their trust: the newest one at the validation time; an older one at the time
of the next, passed, document timestamp, from the revocation data in the file (the later
timestamp proves the older one existed while its TSA certificate was valid; this is what a
renewal with a successor TSA relies on).

``ValidationSettings.at`` asks for point-in-time validation: both engines validate at that
moment instead of now. pyHanko fetches nothing for an explicit moment (docs/signatures.md,
"pyHanko pitfalls": point-in-time validation), so only the revocation data in the file, in
``known_*`` or kept in the AIP counts, and it must be valid *at that moment*: a moment outside
it gives INDETERMINATE (CERTIFICATE_CHAIN_GENERAL_FAILURE, TRY_LATER or NO_POE, depending on
what the DSS holds and the order pyHanko tries paths in), and so does any future moment (no
revocation data for it exists yet).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509
from pyhanko.pdf_utils.generic import DecodePurpose  # type: ignore[attr-defined]
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESFailure, AdESPassed
from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
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

from archive.clock import utc_now
from archive.signatures.classify import DEFAULT_ORGANISATION_PATTERN, classify_signer
from archive.signatures.report import Indication, SignatureResult, ValidationReport, explain
from archive.signatures.trust import TrustStore
from archive.storage.digest import file_sha256

__all__ = ["ValidationData", "ValidationSettings", "quiet_pyhanko", "read_dss", "validate_pdf"]

_ALLOWED = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING}

# Classic trust problems that only concern time (rule 6): the AdES engine answers them with
# proofs of existence, so they do not override its OK for a timestamped signature.
_TIME_BOUND = frozenset(
    {
        "OUT_OF_BOUNDS_NO_POE",
        "OUT_OF_BOUNDS_NOT_REVOKED",
        "EXPIRED",
        "NO_POE",
        "TRY_LATER",
        "REVOKED_NO_POE",
        "REVOKED_CA_NO_POE",
        "CERTIFICATE_CHAIN_GENERAL_FAILURE",
    }
)
_TIMESTAMPED = frozenset({"B-T", "B-LT", "B-LTA"})
_Verdict = tuple[Indication, str | None, str, str]


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


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


_Dss = tuple[list[Any], list[Any], list[Any]]


def read_dss(reader: PdfFileReader) -> _Dss:
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
    if level == "B-LTA" or (level in ("B-T", "B-LT") and spec.local_knowledge.known_poes):
        # Past signature validation is the one AdES process that uses proofs of existence
        # given from outside the PDF (an RFC 4998 evidence record: archive/evidence/bridge.py).
        # It needs a signature timestamp: pyHanko refuses B-B with SIG_CONSTRAINTS_FAILURE.
        return await ades_lta_validation(sig, PdfSignatureValidationSpec(spec), timing_info=timing)
    if level in ("B-T", "B-LT"):
        return await ades_with_time_validation(
            sig.signed_data, spec, timing_info=timing, raw_digest=sig.compute_digest()
        )
    return await ades_basic_validation(
        sig.signed_data, spec, timing_info=timing, raw_digest=sig.compute_digest()
    )


def _integrity(status: Any) -> _Verdict | None:
    """Rules 1–4: what the bytes and the incremental updates say (signatures and doc-TSes)."""
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
    return None


def _signed_after_revocation(status: Any) -> bool:
    """A trusted signature timestamp later than the revocation of a certificate of the chain."""
    details = status.revocation_details
    ts = status.timestamp_validity
    if details is None or ts is None or not (ts.intact and ts.valid and ts.trusted):
        return False
    return bool(ts.timestamp > details.revocation_date)


def _verdict(status: Any, ades: Any, level: str, at: datetime | None = None) -> _Verdict:
    """(indication, sub-indication, message vi, message en) — rules in the module docstring."""
    integrity = _integrity(status)
    if integrity is not None:
        return integrity
    ts = status.timestamp_validity
    if at is not None and ts is not None and ts.intact and ts.valid and ts.timestamp > at:
        return (
            "INDETERMINATE",
            "NO_POE",
            "Chữ ký được gắn dấu thời gian sau thời điểm xác thực",
            "The signature was timestamped after the validation time",
        )
    sub: Any = ades.ades_subindic
    if isinstance(sub, AdESFailure):
        vi, en = explain(sub.name, None)
        return ("TOTAL_FAILED", sub.name, vi, en)
    if sub.name in ("REVOKED_NO_POE", "REVOKED_CA_NO_POE") and _signed_after_revocation(status):
        vi, en = explain("REVOKED", None)
        return ("TOTAL_FAILED", "REVOKED", vi, en)
    if sub != AdESPassed.OK:
        vi, en = explain(sub.name, None)
        return ("INDETERMINATE", sub.name, vi, en)
    if not status.trusted:
        problem = status.trust_problem_indic.name if status.trust_problem_indic else "GENERIC"
        if not (level in _TIMESTAMPED and problem in _TIME_BOUND):
            vi, en = explain(problem, None)
            return ("INDETERMINATE", problem, vi, en)
    return ("TOTAL_PASSED", None, "Chữ ký hợp lệ", "The signature is valid")


def _diff_detail(status: Any) -> str | None:
    """What the incremental-update analysis objected to (e.g. the object that was replaced)."""
    diff = status.diff_result
    if isinstance(diff, SuspiciousModification):
        return f"{type(diff).__name__}: {diff}"
    return None


def _revocation(status: Any, indication: str, sub: str | None) -> str:
    """revoked | good (checked: by the classic path validation or the AdES OK) | unknown."""
    if status.revoked or (sub or "").startswith("REVOKED"):
        return "revoked"
    return "good" if indication == "TOTAL_PASSED" or status.trusted else "unknown"


def _collect(vc: ValidationContext, sig: Any, data: ValidationData) -> None:
    for item in getattr(vc, "ocsps", []):
        data.add("ocsps", item.dump())
    for item in getattr(vc, "crls", []):
        data.add("crls", item.dump())
    for cert in [sig.signer_cert, *sig.other_embedded_certs]:
        data.add("certs", cert.dump())


def _signature(
    sig: Any, reader: PdfFileReader, dss: _Dss, cfg: ValidationSettings, data: ValidationData
) -> SignatureResult:
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
    indication, sub, vi, en = _verdict(status, ades, level, cfg.at)
    detail = _diff_detail(status) or (str(ades.failure_msg) if ades.failure_msg else None)
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
        # the classic path validation now, or the AdES one at the proven signing time (rule 6)
        trusted=bool(status.trusted or indication == "TOTAL_PASSED"),
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


def _doc_ts_verdict(status: Any, cfg: ValidationSettings, covered_at: datetime | None) -> _Verdict:
    """Rules 1–4, then: not later than ``at``, then the trust of the TSA certificate."""
    integrity = _integrity(status)
    if integrity is not None:
        return integrity
    if cfg.at is not None and status.timestamp > cfg.at:
        return (
            "INDETERMINATE",
            "NO_POE",
            "Dấu thời gian có sau thời điểm xác thực",
            "The timestamp is later than the validation time",
        )
    if not status.trusted:
        indic: Any = status.trust_problem_indic
        problem = str(indic.name) if indic else "GENERIC"
        vi, en = explain(problem, None)
        return (
            "INDETERMINATE",
            problem,
            f"Dấu thời gian tài liệu chưa xác thực: {vi}",
            f"Document timestamp not validated: {en}",
        )
    if covered_at:
        return (
            "TOTAL_PASSED",
            None,
            "Dấu thời gian tài liệu hợp lệ (được bảo đảm bởi dấu thời gian sau)",
            "Document timestamp valid (protected by the later timestamp)",
        )
    return ("TOTAL_PASSED", None, "Dấu thời gian tài liệu hợp lệ", "Document timestamp valid")


def _doc_timestamp(
    ts: Any,
    dss: _Dss,
    cfg: ValidationSettings,
    data: ValidationData,
    covered_at: datetime | None,
) -> SignatureResult:
    """One document timestamp; ``covered_at``: time of the next doc-TS, if that one passed."""
    # Covered by a later timestamp: judge the TSA certificate at that later time, from the
    # revocation data in the file (a renewal stores it right before the new timestamp).
    at_cfg = replace(cfg, at=covered_at, fetch=False) if covered_at else cfg
    vc = _context(at_cfg, dss)
    status = validate_pdf_timestamp(ts, validation_context=vc)
    _collect(vc, ts, data)
    indication, sub, vi, en = _doc_ts_verdict(status, cfg, covered_at)
    cert = ts.signer_cert
    mod = status.modification_level
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
        modified_after_signing=mod not in (None, ModificationLevel.NONE),
        modification_level=mod.name if mod else None,
        indication=indication,
        subindication=sub,
        revocation_status=_revocation(status, indication, sub),
        messages_vi=[vi],
        messages_en=[en],
        not_after=_iso(cert.not_valid_after),
        signature_value=_sig_value(ts),
        detail=_diff_detail(status),
        **_algorithms(ts),
    )


def _doc_timestamps(
    stamps: list[Any], dss: _Dss, cfg: ValidationSettings, data: ValidationData
) -> list[SignatureResult]:
    """The chain of document timestamps, newest first (each covers the ones before it)."""
    out: list[SignatureResult] = []
    covered_at: datetime | None = None
    for ts in sorted(stamps, key=lambda t: t.signed_revision, reverse=True):
        result = _doc_timestamp(ts, dss, cfg, data, covered_at)
        out.append(result)
        passed = result.indication == "TOTAL_PASSED" and result.timestamp_time is not None
        covered_at = datetime.fromisoformat(result.timestamp_time or "") if passed else None
    return out[::-1]


def _read_error(exc: Exception, reader: PdfFileReader | None) -> str:
    if reader is not None and reader.encrypted:
        return (
            f"EncryptedPdf: PDF được mã hóa, không kiểm tra được chữ ký / the PDF is encrypted, "
            f"its signatures cannot be validated ({type(exc).__name__}: {exc})"
        )
    return f"{type(exc).__name__}: {exc}"


def validate_pdf(
    path: Path, cfg: ValidationSettings, *, name: str | None = None
) -> tuple[ValidationReport, ValidationData]:
    """Validate every signature and document timestamp of the PDF at ``path``.

    Never raises for a bad file: what cannot be read is the report's ``error`` (the bottom
    line is then TOTAL_FAILED).
    """
    size, sha256 = file_sha256(path)  # the report needs SHA-256 only (SHA-512 is OCFL's)
    now = utc_now()
    report = ValidationReport(
        file=name or path.name,
        sha256=sha256,
        size=size,
        validated_at=now.isoformat(),
        validation_time=(cfg.at or now).isoformat(),
        trust_roots=cfg.trust.describe(),
    )
    data = ValidationData()
    reader: PdfFileReader | None = None
    with quiet_pyhanko(), path.open("rb") as fh:
        try:
            reader = PdfFileReader(fh, strict=False)
            sigs = list(reader.embedded_regular_signatures)
            stamps = list(reader.embedded_timestamp_signatures)
            dss = read_dss(reader)  # read once: every signature and timestamp validates against it
            for sig in sigs:
                report.signatures.append(_signature(sig, reader, dss, cfg, data))
            report.signatures.extend(_doc_timestamps(stamps, dss, cfg, data))
        except (
            PdfError,  # includes PdfReadError; an encrypted file raises PdfError
            ValueError,
            SignatureValidationError,
            KeyError,
            IndexError,
            TypeError,
            NotImplementedError,
        ) as exc:
            report.error = _read_error(exc, reader)
    kinds = {s.kind for s in report.signatures if s.indication != "TOTAL_FAILED"}
    report.nd30 = {"personal": "personal" in kinds, "organisation": "organisation" in kinds}
    return report, data
