"""axe-core (vendored, tests/fixtures/axe-core) inside the same Chromium, on every page at every
width and, at 1280 px, in English too: no serious or critical violation of WCAG 2.x A/AA
rules or axe's best practices (contrast, labels, landmarks, the page's language, names of
links and buttons, focusable scrolling boxes …). axe is read from the repository and run in
the page through the DevTools protocol: no network, and the site's CSP stays on."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import PAGES, WIDTHS, open_page
from tests.support.fixtures import fixture_dir

FAILING = ("serious", "critical")
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
}"""


@cache
def _axe() -> str:
    return (fixture_dir("axe-core") / "axe.min.js").read_text(encoding="utf-8")


def _violations(page: Page) -> list[dict[str, Any]]:
    page.evaluate(_axe())
    assert page.evaluate("axe.version") == "4.10.3"
    found: list[dict[str, Any]] = page.evaluate(RUN)
    return found


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_violation(
    browser: Browser, live_server: str, auditor_state: Any, name: str, width: int
) -> None:
    with open_page(browser, live_server, auditor_state, name, width) as page:
        assert page.evaluate("document.documentElement.lang") == "vi"
        bad = [v for v in _violations(page) if v["impact"] in FAILING]
        assert bad == [], (name, width)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_violation_in_english(
    browser: Browser, live_server: str, auditor_state: Any, name: str
) -> None:
    with open_page(browser, live_server, auditor_state, name, 1280, lang="en") as page:
        assert page.evaluate("document.documentElement.lang") == "en"
        bad = [v for v in _violations(page) if v["impact"] in FAILING]
        assert bad == [], name


def test_axe_finds_what_it_must(browser: Browser, live_server: str, auditor_state: Any) -> None:
    """The check fails on a page with faults: an unlabelled field, faint text, no language."""
    with open_page(browser, live_server, auditor_state, "login", 390) as page:
        page.evaluate(
            """() => {
              document.documentElement.removeAttribute('lang');
              document.querySelector('label[for=login-name]').remove();
              document.querySelector('footer').style.color = '#c8c8c8';
            }"""
        )
        found = {v["id"]: v["impact"] for v in _violations(page)}
        assert found.get("label") == "critical"
        assert found.get("html-has-lang") == "serious"
        assert found.get("color-contrast") == "serious"
