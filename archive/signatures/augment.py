"""Bring signed PDFs to PAdES B-LTA, and renew B-LTA archive timestamps.

Both are incremental updates: the output starts with the input's exact bytes, so the original
signatures keep their ``/ByteRange`` and the original file stays a byte prefix (checked here).

- B-T / B-LT (a signature timestamp exists): add the validation data of every signature to the
  DSS, then a document timestamp.
- B-LTA: ``update_archival_timestamp_chain`` validates the newest document timestamp, stores its
  revocation data, and adds a new document timestamp (renewal before the TSA certificate or the
  algorithms lapse).
- B-B: a later document timestamp does not make the signature validatable in the long term
  (pyHanko's AdES engine needs a signature timestamp), so it is refused with a plain reason;
  its long-term proof is the evidence record (docs/evidence.md). That holds for a file in
  which *any* signature lacks a signature timestamp, even if a document timestamp already
  follows it.

Every failure is an ``ArchiveError`` with a plain message: the TSA cannot be reached
(``Unavailable``), a signature or the newest timestamp does not validate now so its validation
data cannot be gathered, e.g. revoked or untrusted (``Conflict``), the PDF cannot be updated
(``InvalidInput``). ``dst`` is then not written.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers import PdfTimeStamper
from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.validation import add_validation_info
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathError, ValidationError

from archive.errors import Conflict, IntegrityFailure, InvalidInput, NotSupported, Unavailable
from archive.signatures.validate import ValidationSettings, quiet_pyhanko

__all__ = ["B_B_REFUSAL", "AugmentResult", "augment", "timestamper_for"]

B_B_REFUSAL = (
    "chữ ký B-B (không có dấu thời gian chữ ký) không thể nâng lên B-LTA có giá trị "
    "kiểm chứng bằng dấu thời gian tài liệu sau này; bằng chứng dài hạn là hồ sơ bằng chứng "
    "(RFC 4998) / B-B signatures (no signature timestamp) cannot be brought to a validatable "
    "B-LTA by a later document timestamp; their long-term proof is an evidence record "
    "(RFC 4998)"
)


@dataclass(frozen=True)
class AugmentResult:
    """What was done to a file."""

    action: str  # augmented | renewed
    size_before: int
    size_after: int


def timestamper_for(url: str | None) -> TimeStamper:
    """The RFC 3161 client of the TSA at ``url`` (HTTP), or a plain refusal when there is none.

    The composition root (``Archive.timestamper``) picks the demo's in-process TSA for a
    ``demo-tsa:`` URL before it comes here."""
    if not url:
        raise NotSupported(
            "chưa cấu hình dịch vụ cấp dấu thời gian (ARCHIVE_TSA_URL) / no time-stamping "
            "authority configured (ARCHIVE_TSA_URL): archive timestamps cannot be added"
        )
    return HTTPTimeStamper(url)


def _context(cfg: ValidationSettings) -> ValidationContext:
    return ValidationContext(
        trust_roots=list(cfg.trust.roots),
        other_certs=list(cfg.trust.intermediates),
        allow_fetching=cfg.fetch,
        revocation_mode="hard-fail",
    )


def _has_signature_timestamp(sig: object) -> bool:
    attrs = sig.signer_info["unsigned_attrs"]  # type: ignore[attr-defined]
    return any(a["type"].native == "signature_time_stamp_token" for a in attrs or [])


def _level(path: Path) -> bool:
    """Whether a document timestamp exists; refuses unsigned and B-B files."""
    with _pdf_errors(path), path.open("rb") as fh:
        reader = PdfFileReader(fh, strict=False)
        sigs = list(reader.embedded_regular_signatures)
        if not sigs:
            raise NotSupported("tệp không có chữ ký / the file carries no signature")
        if not all(_has_signature_timestamp(s) for s in sigs):
            raise NotSupported(B_B_REFUSAL)
        return bool(reader.embedded_timestamp_signatures)


@contextmanager
def _pdf_errors(path: Path) -> Iterator[None]:
    """pyHanko's exceptions as the archive's, with a plain message."""
    try:
        with quiet_pyhanko():
            yield
    except TimestampRequestError as exc:
        raise Unavailable(
            f"không liên lạc được dịch vụ cấp dấu thời gian / the time-stamping authority "
            f"cannot be reached: {exc}"
        ) from exc
    except (PathError, ValidationError, SignatureValidationError, SigningError) as exc:
        raise Conflict(
            f"{path.name}: chữ ký hoặc dấu thời gian không xác thực được lúc này nên không bổ sung "
            f"được dữ liệu xác thực / a signature or timestamp does not validate now, so its "
            f"validation data cannot be added: {type(exc).__name__}: {exc}"
        ) from exc
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(
            f"{path.name}: không cập nhật được tệp PDF / the PDF cannot be updated: "
            f"{type(exc).__name__}: {exc}"
        ) from exc


def augment(
    src: Path, dst: Path, cfg: ValidationSettings, timestamper: TimeStamper
) -> AugmentResult:
    """Write the B-LTA (or renewed) form of ``src`` to ``dst``; ``src`` is never modified."""
    has_doc_ts = _level(src)
    vc = _context(cfg)
    with tempfile.TemporaryDirectory(prefix="archive-lta-") as tmp:
        work = Path(tmp) / "work.pdf"
        shutil.copyfile(src, work)
        with _pdf_errors(src):
            if has_doc_ts:
                with work.open("r+b") as fh:
                    PdfTimeStamper(timestamper).update_archival_timestamp_chain(
                        PdfFileReader(fh), vc, in_place=True
                    )
                action = "renewed"
            else:
                _add_dss_and_timestamp(work, vc, timestamper)
                action = "augmented"
        _check_prefix(src, work)
        shutil.copyfile(work, dst)
    return AugmentResult(action, src.stat().st_size, dst.stat().st_size)


def _add_dss_and_timestamp(work: Path, vc: ValidationContext, timestamper: TimeStamper) -> None:
    with work.open("r+b") as fh:
        count = len(PdfFileReader(fh).embedded_regular_signatures)
        for index in range(count):
            fh.seek(0)
            sig = PdfFileReader(fh).embedded_regular_signatures[index]
            add_validation_info(sig, vc, in_place=True)
    with work.open("r+b") as fh:
        PdfTimeStamper(timestamper).timestamp_pdf(
            IncrementalPdfFileWriter(fh), "sha256", validation_context=vc, in_place=True
        )


def _check_prefix(original: Path, augmented: Path) -> None:
    """The augmented file must begin with every byte of the original."""
    size = original.stat().st_size
    with original.open("rb") as a, augmented.open("rb") as b:
        while size > 0:
            n = min(size, 1024 * 1024)
            if a.read(n) != b.read(n):
                raise IntegrityFailure(f"{augmented}: does not start with the original's bytes")
            size -= n
