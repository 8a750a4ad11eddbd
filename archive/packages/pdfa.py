"""PDF/A claims: what a PDF declares (XMP ``pdfaid:part`` and ``pdfaid:conformance``), checked
against what else the file says, and reported. Nothing is ever "fixed": the original is kept
byte for byte (TT 05/2025 Điều 8 asks digitized copies in PDF/A; docs/domain.md §4.2).

The checks are the ones the file itself can answer without a full validator: the header version
allowed by the part (PDF/A-1: 1.4 or older; -2 and -3: 1.7 or older; -4: 2.0), no encryption,
and siegfried's identification (its PDF/A PUIDs, fmt/95 … fmt/481, rest on the same declaration).
A claim that fails one of them is finding FMT004.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from archive.packages.pdfshare import reader_for

__all__ = ["PDFA_PUIDS", "PdfaClaim", "read_claim"]

logging.getLogger("pypdf").addHandler(logging.NullHandler())

PDFA_PUIDS: Final[dict[str, str]] = {
    "fmt/95": "1A",
    "fmt/354": "1B",
    "fmt/476": "2A",
    "fmt/477": "2B",
    "fmt/478": "2U",
    "fmt/479": "3A",
    "fmt/480": "3B",
    "fmt/481": "3U",
}
"""siegfried's PDF/A PUIDs and the part + conformance each stands for."""
_MAX_HEADER: Final = {"1": (1, 4), "2": (1, 7), "3": (1, 7), "4": (2, 0)}
_PART = re.compile(rb"pdfaid:part\s*(?:=\s*[\"']|>)\s*(\d)")
_CONFORMANCE = re.compile(rb"pdfaid:conformance\s*(?:=\s*[\"']|>)\s*([A-Za-z])")
_VERSION = re.compile(rb"%PDF-(\d+)\.(\d+)")


@dataclass(frozen=True)
class PdfaClaim:
    """A declared PDF/A part and conformance, and what contradicts it (empty: consistent)."""

    claim: str
    problems: tuple[str, ...]

    def summary(self) -> str:
        """``PDF/A-2B; consistent`` or ``PDF/A-1B; not consistent: …``."""
        if not self.problems:
            return f"{self.claim}; consistent"
        return f"{self.claim}; not consistent: {', '.join(self.problems)}"[:300]


def _xmp(path: Path, sha256: str | None) -> tuple[bytes | None, bool]:
    """The document catalog's XMP packet and whether the file is encrypted."""
    reader = reader_for(path, sha256)
    encrypted = reader.is_encrypted
    if encrypted and not reader.decrypt(""):
        return None, True
    root: Any = reader.trailer["/Root"].get_object()
    meta: Any = root.get("/Metadata")
    if meta is None:
        return None, encrypted
    return bytes(meta.get_object().get_data()), encrypted


def read_claim(path: Path, puid: str | None, sha256: str | None = None) -> PdfaClaim | None:
    """The PDF/A claim of the PDF at ``path`` (None: it claims none); never raises.
    ``sha256``: its bytes' digest, to share its parse (``pdfshare``)."""
    try:
        xmp, encrypted = _xmp(path, sha256)
    # A broken or hostile PDF can make the parser fail in any way; it then claims nothing
    # we could read (pdfscan reports the unreadable file).
    except Exception:
        return None
    part = _PART.search(xmp or b"")
    if part is None:
        return None
    level = _CONFORMANCE.search(xmp or b"")
    claimed = part.group(1).decode() + (level.group(1).decode().upper() if level else "")
    problems: list[str] = []
    with path.open("rb") as fh:
        header = _VERSION.search(fh.read(1024))
    limit = _MAX_HEADER.get(claimed[0])
    if header and limit and (int(header.group(1)), int(header.group(2))) > limit:
        problems.append(f"PDF {header.group(1).decode()}.{header.group(2).decode()} header")
    if encrypted:
        problems.append("encrypted")
    if claimed[0] in "123" and PDFA_PUIDS.get(puid or "") != claimed:
        problems.append(f"siegfried: {puid or 'UNKNOWN'}")
    return PdfaClaim(f"PDF/A-{claimed}", tuple(problems))
