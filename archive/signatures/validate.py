"""Validate every signature of a PDF with pyHanko: the classic validator *and* the AdES one.

Both engines' verdicts are folded into one ETSI indication per signature
(``archive/signatures/verdict.py``, which lists the rules). Document timestamps: the newest one
is judged at the validation time; an older one at the time of the next, passed, document
timestamp, from the revocation data in the file (the later timestamp proves the older one
existed while its TSA certificate was valid; this is what a renewal with a successor TSA relies
on).

Every file gets a verdict, never an exception (docs/signatures.md, "Quirks"). pyHanko raises
while reading what it finds odd; each step that can fail is tried on its own, and what it could
not do becomes a coded problem (``problems.py``) that caps the verdict at INDETERMINATE:

* the difference analysis fails (a field name with a period, a reference to an object no
  cross-reference section defines, a stream whose ``/Length`` is wrong): the signature is
  validated again without it; its modification analysis is INDETERMINATE, with the reason;
* the AdES long-term validation fails (it reads the DSS and the timestamps itself): the
  signature is validated with its own timestamp (``ades_with_time_validation``);
* a signature pyHanko cannot list or validate at all, or every signature of a file pyHanko
  cannot open (a stray ``%%EOF``, a truncated file): its bytes are checked (``salvage.py``);
* unreadable DSS entries are skipped and counted; bytes after the last ``%%EOF`` are counted.

What is proven stays proven: bytes that do not match, a signature value that does not verify,
a range that does not cover its revision, a disallowed change, a revocation before a proven
signing time are TOTAL_FAILED, whatever else went wrong.

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
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import IO, Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import SigSeedSubFilter, enumerate_sig_fields
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.ades import (
    ades_basic_validation,
    ades_lta_validation,
    ades_with_time_validation,
)
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.policy_decl import PdfSignatureValidationSpec
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.ltv.types import ValidationTimingInfo

from archive.clock import utc_now
from archive.signatures.classify import classify_signer
from archive.signatures.context import (
    DiffOnce,
    Dss,
    ValidationData,
    ValidationSettings,
    ades_spec,
    classic_context,
    quiet_pyhanko,
    read_dss,
    read_dss_leniently,
)
from archive.signatures.problems import (
    Problem,
    cap,
    classify,
    dss_unreadable,
    problem,
    trailing_bytes,
    unsupported_algorithm,
)
from archive.signatures.report import SignatureResult, ValidationReport
from archive.signatures.salvage import (
    RawSignature,
    algorithm_names,
    normalise_digest_algorithm,
    raw_from_dictionary,
    salvage,
    scan,
    trailing_byte_count,
    unverifiable_signature_algorithm,
)
from archive.signatures.verdict import (
    diff_detail,
    revocation_status,
    signature_verdict,
    timestamp_verdict,
)
from archive.storage.digest import file_sha256

__all__ = ["ValidationData", "ValidationSettings", "quiet_pyhanko", "read_dss", "validate_pdf"]

_SUBFILTERS = frozenset(s.value for s in SigSeedSubFilter)


@dataclass
class _File:
    """One validation of one file: what every signature of it is validated with."""

    fh: IO[bytes]
    cfg: ValidationSettings
    data: ValidationData
    reader: PdfFileReader | None = None
    diff: DiffOnce = field(default_factory=DiffOnce)  # the difference analysis, once per revision
    dss: Dss = field(default_factory=Dss)
    stamps: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # of the whole file
    notes: dict[int, tuple[str, str]] = field(default_factory=dict)  # id(sig) → (vi, en)
    unverifiable: dict[int, Problem] = field(default_factory=dict)  # id(sig) → why


@dataclass
class _Found:
    """The signatures of a readable file: pyHanko's, and the ones it could not make."""

    signatures: list[Any] = field(default_factory=list)
    stamps: list[Any] = field(default_factory=list)
    broken: list[tuple[RawSignature, Problem]] = field(default_factory=list)


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def _timing(cfg: ValidationSettings) -> ValidationTimingInfo | None:
    if cfg.at is None:
        return None
    return ValidationTimingInfo(
        validation_time=cfg.at, best_signature_time=cfg.at, point_in_time_validation=True
    )


