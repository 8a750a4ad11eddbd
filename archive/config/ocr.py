"""The settings of the OCR renditions of scanned documents (``archive ocr run``, issue #18)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings

__all__ = ["OcrSettings"]


class OcrSettings(BaseSettings):
    """The settings of the OCR renditions: languages, workers, claims, the nightly run."""

    ocr_languages: list[str] = Field(
        default=["vie"],
        min_length=1,
        description="Tesseract models the renditions are read with, in order (Debian packages "
        "tesseract-ocr-<lang>; nothing is downloaded). Environment form: a JSON list.",
    )
    ocr_in_preserve_run: bool = Field(
        default=False,
        description="archive preserve run (the nightly job) also makes the OCR renditions "
        "that are due, as archive ocr run does.",
    )
    ocr_claim_minutes: int = Field(
        default=30,
        gt=0,
        description="How long an OCR worker holds a document before another may take it over.",
    )
    ocr_jobs: int = Field(
        default=1,
        ge=1,
        description="Pages of one document read at once (OCRmyPDF's jobs). Several worker "
        "processes each with 1 use the cores better than one with many.",
    )
    ocr_timeout_s: float = Field(
        default=180.0,
        gt=0,
        description="Most seconds Tesseract may spend on one page; a page past it gets no text.",
    )
