"""Digitized documents (``confidenceLevel`` 02) against the scan standard of the law.

NĐ 30/2020 Phụ lục I Phần II I.2 (copies to electronic form): PDF 1.4 or later, colour, at
least 200 dpi; TT 05/2025 Điều 8 (digitization): colour as the original, at least 24-bit, 200 dpi
for administrative documents (docs/domain.md §2.2, §4.2). A document counts as digitized when
its EAD_doc says ``02``, or says nothing and its dossier says ``02``.

Each page's content stream is read (nothing is rendered or executed) and every image drawn on it
is measured: its pixels over the size it is drawn at, from the transformation matrix in force, give
the effective resolution. Findings: DIG001 not a PDF (always an error); DIG002 PDF older than
1.4, DIG003 no image at all (a born-digital file labelled as a scan, or unreadable), DIG004 an
image in grey or black and white (or under 24 bits), DIG005 an image under 200 dpi. DIG002-DIG005
are warnings unless ``digitized_policy = "refuse"``.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

from archive.config import Settings
from archive.findings import Finding, Severity

__all__ = ["MIN_DPI", "ScanQuality", "digitized_findings", "inspect_scan"]

logging.getLogger("pypdf").addHandler(logging.NullHandler())

MIN_DPI: Final = 200
_MAX_PAGES: Final = 5_000
_MAX_FORM_DEPTH: Final = 8
_VERSION = re.compile(rb"%PDF-(\d+)\.(\d+)")
_COLOUR_SPACES: Final = frozenset({"/DeviceRGB", "/DeviceCMYK", "/CalRGB", "/Lab", "/RGB", "/CMYK"})
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Final[Matrix] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass
class ScanQuality:
    """What a PDF's images say about the scan: counts, lowest resolution and where it is."""

    version: tuple[int, int] | None = None
    images: int = 0
    not_colour: int = 0
    min_dpi: float | None = None
    min_dpi_page: int = 0
    unreadable: str | None = None


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m × n, PDF's row-vector convention (``cm`` gives CTM' = m × CTM)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t,
            e * q + f * s + u)  # fmt: skip


def _is_colour(space: Any, bits: Any) -> bool:
    """24-bit colour or better: three or four components of at least 8 bits, not a palette."""
    if isinstance(bits, int) and bits < 8:
        return False
    if isinstance(space, ArrayObject) and space:
        kind = str(space[0])
        if kind == "/ICCBased":
            stream = space[1].get_object()
            return int(stream.get("/N", 0)) >= 3
        return kind in _COLOUR_SPACES  # /Indexed, /Separation, /DeviceN: not 24-bit colour
    return space is None or str(space) in _COLOUR_SPACES  # no space: JPX carries its own


