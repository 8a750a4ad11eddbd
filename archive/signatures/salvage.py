"""What can still be known of a signature when pyHanko cannot read the PDF around it.

A PAdES signature is self-contained: its ``/ByteRange`` says which bytes were signed and its
``/Contents`` holds the CMS. When the file's structure defeats pyHanko (a broken
cross-reference, a ``%%EOF`` too many, a truncated file, a CMS pyHanko refuses to list), the
signature can still be checked on the bytes: is the CMS over its byte range intact, does its
value verify, who signed and when, does the range cover the file, and is the signer trusted
(pyHanko's AdES engine needs no PDF for that). What cannot be known is what changed after
signing, so a salvaged signature is never TOTAL_PASSED: its verdict is capped by the problem
that made salvage necessary (``archive/signatures/problems.py``).

``scan`` finds signature dictionaries by their bytes, for when the structure cannot be read at
all (signatures inside compressed object streams cannot be found this way).
``normalise_digest_algorithm`` reads the one algorithm quirk other validators accept: a
signature algorithm OID (sha256WithRSAEncryption…) in the SignerInfo's digestAlgorithm field.
Nothing here ever writes to the file.
"""

from __future__ import annotations

import asyncio
import base64
import mmap
import re
from collections.abc import Coroutine
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import IO, Any

from asn1crypto import algos, cms
from cryptography.hazmat.primitives import hashes
from pyhanko.sign.general import extract_certificate_info
from pyhanko.sign.validation.ades import ades_basic_validation, ades_with_time_validation
from pyhanko.sign.validation.generic_cms import (
    extract_self_reported_ts,
    validate_sig_integrity,
    validate_tst_signed_data,
)
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from archive.signatures.classify import classify_signer
from archive.signatures.context import (
    Dss,
    ValidationData,
    ValidationSettings,
    ades_spec,
    classic_context,
)
from archive.signatures.problems import Problem, cap, classify, problem, unsupported_algorithm
from archive.signatures.report import SignatureResult, explain
from archive.signatures.verdict import revocation_status, signature_verdict, timestamp_verdict

__all__ = [
    "RawSignature",
    "algorithm_names",
    "normalise_digest_algorithm",
    "raw_from_dictionary",
    "salvage",
    "scan",
    "trailing_byte_count",
    "unverifiable_signature_algorithm",
]

_WHITESPACE = b" \t\r\n\x00\x0c"
_NOT_WHITESPACE = re.compile(rb"[^ \t\r\n\x00\x0c]")
_MAX_GAP = 4 * 1024 * 1024  # a /Contents larger than this is not read from a byte range
_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[([^\]]{0,200})\]")
_CONTENTS = re.compile(rb"/Contents\s*<([0-9A-Fa-f\s]*)>")
_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_DATE = re.compile(rb"/M\s*\(D(?::|\\072)(\d{14})")  # ":" may be written as an octal escape
_WINDOW = 256 * 1024  # how far a signature dictionary's keys may lie from its /ByteRange


@dataclass(frozen=True)
class RawSignature:
    """A signature dictionary as bytes say it: name, byte range, CMS, kind, claimed time."""

    name: str
    byte_range: tuple[str, ...]  # the array's items as written (may be malformed)
    contents: bytes  # DER of the CMS (may be empty, zeros or garbage)
    doc_timestamp: bool
    claimed_time: datetime | None = None


def normalise_digest_algorithm(signer_info: Any) -> tuple[str, str] | None:
    """Read a signature algorithm OID given as digestAlgorithm as its hash (in memory only).

    asn1crypto leaves an identifier it does not know as dotted OID text, which pyHanko then
    looks up as a hash name and fails on (``AttributeError: … hashes has no attribute
    '1.2.840.113549.1.1.11'``). BouncyCastle and EU DSS read sha256WithRSAEncryption there as
    SHA-256; so does the archive. The digestAlgorithm field is not signed: the messageDigest
    attribute, which is, must still match the bytes, so a wrong reading can only fail. Returns
    (OID, hash name) when it was normalised."""
    name = signer_info["digest_algorithm"]["algorithm"].native
    if not re.fullmatch(r"\d+(\.\d+)+", str(name)):
        return None
    try:
        hash_name = algos.SignedDigestAlgorithm({"algorithm": name}).hash_algo
    except (ValueError, KeyError):
        return None
    signer_info["digest_algorithm"] = algos.DigestAlgorithm({"algorithm": hash_name})
    return str(name), str(hash_name)


