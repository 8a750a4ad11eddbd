"""OCR quality and speed (issue #18 part 2): character and word error rates and pages/s of the
renditions ``archive ocr run`` makes, on scanned pages built by code.

    .venv/bin/python -m bench.ocr --pages 6 --jobs 2

The pages are Vietnamese administrative text (the laws of tests/fixtures/vietnamese-laws),
rendered as A4 page images (DejaVu Sans 12 pt) at 300 and 200 dpi, grey and colour, clean or
"noisy" (grain and dust, a slight rotation, blur), saved as image-only PDFs
(``tests/support/scans.py``, seeded: the same arguments give the same pages). Each condition's
pages are one document, read by ``archive.ocr.engine.make_rendition`` exactly as the job does
(OCRmyPDF, Tesseract ``vie``, PDF/A-2b output, siegfried's check); the text is then read back
from the rendition with pypdf, as the search index reads it, and compared with the text
rendered: CER and WER are Levenshtein distances over characters and words (NFC, whitespace
collapsed, case kept, diacritics count), divided by the length of the text rendered.
Speed is pages per second of wall time for the whole rendition, with ``--jobs`` pages at once.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from archive.ocr.engine import make_rendition, tool_versions
from tests.support.scans import ScanStyle, law_page_texts, page_image, scanned_pdf

CONDITIONS: dict[str, ScanStyle] = {
    "300dpi-grey-clean": ScanStyle(dpi=300),
    "300dpi-colour-clean": ScanStyle(dpi=300, colour=True),
    "200dpi-grey-noisy": ScanStyle(dpi=200, noise=0.5, rotate=0.8, blur=0.6),
    "200dpi-colour-noisy": ScanStyle(dpi=200, colour=True, noise=0.5, rotate=-0.8, blur=0.6),
}
GOALS = {"300dpi-grey-clean": 0.02, "300dpi-colour-clean": 0.02}
NOISY_GOAL = 0.05
SPEED_GOAL = 0.5


def normalise(text: str) -> str:
    """NFC, whitespace collapsed to single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def distance(a: list[str] | str, b: list[str] | str) -> int:
    """Levenshtein distance, computed in a band that widens until the answer fits in it."""
    band = max(32, abs(len(a) - len(b)) + 8)
    while True:
        found = _banded(a, b, band)
        if found <= band:
            return found
        band *= 2


def _banded(a: list[str] | str, b: list[str] | str, band: int) -> int:
    n, m = len(a), len(b)
    big = n + m + 1
    previous = [j if j <= band else big for j in range(m + 1)]
    for i in range(1, n + 1):
        current = [big] * (m + 1)
        if i <= band:
            current[0] = i
        low, high = max(1, i - band), min(m, i + band)
        ai = a[i - 1]
        for j in range(low, high + 1):
            cost = 0 if ai == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        previous = current
    return previous[m]


@dataclass
class Measured:
    """One condition's figures."""

    condition: str
    pages: int
    seconds: float
    cpu_seconds: float
    cer: list[float]
    wer: list[float]
    confidence: float | None
    puid: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (rates as fractions, the mean and the worst page)."""
        return {
            "condition": self.condition,
            "pages": self.pages,
            "seconds": round(self.seconds, 2),
            "pages_per_s": round(self.pages / self.seconds, 3),
            "cpu_s_per_page": round(self.cpu_seconds / self.pages, 2),
            "cer": round(statistics.fmean(self.cer), 4),
            "cer_worst_page": round(max(self.cer), 4),
            "wer": round(statistics.fmean(self.wer), 4),
            "wer_worst_page": round(max(self.wer), 4),
            "mean_confidence": self.confidence,
            "puid": self.puid,
        }


def measure(name: str, style: ScanStyle, texts: list[str], jobs: int, folder: Path) -> Measured:
    """Render ``texts`` as ``style`` scans them, OCR them as one document, compare."""
    images = [page_image(text, style, seed=i) for i, text in enumerate(texts)]
    source = folder / f"{name}.pdf"
    source.write_bytes(scanned_pdf(images, style.dpi))
    started, cpu = time.perf_counter(), _cpu()
    made = make_rendition(source, folder / f"{name}.ocr.pdf", languages=("vie",), jobs=jobs)
    seconds, cpu_seconds = time.perf_counter() - started, _cpu() - cpu
    read = [page.extract_text() or "" for page in PdfReader(made.path).pages]
    cer, wer = [], []
    for truth, got in zip(texts, read, strict=True):
        truth, got = normalise(truth), normalise(got)
        cer.append(distance(truth, got) / len(truth))
        words = truth.split()
        wer.append(distance(words, got.split()) / len(words))
    return Measured(name, len(texts), seconds, cpu_seconds, cer, wer, made.confidence, made.puid)


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Tesseract, Ghostscript)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=6, help="pages per condition")
    parser.add_argument("--jobs", type=int, default=2, help="pages read at once")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--conditions", nargs="*", default=list(CONDITIONS))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    texts = law_page_texts(args.pages, seed=args.seed)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.conditions:
            results.append(measure(name, CONDITIONS[name], texts, args.jobs, Path(tmp)))
    rows = [r.as_dict() for r in results]
    pages = sum(r.pages for r in results)
    seconds = sum(r.seconds for r in results)
    cpu = sum(r.cpu_seconds for r in results)
    summary = {
        "tools": tool_versions(),
        "pages_per_condition": args.pages,
        "jobs": args.jobs,
        "conditions": rows,
        "pages_per_s": round(pages / seconds, 3),
        "cpu_s_per_page": round(cpu / pages, 2),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "goals": {
            "cer_300dpi_clean": "<= 0.02",
            "cer_200dpi_noisy": "<= 0.05",
            "pages_per_s": f">= {SPEED_GOAL}",
        },
    }
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    print(f"tools: {summary['tools']}; {args.pages} pages per condition, jobs {args.jobs}")
    print(
        f"{'condition':<22} {'CER':>7} {'worst':>7} {'WER':>7} {'worst':>7} {'conf':>5} "
        "pages/s  CPU s/page"
    )
    for row in rows:
        print(
            f"{row['condition']:<22} {row['cer']:>7.2%} {row['cer_worst_page']:>7.2%} "
            f"{row['wer']:>7.2%} {row['wer_worst_page']:>7.2%} {row['mean_confidence']!s:>5} "
            f"{row['pages_per_s']:>7.2f}  {row['cpu_s_per_page']:>10.2f}"
        )
    print(
        f"overall: {summary['pages_per_s']} pages/s, {summary['cpu_s_per_page']} CPU s/page "
        f"(load average {summary['load_average_1min']} on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
