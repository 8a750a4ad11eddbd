"""An OCRmyPDF plugin: Tesseract as OCRmyPDF runs it, plus the confidence of every word read.

OCRmyPDF reads each page into hOCR (``x_wconf``: Tesseract's confidence in a word, 0–100) and
keeps no figure of it; this engine is the built-in one, and it collects those figures so that
the PREMIS event of a rendition can name its mean confidence (issue #18). Loaded by name
(``plugins=["archive.ocr.plugin"]``); ``archive.ocr.engine`` runs one document at a time per
process with worker threads, so one list guarded by a lock is enough.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any, Final

from ocrmypdf import hookimpl
from ocrmypdf.builtin_plugins.tesseract_ocr import TesseractOcrEngine

__all__ = ["WordConfidence", "get_ocr_engine"]

_WCONF: Final = re.compile(rb"x_wconf (\d+)")


class WordConfidence:
    """The confidences of the words read since the last ``take``."""

    lock: Final = threading.Lock()
    values: Final[list[int]] = []

    @classmethod
    def add(cls, hocr: Path) -> None:
        """Collect the word confidences of one page's hOCR."""
        found = [int(m) for m in _WCONF.findall(hocr.read_bytes())] if hocr.exists() else []
        with cls.lock:
            cls.values.extend(found)

    @classmethod
    def take(cls) -> list[int]:
        """The confidences collected, and start again."""
        with cls.lock:
            out = list(cls.values)
            cls.values.clear()
        return out


class _Engine(TesseractOcrEngine):
    @staticmethod
    def generate_hocr(input_file: Path, output_hocr: Path, output_text: Path, options: Any) -> None:
        # OCRmyPDF's engine method is untyped.
        TesseractOcrEngine.generate_hocr(input_file, output_hocr, output_text, options)  # type: ignore[no-untyped-call]
        WordConfidence.add(Path(output_hocr))


@hookimpl
def get_ocr_engine(options: Any) -> TesseractOcrEngine:  # noqa: ARG001  # the hook's signature
    """Tesseract, collecting word confidences (this plugin is asked before the built-in one)."""
    return _Engine()
