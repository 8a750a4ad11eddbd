"""Scanned pages built by code: Vietnamese administrative text (the laws of
tests/fixtures/vietnamese-laws) rendered as page images, grey or colour, at a given resolution,
with seeded noise, a slight rotation and blur, saved as image-only PDFs (no text layer).

What the OCR tests and ``bench/ocr.py`` read. Everything is seeded: the same arguments give the
same bytes, and nothing depends on the date.
"""

from __future__ import annotations

import io
import random
import textwrap
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from fpdf import FPDF
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from tests.support.fixtures import fixture_dir

__all__ = ["ScanStyle", "law_page_texts", "page_image", "scanned_pdf"]

CREATED: Final = datetime(2024, 3, 15, 9, 0, tzinfo=UTC)
FONT: Final = Path(__file__).resolve().parents[2] / "archive/demo/fonts/DejaVuSans.ttf"
A4_INCHES: Final = (8.27, 11.69)
MARGIN_INCHES: Final = 0.9
POINTS: Final = 12
LINE_SPACING: Final = 1.5
CHARS_PER_LINE: Final = 64


@dataclass(frozen=True)
class ScanStyle:
    """How a page is scanned: resolution, colour, noise (0–1), rotation (degrees), blur (px)."""

    dpi: int = 300
    colour: bool = False
    noise: float = 0.0
    rotate: float = 0.0
    blur: float = 0.0

    @property
    def name(self) -> str:
        """A short label, e.g. ``300dpi-grey-clean``."""
        kind = "colour" if self.colour else "grey"
        state = "noisy" if (self.noise or self.rotate or self.blur) else "clean"
        return f"{self.dpi}dpi-{kind}-{state}"


def law_page_texts(pages: int, seed: int = 18) -> list[str]:
    """``pages`` page texts (NFC, lines of at most ``CHARS_PER_LINE``), each from a law of the
    fixtures picked with ``seed``, starting at a paragraph."""
    rng = random.Random(seed)
    laws = sorted((fixture_dir("vietnamese-laws") / "corpus").glob("*.txt"))
    lines_per_page = _lines_per_page()
    out = []
    for _ in range(pages):
        text = unicodedata.normalize("NFC", rng.choice(laws).read_text(encoding="utf-8"))
        paragraphs = [p.strip() for p in text.splitlines() if len(p.strip()) > 3]
        start = rng.randrange(max(1, len(paragraphs) - 60))
        lines: list[str] = []
        for para in paragraphs[start:]:
            lines.extend(textwrap.wrap(para.replace("\t", " "), CHARS_PER_LINE))
            if len(lines) >= lines_per_page:
                break
        out.append("\n".join(lines[:lines_per_page]))
    return out


def _lines_per_page() -> int:
    usable = (A4_INCHES[1] - 2 * MARGIN_INCHES) * 72
    return int(usable // (POINTS * LINE_SPACING))


def page_image(text: str, style: ScanStyle, seed: int = 0) -> Image.Image:
    """One A4 page of ``text`` as ``style`` scans it."""
    width, height = (round(side * style.dpi) for side in A4_INCHES)
    paper, ink = ((246, 241, 226), (25, 25, 60)) if style.colour else (255, 0)
    image = Image.new("RGB" if style.colour else "L", (width, height), paper)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), round(POINTS * style.dpi / 72))
    step = round(POINTS * LINE_SPACING * style.dpi / 72)
    x = y = round(MARGIN_INCHES * style.dpi)
    for line in text.splitlines():
        draw.text((x, y), line, font=font, fill=ink)
        y += step
    if style.rotate:
        image = image.rotate(
            style.rotate, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=paper
        )
    if style.blur:
        image = image.filter(ImageFilter.GaussianBlur(style.blur))
    if style.noise:
        image = _noisy(image, style.noise, random.Random(seed))
    return image


def _noisy(image: Image.Image, amount: float, rng: random.Random) -> Image.Image:
    """Grain (up to ``amount`` × 96 levels either way) and dust specks (1 pixel in 256 at most)."""
    size = image.size
    levels = round(96 * amount)
    specks = round(256 * 0.004 * amount)

    def field() -> Image.Image:
        return Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))

    darker = field().point(lambda v: v * levels // 255)
    lighter = field().point(lambda v: v * levels // 255)
    dust = field().point(lambda v: 0 if v < specks else 255)
    if image.mode == "RGB":
        darker, lighter, dust = (Image.merge("RGB", (f, f, f)) for f in (darker, lighter, dust))
    image = ImageChops.add(ImageChops.subtract(image, darker), lighter)
    return ImageChops.darker(image, dust)


def scanned_pdf(images: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF of ``images`` (JPEG, as scanners write them), one A4 page each, with
    a fixed creation date (same images, same bytes)."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creation_date(CREATED)
    pdf.set_producer("tests/support/scans.py")
    for image in images:
        jpeg = io.BytesIO()
        image.save(jpeg, format="JPEG", quality=90, dpi=(dpi, dpi))
        pdf.add_page()
        pdf.image(jpeg, x=0, y=0, w=pdf.w, h=pdf.h)
    return bytes(pdf.output())
