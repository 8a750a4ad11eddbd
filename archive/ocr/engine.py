"""One rendition: OCRmyPDF and Tesseract turn a scanned original into a PDF/A-2b two-layer PDF
(the page images as they were, the words read laid invisibly over them: docs/domain.md §4.2).

- Nothing is downloaded: Tesseract's models are Debian packages (``scripts/system-packages``);
  a missing model or tool is ``Unavailable`` with what to install.
- A scan that was signed keeps its signature in the original; the rendition cannot carry it
  (OCRmyPDF is told so), which is why it is never offered as the original.
- A page that already carries some text (a stamp, a form field) is read again whole
  (``force``) when the first attempt finds prior text: the original stays as it was anyway.
- The rendition must be PDF/A-2 as the ingest gate's format identifier (siegfried, PRONOM)
  reports it; anything else is refused (``IntegrityFailure``), not stored.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from archive.errors import IntegrityFailure, InvalidInput, Unavailable
from archive.packages.formatid import identify_files
from archive.packages.pdfa import PDFA_PUIDS

__all__ = ["PDFA2_PUIDS", "Rendition", "make_rendition", "tool_versions"]

PDFA2_PUIDS: Final = frozenset({"fmt/476", "fmt/477", "fmt/478"})
"""PRONOM's PDF/A-2a, 2b, 2u."""
_PLUGIN: Final = "archive.ocr.plugin"
_ONE_AT_A_TIME: Final = threading.Lock()  # the plugin's confidences are per process

# OCRmyPDF logs every page at INFO; the archive reports per document.
logging.getLogger("ocrmypdf").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Rendition:
    """What the OCR made and how: the facts the manifest and the PREMIS event name."""

    path: Path
    pages: int
    words: int
    confidence: float | None  # mean of Tesseract's word confidences, 0–100
    languages: tuple[str, ...]
    tools: dict[str, str] = field(default_factory=dict)
    puid: str | None = None
    format_name: str = ""
    format_version: str = ""
    format_tool: str = ""


def _version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return "?"
    line = (done.stdout or done.stderr).strip().splitlines()
    return line[0].split()[-1] if line else "?"


@lru_cache(maxsize=1)
def tool_versions() -> dict[str, str]:
    """The versions of OCRmyPDF, Tesseract, Ghostscript and qpdf's library (pikepdf)."""
    import ocrmypdf
    import pikepdf

    return {
        "ocrmypdf": str(ocrmypdf.__version__),
        "tesseract": _version(["tesseract", "--version"]),
        "ghostscript": _version(["gs", "--version"]),
        "qpdf": str(pikepdf.__libqpdf_version__),
        "pikepdf": str(pikepdf.__version__),
    }


def _check_tools(languages: tuple[str, ...]) -> None:
    missing = [tool for tool in ("tesseract", "gs") if shutil.which(tool) is None]
    if missing:
        raise Unavailable(
            f"thiếu công cụ OCR / OCR tools missing: {', '.join(missing)} "
            "(install them with scripts/system-packages)"
        )
    done = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    have = set(done.stdout.split()[1:] if done.returncode == 0 else ())
    absent = [lang for lang in languages if lang not in have]
    if absent:
        raise Unavailable(
            f"Tesseract thiếu mô hình ngôn ngữ / Tesseract has no model for: {', '.join(absent)} "
            f"(Debian packages tesseract-ocr-{absent[0]}…; nothing is downloaded at run time)"
        )


def _ocr(source: Path, target: Path, options: dict[str, Any]) -> None:
    import ocrmypdf
    from ocrmypdf import exceptions as ocr_errors

    try:
        try:
            ocrmypdf.ocr(source, target, **options)
        except ocr_errors.PriorOcrFoundError:
            ocrmypdf.ocr(source, target, **options, force_ocr=True)
    except ocr_errors.MissingDependencyError as exc:
        raise Unavailable(f"OCRmyPDF: {exc}") from exc
    except ocr_errors.ExitCodeException as exc:
        raise InvalidInput(
            f"không nhận dạng được chữ / OCR failed ({type(exc).__name__}): {exc}"[:900]
        ) from exc


def make_rendition(
    source: Path,
    target: Path,
    *,
    languages: tuple[str, ...],
    jobs: int = 1,
    timeout_s: float = 180.0,
    image_dpi: int | None = None,
) -> Rendition:
    """Read ``source`` (a PDF, or an image when ``image_dpi`` is given) into ``target``, a
    PDF/A-2b two-layer rendition (module docstring)."""
    _check_tools(languages)
    from archive.ocr.plugin import WordConfidence

    options: dict[str, Any] = {
        "language": list(languages),
        "output_type": "pdfa-2",
        "jobs": jobs,
        "use_threads": True,
        "progress_bar": False,
        "tesseract_timeout": timeout_s,
        "invalidate_digital_signatures": True,
        "plugins": [_PLUGIN],
    }
    if image_dpi is not None:
        options["image_dpi"] = image_dpi
    with _ONE_AT_A_TIME:
        WordConfidence.take()
        _ocr(source, target, options)
        words = WordConfidence.take()
    found = identify_files({"rendition.pdf": target})["rendition.pdf"]
    if found.puid not in PDFA2_PUIDS or found.puid not in PDFA_PUIDS:
        raise IntegrityFailure(
            f"bản OCR không phải PDF/A-2 / the rendition is not PDF/A-2: {found.puid} "
            f"({found.name} {found.version}, {found.tool}); nothing stored"
        )
    return Rendition(
        path=target,
        pages=_pages(target),
        words=len(words),
        confidence=round(sum(words) / len(words), 1) if words else None,
        languages=languages,
        tools=tool_versions(),
        puid=found.puid,
        format_name=found.name,
        format_version=found.version,
        format_tool=found.tool,
    )


def _pages(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)
