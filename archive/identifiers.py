"""Identifiers of NĐ 30/2020 and TT 05/2025 (docs/domain.md §2.4, §4.4–4.5, §7.3).

- organ identifier (mã định danh cơ quan): ``DDD.DD.DD.XNN``, 13 characters;
- mã hồ sơ (``fileCode``): organ identifier + year (4) + số và ký hiệu hồ sơ (≤ 20), dot-separated,
  e.g. ``000.00.00.G09.2024.01.TH``;
- ``docCode``: ``fileCode`` + ``.`` + the 7-digit ordinal of the document in the dossier;
- ``arcFileCode``: the archive's agency code + ``.`` + ``fileCode``;
- OCFL object ids: a dossier's AIP is ``urn:uuid:…``; the archive's own records are
  ``urn:archive:…`` (evidence batches ``urn:archive:evidence:…``, disposal lists and transfer
  requests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = [
    "AUDIT_LOG_ID",
    "BATCH_PREFIX",
    "DOC_CODE_RE",
    "FILE_CODE_RE",
    "ORGAN_ID_RE",
    "RECORD_OBJECT_PREFIX",
    "FileCode",
    "arc_doc_code",
    "arc_file_code",
    "is_batch_object",
    "is_record_object",
    "parse_doc_code",
    "parse_file_code",
]

ORGAN_ID_RE: Final = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}")
_NOTATION = r"[\w\-]+(?:\.[\w\-]+)*"
FILE_CODE_RE: Final = re.compile(
    rf"(?P<organ>{ORGAN_ID_RE.pattern})\.(?P<year>\d{{4}})\.(?P<notation>{_NOTATION})"
)
DOC_CODE_RE: Final = re.compile(rf"(?P<file>{FILE_CODE_RE.pattern})\.(?P<ordinal>\d{{7}})")


@dataclass(frozen=True)
class FileCode:
    """The three parts of a mã hồ sơ."""

    organ_id: str
    year: int
    notation: str

    def __str__(self) -> str:
        return f"{self.organ_id}.{self.year:04d}.{self.notation}"


def parse_file_code(text: str) -> FileCode | None:
    """Split a mã hồ sơ into its parts, or None if it is malformed."""
    match = FILE_CODE_RE.fullmatch(text)
    if match is None or len(match["notation"]) > 20:
        return None
    return FileCode(match["organ"], int(match["year"]), match["notation"])


def parse_doc_code(text: str) -> tuple[str, int] | None:
    """Split a docCode into (fileCode, ordinal), or None if it is malformed."""
    match = DOC_CODE_RE.fullmatch(text)
    if match is None or parse_file_code(match["file"]) is None:
        return None
    return match["file"], int(match["ordinal"])


def arc_file_code(agency_code: str, file_code: str) -> str:
    """Mã hồ sơ lưu trữ: the archive's agency code followed by the dossier code."""
    return f"{agency_code}.{file_code}"


def arc_doc_code(agency_code: str, doc_code: str) -> str:
    """Mã lưu trữ of a document inside the archive (DIP arcDocCode form)."""
    return f"{agency_code}.{doc_code}"


RECORD_OBJECT_PREFIX: Final = "urn:archive:"
"""OCFL ids of the archive's own records (evidence batches, disposal lists, transfer requests);
dossiers are urn:uuid:…"""

BATCH_PREFIX: Final = "urn:archive:evidence:"
"""OCFL ids of evidence-record batches."""

AUDIT_LOG_ID: Final = "urn:archive:audit:log"
"""OCFL id of the sealed audit log (archive.audit.seal)."""


def is_record_object(object_id: str) -> bool:
    """Whether an OCFL object holds the archive's own records rather than a dossier (AIP)."""
    return object_id.startswith(RECORD_OBJECT_PREFIX)


def is_batch_object(object_id: str) -> bool:
    """Whether an OCFL object id names an evidence batch (not a dossier)."""
    return object_id.startswith(BATCH_PREFIX)
