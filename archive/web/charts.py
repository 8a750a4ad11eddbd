"""Charts as inline SVG, drawn on the server (docs/statistics.md): no script, nothing to load,
readable by a screen reader (a ``<title>`` and a ``<desc>`` name each chart, and the page puts
the numbers in a table beside it) and printable.

Only numbers the caller passes and text escaped here go into the SVG; the colours are
presentation attributes, which the page's Content-Security-Policy allows (no inline style).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final
from xml.sax.saxutils import escape

from markupsafe import Markup

__all__ = ["MAX_BARS", "bar_chart", "line_chart"]

MAX_BARS: Final = 40
"""Most bars drawn; the table beside the chart lists every group."""
WIDTH: Final = 720
HEIGHT: Final = 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 64
COLOURS: Final = ("#1f5f99", "#c0392b", "#2e8b57", "#8e44ad")


def _frame(ident: str, title: str, desc: str, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704  (every text escaped above)


def _axis(top: int) -> list[str]:
    """The axes and the scale's top value at the left."""
    bottom, right = HEIGHT - BOTTOM, WIDTH - RIGHT
    return [
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#555"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 10}" text-anchor="end" font-size="11">{top}</text>',
        f'<text x="{LEFT - 4}" y="{bottom}" text-anchor="end" font-size="11">0</text>',
    ]


def _label(x: float, text: str) -> str:
    y = HEIGHT - BOTTOM + 14
    short = text if len(text) <= 14 else text[:13] + "…"
    return (
        f'<text x="{x:.1f}" y="{y}" font-size="10" text-anchor="end" '
        f'transform="rotate(-35 {x:.1f} {y})">{escape(short)}</text>'
    )


def bar_chart(
    ident: str, title: str, desc: str, labels: Sequence[str], values: Sequence[int]
) -> Markup:
    """One bar per value (the first :data:`MAX_BARS`), labelled below."""
    labels, values = list(labels)[:MAX_BARS], list(values)[:MAX_BARS]
    top = max(values, default=0) or 1
    span = (WIDTH - LEFT - RIGHT) / max(len(values), 1)
    height = HEIGHT - TOP - BOTTOM
    body = _axis(top)
    for i, (name, value) in enumerate(zip(labels, values, strict=True)):
        h = height * value / top
        x = LEFT + i * span + span * 0.15
        body.append(
            f'<rect x="{x:.1f}" y="{HEIGHT - BOTTOM - h:.1f}" width="{span * 0.7:.1f}" '
            f'height="{h:.1f}" fill="{COLOURS[0]}"><title>{escape(name)}: {value}</title></rect>'
        )
        body.append(_label(x + span * 0.35, name))
    return _frame(ident, title, desc, body)


def line_chart(
    ident: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
) -> Markup:
    """One line per series over the same labels (months), with a legend."""
    top = max((v for _, values in series for v in values), default=0) or 1
    count = max(len(labels), 1)
    step = (WIDTH - LEFT - RIGHT) / max(count - 1, 1)
    height = HEIGHT - TOP - BOTTOM
    body = _axis(top)
    for i, name in enumerate(labels):
        body.append(_label(LEFT + i * step, name))
    for n, (name, values) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(
            f"{LEFT + i * step:.1f},{HEIGHT - BOTTOM - height * v / top:.1f}"
            for i, v in enumerate(values)
        )
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2">'
            f"<title>{escape(name)}</title></polyline>"
        )
        legend_x = LEFT + 8 + n * 150
        body.append(
            f'<rect x="{legend_x}" y="{TOP}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{legend_x + 14}" y="{TOP + 9}" font-size="11">{escape(name)}</text>'
        )
    return _frame(ident, title, desc, body)
