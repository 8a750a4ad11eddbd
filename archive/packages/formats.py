"""Format identification by signature bytes and extension, mapped to PRONOM identifiers.

A deliberately small table for the formats TT 05/2025 accepts (docs/domain.md §4.7). It reads at
most the first 8 bytes of a file; unknown formats are recorded as such, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final

__all__ = ["FormatInfo", "identify"]


@dataclass(frozen=True)
class FormatInfo:
    """What a file is: MIME type, format name and PRONOM PUID (if known)."""

    mime_type: str
    name: str
    puid: str | None


# extension → (mime, name, puid)
_BY_EXTENSION: Final[dict[str, FormatInfo]] = {
    ".pdf": FormatInfo("application/pdf", "Portable Document Format", "fmt/276"),
    ".xml": FormatInfo("text/xml", "Extensible Markup Language", "fmt/101"),
    ".xsd": FormatInfo("text/xml", "XML Schema Definition", "x-fmt/280"),
    ".txt": FormatInfo("text/plain", "Plain Text File", "x-fmt/111"),
    ".csv": FormatInfo("text/csv", "Comma Separated Values", "x-fmt/18"),
    ".rtf": FormatInfo("application/rtf", "Rich Text Format", "fmt/355"),
    ".doc": FormatInfo("application/msword", "Microsoft Word Document", "fmt/40"),
    ".docx": FormatInfo(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Microsoft Word for Windows (OOXML)",
        "fmt/412",
    ),
    ".xls": FormatInfo("application/vnd.ms-excel", "Microsoft Excel 97 Workbook", "fmt/61"),
    ".xlsx": FormatInfo(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Microsoft Excel (OOXML)",
        "fmt/214",
    ),
    ".odt": FormatInfo(
        "application/vnd.oasis.opendocument.text", "OpenDocument Text 1.2", "fmt/290"
    ),
    ".ods": FormatInfo(
        "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument Spreadsheet 1.2", "fmt/295"
    ),
    ".jpg": FormatInfo("image/jpeg", "JPEG File Interchange Format", "fmt/43"),
    ".jpeg": FormatInfo("image/jpeg", "JPEG File Interchange Format", "fmt/43"),
    ".png": FormatInfo("image/png", "Portable Network Graphics", "fmt/13"),
    ".tif": FormatInfo("image/tiff", "Tagged Image File Format", "fmt/353"),
    ".tiff": FormatInfo("image/tiff", "Tagged Image File Format", "fmt/353"),
    ".gif": FormatInfo("image/gif", "Graphics Interchange Format 89a", "fmt/4"),
    ".mp3": FormatInfo("audio/mpeg", "MPEG 1/2 Audio Layer 3", "fmt/134"),
    ".mp4": FormatInfo("video/mp4", "MPEG-4 Media File", "fmt/199"),
}

_MAGIC: Final[tuple[tuple[bytes, str], ...]] = (
    (b"%PDF-", ".pdf"),
    (b"\x89PNG", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF89a", ".gif"),
    (b"II*\x00", ".tif"),
    (b"MM\x00*", ".tif"),
)

UNKNOWN: Final = FormatInfo("application/octet-stream", "Unknown", None)


def identify(name: str, path: Path | None = None) -> FormatInfo:
    """Identify by signature bytes when they are distinctive, else by extension."""
    ext = PurePosixPath(name).suffix.lower()
    if path is not None:
        with path.open("rb") as fh:
            head = fh.read(8)
        for magic, magic_ext in _MAGIC:
            if head.startswith(magic):
                if magic_ext == ".tif" and ext == ".tiff":
                    return _BY_EXTENSION[".tiff"]
                return _BY_EXTENSION[magic_ext]
    return _BY_EXTENSION.get(ext, UNKNOWN)