def _level(sig: Any, status: Any, f: _File) -> str:
    later_ts = [ts for ts in f.stamps if ts.signed_revision > sig.signed_revision]
    has_ts = status.timestamp_validity is not None
    if later_ts and has_ts:
        return "B-LTA"
    if has_ts:
        return "B-LT" if f.dss.has_revinfo else "B-T"
    return "B-B"


def _past(level: str, spec: Any) -> bool:
    """Whether the signature is validated as past signature validation (AdES LTA)."""
    # Past signature validation is the one AdES process that uses proofs of existence given
    # from outside the PDF (an RFC 4998 evidence record: archive/evidence/bridge.py). It needs
    # a signature timestamp: pyHanko refuses B-B with SIG_CONSTRAINTS_FAILURE.
    return level == "B-LTA" or (level in ("B-T", "B-LT") and bool(spec.local_knowledge.known_poes))


async def _ades(
    sig: Any,
    level: str,
    spec: Any,
    timing: ValidationTimingInfo | None,
    *,
    past: bool,
    diff: DiffOnce,
) -> Any:
    if past:
        pdf_spec = PdfSignatureValidationSpec(spec, diff_policy=diff)
        return await ades_lta_validation(sig, pdf_spec, timing_info=timing)
    if level in ("B-T", "B-LT", "B-LTA"):
        return await ades_with_time_validation(
            sig.signed_data, spec, timing_info=timing, raw_digest=sig.compute_digest()
        )
    return await ades_basic_validation(
        sig.signed_data, spec, timing_info=timing, raw_digest=sig.compute_digest()
    )


def _ades_or_problem(sig: Any, level: str, f: _File) -> tuple[Any, Problem | None]:
    """The AdES verdict; if the long-term validation cannot read the file (it reads the DSS and
    the timestamps itself), the one with the signature's own timestamp, and why."""
    spec, timing = ades_spec(f.cfg, f.dss), _timing(f.cfg)
    past = _past(level, spec)
    try:
        return asyncio.run(_ades(sig, level, spec, timing, past=past, diff=f.diff)), None
    except Exception as exc:  # pyHanko may raise anything on a file it finds odd
        why = classify(exc, "timestamps" if past else "trust")
    if not past:
        return None, why
    try:
        return asyncio.run(_ades(sig, level, spec, timing, past=False, diff=f.diff)), why
    except Exception:  # as above; ``why`` already says what could not be checked
        return None, why


def _classic(validate: Callable[..., Any], sig: Any, **kwargs: Any) -> tuple[Any, Problem | None]:
    """pyHanko's classic validation; when its difference analysis cannot read the file, the
    validation without it, and why (the modifications are then not analysed)."""
    try:
        return validate(sig, **kwargs), None
    except Exception as exc:  # pyHanko may raise anything while it reads the revisions
        why = classify(exc, "modifications")
    if why.check == "algorithm":
        raise _Unreadable(why)
    return validate(sig, skip_diff=True, **kwargs), why


class _Unreadable(Exception):
    """A signature pyHanko cannot validate at all: its bytes are checked instead."""

    def __init__(self, why: Problem) -> None:
        super().__init__(why.detail)
        self.why = why


def _collect(vc: ValidationContext, sig: Any, status: Any, data: ValidationData) -> None:
    """What the validation used, to keep with the AIP: revocation data, the signature's
    certificates, and the certificates of the path it built (an intermediate fetched or taken
    from ``trust_intermediates`` when the signer did not embed its chain)."""
    for item in getattr(vc, "ocsps", []):
        data.add("ocsps", item.dump())
    for item in getattr(vc, "crls", []):
        data.add("crls", item.dump())
    path = getattr(status, "validation_path", None)
    path_certs = list(path.iter_certs(include_root=False)) if path is not None else []
    for cert in [sig.signer_cert, *sig.other_embedded_certs, *path_certs]:
        data.add("certs", cert.dump())


