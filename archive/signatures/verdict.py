"""Fold pyHanko's two verdicts on a signature into one ETSI indication.

Why both (docs/signatures.md, "Tamper cases" and "pyHanko pitfalls"): the classic validator knows
PDF (integrity, coverage, what changed after signing) but not proofs of existence; the AdES
engine (EN 319 102-1) knows time and POE but ignores incremental updates. Revocation checking is
hard-fail in both. The first matching rule wins:

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
PASSED) and then their trust. Whatever could not be checked (``archive/signatures/problems.py``)
then caps the verdict at INDETERMINATE; a proven failure stays TOTAL_FAILED.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pyhanko.sign.ades.report import AdESFailure, AdESPassed
from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
from pyhanko.sign.validation.status import SignatureCoverageLevel

from archive.signatures.problems import Verdict
from archive.signatures.report import explain

__all__ = [
    "diff_detail",
    "integrity_verdict",
    "revocation_status",
    "signature_verdict",
    "timestamp_verdict",
]

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
_NONSTANDARD = (SignatureCoverageLevel.UNCLEAR, SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START)


def integrity_verdict(status: Any) -> Verdict | None:
    """Rules 1–4: what the bytes and the incremental updates say (signatures and doc-TSes)."""
    mod = status.modification_level
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
    if status.coverage in _NONSTANDARD:
        return (
            "TOTAL_FAILED",
            "FORMAT_FAILURE",
            "Chữ ký không bao phủ trọn phiên bản tệp đã ký (/ByteRange không chuẩn)",
            "The signature does not cover the whole revision it signs (non-standard /ByteRange)",
        )
    if status.docmdp_ok is False or mod == ModificationLevel.OTHER:
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


def _ades_verdict(status: Any, ades: Any) -> Verdict | None:
    """Rule 5: the AdES verdict, when it is not a pass."""
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
    return None


def signature_verdict(
    status: Any, ades: Any | None, level: str, at: datetime | None = None
) -> Verdict:
    """(indication, sub-indication, message vi, message en) — rules in the module docstring.

    ``ades`` is None when the AdES engine could not run: the caller then holds a problem that
    caps the verdict."""
    integrity = integrity_verdict(status)
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
    ades_verdict = _ades_verdict(status, ades) if ades is not None else None
    if ades_verdict is not None:
        return ades_verdict
    if not status.trusted:
        problem = status.trust_problem_indic.name if status.trust_problem_indic else "GENERIC"
        if ades is None or not (level in _TIMESTAMPED and problem in _TIME_BOUND):
            vi, en = explain(problem, None)
            return ("INDETERMINATE", problem, vi, en)
    return ("TOTAL_PASSED", None, "Chữ ký hợp lệ", "The signature is valid")


def timestamp_verdict(status: Any, at: datetime | None, covered_at: datetime | None) -> Verdict:
    """A document timestamp: rules 1–4, then not later than ``at``, then the trust of the TSA
    certificate (at ``covered_at``, the time of the next passed timestamp, if any)."""
    integrity = integrity_verdict(status)
    if integrity is not None:
        return integrity
    if at is not None and status.timestamp > at:
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


def diff_detail(status: Any) -> str | None:
    """What the incremental-update analysis objected to (e.g. the object that was replaced)."""
    diff = status.diff_result
    if isinstance(diff, SuspiciousModification):
        return f"{type(diff).__name__}: {diff}"
    return None


def revocation_status(revoked: bool, trusted: bool, indication: str, sub: str | None) -> str:
    """revoked | good (checked: by the classic path validation or the AdES OK) | unknown."""
    if revoked or (sub or "").startswith("REVOKED"):
        return "revoked"
    return "good" if indication == "TOTAL_PASSED" or trusted else "unknown"
