"""The format policy: each PRONOM PUID is ``acceptable``, ``at-risk`` or ``refused``.

The default table lists the formats TT 05/2025 (mimetypes of the packages, docs/domain.md §4.7;
digitization outputs, §4.2) and NĐ 30/2020 (PDF 1.4 or later for electronic copies, §2.2)
accept: those in open or documented formats are acceptable; those the law accepts but that are
legacy binary formats, or PDF older than 1.4, are at risk (a warning: plan a migration);
executables are refused. ``format_policy`` (a table PUID → class) changes single entries; a PUID
in neither table, and a file siegfried cannot identify, take ``format_unlisted``.
docs/ingest-gate.md prints the table.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.catalog.models import File
from archive.config import Settings
from archive.findings import Finding

__all__ = ["DEFAULT_FORMAT_POLICY", "Risk", "format_finding", "holding_by_format", "risk_of"]

Risk = Literal["acceptable", "at-risk", "refused"]

_OK: Final = "acceptable"
_RISK: Final = "at-risk"

DEFAULT_FORMAT_POLICY: Final[dict[str, tuple[Risk, str]]] = {
    # PDF (NĐ 30/2020: 1.4 or later) and PDF/A (TT 05/2025 Điều 8)
    "fmt/14": (_RISK, "PDF 1.0"),
    "fmt/15": (_RISK, "PDF 1.1"),
    "fmt/16": (_RISK, "PDF 1.2"),
    "fmt/17": (_RISK, "PDF 1.3"),
    "fmt/18": (_OK, "PDF 1.4"),
    "fmt/19": (_OK, "PDF 1.5"),
    "fmt/20": (_OK, "PDF 1.6"),
    "fmt/276": (_OK, "PDF 1.7"),
    "fmt/1129": (_OK, "PDF 2.0"),
    "fmt/95": (_OK, "PDF/A-1a"),
    "fmt/354": (_OK, "PDF/A-1b"),
    "fmt/476": (_OK, "PDF/A-2a"),
    "fmt/477": (_OK, "PDF/A-2b"),
    "fmt/478": (_OK, "PDF/A-2u"),
    "fmt/479": (_OK, "PDF/A-3a"),
    "fmt/480": (_OK, "PDF/A-3b"),
    "fmt/481": (_OK, "PDF/A-3u"),
    # Text and office documents (TT 05/2025 mimetypes)
    "x-fmt/111": (_OK, "Plain text"),
    "fmt/101": (_OK, "XML"),
    "x-fmt/280": (_OK, "XML Schema"),
    "fmt/355": (_OK, "RTF 1.9"),
    "fmt/412": (_OK, "Word (OOXML, .docx)"),
    "fmt/40": (_RISK, "Word 97-2003 (.doc)"),
    "fmt/290": (_OK, "OpenDocument Text 1.1"),
    "fmt/291": (_OK, "OpenDocument Text 1.2"),
    "x-fmt/18": (_OK, "CSV"),
    "fmt/214": (_OK, "Excel (OOXML, .xlsx)"),
    "fmt/61": (_RISK, "Excel 97-2003 (.xls)"),
    "fmt/294": (_OK, "OpenDocument Spreadsheet 1.1"),
    "fmt/295": (_OK, "OpenDocument Spreadsheet 1.2"),
    "fmt/96": (_OK, "HTML"),
    "fmt/471": (_OK, "HTML 5"),
    "fmt/215": (_OK, "PowerPoint (OOXML, .pptx)"),
    "fmt/126": (_RISK, "PowerPoint 97-2003 (.ppt)"),
    "fmt/292": (_OK, "OpenDocument Presentation 1.1"),
    "fmt/293": (_OK, "OpenDocument Presentation 1.2"),
    # Images (TT 05/2025 mimetypes; Điều 8 for photos)
    "fmt/42": (_OK, "JPEG (JFIF 1.00)"),
    "fmt/43": (_OK, "JPEG (JFIF 1.01)"),
    "fmt/44": (_OK, "JPEG (JFIF 1.02)"),
    "fmt/645": (_OK, "JPEG (Exif)"),
    "fmt/3": (_RISK, "GIF 87a"),
    "fmt/4": (_OK, "GIF 89a"),
    "fmt/353": (_OK, "TIFF"),
    "fmt/11": (_OK, "PNG 1.0"),
    "fmt/12": (_OK, "PNG 1.1"),
    "fmt/13": (_OK, "PNG 1.2"),
    # Audio and video (TT 05/2025 mimetypes; Điều 8)
    "x-fmt/385": (_OK, "MPEG-1 video"),
    "x-fmt/386": (_OK, "MPEG-2 video"),
    "fmt/199": (_OK, "MPEG-4"),
    "fmt/5": (_OK, "AVI"),
    "fmt/133": (_RISK, "Windows Media Video"),
    "x-fmt/384": (_OK, "QuickTime"),
    "fmt/134": (_OK, "MP3"),
    "fmt/132": (_RISK, "Windows Media Audio"),
    "fmt/141": (_OK, "WAV (PCM)"),
    # Programs: never records
    "fmt/899": ("refused", "Windows executable"),
    "x-fmt/411": ("refused", "Windows executable"),
    "fmt/690": ("refused", "ELF executable"),
}
"""PUID → (class, what it is). docs/ingest-gate.md shows it; change entries with format_policy."""


def risk_of(puid: str | None, settings: Settings) -> Risk:
    """The class of a PUID under the settings (an unidentified file: ``format_unlisted``)."""
    if puid is None:
        return settings.format_unlisted
    if puid in settings.format_policy:
        return settings.format_policy[puid]
    if puid in DEFAULT_FORMAT_POLICY:
        return DEFAULT_FORMAT_POLICY[puid][0]
    return settings.format_unlisted


def format_finding(rel: str, puid: str | None, name: str, settings: Settings) -> Finding | None:
    """FMT001 (refused, an error) or FMT002 (at risk, a warning) for one file; None when the
    format is acceptable."""
    risk = risk_of(puid, settings)
    shown = f"{puid or 'UNKNOWN'} {name}".strip()
    if risk == "refused":
        return Finding.make("FMT001", rel, value=shown)
    if risk == "at-risk":
        return Finding.make("FMT002", rel, value=shown)
    return None


def holding_by_format(session: Session, settings: Settings) -> dict[str, Any]:
    """The originals held, by format: PUID, name, version, files, bytes, class, and how many
    declare PDF/A (and how many of those are consistent); with totals."""
    rows = session.execute(
        select(
            File.format_puid,
            File.format_name,
            File.format_version,
            func.count(),
            func.coalesce(func.sum(File.size), 0),
            func.count(File.pdfa),
            func.count(File.pdfa).filter(File.pdfa.like("%; consistent")),
        )
        .where(File.role == "original")
        .group_by(File.format_puid, File.format_name, File.format_version)
    )
    formats: list[dict[str, Any]] = [
        {
            "puid": puid,
            "format": name,
            "version": version or "",
            "files": int(count),
            "bytes": int(size),
            "risk": risk_of(puid, settings),
            "pdfa_declared": int(declared),
            "pdfa_consistent": int(consistent),
        }
        for puid, name, version, count, size, declared, consistent in rows
    ]
    formats.sort(key=lambda r: (-r["files"], str(r["puid"]), r["version"]))
    totals: dict[str, int] = {"files": 0, "bytes": 0}
    by_risk: dict[str, int] = {}
    for row in formats:
        totals["files"] += row["files"]
        totals["bytes"] += row["bytes"]
        by_risk[row["risk"]] = by_risk.get(row["risk"], 0) + row["files"]
    return {"formats": formats, "total": totals, "by_risk": by_risk}
