"""Every page at a phone's, a tablet's and a laptop's width (390, 768, 1280 px) in Chromium:
nothing wider than the screen (no sideways scrolling of the page; wide tables scroll inside
their own box), and on a phone the search results come before the filters with the search
button in full view.

With ``ARCHIVE_SCREENSHOT_DIR`` set, each check also saves ``<page>-<width>.png`` (the first
screen, device scale 1, 64 colours) there; ``docs/screenshots/`` is refreshed with
``ARCHIVE_SCREENSHOT_DIR=docs/screenshots .venv/bin/pytest tests/browser/test_layout.py``.
Without it nothing is written.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, FloatRect, Page, expect

from tests.browser.conftest import PAGES, WIDTHS, open_page

# Every element of the page whose box reaches past the viewport, unless a scrolling box (an
# ancestor whose overflow is not visible) that itself fits holds it; and the page's own width.
OVERFLOW = """() => {
  const width = Math.min(window.innerWidth, document.documentElement.clientWidth);
  const found = [];
  const page = document.documentElement.scrollWidth;
  if (page > width) found.push(`the page is ${page} px wide in a ${width} px viewport`);
  const describe = (el) => {
    const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + classes.filter(Boolean).map((c) => '.' + c).join('');
  };
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right <= width + 0.5 && box.left >= -0.5) continue;
    let held = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') {
        const outer = up.getBoundingClientRect();
        held = outer.right <= width + 0.5 && outer.left >= -0.5;
        break;
      }
    }
    const span = `${Math.round(box.left)}–${Math.round(box.right)} px`;
    if (!held) found.push(`${describe(el)} spans ${span}`);
  }
  return found.slice(0, 20);
}"""


def _screenshot(page: Page, name: str, width: int) -> None:
    """The first screen of the page, as a PNG of 64 colours (a third of the size, text as
    sharp: the pages have few colours)."""
    folder = os.environ.get("ARCHIVE_SCREENSHOT_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    shot = Image.open(io.BytesIO(page.screenshot(full_page=False))).convert("RGB")
    small = shot.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(Path(folder) / f"{name}-{width}.png", optimize=True)


def _box(page: Page, selector: str) -> FloatRect:
    """Where the element ``selector`` is drawn (it must be)."""
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGES))
def test_nothing_overflows_the_screen(
    browser: Browser, live_server: str, auditor_state: Any, name: str, width: int
) -> None:
    with open_page(browser, live_server, auditor_state, name, width) as page:
        assert page.evaluate("window.innerWidth") == width
        assert page.evaluate(OVERFLOW) == [], (name, width)
        _screenshot(page, name, width)


def test_the_checker_sees_an_overflow(
    browser: Browser, live_server: str, auditor_state: Any
) -> None:
    """The check above fails when something is too wide: a long digest that may not wrap,
    and a table outside any scrolling box."""
    with open_page(browser, live_server, auditor_state, "document", 390) as page:
        # (The site's CSP refuses a style sheet injected inline; the CSSOM is not refused.)
        page.evaluate(
            "() => { const s = document.querySelector('.digest').style;"
            " s.overflowWrap = 'normal'; s.wordBreak = 'normal'; }"
        )
        found = page.evaluate(OVERFLOW)
        assert any("code.digest" in item for item in found), found
        assert any("the page is" in item for item in found), found
    with open_page(browser, live_server, auditor_state, "audit", 390) as page:
        assert page.evaluate(OVERFLOW) == []
        page.evaluate("() => { document.querySelector('.scroll').style.overflowX = 'visible'; }")
        assert any("table.list.audit" in item for item in page.evaluate(OVERFLOW))


def test_on_a_phone_results_come_before_the_filters(
    browser: Browser, live_server: str, auditor_state: Any
) -> None:
    with open_page(browser, live_server, auditor_state, "search", 390) as page:
        results, filters = _box(page, "section.results"), _box(page, "aside.facets")
        assert results["y"] + results["height"] <= filters["y"]  # all the results, then filters
        button = page.get_by_role("button", name="Tìm")
        expect(button).to_be_in_viewport(ratio=1.0)
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        expect(page.get_by_role("searchbox")).to_be_in_viewport(ratio=1.0)
        expect(page.locator("a.to-filters")).to_be_visible()  # a way down to the filters
        page.locator("a.to-filters").click()
        expect(page.locator("#filters-heading")).to_be_in_viewport()


def test_on_a_wide_screen_the_filters_are_beside_the_results(
    browser: Browser, live_server: str, auditor_state: Any
) -> None:
    with open_page(browser, live_server, auditor_state, "search", 1280) as page:
        results, filters = _box(page, "section.results"), _box(page, "aside.facets")
        assert filters["x"] + filters["width"] <= results["x"]  # filters on the left
        assert abs(filters["y"] - results["y"]) < 2  # side by side
        expect(page.locator("a.to-filters")).to_be_hidden()


def test_long_codes_wrap_inside_the_document_page(
    browser: Browser, live_server: str, auditor_state: Any
) -> None:
    with open_page(browser, live_server, auditor_state, "document", 390) as page:
        box = _box(page, "code.digest")
        assert box["x"] + box["width"] <= 390
        line = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('code.digest')).lineHeight)"
        )
        assert box["height"] > 1.5 * line  # 64 hex digits do not fit one line at 390 px