@dataclass(frozen=True)
class _Extra:
    """What differs between a signature's and a document timestamp's report entry."""

    kind: str
    claimed_signing_time: str | None
    timestamp_time: str | None
    pades_level: str
    trusted: bool  # as reported
    trusted_now: bool  # the classic path validation, for the revocation status
    ades_detail: str | None = None


def _result(
    sig: Any, status: Any, f: _File, verdict: Any, problems: list[Problem], extra: _Extra
) -> SignatureResult:
    """The report entry of a signature or document timestamp pyHanko validated."""
    indication, sub, vi, en = cap(verdict, problems)
    note = f.notes.get(id(sig))
    if note:
        vi, en = [*vi, note[0]], [*en, note[1]]
    cert, mod = sig.signer_cert, status.modification_level
    unanalysed = any(p.check == "modifications" for p in problems)
    details = [d for d in (diff_detail(status), *(p.detail for p in problems)) if d]
    return SignatureResult(
        field=str(sig.field_name),
        signer_subject=cert.subject.human_friendly,
        signer_name=str(cert.subject.native.get("common_name", "")),
        signer_serial=format(cert.serial_number, "x"),
        issuer=cert.issuer.human_friendly,
        intact=status.intact,
        valid=status.valid,
        coverage=status.coverage.name if status.coverage else None,
        modified_after_signing=mod not in (None, ModificationLevel.NONE) or unanalysed,
        modification_level=mod.name if mod else None,
        indication=indication,
        subindication=sub,
        revocation_status=revocation_status(
            bool(status.revoked), extra.trusted_now, indication, sub
        ),
        messages_vi=vi,
        messages_en=en,
        not_after=_iso(cert.not_valid_after),
        detail="; ".join(details) or extra.ades_detail,
        not_checked=sorted({p.check for p in problems}),
        kind=extra.kind,
        claimed_signing_time=extra.claimed_signing_time,
        timestamp_time=extra.timestamp_time,
        pades_level=extra.pades_level,
        trusted=extra.trusted,
        **algorithm_names(sig.signer_info, cert),
    )


def _signature(sig: Any, f: _File) -> SignatureResult:
    vc = classic_context(f.cfg, f.dss)
    status, unanalysed = _classic(
        validate_pdf_signature,
        sig,
        signer_validation_context=vc,
        ts_validation_context=vc,
        diff_policy=f.diff,
    )
    level = _level(sig, status, f)
    ades, no_ades = _ades_or_problem(sig, level, f)
    problems = [p for p in (unanalysed, no_ades) if p] + f.problems
    verdict = signature_verdict(status, ades, level, f.cfg.at)
    _collect(vc, sig, status, f.data)
    ts = status.timestamp_validity
    indication = cap(verdict, problems)[0]
    extra = _Extra(
        kind=classify_signer(sig.signer_cert, f.cfg.organisation_pattern),
        claimed_signing_time=_iso(sig.self_reported_timestamp),
        timestamp_time=_iso(ts.timestamp) if ts else None,
        pades_level=level,
        # the classic path validation now, or the AdES one at the proven signing time
        trusted=bool(status.trusted or indication == "TOTAL_PASSED"),
        trusted_now=bool(status.trusted),
        ades_detail=str(ades.failure_msg) if ades is not None and ades.failure_msg else None,
    )
    return _result(sig, status, f, verdict, problems, extra)


def _doc_timestamp(ts: Any, f: _File, covered_at: datetime | None) -> SignatureResult:
    """One document timestamp; ``covered_at``: time of the next doc-TS, if that one passed."""
    # Covered by a later timestamp: judge the TSA certificate at that later time, from the
    # revocation data in the file (a renewal stores it right before the new timestamp).
    at_cfg = replace(f.cfg, at=covered_at, fetch=False) if covered_at else f.cfg
    vc = classic_context(at_cfg, f.dss)
    status, unanalysed = _classic(
        validate_pdf_timestamp, ts, validation_context=vc, diff_policy=f.diff
    )
    _collect(vc, ts, status, f.data)
    problems = [p for p in (unanalysed,) if p] + f.problems
    verdict = timestamp_verdict(status, f.cfg.at, covered_at)
    trusted = bool(status.trusted)
    extra = _Extra("timestamp", None, _iso(status.timestamp), "DocTimeStamp", trusted, trusted)
    return _result(ts, status, f, verdict, problems, extra)


