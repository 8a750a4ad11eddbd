"""The table of a form, drawn line by line: fpdf2's own ``table()`` re-measures every cell
character by character (about 70 ms a row of eight cells on the reference machine), so a
destruction of a thousand dossiers took a minute to render. Here each word is measured once
(``get_string_width``), lines are broken at spaces (inside a word only when it is wider than
its cell), and each line is written with ``text()``; the header row is repeated on every
page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from fpdf import FPDF

__all__ = ["draw_table", "wrap"]

_PAD: Final = 1.0
_HEAD_FILL: Final = (235, 235, 235)


def _split_word(pdf: FPDF, word: str, width: float) -> list[str]:
    """A word wider than ``width`` cut into pieces that fit (at least one character each)."""
    pieces: list[str] = []
    while word and pdf.get_string_width(word) > width:
        cut = 1
        while cut < len(word) and pdf.get_string_width(word[: cut + 1]) <= width:
            cut += 1
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word] if word else pieces


def wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` in the current font."""
    lines: list[str] = []
    space = pdf.get_string_width(" ")
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split():
            size = pdf.get_string_width(word)
            if line and used + space + size <= width:
                line, used = f"{line} {word}", used + space + size
                continue
            if line:
                lines.append(line)
            pieces = _split_word(pdf, word, width) if size > width else [word]
            lines.extend(pieces[:-1])
            line, used = pieces[-1], pdf.get_string_width(pieces[-1])
        lines.append(line)
    return lines


def _row(pdf: FPDF, cells: Sequence[str], widths: Sequence[float]) -> list[list[str]]:
    return [wrap(pdf, cell, w - 2 * _PAD) for cell, w in zip(cells, widths, strict=True)]


def _draw(
    pdf: FPDF,
    wrapped: list[list[str]],
    widths: Sequence[float],
    line_height: float,
    fill: bool,
) -> None:
    height = max(len(lines) for lines in wrapped) * line_height + 2 * _PAD
    x, y = pdf.l_margin, pdf.get_y()
    if fill:
        pdf.set_fill_color(*_HEAD_FILL)
    for lines, width in zip(wrapped, widths, strict=True):
        pdf.rect(x, y, width, height, style="DF" if fill else "D")
        for n, line in enumerate(lines):
            if line:
                # text() places the baseline: one line's height down, less the descent.
                pdf.text(x + _PAD, y + _PAD + (n + 0.78) * line_height, line)
        x += width
    pdf.set_y(y + height)


def draw_table(
    pdf: FPDF,
    head: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    line_height: float,
) -> None:
    """The table at the current position: ``head`` filled grey and repeated on each page."""
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)
    header = _row(pdf, head, widths)
    header_height = max(len(lines) for lines in header) * line_height + 2 * _PAD
    _draw(pdf, header, widths, line_height, True)
    for cells in rows:
        wrapped = _row(pdf, cells, widths)
        height = max(len(lines) for lines in wrapped) * line_height + 2 * _PAD
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            if pdf.get_y() + header_height + height <= pdf.page_break_trigger:
                _draw(pdf, header, widths, line_height, True)
        _draw(pdf, wrapped, widths, line_height, False)