_VERIFIABLE = frozenset(
    {"rsassa_pkcs1v15", "rsassa_pss", "dsa", "ecdsa", "ed25519", "ed448"}
    | {"mldsa44", "mldsa65", "mldsa87"}
)  # what pyhanko_certvalidator.sig_validate can verify


def unverifiable_signature_algorithm(signer_info: Any) -> str | None:
    """The signature algorithm, when no library here can verify it (else None)."""
    algorithm = signer_info["signature_algorithm"]
    try:
        name = algorithm.signature_algo
    except ValueError:  # asn1crypto does not know the OID
        name = None
    return None if name in _VERIFIABLE else str(algorithm["algorithm"].native)


def trailing_byte_count(fh: IO[bytes]) -> int:
    """How many bytes follow the last ``%%EOF``, when they are not all whitespace (0 else)."""
    fh.seek(0, 2)
    size = fh.tell()
    if size == 0:
        return 0
    with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        end = mm.rfind(b"%%EOF")
        if end < 0 or _NOT_WHITESPACE.search(mm, end + 5) is None:
            return 0
        return size - end - 5


def _parse_date(raw: bytes | None) -> datetime | None:
    if not raw:
        return None
    try:
        return datetime.strptime(raw.decode(), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _unhex(text: bytes) -> bytes:
    hexed = re.sub(rb"\s", b"", text)
    try:
        return bytes.fromhex(hexed[: len(hexed) // 2 * 2].decode("latin-1"))
    except ValueError:
        return b""


def _scan_one(mm: mmap.mmap, match: re.Match[bytes], index: int) -> RawSignature:
    start = match.start()
    objects = list(_OBJ.finditer(mm[max(0, start - _WINDOW) : start]))
    obj = objects[-1] if objects else None
    head = start - _WINDOW if start > _WINDOW else 0
    dict_start = head + obj.start() if obj else max(0, start - 4096)
    end = mm.find(b"endobj", match.end(), match.end() + _WINDOW)
    window = mm[dict_start : end if end > 0 else match.end() + 4096]
    items = tuple(x.decode("latin-1") for x in match.group(1).split())
    contents = b""
    if (
        len(items) == 4
        and all(x.isdigit() for x in items)
        and (0 < int(items[2]) - int(items[1]) <= _MAX_GAP)
    ):
        gap = mm[int(items[1]) : int(items[2])].strip()
        if gap.startswith(b"<") and gap.endswith(b">"):
            contents = _unhex(gap[1:-1])
    if not contents:
        found = _CONTENTS.search(window)
        contents = _unhex(found.group(1)) if found else b""
    date = _DATE.search(window)
    name = f"#{index} (obj {obj.group(1).decode()})" if obj else f"#{index} (byte {start})"
    return RawSignature(
        name=name,
        byte_range=items,
        contents=contents,
        doc_timestamp=b"/DocTimeStamp" in window or b"/ETSI.RFC3161" in window,
        claimed_time=_parse_date(date.group(1) if date else None),
    )


def scan(fh: IO[bytes]) -> list[RawSignature]:
    """Every signature dictionary the bytes show (``/ByteRange`` arrays), in file order."""
    fh.seek(0, 2)
    if fh.tell() == 0:
        return []
    with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        if mm.find(b"/ByteRange") < 0:  # the usual answer for an unsigned file, found fast
            return []
        return [_scan_one(mm, m, i) for i, m in enumerate(_BYTE_RANGE.finditer(mm), start=1)]


def _is_padding(contents: bytes) -> bool:
    """Whether ``/Contents`` holds only the zero bytes that pad its reserved space.

    The padding is never stripped before parsing: a CMS whose last byte is itself zero (one
    signature in 256 or so) would lose it. The DER header says where the CMS ends, and
    asn1crypto reads that far and ignores the rest, as pyHanko does."""
    return not contents.strip(b"\x00")


def _gap_holds_contents(fh: IO[bytes], start: int, end: int, contents: bytes) -> bool:
    """Whether the bytes between the two signed ranges are exactly ``<hex of contents>``."""
    if end - start > 2 * len(contents) + 64:
        return False
    fh.seek(start)
    gap = fh.read(end - start).strip(_WHITESPACE)
    if not (gap.startswith(b"<") and gap.endswith(b">")):
        return False
    try:
        return bytes.fromhex(re.sub(rb"\s", b"", gap[1:-1]).decode()) == contents
    except ValueError:
        return False


def _ranges(raw: RawSignature, fh: IO[bytes], size: int) -> tuple[list[tuple[int, int]], str]:
    """The signed ranges (clipped to the file) and the coverage they give, judged as pyHanko
    does: a standard range starts at 0, skips exactly the ``/Contents`` string, and ends at the
    end of the file (ENTIRE_FILE) or at an ``%%EOF`` (ENTIRE_REVISION)."""
    items = raw.byte_range
    if len(items) != 4 or not all(x.isdigit() for x in items):
        return [], SignatureCoverageLevel.UNCLEAR.name
    start1, len1, start2, len2 = (int(x) for x in items)
    end = start2 + len2
    ranges = [(start1, min(start1 + len1, size)), (start2, min(end, size))]
    if start1 != 0 or end > size or not _gap_holds_contents(fh, len1, start2, raw.contents):
        return ranges, SignatureCoverageLevel.UNCLEAR.name
    if end == size:
        return ranges, SignatureCoverageLevel.ENTIRE_FILE.name
    fh.seek(max(start2, end - 64))
    if fh.read(end - max(start2, end - 64)).rstrip(_WHITESPACE).endswith(b"%%EOF"):
        return ranges, SignatureCoverageLevel.ENTIRE_REVISION.name
    return ranges, SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START.name


def _digest(fh: IO[bytes], ranges: list[tuple[int, int]], algorithm: str) -> bytes:
    md = hashes.Hash(get_pyca_cryptography_hash(algorithm))
    for start, end in ranges:
        fh.seek(start)
        left = max(0, end - start)
        while left:
            chunk = fh.read(min(left, 1 << 20))
            if not chunk:
                break
            md.update(chunk)
            left -= len(chunk)
    return md.finalize()


def raw_from_dictionary(name: str, sig_object: Any, doc_timestamp: bool) -> RawSignature:
    """A signature dictionary pyHanko could read but not turn into a signature."""
    try:
        items = tuple(str(x) for x in sig_object.raw_get("/ByteRange"))
    except Exception:  # a broken array or reference: the range is then unknown
        items = ()
    try:
        contents = bytes(sig_object.raw_get("/Contents").original_bytes)
    except Exception:  # as above
        contents = b""
    try:
        claimed = _parse_date(str(sig_object.raw_get("/M")).removeprefix("D:")[:14].encode())
    except Exception:  # as above
        claimed = None
    return RawSignature(name, items, contents, doc_timestamp, claimed)


class _Malformed(Exception):
    """The /ByteRange is not two pairs of non-negative integers."""


# EU DSS checks the byte range while checking the format (FAILED/FORMAT_FAILURE); so does the
# archive: no validator can tell which bytes such a signature signs.
_MALFORMED_RANGE = Problem(
    "TOTAL_FAILED",
    "FORMAT_FAILURE",
    "Mảng /ByteRange của chữ ký không hợp lệ: không xác định được các byte đã ký",
    "The signature's /ByteRange is malformed: the signed bytes cannot be determined",
    None,
    "byte_range",
)


@dataclass
class _Salvage:
    """What one salvage gathers, step by step."""

    raw: RawSignature
    cfg: ValidationSettings
    dss: Dss
    problems: list[Problem]
    signed_data: Any = None
    signer_info: Any = None
    cert: Any = None
    coverage: str | None = None
    status: Any = None
    ades: Any = None
    level: str = "B-B"
    notes: tuple[str, str] | None = None
    value_unchecked: bool = False  # the signature algorithm cannot be verified here
    claimed: datetime | None = None  # the signing time the signer states


def _read_cms(work: _Salvage) -> bool:
    contents = work.raw.contents
    if _is_padding(contents):  # nothing to read: the "cannot read the CMS" problem says no more
        work.problems = [problem("empty"), *(p for p in work.problems if p.check != "signature")]
        return False
    try:
        signed_data = cms.ContentInfo.load(contents)["content"]
        (signer_info,) = signed_data["signer_infos"]
        quirk = normalise_digest_algorithm(signer_info)
        work.cert = extract_certificate_info(signed_data).signer_cert
        work.cert.native  # noqa: B018  (parse now)
    except Exception as exc:  # asn1crypto and pyHanko raise many types on a broken CMS
        work.problems.insert(0, classify(exc, "signature"))
        return False
    work.signed_data, work.signer_info = signed_data, signer_info
    with suppress(Exception):  # as pyHanko does: the CMS signing-time attribute, else /M
        work.claimed = extract_self_reported_ts(signer_info)
    if quirk:
        work.notes = _quirk_note(*quirk)
    unverifiable = unverifiable_signature_algorithm(signer_info)
    if unverifiable is not None and not work.raw.doc_timestamp:
        work.value_unchecked = True
        if not any(p.check == "algorithm" for p in work.problems):
            work.problems.insert(0, unsupported_algorithm(f"signature algorithm {unverifiable}"))
    return True


def _quirk_note(oid: str, hash_name: str) -> tuple[str, str]:
    return (
        f"Trường thuật toán băm ghi mã thuật toán chữ ký {oid}; đọc là {hash_name} như các "
        "phần mềm xác thực khác",
        f"The digest algorithm field holds the signature algorithm {oid}; read as "
        f"{hash_name}, as other validators do",
    )


def _check_signature(work: _Salvage, fh: IO[bytes], size: int) -> None:
    """Integrity over the byte range, then trust with the AdES engine (no PDF needed)."""
    ranges, work.coverage = _ranges(work.raw, fh, size)
    if not ranges:
        raise _Malformed()
    algorithm = str(work.signer_info["digest_algorithm"]["algorithm"].native)
    digest = _digest(fh, ranges, algorithm)
    intact, valid = validate_sig_integrity(work.signer_info, work.cert, "data", digest)
    unsigned = work.signer_info["unsigned_attrs"]
    timestamped = unsigned.native is not None and any(
        a["type"].native == "signature_time_stamp_token" for a in unsigned
    )
    work.level = "B-T" if timestamped else "B-B"
    spec = ades_spec(work.cfg, work.dss)
    validate = ades_with_time_validation if timestamped else ades_basic_validation
    try:
        work.ades = asyncio.run(validate(work.signed_data, spec, raw_digest=digest))
    except Exception as exc:  # pyHanko may raise anything on a CMS it finds odd
        work.problems.append(classify(exc, "trust"))
    api = getattr(work.ades, "api_status", None)
    work.status = SimpleNamespace(
        intact=intact,
        valid=valid,
        coverage=SignatureCoverageLevel[work.coverage],
        docmdp_ok=None,
        modification_level=None,
        timestamp_validity=getattr(api, "timestamp_validity", None),
        revocation_details=getattr(api, "revocation_details", None),
        trusted=bool(getattr(api, "trusted", False)),
        revoked=bool(getattr(api, "revoked", False)),
        trust_problem_indic=getattr(api, "trust_problem_indic", None),
    )


async def _released(coro: Coroutine[Any, Any, Any], vc: ValidationContext) -> Any:
    """Await, then close the network sessions the context opened (in the same event loop)."""
    try:
        return await coro
    finally:
        await vc.aclose()  # type: ignore[no-untyped-call]  # pyhanko-certvalidator lacks hints


def _check_timestamp(work: _Salvage, fh: IO[bytes], size: int) -> None:
    """A document timestamp: the token's imprint against the byte range, and its signer."""
    ranges, work.coverage = _ranges(work.raw, fh, size)
    work.level = "DocTimeStamp"
    if not ranges:
        raise _Malformed()
    vc = classic_context(work.cfg, work.dss)
    kwargs = asyncio.run(
        _released(
            validate_tst_signed_data(
                work.signed_data, vc, lambda algorithm: _digest(fh, ranges, str(algorithm))
            ),
            vc,
        )
    )
    problem_indic = kwargs.get("trust_problem_indic")
    work.status = SimpleNamespace(
        intact=bool(kwargs.get("intact")),
        valid=bool(kwargs.get("valid")),
        coverage=SignatureCoverageLevel[work.coverage],
        docmdp_ok=None,
        modification_level=None,
        timestamp=kwargs.get("timestamp"),
        trusted=bool(kwargs.get("validation_path")) and problem_indic is None,
        revoked=bool(kwargs.get("revoked")),
        trust_problem_indic=problem_indic,
    )


def salvage(
    raw: RawSignature,
    fh: IO[bytes],
    cfg: ValidationSettings,
    dss: Dss,
    data: ValidationData,
    problems: list[Problem],
) -> SignatureResult:
    """The result on one signature from its bytes alone; ``problems`` say why (the first one
    names what forced the salvage) and cap the verdict."""
    fh.seek(0, 2)
    size = fh.tell()
    work = _Salvage(raw, cfg, dss, list(problems))
    unsupported = bool(problems) and problems[0].check == "unsupported"
    if not unsupported and _read_cms(work):
        try:
            if raw.doc_timestamp:
                _check_timestamp(work, fh, size)
            else:
                _check_signature(work, fh, size)
        except _Malformed:
            work.problems.insert(0, _MALFORMED_RANGE)
            work.status = None
        except Exception as exc:  # as above: the last resort is the problem itself
            work.problems.insert(0, classify(exc, "signature"))
            work.status = None
    if work.cert is not None:
        for cert in [work.cert, *extract_certificate_info(work.signed_data).other_certs]:
            data.add("certs", cert.dump())
    return _result(work)


def _verdict(work: _Salvage) -> tuple[Any, str | None, list[str], list[str]]:
    status = work.status
    if status is None:  # nothing was checked: the problems are the verdict
        return cap(("TOTAL_PASSED", None, "", ""), work.problems)
    if work.value_unchecked:  # only the digest was checked: a mismatch is still proven
        base: Any = ("TOTAL_PASSED", None, "", "")
        if not status.intact:
            base = ("TOTAL_FAILED", "HASH_FAILURE", *explain("HASH_FAILURE", None))
        return cap(base, work.problems)
    if work.raw.doc_timestamp:
        base = timestamp_verdict(status, work.cfg.at, None)
    else:
        base = signature_verdict(status, work.ades, work.level, work.cfg.at)
    return cap(base, work.problems)


def _result(work: _Salvage) -> SignatureResult:
    indication, sub, vi, en = _verdict(work)
    if work.notes:
        vi, en = [*vi, work.notes[0]], [*en, work.notes[1]]
    status, cert = work.status, work.cert
    ts = getattr(status, "timestamp_validity", None)
    stamp = getattr(status, "timestamp", None) or getattr(ts, "timestamp", None)
    subject = cert.subject.human_friendly if cert is not None else "—"
    trusted = bool(getattr(status, "trusted", False))
    return SignatureResult(
        field=work.raw.name,
        kind="timestamp"
        if work.raw.doc_timestamp
        else (classify_signer(cert, work.cfg.organisation_pattern) if cert else "unknown"),
        signer_subject=subject,
        signer_name=str(cert.subject.native.get("common_name", "")) if cert else "",
        signer_serial=format(cert.serial_number, "x") if cert else "",
        issuer=cert.issuer.human_friendly if cert else "—",
        claimed_signing_time=_iso(work.claimed or work.raw.claimed_time),
        timestamp_time=_iso(stamp),
        pades_level=work.level,
        intact=bool(getattr(status, "intact", False)),
        valid=bool(getattr(status, "valid", False)),
        trusted=trusted,
        coverage=work.coverage,
        modified_after_signing=False,
        modification_level=None,
        indication=indication,
        subindication=sub,
        revocation_status=revocation_status(
            bool(getattr(status, "revoked", False)), trusted, indication, sub
        ),
        messages_vi=vi,
        messages_en=en,
        not_after=_iso(cert.not_valid_after) if cert else None,
        detail="; ".join(p.detail for p in work.problems if p.detail) or None,
        not_checked=sorted(
            {p.check for p in work.problems}
            | {"modifications"}
            | ({"integrity", "trust"} if status is None else set())
            | ({"signature_value", "trust"} if work.value_unchecked else set())
        ),
        **_algorithms(work),
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def _algorithms(work: _Salvage) -> dict[str, str | None]:
    if work.signer_info is None:
        return {"digest_algorithm": None, "signature_algorithm": None, "signature_value": None}
    return algorithm_names(work.signer_info, work.cert)


def algorithm_names(signer_info: Any, cert: Any) -> dict[str, str | None]:
    """Digest and signature algorithm names as the crypto-suite table spells them, and the
    signature value (base64)."""
    digest = str(signer_info["digest_algorithm"]["algorithm"].native)
    key = cert.public_key
    if key.algorithm == "rsa":
        algo = f"rsa-{key.bit_size}"
    elif key.algorithm == "ec":
        algo = f"ecdsa-{key.curve[1]}"
    else:
        algo = str(key.algorithm)
    value = base64.b64encode(bytes(signer_info["signature"].native)).decode()
    return {"digest_algorithm": digest, "signature_algorithm": algo, "signature_value": value}