def _guarded(sig: Any, f: _File, run: Callable[[], SignatureResult]) -> SignatureResult:
    """``run``, or, when pyHanko cannot validate the signature at all, its bytes checked."""
    try:
        if id(sig) in f.unverifiable:
            raise _Unreadable(f.unverifiable[id(sig)])
        return run()
    except _Unreadable as exc:
        why = exc.why
    except Exception as exc:  # pyHanko may raise anything on a file it finds odd
        why = classify(exc, "structure")
    doc_ts = sig.sig_object_type == "/DocTimeStamp"
    return _salvaged(f, raw_from_dictionary(str(sig.field_name), sig.sig_object, doc_ts), why)


def _doc_timestamps(f: _File) -> list[SignatureResult]:
    """The chain of document timestamps, newest first (each covers the ones before it)."""
    out: list[SignatureResult] = []
    covered_at: datetime | None = None
    for ts in sorted(f.stamps, key=lambda t: t.signed_revision, reverse=True):
        result = _guarded(ts, f, partial(_doc_timestamp, ts, f, covered_at))
        out.append(result)
        passed = result.indication == "TOTAL_PASSED" and result.timestamp_time is not None
        covered_at = datetime.fromisoformat(result.timestamp_time or "") if passed else None
    return out[::-1]


def _entry(dictionary: Any, key: str) -> Any:
    try:
        return dictionary[key]
    except (KeyError, TypeError):
        return None


def _embedded(
    reader: PdfFileReader, name: str, sig_obj: Any, field_ref: Any, found: _Found
) -> None:
    """One filled signature field: a signature pyHanko can validate, or its raw dictionary."""
    doc_ts = _entry(sig_obj, "/Type") == "/DocTimeStamp"
    subfilter = _entry(sig_obj, "/SubFilter")
    if subfilter is not None and str(subfilter) not in _SUBFILTERS:
        raw = raw_from_dictionary(name, sig_obj, doc_ts)
        found.broken.append((raw, problem("unsupported", f"/SubFilter {subfilter}")))
        return
    try:
        sig = EmbeddedPdfSignature(reader, field_ref, name)
        (found.stamps if sig.sig_object_type == "/DocTimeStamp" else found.signatures).append(sig)
    except Exception as exc:  # a CMS pyHanko cannot parse, a broken /ByteRange …
        raw = raw_from_dictionary(name, sig_obj, doc_ts)
        found.broken.append((raw, classify(exc, "signature")))


def _enumerate(reader: PdfFileReader) -> _Found:
    """Every filled signature field, each on its own (pyHanko's list fails as a whole)."""
    found = _Found()
    for name, sig_ref, field_ref in enumerate_sig_fields(reader, filled_status=True):
        _embedded(reader, str(name), sig_ref.get_object(), field_ref, found)
    for sigs in (found.signatures, found.stamps):
        # A revision pyHanko cannot place (any exception): keep the order of the form.
        with suppress(Exception):
            sigs.sort(key=lambda s: s.signed_revision)
    return found


def _normalise(f: _File, sigs: list[Any]) -> None:
    """The digest-algorithm quirk (``salvage.normalise_digest_algorithm``), noted; a signature
    algorithm no library here can verify, set aside for ``salvage`` (pyHanko would call the
    signature value invalid: it cannot tell)."""
    for sig in sigs:
        unverifiable = unverifiable_signature_algorithm(sig.signer_info)
        if unverifiable is not None and sig.sig_object_type != "/DocTimeStamp":
            f.unverifiable[id(sig)] = unsupported_algorithm(f"signature algorithm {unverifiable}")
        quirk = normalise_digest_algorithm(sig.signer_info)
        if quirk is None:
            continue
        oid, hash_name = quirk
        sig.md_algorithm = hash_name
        if sig.signed_data["encap_content_info"]["content_type"].native == "data":
            sig.external_md_algorithm = hash_name
        f.notes[id(sig)] = (
            f"Trường thuật toán băm ghi mã thuật toán chữ ký {oid}; đọc là {hash_name} như các "
            "phần mềm xác thực khác",
            f"The digest algorithm field holds the signature algorithm {oid}; read as "
            f"{hash_name}, as other validators do",
        )