def _resolved(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


class _Pages:
    def __init__(self) -> None:
        self.found = ScanQuality()

    def image(self, width: Any, height: Any, colour: bool, ctm: Matrix, page: int) -> None:
        self.found.images += 1
        self.found.not_colour += not colour
        shown_w, shown_h = math.hypot(ctm[0], ctm[1]), math.hypot(ctm[2], ctm[3])
        if not shown_w or not shown_h:
            return
        dpi = min(float(width) * 72 / shown_w, float(height) * 72 / shown_h)
        if self.found.min_dpi is None or dpi < self.found.min_dpi:
            self.found.min_dpi, self.found.min_dpi_page = dpi, page

    def stream(
        self,
        content: Any,
        resources: Any,
        reader: PdfReader,
        page: int,
        depth: int,
        ctm: Matrix = _IDENTITY,
    ) -> None:
        stack: list[Matrix] = []
        resources = _resolved(resources)
        xobjects = _resolved(resources.get("/XObject")) if isinstance(resources, dict) else None
        for operands, operator in ContentStream(content, reader).operations:
            if operator == b"q":
                stack.append(ctm)
            elif operator == b"Q" and stack:
                ctm = stack.pop()
            elif operator == b"cm" and len(operands) == 6:
                ctm = _times(tuple(float(x) for x in operands), ctm)  # type: ignore[arg-type]
            elif operator == b"INLINE IMAGE":
                head = operands.get("settings", {})
                space = head.get("/CS", head.get("/ColorSpace"))
                colour = _is_colour(space, head.get("/BPC", head.get("/BitsPerComponent")))
                self.image(head.get("/W", 0), head.get("/H", 0), colour, ctm, page)
            elif operator == b"Do" and isinstance(xobjects, DictionaryObject):
                target = xobjects.get(operands[0])
                if target is not None:
                    self.xobject(target.get_object(), ctm, reader, page, depth)

    def xobject(self, obj: Any, ctm: Matrix, reader: PdfReader, page: int, depth: int) -> None:
        if obj.get("/Subtype") == "/Image":
            mask = bool(obj.get("/ImageMask", False))
            space = _resolved(obj.get("/ColorSpace"))
            colour = not mask and _is_colour(space, obj.get("/BitsPerComponent"))
            self.image(obj.get("/Width", 0), obj.get("/Height", 0), colour, ctm, page)
        elif obj.get("/Subtype") == "/Form" and depth < _MAX_FORM_DEPTH:
            matrix = obj.get("/Matrix")
            inner = ctm if matrix is None else _times(tuple(float(x) for x in matrix), ctm)  # type: ignore[arg-type]
            self.stream(obj, obj.get("/Resources"), reader, page, depth + 1, inner)


def inspect_scan(path: Path) -> ScanQuality:
    """Measure the images of the PDF at ``path``; never raises for a bad file."""
    pages = _Pages()
    with path.open("rb") as fh:
        head = _VERSION.search(fh.read(1024))
    if head:
        pages.found.version = (int(head.group(1)), int(head.group(2)))
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            pages.found.unreadable = "encrypted / mã hóa"
            return pages.found
        for number, page in enumerate(reader.pages, start=1):
            if number > _MAX_PAGES:
                break
            contents = page.get_contents()
            if contents is not None:
                pages.stream(contents, page.get("/Resources"), reader, number, 0)
    # A hostile or broken file can make the parser fail in any way: a finding, not a crash.
    except Exception as exc:
        pages.found.unreadable = f"{type(exc).__name__}: {exc}"[:300]
    return pages.found


def _quality_findings(name: str, found: ScanQuality) -> Iterable[Finding]:
    if found.version is not None and found.version < (1, 4):
        yield Finding.make(
            "DIG002", name, value=name, detail=f"{found.version[0]}.{found.version[1]}"
        )
    if found.unreadable is not None:
        yield Finding.make("DIG003", name, value=name, detail=found.unreadable)
        return
    if not found.images:
        yield Finding.make("DIG003", name, value=name, detail="0 ảnh / 0 images")
        return
    if found.not_colour:
        detail = f"{found.not_colour}/{found.images} ảnh xám, đen trắng / grey or bilevel images"
        yield Finding.make("DIG004", name, value=name, detail=detail)
    if found.min_dpi is not None and round(found.min_dpi) < MIN_DPI:
        detail = f"{round(found.min_dpi)} dpi (trang/page {found.min_dpi_page})"
        yield Finding.make("DIG005", name, value=name, detail=detail)


def digitized_findings(files: Iterable[tuple[str, Path]], settings: Settings) -> list[Finding]:
    """Findings for the files of the digitized documents, as (package path, staged file)."""
    out: list[Finding] = []
    severity: Severity = "error" if settings.digitized_policy == "refuse" else "warning"
    for rel, path in files:
        with path.open("rb") as fh:
            if b"%PDF-" not in fh.read(1024):
                out.append(Finding.make("DIG001", rel, value=rel))
                continue
        out += [replace(f, severity=severity) for f in _quality_findings(rel, inspect_scan(path))]
    return out
