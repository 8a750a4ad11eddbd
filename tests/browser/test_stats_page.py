"""The statistics page in a real browser (docs/statistics.md): the archivist reaches it from
the navigation, groups the holdings by access mode, and the three SVG charts are drawn, named
for a screen reader, one bar per group of the table beside the chart; no script runs."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.web.conftest import PASSWORD


def test_the_archivist_sees_the_charts(browser: Browser, live_server: str) -> None:
    context = browser.new_context(locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Tên đăng nhập").fill("archivist")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Thống kê").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thống kê tài liệu lưu trữ")
    page.get_by_label("Thống kê theo").select_option("mode")
    page.get_by_role("button", name="Xem").click()
    assert "by=mode" in page.url
    charts = page.locator("svg.chart")
    expect(charts).to_have_count(3)
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 50
    holdings = page.get_by_role("img", name="Văn bản — Chế độ sử dụng")
    expect(holdings).to_be_visible()
    rows = page.locator("#table-holdings tbody tr")
    bars = holdings.locator("rect")
    expect(bars).to_have_count(rows.count())
    assert rows.count() >= 2  # the demo home holds 01, 02 and 03 documents
    expect(page.locator("#table-holdings tbody")).to_contain_text("Công khai")
    heights = [float(bars.nth(i).get_attribute("height") or 0) for i in range(bars.count())]
    assert max(heights) > 0
    context.close()