def _salvage_all(f: _File, why: Problem, report: ValidationReport) -> list[SignatureResult]:
    """The file cannot be read as a PDF: every signature its bytes show, checked on them."""
    raws = scan(f.fh)
    if not raws:
        report.error = (
            "Không đọc được tệp PDF và không tìm thấy chữ ký nào trong các byte của tệp / "
            f"The PDF cannot be read and its bytes show no signature ({why.detail})"
        )
        return []
    results = [_salvaged(f, raw, why) for raw in raws]
    return sorted(results, key=lambda r: r.kind == "timestamp")


def _open_protected(reader: PdfFileReader) -> None:
    """Open a file encrypted with an empty user password, as every PDF reader does without
    asking: such a file only restricts what may be done with it (print, copy). The signatures
    are checked on the file's own bytes all the same (``/Contents`` is never encrypted). A file
    that needs a password or a private key stays closed: the caller reports it."""
    if not reader.encrypted:
        return
    with suppress(Exception):  # public-key encryption: no password can open it
        reader.decrypt("")


def _validate(f: _File, report: ValidationReport) -> list[SignatureResult]:
    try:
        f.reader = PdfFileReader(f.fh, strict=False)
        _open_protected(f.reader)
        f.diff = DiffOnce(f.reader)
        found = _enumerate(f.reader)
    except Exception as exc:  # pyHanko may raise anything on a structure it cannot read
        if f.reader is not None and f.reader.encrypted:
            report.error = (
                f"EncryptedPdf: PDF được mã hóa, không kiểm tra được chữ ký / the PDF is "
                f"encrypted, its signatures cannot be validated ({type(exc).__name__}: {exc})"
            )
            return []
        return _salvage_all(f, classify(exc, "structure"), report)
    junk = trailing_byte_count(f.fh)  # the file could be read: its last %%EOF is its end
    if junk:
        f.problems.append(trailing_bytes(junk))
    f.dss = read_dss_leniently(f.reader)
    if f.dss.unreadable:
        f.problems.append(dss_unreadable(len(f.dss.unreadable), "; ".join(f.dss.unreadable)))
    f.stamps = found.stamps
    _normalise(f, [*found.signatures, *found.stamps])
    out = [_guarded(sig, f, partial(_signature, sig, f)) for sig in found.signatures]
    out += [_salvaged(f, raw, why) for raw, why in found.broken]
    out += _doc_timestamps(f)
    if not out:  # no signature field: do the bytes hold a signature no field refers to?
        out = [_salvaged(f, raw, problem("unreachable")) for raw in scan(f.fh)]
    return out


def _salvaged(f: _File, raw: RawSignature, why: Problem) -> SignatureResult:
    return salvage(raw, f.fh, f.cfg, f.dss, f.data, [why, *f.problems])


def validate_pdf(
    path: Path, cfg: ValidationSettings, *, name: str | None = None
) -> tuple[ValidationReport, ValidationData]:
    """Validate every signature and document timestamp of the PDF at ``path``.

    Never raises for a bad file: each signature gets a verdict; what cannot be read at all is
    the report's ``error`` (bottom line TOTAL_FAILED). The file is only ever read.
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
    with quiet_pyhanko(), path.open("rb") as fh:
        report.signatures = _validate(_File(fh, cfg, data), report)
    kinds = {s.kind for s in report.signatures if s.indication != "TOTAL_FAILED"}
    report.nd30 = {"personal": "personal" in kinds, "organisation": "organisation" in kinds}
    return report, data
