"""What went wrong while validating, as data: coded, bilingual, never a traceback.

pyHanko raises while *reading* a PDF it finds odd (docs/signatures.md, "Quirks"): an unknown
algorithm identifier, a broken cross-reference, a truncated stream, a field name with a period.
Such an exception says what the validator could not do, not that the signature is false, so it
becomes a ``Problem``: an INDETERMINATE sub-indication with the reason in Vietnamese and
English, and the exception's own words as ``detail`` for engineers. The one exception is pyHanko's
own ``SignatureValidationError`` with a TOTAL_FAILED sub-indication (a CMS that breaks its
standard, e.g. a detached signature with encapsulated content): pyHanko has then proven it.

A problem with an INDETERMINATE indication caps a verdict (``cap``): a signature whose file
had problems is never TOTAL_PASSED, whatever else was proven; a TOTAL_FAILED one stays failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyhanko.sign.ades.report import AdESFailure
from pyhanko.sign.validation.errors import SignatureValidationError

from archive.signatures.report import Indication, explain

__all__ = [
    "Problem",
    "Verdict",
    "cap",
    "classify",
    "dss_unreadable",
    "problem",
    "trailing_bytes",
    "unsupported_algorithm",
]

Verdict = tuple[Indication, str | None, str, str]
"""(indication, sub-indication, message vi, message en)."""


@dataclass(frozen=True)
class Problem:
    """One thing that could not be checked, and why."""

    indication: Indication
    subindication: str
    vi: str
    en: str
    detail: str | None = None  # the library's own words
    check: str = "structure"  # what could not be checked (SignatureResult.not_checked)


# What could not be done, by check: (sub-indication, vi, en).
_WHAT: dict[str, tuple[str, str, str]] = {
    "modifications": (
        "FORMAT_FAILURE",
        "Không phân tích được các thay đổi sau khi ký: cấu trúc tệp PDF không đọc được hết",
        "The changes made after signing could not be analysed: the PDF's structure could not "
        "be read in full",
    ),
    "structure": (
        "FORMAT_FAILURE",
        "Không đọc được cấu trúc tệp PDF; chữ ký được kiểm tra trực tiếp trên các byte đã ký, "
        "các thay đổi sau khi ký không phân tích được",
        "The PDF's structure could not be read; the signature was checked directly on the "
        "signed bytes, the changes made after signing could not be analysed",
    ),
    "signature": (
        "FORMAT_FAILURE",
        "Không đọc được dữ liệu chữ ký (CMS)",
        "The signature data (CMS) cannot be read",
    ),
    "timestamps": (
        "FORMAT_FAILURE",
        "Không kiểm tra được chuỗi dấu thời gian tài liệu",
        "The chain of document timestamps could not be validated",
    ),
    "trust": (
        "FORMAT_FAILURE",
        "Không kiểm tra được chuỗi chứng thư và tình trạng thu hồi",
        "The certificate chain and revocation status could not be checked",
    ),
    "unsupported": (
        "FORMAT_FAILURE",
        "Định dạng chữ ký không được hỗ trợ",
        "The signature format is not supported",
    ),
    "unreachable": (
        "FORMAT_FAILURE",
        "Tệp chứa chữ ký mà không trường chữ ký nào của biểu mẫu trỏ tới",
        "The file holds a signature that no signature field of the form refers to",
    ),
    "empty": (
        "FORMAT_FAILURE",
        "Trường chữ ký không chứa chữ ký (nội dung rỗng): việc ký chưa hoàn tất",
        "The signature field holds no signature (empty contents): signing was never completed",
    ),
}

_ALGORITHM = (
    "CRYPTO_CONSTRAINTS_FAILURE",
    "Thuật toán mật mã không được hỗ trợ hoặc không nhận dạng được",
    "A cryptographic algorithm is not supported or not recognised",
)


def problem(check: str, detail: str | None = None) -> Problem:
    """The problem of a check that could not be done (keys of ``_WHAT``)."""
    sub, vi, en = _WHAT[check]
    return Problem("INDETERMINATE", sub, vi, en, detail, check)


def _algorithmic(exc: BaseException) -> bool:
    """An algorithm the libraries do not know (pyhanko-certvalidator looks hash names up as
    attributes of ``cryptography``'s ``hashes`` module; asn1crypto and pyHanko raise
    ``ValueError``/``NotImplementedError`` naming the algorithm)."""
    from cryptography.exceptions import UnsupportedAlgorithm

    text = str(exc).lower()
    if isinstance(exc, UnsupportedAlgorithm):
        return True
    if isinstance(exc, AttributeError) and "hashes" in text:
        return True
    return isinstance(exc, ValueError | NotImplementedError) and "algorithm" in text


def classify(exc: BaseException, check: str) -> Problem:
    """The problem an exception raised during ``check`` stands for."""
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, SignatureValidationError):
        sub: Any = exc.ades_subindication
        name = str(sub.name)
        if name not in ("GENERIC",):
            vi, en = explain(name, None)
            indication: Indication = (
                "TOTAL_FAILED" if isinstance(sub, AdESFailure) else ("INDETERMINATE")
            )
            return Problem(indication, name, vi, en, detail, check)
    if _algorithmic(exc):
        sub_name, vi, en = _ALGORITHM
        return Problem("INDETERMINATE", sub_name, vi, en, detail, "algorithm")
    return problem(check, detail)


def unsupported_algorithm(detail: str) -> Problem:
    """A signature algorithm the validator cannot verify: pyhanko-certvalidator reports it as
    an invalid signature (AlgorithmNotSupported is an InvalidSignature), which proves nothing."""
    sub, vi, en = _ALGORITHM
    return Problem("INDETERMINATE", sub, vi, en, detail, "algorithm")


def dss_unreadable(count: int, detail: str) -> Problem:
    """Entries of the document security store that could not be read (skipped)."""
    return Problem(
        "INDETERMINATE",
        "FORMAT_FAILURE",
        f"{count} mục trong kho dữ liệu xác thực (DSS) của tệp không đọc được (tệp bị hỏng)",
        f"{count} entries of the file's document security store (DSS) could not be read "
        "(the file is damaged)",
        detail,
        "dss",
    )


def trailing_bytes(count: int) -> Problem:
    """Bytes after the last end-of-file marker: part of the file, covered by no signature."""
    return Problem(
        "INDETERMINATE",
        "FORMAT_FAILURE",
        f"Có {count} byte sau dấu kết thúc tệp PDF (%%EOF) cuối cùng, không được chữ ký nào "
        "bảo vệ và không được phân tích",
        f"{count} bytes after the last end-of-file marker (%%EOF) are covered by no signature "
        "and were not analysed",
        None,
        "trailing_bytes",
    )


def _unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(t for t in texts if t))


def cap(
    verdict: Verdict, problems: list[Problem]
) -> tuple[Indication, str | None, list[str], list[str]]:
    """The verdict once the problems are taken into account: a TOTAL_FAILED verdict stands (a
    proven failure), and so does a problem's TOTAL_FAILED; otherwise the first problem decides,
    INDETERMINATE at best, and the verdict's own reason follows the problems' when it was not a
    pass. Messages: Vietnamese and English lists, in that order, without repeats."""
    indication, sub, vi, en = verdict
    if indication == "TOTAL_FAILED" or not problems:
        return (
            indication,
            sub,
            _unique([vi, *(p.vi for p in problems)]),
            _unique([en, *(p.en for p in problems)]),
        )
    failed = [p for p in problems if p.indication == "TOTAL_FAILED"]
    first = failed[0] if failed else problems[0]
    rest = [p for p in problems if p is not first]
    own_vi, own_en = ([vi], [en]) if indication != "TOTAL_PASSED" else ([], [])
    return (
        first.indication,
        first.subindication,
        _unique([first.vi, *(p.vi for p in rest), *own_vi]),
        _unique([first.en, *(p.en for p in rest), *own_en]),
    )
